//! Search: Bekwaam's own chunked index, loaded on demand as script files.
//!
//! What is indexed ([`documents`]): each competency's introduction, each
//! example and each tip as a result of its own with its anchor, and every
//! other page cut at its level-2 headings. Each result knows its kind and
//! its competency.
//!
//! The index ([`build`]) is written below `zoek/` (`search/` in English):
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
/// The plain text kept per result for snippets.
const SNIPPET_TEXT: usize = 800;
/// A word in a title counts this many times as much as one in the text.
const TITLE_WEIGHT: f64 = 8.0;

/// One result of the search, before analysis.
#[derive(Clone, Debug)]
pub struct Document {
    /// Index of its page in the site's pages.
    pub page: usize,
    /// Its place on the page: `id = page * 256 + slot`. On a competency's
    /// page the slot also tells the kind: 0 the introduction, then the
    /// examples, then the tips; on other pages every slot is a section.
    pub slot: u32,
    /// Its title.
    pub title: String,
    /// The anchor on the page (`None`: the top of the page).
    pub anchor: Option<String>,
    /// Its text.
    pub text: String,
}

/// The results of a site, in page order.
pub fn documents(site: &Site) -> Vec<Document> {
    let mut documents = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        page_documents(index, page, &mut documents);
    }
    documents
}

fn page_documents(index: usize, page: &Page, out: &mut Vec<Document>) {
    let r = &page.rendered;
    let mut slot = 0u32;
    let mut push = |title: String, anchor: Option<String>, text: String| {
        if slot < SLOTS {
            out.push(Document {
                page: index,
                slot,
                title,
                anchor,
                text,
            });
        } else if let Some(last) = out.last_mut() {
            // More results than slots: the rest counts for the last one.
            last.text.push(' ');
            last.text.push_str(&text);
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
        push(page.front.title.clone(), None, text.trim().to_string());
        for example in &r.examples {
            push(
                example.title.clone(),
                Some(example.id.clone()),
                example.text.clone(),
            );
        }
        for tip in &r.tips {
            let title = if tip.title.is_empty() {
                first_words(&tip.text, 8)
            } else {
                tip.title.clone()
            };
            push(title, Some(tip.id.clone()), tip.text.clone());
        }
        return;
    }
    for section in &r.sections {
        match &section.heading {
            None => push(page.front.title.clone(), None, section.text.clone()),
            Some(heading) => push(
                heading.text.clone(),
                Some(heading.id.clone()),
                section.text.clone(),
            ),
        }
    }
    if r.sections.is_empty() {
        push(page.front.title.clone(), None, String::new());
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
struct Analysed {
    title_length: u32,
    text_length: u32,
    terms: Vec<(u32, u32, u32)>,
    new_forms: Vec<(String, u32)>,
}

/// Stems shared by the threads that analyse documents: one id per stem.
struct Stems {
    ids: HashMap<String, u32>,
    analyser: Analyser,
}

/// Numbers the builds, so a thread's map of forms is only used within one.
static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

thread_local! {
    /// This thread's surface forms and their stem ids, for one build.
    static FORMS: std::cell::RefCell<(u64, FxHashMap<String, u32>)> =
        std::cell::RefCell::new((0, FxHashMap::default()));
}

/// Marks a stop word in a thread's cache of surface forms.
const STOP: u32 = u32::MAX;

/// Analyses a document: counts its stems per field. `cache` maps surface
/// forms to stem ids for the calling thread; forms it has not seen are
/// stemmed once under the shared lock.
fn analyse(
    document: &Document,
    cache: &mut FxHashMap<String, u32>,
    stems: &std::sync::Mutex<Stems>,
) -> Analysed {
    // (stem << 1 | field) per word; sorted and counted below.
    let mut seen: Vec<u64> = Vec::new();
    let mut lengths = [0u32; 2];
    let mut new_forms = Vec::new();
    for (field, text) in [&document.title, &document.text].into_iter().enumerate() {
        analyse::for_each_word(text, |form| {
            lengths[field] += 1;
            let stem = match cache.get(form) {
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
                    cache.insert(form.to_string(), stem);
                    stem
                }
            };
            if stem != STOP {
                seen.push(u64::from(stem) << 1 | field as u64);
            }
        });
    }
    seen.sort_unstable();
    let mut terms: Vec<(u32, u32, u32)> = Vec::new();
    for word in seen {
        let (stem, field) = ((word >> 1) as u32, word & 1);
        match terms.last_mut() {
            Some(last) if last.0 == stem => {}
            _ => terms.push((stem, 0, 0)),
        }
        if let Some(last) = terms.last_mut() {
            if field == 0 {
                last.1 += 1;
            } else {
                last.2 += 1;
            }
        }
    }
    Analysed {
        title_length: lengths[0],
        text_length: lengths[1],
        terms,
        new_forms,
    }
}

/// The files of the index, added to `output` below `dir` (`zoek/`).
pub fn build(site: &Site, dir: &str, output: &mut Output) {
    // An earlier index in the same output has other names: it goes first.
    output.remove_prefix(dir);
    let never = std::sync::atomic::AtomicBool::new(false);
    if let Some(files) = files(&Input::of(site), dir, &never) {
        output.extend(files);
    }
}

/// Everything the index is made from, owned: the preview builds the index
/// on a thread of its own while the site goes on changing.
pub struct Input {
    language: String,
    documents: Vec<Document>,
    /// (path, title) of each page.
    pages: Vec<(String, String)>,
    /// (page, examples, tips, title) of each competency, in framework order.
    competencies: Vec<(usize, usize, usize, String)>,
}

impl Input {
    /// What the index of `site` is made from.
    pub fn of(site: &Site) -> Input {
        Input {
            language: site.config.language.clone(),
            documents: documents(site),
            pages: site
                .pages
                .iter()
                .map(|p| (p.path.clone(), p.front.title.clone()))
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
}

/// The files of the index, with paths below `dir`; `None` if `cancel` was
/// set meanwhile (the preview: the site changed, a newer index follows).
pub fn files(input: &Input, dir: &str, cancel: &std::sync::atomic::AtomicBool) -> Option<Output> {
    let cancelled = || cancel.load(std::sync::atomic::Ordering::Relaxed);
    let mut output = Output::new();
    let language = &input.language;
    let documents = &input.documents;
    let stop_words = Analyser::for_language(language).stop_words();
    let stems = std::sync::Mutex::new(Stems {
        ids: HashMap::new(),
        analyser: Analyser::for_language(language),
    });
    // Each thread keeps its own map of surface forms to stem ids for this
    // build (stem ids differ between builds, so the map is emptied when a
    // new build starts on the thread).
    let build = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let analysed: Vec<Analysed> = documents
        .par_iter()
        .map(|d| {
            if cancelled() {
                return Analysed {
                    title_length: 0,
                    text_length: 0,
                    terms: Vec::new(),
                    new_forms: Vec::new(),
                };
            }
            FORMS.with(|forms| {
                let mut forms = forms.borrow_mut();
                if forms.0 != build {
                    *forms = (build, FxHashMap::default());
                }
                analyse(d, &mut forms.1, &stems)
            })
        })
        .collect();
    if cancelled() {
        return None;
    }
    let stem_count = stems.lock().map_or(0, |s| s.ids.len());

    // Postings: per stem, (document, frequency in title, in text).
    let mut postings: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); stem_count];
    for (ordinal, doc) in analysed.iter().enumerate() {
        for &(stem, title, text) in &doc.terms {
            postings[stem as usize].push((ordinal as u32, title, text));
        }
    }

    // BM25F: each field normalised by its own length, the title weighing
    // more; computed now and quantised to 1..=255 for the browser.
    let n = analysed.len().max(1) as f64;
    let average_title = (analysed
        .iter()
        .map(|d| f64::from(d.title_length))
        .sum::<f64>()
        / n)
        .max(1.0);
    let average_text = (analysed
        .iter()
        .map(|d| f64::from(d.text_length))
        .sum::<f64>()
        / n)
        .max(1.0);
    let (k1, b_title, b_text) = (1.2, 0.5, 0.75);
    let ids: Vec<u32> = documents
        .iter()
        .map(|d| d.page as u32 * SLOTS + d.slot)
        .collect();
    let scored: Vec<Vec<(u32, f64)>> = postings
        .par_iter()
        .map(|list| {
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            list.iter()
                .map(|&(ordinal, title, text)| {
                    let doc = &analysed[ordinal as usize];
                    let weighted = TITLE_WEIGHT * f64::from(title)
                        / (1.0 - b_title + b_title * f64::from(doc.title_length) / average_title)
                        + f64::from(text)
                            / (1.0 - b_text + b_text * f64::from(doc.text_length) / average_text);
                    (
                        ids[ordinal as usize],
                        idf * weighted * (k1 + 1.0) / (weighted + k1),
                    )
                })
                .collect()
        })
        .collect();
    let top = scored
        .iter()
        .flatten()
        .map(|&(_, s)| s)
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let encoded: Vec<Vec<u32>> = scored
        .into_par_iter()
        .map(|mut list| {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            list.sort_by_key(|&(doc, _)| doc);
            let mut flat = Vec::with_capacity(list.len() * 2);
            let mut previous = 0;
            for (doc, score) in list {
                flat.push(doc - previous);
                flat.push(((score / top * 255.0).round() as u32).clamp(1, 255));
                previous = doc;
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
    let fragments: Vec<String> = by_page
        .par_iter()
        .enumerate()
        .map(|(index, docs)| {
            let (path, title) = &input.pages[index];
            let data = json!({
                "u": path,
                "t": title,
                "d": docs.iter().map(|d| json!([
                    d.slot,
                    d.title,
                    d.anchor,
                    cut(&d.text, SNIPPET_TEXT),
                ])).collect::<Vec<_>>(),
            });
            format!("bekwaamSearch.page({index},{data});\n")
        })
        .collect();
    let mut buckets = Vec::new();
    for (bucket, files) in fragments.chunks(BUCKET).enumerate() {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for file in files {
            hasher.update(file.as_bytes());
        }
        let hash = format!("{:08x}", hasher.digest() as u32);
        for (i, file) in files.iter().enumerate() {
            let page = bucket * BUCKET + i;
            output.insert(
                format!("{dir}p/{page}.{hash}.js"),
                file.clone().into_bytes(),
            );
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
