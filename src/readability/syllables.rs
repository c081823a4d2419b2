//! Syllables of a word, from the hyphenation patterns of its language.
//!
//! The Knuth-Liang patterns (the `hyphenation` crate, with its dictionaries
//! built into the binary) say where a word may be broken at the end of a
//! line; in Dutch and English nearly every such place is a syllable boundary.
//! The patterns never break off a single letter at either end (`e-ten`),
//! and break a compound at its parts: so a count is a close lower bound,
//! which is what a warning about long words wants (it should not cry wolf).

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

use crate::config;

/// The patterns of Dutch and of English, loaded once per process.
fn dictionary(language: config::Language) -> Option<&'static Standard> {
    static DUTCH: OnceLock<Option<Standard>> = OnceLock::new();
    static ENGLISH: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, name) = match language {
        config::Language::Dutch => (&DUTCH, Language::Dutch),
        config::Language::English => (&ENGLISH, Language::EnglishUS),
    };
    cell.get_or_init(|| {
        let mut standard = Standard::from_embedded(name).ok()?;
        // Let the patterns break as close to the ends as they know how to.
        standard.minima = (1, 1);
        Some(standard)
    })
    .as_ref()
}

/// How many syllables `word` has: at least 1. A word without letters (a
/// number) has 1.
pub(crate) fn count(word: &str, language: config::Language) -> usize {
    if !word.chars().any(char::is_alphabetic) {
        return 1;
    }
    let lower = word.to_lowercase();
    match dictionary(language) {
        Some(standard) => standard.hyphenate(&lower).breaks.len() + 1,
        None => 1,
    }
}

/// Where `word` (lower case) may be broken: byte offsets, in order.
pub(crate) fn breaks(word: &str, language: config::Language) -> Vec<usize> {
    dictionary(language).map_or_else(Vec::new, |standard| standard.hyphenate(word).breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nl(word: &str) -> usize {
        count(word, config::Language::Dutch)
    }

    #[test]
    fn dutch_words_have_their_syllables() {
        for (word, syllables) in [
            ("de", 1),
            ("vraag", 1),
            ("werken", 2),
            ("netwerk", 2),
            ("luisteren", 3),
            ("Competentie", 4),
            ("verantwoordelijk", 5),
            ("ondersteuningsbehoefte", 7),
            ("zelfregie", 3),
        ] {
            assert_eq!(nl(word), syllables, "{word}");
        }
    }

    /// The patterns never break off one letter at an end: such words
    /// count one syllable short (the README says so).
    #[test]
    fn one_letter_at_an_end_is_not_a_syllable_of_its_own() {
        assert_eq!(nl("eten"), 1);
        assert_eq!(nl("over"), 1);
    }

    #[test]
    fn a_number_is_one_syllable() {
        assert_eq!(nl("2026"), 1);
        assert_eq!(nl("3.5"), 1);
    }

    proptest::proptest! {
        /// Any text an editor can write gets a count, without a panic:
        /// case folding that changes lengths (`İ`), marks, scripts the
        /// patterns do not know.
        #[test]
        fn any_word_gets_a_count(word in "\\PC{0,40}") {
            proptest::prop_assert!(nl(&word) >= 1);
            proptest::prop_assert!(count(&word, config::Language::English) >= 1);
        }
    }

    #[test]
    fn english_has_its_own_patterns() {
        assert_eq!(count("understanding", config::Language::English), 4);
    }
}
