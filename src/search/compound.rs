//! Compound words: Dutch writes `mantelzorg`, `buurthuis` and `zorgverlener`
//! as one word, and a reader who searches for `zorg` or `huis` expects to
//! find them too, below the pages that have the word itself.
//!
//! The build splits a surface form into parts that are words of the
//! handbook's own vocabulary, so no dictionary is needed and a part is
//! always a word a reader could have typed. A form `F` of at least
//! [`MIN_COMPOUND`] letters is split as `head + tail` where
//!
//! - the tail is a word of the handbook (a surface form or a stem) of at
//!   least [`MIN_PART`] letters, followed by at most [`MAX_ENDING`] more
//!   letters of inflection: `mantel|zorgers` has the part `zorg`;
//! - the head has at least [`MIN_PART`] letters and a vowel; when it is a
//!   word of the handbook too (also after dropping a linking `s`, `e` or
//!   `en`: `veiligheid|s|plan`), it is a part as well: `buurt|huis`.
//!
//! A head that is a word of the handbook also makes a part when the tail is
//! no word of it (`zorg|verlener`), if the tail looks like a word: at least
//! [`MIN_LONE_TAIL`] letters, starting with a consonant, not ending like an
//! adjective (`zorg|vuldig`, `werk|elijk` and `maat|schappelijk` stay
//! whole).
//!
//! Every such split counts: `buurthuis` has the parts `buurt`, `huis` and,
//! if the handbook has the word, `thuis`. A stem's parts are those of all
//! its forms; the index gives each part a second list of postings (the
//! documents that have the part only inside a compound), which the browser
//! ranks below the documents that have the word itself.
//!
//! Invariant: a stem is never a part of itself, and the parts depend only on
//! the vocabulary of the build, so the same handbook gives the same index.

use std::collections::HashMap;

use rayon::prelude::*;

/// A form shorter than this (in letters) is not split.
const MIN_COMPOUND: usize = 8;
/// The shortest head or tail word.
const MIN_PART: usize = 4;
/// At most this many letters may follow the tail word (`zorg` + `ers`).
const MAX_ENDING: usize = 3;
/// The shortest tail that is no word of the handbook.
const MIN_LONE_TAIL: usize = 5;
/// Endings of adjectives, which make a word no compound of its head.
const ADJECTIVE_ENDINGS: &[&str] = &["ig", "lijk", "baar", "zaam", "loos", "isch"];
/// Letters that may join the two parts of a compound (`veiligheidsplan`,
/// `mensenrechten`, `ziektewet`).
const LINKING: &[&str] = &["s", "en", "e"];

/// Per stem id: the stem ids of its parts, sorted, without itself.
pub(super) fn parts(forms: &[(String, u32)], stem_names: &[String]) -> Vec<Vec<u32>> {
    let mut words: HashMap<&str, u32> = HashMap::with_capacity(forms.len() + stem_names.len());
    for (id, stem) in stem_names.iter().enumerate() {
        words.insert(stem.as_str(), id as u32);
    }
    // A form that is also the name of another stem keeps its own stem.
    for (form, stem) in forms {
        words.insert(form.as_str(), *stem);
    }
    let found: Vec<(u32, Vec<u32>)> = forms
        .par_iter()
        .filter_map(|(form, stem)| {
            let found = split(form, &words);
            (!found.is_empty()).then_some((*stem, found))
        })
        .collect();
    let mut parts = vec![Vec::new(); stem_names.len()];
    for (stem, found) in found {
        parts[stem as usize].extend(found.into_iter().filter(|&part| part != stem));
    }
    for list in &mut parts {
        list.sort_unstable();
        list.dedup();
    }
    parts
}

/// The stem ids of the parts of one form (with duplicates), as the module
/// documentation describes.
fn split(form: &str, words: &HashMap<&str, u32>) -> Vec<u32> {
    let letters: Vec<(usize, char)> = form.char_indices().collect();
    let mut found = Vec::new();
    if letters.len() < MIN_COMPOUND || !letters.iter().all(|(_, c)| c.is_alphabetic()) {
        return found;
    }
    let at = |i: usize| letters.get(i).map_or(form.len(), |&(byte, _)| byte);
    for cut in MIN_PART..=letters.len() - MIN_PART {
        let head = &form[..at(cut)];
        if !head.chars().any(is_vowel) {
            continue;
        }
        let tail_letters = letters.len() - cut;
        let tail_word = (tail_letters.saturating_sub(MAX_ENDING).max(MIN_PART)..=tail_letters)
            .rev()
            .find_map(|end| words.get(&form[at(cut)..at(cut + end)]));
        let head_word = std::iter::once(head)
            .chain(LINKING.iter().filter_map(|link| head.strip_suffix(link)))
            .filter(|word| word.chars().count() >= MIN_PART)
            .find_map(|word| words.get(word));
        match (tail_word, head_word) {
            (Some(&tail), head) => {
                found.push(tail);
                found.extend(head);
            }
            (None, Some(&head)) if looks_like_a_word(&form[at(cut)..]) => found.push(head),
            (None, _) => {}
        }
    }
    found
}

/// Whether a tail that is no word of the handbook still looks like one.
fn looks_like_a_word(tail: &str) -> bool {
    tail.chars().count() >= MIN_LONE_TAIL
        && tail.chars().next().is_some_and(|c| !is_vowel(c))
        && !ADJECTIVE_ENDINGS
            .iter()
            .any(|ending| tail.ends_with(ending))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of `form` among `vocabulary`, by name (every word its own
    /// stem).
    fn parts_of(form: &str, vocabulary: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = vocabulary.iter().map(|w| w.to_string()).collect();
        names.push(form.to_string());
        let forms: Vec<(String, u32)> = names
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        let parts = parts(&forms, &names);
        parts[names.len() - 1]
            .iter()
            .map(|&id| names[id as usize].clone())
            .collect()
    }

    #[test]
    fn a_compound_is_split_into_words_of_the_handbook() {
        assert_eq!(parts_of("buurthuis", &["buurt", "huis"]), ["buurt", "huis"]);
        assert_eq!(parts_of("mantelzorg", &["zorg"]), ["zorg"]);
        // An ending after the tail word: zorg + ers.
        assert_eq!(parts_of("mantelzorgers", &["zorg"]), ["zorg"]);
        // A head of the handbook with a tail that is not.
        assert_eq!(parts_of("zorgverlener", &["zorg"]), ["zorg"]);
        // A linking s.
        assert_eq!(
            parts_of("veiligheidsplan", &["veiligheid", "plan"]),
            ["veiligheid", "plan"]
        );
    }

    #[test]
    fn words_that_are_no_compounds_stay_whole() {
        // Only a head before an adjective ending, or parts of fewer than
        // four letters.
        assert!(parts_of("zorgvuldig", &["zorg"]).is_empty());
        assert!(parts_of("maatschappelijk", &["maat"]).is_empty());
        assert!(parts_of("werkelijk", &["werk"]).is_empty());
        assert!(parts_of("werking", &["werk", "king"]).is_empty());
        assert!(parts_of("planning", &["plan"]).is_empty());
        // Too short to split, numbers are not split.
        assert!(parts_of("wijkhuis", &["wijk", "huis"]).len() == 2);
        assert!(parts_of("huisarts", &[]).is_empty());
        assert!(parts_of("2015huis", &["huis"]).is_empty());
    }
}
