//! Fuzz targets as property tests: generated inputs for the parts of Bekwaam
//! that read what an editor types or a browser sends. No input may panic,
//! and what comes out must keep its promises.
//!
//! A normal `cargo test` runs each target for a few hundred cases. For a long
//! run, set the number of cases:
//!
//! ```sh
//! BEKWAAM_FUZZ_CASES=200000 cargo test --release --test fuzz
//! ```

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use bekwaam::frontmatter;
use bekwaam::markdown::{self, RenderOptions};

fn runner() -> TestRunner {
    let cases = std::env::var("BEKWAAM_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text built from pieces that matter to the parsers, with arbitrary text
/// between them.
fn pieces(parts: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(parts).prop_map(str::to_string),
        1 => "\\PC{0,12}",
        1 => "[ \t\r\n]{0,3}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

const FRONT_PIECES: &[&str] = &[
    "+++\n",
    "+++",
    "+++\r\n",
    "\u{feff}",
    "title = \"T\"\n",
    "title = ",
    "\"",
    "'''",
    "\"\"\"",
    "summary = \"<img src=x onerror=alert(1)>\"\n",
    "weight = 3\n",
    "weight = 99999999999999999999\n",
    "related = [\"a\", \"b\"]\n",
    "related = [",
    "date = 2026-11-29\n",
    "draft = true\n",
    "[extra]\n",
    "[[x]]\n",
    "tittle = 1\n",
    "# comment\n",
    "= =\n",
    "\\u{0}",
    "é",
    "🙂",
];

#[test]
fn front_matter_never_panics_and_positions_stay_in_the_file() {
    runner()
        .run(&pieces(FRONT_PIECES), |text| {
            let path = Path::new("content/x.md");
            match frontmatter::split(path, &text) {
                Ok(split) => {
                    prop_assert!(split.front.1 <= text.len() && split.body.1 <= text.len());
                    if let Err(problems) = frontmatter::parse(path, &text, &split) {
                        let lines = text.lines().count().max(1) + 1;
                        for problem in problems.into_sorted() {
                            if let Some((line, col)) = problem.position() {
                                prop_assert!(line >= 1 && line <= lines, "{problem}");
                                prop_assert!(col >= 1, "{problem}");
                            }
                        }
                    }
                }
                Err(problem) => prop_assert!(problem.position().is_some()),
            }
            Ok(())
        })
        .unwrap();
}

const MARKDOWN_PIECES: &[&str] = &[
    "# Kop\n",
    "## Voorbeelden\n",
    "## Praktijktips\n",
    "## Wat je ziet\n",
    "## Niveaus\n",
    "### Startbekwaam\n",
    "## Reflectievragen\n",
    "### Voorbeeld\n",
    "#### Diep\n",
    "- **Tip** tekst\n",
    "- item\n",
    "  - sub\n",
    "1. een\n",
    "> citaat\n",
    "```\ncode\n```\n",
    "`code`",
    "[link](@/competenties/a.md#x)",
    "[link](@/nergens.md)",
    "[anker](#kop)",
    "[pad](/img/x.png)",
    "[extern](https://example.org)",
    "![plaatje](/img/a.svg)",
    "[^1]",
    "[^1]: voetnoot\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<div>html</div>\n",
    "<script>alert(1)</script>",
    "## Kop {#eigen-id}\n",
    "\n\n",
    "***\n",
    "~~doorgestreept~~",
    "- [ ] taak\n",
    "\\",
    "*",
    "_",
    "[",
    "](",
];

#[test]
fn markdown_never_panics_and_ids_stay_unique() {
    let site_path = |p: &str| bekwaam::content::site_path(p);
    runner()
        .run(
            &(pieces(MARKDOWN_PIECES), any::<bool>()),
            |(body, competency)| {
                let options = RenderOptions {
                    examples_heading: competency.then_some("Voorbeelden"),
                    tips_heading: competency.then_some("Praktijktips"),
                    behaviour_heading: competency.then_some("Wat je ziet"),
                    levels_heading: competency.then_some("Niveaus"),
                    reflection_heading: competency.then_some("Reflectievragen"),
                    id_prefix: "",
                    base_path: "/handboek/",
                    site_path: &site_path,
                    folder: "competenties",
                    sections: true,
                    table_name: "Tabel",
                };
                let rendered = markdown::render(&body, &options);
                let mut ids = rendered.ids.clone();
                ids.sort();
                let before = ids.len();
                ids.dedup();
                prop_assert_eq!(before, ids.len(), "duplicate ids in {:?}", body);
                for link in &rendered.links {
                    prop_assert!(link.offset() <= body.len());
                }
                let levels = rendered.levels.levels.iter().flat_map(|l| &l.indicators);
                for part in rendered
                    .examples
                    .iter()
                    .chain(&rendered.tips)
                    .chain(&rendered.behaviour.items)
                    .chain(levels)
                    .chain(&rendered.reflection.items)
                {
                    prop_assert!(
                        ids.binary_search(&part.id).is_ok(),
                        "{} has no id",
                        part.title
                    );
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn slugs_and_site_paths_are_plain() {
    runner()
        .run(&"\\PC{0,40}", |text| {
            let slug = markdown::slugify(&text);
            prop_assert!(
                slug.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug:?}"
            );
            Ok(())
        })
        .unwrap();
    let path = proptest::collection::vec(
        prop_oneof![
            Just("..".to_string()),
            Just(".".to_string()),
            Just(String::new()),
            Just("_index.md".to_string()),
            "\\PC{1,10}(\\.md)?",
        ],
        1..6,
    )
    .prop_map(|parts| parts.join("/"));
    runner()
        .run(&path, |source| {
            if let Some(site) = bekwaam::content::site_path(&source) {
                prop_assert!(!site.starts_with('/'), "{source:?} → {site:?}");
                for segment in site
                    .trim_end_matches('/')
                    .split('/')
                    .filter(|s| !s.is_empty())
                {
                    prop_assert!(segment != ".." && segment != ".", "{source:?} → {site:?}");
                    prop_assert!(
                        segment.chars().all(|c| c.is_ascii_lowercase()
                            || c.is_ascii_digit()
                            || c == '-'
                            || c == '_'),
                        "{source:?} → {site:?}"
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

// The request targets are the preview's.
#[cfg(feature = "serve")]
#[test]
fn request_targets_resolve_inside_the_site() {
    let target = prop_oneof![
        "\\PC{0,60}",
        proptest::collection::vec(
            prop_oneof![
                Just("..".to_string()),
                Just("%2e%2e".to_string()),
                Just("%252e".to_string()),
                Just("%2f".to_string()),
                Just("%5c".to_string()),
                Just("%00".to_string()),
                Just("%c0%ae".to_string()),
                "[a-z0-9%.\\\\:]{0,8}",
            ],
            0..8
        )
        .prop_map(|p| format!("/{}", p.join("/"))),
    ];
    runner()
        .run(&target, |target| {
            if let Ok(key) = bekwaam::serve::request::resolve(&target) {
                prop_assert!(!key.starts_with('/'));
                for segment in key.split('/') {
                    prop_assert!(!segment.is_empty() && segment != ".." && segment != ".");
                    prop_assert!(!segment.contains(['\\', '%', ':']));
                    prop_assert!(!segment.chars().any(char::is_control));
                }
            }
            let _ = bekwaam::serve::request::is_loopback_host(&target);
            Ok(())
        })
        .unwrap();
}

#[test]
fn config_never_panics() {
    const CONFIG_PIECES: &[&str] = &[
        "title = \"H\"\n",
        "base_url = \"https://x.example/a/\"\n",
        "base_url = \"//evil\"\n",
        "base_url = \"\"\n",
        "language = \"en\"\n",
        "language = \"xx\"\n",
        "[handbook]\n",
        "competencies = \"../x\"\n",
        "[branding]\n",
        "color = \"#fff\"\n",
        "color = \"#0000000\"\n",
        "logo = \"/img/x.svg\"\n",
        "[accessibility]\n",
        "status = \"E\"\n",
        "date = 2026-13-45\n",
        "portable = true\n",
        "[extra]\n",
        "x = 1\n",
        "\u{feff}",
    ];
    runner()
        .run(&pieces(CONFIG_PIECES), |text| {
            let _ = bekwaam::config::Config::parse(&text);
            Ok(())
        })
        .unwrap();
}
