//! The framework in the built site: every behaviour indicator, level, level
//! indicator and reflection question of the sources shows on its
//! competency page, on the levels page ("Niveaus"), on the reflection
//! questions page ("Reflectievragen") and on the print page, with anchors
//! that are unique and resolve.
//!
//! What a competency holds is read from its Markdown here, line by line and
//! independently of Bekwaam's parser, and compared with the HTML.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};

use crate::helpers::{build, build_ok, sample_root, stderr, write};

/// The fixture handbook: three competencies on the scale Startbekwaam,
/// Vakbekwaam, Vakvolwassen; one lacks a level, one has no questions.
pub(crate) fn fixture_root() -> PathBuf {
    sample_root().join("tests/fixtures/framework-handbook")
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// One level of a competency as its source writes it.
#[derive(Debug, PartialEq)]
struct SourceLevel {
    name: String,
    indicators: usize,
}

/// A competency's framework parts as its source writes them.
#[derive(Debug, Default)]
struct Source {
    slug: String,
    behaviour: usize,
    levels: Vec<SourceLevel>,
    questions: usize,
}

impl Source {
    fn indicators(&self) -> usize {
        self.behaviour + self.levels.iter().map(|l| l.indicators).sum::<usize>()
    }
}

/// Reads the behaviour items, the levels with their items and the questions
/// of one competency: top-level `- ` items under `## Wat je ziet`, `###`
/// headings under `## Niveaus` with the items below each, and items under
/// `## Reflectievragen`. Fenced code is skipped.
fn read_source(slug: &str, markdown: &str) -> Source {
    let mut source = Source {
        slug: slug.to_string(),
        ..Source::default()
    };
    let body = markdown.splitn(3, "+++").nth(2).unwrap_or(markdown);
    let (mut section, mut fenced) = (String::new(), false);
    for line in body.lines() {
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        } else if let Some(level) = line.strip_prefix("### ") {
            if section == "Niveaus" {
                source.levels.push(SourceLevel {
                    name: level.trim().to_string(),
                    indicators: 0,
                });
            }
        } else if line.starts_with("- ") || line.starts_with("* ") {
            match section.as_str() {
                "Wat je ziet" => source.behaviour += 1,
                "Reflectievragen" => source.questions += 1,
                "Niveaus" => {
                    if let Some(level) = source.levels.last_mut() {
                        level.indicators += 1;
                    }
                }
                _ => {}
            }
        }
    }
    source
}

/// The competencies of the handbook in `root`, by slug, and its scale.
fn sources(root: &Path) -> (BTreeMap<String, Source>, Vec<String>) {
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("config.toml")).unwrap()).unwrap();
    let handbook = config.get("handbook").and_then(|h| h.as_table());
    let scale: Vec<String> = handbook
        .and_then(|h| h.get("levels"))
        .and_then(|l| l.as_array())
        .map(|levels| {
            levels
                .iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let folder = handbook
        .and_then(|h| h.get("competencies"))
        .and_then(|c| c.as_str())
        .unwrap_or("competenties");
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("content").join(folder)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug.starts_with('_') {
            continue;
        }
        let markdown = std::fs::read_to_string(&path).unwrap();
        if markdown.contains("draft = true") {
            continue;
        }
        found.insert(slug.to_string(), read_source(slug, &markdown));
    }
    (found, scale)
}

fn page(tree: &BTreeMap<String, Vec<u8>>, file: &str) -> Html {
    let bytes = tree
        .get(file)
        .unwrap_or_else(|| panic!("{file} is in the build"));
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

fn count(scope: ElementRef<'_>, css: &str) -> usize {
    scope.select(&sel(css)).count()
}

fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every id of a page is unique, and every `#fragment` link on it resolves
/// to one of them.
fn assert_anchors_resolve(file: &str, html: &Html) {
    let mut ids = HashSet::new();
    for element in html.select(&sel("[id]")) {
        let id = element.value().attr("id").unwrap();
        assert!(ids.insert(id.to_string()), "{file}: the id `{id}` is twice");
    }
    for link in html.select(&sel("a[href^='#']")) {
        let target = &link.value().attr("href").unwrap()[1..];
        assert!(ids.contains(target), "{file}: `#{target}` goes nowhere");
    }
}

/// Links to `/competenties/slug/#anchor` land on an element of that page.
fn assert_part_links_resolve(file: &str, html: &Html, tree: &BTreeMap<String, Vec<u8>>) {
    for link in html.select(&sel("a[href*='/#']")) {
        let href = link.value().attr("href").unwrap();
        let (path, anchor) = href.split_once('#').unwrap();
        let target = format!("{}index.html", path.trim_start_matches('/'));
        let Some(bytes) = tree.get(&target) else {
            continue;
        };
        let there = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let css = format!("[id='{anchor}']");
        assert!(
            there.select(&sel(&css)).next().is_some(),
            "{file}: {href} goes to an anchor {target} does not have"
        );
    }
}

/// The checks of this module on the handbook in `root`, built.
fn check_built(root: &Path) {
    let (sources, scale) = sources(root);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let tree = build_ok(root, &out);
    let questions: usize = sources.values().map(|s| s.questions).sum();
    for source in sources.values() {
        check_competency_page(&tree, source);
    }
    check_levels_page(&tree, &sources, &scale);
    check_reflection_page(&tree, &sources, questions);
    check_print_page(&tree, &sources);
    check_cards(&tree, &sources);
    let sitemap = tree
        .get("sitemap.xml")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let home = page(&tree, "index.html");
    let menu: Vec<String> = home
        .select(&sel(".site-nav a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for (shown, path) in [
        (!scale.is_empty(), "niveaus/"),
        (questions > 0, "reflectievragen/"),
    ] {
        assert_eq!(
            tree.contains_key(&format!("{path}index.html")),
            shown,
            "{path} is made when the handbook has what it shows"
        );
        assert_eq!(
            menu.iter().any(|href| href.ends_with(path)),
            shown,
            "the menu links {path}: {menu:?}"
        );
        if !sitemap.is_empty() {
            assert_eq!(
                sitemap.contains(&format!("/{path}</loc>")),
                shown,
                "{sitemap}"
            );
        }
    }
    for (file, bytes) in &tree {
        if file.ends_with(".html") {
            let html = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            assert_anchors_resolve(file, &html);
            if file.starts_with("niveaus/") || file.starts_with("reflectievragen/") {
                assert_part_links_resolve(file, &html, &tree);
            }
        }
    }
}

/// A competency page shows each indicator, level (in the order written, with
/// its anchor and step) and question, and its "on this page" box lists the
/// sections.
fn check_competency_page(tree: &BTreeMap<String, Vec<u8>>, source: &Source) {
    let file = format!("competenties/{}/index.html", source.slug);
    let html = page(tree, &file);
    let root = html.root_element();
    assert_eq!(
        count(root, ".behaviour .indicator[id]"),
        source.behaviour,
        "{file}"
    );
    assert_eq!(
        count(root, ".reflection .question[id]"),
        source.questions,
        "{file}"
    );
    let levels: Vec<SourceLevel> = html
        .select(&sel(".levels .level"))
        .map(|level| SourceLevel {
            name: level
                .select(&sel(".level-name[id] > span:last-child"))
                .next()
                .map(text)
                .unwrap_or_default(),
            indicators: count(level, ".indicator[id]"),
        })
        .collect();
    assert_eq!(levels, source.levels, "{file}");
    let toc: Vec<String> = html.select(&sel(".on-this-page a")).map(text).collect();
    for (has, heading) in [
        (source.behaviour > 0, "Wat je ziet"),
        (!source.levels.is_empty(), "Niveaus"),
        (source.questions > 0, "Reflectievragen"),
    ] {
        if has {
            assert!(toc.iter().any(|t| t == heading), "{file}: {toc:?}");
        }
    }
}

/// The levels page has a row per competency with a cell per level of the
/// scale: the level's indicators where the source has the level, a note
/// where it has not.
fn check_levels_page(
    tree: &BTreeMap<String, Vec<u8>>,
    sources: &BTreeMap<String, Source>,
    scale: &[String],
) {
    if scale.is_empty() {
        return;
    }
    let html = page(tree, "niveaus/index.html");
    let rows: Vec<ElementRef<'_>> = html.select(&sel(".matrix-row")).collect();
    assert_eq!(rows.len(), sources.len(), "a row per competency");
    let jumps: Vec<&str> = html
        .select(&sel(".level-jump a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    let mut shown = 0;
    for row in rows {
        let slug = row
            .select(&sel("h2[id]"))
            .next()
            .and_then(|h| h.value().attr("id"))
            .expect("a row's heading has the competency's slug as id");
        assert!(jumps.contains(&format!("#{slug}").as_str()), "{jumps:?}");
        let source = &sources[slug];
        let cells: Vec<ElementRef<'_>> = row.select(&sel(".matrix-cell")).collect();
        assert_eq!(cells.len(), scale.len(), "{slug}: a cell per level");
        for (step, (cell, name)) in cells.iter().zip(scale).enumerate() {
            assert_eq!(
                cell.value().attr("data-step"),
                Some(&*(step + 1).to_string())
            );
            assert!(
                text(*cell).contains(name.as_str()),
                "{slug}: {}",
                text(*cell)
            );
            match source.levels.iter().find(|l| &l.name == name) {
                Some(level) => {
                    assert_eq!(count(*cell, ".indicator[id]"), level.indicators, "{slug}");
                    shown += level.indicators;
                }
                None => assert_eq!(count(*cell, ".is-missing"), 1, "{slug}: {name}"),
            }
        }
    }
    let written: usize = sources
        .values()
        .flat_map(|s| &s.levels)
        .map(|l| l.indicators)
        .sum();
    assert_eq!(
        shown, written,
        "every level indicator is on the levels page"
    );
}

/// The reflection questions page holds every question, by competency, and
/// only competencies that have questions.
fn check_reflection_page(
    tree: &BTreeMap<String, Vec<u8>>,
    sources: &BTreeMap<String, Source>,
    questions: usize,
) {
    if questions == 0 {
        return;
    }
    let html = page(tree, "reflectievragen/index.html");
    let mut shown = 0;
    let groups: Vec<ElementRef<'_>> = html.select(&sel(".handout-group")).collect();
    let with_questions = sources.values().filter(|s| s.questions > 0).count();
    assert_eq!(groups.len(), with_questions);
    for group in groups {
        let slug = group
            .select(&sel("h2[id]"))
            .next()
            .and_then(|h| h.value().attr("id"))
            .expect("a group's heading has the competency's slug as id");
        let found = count(group, ".question[id]");
        assert_eq!(found, sources[slug].questions, "{slug}");
        shown += found;
    }
    assert_eq!(shown, questions);
    let handout = html
        .select(&sel("[data-handout]"))
        .next()
        .expect("the handout");
    assert!(
        handout.value().classes().any(|c| c == "handout-per-page"),
        "without a script, one competency per printed page"
    );
}

/// The print page shows every part of every competency too.
fn check_print_page(tree: &BTreeMap<String, Vec<u8>>, sources: &BTreeMap<String, Source>) {
    let html = page(tree, "afdrukken/index.html");
    for source in sources.values() {
        let article = html
            .select(&sel(".print-competency"))
            .find(|a| {
                a.select(&sel(&format!("h2[id='{}']", source.slug)))
                    .next()
                    .is_some()
            })
            .unwrap_or_else(|| panic!("{} is on the print page", source.slug));
        let levels = source.levels.iter().map(|l| l.indicators).sum::<usize>();
        assert_eq!(
            count(article, ".behaviour .indicator[id]"),
            source.behaviour
        );
        assert_eq!(count(article, ".levels .indicator[id]"), levels);
        assert_eq!(count(article, ".levels .level"), source.levels.len());
        assert_eq!(
            count(article, ".reflection .question[id]"),
            source.questions
        );
    }
}

/// The home page's cards count a competency's indicators.
fn check_cards(tree: &BTreeMap<String, Vec<u8>>, sources: &BTreeMap<String, Source>) {
    let html = page(tree, "index.html");
    for card in html.select(&sel(".card")) {
        let href = card
            .select(&sel(".card-title a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap();
        let slug = href.trim_end_matches('/').rsplit('/').next().unwrap();
        let source = &sources[slug];
        let counts = card.select(&sel(".card-counts")).next().map(text).unwrap();
        let indicators = source.indicators();
        if indicators > 0 {
            let word = if indicators == 1 {
                "gedragsindicator"
            } else {
                "gedragsindicatoren"
            };
            assert!(
                counts.contains(&format!("{indicators} {word}")),
                "{slug}: {counts}"
            );
        } else {
            assert!(!counts.contains("gedragsindicator"), "{slug}: {counts}");
        }
    }
}

#[test]
fn the_fixture_shows_every_level_indicator_and_question() {
    let (sources, scale) = sources(&fixture_root());
    assert_eq!(scale.len(), 3);
    assert!(sources.values().all(|s| !s.levels.is_empty()));
    check_built(&fixture_root());
}

/// The sample: once its competencies have levels and questions they are
/// all counted; until then the checks hold for what it has.
#[test]
fn the_sample_shows_every_level_indicator_and_question() {
    check_built(&sample_root());
}

/// The reader's choice of one level, and the handout's choice, are made by
/// the theme's script: without it, the pages show every level and print
/// one competency per page (checked above); the page carries the texts the
/// script needs.
#[test]
fn the_levels_page_gives_the_script_its_texts() {
    let dir = tempfile::tempdir().unwrap();
    let tree = build_ok(&fixture_root(), &dir.path().join("public"));
    let html = page(&tree, "niveaus/index.html");
    let matrix = html.select(&sel("[data-level-matrix]")).next().unwrap();
    let value = |name: &str| matrix.value().attr(name).unwrap_or_default().to_string();
    assert_eq!(value("data-levels"), "Startbekwaam|Vakbekwaam|Vakvolwassen");
    assert_eq!(value("data-all"), "Alle niveaus");
    assert_eq!(value("data-columns"), "3");
    assert!(value("data-shown").contains("{level}"));
}

/// A handbook without a scale and without questions has neither page, no
/// menu entry for them, and may use their paths itself; with a scale, a
/// page at `niveaus/` is refused. An English handbook has English paths.
#[test]
fn the_pages_exist_only_when_the_handbook_has_levels_or_questions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    write(
        &root,
        "config.toml",
        "title = \"Zonder niveaus\"\nbase_url = \"https://example.nl/\"\nlanguage = \"nl\"\n",
    );
    write(
        &root,
        "content/_index.md",
        "+++\ntitle = \"Start\"\n+++\n\nWelkom.\n",
    );
    write(
        &root,
        "content/competenties/luistert.md",
        "+++\ntitle = \"Luistert\"\n+++\n\nJe luistert.\n\n## Wat je ziet\n\n- Je knikt.\n",
    );
    write(
        &root,
        "content/niveaus.md",
        "+++\ntitle = \"Onze niveaus\"\n+++\n\nEigen tekst.\n",
    );
    let tree = build_ok(&root, &dir.path().join("out"));
    assert!(!tree.contains_key("reflectievragen/index.html"));
    let own = String::from_utf8_lossy(&tree["niveaus/index.html"]).into_owned();
    assert!(
        own.contains("Eigen tekst."),
        "the handbook's own page stays"
    );
    let sitemap = String::from_utf8_lossy(&tree["sitemap.xml"]).into_owned();
    assert!(!sitemap.contains("reflectievragen"), "{sitemap}");

    // With a scale the path is Bekwaam's, and the page that took it is named.
    write(
        &root,
        "config.toml",
        "title = \"Met niveaus\"\nbase_url = \"/\"\nlanguage = \"nl\"\n\n\
         [handbook]\nlevels = [\"Start\", \"Gevorderd\"]\n",
    );
    let result = build(&root, &dir.path().join("out2"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("content/niveaus.md") && err.contains("/niveaus/"),
        "{err}"
    );

    std::fs::remove_file(root.join("content/niveaus.md")).unwrap();
    write(
        &root,
        "config.toml",
        "title = \"Levels\"\nbase_url = \"/\"\nlanguage = \"en\"\n\n\
         [handbook]\nlevels = [\"Starter\", \"Expert\"]\n",
    );
    write(
        &root,
        "content/competenties/luistert.md",
        "+++\ntitle = \"Listens\"\n+++\n\nYou listen.\n\n## Levels\n\n### Starter\n\nNew.\n\n\
         - You nod.\n\n### Expert\n\nSeasoned.\n\n- You ask more.\n\n\
         ## Reflection questions\n\n- When did you last listen well?\n",
    );
    let tree = build_ok(&root, &dir.path().join("out3"));
    let levels = page(&tree, "levels/index.html");
    let title = levels.select(&sel("h1")).next().map(text);
    assert_eq!(title.as_deref(), Some("Levels"));
    let cells = levels.select(&sel(".matrix-cell .indicator[id]")).count();
    assert_eq!(cells, 2);
    let questions = page(&tree, "reflection-questions/index.html");
    assert_eq!(questions.select(&sel(".question[id]")).count(), 1);
    let place: Vec<String> = page(&tree, "competenties/luistert/index.html")
        .select(&sel(".level-place"))
        .map(text)
        .collect();
    assert_eq!(place, ["Level 1 of 2", "Level 2 of 2"]);
}
