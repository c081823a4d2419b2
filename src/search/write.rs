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

    /// The term chunks; returns the first form and file name of each.
    fn write_chunks(&self, output: &mut Output) -> Vec<(String, String)> {
        let mut chunks: Vec<(String, String)> = Vec::new();
        let mut chunk = ChunkBuilder::default();
        for (form, stem) in &self.forms {
            if chunk.bytes >= CHUNK_BYTES {
                chunks.push(chunk.write(self.dir, chunks.len(), output));
                chunk = ChunkBuilder::default();
            }
            chunk.add(form, *stem, &self.postings[*stem as usize]);
        }
        if !chunk.forms.is_empty() || chunks.is_empty() {
            chunks.push(chunk.write(self.dir, chunks.len(), output));
        }
        // The first chunk also holds every word that sorts before its first
        // form.
        if let Some(first) = chunks.first_mut() {
            first.0 = String::new();
        }
        chunks
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

/// One term chunk as it fills.
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
