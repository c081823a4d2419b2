//! Splitting a block of prose into sentences.
//!
//! The boundaries are Unicode's (UAX #29, from `unicode-segmentation`):
//! a sentence ends at `.`, `!` or `?` followed by a space and a word that
//! does not start in lower case. That already keeps `3.5`, `1.000` and
//! `d.w.z. dat` in one sentence. It would still break after an abbreviation
//! before a capital (`bijv. Movisie`, `dhr. Jansen`) or an initial
//! (`J. de Vries`): such a break is undone when the part before it ends in
//! one of the abbreviations below or in a single capital with a full stop.
//! `enz.` and `etc.` are not in the list: before a capital they mostly end
//! the sentence too.
//! A block (paragraph, list item, heading) always ends a sentence.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations, Dutch and English, after which a sentence goes on.
const ABBREVIATIONS: &[&str] = &[
    "a.d.h.v.", "a.s.", "a.u.b.", "b.v.", "bijv.", "blz.", "bv.", "c.q.", "ca.", "d.d.", "d.m.v.",
    "d.w.z.", "dhr.", "dr.", "drs.", "e.a.", "e.d.", "e.e.a.", "e.g.", "evt.", "excl.", "i.e.",
    "i.o.m.", "i.p.v.", "i.s.m.", "i.v.m.", "incl.", "ing.", "ir.", "jl.", "jr.", "m.b.t.",
    "m.b.v.", "m.i.", "m.n.", "max.", "mevr.", "min.", "mr.", "mrs.", "mw.", "n.a.v.", "nl.",
    "nr.", "o.a.", "o.b.v.", "o.i.", "ong.", "p.", "p.m.", "prof.", "resp.", "s.v.p.", "sr.",
    "st.", "t.a.v.", "t.o.v.", "t.z.t.", "tel.", "v.d.", "vgl.", "vs.", "z.g.", "z.s.m.", "zgn.",
];

/// The byte ranges of the sentences in `text`, spaces around them left out.
pub(crate) fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start: Option<usize> = None;
    for (at, part) in text.split_sentence_bound_indices() {
        let begun = *start.get_or_insert(at);
        if goes_on_after(part) {
            continue;
        }
        push_trimmed(&mut sentences, text, begun..at + part.len());
        start = None;
    }
    if let Some(begun) = start {
        push_trimmed(&mut sentences, text, begun..text.len());
    }
    sentences
}

/// Whether a part that Unicode ends as a sentence ends in an abbreviation
/// or an initial, after which the sentence goes on.
fn goes_on_after(part: &str) -> bool {
    let Some(last) = part.split_whitespace().next_back() else {
        return false;
    };
    let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut letters = last.chars();
    let initial = matches!(
        (letters.next(), letters.next(), letters.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    );
    initial || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

/// Adds `range` of `text` without the spaces at its ends, if anything is left.
fn push_trimmed(sentences: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    if start < end {
        sentences.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn a_full_stop_ends_a_sentence() {
        assert_eq!(
            sentences("Je luistert. Je vraagt door! Wat wil de ander?  Dan"),
            [
                "Je luistert.",
                "Je vraagt door!",
                "Wat wil de ander?",
                "Dan"
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            sentences(
                "Vraag bijv. Movisie om hulp. Denk o.a. aan Sara, d.w.z. de buurvrouw. \
                 Bel dhr. Jansen of J. de Vries, enz. Klaar."
            ),
            [
                "Vraag bijv. Movisie om hulp.",
                "Denk o.a. aan Sara, d.w.z. de buurvrouw.",
                "Bel dhr. Jansen of J. de Vries, enz.",
                "Klaar."
            ]
        );
    }

    #[test]
    fn numbers_do_not_end_a_sentence() {
        assert_eq!(
            sentences("Het gemiddelde is 3.5 uur per week. Dat is 1.000 uur. Op 1 mei."),
            [
                "Het gemiddelde is 3.5 uur per week.",
                "Dat is 1.000 uur.",
                "Op 1 mei."
            ]
        );
    }
}
