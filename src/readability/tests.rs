use super::*;

fn dutch(body: &str) -> Figure {
    figure(body, Language::Dutch)
}

#[test]
fn the_figure_of_a_known_text() {
    // Je lui-stert goed naar de vraag van de be-wo-ner: 9 words, 12 syllables.
    let figure = dutch("Je luistert goed naar de vraag van de bewoner.");
    assert_eq!(
        (figure.words, figure.sentences, figure.syllables),
        (9, 1, 12)
    );
    let expected = 206.835 - 0.93 * 9.0 - 77.0 * 12.0 / 9.0;
    assert!((figure.score - expected).abs() < 1e-9, "{}", figure.score);
    assert_eq!(figure.label(), "te kort");
    let longer = dutch(&"Je luistert goed naar de vraag van de bewoner. ".repeat(6));
    assert_eq!((longer.words, longer.sentences), (54, 6));
    assert!((longer.score - expected).abs() < 1e-9, "{}", longer.score);
    assert_eq!(longer.label(), "makkelijk");
    // The formula goes below 0 for text this hard; the figure stops at 0.
    let hardest = dutch("Verantwoordelijkheidsgevoel.");
    assert_eq!(hardest.score, 0.0);
}

#[test]
fn long_words_and_sentences_make_a_hard_text() {
    let hard = dutch(
        "De maatschappelijke ondersteuningsbehoefte van kwetsbare burgers vraagt om \
         professionele verantwoordelijkheid en interdisciplinaire samenwerking tussen \
         gemeentelijke organisaties en welzijnsinstellingen in de wijk.",
    );
    assert!(hard.score < B1_SCORE, "{}", hard.score);
    let easy = dutch("Je gaat naar de mensen toe. Je vraagt wat ze willen. Je luistert.");
    assert!(easy.score > EASY_SCORE, "{}", easy.score);
}

#[test]
fn code_and_front_matter_do_not_count() {
    let with_code =
        dutch("Je luistert.\n\n```\nverantwoordelijkheidsgevoel = ondersteuningsbehoefte\n```\n");
    assert_eq!((with_code.words, with_code.sentences), (2, 1));
    assert_eq!(dutch("").score, 100.0);
}

fn analysed(text: &str, settings: &Check) -> Analysed {
    let body = text.find("+++\n").map_or(0, |_| {
        let second = text[4..].find("+++\n").unwrap() + 4;
        second + 4
    });
    analyse(
        text,
        body,
        settings,
        Language::Dutch,
        PageKind::Competency,
        "content/x.md",
    )
}

#[test]
fn a_long_sentence_is_reported_at_its_first_word() {
    let text = "+++\ntitle = \"X\"\n+++\nKort.\n\n- Een twee drie vier vijf zes zeven acht negen tien. Dit \
                zijn elf woorden in een zin die te lang is.\n";
    let settings = Check {
        max_sentence_words: 10,
        ..Check::default()
    };
    let found = analysed(text, &settings).long_sentences;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].position(), Some((6, 54)));
    assert!(
        found[0]
            .message
            .starts_with("deze zin heeft 11 woorden (\"Dit zijn elf woorden in …\")")
    );
}

#[test]
fn a_long_word_is_reported_once_per_page_and_names_not_at_all() {
    let text = "+++\ntitle = \"X\"\n+++\nDe ondersteuningsbehoefte is groot.\n\
                Die ondersteuningsbehoefte ook. Bel Zorgverzekeraarsorganisatie.\n";
    let found = analysed(text, &Check::default()).long_words;
    let words: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|w| (w.word.as_str(), w.line, w.column))
        .collect();
    assert_eq!(words, [("ondersteuningsbehoefte", 4, 4)]);
}

#[test]
fn the_vocabulary_is_the_handbooks_own() {
    let settings = Check {
        words: vec!["Burgerparticipatie".into()],
        ..Check::default()
    };
    let page = |body: &str| {
        let text = format!("+++\ntitle = \"X\"\n+++\n{body}\n");
        Some(analysed(&text, &settings))
    };
    let pages = [
        page("## Samenwerkingsverbanden\n\nDe burgerparticipaties groeien."),
        page("Een ondersteuningsvraag. De welzijnsorganisatie."),
        page("Een ondersteuningsvraag. De samenwerkingsverbanden."),
        page("Een ondersteuningsvragen."),
        page("Niets."),
    ];
    let vocabulary = Vocabulary::of(&settings, Language::Dutch, &pages);
    let stemmer = stemmer(Language::Dutch);
    let has = |word: &str| vocabulary.has(&stem(&stemmer, word));
    assert!(has("burgerparticipatie"), "from [check] words, by its stem");
    assert!(has("samenwerkingsverband"), "from a competency's heading");
    assert!(has("ondersteuningsvraag"), "on three pages");
    assert!(!has("welzijnsorganisatie"), "on one page only");
}

proptest::proptest! {
    /// Any body gives a figure in range and places inside the file, without
    /// a panic: entities, typographic quotes and addresses shift the text
    /// against the Markdown.
    #[test]
    fn any_body_gives_a_figure_and_places_in_the_file(
        body in "([a-zA-Zé' .,!?*_`#&;:/@\\-\\n]|bijv\\. |3\\.5|&amp;|https://x\\.nl|\\[a\\]\\(b\\)){0,80}"
    ) {
        let figure = dutch(&body);
        proptest::prop_assert!((0.0..=100.0).contains(&figure.score));
        let settings = Check { max_sentence_words: 1, max_word_syllables: 1, ..Check::default() };
        let text = format!("+++\ntitle = \"X\"\n+++\n{body}");
        let found = analysed(&text, &settings);
        let lines = text.split('\n').count();
        for warning in &found.long_sentences {
            let (line, _) = warning.position().unwrap();
            proptest::prop_assert!(line > 3 && line <= lines, "{warning}");
        }
        for word in &found.long_words {
            proptest::prop_assert!(word.line > 3 && word.line <= lines);
        }
    }
}
