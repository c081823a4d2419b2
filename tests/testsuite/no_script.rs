//! No script from Markdown, and the Content-Security-Policy every page
//! carries (issue 15).
//!
//! The regressions from the issue are built from small handbooks: a heading
//! with an event handler in its attributes, raw `<iframe>` and `<a>` with
//! `javascript:` addresses, a tag whose attributes span lines. The browser
//! tests open the sample under its own policy (the `<meta>` in every page,
//! no header) over HTTP, from `file://` and in the preview, and check that
//! nothing is blocked while the search and the reload work; a control shows
//! that an inline handler from a template is reported.

use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::browser::{Browser, Page};
use crate::helpers::{
    DEADLINE, bekwaam, build, build_for_file, read_tree, sample_root, starter, stderr, write,
};
use crate::theme_browser::{CSP_LISTENER, CspServer};

/// What went wrong under the policy once the page has loaded: the
/// violations (reported asynchronously, hence the pause), style sheets that
/// did not load and images that did not load. A style sheet read from
/// `file://` may not show its rules to the page; it loaded if it has a sheet.
const CSP_PROBLEMS: &str = "new Promise(done => setTimeout(done, 50)).then(() => [
  ...window.__bekwaamCsp,
  ...[...document.querySelectorAll('link[rel~=stylesheet]')]
    .filter(link => !link.sheet)
    .map(link => `the style sheet ${link.href} did not apply`),
  ...[...document.images]
    .filter(img => !img.complete || img.naturalWidth === 0)
    .map(img => `the image ${img.src} did not load`),
])";

/// The page of the regression handbooks.
const PAGE: &str = "content/aanval.md";

/// The heading from the issue, whose handler ran on load.
const HEADING: &str = "+++\ntitle = \"Aanval\"\n+++\n\nTekst.\n\n\
                       ## Kop {onfocus=window.x=1 autofocus tabindex=0}\n\nMeer.\n";

/// Raw HTML from the issue, and a tag whose attributes span lines.
const RAW: &str = "+++\ntitle = \"Aanval\"\n+++\n\n\
                   <iframe src=\"javascript:alert(1)\"></iframe>\n\n\
                   Een <a href=\"javascript:alert(2)\">link</a>.\n\n\
                   <div class=\"blok\"\n     onmouseover=\"alert(3)\">Blok</div>\n";

/// Builds the starter handbook with `page` at [`PAGE`]; returns the build's
/// output and the page's HTML.
fn build_with(page: &str) -> (std::process::Output, String, tempfile::TempDir) {
    let (dir, root) = starter();
    write(&root, PAGE, page);
    let out = dir.path().join("public");
    let result = build(&root, &out, &[]);
    let html = std::fs::read_to_string(out.join("aanval/index.html")).unwrap_or_default();
    (result, html, dir)
}

/// The attributes of `html` that can run script: event handlers and
/// `javascript:` addresses, as `tag name="value"`.
fn scripted_attributes(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let everything = Selector::parse("*").unwrap();
    document
        .select(&everything)
        .flat_map(|element| {
            let tag = element.value().name().to_string();
            element
                .value()
                .attrs()
                .filter(|(name, value)| {
                    name.starts_with("on") || value.to_ascii_lowercase().contains("javascript:")
                })
                .map(move |(name, value)| format!("{tag} {name}=\"{value}\""))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn heading_attributes_keep_only_id_and_class() {
    let (result, html, _dir) = build_with(HEADING);
    assert!(result.status.success(), "{}", stderr(&result));
    let printed = stderr(&result);
    for (name, column) in [("onfocus", 9), ("autofocus", 28), ("tabindex", 38)] {
        let warning =
            format!("{PAGE}:7:{column}: warning: het attribuut `{name}` bij een kop is weggelaten");
        assert!(printed.contains(&warning), "{warning}\nin:\n{printed}");
    }
    assert!(html.contains("<h2 id=\"kop\">Kop</h2>"), "{html}");
    assert!(
        !html.contains("onfocus") && !html.contains("autofocus"),
        "{html}"
    );
}

#[test]
fn raw_html_with_javascript_addresses_and_handlers_is_neutralised() {
    let (result, html, _dir) = build_with(RAW);
    assert!(result.status.success(), "{}", stderr(&result));
    let found = scripted_attributes(&html);
    assert!(html.contains("Blok"), "{html}");
    assert!(found.is_empty(), "still on the page: {found:?}");
    assert!(html.contains("<iframe></iframe>"), "{html}");
    assert!(html.contains("<a href=\"#\">link</a>"), "{html}");
    assert!(html.contains("<div class=\"blok\">Blok</div>"), "{html}");
    let printed = stderr(&result);
    for warning in [
        "5:1: warning: de pagina bevat een <iframe>",
        "5:9: warning: het adres in `src` begint met `javascript:`; dat is onveilig en is weggehaald",
        "7:8: warning: het adres in `href` begint met `javascript:`; dat is onveilig en is onklikbaar gemaakt",
        "10:6: warning: het attribuut `onmouseover` is weggehaald: het voert code uit",
    ] {
        let warning = format!("{PAGE}:{warning}");
        assert!(printed.contains(&warning), "{warning}\nin:\n{printed}");
    }
}

#[test]
fn check_reports_the_same_and_succeeds() {
    let (dir, root) = starter();
    write(&root, PAGE, RAW);
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("het attribuut `onmouseover` is weggehaald"),
        "{}",
        stderr(&result)
    );
    drop(dir);
}

#[test]
fn every_page_carries_the_policy_as_early_as_possible() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let meta = "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" \
                content=\"default-src &#39;self&#39;; script-src &#39;self&#39;;";
    let mut pages = 0;
    for (file, bytes) in read_tree(&out) {
        if file.ends_with(".html") {
            pages += 1;
            let html = String::from_utf8_lossy(&bytes);
            let head = html.split("<head>").nth(1).unwrap_or_default();
            assert!(
                head.starts_with(&format!("\n{meta}")),
                "{file}:\n{head:.300}"
            );
        }
    }
    assert!(pages > 10, "{pages} pages");
}

/// Opens `url` with the violation listener in place before its scripts run.
fn open_listening<'b>(browser: &'b Browser, url: &str) -> Page<'b> {
    let page = browser.open("about:blank").expect("a blank tab");
    page.run_on_every_document(CSP_LISTENER)
        .expect("listening for violations");
    page.goto(url).unwrap_or_else(|error| panic!("{error}"));
    page
}

/// The problems under the policy on the page now: none expected.
fn assert_no_violations(page: &Page<'_>, what: &str) {
    let found = page.eval(CSP_PROBLEMS).expect("collecting problems");
    assert_eq!(found, json!([]), "{what}");
    let policy = page
        .eval("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content")
        .expect("reading the policy");
    assert!(
        matches!(&policy, Value::String(p) if p.contains("script-src 'self'")),
        "{what}: the page carries no policy: {policy}"
    );
}

/// Types a query into the search field and waits for results; no violation
/// on the way (the search loads its index as scripts).
fn search_works(page: &Page<'_>, what: &str) {
    page.wait_for(
        "!document.querySelector('form[data-search]').hidden",
        DEADLINE,
    )
    .unwrap_or_else(|error| panic!("{what}: {error}"));
    page.eval(
        "(() => { const i = document.getElementById('zoekveld'); i.focus(); \
         i.value = 'wasserette'; i.dispatchEvent(new Event('input', {bubbles: true})); })()",
    )
    .expect("typing a query");
    page.wait_for(
        "document.querySelectorAll('.search-list li').length > 0",
        DEADLINE,
    )
    .unwrap_or_else(|error| panic!("{what}: no results: {error}"));
    assert_no_violations(page, &format!("{what}, after a search"));
}

/// The pages the browser tests open: the kinds of page Bekwaam makes.
const PAGES: [&str; 6] = [
    "",
    "competenties/",
    "competenties/verheldert-vragen-en-behoeften/",
    "alle-praktijktips/",
    "afdrukken/",
    "404.html",
];

#[test]
fn the_policy_holds_over_http() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    // No header: only the pages' own policy applies.
    let server = CspServer::serve(&out, None);
    let page = open_listening(&browser, &server.url("/"));
    for path in PAGES {
        page.goto(&server.url(&format!("/{path}")))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_no_violations(&page, &format!("over HTTP, /{path}"));
    }
    page.goto(&server.url(&format!("/{}", PAGES[2])))
        .unwrap_or_else(|error| panic!("{error}"));
    search_works(&page, "over HTTP");
}

#[test]
fn the_policy_holds_from_a_folder() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &["--portable"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let url = |path: &str| {
        let file = out.join(path).join(if path.ends_with(".html") {
            ""
        } else {
            "index.html"
        });
        url::Url::from_file_path(file).unwrap().to_string()
    };
    let page = open_listening(&browser, &url(""));
    for path in PAGES {
        page.goto(&url(path))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_no_violations(&page, &format!("from file://, {path}"));
    }
    page.goto(&url(PAGES[2]))
        .unwrap_or_else(|error| panic!("{error}"));
    search_works(&page, "from file://");
}

#[cfg(feature = "serve")]
#[test]
fn the_policy_holds_in_the_preview_and_a_save_reloads() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, root) = crate::helpers::sample_copy();
    let preview = crate::preview::Preview::start(&root);
    let url = format!(
        "{}{}",
        preview.url.trim_end_matches('/'),
        "/competenties/verheldert-vragen-en-behoeften/"
    );
    let page = open_listening(&browser, &url);
    page.wait_for("window.bekwaamPreview === 'verbonden'", DEADLINE)
        .expect("the event stream opens under the policy");
    assert_no_violations(&page, "in the preview");
    page.eval("window.bekwaamMark = 'zelfde pagina'").unwrap();
    let file = root.join("content/competenties/verheldert-vragen-en-behoeften.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nDit verschijnt onder het beleid.\n");
    std::fs::write(&file, text).unwrap();
    page.wait_for(
        "document.body.textContent.includes('Dit verschijnt onder het beleid.')",
        DEADLINE,
    )
    .expect("the save shows without any action");
    assert_eq!(
        page.eval("window.bekwaamMark === undefined").unwrap(),
        json!(true),
        "the page reloaded"
    );
    assert_no_violations(&page, "in the preview, after the reload");
    search_works(&page, "in the preview");
}

/// The control: a template with an inline handler is built as usual, and
/// the page's own policy blocks the handler, which the check reports.
#[test]
fn an_inline_handler_from_a_template_is_reported() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = starter();
    write(
        &root,
        "templates/index.html",
        "{% extends \"base.html\" %}{% block main %}<img src=\"nergens.png\" alt=\"\" \
         onerror=\"document.title = 'uitgevoerd'\">{% endblock main %}",
    );
    let out = dir.path().join("public");
    let base = build_for_file(&root, &out, &[]);
    let page = open_listening(&browser, &format!("{base}index.html"));
    let found = page.eval(CSP_PROBLEMS).expect("collecting problems");
    assert!(
        format!("{found}").contains("script-src-attr blocked inline"),
        "the inline handler is reported: {found}"
    );
    assert_ne!(
        page.eval_string("document.title").unwrap(),
        "uitgevoerd",
        "the handler did not run"
    );
}
