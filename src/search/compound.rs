//! Compound words: Dutch writes `mantelzorg`, `buurthuis` and `zorgverlener`
//! as one word, and a reader who searches for `zorg` or `huis` expects to
//! find them too, below the pages that have the word itself.
//!
//! The build splits a surface form into parts that are words of the
//! handbook's own vocabulary, so no dictionary is needed and a part is
//! always a word a reader could have typed. A form `F` of at least
//! [`MIN_COMPOUND`] letters is split as `head + tail`, only where the
//! hyphenation patterns of the language may break it (`af|spraak`, not
//! `afsp|raak`), where
//!
//! - the tail is a word of the handbook of at least [`MIN_PART`] letters,
//!   perhaps followed by an inflection of [`ENDINGS`] (`mantel|zorgers`
//!   has the part `zorg`), and not a word that mostly ends other words
//!   ([`SUFFIX_WORDS`]: `aanmel|ding`);
//! - the head has at least [`MIN_PART`] letters and a vowel; when it is a
//!   word of the handbook too (also after dropping a linking `s`, `e` or
//!   `en`: `veiligheid|s|plan`), it is a part as well: `buurt|huis`. A head
//!   that is no word of the handbook must end in a consonant
//!   (`mantel|zorg`, but not `signa|leert`);
//! - the form's stem still starts with the head (`geregeld` is a form of
//!   `regel`, so it is not split as `gere|geld`).
//!
//! A head that is a word of the handbook also makes a part when the tail is
//! no word of it (`zorg|verlener`), if the tail looks like a word: at least
//! [`MIN_LONE_TAIL`] letters, starting with a consonant that does not end
//! the head too (`plan|ning`), not ending like an adjective (`zorg|vuldig`,
//! `werk|elijk` and `maat|schappelijk` stay whole).
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

use crate::config::Language;
use crate::readability::syllables;

/// A form shorter than this (in letters) is not split.
const MIN_COMPOUND: usize = 8;
/// The shortest head or tail word.
const MIN_PART: usize = 4;
/// Endings that may follow the tail word (`zorg` + `ers`).
const ENDINGS: &[&str] = &[
    "", "s", "e", "en", "es", "er", "ers", "je", "jes", "tje", "tjes",
];
/// Words that are mostly the ends of other words, never a part.
const SUFFIX_WORDS: &[&str] = &["ding", "dingen", "ling", "lijk", "lijke", "heid", "schap"];
/// The shortest tail that is no word of the handbook.
const MIN_LONE_TAIL: usize = 4;
/// Endings of adjectives, which make a word no compound of its head.
const ADJECTIVE_ENDINGS: &[&str] = &["ig", "lijk", "baar", "zaam", "loos", "isch"];
/// Letters that may join the two parts of a compound (`veiligheidsplan`,
/// `mensenrechten`, `ziektewet`).
const LINKING: &[&str] = &["s", "en", "e"];

/// Per stem id (`stem_count` of them): the stem ids of its parts, sorted,
/// without itself.
pub(super) fn parts(
    forms: &[(String, u32)],
    stem_names: &[String],
    language: Language,
) -> Vec<Vec<u32>> {
    let stem_count = stem_names.len();
    let words: HashMap<&str, u32> = forms
        .iter()
        .map(|(form, stem)| (form.as_str(), *stem))
        .collect();
    let found: Vec<(u32, Vec<u32>)> = forms
        .par_iter()
        .filter_map(|(form, stem)| {
            let found = split(form, &stem_names[*stem as usize], &words, language);
            (!found.is_empty()).then_some((*stem, found))
        })
        .collect();
    let mut parts = vec![Vec::new(); stem_count];
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
fn split(form: &str, stem: &str, words: &HashMap<&str, u32>, language: Language) -> Vec<u32> {
    let mut found = Vec::new();
    let letters = form.chars().count();
    if letters < MIN_COMPOUND || !form.chars().all(char::is_alphabetic) {
        return found;
    }
    for cut in syllables::breaks(form, language) {
        let (head, tail) = form.split_at(cut);
        if head.chars().count() < MIN_PART || tail.chars().count() < MIN_PART {
            continue;
        }
        // The stem must keep the head: otherwise the split is of a prefix
        // the stem lost (`ge|regeld` is a form of `regel`), and its parts
        // would go to every form of the stem.
        if !head.chars().any(is_vowel) || !stem.starts_with(head) {
            continue;
        }
        let tail_word = ENDINGS
            .iter()
            .filter_map(|ending| tail.strip_suffix(ending))
            .filter(|word| word.chars().count() >= MIN_PART && !SUFFIX_WORDS.contains(word))
            .find_map(|word| words.get(word));
        let head_word = std::iter::once(head)
            .chain(LINKING.iter().filter_map(|link| head.strip_suffix(link)))
            .filter(|word| word.chars().count() >= MIN_PART)
            .find_map(|word| words.get(word));
        match (tail_word, head_word) {
            (Some(&tail), Some(&head)) => found.extend([tail, head]),
            // A head that is no word of the handbook ends in a consonant
            // (`mantel|zorg`); one that ends in a vowel is most often a
            // syllable of a longer word (`signa|leert`).
            (Some(&tail), None) if !head.ends_with(is_vowel) => found.push(tail),
            // A consonant doubled across the cut is a syllable break inside
            // one word (`plan|ning`), not the seam of a compound.
            (None, Some(&head_stem))
                if looks_like_a_word(tail) && head.chars().last() != tail.chars().next() =>
            {
                found.push(head_stem);
            }
            _ => {}
        }
    }
    found
}

/// Whether a tail that is no word of the handbook still looks like one.
fn looks_like_a_word(tail: &str) -> bool {
    // An inflected adjective ends the same before its -e (`gemeente|lijke`).
    let bare = tail.strip_suffix('e').unwrap_or(tail);
    tail.chars().count() >= MIN_LONE_TAIL
        && tail.chars().next().is_some_and(|c| !is_vowel(c))
        && !ADJECTIVE_ENDINGS
            .iter()
            .any(|ending| bare.ends_with(ending))
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
        let parts = parts(&forms, &names, Language::Dutch);
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
        assert_eq!(parts_of("buurthuis", &["buurt"]), ["buurt"]);
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
        assert!(parts_of("gemeentelijke", &["gemeente"]).is_empty());
        assert!(parts_of("werking", &["werk", "king"]).is_empty());
        assert!(parts_of("planning", &["plan"]).is_empty());
        // Too short to split, numbers are not split.
        assert!(parts_of("wijkhuis", &["wijk", "huis"]).len() == 2);
        assert!(parts_of("huisarts", &[]).is_empty());
        assert!(parts_of("2015huis", &["huis"]).is_empty());
        // A head that is a syllable, not a word: signa|leert.
        assert!(parts_of("signaleert", &["leert"]).is_empty());
    }

    /// Prints every split the build makes of the sample handbook's words,
    /// to judge them by hand:
    /// `cargo test --lib compound_splits_of_the_sample -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn compound_splits_of_the_sample() {
        let mut analyser =
            super::super::analyse::Analyser::for_language(crate::config::Language::Dutch);
        let mut text = String::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                text += &std::fs::read_to_string(entry.path()).unwrap();
            }
        }
        let mut forms: Vec<String> = Vec::new();
        super::super::analyse::for_each_word(&text, |w| forms.push(w.to_string()));
        forms.sort();
        forms.dedup();
        forms.retain(|f| !analyser.is_stop_word(f));
        let mut names: Vec<String> = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let forms: Vec<(String, u32)> = forms
            .into_iter()
            .map(|f| {
                let stem = analyser.stem(&f);
                let id = *ids.entry(stem.clone()).or_insert_with(|| {
                    names.push(stem);
                    names.len() as u32 - 1
                });
                (f, id)
            })
            .collect();
        let parts = parts(&forms, &names, crate::config::Language::Dutch);
        let mut shown = 0;
        for (form, stem) in &forms {
            let list = &parts[*stem as usize];
            if !list.is_empty() {
                let found: Vec<&str> = list.iter().map(|&p| names[p as usize].as_str()).collect();
                println!("| {form} | {} |", found.join(", "));
                shown += 1;
            }
        }
        println!("{shown} forms of {} have parts", forms.len());
    }
}
