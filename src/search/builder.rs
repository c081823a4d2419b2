//! The index of one build, made in named steps.
//!
//! [`IndexBuilder::new`] takes the input of one build; then
//!
//! 1. [`IndexBuilder::documents`] analyses every document into its terms
//!    (stems with their counts in the title and in the text) and collects
//!    the surface forms seen with their stems: an [`Analysis`];
//! 2. [`Analysis::score`] (in `score.rs`) makes the postings of each stem,
//!    scored and cut to the best: the [`Scores`];
//! 3. [`Scores::write`] (in `write.rs`) writes the term chunks, the
//!    fragments and the manifest into an [`Output`](crate::output::Output).
//!
//! Each step consumes the one before, so they cannot run out of order, and
//! what a step no longer needs is dropped with it.
//!
//! This module owns the scratch space of the analysis: the numbering of
//! stems shared by the threads, and per worker thread a cache of surface
//! forms and the counters of the document at hand. All of it belongs to the
//! builder and is dropped when the analysis ends; nothing outlives a build,
//! so stem ids (which differ between builds) can never leak into the next.
//!
//! Invariants:
//!
//! - a stem id is an index into the list of stems of this build, given under
//!   the shared lock, so ids are dense (`0..stem_count`);
//! - the terms of a document list each stem once; stop words have none;
//! - one surface form always has the same stem, so the forms collected from
//!   all threads agree.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyse::{self, Analyser};
use super::{Document, Input};

/// Makes the index of one [`Input`]; its first step.
pub(crate) struct IndexBuilder<'a> {
    input: &'a Input<'a>,
    dir: &'a str,
    stems: Mutex<Stems>,
    /// One scratch space per worker thread of the pool that analyses
    /// (indexed by the thread's index in it).
    scratch: Vec<Mutex<Scratch>>,
}

/// The documents of a build after analysis: the second step.
pub(crate) struct Analysis<'a> {
    pub(super) input: &'a Input<'a>,
    pub(super) dir: &'a str,
    /// The stop words of the language (for the manifest).
    pub(super) stop_words: &'static [&'static str],
    /// Per document, in the order of the input.
    pub(super) documents: Vec<Analysed>,
    /// How many stems there are: stem ids are `0..stem_count`.
    pub(super) stem_count: usize,
    /// The stems by id (the browser stems a query and looks them up).
    pub(super) stem_names: Vec<String>,
    /// Every surface form indexed, with its stem id, in sorted order.
    pub(super) forms: Vec<(String, u32)>,
}

/// A document after analysis: its field lengths (in words) and its terms by
/// stem with their frequencies in the title and in the text.
#[derive(Default)]
pub(super) struct Analysed {
    pub(super) title_length: u32,
    pub(super) text_length: u32,
    pub(super) terms: Vec<Term>,
    /// The surface forms the thread saw first in this document (taken out
    /// into [`Analysis::forms`]).
    new_forms: Vec<(String, u32)>,
}

/// A stem of a document, with its counts in the title and in the text
/// (beyond 65,535 a count makes no difference to the score).
#[derive(Clone, Copy)]
pub(super) struct Term {
    pub(super) stem: u32,
    pub(super) title: u16,
    pub(super) text: u16,
}

/// Stems shared by the threads that analyse documents: one id per stem.
struct Stems {
    ids: HashMap<String, u32>,
    analyser: Analyser,
}

/// What a thread keeps between the documents it analyses, for one build.
#[derive(Default)]
struct Scratch {
    /// Surface forms and their stem ids ([`STOP`] for a stop word).
    forms: FxHashMap<String, u32>,
    /// Per stem id: its count in the title and in the text of the document
    /// at hand; zero again after each document.
    counts: Vec<(u32, u32)>,
    /// The stems of the document at hand, in the order first seen.
    touched: Vec<u32>,
}

/// Marks a stop word in a thread's cache of surface forms.
const STOP: u32 = u32::MAX;

impl<'a> IndexBuilder<'a> {
    /// A builder for the index of `input`, its files below `dir`.
    pub(crate) fn new(input: &'a Input<'a>, dir: &'a str) -> IndexBuilder<'a> {
        let threads = rayon::current_num_threads().max(1);
        IndexBuilder {
            input,
            dir,
            stems: Mutex::new(Stems {
                ids: HashMap::new(),
                analyser: Analyser::for_language(input.lang),
            }),
            scratch: (0..threads).map(|_| Mutex::default()).collect(),
        }
    }

    /// Step 1: analyses every document, on all threads; `None` if `cancel`
    /// was set meanwhile.
    pub(crate) fn documents(self, cancel: &AtomicBool) -> Option<Analysis<'a>> {
        let cancelled = || cancel.load(Ordering::Relaxed);
        let mut documents: Vec<Analysed> = self
            .input
            .documents
            .par_iter()
            .map(|document| {
                if cancelled() {
                    return Analysed::default();
                }
                // Only this thread takes its slot, so the lock is free; the
                // modulo keeps a pool that grew since `new` safe.
                let slot = rayon::current_thread_index().unwrap_or(0) % self.scratch.len();
                let mut scratch = self.scratch[slot]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                analyse(document, &mut scratch, &self.stems)
            })
            .collect();
        if cancelled() {
            return None;
        }
        let stems = self
            .stems
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut forms: HashMap<String, u32> = HashMap::new();
        for document in &mut documents {
            forms.extend(document.new_forms.drain(..));
        }
        let mut forms: Vec<(String, u32)> = forms.into_iter().collect();
        forms.sort_unstable();
        let mut stem_names = vec![String::new(); stems.ids.len()];
        for (name, id) in stems.ids {
            stem_names[id as usize] = name;
        }
        Some(Analysis {
            input: self.input,
            dir: self.dir,
            stop_words: stems.analyser.stop_words(),
            documents,
            stem_count: stem_names.len(),
            stem_names,
            forms,
        })
    }
}

/// Analyses a document: counts its stems per field. Forms the thread has
/// not seen are stemmed once under the shared lock.
fn analyse(document: &Document, scratch: &mut Scratch, stems: &Mutex<Stems>) -> Analysed {
    let Scratch {
        forms,
        counts,
        touched,
    } = scratch;
    let mut lengths = [0u32; 2];
    let mut new_forms = Vec::new();
    // A title made of the text's first words is not analysed again.
    let title = if document.titled {
        &*document.title
    } else {
        ""
    };
    for (field, text) in [title, &*document.text].into_iter().enumerate() {
        analyse::for_each_word(text, |form| {
            lengths[field] += 1;
            let stem = match forms.get(form) {
                Some(&stem) => stem,
                None => {
                    let stem = stem_of(form, stems, &mut new_forms);
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

/// The stem id of a form this thread has not seen ([`STOP`] for a stop
/// word), numbering a new stem; a form that is indexed goes to `new_forms`.
fn stem_of(form: &str, stems: &Mutex<Stems>, new_forms: &mut Vec<(String, u32)>) -> u32 {
    let mut shared = stems.lock().unwrap_or_else(PoisonError::into_inner);
    if shared.analyser.is_stop_word(form) {
        return STOP;
    }
    let stem = shared.analyser.stem(form);
    let next = shared.ids.len() as u32;
    let id = *shared.ids.entry(stem).or_insert(next);
    new_forms.push((form.to_string(), id));
    id
}
