//! Search: Bekwaam's own chunked index, loaded on demand as script files.
//!
//! What is indexed ([`documents`]): each competency's introduction, each
//! example, each tip, each behaviour indicator and each reflection question
//! as a result of its own with its anchor, and every other page cut at its
//! level-2 headings. Each result knows its kind and
//! its competency.
//!
//! The index ([`files`], made by [`crate::build`] beside the pages) is written
//! below `zoek/` (`search/` in English):
//!
//! - `index.js`, the small manifest: the term chunks with the first surface
//!   form of each, the competencies, the stop words, and the hashes of the
//!   fragment buckets;
//! - `t/<n>.<hash>.js`, term chunks of about 50 KB: surface forms in sorted
//!   order, each mapped to a stem, with the postings of those stems;
//! - `p/<page>.<hash>.js`, one fragment per page: titles, anchors and plain
//!   text of its results, for the result list and its snippets.
//!
//! Every file is a script that hands its data to `window.bekwaamSearch`
//! (only `<script src>` loads from `file://`). Chunk and fragment names carry
//! a content hash, so a share that is redeployed while someone searches
//! never mixes old and new files. The format is documented in
//! `docs/zoekindex.md`.
//!
//! The rooms of the search, in the order data flows:
//!
//! - `document.rs`: what one result is, cut from the site ([`documents`]);
//! - [`analyse`]: from text to surface forms and stems, per language;
//! - `builder.rs`: the index of one build as an `IndexBuilder` with named
//!   steps, and step 1, the analysis of every document into its terms, with
//!   the scratch space it owns;
//! - `score.rs`: step 2, the postings of each stem, scored (BM25F) and cut;
//! - `write.rs`: step 3, the term chunks, fragments and manifest.
//!
//! This module owns the entry points ([`Input`], [`files`]) and the
//! constants the steps share. Invariants: [`files`] keeps no state between
//! builds (every cache belongs to one build's builder and is dropped with
//! it), so the same input always gives the same bytes, whatever was built
//! before on the same threads; and a cancelled build returns no files.

pub(crate) mod analyse;
mod builder;
mod compound;
mod document;
mod score;
mod write;

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::content::Site;
use crate::output::Output;
use builder::IndexBuilder;
pub(crate) use document::{Document, documents};

/// Version of the index format, in the manifest.
pub(crate) const FORMAT: u32 = 3;
/// A term chunk is closed once it is about this large.
const CHUNK_BYTES: usize = 50 * 1024;
/// At most this many postings are kept per stem (the best-scoring ones).
const MAX_POSTINGS: usize = 400;
/// Fragments are hashed in buckets of this many pages (one hash each in the
/// manifest).
const BUCKET: usize = 64;
/// Results of one page: slots 0..SLOTS.
const SLOTS: u32 = 256;
/// The plain text kept per result for snippets, in bytes. The snippet is
/// cut around the first matched word, so the text must reach it: this keeps
/// the whole text of nearly every example, tip and section (the longest of
/// the sample is 2.1 KB, of the 10,005-page corpus 4.0 KB), and keeps one
/// huge section from making a fragment huge.
const SNIPPET_TEXT: usize = 4 * 1024;
/// A word in a title counts this many times as much as one in the text.
const TITLE_WEIGHT: f64 = 8.0;

/// Everything the index is made from, borrowed from the site; the preview
/// makes it owned ([`Input::into_owned`]) to build the index on a thread of
/// its own while the site goes on changing.
pub(crate) struct Input<'a> {
    /// The language code as written in `config.toml`, for the manifest.
    language: String,
    /// The language, for the analyser.
    lang: crate::config::Language,
    documents: Vec<Document<'a>>,
    /// (path, title) of each page.
    pages: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Each competency, in framework order.
    competencies: Vec<Competency>,
}

/// A competency as the manifest names it: its page and how many results of
/// each kind it has, which tells the browser the kind of every slot.
#[derive(Clone, Debug)]
struct Competency {
    page: usize,
    title: String,
    examples: usize,
    tips: usize,
    /// Behaviour indicators: those of the behaviour list and of the levels.
    indicators: usize,
    questions: usize,
}

impl Input<'_> {
    /// What the index of `site` is made from.
    pub(crate) fn of(site: &Site) -> Input<'_> {
        Input {
            language: site.config.language.clone(),
            lang: site.config.lang,
            documents: documents(site),
            pages: site
                .pages
                .iter()
                .map(|p| {
                    (
                        Cow::Borrowed(p.path.as_str()),
                        Cow::Borrowed(p.front.title.as_str()),
                    )
                })
                .collect(),
            competencies: site
                .competencies
                .iter()
                .map(|&i| {
                    let r = &site.pages[i].rendered;
                    Competency {
                        page: i,
                        title: site.pages[i].front.title.clone(),
                        examples: r.examples.len(),
                        tips: r.tips.len(),
                        indicators: r.behaviour.items.len() + r.levels.indicators().count(),
                        questions: r.reflection.items.len(),
                    }
                })
                .collect(),
        }
    }

    /// The same input, owning its texts (the preview's index thread).
    #[cfg(feature = "serve")]
    pub(crate) fn into_owned(self) -> Input<'static> {
        Input {
            language: self.language,
            lang: self.lang,
            documents: self
                .documents
                .into_iter()
                .map(Document::into_owned)
                .collect(),
            pages: self
                .pages
                .into_iter()
                .map(|(p, t)| (Cow::Owned(p.into_owned()), Cow::Owned(t.into_owned())))
                .collect(),
            competencies: self.competencies,
        }
    }
}

/// The words of `text` as the index analyses them, for the tests of the
/// browser's port of the analyser: each surface form with its stem, or
/// `None` for a stop word. A language Bekwaam does not know is Dutch.
#[doc(hidden)]
pub fn analyse_for_tests(language: &str, text: &str) -> Vec<(String, Option<String>)> {
    let language =
        crate::config::Language::from_code(language).unwrap_or(crate::config::Language::Dutch);
    let mut analyser = analyse::Analyser::for_language(language);
    let mut forms = Vec::new();
    analyse::for_each_word(text, |form| forms.push(form.to_string()));
    forms
        .into_iter()
        .map(|form| {
            let stem = (!analyser.is_stop_word(&form)).then(|| analyser.stem(&form));
            (form, stem)
        })
        .collect()
}

/// The files of the index, with paths below `dir`; `None` if `cancel` was
/// set meanwhile (the preview: the site changed, a newer index follows).
pub(crate) fn files(input: &Input<'_>, dir: &str, cancel: &AtomicBool) -> Option<Output> {
    let output = IndexBuilder::new(input, dir)
        .documents(cancel)?
        .score()
        .write();
    (!cancel.load(Ordering::Relaxed)).then_some(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An input of one page per text, each page one document.
    fn input(language: &str, texts: &[&'static str]) -> Input<'static> {
        Input {
            language: language.to_string(),
            lang: crate::config::Language::from_code(language).unwrap(),
            documents: texts
                .iter()
                .enumerate()
                .map(|(page, text)| Document {
                    page,
                    slot: 0,
                    title: Cow::Owned(format!("Pagina {page}")),
                    titled: true,
                    anchor: None,
                    text: Cow::Borrowed(text),
                })
                .collect(),
            pages: (0..texts.len())
                .map(|page| {
                    (
                        Cow::Owned(format!("p{page}/")),
                        Cow::Owned(format!("Pagina {page}")),
                    )
                })
                .collect(),
            competencies: Vec::new(),
        }
    }

    const DUTCH: &[&str] = &[
        "De wijkwerker werkt samen met bewoners in de wijk.",
        "Bewoners vragen hulp; de collega's van het team helpen.",
        "Een gesprek met een mantelzorger over zijn zorgen.",
    ];

    #[test]
    fn a_build_leaves_nothing_behind_for_the_next() {
        let never = AtomicBool::new(false);
        let dutch = input("nl", DUTCH);
        let first = files(&dutch, "zoek/", &never);
        assert!(first.as_ref().is_some_and(|o| o.contains("zoek/index.js")));
        // Other words, another language and other stem ids on the same
        // threads in between.
        let english = input("en", &["Neighbours support each other", "werkt"]);
        assert!(files(&english, "search/", &never).is_some());
        assert_eq!(files(&dutch, "zoek/", &never), first);
    }

    #[test]
    fn the_index_is_the_same_on_one_thread_or_several() {
        let never = AtomicBool::new(false);
        let texts: Vec<&'static str> = DUTCH.iter().copied().cycle().take(300).collect();
        let many = input("nl", &texts);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map(|pool| pool.install(|| files(&many, "zoek/", &never)))
                .ok()
                .flatten()
        };
        let one = on(1);
        assert!(one.is_some());
        assert_eq!(on(3), one);
    }

    /// The keys and compound postings of the (single) term chunk of `output`:
    /// per key its ids as a surface form and as a stem, by the ids' documents.
    fn chunk(output: &Output) -> serde_json::Value {
        let (_, bytes) = output
            .entries()
            .find(|(path, _)| path.starts_with("zoek/t/0."))
            .unwrap();
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text
            .strip_prefix("bekwaamSearch.chunk(0,")
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    /// The document ids of a flat list of postings.
    fn ids(postings: &serde_json::Value) -> Vec<u64> {
        let mut id = 0;
        postings
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .chunks(2)
            .map(|pair| {
                id += pair[0].as_u64().unwrap();
                id
            })
            .collect()
    }

    #[test]
    fn a_part_of_a_compound_finds_it_in_a_list_of_its_own() {
        let never = AtomicBool::new(false);
        let texts = [
            "De mantelzorg valt zwaar.",
            "Zorg goed voor jezelf.",
            "Het buurthuis is open, de buurt komt er graag.",
            "Een huis met een tuin.",
        ];
        let output = files(&input("nl", &texts), "zoek/", &never).unwrap();
        let chunk = chunk(&output);
        let key = |name: &str| {
            chunk["f"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k[0] == name)
                .cloned()
                .unwrap_or_else(|| panic!("no key {name}"))
        };
        // `zorg` is a form and a stem; the page with only `mantelzorg` is in
        // its compound list, the page with the word itself in its own.
        let zorg = key("zorg");
        let stem = zorg[2].as_u64().unwrap().to_string();
        let doc = |page: u64| page * u64::from(SLOTS);
        assert_eq!(ids(&chunk["s"][stem.parse::<usize>().unwrap()]), [doc(1)]);
        assert_eq!(ids(&chunk["c"][&stem]), [doc(0)]);
        // Both parts of `buurthuis` find it: `huis` in its compound list,
        // `buurt` as a word on the same page (so not again).
        for (part, exact) in [("huis", vec![doc(3)]), ("buurt", vec![doc(2)])] {
            let stem = key(part)[1].as_u64().unwrap();
            assert_eq!(ids(&chunk["s"][stem as usize]), exact, "{part}");
            let compound = ids(&chunk["c"][stem.to_string()]);
            assert_eq!(compound, if part == "huis" { vec![doc(2)] } else { vec![] });
        }
        // A stem that is no word of the handbook is a key of its own.
        assert!(chunk["f"].as_array().unwrap().iter().any(|k| k[1] == -1));
    }

    #[test]
    fn a_cancelled_build_gives_no_files() {
        let cancel = AtomicBool::new(true);
        assert_eq!(files(&input("nl", DUTCH), "zoek/", &cancel), None);
    }
}
