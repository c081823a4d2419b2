//! Themes, template overrides, static files and languages.

use crate::helpers::{bekwaam, build, build_ok, read_tree, starter, stderr, write};

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

#[test]
fn theme_and_site_templates_override_in_layers_and_static_files_are_copied() {
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("theme = \"zomer\"\n{config}"));
    // The theme replaces page.html and adds a stylesheet; the site replaces the theme's 404.html.
    write(
        &root,
        "themes/zomer/templates/page.html",
        "<p class=\"zomer\">{{ page.title }}</p>",
    );
    write(&root, "themes/zomer/templates/404.html", "thema-404");
    write(&root, "themes/zomer/static/zomer.css", "body{}");
    write(&root, "templates/404.html", "site-404 {{ config.title }}");
    write(&root, "static/img/logo.svg", "<svg/>");
    write(
        &root,
        "content/over.md",
        "+++\ntitle = \"Over ons\"\n+++\n![logo](/img/logo.svg)\n",
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    assert_eq!(
        text(&tree, "over/index.html"),
        "<p class=\"zomer\">Over ons</p>"
    );
    assert_eq!(text(&tree, "404.html"), "site-404 Ons competentiehandboek");
    assert_eq!(text(&tree, "zomer.css"), "body{}");
    assert_eq!(text(&tree, "img/logo.svg"), "<svg/>");
    // Templates the theme does not replace still come from the built-in theme.
    assert!(text(&tree, "index.html").contains("class=\"cards\""));
    assert!(tree.contains_key("bekwaam.css"));
}

#[test]
fn english_handbook_uses_english_headings_texts_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "config.toml",
        "title = \"Handbook\"\nlanguage = \"en\"\n",
    );
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Handbook\"\n+++\nWelcome.\n",
    );
    write(
        root,
        "content/competenties/listens.md",
        "+++\ntitle = \"Listens\"\nweight = 1\n+++\nText.\n\n## Examples\n\n### At the door\n\nA visit.\n\n## Tips\n\n- **Ask**: ask more.\n- Wait.\n",
    );
    let tree = build_ok(root, &root.join("public"));
    let page = text(&tree, "competenties/listens/index.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert_eq!(page.matches("class=\"tip\"").count(), 2);
    assert_eq!(page.matches("class=\"example\"").count(), 1);
    assert!(page.contains("Skip to content"));
    assert!(tree.contains_key("all-tips/index.html"));
    assert!(tree.contains_key("all-examples/index.html"));
    assert!(tree.contains_key("print/index.html"));
    assert!(tree.contains_key("handbook.json"));
    // Without competenties/_index.md the framework page is still there.
    assert!(text(&tree, "competenties/index.html").contains("Listens"));
}

#[test]
fn drafts_are_not_published() {
    let (dir, root) = starter();
    write(
        &root,
        "content/concept.md",
        "+++\ntitle = \"Concept\"\ndraft = true\n+++\nNog niet af.\n",
    );
    let out = dir.path().join("public");
    let result = build(&root, &out, &["--base-url", "https://intranet.example.nl/"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = read_tree(&out);
    assert!(!tree.contains_key("concept/index.html"));
    let sitemap = text(&tree, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://intranet.example.nl/</loc>"));
    assert!(!sitemap.contains("concept"));
}

#[test]
fn check_reports_like_build_and_writes_nothing() {
    let (dir, root) = starter();
    let before = read_tree(dir.path());
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    assert!(result.status.success(), "{}", stderr(&result));
    write(
        &root,
        "content/kapot.md",
        "+++\ntitle = \"Kapot\"\n+++\n[x](@/weg.md)\n",
    );
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("content/kapot.md:4:1:"));
    let mut after = read_tree(dir.path());
    after.remove("handboek/content/kapot.md");
    assert_eq!(after, before);
}

#[test]
fn a_page_and_a_folder_of_the_same_name_both_resolve() {
    // A file and a folder that share a name (`b.md`, `b/`) link to each other.
    let (dir, root) = starter();
    write(
        &root,
        "content/competenties-uitleg.md",
        "+++\ntitle = \"Uitleg\"\n+++\n[kader](@/competenties/_index.md)\n",
    );
    write(
        &root,
        "content/b.md",
        "+++\ntitle = \"B\"\n+++\n[a](@/b/a.md) [c](@/b/c/_index.md)\n",
    );
    write(
        &root,
        "content/b/a.md",
        "+++\ntitle = \"A\"\n+++\n[b](@/b.md)\n",
    );
    write(&root, "content/b/c/_index.md", "+++\ntitle = \"C\"\n+++\n");
    write(
        &root,
        "content/competenties/_index.md",
        "+++\ntitle = \"Ons kader\"\n+++\n",
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    assert!(text(&tree, "b/index.html").contains("href=\"/b/a/\""));
    assert!(text(&tree, "b/a/index.html").contains("href=\"/b/\""));
    // The breadcrumb of a competency names the framework page by its own title.
    assert!(
        text(&tree, "competenties/luistert-en-vraagt-door/index.html")
            .contains("<a href=\"/competenties/\">Ons kader</a>")
    );
}
