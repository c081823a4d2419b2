//! The default theme against the WCAG 2.2 criteria that axe-core checks
//! only in part or not at all, each measured in the built sample:
//!
//! - 2.4.11 Focus not obscured: tabbing through a page, the focused element
//!   is never under a sticky or fixed part of the page, nor under anything
//!   else that is painted over it;
//! - 2.5.8 Target size: every link, button and field that is not part of a
//!   sentence is at least 24 by 24 CSS pixels, or has room around it;
//! - 3.2.6 Consistent help: the ways to get help (the page about the
//!   handbook, the accessibility statement) are in the same place, in the
//!   same order, on every page;
//! - 2.1.1 Keyboard, for a table wider than a phone: its box scrolls with
//!   the arrow keys once Tab has reached it.
//!
//! Each browser check runs on a laptop's and a phone's width, and first on a
//! page broken on purpose, so that it is shown to find what it looks for.

use std::fmt::Write as _;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::browser::{Browser, Page};
use crate::helpers::{build, read_tree, sample_root, stderr};
use crate::theme_browser::{
    HOME, LAPTOP_WIDTH, PANEL_SHOWN, PHONE_WIDTH, SEARCHING, Site, goto, open,
};

/// The sample's page with a table (and the page about the handbook).
const ABOUT: &str = "/over-dit-handboek/";

/// The most Tab presses on one page: more than any page of the sample has
/// stops, so a page is always tabbed through to its end.
const MOST_TABS: usize = 400;

/// After a Tab: where the focus is and what covers it. Marks each element
/// it has seen, so that the walk ends when the focus comes round again or
/// leaves the page. A part of the page covers the focus when it is sticky or
/// fixed and overlaps it, or when it is what the browser finds at the middle
/// of the focus's first box.
const FOCUS_CHECK: &str = "(() => {
  const focus = document.activeElement;
  if (!focus || focus === document.body || focus.dataset.bekwaamSeen) return {done: true};
  focus.dataset.bekwaamSeen = '1';
  const shown = focus.outerHTML.replace(/\\s+/g, ' ').slice(0, 140);
  const box = focus.getClientRects()[0] || focus.getBoundingClientRect();
  const covers = [];
  if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) {
    covers.push('outside the screen');
  }
  for (const part of document.body.querySelectorAll('*')) {
    const position = getComputedStyle(part).position;
    if (position !== 'sticky' && position !== 'fixed') continue;
    if (part.contains(focus) || focus.contains(part)) continue;
    const r = part.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && box.left < r.right && r.left < box.right &&
        box.top < r.bottom && r.top < box.bottom) {
      covers.push(`the ${position} ${part.tagName.toLowerCase()}.${part.className}`);
    }
  }
  const x = Math.min(Math.max((box.left + box.right) / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max((box.top + box.bottom) / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  if (top && !focus.contains(top) && !top.contains(focus)) {
    covers.push(`${top.tagName.toLowerCase()}.${top.className}, painted over it`);
  }
  return {done: false, shown, covers};
})()";

/// For the focus check's control: a bar fixed at the top of the screen, over
/// the header's links.
const FIXED_BAR: &str = "{
  const bar = document.createElement('div');
  bar.className = 'fixed-bar';
  Object.assign(bar.style, {position: 'fixed', top: '0', left: '0', right: '0',
    height: '160px', background: 'gray', zIndex: '5'});
  document.body.append(bar);
}";

/// Every target on the page that is too small: under 24 by 24 CSS pixels,
/// not in a sentence, and with a 24 px circle around its middle that meets
/// another target or the circle of another small one (WCAG 2.5.8 and its
/// spacing exception). A target is in a sentence when it is shown inline and
/// the block around it has words that are not in a target.
const SMALL_TARGETS: &str = "(() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[tabindex]:not([tabindex=\"-1\"])';
  const targets = [...document.querySelectorAll(selector)].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  }).map(e => ({e, r: e.getBoundingClientRect()}));
  const inSentence = e => {
    if (getComputedStyle(e).display !== 'inline') return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const owner = text.parentElement.closest(selector);
      if ((!owner || !block.contains(owner)) && /[\\p{L}\\p{N}]/u.test(text.data)) return true;
    }
    return false;
  };
  const middle = r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const distance = ([x, y], r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const small = targets.filter(t => (t.r.width < 24 || t.r.height < 24) && !inSentence(t.e));
  const related = (a, b) => a.contains(b) || b.contains(a);
  return small.filter(t => {
    const c = middle(t.r);
    return targets.some(o => o.e !== t.e && !related(o.e, t.e) && distance(c, o.r) < 12) ||
      small.some(o => o.e !== t.e && !related(o.e, t.e) &&
        Math.hypot(c[0] - middle(o.r)[0], c[1] - middle(o.r)[1]) < 24);
  }).map(t => `${Math.round(t.r.width * 10) / 10}×${Math.round(t.r.height * 10) / 10} px: ` +
    t.e.outerHTML.replace(/\\s+/g, ' ').slice(0, 140));
})()";

/// For the target check's control: two buttons of 12 by 12 px side by side.
const TINY_BUTTONS: &str = "{
  for (const name of ['a', 'b']) {
    const button = document.createElement('button');
    button.className = `tiny-${name}`;
    Object.assign(button.style, {width: '12px', height: '12px', padding: '0', border: '0',
      minWidth: '0', minHeight: '0'});
    document.querySelector('main').prepend(button);
  }
}";

/// The two widths each browser check runs on: (width, height, phone?).
const SCREENS: [(u32, u32, bool); 2] = [(LAPTOP_WIDTH, 800, false), (PHONE_WIDTH, 740, true)];

/// Tabs through the open page from its top, at most `most` times (each
/// press and look costs a round trip to the browser); the number of stops,
/// and the focused elements that are covered, with what covers them.
fn tab_through(page: &Page<'_>, most: usize) -> (usize, Vec<String>) {
    let mut covered = Vec::new();
    let mut stops = 0;
    for _ in 0..most {
        page.press_key("Tab").expect("pressing Tab");
        let found = page.eval(FOCUS_CHECK).expect("looking at the focus");
        if found["done"] == Value::Bool(true) {
            return (stops, covered);
        }
        stops += 1;
        let covers: Vec<&str> = found["covers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !covers.is_empty() {
            covered.push(format!(
                "{} under {}",
                found["shown"].as_str().unwrap_or("?"),
                covers.join(", ")
            ));
        }
    }
    assert!(
        most < MOST_TABS,
        "the focus did not come round after {MOST_TABS} presses of Tab"
    );
    (stops, covered)
}

/// Goes to `path` and waits until the page is ready to be tabbed through or
/// measured: the search panel shown, when the address asks for it.
fn ready(page: &Page<'_>, site: &Site, path: &str) {
    goto(page, site, path);
    if path == SEARCHING {
        page.wait_for(PANEL_SHOWN, crate::helpers::DEADLINE)
            .expect("the search panel with results");
    }
}

/// WCAG 2.4.11: tabbing through a long competency with the search panel
/// open (its results first, then the page with its sticky "on this page"
/// box) and through the page with a table, on a laptop and on a phone, the
/// focus is never hidden behind another part of the page. The way there is
/// not measured: motion is reduced, so the page stands still where the focus
/// takes it.
#[test]
fn the_focus_is_never_hidden() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = Site::build();
    let page = open(&browser, &site, HOME);
    page.emulate_media(None, &[("prefers-reduced-motion", "reduce")])
        .expect("reducing motion");

    // A control: a bar fixed over the header hides its links.
    page.set_viewport(LAPTOP_WIDTH, 800, false)
        .expect("a laptop's viewport");
    page.eval(FIXED_BAR).expect("adding a fixed bar");
    let (_, covered) = tab_through(&page, 6);
    assert!(
        covered.iter().any(|c| c.contains("fixed div.fixed-bar")),
        "the check sees a focused link under a fixed bar: {covered:?}"
    );

    let mut problems = String::new();
    for (width, height, phone) in SCREENS {
        page.set_viewport(width, height, phone)
            .expect("setting the viewport");
        for path in [SEARCHING, ABOUT] {
            ready(&page, &site, path);
            let (stops, covered) = tab_through(&page, MOST_TABS);
            assert!(stops > 10, "{path} at {width} px has only {stops} stops");
            for c in covered {
                writeln!(problems, "{path} at {width} px: {c}").unwrap();
            }
        }
    }
    assert!(problems.is_empty(), "focus hidden:\n{problems}");
}

/// WCAG 2.5.8: on every page of the sample, and with the search panel open,
/// at a laptop's and a phone's width, every target that is not part of a
/// sentence is at least 24 by 24 CSS pixels or has room around it.
#[test]
fn targets_are_big_enough_or_have_room() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = Site::build();
    let page = open(&browser, &site, HOME);

    // A control: two small buttons side by side are found.
    page.eval(TINY_BUTTONS).expect("adding small buttons");
    let control = page.eval(SMALL_TARGETS).expect("measuring the targets");
    let control = format!("{control}");
    assert!(
        control.contains("tiny-a") && control.contains("tiny-b"),
        "the check finds two small buttons side by side: {control}"
    );

    let mut paths = site.pages();
    paths.push(SEARCHING.to_string());
    let mut problems = String::new();
    for (width, height, phone) in SCREENS {
        page.set_viewport(width, height, phone)
            .expect("setting the viewport");
        for path in &paths {
            ready(&page, &site, path);
            let small = page.eval(SMALL_TARGETS).expect("measuring the targets");
            for target in small.as_array().into_iter().flatten() {
                let target = target.as_str().unwrap_or("?");
                writeln!(problems, "{path} at {width} px: {target}").unwrap();
            }
        }
    }
    assert!(
        paths.len() > 10,
        "the sample has more than {} pages",
        paths.len()
    );
    assert!(problems.is_empty(), "targets too small:\n{problems}");
}

/// The help links outside the page's own content of one built page, in
/// the order they come: the page about the handbook and the accessibility
/// statement.
fn help_links(html: &str) -> Vec<String> {
    let links = Selector::parse("body a[href]").unwrap();
    let document = Html::parse_document(html);
    document
        .select(&links)
        .filter(|a| {
            !a.ancestors()
                .any(|e| e.value().as_element().is_some_and(|e| e.name() == "main"))
        })
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| {
            href.ends_with("/over-dit-handboek/") || href.ends_with("/toegankelijkheid/")
        })
        .map(str::to_string)
        .collect()
}

/// WCAG 3.2.6: every page of the sample, generated ones and the 404 page
/// among them, offers the same help in the same order, outside its own
/// content: the page about the handbook in the menu, the accessibility
/// statement in the footer.
#[test]
fn help_is_in_the_same_place_on_every_page() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &[]);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    let mut seen = Vec::new();
    for (file, bytes) in read_tree(&out) {
        if file.ends_with(".html") {
            seen.push((file, help_links(&String::from_utf8_lossy(&bytes))));
        }
    }
    assert!(
        seen.len() > 10,
        "the sample has more than {} pages",
        seen.len()
    );
    let expected = vec![
        "/over-dit-handboek/".to_string(),
        "/toegankelijkheid/".to_string(),
    ];
    let different: Vec<String> = seen
        .iter()
        .filter(|(_, links)| *links != expected)
        .map(|(file, links)| format!("{file}: {links:?}"))
        .collect();
    assert!(
        different.is_empty(),
        "pages whose help is not {expected:?}:\n{}",
        different.join("\n")
    );
}

/// The table on the page about the handbook, on a 360 px phone: wider than
/// its box, which scrolls and not the page; reached with Tab, it shows its
/// focus and scrolls with the arrow keys. On paper the table fits its box.
#[test]
fn a_wide_table_scrolls_in_its_box_with_the_keyboard() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let site = Site::build();
    let page = open(&browser, &site, HOME);
    page.emulate_media(None, &[("prefers-reduced-motion", "reduce")])
        .expect("reducing motion");
    page.set_viewport(PHONE_WIDTH, 740, true)
        .expect("a phone's viewport");
    goto(&page, &site, ABOUT);
    let sizes = page
        .eval(
            "(() => { const box = document.querySelector('.tabel');
               return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; })()",
        )
        .expect("measuring the table");
    let (table, shown, page_width) = (sizes[0].as_u64(), sizes[1].as_u64(), sizes[2].as_u64());
    assert!(
        table > shown && page_width <= Some(u64::from(PHONE_WIDTH)),
        "the table is wider than its box, the page is not: {sizes}"
    );
    let mut reached = false;
    for _ in 0..MOST_TABS {
        page.press_key("Tab").expect("pressing Tab");
        let focus = page
            .eval(
                "document.activeElement.classList.contains('tabel') && \
                 getComputedStyle(document.activeElement).outlineStyle",
            )
            .expect("looking at the focus");
        if focus != Value::Bool(false) {
            assert_eq!(focus, "solid", "the box shows its focus");
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the table's box");
    page.press_key("ArrowRight")
        .expect("pressing the right arrow");
    page.wait_for(
        "document.querySelector('.tabel').scrollLeft > 0 && scrollX === 0",
        crate::helpers::DEADLINE,
    )
    .expect("the arrow key scrolls the box, not the page");
    page.emulate_media(Some("print"), &[])
        .expect("emulating paper");
    let on_paper = page
        .eval("(() => { const box = document.querySelector('.tabel'); return box.scrollWidth <= box.clientWidth; })()")
        .expect("measuring the table on paper");
    assert_eq!(on_paper, Value::Bool(true), "the table fits the paper");
}
