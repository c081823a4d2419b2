//! The levels and the reflection questions in a real browser: the level
//! filter and a competency's levels work with the keyboard alone, the
//! handout's choice changes how it prints, the new pages do not scroll
//! sideways on a 360 px phone, and axe-core finds no WCAG 2.x A/AA
//! violation on them in light and dark, wide and narrow.
//!
//! The fixture handbook (`tests/fixtures/framework-handbook`) is built
//! once per test and served with a strict Content-Security-Policy, as the
//! sample is in [`crate::theme_browser`]. Skipped without Chromium (see
//! [`Browser::launch`]).

use std::fmt::Write as _;

use crate::browser::{Browser, Page};
use crate::framework::fixture_root;
use crate::helpers::{DEADLINE, build_ok};
use crate::theme_browser::CspServer;

const LEVELS: &str = "/niveaus/";
const QUESTIONS: &str = "/reflectievragen/";
const COMPETENCY: &str = "/competenties/luistert-en-vraagt-door/";
const PRINT: &str = "/afdrukken/";

/// The rules axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const AXE_RUN: &str = "axe.run(document, {runOnly: {type: 'tag', values: \
     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})
  .then(result => result.violations.map(v =>
    `${v.id} [${v.impact}] ${v.help}: ` +
    v.nodes.slice(0, 3).map(n => n.target.flat().join(' ')).join(', ')))";

/// The focused element: what it is, and whether a focus ring shows (an
/// outline, or a box shadow, at least 2 px).
const FOCUSED: &str = "(() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== 'none';
  const box = e.getBoundingClientRect();
  return {tag: e.tagName, name: e.name || '', value: e.value || '', text: e.textContent.trim(),
    href: e.getAttribute('href') || '',
    inLevels: !!e.closest('.levels'), ring,
    inView: box.bottom > 0 && box.top < innerHeight && box.width > 0};
})()";

/// The steps of the cells the levels page shows now.
const SHOWN_STEPS: &str = "[...new Set([...document.querySelectorAll('.matrix-cell')]
  .filter(c => c.offsetParent !== null).map(c => Number(c.dataset.step)))].sort()";

/// The fixture, built and served.
struct Served {
    server: CspServer,
    _dir: tempfile::TempDir,
}

fn serve() -> Served {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    build_ok(&fixture_root(), &out);
    Served {
        server: CspServer::serve(&out, Some("default-src 'self'")),
        _dir: dir,
    }
}

fn open<'b>(browser: &'b Browser, site: &Served, path: &str) -> Page<'b> {
    browser
        .open(&site.server.url(path))
        .unwrap_or_else(|error| panic!("{error}"))
}

fn goto(page: &Page<'_>, site: &Served, path: &str) {
    page.goto(&site.server.url(path))
        .unwrap_or_else(|error| panic!("{error}"));
}

/// Presses Tab until `done` holds for the focused element (see
/// [`FOCUSED`]), at most `most` times; gives that element.
fn tab_until(
    page: &Page<'_>,
    most: usize,
    what: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    for _ in 0..most {
        page.press_key("Tab").expect("pressing Tab");
        let focused = page.eval(FOCUSED).expect("the focused element");
        if done(&focused) {
            return focused;
        }
    }
    panic!("{most} presses of Tab never reached {what}");
}

#[test]
fn the_level_filter_works_with_the_keyboard_alone() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = serve();
    let page = open(&browser, &site, LEVELS);
    page.wait_for(
        "document.querySelector('input[name=niveau]') !== null",
        DEADLINE,
    )
    .expect("the filter is made");
    assert_eq!(
        page.eval(SHOWN_STEPS).unwrap(),
        serde_json::json!([1, 2, 3])
    );

    let focused = tab_until(&page, 40, "the level filter", |f| f["name"] == "niveau");
    assert_eq!(
        focused["value"], "0",
        "Tab lands on the chosen option: all levels"
    );
    assert_eq!(focused["ring"], true, "the focus shows: {focused}");

    page.press_key("ArrowRight").unwrap();
    page.wait_for(
        "document.querySelector('input[name=niveau]:checked').value === '1'",
        DEADLINE,
    )
    .expect("the arrow key chooses the next level");
    assert_eq!(page.eval(SHOWN_STEPS).unwrap(), serde_json::json!([1]));
    let said = page
        .eval_string("document.querySelector('.level-filter + [aria-live]').textContent")
        .unwrap();
    assert_eq!(said, "Je ziet nu: Startbekwaam");

    page.press_key("ArrowRight").unwrap();
    page.wait_for(
        "document.querySelector('input[name=niveau]:checked').value === '2'",
        DEADLINE,
    )
    .expect("the arrow key chooses the next level");
    assert_eq!(page.eval(SHOWN_STEPS).unwrap(), serde_json::json!([2]));
    let focused = page.eval(FOCUSED).unwrap();
    assert_eq!(focused["ring"], true, "the focus still shows: {focused}");

    // Back to all levels: arrows wrap around the group.
    for _ in 0..2 {
        page.press_key("ArrowRight").unwrap();
    }
    page.wait_for(
        "document.querySelector('input[name=niveau]:checked').value === '0'",
        DEADLINE,
    )
    .expect("the arrow keys go round to all levels");
    assert_eq!(
        page.eval(SHOWN_STEPS).unwrap(),
        serde_json::json!([1, 2, 3])
    );

    // The next Tab leaves the group for the first competency in the matrix.
    page.press_key("Tab").unwrap();
    let focused = page.eval(FOCUSED).unwrap();
    assert_eq!(focused["tag"], "A", "{focused}");
    assert_eq!(focused["text"], "Luistert en vraagt door", "{focused}");
}

#[test]
fn a_competencys_levels_work_with_the_keyboard_alone() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = serve();
    let page = open(&browser, &site, COMPETENCY);
    for width in [1280, 360] {
        page.set_viewport(width, 800, width < 400).unwrap();
        goto(&page, &site, COMPETENCY);
        page.wait_for(
            "document.querySelector('.levels .share-button') !== null",
            DEADLINE,
        )
        .expect("the copy buttons are made");
        // "On this page" leads to the levels.
        tab_until(&page, 40, "the link to the levels", |f| {
            f["href"] == "#niveaus"
        });
        page.press_key("Enter").unwrap();
        page.wait_for("location.hash === '#niveaus'", DEADLINE)
            .expect("Enter follows the link");
        // Tab goes on into the levels: each level's button, in view, with a ring.
        let mut reached = Vec::new();
        for _ in 0..30 {
            page.press_key("Tab").unwrap();
            let focused = page.eval(FOCUSED).unwrap();
            if !focused["inLevels"].as_bool().unwrap_or(false) {
                break;
            }
            assert_eq!(
                focused["ring"], true,
                "{width} px: the focus shows: {focused}"
            );
            assert_eq!(focused["inView"], true, "{width} px: in view: {focused}");
            reached.push(focused["text"].as_str().unwrap_or_default().to_string());
        }
        assert_eq!(
            reached,
            [
                "Kopieer link: Startbekwaam",
                "Kopieer link: Vakbekwaam",
                "Kopieer link: Vakvolwassen"
            ],
            "{width} px"
        );
    }
}

#[test]
fn the_handout_prints_as_the_reader_chooses() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = serve();
    let page = open(&browser, &site, QUESTIONS);
    page.wait_for(
        "document.querySelector('input[name=afdruk]') !== null",
        DEADLINE,
    )
    .expect("the choice is made");
    page.emulate_media(Some("print"), &[]).unwrap();
    let second = "getComputedStyle(document.querySelectorAll('.handout-group')[1]).breakBefore";
    assert_eq!(
        page.eval_string(second).unwrap(),
        "page",
        "the default: a page each"
    );
    page.emulate_media(None, &[]).unwrap();

    let focused = tab_until(&page, 40, "the print choice", |f| f["name"] == "afdruk");
    assert_eq!(focused["value"], "page");
    assert_eq!(focused["ring"], true, "the focus shows: {focused}");
    page.press_key("ArrowRight").unwrap();
    page.wait_for(
        "!document.querySelector('.handout').classList.contains('handout-per-page')",
        DEADLINE,
    )
    .expect("the arrow key chooses one sheet");
    page.emulate_media(Some("print"), &[]).unwrap();
    assert_eq!(
        page.eval_string(second).unwrap(),
        "auto",
        "everything on one sheet"
    );
    let controls = "getComputedStyle(document.querySelector('.handout-controls')).display";
    assert_eq!(
        page.eval_string(controls).unwrap(),
        "none",
        "the controls do not print"
    );
    page.emulate_media(None, &[]).unwrap();

    // The print button is next, and a button.
    page.press_key("Tab").unwrap();
    let focused = page.eval(FOCUSED).unwrap();
    assert_eq!(focused["tag"], "BUTTON", "{focused}");
    assert_eq!(focused["text"], "Afdrukken", "{focused}");
}

#[test]
fn the_new_pages_do_not_scroll_sideways_at_360_px() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = serve();
    let page = open(&browser, &site, LEVELS);
    page.set_viewport(360, 740, true).unwrap();
    let measure = "document.documentElement.scrollWidth";
    // A control: something too wide is seen.
    goto(&page, &site, LEVELS);
    page.eval(
        "{ const wide = document.createElement('div'); \
         Object.assign(wide.style, {width: '600px', height: '10px'}); \
         document.querySelector('main').append(wide); }",
    )
    .unwrap();
    assert!(page.eval(measure).unwrap().as_u64() > Some(360));
    let mut problems = String::new();
    for path in [LEVELS, QUESTIONS, COMPETENCY, PRINT] {
        goto(&page, &site, path);
        page.wait_for("document.readyState === 'complete'", DEADLINE)
            .unwrap();
        let width = page.eval(measure).unwrap().as_u64().unwrap_or(u64::MAX);
        if width > 360 {
            writeln!(problems, "{path}: {width} px wide").unwrap();
        }
    }
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn axe_finds_no_violations_on_the_new_pages() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let Some(axe) = crate::browser::axe_source("accessibility test of the levels pages") else {
        return;
    };
    let site = serve();
    let page = open(&browser, &site, LEVELS);
    let mut report = String::new();
    for (width, phone) in [(1280, false), (360, true)] {
        page.set_viewport(width, 800, phone).unwrap();
        for path in [LEVELS, QUESTIONS, COMPETENCY, PRINT, "/"] {
            goto(&page, &site, path);
            page.wait_for("document.readyState === 'complete'", DEADLINE)
                .unwrap();
            page.inject("axe.min.js", &axe).expect("loading axe-core");
            for scheme in ["light", "dark"] {
                page.prefer_color_scheme(scheme).unwrap();
                page.wait_for(
                    "document.getAnimations().every(a => a.playState === 'finished')",
                    DEADLINE,
                )
                .expect("transitions end");
                let found = page.eval(AXE_RUN).expect("running axe");
                for violation in found.as_array().into_iter().flatten() {
                    let violation = violation.as_str().unwrap_or_default();
                    writeln!(report, "{path} at {width} px ({scheme}): {violation}").unwrap();
                }
            }
        }
        // With one level chosen, too.
        goto(&page, &site, LEVELS);
        page.wait_for("document.querySelector('#niveau-2') !== null", DEADLINE)
            .unwrap();
        page.eval("document.querySelector('#niveau-2').click()")
            .unwrap();
        page.inject("axe.min.js", &axe).unwrap();
        let found = page.eval(AXE_RUN).expect("running axe");
        for violation in found.as_array().into_iter().flatten() {
            let violation = violation.as_str().unwrap_or_default();
            writeln!(report, "{LEVELS} one level at {width} px: {violation}").unwrap();
        }
    }
    assert!(report.is_empty(), "axe-core found violations:\n{report}");
}
