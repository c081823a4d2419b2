//! The default theme in a real browser: no WCAG 2.0, 2.1 or 2.2 A/AA
//! violations that axe-core can find, every page working under a strict
//! Content-Security-Policy, no sideways scrolling on a 360 px phone, and the
//! screenshots in `docs/`.
//!
//! The sample handbook is built once per test and served over HTTP by
//! [`CspServer`], which sends `Content-Security-Policy: default-src 'self'`
//! with every file, as an intranet might. axe-core comes from the npm
//! registry through `tests/browser/package-lock.json` (`npm ci --prefix
//! tests/browser`) and is read from disk, never fetched while testing.
//!
//! Like every browser test, these are skipped without Chromium (see
//! [`Browser::launch`]); with Chromium but without axe-core, the axe test is
//! skipped and says what to install (and fails in CI, which sets
//! `BEKWAAM_REQUIRE_BROWSER=1`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use scraper::{Html, Selector};
use serde_json::Value;
use tiny_http::{Header, Method, Response, Server};

use crate::browser::{Browser, Page};
use crate::helpers::{build, read_tree, sample_root, stderr};

/// The policy an intranet would set: everything from the site itself, and
/// nothing inline.
const POLICY: &str = "default-src 'self'";

/// The sample's pages that the screenshots and the WCAG checks show.
pub(crate) const HOME: &str = "/";
pub(crate) const COMPETENCY: &str = "/competenties/verheldert-vragen-en-behoeften/";
pub(crate) const TIPS: &str = "/alle-praktijktips/";
/// A competency with the search panel open: results, kinds and the list of
/// competencies (the query lives in the address).
pub(crate) const SEARCHING: &str = "/competenties/verheldert-vragen-en-behoeften/?zoek=mantelzorg";
/// True once the panel of [`SEARCHING`] shows results and its filters.
pub(crate) const PANEL_SHOWN: &str = "document.querySelector('.search-competency select') !== null && \
     document.querySelectorAll('.search-list li').length > 0";

/// The narrowest phone the theme is made for, in CSS pixels.
pub(crate) const PHONE_WIDTH: u32 = 360;

/// The width of a laptop's screen, in CSS pixels.
pub(crate) const LAPTOP_WIDTH: u32 = 1280;

/// The rules axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA. (axe-core
/// 4.14 has no rule for WCAG 2.2 level A alone: its 2.2 rules are tagged
/// `wcag22aa`, and runOnly with that tag runs them, the target size too,
/// although that one is off by default.)
const AXE_RUN: &str = "axe.run(document, {runOnly: {type: 'tag', values: \
     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
  .then(result => result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => ({
      target: n.target.flat().join(' '),
      html: n.html,
      why: [...n.any, ...n.all, ...n.none].map(c => c.message).filter(Boolean).join('; '),
    })),
  })))";

/// For the axe test's control: an image without a text alternative.
const IMAGE_WITHOUT_ALT: &str = "{
  const image = document.createElement('img');
  Object.assign(image, {src: 'tien-competenties.svg', width: 40, height: 40});
  document.querySelector('main').append(image);
}";

/// For the phone test's control: an element wider than the phone.
const TOO_WIDE: &str = "{
  const wide = document.createElement('div');
  wide.className = 'too-wide';
  Object.assign(wide.style, {width: '500px', height: '10px'});
  document.querySelector('main').append(wide);
}";

/// Set up before a page's own scripts run: collects every Content-Security-
/// Policy violation of the document into `window.__bekwaamCsp`.
pub(crate) const CSP_LISTENER: &str = "window.__bekwaamCsp = [];
document.addEventListener('securitypolicyviolation', e => window.__bekwaamCsp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'an inline resource'}` +
  (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : '') +
  (e.sample ? `: ${e.sample}` : '')), true);";

/// What went wrong under the policy, once the page has loaded: the violations
/// (reported asynchronously, hence the pause), style sheets that did not
/// load, and images that did not load. A style sheet blocked by the policy,
/// or missing, has no `sheet`.
const CSP_PROBLEMS: &str = "new Promise(done => setTimeout(done, 50)).then(() => [
  ...window.__bekwaamCsp,
  ...[...document.querySelectorAll('link[rel~=stylesheet]')]
    .filter(link => !link.sheet || link.sheet.cssRules.length === 0)
    .map(link => `the style sheet ${link.href} did not apply`),
  ...(document.querySelector('link[rel~=stylesheet]') ? [] : ['the page links no style sheet']),
  ...[...document.images]
    .filter(img => !img.complete || img.naturalWidth === 0)
    .map(img => `the image ${img.src} did not load`),
])";

/// How wide the page is (`scroll`) on a phone `width` CSS pixels wide, and,
/// when it is wider than that, the innermost elements that stick out (at most
/// five). In phone mode Chromium widens the layout viewport to fit a page
/// that is too wide, so `innerWidth` itself is no measure: it is reported too.
fn sideways(width: u32) -> String {
    format!(
        "(() => {{
  const width = {width};
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return {{inner: innerWidth, scroll, wide: []}};
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5);
  const innermost = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return {{inner: innerWidth, scroll, wide: innermost.slice(0, 5).map(e =>
    `${{Math.round(e.getBoundingClientRect().right)}} px: ` +
    e.outerHTML.replace(/\\s+/g, ' ').slice(0, 160))}};
}})()"
    )
}

/// Serves a built site from disk over HTTP on a free loopback port, with the
/// strict policy in every response (or none, see [`CspServer::serve`]). GET
/// and HEAD only; it stops when dropped.
pub(crate) struct CspServer {
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// `http://127.0.0.1:PORT`, without a slash at the end.
    origin: String,
}

impl CspServer {
    fn start(root: &Path) -> CspServer {
        CspServer::serve(root, Some(POLICY))
    }

    /// Serves `root` with `policy` as a header, or with no header, so that
    /// only the pages' own policy applies.
    pub(crate) fn serve(root: &Path, policy: Option<&'static str>) -> CspServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("a free port on 127.0.0.1"));
        let address = server
            .server_addr()
            .to_ip()
            .expect("an IP address to listen on");
        let origin = format!("http://{address}");
        let root = root.to_path_buf();
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = {
            let server = Arc::clone(&server);
            let stopping = Arc::clone(&stopping);
            std::thread::spawn(move || {
                loop {
                    match server.recv() {
                        Ok(request) => {
                            let response = respond(&root, request.method(), request.url(), policy);
                            // The browser may have gone away; nothing to do then.
                            let _ = request.respond(response);
                        }
                        // `unblock` from `drop`, or a connection that failed
                        // before it became a request.
                        Err(_) if stopping.load(Ordering::SeqCst) => return,
                        Err(_) => {}
                    }
                }
            })
        };
        CspServer {
            server,
            stopping,
            thread: Some(thread),
            origin,
        }
    }

    /// The address of `path` (which starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for CspServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The response to one request for a file below `root`: the file, or
/// `404.html` with status 404, or 405 for anything but GET and HEAD.
fn respond(
    root: &Path,
    method: &Method,
    target: &str,
    policy: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
    };
    if !matches!(method, Method::Get | Method::Head) {
        return Response::from_string("only GET and HEAD")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
    }
    let (path, status) = match file_for(root, target) {
        Some(path) => (path, 200),
        None => (root.join("404.html"), 404),
    };
    let body = std::fs::read(&path).unwrap_or_default();
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == mime_guess::mime::SVG => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    // tiny_http leaves out the body of a response to HEAD itself.
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", &content_type));
    match policy {
        Some(policy) => response.with_header(header("Content-Security-Policy", policy)),
        None => response,
    }
}

/// The file that `target` names below `root`: `index.html` for a folder;
/// `None` for a missing file and for any path that tries to leave `root`.
fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut file = root.to_path_buf();
    for part in decoded.split('/').filter(|part| !part.is_empty()) {
        if part == "." || part == ".." || part.contains('\\') || part.contains('\0') {
            return None;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

/// The sample handbook, built into a temporary folder and served with the
/// strict policy.
pub(crate) struct Site {
    server: CspServer,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl Site {
    pub(crate) fn build() -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        let result = build(&sample_root(), &out, &[]);
        assert!(
            result.status.success(),
            "build failed:\n{}",
            stderr(&result)
        );
        Site {
            server: CspServer::start(&out),
            out,
            _dir: dir,
        }
    }

    /// The path of every HTML page of the build, as a browser asks for it
    /// (`/`, `/competenties/…/`, `/404.html`), sorted.
    pub(crate) fn pages(&self) -> Vec<String> {
        read_tree(&self.out)
            .into_keys()
            .filter(|file| file.ends_with(".html"))
            .map(|file| match file.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{file}"),
            })
            .collect()
    }
}

/// Opens `path` of `site`, or panics with what went wrong.
pub(crate) fn open<'b>(browser: &'b Browser, site: &Site, path: &str) -> Page<'b> {
    browser
        .open(&site.server.url(path))
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Goes to `path` of `site`, or panics with what went wrong.
pub(crate) fn goto(page: &Page<'_>, site: &Site, path: &str) {
    page.goto(&site.server.url(path))
        .unwrap_or_else(|error| panic!("{error}"));
}

/// Every page is made of files from the site itself: no inline scripts,
/// styles or event handlers, which `default-src 'self'` would block. This
/// reads the HTML; [`every_page_works_under_a_strict_csp`] checks the same in
/// a browser.
#[test]
fn built_pages_have_nothing_inline_that_a_strict_csp_blocks() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &[]);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    let inline_script = Selector::parse("script:not([src])").unwrap();
    let style_element = Selector::parse("style").unwrap();
    let everything = Selector::parse("*").unwrap();
    let mut problems = Vec::new();
    let mut pages = 0;
    for (file, bytes) in read_tree(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for script in html.select(&inline_script) {
            problems.push(format!("{file}: an inline script: {}", script.html()));
        }
        for style in html.select(&style_element) {
            problems.push(format!("{file}: a <style> element: {}", style.html()));
        }
        for element in html.select(&everything) {
            let tag = element.value().name();
            for (name, value) in element.value().attrs() {
                let name = name.to_ascii_lowercase();
                if name.starts_with("on") {
                    problems.push(format!(
                        "{file}: <{tag} {name}=\"{value}\">: an event handler"
                    ));
                }
                if name == "style" {
                    problems.push(format!(
                        "{file}: <{tag} style=\"{value}\">: an inline style"
                    ));
                }
                let url: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect();
                if url.to_ascii_lowercase().starts_with("javascript:") {
                    problems.push(format!(
                        "{file}: <{tag} {name}=\"{value}\">: a javascript: URL"
                    ));
                }
            }
        }
    }
    assert!(pages > 10, "the sample has more than {pages} pages");
    assert!(
        problems.is_empty(),
        "{} things that `{POLICY}` blocks:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every page of the sample, served with `Content-Security-Policy:
/// default-src 'self'`, loads without a violation of the policy, with its
/// style sheet applied and its images shown.
#[test]
fn every_page_works_under_a_strict_csp() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = Site::build();
    let pages = site.pages();
    // A page with what the policy blocks, to show that the check sees it.
    std::fs::write(
        site.out.join("csp-probe.html"),
        "<!DOCTYPE html><html lang=\"nl\"><head><title>probe</title>\
         <link rel=\"stylesheet\" href=\"/bekwaam.css\"></head>\
         <body><p style=\"color: red\">inline</p><script>document.title = 'ran'</script></body></html>",
    )
    .expect("writing the probe page");

    let page = open(&browser, &site, "/csp-probe.html");
    page.run_on_every_document(CSP_LISTENER)
        .expect("listening for violations");
    goto(&page, &site, "/csp-probe.html");
    let probe = page.eval(CSP_PROBLEMS).expect("collecting problems");
    let probe = format!("{probe}");
    assert!(
        probe.contains("script-src") && probe.contains("style-src"),
        "the check sees an inline script and an inline style: {probe}"
    );

    let mut problems = String::new();
    for path in pages {
        goto(&page, &site, &path);
        let found = page.eval(CSP_PROBLEMS).expect("collecting problems");
        for problem in found.as_array().into_iter().flatten() {
            let problem = problem.as_str().unwrap_or_default();
            writeln!(problems, "{path}: {problem}").unwrap();
        }
    }
    assert!(
        problems.is_empty(),
        "pages that do not work under `{POLICY}`:\n{problems}"
    );
}

/// On a 360 px wide phone no page of the sample is wider than the screen,
/// also with the search panel open.
#[test]
fn no_page_scrolls_sideways_at_360_px() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = Site::build();
    let page = open(&browser, &site, HOME);
    page.set_viewport(PHONE_WIDTH, 740, true)
        .expect("a phone's viewport");

    // A control: an element wider than the screen is found.
    page.eval(TOO_WIDE).expect("adding a wide element");
    let sideways = sideways(PHONE_WIDTH);
    let control = page.eval(&sideways).expect("measuring the page");
    assert!(
        control["scroll"].as_u64() > Some(u64::from(PHONE_WIDTH))
            && control["wide"][0]
                .as_str()
                .is_some_and(|wide| wide.contains("too-wide")),
        "the check finds an element wider than the screen: {control}"
    );

    let mut problems = String::new();
    let mut checked = 0;
    for path in site.pages() {
        goto(&page, &site, &path);
        let measured = page.eval(&sideways).expect("measuring the page");
        checked += 1;
        let scroll = measured["scroll"].as_u64().unwrap_or(u64::MAX);
        if scroll > u64::from(PHONE_WIDTH) {
            writeln!(
                problems,
                "{path}: {scroll} px wide (innerWidth {}); sticking out:",
                measured["inner"]
            )
            .unwrap();
            for element in measured["wide"].as_array().into_iter().flatten() {
                writeln!(problems, "    {}", element.as_str().unwrap_or_default()).unwrap();
            }
        }
    }
    assert!(checked > 10, "the sample has more than {checked} pages");
    // The open search panel, whose list of competencies has long titles.
    goto(&page, &site, SEARCHING);
    page.wait_for(PANEL_SHOWN, crate::helpers::DEADLINE)
        .expect("the search panel with results");
    let measured = page.eval(&sideways).expect("measuring the page");
    if measured["scroll"].as_u64().unwrap_or(u64::MAX) > u64::from(PHONE_WIDTH) {
        writeln!(problems, "{SEARCHING}: {measured}").unwrap();
    }
    assert!(
        problems.is_empty(),
        "pages that scroll sideways at {PHONE_WIDTH} px:\n{problems}"
    );
}

/// axe-core finds no WCAG 2.0, 2.1 or 2.2 A or AA violation on any page of
/// the sample, the page with a table among them, nor on a competency with
/// the search panel open: in the light and the dark colour scheme, on a
/// laptop and on a 360 px phone (where a wide table scrolls in its box and
/// the tips' filter is a drop-down list). One tab goes from page to page.
#[test]
fn axe_finds_no_wcag_violations_on_any_page() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let Some(axe) = crate::browser::axe_source("accessibility test") else {
        return;
    };
    let site = Site::build();
    let page = open(&browser, &site, HOME);

    // A control: an image without a text alternative is found, so an empty
    // report means that axe ran.
    page.inject("axe.min.js", &axe).expect("loading axe-core");
    page.eval(IMAGE_WITHOUT_ALT)
        .expect("adding an image without alt");
    let control = page.eval(AXE_RUN).expect("running axe");
    assert!(
        control.as_array().is_some_and(|violations| violations
            .iter()
            .any(|violation| violation["id"] == "image-alt")),
        "axe finds an image without alt: {control}"
    );

    let mut paths = site.pages();
    assert!(
        paths.len() > 10,
        "the sample has more than {} pages",
        paths.len()
    );
    paths.push(SEARCHING.to_string());
    let mut report = String::new();
    let mut with_table = Vec::new();
    for (width, height, phone) in [(LAPTOP_WIDTH, 800, false), (PHONE_WIDTH, 740, true)] {
        page.set_viewport(width, height, phone)
            .expect("setting the viewport");
        for path in &paths {
            goto(&page, &site, path);
            if path == SEARCHING {
                page.wait_for(PANEL_SHOWN, crate::helpers::DEADLINE)
                    .expect("the search panel with results");
            }
            if phone && path == TIPS {
                page.wait_for(
                    "document.getElementById('filter-keuze') !== null",
                    crate::helpers::DEADLINE,
                )
                .expect("the filter as a list");
            }
            if page
                .eval("document.querySelector('.tabel table') !== null")
                .expect("looking for a table")
                == Value::Bool(true)
            {
                with_table.push(format!("{path} at {width} px"));
            }
            audit(&page, &axe, &format!("{path} at {width} px"), &mut report);
        }
    }
    assert!(
        with_table.len() >= 2,
        "a page of the sample has a table, checked at both widths: {with_table:?}"
    );
    assert!(report.is_empty(), "axe-core found violations:\n{report}");
}

/// Runs axe on the open page in the light and the dark colour scheme and
/// adds what it finds to `report`.
fn audit(page: &Page<'_>, axe: &str, path: &str, report: &mut String) {
    page.inject("axe.min.js", axe).expect("loading axe-core");
    for scheme in ["light", "dark"] {
        page.prefer_color_scheme(scheme)
            .expect("emulating the colour scheme");
        // Backgrounds fade when the scheme changes; measure after.
        page.wait_for(
            "document.getAnimations().every(a => a.playState === 'finished')",
            crate::helpers::DEADLINE,
        )
        .expect("transitions end");
        let violations = page.eval(AXE_RUN).expect("running axe");
        for violation in violations.as_array().into_iter().flatten() {
            describe_violation(report, path, scheme, violation);
        }
    }
}

/// One violation as axe reports it: rule, impact, help, and its first
/// elements with why they fail.
fn describe_violation(report: &mut String, path: &str, scheme: &str, violation: &Value) {
    let text = |value: &Value| value.as_str().unwrap_or("?").to_string();
    writeln!(
        report,
        "{path} ({scheme}): {} [{}] {} ({} elements)",
        text(&violation["id"]),
        text(&violation["impact"]),
        text(&violation["help"]),
        violation["count"]
    )
    .unwrap();
    for node in violation["nodes"].as_array().into_iter().flatten() {
        writeln!(report, "    {}", text(&node["target"])).unwrap();
        writeln!(report, "      {}", text(&node["html"])).unwrap();
        if !text(&node["why"]).is_empty() {
            writeln!(report, "      {}", text(&node["why"])).unwrap();
        }
    }
}

/// The screenshots in `docs/`: with `BEKWAAM_SCREENSHOTS=1` they are written
/// there (see the README); otherwise into a temporary folder, so that the
/// test still shows they can be taken without changing the work tree.
#[test]
fn screenshots_of_the_sample() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let docs = if std::env::var_os("BEKWAAM_SCREENSHOTS").is_some_and(|v| v == "1") {
        sample_root().join("docs")
    } else {
        scratch.path().to_path_buf()
    };
    let site = Site::build();
    // (file, page, scheme, phone?, most CSS pixels from the top)
    let shots = [
        ("home.png", HOME, "light", false, 3000),
        ("competentie.png", COMPETENCY, "light", false, 2400),
        ("praktijktips.png", TIPS, "light", false, 2000),
        ("donker.png", HOME, "dark", false, 3000),
        ("telefoon.png", COMPETENCY, "light", true, 1600),
        ("zoeken.png", SEARCHING, "light", true, 1100),
    ];
    let page = open(&browser, &site, HOME);
    for (file, path, scheme, phone, max_height) in shots {
        if phone {
            page.set_viewport(PHONE_WIDTH, 740, true)
        } else {
            page.set_viewport(1280, 800, false)
        }
        .expect("setting the viewport");
        page.prefer_color_scheme(scheme)
            .expect("emulating the colour scheme");
        goto(&page, &site, path);
        if path == SEARCHING {
            page.wait_for(PANEL_SHOWN, crate::helpers::DEADLINE)
                .expect("the search panel with results");
        }
        let png = docs.join(file);
        page.screenshot_full_page(&png, max_height)
            .expect("a screenshot");
        let bytes = std::fs::read(&png).expect("the screenshot was written");
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is a PNG",
            png.display()
        );
    }
}
