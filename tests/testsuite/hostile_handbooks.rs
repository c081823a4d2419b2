//! Handbooks made to be slow or odd: many equal headings, very many
//! competencies, `related` that names the page itself, invisible titles,
//! values of the wrong TOML type, and a sitemap without a host.
//!
//! The big ones assert that the build finishes and what it wrote; how fast
//! it is belongs in `bench/` (see BENCHMARKS.md).

use std::collections::HashSet;

use scraper::{Html, Selector};

use crate::helpers::*;

/// A handbook of `competencies` small competency files in a temporary
/// folder. Competency `i` names competency `i + 1` in `related`.
fn handbook_of(competencies: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    write(&root, "config.toml", "title = \"Groot handboek\"\n");
    write(
        &root,
        "content/_index.md",
        "+++\ntitle = \"Start\"\n+++\nWelkom.\n",
    );
    write(
        &root,
        "content/competenties/_index.md",
        "+++\ntitle = \"Competenties\"\n+++\n",
    );
    for i in 0..competencies {
        let next = (i + 1) % competencies;
        write(
            &root,
            &format!("content/competenties/c{i:05}.md"),
            format!(
                "+++\ntitle = \"Competentie {i}\"\nweight = {i}\nrelated = [\"c{next:05}\"]\n+++\n\
                 Tekst {i}.\n\n## Voorbeelden\n\n### Voorbeeld {i}\n\nZo ging het.\n\n\
                 ## Praktijktips\n\n- **Tip {i}**: doe het zo.\n"
            ),
        );
    }
    (dir, root)
}

fn html(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(&tree[path]).unwrap())
}

/// Regression: numbering the anchors of equal headings counted up from the
/// start each time, so 40,000 equal headings took minutes.
#[test]
fn forty_thousand_equal_headings_get_forty_thousand_anchors() {
    let (dir, root) = starter();
    let mut page = String::from("+++\ntitle = \"Koppen\"\n+++\n\n");
    for _ in 0..40_000 {
        page.push_str("## Zelfde kop\n\n");
    }
    write(&root, "content/koppen.md", page);
    let result = build(&root, &dir.path().join("out"), &[]);
    let err = stderr(&result);
    assert!(
        result.status.success(),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(err.contains(
        "het anker `#zelfde-kop` bestaat al op deze pagina; dit kreeg `#zelfde-kop-39999`"
    ));
    let tree = read_tree(&dir.path().join("out"));
    let doc = html(&tree, "koppen/index.html");
    let ids: Vec<String> = doc
        .select(&Selector::parse("main h2[id]").unwrap())
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 40_000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 40_000);
    assert_eq!(ids[0], "zelfde-kop");
    assert_eq!(ids[1], "zelfde-kop-1");
    assert_eq!(ids[39_999], "zelfde-kop-39999");
}

/// Regression: every page copied the whole base context (which lists every
/// competency) and looked competencies up one by one, so 20,000
/// competencies took over five minutes.
#[test]
fn twenty_thousand_competencies_are_built_numbered_and_linked() {
    let (dir, root) = handbook_of(20_000);
    let out = dir.path().join("out");
    let tree = build_ok(&root, &out);
    let pages = tree
        .keys()
        .filter(|p| p.starts_with("competenties/c") && p.ends_with("/index.html"))
        .count();
    assert_eq!(pages, 20_000);
    let last = html(&tree, "competenties/c19999/index.html");
    let text: String = last.root_element().text().collect();
    assert!(text.contains("Competentie 19999"));
    let links: Vec<&str> = last
        .select(&Selector::parse("a[href]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    // Its neighbour before it, and the competency it names in `related`.
    assert!(links.contains(&"/competenties/c19998/"), "{links:?}");
    assert!(links.contains(&"/competenties/c00000/"), "{links:?}");
    let export: serde_json::Value = serde_json::from_slice(&tree["handboek.json"]).unwrap();
    let competencies = export["competencies"].as_array().unwrap();
    assert_eq!(competencies.len(), 20_000);
    assert_eq!(competencies[19_999]["number"], 20_000);
}

#[test]
fn related_to_itself_or_twice_is_a_warning_and_linked_once() {
    let (dir, root) = handbook_of(3);
    write(
        &root,
        "content/competenties/c00001.md",
        "+++\ntitle = \"Competentie 1\"\nweight = 1\nrelated = [\"c00001\", \"c00002\", \"c00002\"]\n+++\n\
         Tekst.\n\n## Voorbeelden\n\n### Voorbeeld\n\nZo.\n\n## Praktijktips\n\n- **Tip**: zo.\n",
    );
    let out = dir.path().join("out");
    let result = build(&root, &out, &[]);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(
        err.contains("content/competenties/c00001.md:4:1: warning: `related` noemt deze pagina zelf (`c00001`)"),
        "{err}"
    );
    assert!(
        err.contains("content/competenties/c00001.md:4:1: warning: `related` noemt `c00002` meer dan één keer"),
        "{err}"
    );
    let tree = read_tree(&out);
    let export: serde_json::Value = serde_json::from_slice(&tree["handboek.json"]).unwrap();
    assert_eq!(
        export["competencies"][1]["related"],
        serde_json::json!(["c00002"])
    );
}

#[test]
fn a_title_of_invisible_characters_is_an_error_and_keeps_the_output() {
    let (dir, root) = starter();
    let out = dir.path().join("out");
    let before = build_ok(&root, &out);
    write(
        &root,
        "content/leeg.md",
        "+++\ntitle = \"\u{200b}\u{200b}\"\n+++\nTekst.\n",
    );
    let result = build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains(
            "content/leeg.md:2:1: error: de titel (`title`) bevat alleen onzichtbare tekens"
        ),
        "{}",
        stderr(&result)
    );
    assert_eq!(read_tree(&out), before);
}

/// Regression: a date as `weight` said "invalid type: map, expected i64".
#[test]
fn a_value_of_the_wrong_type_names_the_expected_type_in_dutch() {
    let (_dir, root) = starter();
    for (line, message) in [
        (
            "weight = 2024-01-01",
            "content/w.md:3:10: error: fout in de kop van het bestand (front matter): hier hoort een heel getal, zoals 3, maar er staat een datum",
        ),
        (
            "draft = \"ja\"",
            "content/w.md:3:9: error: fout in de kop van het bestand (front matter): hier hoort true of false, maar er staat de tekst \"ja\"",
        ),
        (
            "related = \"a\"",
            "content/w.md:3:11: error: fout in de kop van het bestand (front matter): hier hoort een lijst, zoals [\"a\", \"b\"], maar er staat de tekst \"a\"",
        ),
    ] {
        write(
            &root,
            "content/w.md",
            format!("+++\ntitle = \"W\"\n{line}\n+++\nTekst.\n"),
        );
        let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
        assert_eq!(result.status.code(), Some(1), "{line}");
        assert!(
            stderr(&result).contains(message),
            "{line}:\n{}",
            stderr(&result)
        );
    }
}

/// The sitemap protocol wants absolute addresses: with a full `base_url`
/// every location is one; with only a path there is no host to name, so
/// there is no sitemap.
#[test]
fn the_sitemap_has_absolute_locations_or_is_not_written() {
    let (dir, root) = starter();
    let tree = build_ok(&root, &dir.path().join("pad"));
    assert!(!tree.contains_key("sitemap.xml"), "base_url = \"/\"");

    let out = dir.path().join("vol");
    let result = build(
        &root,
        &out,
        &["--base-url", "https://intranet.example.nl/handboek/"],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = read_tree(&out);
    let sitemap = std::str::from_utf8(&tree["sitemap.xml"]).unwrap();
    let locations: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap())
        .collect();
    let pages = tree.keys().filter(|p| p.ends_with("index.html")).count();
    assert_eq!(locations.len(), pages);
    for location in locations {
        assert!(
            location.starts_with("https://intranet.example.nl/handboek/"),
            "{location}"
        );
    }
}

/// Files Bekwaam opens by name follow the walk's rule: a link out of the
/// handbook is refused and what it points to is not read.
#[cfg(unix)]
#[test]
fn config_and_theme_texts_that_link_outside_are_refused() {
    use std::os::unix::fs::symlink;
    let (dir, root) = starter();
    let outside = dir.path().join("buiten");
    std::fs::create_dir_all(&outside).unwrap();
    let secret_config = outside.join("config.toml");
    std::fs::rename(root.join("config.toml"), &secret_config).unwrap();
    symlink(&secret_config, root.join("config.toml")).unwrap();
    let out = dir.path().join("out");
    let result = build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains(
            "config.toml: error: deze symbolische link wijst naar een plek buiten het handboek; Bekwaam leest daar niets"
        ),
        "{}",
        stderr(&result)
    );
    assert!(!out.exists());

    std::fs::remove_file(root.join("config.toml")).unwrap();
    let config = std::fs::read_to_string(&secret_config).unwrap();
    write(&root, "config.toml", format!("theme = \"zomer\"\n{config}"));
    write(&outside, "nl.toml", "previous = \"Geheim\"\n");
    std::fs::create_dir_all(root.join("themes/zomer/texts")).unwrap();
    symlink(
        outside.join("nl.toml"),
        root.join("themes/zomer/texts/nl.toml"),
    )
    .unwrap();
    let result = build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains(
            "themes/zomer/texts/nl.toml: error: deze symbolische link wijst naar een plek buiten het handboek"
        ),
        "{}",
        stderr(&result)
    );
    assert!(!out.exists());
}
