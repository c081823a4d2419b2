//! The theme's texts: from the theme's files, replaced one by one by a
//! theme of the site's and by `[texts]` in `config.toml`, and checked.

use crate::helpers::{build, build_ok, starter, stderr, write};

fn page(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

#[test]
fn a_theme_and_the_config_replace_single_texts() {
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!("theme = \"zomer\"\n{config}\n[texts]\nnext = \"Verderop\"\n"),
    );
    write(
        &root,
        "themes/zomer/texts/nl.toml",
        "previous = \"Terugblik\"\nnext = \"Vooruitblik\"\n",
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    let html: String = tree
        .keys()
        .filter(|p| p.starts_with("competenties/") && *p != "competenties/index.html")
        .filter(|p| p.ends_with("/index.html"))
        .map(|p| page(&tree, p))
        .collect();
    // The config wins over the theme, the theme over the built-in texts,
    // and what neither replaces stays.
    assert!(html.contains("Verderop"), "{html}");
    assert!(html.contains("Terugblik"), "{html}");
    assert!(!html.contains("Vooruitblik"));
    assert!(!html.contains("Volgende"));
    assert!(html.contains("Naar de inhoud"));
    let first = page(&tree, "index.html");
    assert!(first.contains("Naar de inhoud"));
}

#[test]
fn an_unknown_text_name_is_an_error_with_the_nearest_name() {
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!("{config}\n[texts]\nprevius = \"Terug\"\n"),
    );
    let line = config.lines().count() + 3;
    let out = build(&root, &dir.path().join("public"), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "config.toml:{line}:11: error: onbekende tekst `previus`"
        )),
        "{err}"
    );
    assert!(err.contains("bedoel je `previous`?"), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_text_of_the_wrong_shape_is_an_error_in_the_theme_file() {
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("theme = \"zomer\"\n{config}"));
    write(
        &root,
        "themes/zomer/texts/nl.toml",
        "# Onze woorden.\nskip = 3\nkinds = [\"Competentie\"]\n",
    );
    let out = build(&root, &dir.path().join("public"), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "themes/zomer/texts/nl.toml:2:8: error: de tekst `skip` heeft een verkeerde vorm"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "themes/zomer/texts/nl.toml:3:1: error: de tekst `kinds` heeft een verkeerde vorm"
        ),
        "{err}"
    );
    assert!(err.contains("een lijst van 6 teksten"), "{err}");
}
