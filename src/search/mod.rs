//! Search: Bekwaam's own chunked index, loaded on demand as script files.
//!
//! What is indexed ([`documents`]): each competency's introduction, each
//! example and each tip as a result of its own with its anchor, and every
//! other page cut at its level-2 headings. Each result knows its kind and
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

pub mod analyse;

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde_json::json;

use crate::content::{Page, PageKind, Site};
use crate::output::Output;
use analyse::Analyser;

/// Version of the index format, in the manifest.
pub const FORMAT: u32 = 1;
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

/// The folder of the index in the output for a site in `language`:
/// `zoek/`, or `search/` in English.
pub fn dir(language: &str) -> &'static str {
    let language = crate::config::Language::from_code(language).unwrap_or(crate::config::Language::Dutch);
    crate::layout::Layout::new(language, "").search
}

/// One result of the search, before analysis; its texts borrowed from the
/// site where they can be.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    /// Index of its page in the site's pages.
    pub page: usize,
    /// Its place on the page: `id = page * 256 + slot`. On a competency's
    /// page the slot also tells the kind: 0 the introduction, then the
    /// examples, then the tips; on other pages every slot is a section.
    pub slot: u32,
    /// Its title.
    pub title: Cow<'a, str>,
    /// The anchor on the page (`None`: the top of the page).
    pub anchor: Option<Cow<'a, str>>,
    /// Its text.
    pub text: Cow<'a, str>,
}

impl Document<'_> {
    fn into_owned(self) -> Document<'static> {
        Document {
            page: self.page,
            slot: self.slot,
            title: Cow::Owned(self.title.into_owned()),
            anchor: self.anchor.map(|a| Cow::Owned(a.into_owned())),
            text: Cow::Owned(self.text.into_owned()),
        }
    }
}

/// The results of a site, in page order.
pub fn documents(site: &Site) -> Vec<Document<'_>> {
    let mut documents = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        page_documents(index, page, &mut documents);
    }
    documents
}

fn page_documents<'a>(index: usize, page: &'a Page, out: &mut Vec<Document<'a>>) {
    let r = &page.rendered;
    let mut slot = 0u32;
    let mut push = |title: Cow<'a, str>, anchor: Option<&'a str>, text: Cow<'a, str>| {
        if slot < SLOTS {
            out.push(Document {
                page: index,
                slot,
                title,
                anchor: anchor.map(Cow::Borrowed),
                text,
            });
        } else if let Some(last) = out.last_mut() {
            // More results than slots: the rest counts for the last one.
            let last = last.text.to_mut();
            last.push(' ');
            last.push_str(&text);
        }
        slot += 1;
    };
    if page.kind == PageKind::Competency {
        // The introduction: the summary and the text before the examples.
        let stop = r.examples_heading.as_ref().or(r.tips_heading.as_ref());
        let mut text = page.front.summary.clone().unwrap_or_default();
        for section in &r.sections {
            if section.heading.is_some() && section.heading.as_ref() == stop {
                break;
            }
            if let Some(heading) = &section.heading {
                text.push(' ');
                text.push_str(&heading.text);
            }
            text.push(' ');
            text.push_str(&section.text);
        }
        push(
            Cow::Borrowed(&page.front.title),
            None,
            Cow::Owned(text.trim().to_string()),
        );
        for example in &r.examples {
            push(
                Cow::Borrowed(&example.title),
                Some(&example.id),
                Cow::Borrowed(&example.text),
            );
        }
        for tip in &r.tips {
            let title = if tip.title.is_empty() {
                Cow::Owned(first_words(&tip.text, 8))
            } else {
                Cow::Borrowed(tip.title.as_str())
            };
            push(title, Some(&tip.id), Cow::Borrowed(&tip.text));
        }
        return;
    }
    for section in &r.sections {
        match &section.heading {
            None => push(
                Cow::Borrowed(&page.front.title),
                None,
                Cow::Borrowed(&section.text),
            ),
            Some(heading) => push(
                Cow::Borrowed(&heading.text),
                Some(&heading.id),
                Cow::Borrowed(&section.text),
            ),
        }
    }
    if r.sections.is_empty() {
        push(Cow::Borrowed(&page.front.title), None, Cow::Borrowed(""));
    }
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{} …", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

/// A document after analysis: its field lengths, its terms by stem with their
/// frequencies in the title and in the text, and the surface forms this
/// analysis saw first (for the term chunks).
#[derive(Default)]
struct Analysed {
    title_length: u32,
    text_length: u32,
    terms: Vec<Term>,
    new_forms: Vec<(String, u32)>,
}

/// A stem of a document, with its counts in the title and in the text
/// (beyond 65,535 a count makes no difference to the score).
#[derive(Clone, Copy)]
struct Term {
    stem: u32,
    title: u16,
    text: u16,
}

/// Stems shared by the threads that analyse documents: one id per stem.
struct Stems {
    ids: HashMap<String, u32>,
    analyser: Analyser,
}

/// Numbers the builds, so a thread's map of forms is only used within one.
static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What a thread keeps between the documents it analyses, for one build.
#[derive(Default)]
struct Scratch {
    /// The build this belongs to (stem ids differ between builds).
    build: u64,
    /// Surface forms and their stem ids.
    forms: FxHashMap<String, u32>,
    /// Per stem id: its count in the title and in the text of the document
    /// at hand; zero again after each document.
    counts: Vec<(u32, u32)>,
    /// The stems of the document at hand, in the order first seen.
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Marks a stop word in a thread's cache of surface forms.
const STOP: u32 = u32::MAX;

/// Analyses a document: counts its stems per field. Forms the thread has
/// not seen are stemmed once under the shared lock.
fn analyse(
    document: &Document,
    scratch: &mut Scratch,
    stems: &std::sync::Mutex<Stems>,
) -> Analysed {
    let Scratch {
        forms,
        counts,
        touched,
        ..
    } = scratch;
    let mut lengths = [0u32; 2];
    let mut new_forms = Vec::new();
    for (field, text) in [&document.title, &document.text].into_iter().enumerate() {
        analyse::for_each_word(text, |form| {
            lengths[field] += 1;
            let stem = match forms.get(form) {
                Some(&stem) => stem,
                None => {
                    let mut shared = stems.lock().unwrap_or_else(|e| e.into_inner());
                    let stem = if shared.analyser.is_stop_word(form) {
                        STOP
                    } else {
                        let stem = shared.analyser.stem(form);
                        let next = shared.ids.len() as u32;
                        let id = *shared.ids.entry(stem).or_insert(next);
                        new_forms.push((form.to_string(), id));
                        id
                    };
                    forms.insert(form.to_string(), stem);
                    stem
                }
            };
            if stem == STOP {
                return;
            }
            let index = stem as usize;
            if index >= counts.len() {
                counts.resize(index + 1, (0, 0));
            }
            let count = &mut counts[index];
            if *count == (0, 0) {
                touched.push(stem);
            }
            if field == 0 {
                count.0 += 1;
            } else {
                count.1 += 1;
            }
        });
    }
    let terms = touched
        .drain(..)
        .map(|stem| {
            let (title, text) = std::mem::take(&mut counts[stem as usize]);
            let clamp = |count: u32| count.min(u32::from(u16::MAX)) as u16;
            Term {
                stem,
                title: clamp(title),
                text: clamp(text),
            }
        })
        .collect();
    Analysed {
        title_length: lengths[0],
        text_length: lengths[1],
        terms,
        new_forms,
    }
}

/// Everything the index is made from, borrowed from the site; the preview
/// makes it owned ([`Input::into_owned`]) to build the index on a thread of
/// its own while the site goes on changing.
pub struct Input<'a> {
    language: String,
    documents: Vec<Document<'a>>,
    /// (path, title) of each page.
    pages: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// (page, examples, tips, title) of each competency, in framework order.
    competencies: Vec<(usize, usize, usize, String)>,
}

impl Input<'_> {
    /// What the index of `site` is made from.
    pub fn of(site: &Site) -> Input<'_> {
        Input {
            language: site.config.language.clone(),
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
                    let p = &site.pages[i];
                    (
                        i,
                        p.rendered.examples.len(),
                        p.rendered.tips.len(),
                        p.front.title.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The same input, owning its texts.
    pub fn into_owned(self) -> Input<'static> {
        Input {
            language: self.language,
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

/// The files of the index, with paths below `dir`; `None` if `cancel` was
/// set meanwhile (the preview: the site changed, a newer index follows).
pub fn files(
    input: &Input<'_>,
    dir: &str,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<Output> {
    let cancelled = || cancel.load(std::sync::atomic::Ordering::Relaxed);
    let mut output = Output::new();
    let language = &input.language;
    let documents = &input.documents;
    let analyser = Analyser::for_language(language);
    let stop_words = analyser.stop_words();
    let stems = std::sync::Mutex::new(Stems {
        ids: HashMap::new(),
        analyser,
    });
    // Each thread keeps its own map of surface forms to stem ids for this
    // build (stem ids differ between builds, so the map is emptied when a
    // new build starts on the thread).
    let build = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let analysed: Vec<Analysed> = documents
        .par_iter()
        .map(|d| {
            if cancelled() {
                return Analysed::default();
            }
            SCRATCH.with(|scratch| {
                let mut scratch = scratch.borrow_mut();
                if scratch.build != build {
                    *scratch = Scratch {
                        build,
                        ..Scratch::default()
                    };
                }
                analyse(d, &mut scratch, &stems)
            })
        })
        .collect();
    if cancelled() {
        return None;
    }
    let stem_count = stems.lock().map_or(0, |s| s.ids.len());

    // BM25F: each field normalised by its own length, the title weighing
    // more; computed now and quantised to 1..=255 for the browser.
    let n = analysed.len().max(1) as f64;
    let average = |length: fn(&Analysed) -> u32| {
        (analysed.iter().map(|d| f64::from(length(d))).sum::<f64>() / n).max(1.0)
    };
    let (average_title, average_text) = (average(|d| d.title_length), average(|d| d.text_length));
    let (k1, b_title, b_text) = (1.2, 0.5, 0.75);
    let norms: Vec<(f64, f64)> = analysed
        .iter()
        .map(|d| {
            (
                1.0 - b_title + b_title * f64::from(d.title_length) / average_title,
                1.0 - b_text + b_text * f64::from(d.text_length) / average_text,
            )
        })
        .collect();
    // The postings of all stems in one array, grouped by stem and within a
    // stem in document order: counted first, then placed. Documents come
    // in page order and slot order ([`documents`]), so their ids grow with
    // their index, which the encoding below needs (ids as differences).
    let mut starts = vec![0usize; stem_count + 1];
    for term in analysed.iter().flat_map(|d| &d.terms) {
        starts[term.stem as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut placed = vec![(0u32, 0u16, 0u16); starts[stem_count]];
    let mut next = starts.clone();
    for (doc, d) in analysed.iter().enumerate() {
        for term in &d.terms {
            let at = &mut next[term.stem as usize];
            placed[*at] = (doc as u32, term.title, term.text);
            *at += 1;
        }
    }
    // Per stem: the best MAX_POSTINGS in document order, scored, and the
    // highest score (for the scale of the quantised scores). The stem's
    // weight (idf) is the same for its whole list, so the best postings
    // before and after it are the same ones.
    let best_first = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let scored: Vec<(Vec<(u32, f64)>, f64)> = starts
        .par_windows(2)
        .map(|bounds| {
            let list = &placed[bounds[0]..bounds[1]];
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let mut scores: Vec<(u32, f64)> = list
                .iter()
                .map(|&(doc, title, text)| {
                    let (title_norm, text_norm) = norms[doc as usize];
                    let weighted =
                        TITLE_WEIGHT * f64::from(title) / title_norm + f64::from(text) / text_norm;
                    (doc, weighted * (k1 + 1.0) / (weighted + k1))
                })
                .collect();
            if scores.len() > MAX_POSTINGS {
                scores.select_nth_unstable_by(MAX_POSTINGS, best_first);
                scores.truncate(MAX_POSTINGS);
                scores.sort_unstable_by_key(|&(doc, _)| doc);
            }
            for posting in &mut scores {
                posting.1 *= idf;
            }
            let top = scores.iter().map(|p| p.1).fold(0.0f64, f64::max);
            (scores, top)
        })
        .collect();
    drop(placed);
    let top = scored
        .iter()
        .map(|(_, top)| *top)
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let encoded: Vec<Vec<u32>> = scored
        .into_par_iter()
        .map(|(list, _)| {
            let mut flat = Vec::with_capacity(list.len() * 2);
            let mut previous = 0;
            for (doc, score) in list {
                let document = &documents[doc as usize];
                let id = document.page as u32 * SLOTS + document.slot;
                flat.push(id - previous);
                flat.push(((score / top * 255.0).round() as u32).clamp(1, 255));
                previous = id;
            }
            flat
        })
        .collect();

    let mut form_stem: HashMap<&str, u32> = HashMap::new();
    for doc in &analysed {
        for (form, stem) in &doc.new_forms {
            form_stem.insert(form, *stem);
        }
    }

    // Term chunks: surface forms in order, with the postings of their stems.
    let mut forms: Vec<(&str, u32)> = form_stem.into_iter().collect();
    forms.sort_unstable();
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut chunk = ChunkBuilder::default();
    for (form, stem) in forms {
        if chunk.bytes >= CHUNK_BYTES {
            chunks.push(chunk.write(dir, chunks.len(), &mut output));
            chunk = ChunkBuilder::default();
        }
        chunk.add(form, stem, &encoded[stem as usize]);
    }
    if !chunk.forms.is_empty() || chunks.is_empty() {
        chunks.push(chunk.write(dir, chunks.len(), &mut output));
    }
    // The first chunk also holds every word that sorts before its first form.
    if let Some(first) = chunks.first_mut() {
        first.0 = String::new();
    }

    // Fragments: one file per page, named with the hash of its bucket.
    let mut by_page: Vec<Vec<&Document>> = vec![Vec::new(); input.pages.len()];
    for document in documents {
        by_page[document.page].push(document);
    }
    let fragments: Vec<Vec<u8>> = by_page
        .par_iter()
        .enumerate()
        .map(|(index, docs)| {
            let (path, title) = &input.pages[index];
            let fragment = Fragment {
                d: docs
                    .iter()
                    .map(|d| {
                        (
                            d.slot,
                            &*d.title,
                            d.anchor.as_deref(),
                            cut(&d.text, SNIPPET_TEXT),
                        )
                    })
                    .collect(),
                t: title,
                u: path,
            };
            let mut file = format!("bekwaamSearch.page({index},").into_bytes();
            // Writing into a Vec<u8> cannot fail, and the data is all strings
            // and numbers.
            if serde_json::to_writer(&mut file, &fragment).is_err() {
                file.extend_from_slice(b"null");
            }
            file.extend_from_slice(b");\n");
            file
        })
        .collect();
    let mut buckets = Vec::new();
    let mut fragments = fragments.into_iter();
    for bucket in 0..input.pages.len().div_ceil(BUCKET) {
        let files: Vec<Vec<u8>> = fragments.by_ref().take(BUCKET).collect();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for file in &files {
            hasher.update(file);
        }
        let hash = format!("{:08x}", hasher.digest() as u32);
        for (i, file) in files.into_iter().enumerate() {
            let page = bucket * BUCKET + i;
            output.insert(format!("{dir}p/{page}.{hash}.js"), file);
        }
        buckets.push(hash);
    }

    let competencies: Vec<serde_json::Value> = input
        .competencies
        .iter()
        .enumerate()
        .map(|(i, (page, examples, tips, title))| {
            json!({
                "n": i + 1,
                "t": title,
                "p": page,
                "e": examples,
                "s": tips,
            })
        })
        .collect();
    let manifest = json!({
        "v": FORMAT,
        "lang": language,
        "stop": stop_words,
        "chunks": chunks,
        "bucket": BUCKET,
        "buckets": buckets,
        "slots": SLOTS,
        "competencies": competencies,
        "documents": documents.len(),
    });
    output.insert(
        format!("{dir}index.js"),
        format!("bekwaamSearch.manifest({manifest});\n").into_bytes(),
    );
    (!cancelled()).then_some(output)
}

/// The first `max` characters of `text`, at a word boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(space) => &text[..space],
        None => &text[..end],
    }
}

/// A page's fragment: its results (slot, title, anchor, text), its title
/// and its address. The keys are short: there is one fragment per page.
#[derive(serde::Serialize)]
struct Fragment<'a> {
    d: Vec<(u32, &'a str, Option<&'a str>, &'a str)>,
    t: &'a str,
    u: &'a str,
}

#[derive(Default)]
struct ChunkBuilder {
    forms: Vec<(String, u32)>,
    /// Global stem id → index in this chunk's list of postings.
    local: HashMap<u32, u32>,
    postings: Vec<String>,
    bytes: usize,
}

impl ChunkBuilder {
    fn add(&mut self, form: &str, stem: u32, postings: &[u32]) {
        let next = self.local.len() as u32;
        let local = *self.local.entry(stem).or_insert_with(|| {
            let list = serde_json::to_string(postings).unwrap_or_else(|_| "[]".into());
            self.bytes += list.len() + 1;
            self.postings.push(list);
            next
        });
        self.bytes += form.len() + 8;
        self.forms.push((form.to_string(), local));
    }

    /// Writes the chunk; returns its first form and file name.
    fn write(self, dir: &str, index: usize, output: &mut Output) -> (String, String) {
        let forms = serde_json::to_string(&self.forms).unwrap_or_else(|_| "[]".into());
        let text = format!(
            "bekwaamSearch.chunk({index},{{\"f\":{forms},\"s\":[{}]}});\n",
            self.postings.join(",")
        );
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) as u32;
        let name = format!("t/{index}.{hash:08x}.js");
        output.insert(format!("{dir}{name}"), text.into_bytes());
        let first = self.forms.first().map(|(form, _)| form.clone());
        (first.unwrap_or_default(), name)
    }
}
