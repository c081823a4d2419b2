//! Templates that would crash Bekwaam or exhaust the machine (issue 15):
//! an include cycle, a macro that calls itself without end, ranges and
//! loops without bound, a page that grows without end. Each is an error
//! with exit status 1 that names the template, in `build` (pages rendered on
//! rayon's threads), in `check` (the main thread) and in `serve` (the
//! preview's threads, which keep running and recover once it is fixed).

use std::path::Path;
use std::process::Output;

use crate::helpers::{bekwaam, read_tree, starter, stderr, write};

const SELF_INCLUDE: &str = "{% include \"index.html\" %}";
const ENDLESS_MACRO: &str = "{% macro down(n) %}<b>{{ self::down(n=n + 1) }}</b>{% endmacro down %}\
    {{ self::down(n=0) }}";
const HUGE_RANGE: &str = "{% for i in range(end=2000000000) %}{{ i }}{% endfor %}";

/// A tree of `depth` levels made by a macro that calls itself until the
/// end: what Zola-style themes do for nested menus.
fn tree_walk(depth: usize) -> String {
    format!(
        "{{% macro walk(n) %}}{{% if n > 0 %}}<ul><li>{{{{ self::walk(n=n - 1) }}}}</li></ul>{{% endif %}}\
         {{% endmacro walk %}}<!doctype html><title>{{{{ page.title }}}}</title>{{{{ self::walk(n={depth}) }}}}"
    )
}

/// Runs `build` and `check` on `root`; returns both.
fn build_and_check(root: &Path) -> [(String, Output); 2] {
    let root_arg = root.to_str().unwrap();
    let out = root.join("public");
    let built = bekwaam(&["--root", root_arg, "build", "-o", out.to_str().unwrap()]);
    let checked = bekwaam(&["--root", root_arg, "check"]);
    [("build".into(), built), ("check".into(), checked)]
}

/// Both commands fail with exit status 1 (not a signal, not a panic) and
/// print `expected`; the failed build wrote no output and nothing else in
/// the handbook changed.
fn assert_refused(root: &Path, expected: &str) {
    let before = read_tree(root);
    for (command, output) in build_and_check(root) {
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command}:\n{text}");
        assert!(text.contains(expected), "{command}:\n{text}");
        assert!(!text.contains("panicked"), "{command}:\n{text}");
    }
    assert!(!root.join("public").exists());
    assert_eq!(read_tree(root), before, "the handbook changed");
}

#[test]
fn a_template_that_includes_itself_is_an_error_before_rendering() {
    let (_dir, root) = starter();
    write(&root, "templates/index.html", SELF_INCLUDE);
    assert_refused(
        &root,
        "templates/index.html:1:1: error: de templates nemen elkaar zonder einde op: \
         index.html -> index.html",
    );
}

#[test]
fn templates_that_include_each_other_from_blocks_loops_and_macros_are_an_error() {
    let (_dir, root) = starter();
    write(
        &root,
        "templates/page.html",
        "<!doctype html>{% block inhoud %}{% for p in nav %}{% if p %}\
         {% include [\"ontbreekt.html\", \"parts/a.html\"] ignore missing %}\
         {% endif %}{% endfor %}{% endblock inhoud %}",
    );
    write(
        &root,
        "templates/parts/a.html",
        "{% macro m() %}{% include \"page.html\" %}{% endmacro m %}",
    );
    assert_refused(
        &root,
        "de templates nemen elkaar zonder einde op: page.html -> parts/a.html -> page.html",
    );
}

#[test]
fn a_macro_that_calls_itself_without_end_is_an_error_not_a_crash() {
    let (_dir, root) = starter();
    write(&root, "templates/index.html", ENDLESS_MACRO);
    assert_refused(
        &root,
        "templates/index.html: error: de macro `down` in `index.html` roept zichzelf te vaak aan",
    );
}

#[test]
fn a_macro_that_walks_a_deep_tree_still_works_in_build_and_check() {
    let (_dir, root) = starter();
    write(&root, "templates/index.html", tree_walk(500));
    for (command, output) in build_and_check(&root) {
        assert!(output.status.success(), "{command}:\n{}", stderr(&output));
    }
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert_eq!(home.matches("<li>").count(), 500);
}

#[test]
fn a_deeply_nested_template_loads_and_renders_on_every_thread() {
    // 150 nested conditions overflowed the thread that loads the templates.
    let (_dir, root) = starter();
    let depth = 1000;
    let text = format!(
        "{}diep{}",
        "{% if true %}".repeat(depth),
        "{% endif %}".repeat(depth)
    );
    write(&root, "templates/index.html", text);
    for (command, output) in build_and_check(&root) {
        assert!(output.status.success(), "{command}:\n{}", stderr(&output));
    }
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("diep"), "{home}");
}

#[test]
fn a_range_of_two_billion_is_an_error_not_an_allocation_abort() {
    let (_dir, root) = starter();
    write(&root, "templates/index.html", HUGE_RANGE);
    assert_refused(
        &root,
        "templates/index.html: error: `range` in `index.html` maakt 2.000.000.000 getallen; \
         het maximum is 100.000",
    );
}

#[test]
fn nested_ranges_in_a_parent_template_are_bounded_together() {
    let (_dir, root) = starter();
    write(
        &root,
        "templates/lijst.html",
        "<!doctype html>{% block lijst %}{% for i in range(end=100000) %}\
         {% for j in range(end=100000) %}{% endfor %}{% endfor %}{% endblock lijst %}",
    );
    write(
        &root,
        "templates/index.html",
        "{% extends \"lijst.html\" %}",
    );
    assert_refused(
        &root,
        "templates/lijst.html: error: de `range`-aanroepen maken samen meer dan 1.000.000 \
         getallen voor één pagina (de laatste in `lijst.html`)",
    );
}

#[test]
fn nested_loops_over_one_list_are_bounded() {
    let (_dir, root) = starter();
    write(
        &root,
        "templates/index.html",
        "{% set r = range(end=1000) %}{% for a in r %}{% for b in r %}{% for c in r %}\
         {% endfor %}{% endfor %}{% endfor %}",
    );
    assert_refused(
        &root,
        "templates/index.html: error: de lussen gaan samen meer dan 2.000.000 keer rond",
    );
}

#[test]
fn a_page_that_grows_past_the_limit_stops_with_an_error() {
    let (_dir, root) = starter();
    let text = format!(
        "{{% for i in range(end=100000) %}}<p>{}</p>{{% endfor %}}",
        "Veel tekst. ".repeat(1000)
    );
    write(&root, "templates/index.html", text);
    let before = read_tree(&root);
    let out = root.join("public");
    let built = bekwaam(&[
        "--root",
        root.to_str().unwrap(),
        "build",
        "-o",
        out.to_str().unwrap(),
    ]);
    let text = stderr(&built);
    assert_eq!(built.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "templates/index.html: error: template `index.html` maakt een pagina van meer dan 1 GB"
        ),
        "{text}"
    );
    assert!(
        text.contains("dit gebeurde bij content/_index.md"),
        "{text}"
    );
    assert!(!out.exists());
    assert_eq!(read_tree(&root), before);
}

#[cfg(feature = "serve")]
mod preview {
    use super::*;
    use crate::helpers::DEADLINE;
    use crate::preview::Preview;

    /// Saves `text` as `templates/index.html` and waits for the overlay's
    /// report; returns its first problem's message.
    fn save_and_report(
        root: &Path,
        events: &mut crate::preview::Events,
        text: &str,
    ) -> serde_json::Value {
        write(root, "templates/index.html", text);
        events.wait_for("problems", DEADLINE).json()
    }

    #[test]
    fn the_preview_shows_each_hostile_template_in_its_overlay_and_recovers() {
        let (_dir, root) = starter();
        let preview = Preview::start(&root);
        let mut events = preview.events();
        let good = preview.get("/");
        assert_eq!(good.status, 200);
        for (text, expected) in [
            (SELF_INCLUDE, "index.html -> index.html"),
            (ENDLESS_MACRO, "de macro `down` in `index.html`"),
            (HUGE_RANGE, "maakt 2.000.000.000 getallen"),
        ] {
            let report = save_and_report(&root, &mut events, text);
            let problem = &report["problems"][0];
            assert!(
                problem["message"].as_str().unwrap_or("").contains(expected),
                "{report}"
            );
            assert!(
                problem["place"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("templates/index.html"),
                "{report}"
            );
            // Still alive, still serving the last good page.
            let page = preview.get("/");
            assert_eq!(page.status, 200);
            assert_eq!(page.body, good.body);
        }
        // A deep tree renders on the preview's threads too.
        write(&root, "templates/index.html", tree_walk(500));
        let change = events.wait_for("reload", DEADLINE).json();
        assert_eq!(change["fixed"], true, "{change}");
        assert_eq!(preview.get("/").text().matches("<li>").count(), 500);
        assert!(preview.log().contains("index.html -> index.html"));
    }
}
