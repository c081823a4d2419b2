//! Step 3 of the index: its files, below the index's folder.
//!
//! This module owns the files' format (documented in `docs/zoekindex.md`):
//!
//! - term chunks `t/<n>.<hash>.js` of about [`CHUNK_BYTES`]: surface forms
//!   in sorted order, each mapped to a stem local to the chunk, with the
//!   postings of those stems;
//! - fragments `p/<page>.<hash>.js`, one per page: the titles, anchors and
//!   plain text (cut to [`SNIPPET_TEXT`]) of its results;
//! - the manifest `index.js`: the chunks with the first form of each, the
//!   stop words, the competencies and the hashes of the fragment buckets.
//!
//! Invariants: every file is a script that hands its data to
//! `window.bekwaamSearch`; a file's name carries a hash of its content (a
//! fragment: of the [`BUCKET`] fragments it is hashed with), so old and new
//! files never mix; the first chunk's first form in the manifest is empty,
//! so every word finds a chunk; and the same input gives the same bytes.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::json;

use super::score::Scores;
use super::{BUCKET, CHUNK_BYTES, Document, FORMAT, SLOTS, SNIPPET_TEXT};
use crate::output::Output;

impl Scores<'_> {
    /// Step 3: the files of the index, with paths below its folder.
    pub(crate) fn write(self) -> Output {
        let mut output = Output::new();
        let chunks = self.write_chunks(&mut output);
        let buckets = self.write_fragments(&mut output);
        self.write_manifest(&chunks, &buckets, &mut output);
        output
    }

    /// The term chunks; returns the first key and file name of each.
    fn write_chunks(&self, output: &mut Output) -> Vec<(String, String)> {
        let mut chunks: Vec<(String, String)> = Vec::new();
        let mut chunk = ChunkBuilder::default();
        for key in self.keys() {
            if chunk.bytes >= CHUNK_BYTES {
                chunks.push(chunk.write(self.dir, chunks.len(), output));
                chunk = ChunkBuilder::default();
            }
            chunk.add(&key, &self.postings, &self.part_postings);
        }
        if !chunk.keys.is_empty() || chunks.is_empty() {
            chunks.push(chunk.write(self.dir, chunks.len(), output));
        }
        // The first chunk also holds every word that sorts before its first
        // key.
        if let Some(first) = chunks.first_mut() {
            first.0 = String::new();
        }
        chunks
    }

    /// Every key of the term chunks in sorted order: the surface forms and
    /// the stems, one key for a string that is both.
    fn keys(&self) -> Vec<Key<'_>> {
        let mut keys: Vec<Key<'_>> = self
            .forms
            .iter()
            .map(|(form, stem)| Key {
                text: form,
                form: Some(*stem),
                stem: None,
            })
            .chain(self.stem_names.iter().enumerate().map(|(id, name)| Key {
                text: name,
                form: None,
                stem: Some(id as u32),
            }))
            .collect();
        keys.sort_unstable_by(|a, b| a.text.cmp(b.text));
        keys.dedup_by(|later, first| {
            let same = later.text == first.text;
            if same {
                first.form = first.form.or(later.form);
                first.stem = first.stem.or(later.stem);
            }
            same
        });
        keys
    }

    /// The fragments, one file per page, named with the hash of its bucket;
    /// returns the hash of each bucket.
    fn write_fragments(&self, output: &mut Output) -> Vec<String> {
        let input = self.input;
        let mut by_page: Vec<Vec<&Document>> = vec![Vec::new(); input.pages.len()];
        for document in &input.documents {
            by_page[document.page].push(document);
        }
        let fragments: Vec<Vec<u8>> = by_page
            .par_iter()
            .enumerate()
            .map(|(index, documents)| {
                let (path, title) = &input.pages[index];
                fragment(index, documents, title, path)
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
                output.insert(format!("{}p/{page}.{hash}.js", self.dir), file);
            }
            buckets.push(hash);
        }
        buckets
    }

    /// The manifest, `index.js`.
    fn write_manifest(&self, chunks: &[(String, String)], buckets: &[String], output: &mut Output) {
        let input = self.input;
        let competencies: Vec<serde_json::Value> = input
            .competencies
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({
                    "n": i + 1,
                    "t": c.title,
                    "p": c.page,
                    "e": c.examples,
                    "s": c.tips,
                    "g": c.indicators,
                    "r": c.questions,
                })
            })
            .collect();
        let manifest = json!({
            "v": FORMAT,
            "lang": input.language,
            "stop": self.stop_words,
            "chunks": chunks,
            "bucket": BUCKET,
            "buckets": buckets,
            "slots": SLOTS,
            "competencies": competencies,
            "documents": input.documents.len(),
        });
        output.insert(
            format!("{}index.js", self.dir),
            format!("bekwaamSearch.manifest({manifest});\n").into_bytes(),
        );
    }
}

/// The fragment file of page `index`: its results, its title and its path.
fn fragment(index: usize, documents: &[&Document], title: &str, path: &str) -> Vec<u8> {
    let fragment = Fragment {
        d: documents
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
    // Writing into a Vec<u8> cannot fail, and the data is all strings and
    // numbers.
    if serde_json::to_writer(&mut file, &fragment).is_err() {
        file.extend_from_slice(b"null");
    }
    file.extend_from_slice(b");\n");
    file
}

/// The first `max` bytes of `text` or fewer, at a word boundary.
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

/// A key of the term chunks: a surface form with its stem, a stem, or a
/// string that is both.
struct Key<'a> {
    text: &'a str,
    /// The stem of the key as a surface form of the handbook.
    form: Option<u32>,
    /// The stem the key names.
    stem: Option<u32>,
}

/// One term chunk as it fills.
#[derive(Default)]
struct ChunkBuilder {
    /// Per key: its text, then the chunk's index of its stem as a surface
    /// form (-1: not a form) and, if the key names a stem, that stem's.
    keys: Vec<(String, i64, Option<u32>)>,
    /// Global stem id → index in this chunk's lists of postings.
    local: HashMap<u32, u32>,
    postings: Vec<String>,
    /// (index in this chunk, postings) of the stems that are parts of
    /// compounds.
    parts: Vec<(u32, String)>,
    bytes: usize,
}

impl ChunkBuilder {
    fn add(&mut self, key: &Key<'_>, postings: &[Vec<u32>], parts: &[Vec<u32>]) {
        let form = key
            .form
            .map_or(-1, |stem| i64::from(self.local(stem, postings)));
        let stem = key.stem.map(|stem| {
            let local = self.local(stem, postings);
            let list = &parts[stem as usize];
            // One key names each stem: its parts are written once.
            if !list.is_empty() {
                let list = serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
                self.bytes += list.len() + 8;
                self.parts.push((local, list));
            }
            local
        });
        self.bytes += key.text.len() + 10;
        self.keys.push((key.text.to_string(), form, stem));
    }

    /// The index of a stem in this chunk, adding its postings once.
    fn local(&mut self, stem: u32, postings: &[Vec<u32>]) -> u32 {
        let next = self.local.len() as u32;
        *self.local.entry(stem).or_insert_with(|| {
            let list =
                serde_json::to_string(&postings[stem as usize]).unwrap_or_else(|_| "[]".into());
            self.bytes += list.len() + 1;
            self.postings.push(list);
            next
        })
    }

    /// Writes the chunk; returns its first key and file name.
    fn write(self, dir: &str, index: usize, output: &mut Output) -> (String, String) {
        let keys: Vec<serde_json::Value> = self
            .keys
            .iter()
            .map(|(text, form, stem)| match stem {
                Some(stem) if i64::from(*stem) == *form => json!([text, form, form]),
                Some(stem) => json!([text, form, stem]),
                None => json!([text, form]),
            })
            .collect();
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into());
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(local, list)| format!("\"{local}\":{list}"))
            .collect();
        let text = format!(
            "bekwaamSearch.chunk({index},{{\"f\":{keys},\"s\":[{}],\"c\":{{{}}}}});\n",
            self.postings.join(","),
            parts.join(",")
        );
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) as u32;
        let name = format!("t/{index}.{hash:08x}.js");
        output.insert(format!("{dir}{name}"), text.into_bytes());
        let first = self.keys.first().map(|(text, _, _)| text.clone());
        (first.unwrap_or_default(), name)
    }
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn a_text_is_cut_at_a_word_boundary() {
        assert_eq!(cut("kort", 10), "kort");
        assert_eq!(cut("een twee drie", 9), "een twee");
        assert_eq!(cut("eentweedrie", 4), "eent");
        // Never inside a character: `é` is two bytes.
        assert_eq!(cut("ééé", 3), "é");
    }
}
