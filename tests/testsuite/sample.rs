//! The sample handbook builds into a complete, consistent site.

use std::collections::{BTreeMap, HashSet};

use scraper::{Html, Selector};

use crate::helpers::{build, read_tree, sample_root, stderr};

/// The framework's ten competencies, in order.
const FRAMEWORK: [&str; 10] = [
    "Verheldert vragen en behoeften",
    "Versterkt eigen kracht en zelfregie",
    "Is zichtbaar en gaat op mensen af",
    "Stimuleert verantwoordelijk en oplossingsgericht gedrag",
    "Stuurt aan op betrokkenheid en participatie",
    "Verbindt individuele en gemeenschappelijke vragen en potenties",
    "Werkt samen en versterkt netwerken",
    "Beweegt zich tussen verschillende werelden en culturen",
    "Signaleert en speelt in op veranderingen",
    "Is ondernemend en benut professionele ruimte",
];

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn built(base_url: Option<&str>) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut extra = Vec::new();
    if let Some(url) = base_url {
        extra = vec!["--base-url", url];
    }
    let result = build(&sample_root(), &out, &extra);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    let tree = read_tree(&out);
    (dir, tree)
}

fn html_pages(tree: &BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (&String, Html)> {
    tree.iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path,
                Html::parse_document(std::str::from_utf8(bytes).unwrap()),
            )
        })
}

/// Counts examples (`###` under the examples heading) and tips (top-level
/// list items under the tips heading) in a competency's Markdown, line by line.
fn count_in_source(markdown: &str) -> (usize, usize) {
    let (mut examples, mut tips, mut section) = (0, 0, "");
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            section = match heading.trim() {
                "Voorbeelden" => "examples",
                "Praktijktips" => "tips",
                _ => "",
            };
        } else if section == "examples" && line.starts_with("### ") {
            examples += 1;
        } else if section == "tips" && (line.starts_with("- ") || line.starts_with("* ")) {
            tips += 1;
        }
    }
    (examples, tips)
}

#[test]
fn home_lists_the_ten_competencies_in_framework_order() {
    let (_dir, tree) = built(None);
    let home = Html::parse_document(std::str::from_utf8(&tree["index.html"]).unwrap());
    let cards: Vec<(String, String)> = home
        .select(&sel(".cards .card-title a"))
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.attr("href").unwrap().to_string(),
            )
        })
        .collect();
    let titles: Vec<&str> = cards.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, FRAMEWORK);
    for (title, href) in &cards {
        let file = format!("{}index.html", href.trim_start_matches('/'));
        let page = Html::parse_document(std::str::from_utf8(&tree[&file]).unwrap());
        let h1: String = page.select(&sel("h1")).next().unwrap().text().collect();
        assert_eq!(&h1, title);
    }
    // Each card shows its number and its counts of examples and tips.
    let numbers: Vec<String> = home
        .select(&sel(".card-number"))
        .map(|n| n.text().collect())
        .collect();
    assert_eq!(numbers, (1..=10).map(|n| n.to_string()).collect::<Vec<_>>());
    for counts in home.select(&sel(".card-counts")) {
        let text: String = counts.text().collect();
        assert!(
            text.contains("voorbeelden") && text.contains("tips"),
            "{text}"
        );
    }
}

#[test]
fn competency_pages_hold_every_example_and_tip_of_their_source() {
    let (_dir, tree) = built(None);
    let folder = sample_root().join("content/competenties");
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "_index.md" {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let (examples, tips) = count_in_source(&source);
        assert!(examples >= 2, "{name}: at least two examples");
        assert!(tips >= 4, "{name}: at least four tips");
        let slug = name.trim_end_matches(".md");
        let page = Html::parse_document(
            std::str::from_utf8(&tree[&format!("competenties/{slug}/index.html")]).unwrap(),
        );
        assert_eq!(
            page.select(&sel(".examples .example")).count(),
            examples,
            "{name}"
        );
        assert_eq!(page.select(&sel(".tips .tip")).count(), tips, "{name}");
        // Every example and tip has an anchor, and a summary, related and pager are there.
        for part in page.select(&sel(".example h3, .tip")) {
            assert!(part.attr("id").is_some_and(|id| !id.is_empty()), "{name}");
        }
        assert!(
            page.select(&sel(".related a")).count() >= 1,
            "{name}: related competencies"
        );
        assert!(
            page.select(&sel(".pager a")).count() >= 1,
            "{name}: previous/next"
        );
        assert!(
            page.select(&sel(".lead")).count() == 1,
            "{name}: summary line"
        );
        seen += 1;
    }
    assert_eq!(seen, 10);
}

#[test]
fn overviews_and_print_gather_every_example_and_tip() {
    let (_dir, tree) = built(None);
    let page = |path: &str| Html::parse_document(std::str::from_utf8(&tree[path]).unwrap());
    let json: serde_json::Value = serde_json::from_slice(&tree["handboek.json"]).unwrap();
    let competencies = json["competencies"].as_array().unwrap();
    assert_eq!(competencies.len(), 10);
    let tips: usize = competencies
        .iter()
        .map(|c| c["tips"].as_array().unwrap().len())
        .sum();
    let examples: usize = competencies
        .iter()
        .map(|c| c["examples"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        page("alle-praktijktips/index.html")
            .select(&sel(".tip"))
            .count(),
        tips
    );
    assert_eq!(
        page("alle-voorbeelden/index.html")
            .select(&sel(".example"))
            .count(),
        examples
    );
    let print = page("afdrukken/index.html");
    assert_eq!(print.select(&sel(".print-competency")).count(), 10);
    assert_eq!(print.select(&sel(".toc li a")).count(), 10);
    assert_eq!(print.select(&sel(".print-competency .tip")).count(), tips);
    assert_eq!(
        print.select(&sel(".print-competency .example")).count(),
        examples
    );
    // The export's titles follow the framework, with numbers and URLs.
    for (i, c) in competencies.iter().enumerate() {
        assert_eq!(c["title"], FRAMEWORK[i]);
        assert_eq!(c["number"], i + 1);
        let url = c["url"].as_str().unwrap();
        assert!(
            tree.contains_key(&format!("{}index.html", url.trim_start_matches('/'))),
            "{url}"
        );
    }
    // The sample's `base_url` is a path: a sitemap needs full addresses,
    // so there is none (see every_internal_link_resolves_under_a_sub_path).
    assert!(!tree.contains_key("sitemap.xml"));
    assert!(tree.contains_key("404.html"));
}

#[test]
fn every_page_has_title_language_description_and_unique_ids() {
    let (_dir, tree) = built(None);
    let mut count = 0;
    for (path, page) in html_pages(&tree) {
        let html = page.select(&sel("html")).next().unwrap();
        assert_eq!(html.attr("lang"), Some("nl"), "{path}");
        let title: String = page
            .select(&sel("head > title"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert!(!title.trim().is_empty(), "{path}");
        let description = page.select(&sel("meta[name=description]")).next().unwrap();
        assert!(
            description.attr("content").is_some_and(|d| d.len() > 20),
            "{path}"
        );
        assert_eq!(page.select(&sel("h1")).count(), 1, "{path}: one h1");
        let mut ids = HashSet::new();
        for element in page.select(&sel("[id]")) {
            let id = element.attr("id").unwrap();
            assert!(ids.insert(id.to_string()), "{path}: id `{id}` twice");
        }
        count += 1;
    }
    assert!(count >= 17, "{count} pages");
}

/// Checks that every internal `href` and `src` names a file of the output and,
/// with an anchor, an id in that file. Returns the external links.
fn check_links(tree: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    let ids: BTreeMap<&String, HashSet<String>> = html_pages(tree)
        .map(|(path, page)| {
            (
                path,
                page.select(&sel("[id]"))
                    .map(|e| e.attr("id").unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let mut external = Vec::new();
    let mut checked = 0;
    for (path, page) in html_pages(tree) {
        for element in page.select(&sel(
            "a[href], link[href]:not([rel=canonical]), img[src], script[src]",
        )) {
            let target = element.attr("href").or(element.attr("src")).unwrap();
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("//")
            {
                external.push(format!("{path}: {target}"));
                continue;
            }
            if target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target, None),
            };
            let file = if file.is_empty() {
                path.clone()
            } else {
                let rest = file
                    .strip_prefix(base_path)
                    .unwrap_or_else(|| panic!("{path}: `{target}` is not below {base_path}"));
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                }
            };
            assert!(
                tree.contains_key(&file),
                "{path}: `{target}` names no file of the output"
            );
            if let Some(anchor) = anchor {
                assert!(
                    ids[&file].contains(anchor),
                    "{path}: `{target}`: no id `{anchor}` in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links checked");
    external
}

#[test]
fn every_internal_link_resolves() {
    let (_dir, tree) = built(None);
    let external = check_links(&tree, "/");
    // The sample's Markdown has no links to other hosts, so the output has none.
    assert!(external.is_empty(), "{external:?}");
    // The preview's live-reload script belongs to `serve` only.
    for (path, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__bekwaam"),
            "{path} names the preview script"
        );
    }
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let (_dir, tree) = built(Some("https://intranet.example.nl/handboek/"));
    let external = check_links(&tree, "/handboek/");
    assert!(external.is_empty(), "{external:?}");
    // The sitemap names every page, with its full address.
    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains("<loc>https://intranet.example.nl/handboek/competenties/</loc>"));
    let pages = tree.keys().filter(|p| p.ends_with("index.html")).count();
    assert_eq!(sitemap.matches("<loc>").count(), pages);
    assert_eq!(
        sitemap
            .matches("<loc>https://intranet.example.nl/handboek/")
            .count(),
        pages
    );
    // Every page names its own address as the canonical one.
    for (path, bytes) in &tree {
        if let Some(folder) = path.strip_suffix("index.html") {
            let page = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            let canonical = page.select(&sel("link[rel=canonical]")).next().unwrap();
            assert_eq!(
                canonical.attr("href").unwrap(),
                format!("https://intranet.example.nl/handboek/{folder}"),
                "{path}"
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical_and_the_summary_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = build(&sample_root(), &a, &[]);
    let second = build(&sample_root(), &b, &[]);
    assert!(first.status.success() && second.status.success());
    assert_eq!(read_tree(&a), read_tree(&b));
    let summary = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(summary.contains("10 competenties"), "{summary}");
    let tree = read_tree(&a);
    let json: serde_json::Value = serde_json::from_slice(&tree["handboek.json"]).unwrap();
    let tips: usize = json["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tips"].as_array().unwrap().len())
        .sum();
    assert!(summary.contains(&format!("{tips} tips")), "{summary}");
}
