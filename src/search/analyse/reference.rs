//! The Snowball stemmers against the Snowball project's own test
//! vocabularies (`../shared/reference/snowball/<language>/voc.txt`, one word
//! a line, and `output.txt`, the stem of each): the stems Bekwaam's rules
//! start from are exactly the published algorithm's. The browser's port is
//! held to the same files.

use super::Analyser;
use crate::config::Language;
use std::path::PathBuf;

/// The folder of the vocabularies, beside the repository.
fn folder(language: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/snowball")
        .join(language)
}

/// Each word of a vocabulary with its published stem.
fn vocabulary(language: &str) -> Vec<(String, String)> {
    let folder = folder(language);
    let read = |name: &str| {
        let path = folder.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "the Snowball test vocabulary {} cannot be read ({error}): \
                 the Snowball equality test needs the folder shared/reference/snowball \
                 beside the repository",
                path.display()
            )
        })
    };
    let (words, stems) = (read("voc.txt"), read("output.txt"));
    let pairs: Vec<(String, String)> = words
        .lines()
        .zip(stems.lines())
        .map(|(word, stem)| (word.to_string(), stem.to_string()))
        .collect();
    assert_eq!(words.lines().count(), stems.lines().count(), "{language}");
    pairs
}

/// The words whose Snowball stem differs from the published one.
fn differences(language: Language, vocabulary: &[(String, String)]) -> Vec<String> {
    let analyser = Analyser::for_language(language);
    vocabulary
        .iter()
        .filter_map(|(word, stem)| {
            let ours = analyser.stemmer.stem(word);
            (ours != *stem).then(|| format!("{word}: {ours}, published {stem}"))
        })
        .collect()
}

#[test]
fn the_dutch_snowball_stems_are_the_published_ones() {
    let vocabulary = vocabulary("dutch");
    assert!(vocabulary.len() > 45_000, "{} words", vocabulary.len());
    let differences = differences(Language::Dutch, &vocabulary);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn the_english_snowball_stems_are_the_published_ones() {
    let vocabulary = vocabulary("english");
    assert!(vocabulary.len() > 42_000, "{} words", vocabulary.len());
    let differences = differences(Language::English, &vocabulary);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn every_word_of_the_vocabularies_has_a_full_stem() {
    // The stems the browser's port must give too: never empty for a word.
    for (lang, folder) in [(Language::Dutch, "dutch"), (Language::English, "english")] {
        let mut analyser = super::Analyser::for_language(lang);
        for (word, _) in vocabulary(folder) {
            assert!(!analyser.stem(&super::fold(&word)).is_empty(), "{word}");
        }
    }
}
