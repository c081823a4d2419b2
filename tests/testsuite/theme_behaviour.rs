//! The default theme in a real browser: its script (filters, copy buttons),
//! its print styles, its respect for reduced motion and where an opened
//! anchor lands.

use serde_json::json;

use crate::browser::{Browser, Page};
use crate::helpers::{build_for_file, sample_copy, write};

fn count(page: &Page<'_>, js: &str) -> serde_json::Value {
    page.eval(js).unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// Builds the sample into a temporary folder and opens `path` of it from
/// `file://`; the folder lives as long as the returned guard.
fn open_sample<'b>(browser: &'b Browser, path: &str) -> (tempfile::TempDir, Page<'b>) {
    let (dir, root) = sample_copy();
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = browser.open(&format!("{base}{path}")).unwrap();
    (dir, page)
}

const COMPETENCY: &str = "competenties/verheldert-vragen-en-behoeften/index.html";

#[test]
fn the_overview_filters_show_one_competency_at_a_time() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, page) = open_sample(&browser, "alle-praktijktips/index.html");
    page.wait_for(
        "document.querySelectorAll('.filter button').length === 11",
        crate::helpers::DEADLINE,
    )
    .expect("one button for all, one per competency");
    assert_eq!(
        count(&page, "document.querySelector('nav.jump').hidden"),
        json!(true)
    );
    assert_eq!(
        count(
            &page,
            "document.querySelector('.filter').getAttribute('role')"
        ),
        json!("group")
    );
    assert_eq!(
        count(
            &page,
            "document.querySelector('.filter-status').textContent"
        ),
        json!("74 van 74 zichtbaar")
    );
    // Only the third competency.
    let tips_of_third = count(
        &page,
        "document.querySelectorAll('.overview-group')[2].querySelectorAll('.tip').length",
    );
    page.eval("document.querySelectorAll('.filter button')[3].click()")
        .unwrap();
    assert_eq!(
        count(
            &page,
            "[...document.querySelectorAll('.overview-group')].filter(g => !g.hidden).length"
        ),
        json!(1)
    );
    assert_eq!(
        count(
            &page,
            "document.querySelectorAll('.overview-group')[2].hidden"
        ),
        json!(false)
    );
    assert_eq!(
        count(
            &page,
            "document.querySelectorAll('.filter button')[3].getAttribute('aria-pressed')"
        ),
        json!("true")
    );
    assert_eq!(
        count(
            &page,
            "document.querySelector('.filter-status').textContent"
        ),
        json!(format!("{tips_of_third} van 74 zichtbaar"))
    );
    // And all again.
    page.eval("document.querySelectorAll('.filter button')[0].click()")
        .unwrap();
    assert_eq!(
        count(
            &page,
            "[...document.querySelectorAll('.overview-group')].filter(g => !g.hidden).length"
        ),
        json!(10)
    );
}

#[test]
fn links_to_tips_become_copy_buttons() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, page) = open_sample(&browser, COMPETENCY);
    page.wait_for(
        "document.querySelectorAll('.share-button').length > 0",
        crate::helpers::DEADLINE,
    )
    .expect("copy buttons");
    assert_eq!(
        count(
            &page,
            "document.querySelectorAll('.share-button').length === document.querySelectorAll('a[data-share]').length"
        ),
        json!(true)
    );
    assert_eq!(
        count(
            &page,
            "[...document.querySelectorAll('a[data-share]')].every(a => a.hidden)"
        ),
        json!(true)
    );
    let name = count(
        &page,
        "document.querySelector('.tip .share-button').textContent",
    );
    assert!(
        name.as_str().unwrap().starts_with("Kopieer link: "),
        "the button names its tip: {name}"
    );
    // Copying either works (the label says so) or the address of the tip is
    // put in the address bar (and a screen reader hears why).
    let id = count(&page, "document.querySelector('.tip').id");
    page.eval("document.querySelector('.tip .share-button').click()")
        .unwrap();
    page.wait_for(
        &format!(
            "document.querySelector('.tip .share-button span').textContent === 'Link gekopieerd' \
             || (location.hash === '#{}' && [...document.querySelectorAll('[aria-live]')].some(e => e.textContent.startsWith('Kopiëren lukt niet')))",
            id.as_str().unwrap()
        ),
        crate::helpers::DEADLINE,
    )
    .expect("the link was copied or shown");
}

#[test]
fn printing_leaves_out_navigation_and_keeps_blocks_whole() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (dir, root) = sample_copy();
    write(
        &root,
        "content/over-dit-handboek.md",
        std::fs::read_to_string(root.join("content/over-dit-handboek.md")).unwrap()
            + "\nMeer over het profiel staat op [de site van Movisie](https://www.movisie.nl/).\n",
    );
    let base = build_for_file(&root, &dir.path().join("public"), &[]);
    let page = browser
        .open(&format!("{base}afdrukken/index.html"))
        .unwrap();
    let display = |css: &str| {
        count(
            &page,
            &format!("getComputedStyle(document.querySelector('{css}')).display"),
        )
    };
    assert_eq!(display(".site-nav"), json!("block"), "on screen");
    page.emulate_media(Some("print"), &[]).unwrap();
    for css in [".site-nav", ".site-footer", ".skip-link", ".print-hint"] {
        assert_eq!(display(css), json!("none"), "{css} in print");
    }
    assert_eq!(
        count(
            &page,
            "[...document.querySelectorAll('.print-competency')].every(c => getComputedStyle(c).breakBefore === 'page')"
        ),
        json!(true),
        "each competency starts a new page"
    );
    assert_eq!(
        count(
            &page,
            "[...document.querySelectorAll('.tip, .example')].every(b => getComputedStyle(b).breakInside === 'avoid')"
        ),
        json!(true)
    );
    assert_eq!(
        count(&page, "getComputedStyle(document.body).color"),
        json!("rgb(0, 0, 0)")
    );
    // Link targets are printed after links to other sites.
    page.goto(&format!("{base}over-dit-handboek/index.html"))
        .unwrap();
    page.emulate_media(Some("print"), &[]).unwrap();
    let after = count(
        &page,
        "getComputedStyle(document.querySelector('a[href^=\"https://www.movisie.nl\"]'), '::after').content",
    );
    assert_eq!(after, json!("\" (https://www.movisie.nl/)\""));
}

#[test]
fn reduced_motion_turns_off_smooth_scrolling() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, page) = open_sample(&browser, "index.html");
    let behaviour = "getComputedStyle(document.documentElement).scrollBehavior";
    page.emulate_media(None, &[("prefers-reduced-motion", "no-preference")])
        .unwrap();
    assert_eq!(count(&page, behaviour), json!("smooth"));
    page.emulate_media(None, &[("prefers-reduced-motion", "reduce")])
        .unwrap();
    assert_eq!(count(&page, behaviour), json!("auto"));
}

/// A link to an example (as a search result opens it) shows the example's
/// box from its top, label included, with a little room above it; a tip
/// likewise. Measured on a phone and on a laptop screen.
#[test]
fn an_opened_anchor_shows_its_whole_box() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_dir, page) = open_sample(&browser, COMPETENCY);
    // Instant jumps, so the position can be read at once.
    page.emulate_media(None, &[("prefers-reduced-motion", "reduce")])
        .unwrap();
    for (width, height, mobile) in [(390, 844, true), (1280, 800, false)] {
        page.set_viewport(width, height, mobile).unwrap();
        for anchor in [
            "twee-vragen-aan-een-keukentafel",
            "tip-spreek-ook-met-het-netwerk",
        ] {
            page.eval("location.hash = ''; scrollTo(0, 0)").unwrap();
            page.eval(&format!("location.hash = '#{anchor}'")).unwrap();
            let box_top = count(
                &page,
                &format!(
                    "document.getElementById('{anchor}').closest('.example, .tip').getBoundingClientRect().top"
                ),
            );
            let top = box_top.as_f64().unwrap_or(f64::NAN);
            assert!(
                (4.0..64.0).contains(&top),
                "{anchor} at {width} px: the box starts at {top} px from the top of the screen"
            );
        }
    }
}

/// On a 360 × 740 phone the first tip (example) of an overview is on the
/// first screen: the filter is one drop-down list there, not a row of
/// buttons, and it still filters.
#[test]
fn on_a_phone_the_first_item_of_an_overview_is_on_the_first_screen() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    for (path, item, total) in [
        ("alle-praktijktips/index.html", ".tip", 74),
        ("alle-voorbeelden/index.html", ".example", 30),
    ] {
        let (_dir, page) = open_sample(&browser, path);
        page.set_viewport(360, 740, true)
            .expect("a phone's viewport");
        let url = page.eval_string("location.href").unwrap();
        page.goto(&url).unwrap();
        page.wait_for(
            "document.querySelectorAll('#filter-keuze option').length === 11",
            crate::helpers::DEADLINE,
        )
        .expect("one choice for all, one per competency");
        let first = count(
            &page,
            &format!(
                "(() => {{ const r = document.querySelector('{item}').getBoundingClientRect(); \
                 return [r.top, innerHeight]; }})()"
            ),
        );
        let (top, height) = (first[0].as_f64().unwrap(), first[1].as_f64().unwrap());
        assert!(
            (0.0..height - 40.0).contains(&top),
            "{path}: the first {item} starts at {top} px, below the first screen of {height} px"
        );
        assert_eq!(
            count(
                &page,
                "[getComputedStyle(document.querySelector('.filter')).display, \
                  document.querySelector('label[for=filter-keuze]').textContent]"
            ),
            json!(["none", "Toon competentie"]),
            "{path}: the buttons give way to a labelled list"
        );
        // Choosing the third competency shows only its group.
        let of_third = count(
            &page,
            &format!(
                "document.querySelectorAll('.overview-group')[2].querySelectorAll('{item}').length"
            ),
        );
        page.eval(
            "const s = document.getElementById('filter-keuze'); s.value = '3'; \
             s.dispatchEvent(new Event('change'))",
        )
        .unwrap();
        assert_eq!(
            count(
                &page,
                "[...document.querySelectorAll('.overview-group')].map(g => !g.hidden)"
            ),
            json!([
                false, false, true, false, false, false, false, false, false, false
            ]),
            "{path}"
        );
        assert_eq!(
            count(
                &page,
                "document.querySelector('.filter-status').textContent"
            ),
            json!(format!("{of_third} van {total} zichtbaar")),
            "{path}"
        );
    }
}

/// Without JavaScript there is no filter, but the list of competencies
/// stays above the items: on a phone it is a row of numbers, so the first
/// item is still on the first screen, and each link keeps its full name for
/// a screen reader.
#[test]
fn on_a_phone_without_javascript_the_first_item_is_on_the_first_screen_too() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    for (path, item) in [
        ("alle-praktijktips/index.html", ".tip"),
        ("alle-voorbeelden/index.html", ".example"),
    ] {
        let (_dir, page) = open_sample(&browser, path);
        page.set_viewport(360, 740, true)
            .expect("a phone's viewport");
        page.disable_scripts().expect("scripts off");
        let url = page.eval_string("location.href").unwrap();
        page.goto(&url).unwrap();
        let seen = count(
            &page,
            &format!(
                "(() => {{ const r = document.querySelector('{item}').getBoundingClientRect(); \
                 const jump = document.querySelector('nav.jump'); \
                 return [r.top, innerHeight, !jump.hidden, \
                   document.querySelector('#filter-keuze') === null, \
                   jump.querySelector('a').textContent.trim()]; }})()"
            ),
        );
        let (top, height) = (seen[0].as_f64().unwrap(), seen[1].as_f64().unwrap());
        assert!(
            (0.0..height - 40.0).contains(&top),
            "{path}: without JavaScript the first {item} starts at {top} px, below the first screen of {height} px"
        );
        assert_eq!(
            seen[2],
            json!(true),
            "{path}: the list of competencies shows"
        );
        assert_eq!(seen[3], json!(true), "{path}: no script ran");
        assert!(
            seen[4].as_str().unwrap().starts_with("1. ") && seen[4].as_str().unwrap().len() > 5,
            "{path}: the link keeps its name: {}",
            seen[4]
        );
    }
}
