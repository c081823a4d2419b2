//! Search with the words in a reader's head: forms the handbook does not
//! contain, parts of compound words, and typos. The browser analyses a query
//! as the build analyses text; these tests hold the two to one result and
//! run the theme's own script in Chromium, over HTTP and from `file://`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Browser, Page};
use crate::helpers::{build_for_file, copy_folder, sample_copy};

const WAIT: Duration = crate::helpers::DEADLINE;

/// The Snowball project's test vocabularies, where they lie beside the
/// repository.
fn snowball(folder: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/snowball")
        .join(folder);
    assert!(
        dir.join("voc.txt").is_file(),
        "the Snowball vocabularies are missing: {}",
        dir.display()
    );
    dir
}

fn theme_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/static")
        .join(name)
}

/// Whether node runs; without it the test says it was skipped, unless
/// `BEKWAAM_REQUIRE_BROWSER=1` (CI), where it must run.
fn node() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("BEKWAAM_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("BEKWAAM_REQUIRE_BROWSER=1, but node is not installed");
        }
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "stemmer tests in node skipped: node not found"
        );
    }
    found
}

#[test]
fn the_javascript_stemmers_give_the_snowball_stems() {
    if !node() {
        return;
    }
    for (file, name, folder) in [
        ("bekwaam-stam-nl.js", "nlSnowball", "dutch"),
        ("bekwaam-stam-en.js", "en", "english"),
    ] {
        let dir = snowball(folder);
        let out = Command::new("node")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/stemmers.js"))
            .arg(theme_file(file))
            .arg(name)
            .arg(dir.join("voc.txt"))
            .arg(dir.join("output.txt"))
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{file}: {report}");
        let lines = std::fs::read_to_string(dir.join("voc.txt"))
            .unwrap()
            .lines()
            .count();
        assert!(
            report.contains(&format!("{lines}/{lines}")),
            "{file}: {report}"
        );
    }
}

/// A copy of the small handbook of these tests (its words are not the
/// sample's) in a temporary folder.
fn small_handbook_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-handbook");
    copy_folder(&from, &root);
    (dir, root)
}

/// The small handbook built for `file://`: the address of its home page.
fn small_handbook() -> (tempfile::TempDir, String) {
    let (dir, root) = small_handbook_copy();
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    (dir, format!("{base}index.html"))
}

/// Texts where cutting, folding and apostrophes are easy to get wrong.
const AWKWARD: &[&str] = &[
    "De Wmo 2015 en collega's: creëren, zo'n café-bezoek!",
    "’s Avonds naar 's-Hertogenbosch, auto's's en x'y'z.",
    "ÉÉN naïeve Straße İstanbul ΣΟΦΙΑ ĳsbaan ﬁets e\u{301}xtra",
    "don’t 123abc 4,5 3.14 a-b_c (haakjes) «aanhalingen» — streep",
    "MantelZorgers' huis' ' ' ''dubbel'' 😀emoji😀 tab\tnieuw\nregel",
];

/// Opens `url` with the search script loaded.
fn open_search<'b>(browser: &'b Browser, url: &str) -> Page<'b> {
    let page = browser.open(url).unwrap();
    page.eval("document.getElementById('zoekveld').focus()")
        .unwrap();
    page.wait_for("window.bekwaamSearch && window.bekwaamSearch.query", WAIT)
        .unwrap();
    page
}

/// `[title, found only inside a compound]` of each result of `query` (the
/// first six, as the list shows them).
fn results(page: &Page<'_>, query: &str) -> Vec<Value> {
    results_up_to(page, query, 6)
}

/// `[title, found only inside a compound]` of the first `limit` results of
/// `query`.
fn results_up_to(page: &Page<'_>, query: &str, limit: usize) -> Vec<Value> {
    let js = format!(
        "window.bekwaamSearch.query({}, null, {limit}).then(r => r.results.map(x => [x.title, x.inCompound]))",
        serde_json::to_string(query).unwrap()
    );
    match page.eval(&js).unwrap_or_else(|e| panic!("{query}: {e}")) {
        Value::Array(list) => list,
        other => panic!("{query}: {other}"),
    }
}

#[test]
fn the_browser_analyses_words_as_the_build_does() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    for (language, folder) in [("nl", "dutch"), ("en", "english")] {
        let (dir, root) = small_handbook_copy();
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        crate::helpers::write(
            &root,
            "config.toml",
            config.replace("language = \"nl\"", &format!("language = \"{language}\"")),
        );
        let base = build_for_file(&root, &dir.path().join("public"), &[]);
        let page = open_search(&browser, &format!("{base}index.html"));
        let mut text = std::fs::read_to_string(snowball(folder).join("voc.txt")).unwrap();
        for awkward in AWKWARD {
            text.push_str(awkward);
            text.push('\n');
        }
        let expected: Vec<Value> = bekwaam::search::analyse_for_tests(language, &text)
            .into_iter()
            .map(|(form, stem)| json!([form, stem]))
            .collect();
        assert!(
            expected.len() > 40_000,
            "{language}: {} words",
            expected.len()
        );
        let got = page
            .eval(&format!(
                "window.bekwaamSearch.analyse({})",
                serde_json::to_string(&text).unwrap()
            ))
            .unwrap();
        let got = got.as_array().unwrap();
        let wrong: Vec<String> = expected
            .iter()
            .zip(got.iter())
            .filter(|(a, b)| a != b)
            .take(20)
            .map(|(a, b)| format!("build {a}, browser {b}"))
            .collect();
        assert!(
            wrong.is_empty() && got.len() == expected.len(),
            "{language}: {} words from the build, {} from the browser; first differences:\n{}",
            expected.len(),
            got.len(),
            wrong.join("\n")
        );
    }
}

/// Runs a table of (query, title of the first result) and lists the rows
/// that fail. A behaviour indicator or a reflection question has no title
/// of its own (its first words name it in the list), so the table names it
/// by its competency.
fn wrong_rows(page: &Page<'_>, table: &[(&str, &str)]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (query, title) in table {
        let js = format!(
            "window.bekwaamSearch.query({}).then(r => r.results.map(x => \
             x.kind === 'gedrag' || x.kind === 'reflectievraag' ? x.competency.title : x.title))",
            serde_json::to_string(query).unwrap()
        );
        let found = page.eval(&js).unwrap_or_else(|e| panic!("{query}: {e}"));
        let first = found.get(0).cloned().unwrap_or(Value::Null);
        if first != *title {
            wrong.push(format!("{query:?}: expected {title:?}, got {first}"));
        }
    }
    wrong
}

/// Queries in forms that the handbook does not contain (checked below), with
/// the result that must come first.
const SMALL_HANDBOOK_TABLE: &[(&str, &str)] = &[
    ("vechtpartijen", "De vechtpartij bij de voetbalkooi"),
    ("spelcomputers", "Een spelcomputer in het buurthuis"),
    ("voetbalkooien", "De vechtpartij bij de voetbalkooi"),
    ("meldcodes", "Een melding volgens de meldcode"),
    ("sporthallen", "Houd de sporthal in de gaten"),
    ("zorgverleners", "Leer van de zorgverlener"),
    ("buurthuizen", "Een spelcomputer in het buurthuis"),
    ("logboeken", "Houd een logboek bij"),
    ("trainingen", "Een training over de sociale kaart"),
    ("conflict", "Grijpt in bij conflicten"),
    ("wedstrijden", "De vechtpartij bij de voetbalkooi"),
    ("winkel", "Ken de mensen in de wijk"),
    ("beheerders", "Houd de sporthal in de gaten"),
    ("bijeenkomst", "Plan de intervisie vooruit"),
    ("meisjes", "Een melding volgens de meldcode"),
    ("vaders", "Samen met de zorgverlener"),
    ("onrustig", "De intervisie over een moeilijke avond"),
    ("schouder", "Werkt met de buurt"),
    ("intervisies", "Plan de intervisie vooruit"),
    ("ontmoet", "Werkt met de buurt"),
];

/// The same for the sample handbook.
const SAMPLE_TABLE: &[(&str, &str)] = &[
    ("luisterend", "Wat is een competentie?"),
    ("trapliften", "De traplift die geen traplift was"),
    ("wasserettes", "Spreekuur in de wasserette"),
    ("brievenbussen", "De volle brievenbus van meneer Visser"),
    ("voetbalclubs", "Een voetbalclub die verder kijkt"),
    ("taalbarrieres", "Gebruik een tolk bij een taalbarrière"),
    ("weduwen", "Van eenzame weduwe naar kokkin van de buurt"),
    ("koelkasten", "Kijk ook om je heen"),
    ("signaleerde", "Signaleert en speelt in op veranderingen"),
    ("vertrouwelijk", "Kom terug als je dat belooft"),
    ("dagbestedingen", "Verheldert vragen en behoeften"),
    ("vragenlijsten", "Verheldert vragen en behoeften"),
    ("huisartsen", "Ken de mensen, niet alleen de organisaties"),
    // An indicator: "samen een formulier invullen".
    ("formulieren", "Versterkt eigen kracht en zelfregie"),
    ("buurvrouwen", "Het netwerk van Fatima"),
    ("gesprekje", "Neem de tijd voor het eerste gesprek"),
    ("luisterde", "Wat is een competentie?"),
    ("dochters", "Een netwerk rond meneer De Vries"),
    ("vangnetten", "Geef vrijwilligers steun en een vangnet"),
];

#[test]
fn forms_the_handbook_does_not_contain_find_their_page() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    assert!(SMALL_HANDBOOK_TABLE.len() + SAMPLE_TABLE.len() >= 30);
    let (_small_dir, small) = small_handbook();
    let (sample_dir, root) = sample_copy();
    let sample = build_for_file(&root, &sample_dir.path().join("public"), &[]);
    for (url, table, content) in [
        (
            small,
            SMALL_HANDBOOK_TABLE,
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-handbook/content"),
        ),
        (
            format!("{sample}index.html"),
            SAMPLE_TABLE,
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        ),
    ] {
        let page = open_search(&browser, &url);
        // The query's form is truly not in the handbook: only its stem meets.
        let vocabulary = page
            .eval(&format!(
                "window.bekwaamSearch.analyse({}).then(w => w.map(x => x[0]))",
                serde_json::to_string(&all_text(&content)).unwrap()
            ))
            .unwrap();
        for (query, _) in table {
            assert!(
                !vocabulary.as_array().unwrap().contains(&json!(query)),
                "{query} is in the handbook"
            );
        }
        let wrong = wrong_rows(&page, table);
        assert!(wrong.is_empty(), "{url}:\n{}", wrong.join("\n"));
    }
}

/// The text of every Markdown file below `dir`.
fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            text += &std::fs::read_to_string(entry.path()).unwrap();
            text.push('\n');
        }
    }
    text
}

#[test]
fn a_part_of_a_compound_finds_the_compound_below_the_word_itself() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, url) = small_handbook();
    let page = open_search(&browser, &url);
    // `zorg` is a word of the handbook; mantelzorg and zorgverlener come
    // after the results that have the word itself.
    let zorg = results_up_to(&page, "zorg ", 20);
    let compound = zorg.iter().position(|r| r[1] == true).expect("compounds");
    assert!(compound > 0, "{zorg:?}");
    assert!(zorg[compound..].iter().all(|r| r[1] == true), "{zorg:?}");
    let titles: Vec<&Value> = zorg[compound..].iter().map(|r| &r[0]).collect();
    assert!(
        titles.contains(&&json!("Leer van de zorgverlener")),
        "{zorg:?}"
    );
    assert!(titles.contains(&&json!("Werkt met de buurt")), "{zorg:?}");
    // Both parts of buurthuis, and the compound itself.
    for query in ["buurt huis", "buurt huis ", "buurthuis"] {
        let found = results(&page, query);
        assert_eq!(
            found.first().map(|r| &r[0]),
            Some(&json!("Een spelcomputer in het buurthuis")),
            "{query}: {found:?}"
        );
    }
    // A part finds the compound as a result of its own; a part that is no
    // word of the handbook (`huis`: only `huisarts` and `buurthuis`) is not
    // looked for inside compounds.
    let buurt = results(&page, "buurt ");
    assert!(
        buurt.contains(&json!(["Een spelcomputer in het buurthuis", true])),
        "{buurt:?}"
    );
    let huis = results(&page, "huis ");
    assert!(huis.is_empty(), "{huis:?}");
}

/// Types `text` into the search field as a reader does, and waits until
/// the status line has said something about it.
fn type_query(page: &Page<'_>, text: &str) {
    page.eval(&format!(
        "(() => {{ const i = document.getElementById('zoekveld'); i.focus(); i.value = {}; \
         document.querySelector('#zoekresultaten [role=status]') && \
         (document.querySelector('#zoekresultaten [role=status]').textContent = ''); \
         i.dispatchEvent(new Event('input', {{bubbles: true}})); }})()",
        serde_json::to_string(text).unwrap()
    ))
    .unwrap();
    page.wait_for(
        "document.querySelector('#zoekresultaten [role=status]').textContent !== ''",
        WAIT,
    )
    .unwrap();
}

/// A typo gets "Bedoel je" buttons; the keyboard reaches and chooses them,
/// and the chosen word's results follow.
fn a_typo_offers_the_nearest_word(page: &Page<'_>) {
    page.wait_for("!document.querySelector('form[data-search]').hidden", WAIT)
        .unwrap();
    type_query(page, "intervsie");
    page.wait_for("document.querySelector('.search-suggestion')", WAIT)
        .expect("a suggestion");
    let status = "document.querySelector('#zoekresultaten [role=status]').textContent";
    assert_eq!(
        page.eval_string(status).unwrap(),
        "Geen resultaten voor “intervsie”. Bedoel je: intervisie?"
    );
    // From the field, the arrow key goes to the suggestion; Enter chooses it.
    page.press_key("ArrowDown").unwrap();
    assert_eq!(
        page.eval_string("document.activeElement.textContent")
            .unwrap(),
        "intervisie"
    );
    page.press_key("Enter").unwrap();
    page.wait_for(
        "document.getElementById('zoekveld').value === 'intervisie' && \
         document.querySelectorAll('.search-list li').length > 0",
        WAIT,
    )
    .expect("the suggestion is searched for");
    assert_eq!(
        page.eval_string("document.activeElement.id").unwrap(),
        "zoekveld"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-title').textContent")
            .unwrap(),
        "Plan de intervisie vooruit"
    );
    // A word that finds nothing beside one that does: the results stay, and
    // the status line says which word found nothing. Tab reaches the button.
    type_query(page, "logboek sporthla");
    page.wait_for("document.querySelector('.search-suggestion')", WAIT)
        .expect("a suggestion beside results");
    let said = page.eval_string(status).unwrap();
    assert!(
        said.contains("Niets gevonden voor “sporthla”. Bedoel je: sporthal?"),
        "{said}"
    );
    let mut tabs = 0;
    while page
        .eval("document.activeElement.classList.contains('search-suggestion')")
        .unwrap()
        != json!(true)
    {
        tabs += 1;
        assert!(tabs < 40, "Tab never reaches the suggestion");
        page.press_key("Tab").unwrap();
    }
    page.press_key("Enter").unwrap();
    page.wait_for(
        "document.getElementById('zoekveld').value === 'logboek sporthal'",
        WAIT,
    )
    .unwrap();
    // An unseen plural typed into the field finds its page, marked.
    type_query(page, "vechtpartijen ");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 0",
        WAIT,
    )
    .unwrap();
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-title').textContent")
            .unwrap(),
        "De vechtpartij bij de voetbalkooi"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.search-list mark').textContent")
            .unwrap(),
        "vechtpartij"
    );
}

#[test]
fn a_typo_offers_the_nearest_word_from_a_folder() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, url) = small_handbook();
    let page = browser.open(&url).unwrap();
    a_typo_offers_the_nearest_word(&page);
}

#[cfg(feature = "serve")]
#[test]
fn a_typo_offers_the_nearest_word_over_http() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, root) = small_handbook_copy();
    let preview = crate::preview::Preview::start(&root);
    let page = browser.open(&preview.url).unwrap();
    a_typo_offers_the_nearest_word(&page);
}
