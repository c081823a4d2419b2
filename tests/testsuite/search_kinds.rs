//! Search: behaviour indicators (of the behaviour list and of each level)
//! and reflection questions are results of their own, of the kinds `gedrag`
//! and `reflectievraag`, with their anchors, labels and filters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Browser, Page};
use crate::helpers::{build, build_for_file, copy_folder, read_tree, sample_copy, stderr};

const WAIT: Duration = crate::helpers::DEADLINE;

/// A copy of the handbook with levels and reflection questions.
fn levels_handbook() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-levels");
    copy_folder(&from, &root);
    (dir, root)
}

/// The data a script file of the index hands to `bekwaamSearch.<call>(`.
fn script_data(bytes: &[u8], call: &str) -> Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let data = text
        .strip_prefix(&format!("bekwaamSearch.{call}("))
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {call} file: {text}"));
    // A fragment starts with its page number.
    let data = if call == "page" {
        data.split_once(',').unwrap().1
    } else {
        data
    };
    serde_json::from_str(data).unwrap()
}

/// The fragment of page `page` in a built tree.
fn fragment(tree: &BTreeMap<String, Vec<u8>>, page: u64) -> Value {
    let prefix = format!("zoek/p/{page}.");
    let (_, bytes) = tree
        .iter()
        .find(|(path, _)| path.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no fragment {prefix}"));
    script_data(bytes, "page")
}

#[test]
fn indicators_and_questions_are_results_with_their_anchors() {
    let (dir, root) = levels_handbook();
    let out = dir.path().join("public");
    let result = build(&root, &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = read_tree(&out);
    let manifest = script_data(&tree["zoek/index.js"], "manifest");
    assert_eq!(manifest["v"], 3);
    let competencies = manifest["competencies"].as_array().unwrap();
    // (indicators of the list and of the levels, questions) per competency.
    let counts: Vec<(&Value, &Value)> = competencies.iter().map(|c| (&c["g"], &c["r"])).collect();
    assert_eq!(counts, [(&json!(5), &json!(2)), (&json!(4), &json!(1))]);

    let first = &competencies[0];
    let fragment = fragment(&tree, first["p"].as_u64().unwrap());
    let results = fragment["d"].as_array().unwrap();
    // The introduction, 1 example, 1 tip, 5 indicators, 2 questions, in
    // the slots the manifest's counts describe.
    assert_eq!(results.len(), 10, "{results:?}");
    let slots: Vec<u64> = results.iter().map(|r| r[0].as_u64().unwrap()).collect();
    assert_eq!(slots, (0..10).collect::<Vec<u64>>());
    let titles_and_anchors: Vec<(&str, &str)> = results[3..]
        .iter()
        .map(|r| (r[1].as_str().unwrap(), r[2].as_str().unwrap()))
        .collect();
    assert_eq!(
        titles_and_anchors,
        [
            (
                "Je vraagt bewoners welke muziek en welk eten …",
                "gedrag-je-vraagt-bewoners-welke-muziek-en"
            ),
            (
                "Je regelt de vergunning voor het afsluiten van …",
                "gedrag-je-regelt-de-vergunning-voor-het"
            ),
            (
                "Startbekwaam: Je zet samen met bewoners de partytenten op.",
                "startbekwaam-je-zet-samen-met-bewoners-de"
            ),
            (
                "Vakbekwaam: Je verdeelt de taken over de vrijwilligers van …",
                "vakbekwaam-je-verdeelt-de-taken-over-de"
            ),
            (
                "Vakvolwassen: Je schrijft een draaiboek dat andere wijkteams gebruiken.",
                "vakvolwassen-je-schrijft-een-draaiboek-dat-andere"
            ),
            (
                "Wie uit de straat was er niet bij, …",
                "vraag-wie-uit-de-straat-was-er"
            ),
            (
                "Wat deed jij zelf, terwijl een bewoner het …",
                "vraag-wat-deed-jij-zelf-terwijl-een"
            ),
        ]
    );
    // Each anchor is an element of the competency's page.
    let path = fragment["u"].as_str().unwrap();
    let html = String::from_utf8(tree[&format!("{path}index.html")].clone()).unwrap();
    let page = scraper::Html::parse_document(&html);
    for (_, anchor) in &titles_and_anchors {
        let selector = scraper::Selector::parse(&format!("#{anchor}")).unwrap();
        assert_eq!(page.select(&selector).count(), 1, "#{anchor} on {path}");
    }
    // The whole text of an indicator is its result's text.
    assert_eq!(
        results[5][3],
        "Je zet samen met bewoners de partytenten op."
    );
    // The introduction keeps the free text and what each level means, but
    // not the words of the indicators and questions: they are results of
    // their own.
    let introduction = results[0][3].as_str().unwrap();
    for words in [
        "Je brengt bewoners bij elkaar",
        "Een feest in de straat",
        "Je leidt zelf een feest",
    ] {
        assert!(introduction.contains(words), "{words}: {introduction}");
    }
    for words in [
        "vergunning",
        "partytenten",
        "draaiboek",
        "Wie uit de straat",
    ] {
        assert!(!introduction.contains(words), "{words}: {introduction}");
    }
}

/// The results of a query through the page's search script:
/// `[kind, title, anchor]`.
fn search(page: &Page<'_>, query: &str) -> Vec<Value> {
    let js = format!(
        "window.bekwaamSearch.query({}).then(r => r.results.map(x => [x.kind, x.title, x.anchor]))",
        serde_json::to_string(query).unwrap()
    );
    match page.eval(&js).unwrap_or_else(|e| panic!("{query}: {e}")) {
        Value::Array(list) => list,
        other => panic!("{query}: {other}"),
    }
}

/// Opens `url` and waits for its search script.
fn open_search<'b>(browser: &'b Browser, url: &str) -> Page<'b> {
    let page = browser.open(url).unwrap();
    page.eval("document.getElementById('zoekveld').focus()")
        .unwrap();
    page.wait_for("window.bekwaamSearch && window.bekwaamSearch.query", WAIT)
        .unwrap();
    page
}

#[test]
fn level_indicators_and_questions_are_found_with_their_kind() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = levels_handbook();
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = open_search(&browser, &format!("{base}index.html"));
    let first = |query: &str| search(&page, query).first().cloned().unwrap_or(Value::Null);
    assert_eq!(
        first("draaiboek"),
        json!([
            "gedrag",
            "Vakvolwassen: Je schrijft een draaiboek dat andere wijkteams gebruiken.",
            "vakvolwassen-je-schrijft-een-draaiboek-dat-andere"
        ])
    );
    assert_eq!(
        first("vergunning straat"),
        json!([
            "gedrag",
            "Je regelt de vergunning voor het afsluiten van …",
            "gedrag-je-regelt-de-vergunning-voor-het"
        ])
    );
    assert_eq!(
        first("graag alleen of eenzaam"),
        json!([
            "reflectievraag",
            "Hoe merk je het verschil tussen graag alleen …",
            "vraag-hoe-merk-je-het-verschil-tussen"
        ])
    );
    // The words of an indicator find the indicator, not the introduction.
    let tents = search(&page, "partytenten");
    assert_eq!(tents.len(), 1, "{tents:?}");
    assert_eq!(tents[0][0], "gedrag");
}

/// Types `text` into the search field as a reader does.
fn type_query(page: &Page<'_>, text: &str) {
    page.eval(&format!(
        "(() => {{ const i = document.getElementById('zoekveld'); i.focus(); i.value = {}; \
         i.dispatchEvent(new Event('input', {{bubbles: true}})); }})()",
        serde_json::to_string(text).unwrap()
    ))
    .unwrap();
}

/// The labels of the kind filter's buttons that are shown.
fn shown_kinds(page: &Page<'_>) -> Value {
    page.eval("[...document.querySelectorAll('.search-kinds button')].filter(b => !b.hidden).map(b => b.textContent)")
        .unwrap()
}

#[test]
fn the_kind_filter_offers_behaviour_and_questions() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = levels_handbook();
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = open_search(&browser, &format!("{base}index.html"));
    type_query(&page, "bewoner");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 1",
        WAIT,
    )
    .unwrap();
    page.wait_for(
        "[...document.querySelectorAll('.search-kinds button')].filter(b => !b.hidden).length === 7",
        WAIT,
    )
    .expect("every kind has results");
    assert_eq!(
        shown_kinds(&page),
        json!([
            "Alles",
            "Competenties",
            "Gedrag",
            "Voorbeelden",
            "Tips",
            "Reflectievragen",
            "Pagina's"
        ])
    );
    for (label, meta) in [
        ("Gedrag", "Gedrag · "),
        ("Reflectievragen", "Reflectievraag · "),
    ] {
        page.eval(&format!(
            "[...document.querySelectorAll('.search-kinds button')].find(b => b.textContent === '{label}').click()"
        ))
        .unwrap();
        page.wait_for(
            &format!(
                "document.querySelectorAll('.search-meta').length > 0 && \
                 [...document.querySelectorAll('.search-meta')].every(m => m.textContent.startsWith('{meta}'))"
            ),
            WAIT,
        )
        .unwrap_or_else(|e| panic!("only {label}: {e}"));
    }

    // A handbook without questions or levels: no filter for questions.
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("handboek");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-handbook");
    copy_folder(&from, &small);
    let base = build_for_file(&small, &dir.path().join("public"), &[]);
    let page = open_search(&browser, &format!("{base}index.html"));
    page.wait_for("document.querySelector('.search-competency')", WAIT)
        .expect("the manifest is loaded");
    assert_eq!(
        shown_kinds(&page),
        json!([
            "Alles",
            "Competenties",
            "Gedrag",
            "Voorbeelden",
            "Tips",
            "Pagina's"
        ])
    );
}

/// A sentence of the sample's "Wat je ziet" finds its indicator, labelled
/// Gedrag, and its link opens the competency page at the indicator.
fn a_behaviour_sentence_opens_its_indicator(page: &Page<'_>) {
    page.wait_for("!document.querySelector('form[data-search]').hidden", WAIT)
        .expect("the search field is shown when JavaScript runs");
    type_query(page, "stilte gewoon even duren");
    page.wait_for(
        "document.querySelector('.search-list .search-title')?.textContent === \
         'Je stelt open vragen en laat een stilte …'",
        WAIT,
    )
    .expect("the indicator comes first");
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-meta').textContent")
            .unwrap(),
        "Gedrag · 1. Verheldert vragen en behoeften"
    );
    let href = page
        .eval_string("document.querySelector('.search-list a').href")
        .unwrap();
    assert!(
        href.ends_with("#gedrag-je-stelt-open-vragen-en-laat"),
        "{href}"
    );
    page.eval("document.querySelector('.search-list a').click()")
        .unwrap();
    page.wait_for(
        "location.hash === '#gedrag-je-stelt-open-vragen-en-laat' && \
         document.getElementById('gedrag-je-stelt-open-vragen-en-laat') && \
         document.querySelectorAll('mark.search-hit').length > 0",
        WAIT,
    )
    .expect("the competency page, at the indicator, with the words marked");
    assert!(
        page.eval_string(
            "document.getElementById('gedrag-je-stelt-open-vragen-en-laat').textContent"
        )
        .unwrap()
        .contains("een stilte gewoon even duren")
    );
}

#[cfg(feature = "serve")]
#[test]
fn a_behaviour_sentence_opens_its_indicator_over_http() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, root) = sample_copy();
    let preview = crate::preview::Preview::start(&root);
    let page = browser
        .open(&format!("{}competenties/", preview.url))
        .unwrap();
    a_behaviour_sentence_opens_its_indicator(&page);
}

#[test]
fn a_behaviour_sentence_opens_its_indicator_from_a_folder() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = sample_copy();
    let out = dir.path().join("public");
    let result = build(&root, &out, &["--portable"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let url = url::Url::from_file_path(out.join("competenties/index.html")).unwrap();
    let page = browser.open(url.as_str()).unwrap();
    a_behaviour_sentence_opens_its_indicator(&page);
    assert_eq!(page.eval("location.protocol").unwrap(), json!("file:"));
}
