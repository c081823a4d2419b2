//! Step 2 of the index: from the terms of each document to the postings of
//! each stem, scored.
//!
//! This module owns the ranking. Scores are BM25F, computed at build time:
//! each field (title, text) is normalised by its own length against the
//! average, a word in a title weighs [`TITLE_WEIGHT`] times one in the text,
//! and a stem's weight (idf) multiplies its whole list. The browser only
//! adds the scores of the stems it looks up, so it gets them quantised to
//! `1..=255` against the highest score of the build.
//!
//! Invariants of the [`Scores`]:
//!
//! - there is one list per stem id, in stem id order;
//! - a list holds at most [`MAX_POSTINGS`] postings, the best-scoring ones
//!   (ties: the earlier document), in document order;
//! - a list is flat: per posting the difference of its document id from
//!   the one before (the first from 0), then its quantised score. Document
//!   ids grow with the document's index (see `document.rs`), so every
//!   difference is positive.

use rayon::prelude::*;

use super::builder::{Analysed, Analysis};
use super::compound;
use super::{Input, MAX_POSTINGS, TITLE_WEIGHT};

/// BM25F's saturation of a term's weighted count.
const K1: f64 = 1.2;
/// How much a title's length normalises its counts (0: not at all).
const B_TITLE: f64 = 0.5;
/// How much a text's length normalises its counts.
const B_TEXT: f64 = 0.75;

/// The postings of a build, scored and encoded: the third step.
pub(crate) struct Scores<'a> {
    pub(super) input: &'a Input<'a>,
    pub(super) dir: &'a str,
    pub(super) stop_words: &'static [&'static str],
    /// Every surface form indexed, with its stem id, in sorted order.
    pub(super) forms: Vec<(String, u32)>,
    /// The stems by id.
    pub(super) stem_names: Vec<String>,
    /// Per stem id: its postings, encoded for the term chunks.
    pub(super) postings: Vec<Vec<u32>>,
    /// Per stem id: the postings of the documents that have it only inside
    /// a compound, encoded the same way.
    pub(super) part_postings: Vec<Vec<u32>>,
}

/// A posting of one stem before scoring: the document's index and the
/// stem's counts in its title and text.
type Posting = (u32, u16, u16);

impl<'a> Analysis<'a> {
    /// Step 2: the postings of every stem, scored, cut to the best and
    /// encoded: the documents that have the stem, and those that have it
    /// only as a part of a compound.
    pub(crate) fn score(self) -> Scores<'a> {
        let norms = self.norms();
        let n = self.documents.len().max(1) as f64;
        let parts = compound::parts(&self.forms, &self.stem_names, self.input.lang);
        let (starts, placed) = group_by_stem(self.stem_count, self.exact_postings());
        let (part_starts, part_placed) = group_by_stem(self.stem_count, self.part_postings(&parts));
        // A stem's weight (idf) counts the documents that have it in any way.
        let idf: Vec<f64> = (0..self.stem_count)
            .map(|s| {
                let df = (starts[s + 1] - starts[s] + part_starts[s + 1] - part_starts[s]) as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        // Per stem: the best postings in document order, scored, and the
        // highest score (for the scale of the quantised scores).
        let score_all = |starts: &[usize], placed: &[Posting]| -> Vec<(Vec<(u32, f64)>, f64)> {
            starts
                .par_windows(2)
                .enumerate()
                .map(|(s, bounds)| score_stem(&placed[bounds[0]..bounds[1]], &norms, idf[s]))
                .collect()
        };
        let scored = score_all(&starts, &placed);
        let part_scored = score_all(&part_starts, &part_placed);
        drop((placed, part_placed));
        let top = scored
            .iter()
            .chain(&part_scored)
            .map(|(_, top)| *top)
            .fold(0.0f64, f64::max)
            .max(f64::MIN_POSITIVE);
        let documents = &self.input.documents;
        let encode = |scored: Vec<(Vec<(u32, f64)>, f64)>| -> Vec<Vec<u32>> {
            scored
                .into_par_iter()
                .map(|(list, _)| {
                    let mut flat = Vec::with_capacity(list.len() * 2);
                    let mut previous = 0;
                    for (doc, score) in list {
                        let id = documents[doc as usize].id();
                        flat.push(id - previous);
                        flat.push(((score / top * 255.0).round() as u32).clamp(1, 255));
                        previous = id;
                    }
                    flat
                })
                .collect()
        };
        let postings = encode(scored);
        let part_postings = encode(part_scored);
        Scores {
            input: self.input,
            dir: self.dir,
            stop_words: self.stop_words,
            forms: self.forms,
            stem_names: self.stem_names,
            postings,
            part_postings,
        }
    }

    /// Per document, its stems with their counts (document order).
    fn exact_postings(&self) -> Vec<(u32, Posting)> {
        self.documents
            .iter()
            .enumerate()
            .flat_map(|(doc, d)| {
                d.terms
                    .iter()
                    .map(move |t| (t.stem, (doc as u32, t.title, t.text)))
            })
            .collect()
    }

    /// Per document, the stems it has only as parts of its compounds, with
    /// the counts of those compounds (document order).
    fn part_postings(&self, parts: &[Vec<u32>]) -> Vec<(u32, Posting)> {
        self.documents
            .par_iter()
            .enumerate()
            .flat_map_iter(|(doc, d)| {
                let mut found: Vec<(u32, u16, u16)> = Vec::new();
                for term in &d.terms {
                    for &part in &parts[term.stem as usize] {
                        found.push((part, term.title, term.text));
                    }
                }
                found.sort_unstable_by_key(|&(part, _, _)| part);
                let mut merged: Vec<(u32, Posting)> = Vec::new();
                for (part, title, text) in found {
                    match merged.last_mut() {
                        Some((last, posting)) if *last == part => {
                            posting.1 = posting.1.saturating_add(title);
                            posting.2 = posting.2.saturating_add(text);
                        }
                        _ => merged.push((part, (doc as u32, title, text))),
                    }
                }
                merged.retain(|(part, _)| !d.terms.iter().any(|t| t.stem == *part));
                merged
            })
            .collect()
    }

    /// Per document: the length normalisation of its title and of its text.
    fn norms(&self) -> Vec<(f64, f64)> {
        let analysed = &self.documents;
        let n = analysed.len().max(1) as f64;
        let average = |length: fn(&Analysed) -> u32| {
            (analysed.iter().map(|d| f64::from(length(d))).sum::<f64>() / n).max(1.0)
        };
        let (average_title, average_text) =
            (average(|d| d.title_length), average(|d| d.text_length));
        analysed
            .iter()
            .map(|d| {
                (
                    1.0 - B_TITLE + B_TITLE * f64::from(d.title_length) / average_title,
                    1.0 - B_TEXT + B_TEXT * f64::from(d.text_length) / average_text,
                )
            })
            .collect()
    }
}

/// The postings of all stems in one array, grouped by stem and within a
/// stem in document order (counted first, then placed), with the start of
/// each stem's group (and the end of the last): the postings of stem `s`
/// are `placed[starts[s]..starts[s + 1]]`. `postings` come in document order.
fn group_by_stem(stem_count: usize, postings: Vec<(u32, Posting)>) -> (Vec<usize>, Vec<Posting>) {
    let mut starts = vec![0usize; stem_count + 1];
    for (stem, _) in &postings {
        starts[*stem as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut placed = vec![(0u32, 0u16, 0u16); starts[stem_count]];
    let mut next = starts.clone();
    for (stem, posting) in postings {
        let at = &mut next[stem as usize];
        placed[*at] = posting;
        *at += 1;
    }
    (starts, placed)
}

/// The postings of one stem, scored and cut to the best [`MAX_POSTINGS`] in
/// document order, with the highest score. The stem's weight (`idf`) is the
/// same for its whole list, so the best postings before and after it are
/// the same ones.
fn score_stem(list: &[Posting], norms: &[(f64, f64)], idf: f64) -> (Vec<(u32, f64)>, f64) {
    let best_first = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut scores: Vec<(u32, f64)> = list
        .iter()
        .map(|&(doc, title, text)| {
            let (title_norm, text_norm) = norms[doc as usize];
            let weighted =
                TITLE_WEIGHT * f64::from(title) / title_norm + f64::from(text) / text_norm;
            (doc, weighted * (K1 + 1.0) / (weighted + K1))
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
}
