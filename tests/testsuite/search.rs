//! Search: the index the build writes, queried in a real browser through
//! the theme's own script, over HTTP and from `file://`.

use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Browser, Page};
use crate::helpers::{
    build, build_for_file, copy_sample, read_tree, sample_copy, sample_root, starter, stderr, write,
};

const WAIT: Duration = crate::helpers::DEADLINE;

/// The results of a query through the page's search script:
/// `[kind, title, anchor, competency number, matches every word]`.
fn search(page: &Page<'_>, query: &str) -> Vec<Value> {
    let js = format!(
        "window.bekwaamSearch.query({}).then(r => r.results.map(x => \
         [x.kind, x.title, x.anchor, x.competency && x.competency.number, x.matchedAll]))",
        serde_json::to_string(query).unwrap()
    );
    match page.eval(&js).unwrap_or_else(|e| panic!("{query}: {e}")) {
        Value::Array(list) => list,
        other => panic!("{query}: {other}"),
    }
}

#[test]
fn the_index_is_a_manifest_chunks_and_a_fragment_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let result = build(&sample_root(), &dir.path().join("public"), &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = read_tree(&dir.path().join("public"));
    let manifest = String::from_utf8(tree["zoek/index.js"].clone()).unwrap();
    let json = manifest
        .strip_prefix("bekwaamSearch.manifest(")
        .and_then(|m| m.strip_suffix(");\n"))
        .unwrap();
    let manifest: Value = serde_json::from_str(json).unwrap();
    assert_eq!(manifest["v"], 3);
    assert_eq!(manifest["lang"], "nl");
    assert_eq!(manifest["competencies"].as_array().unwrap().len(), 10);
    // 10 introductions, 30 examples, 74 tips and the sections of the pages.
    assert!(manifest["documents"].as_u64().unwrap() > 114);
    for chunk in manifest["chunks"].as_array().unwrap() {
        let file = format!("zoek/{}", chunk[1].as_str().unwrap());
        let bytes = &tree[&file];
        assert!(bytes.len() < 80 * 1024, "{file} is {} bytes", bytes.len());
        // The name carries the hash of the content.
        let hash = file.rsplit('.').nth(1).unwrap();
        assert_eq!(hash.len(), 8, "{file}");
        assert!(String::from_utf8_lossy(bytes).starts_with("bekwaamSearch.chunk("));
    }
    let fragments = tree.keys().filter(|p| p.starts_with("zoek/p/")).count();
    assert_eq!(fragments, 13, "one fragment per page");
    // Plain text only: no markup from the pages in the index.
    for (path, bytes) in tree.iter().filter(|(p, _)| p.starts_with("zoek/")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<p>") && !text.contains("<a "), "{path}");
    }
}

#[test]
fn search_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handbook");
    copy_sample(&root);
    let has_search = |tree: &std::collections::BTreeMap<String, Vec<u8>>| {
        let home = scraper::Html::parse_document(&String::from_utf8_lossy(&tree["index.html"]));
        let selector = scraper::Selector::parse("form[data-search]").unwrap();
        (
            tree.keys().filter(|p| p.starts_with("zoek/")).count(),
            home.select(&selector).count(),
        )
    };
    let on = build(&root, &dir.path().join("on"), &[]);
    assert!(on.status.success(), "{}", stderr(&on));
    let (files, elements) = has_search(&read_tree(&dir.path().join("on")));
    assert!(files > 13, "the index: {files} files");
    assert_eq!(elements, 1, "the search field");

    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!("{config}\n[search]\nenabled = false\n"),
    );
    let off = build(&root, &dir.path().join("off"), &[]);
    assert!(off.status.success(), "{}", stderr(&off));
    assert_eq!(has_search(&read_tree(&dir.path().join("off"))), (0, 0));

    write(
        &root,
        "config.toml",
        format!("{config}\n[search]\nenable = false\n"),
    );
    let typo = build(&root, &dir.path().join("typo"), &[]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(stderr(&typo).contains("enabled"), "{}", stderr(&typo));
}

#[test]
fn the_first_result_is_the_one_a_reader_expects() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = sample_copy();
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = browser.open(&format!("{base}index.html")).unwrap();
    // The search script loads when someone starts to search.
    assert_eq!(
        page.eval("window.bekwaamSearch === undefined").unwrap(),
        json!(true)
    );
    page.eval("document.getElementById('zoekveld').focus()")
        .unwrap();
    page.wait_for("window.bekwaamSearch && window.bekwaamSearch.query", WAIT)
        .unwrap();
    // (query, kind, title of the first result)
    let table = [
        ("traplift", "voorbeeld", "De traplift die geen traplift was"),
        ("trapl", "voorbeeld", "De traplift die geen traplift was"),
        ("budget", "tip", "Gebruik wat er al is"),
        ("wasserette", "voorbeeld", "Spreekuur in de wasserette"),
        (
            "brievenbus",
            "voorbeeld",
            "De volle brievenbus van meneer Visser",
        ),
        (
            "voetbalclub",
            "voorbeeld",
            "Een voetbalclub die verder kijkt",
        ),
        (
            "taalbarriere",
            "tip",
            "Gebruik een tolk bij een taalbarrière",
        ),
        (
            "taalbarrière",
            "tip",
            "Gebruik een tolk bij een taalbarrière",
        ),
        ("eigen bril", "tip", "Check je eigen bril"),
        (
            "mantelzorgers avond",
            "voorbeeld",
            "Een avond vrij voor mantelzorgers",
        ),
        (
            "eenzaam",
            "voorbeeld",
            "Van eenzame weduwe naar kokkin van de buurt",
        ),
        (
            "ondernemend",
            "competentie",
            "Is ondernemend en benut professionele ruimte",
        ),
        (
            "zelfregie",
            "competentie",
            "Versterkt eigen kracht en zelfregie",
        ),
        (
            "signaleren",
            "competentie",
            "Signaleert en speelt in op veranderingen",
        ),
        (
            "culturen",
            "competentie",
            "Beweegt zich tussen verschillende werelden en culturen",
        ),
        (
            "werkt samen",
            "competentie",
            "Werkt samen en versterkt netwerken",
        ),
        (
            "verheldert",
            "competentie",
            "Verheldert vragen en behoeften",
        ),
        (
            "vrijwilligers",
            "tip",
            "Geef vrijwilligers steun en een vangnet",
        ),
        (
            "huisbezoek",
            "voorbeeld",
            "Samen op huisbezoek bij huurachterstand",
        ),
    ];
    assert!(table.len() >= 15);
    let mut wrong = Vec::new();
    for (query, kind, title) in table {
        let results = search(&page, query);
        let first = results.first().cloned().unwrap_or(Value::Null);
        if first[0] != kind || first[1] != title {
            wrong.push(format!("{query:?}: expected {kind} {title:?}, got {first}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Results that match every word come first.
    let results = search(&page, "netwerk fatima");
    assert_eq!(results[0][1], "Het netwerk van Fatima");
    assert_eq!(results[0][4], true);
    let partial = results.iter().position(|r| r[4] == false).unwrap();
    assert!(results[..partial].iter().all(|r| r[4] == true));
    // Stop words alone find nothing; stemming joins forms.
    assert!(search(&page, "de het een ").is_empty());
    let werkt = search(&page, "ondersteunt ");
    let ondersteuning = search(&page, "ondersteuning ");
    assert_eq!(
        werkt, ondersteuning,
        "ondersteunt and ondersteuning are one word"
    );
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

/// The search field on a page: results as you type, keys, filters, the
/// query in the address, and the words marked on the page a result opens.
fn search_field_works(page: &Page<'_>, file: bool) {
    page.wait_for("!document.querySelector('form[data-search]').hidden", WAIT)
        .expect("the search field is shown when JavaScript runs");
    // `/` focuses the field.
    page.eval(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true}))",
    )
    .unwrap();
    assert_eq!(
        page.eval("document.activeElement.id").unwrap(),
        json!("zoekveld")
    );
    type_query(page, "wasserette");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 0",
        WAIT,
    )
    .expect("results as you type");
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-title').textContent")
            .unwrap(),
        "Spreekuur in de wasserette"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-meta').textContent")
            .unwrap(),
        "Voorbeeld · 10. Is ondernemend en benut professionele ruimte"
    );
    assert_eq!(
        page.eval("document.querySelector('.search-list mark').textContent")
            .unwrap(),
        json!("wasserette")
    );
    assert_eq!(
        page.eval_string("document.querySelector('#zoekresultaten [role=status]').textContent")
            .unwrap(),
        "1 resultaat"
    );
    assert_eq!(
        page.eval("new URLSearchParams(location.search).get('zoek')")
            .unwrap(),
        json!("wasserette")
    );
    // Arrow down to the result, Esc back to the field and closed.
    page.eval("document.getElementById('zoekveld').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}))")
        .unwrap();
    assert_eq!(
        page.eval("document.activeElement.classList.contains('search-result')")
            .unwrap(),
        json!(true)
    );
    page.eval("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))")
        .unwrap();
    assert_eq!(
        page.eval("[document.activeElement.id, document.getElementById('zoekresultaten').hidden]")
            .unwrap(),
        json!(["zoekveld", true])
    );
    // Only tips.
    type_query(page, "netwerk");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 1",
        WAIT,
    )
    .unwrap();
    // Six results at first; "Meer resultaten" shows six more and moves the
    // focus to the first of them.
    let shown = |page: &Page<'_>| {
        page.eval("document.querySelectorAll('.search-list li').length")
            .unwrap()
    };
    page.wait_for("!document.querySelector('.search-more').hidden", WAIT)
        .expect("more results than are shown");
    assert_eq!(shown(page), json!(6));
    page.eval("document.querySelector('.search-more').click()")
        .unwrap();
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 6 && \
         document.activeElement === document.querySelectorAll('.search-list a')[6]",
        WAIT,
    )
    .expect("six more, the first of them focused");
    page.eval("document.querySelector('[data-kind=\"2\"]').click()")
        .unwrap();
    page.wait_for(
        "[...document.querySelectorAll('.search-meta')].every(m => m.textContent.startsWith('Tip'))",
        WAIT,
    )
    .expect("only tips");
    page.eval("document.querySelector('[data-kind=\"\"]').click()")
        .unwrap();
    // Only one competency: the filter lists the ten from the index; choose
    // the competency of the first result.
    assert_eq!(
        page.eval("document.querySelectorAll('.search-competency option').length")
            .unwrap(),
        json!(11)
    );
    page.wait_for(
        "[...document.querySelectorAll('.search-meta')].some(m => / · \\d+\\. /.test(m.textContent))",
        WAIT,
    )
    .unwrap();
    let number = page
        .eval_string(
            "[...document.querySelectorAll('.search-meta')].map(m => m.textContent.match(/ · (\\d+)\\. /)).find(m => m)[1]",
        )
        .unwrap();
    let all_of = |n: &str| {
        format!(
            "document.querySelectorAll('.search-meta').length > 0 && \
             [...document.querySelectorAll('.search-meta')].every(m => m.textContent.includes(' · {n}. '))"
        )
    };
    assert_eq!(
        page.eval(&all_of(&number)).unwrap(),
        json!(false),
        "results of other competencies first"
    );
    page.eval(&format!(
        "const s = document.querySelector('.search-competency select'); \
         s.value = '{number}'; s.dispatchEvent(new Event('change'))"
    ))
    .unwrap();
    page.wait_for(&all_of(&number), WAIT)
        .expect("only results of the chosen competency");
    page.eval(
        "const t = document.querySelector('.search-competency select'); \
         t.value = '0'; t.dispatchEvent(new Event('change'))",
    )
    .unwrap();

    // The snippet is cut around the matched word, also far into a long
    // example: "steunpunt" comes about 1,000 characters into its example.
    type_query(page, "steunpunt");
    page.wait_for(
        "document.querySelector('.search-list .search-title') && document.querySelector('.search-list .search-title').textContent === 'Twee vragen aan één keukentafel'",
        WAIT,
    )
    .expect("the example with the word");
    assert_eq!(
        page.eval("[document.querySelector('.search-list .search-snippet mark')?.textContent, \
                   document.querySelector('.search-list .search-snippet').textContent.startsWith('… ')]")
            .unwrap(),
        json!(["steunpunt", true]),
        "a snippet from the middle of the example, with the word marked"
    );
    // A short tip is shown whole, though its word comes near the end.
    type_query(page, "vertrouwen");
    page.wait_for(
        "document.querySelector('.search-list .search-title')?.textContent === 'Kom terug als je dat belooft'",
        WAIT,
    )
    .expect("the tip with the word");
    assert_eq!(
        page.eval_string("document.querySelector('.search-list .search-snippet').textContent")
            .unwrap(),
        "Heb je gezegd dat je iets uitzoekt? Kom er dan op terug, ook als je nog geen antwoord hebt. Zo bouw je vertrouwen op."
    );

    // Opening a result lands on its anchor with the words marked.
    type_query(page, "wasserette");
    page.wait_for(
        "document.querySelector('.search-list .search-title') && document.querySelector('.search-list .search-title').textContent === 'Spreekuur in de wasserette'",
        WAIT,
    )
    .unwrap();
    page.eval("document.querySelector('.search-list a').click()")
        .unwrap();
    page.wait_for(
        "location.hash === '#spreekuur-in-de-wasserette' && document.querySelectorAll('mark.search-hit').length > 0",
        WAIT,
    )
    .expect("the result's page, at its anchor, with the words marked");
    if file {
        assert_eq!(page.eval("location.protocol").unwrap(), json!("file:"));
        assert!(
            page.eval_string("location.pathname")
                .unwrap()
                .ends_with("index.html")
        );
    }
    assert!(
        page.eval_string("document.getElementById('spreekuur-in-de-wasserette').textContent")
            .unwrap()
            .contains("wasserette")
    );
    // Back: the search is still there.
    page.eval("history.back()").unwrap();
    page.wait_for(
        "document.getElementById('zoekveld') && document.getElementById('zoekveld').value === 'wasserette' && document.querySelectorAll('.search-list li').length > 0",
        WAIT,
    )
    .expect("Back shows the search again");
}

#[cfg(feature = "serve")]
#[test]
fn the_search_field_works_over_http() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, root) = sample_copy();
    let preview = crate::preview::Preview::start(&root);
    let page = browser
        .open(&format!("{}competenties/", preview.url))
        .unwrap();
    search_field_works(&page, false);
}

/// The sample built with `--portable` in a temporary folder, and the
/// `file://` address of its list of competencies.
fn portable_sample() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let (dir, root) = sample_copy();
    let out = dir.path().join("public");
    let result = build(&root, &out, &["--portable"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let url = url::Url::from_file_path(out.join("competenties/index.html")).unwrap();
    (dir, out, url.to_string())
}

/// Opens `url` and waits for its search field, which the script shows.
fn open_with_search<'b>(browser: &'b Browser, url: &str) -> Page<'b> {
    let page = browser.open(url).unwrap();
    page.wait_for("!document.querySelector('form[data-search]').hidden", WAIT)
        .expect("the search field is shown when JavaScript runs");
    page
}

#[test]
fn the_search_field_works_from_a_folder() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, _, url) = portable_sample();
    let page = browser.open(&url).unwrap();
    search_field_works(&page, true);
}

#[test]
fn markup_in_the_handbook_is_shown_as_text_and_runs_nothing() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = starter();
    write(
        &root,
        "content/competenties/gevaarlijk.md",
        "+++\ntitle = \"Gevaar <img src=x onerror=window.hacked=1>\"\nsummary = \"<script>window.hacked=2</script>\"\n+++\n\
         \nTekst met \\<img src=x onerror=window.hacked=3\\> en `<script>window.hacked=4</script>` erin.\n\
         \n## Voorbeelden\n\n### Voorbeeld \\<img src=y onerror=window.hacked=5\\>\n\nOnerror in een verhaal.\n\
         \n## Praktijktips\n\n- **Tip \\<b onmouseover=window.hacked=6\\>vet\\</b\\>** onerror ook hier.\n",
    );
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = browser.open(&format!("{base}index.html")).unwrap();
    page.wait_for("!document.querySelector('form[data-search]').hidden", WAIT)
        .unwrap();
    type_query(&page, "onerror");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length >= 3",
        WAIT,
    )
    .expect("results for a word inside the markup");
    let titles = page
        .eval("[...document.querySelectorAll('.search-title')].map(t => t.textContent)")
        .unwrap();
    let titles: Vec<String> = serde_json::from_value(titles).unwrap();
    assert!(
        titles
            .iter()
            .any(|t| t == "Gevaar <img src=x onerror=window.hacked=1>"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("<img src=y")),
        "{titles:?}"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('#zoekresultaten img, #zoekresultaten script, #zoekresultaten b').length")
            .unwrap(),
        json!(0)
    );
    type_query(&page, "window hacked");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 0",
        WAIT,
    )
    .unwrap();
    after_image_errors(&page);
    assert_eq!(
        page.eval("window.hacked === undefined").unwrap(),
        json!(true),
        "nothing from the handbook ran"
    );
    // A query with markup is text too.
    page.eval("document.querySelector('#zoekresultaten [role=status]').textContent = ''")
        .unwrap();
    type_query(&page, "<img src=z onerror=window.hacked=7>");
    page.wait_for(
        "(s => s !== '' && s !== 'zoeken…')(document.querySelector('#zoekresultaten [role=status]').textContent)",
        WAIT,
    )
    .expect("the query with markup was searched");
    after_image_errors(&page);
    assert_eq!(
        page.eval("window.hacked === undefined").unwrap(),
        json!(true)
    );
}

/// Returns once an image added now with a missing file has fired its error
/// handler: an image that markup put on the page before would have fired its
/// own by then. A positive marker instead of a fixed pause before checking
/// that no handler ran.
fn after_image_errors(page: &Page<'_>) {
    page.eval(
        "(() => { const probe = new Image(); \
         probe.onerror = () => { window.__bekwaamProbe = true; }; \
         probe.src = 'bekwaam-bestaat-niet.png'; })()",
    )
    .unwrap();
    page.wait_for("window.__bekwaamProbe === true", WAIT)
        .expect("the probe image's error handler ran");
}

/// The status line while the index loads slowly ("zoeken…"), and when a
/// file of the index is damaged or missing, as on a share that was only
/// half redeployed: it says that search does not work, instead of "no
/// results" or waiting for ever.
#[test]
fn a_slow_or_broken_index_says_so() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, out, url) = portable_sample();
    let status = "document.querySelector('#zoekresultaten [role=status]')?.textContent";
    let failed = "Zoeken lukt nu niet. Laad de pagina opnieuw en probeer het nog eens.";

    // A slow share: the manifest's <script> is added to the page 1.5 s late.
    let page = open_with_search(&browser, &url);
    page.eval(
        "(() => { const add = document.head.appendChild.bind(document.head); \
         document.head.appendChild = tag => { \
           if (tag.src && tag.src.includes('/zoek/index.js')) { setTimeout(() => add(tag), 1500); return tag; } \
           return add(tag); }; })()",
    )
    .unwrap();
    type_query(&page, "wasserette");
    page.wait_for(&format!("{status} === 'zoeken…'"), WAIT)
        .expect("'zoeken…' while the index loads");
    page.wait_for(
        "document.querySelector('.search-list .search-title')?.textContent === 'Spreekuur in de wasserette'",
        WAIT,
    )
    .expect("the result once the index is there");
    assert_eq!(page.eval(status).unwrap(), json!("1 resultaat"));

    // Damaged term chunks: they load, but register nothing.
    for chunk in std::fs::read_dir(out.join("zoek/t")).unwrap() {
        std::fs::write(chunk.unwrap().path(), "/* beschadigd */\n").unwrap();
    }
    let page = open_with_search(&browser, &url);
    type_query(&page, "wasserette");
    page.wait_for(&format!("{status} === {failed:?}"), WAIT)
        .expect("a damaged chunk is reported");
    assert_eq!(
        page.eval("document.querySelectorAll('.search-list li').length")
            .unwrap(),
        json!(0)
    );

    // A missing manifest.
    std::fs::remove_file(out.join("zoek/index.js")).unwrap();
    let page = open_with_search(&browser, &url);
    type_query(&page, "wasserette");
    page.wait_for(&format!("{status} === {failed:?}"), WAIT)
        .expect("a missing manifest is reported");
}
