//! Odd and absurd input: each either works or stops with a clear error, and
//! nothing panics, hangs or writes outside the output folder.

use crate::helpers::{build, build_ok, starter, stderr, write};

#[test]
fn a_50_mb_page_builds() {
    let (dir, root) = starter();
    let paragraph = "Een zin over het werk in de wijk, met een **vet** woord en een [link](@/competenties/_index.md).\n\n";
    let body = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
    write(
        &root,
        "content/groot.md",
        format!("+++\ntitle = \"Groot\"\n+++\n\n{body}"),
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    assert!(tree["groot/index.html"].len() > 50 * 1024 * 1024);
}

#[test]
fn a_file_over_the_limit_is_refused_with_a_clear_error() {
    let (dir, root) = starter();
    let body = "x".repeat(65 * 1024 * 1024);
    write(
        &root,
        "content/te-groot.md",
        format!("+++\ntitle = \"Te groot\"\n+++\n{body}"),
    );
    let result = build(&root, &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("content/te-groot.md"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn ten_thousand_headings_on_one_page() {
    let (dir, root) = starter();
    let body: String = (0..10_000)
        .map(|i| format!("## Kop {}\n\nTekst.\n\n", i % 50))
        .collect();
    write(
        &root,
        "content/koppen.md",
        format!("+++\ntitle = \"Koppen\"\n+++\n\n{body}"),
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    let html = String::from_utf8_lossy(&tree["koppen/index.html"]).into_owned();
    let page = scraper::Html::parse_document(&html);
    let ids: Vec<&str> = page
        .select(&scraper::Selector::parse("h2[id]").unwrap())
        .map(|h| h.value().attr("id").unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), 10_000);
    assert_eq!(unique.len(), 10_000, "every heading has its own anchor");
}

#[test]
fn file_names_with_spaces_accents_and_emoji() {
    let (dir, root) = starter();
    write(
        &root,
        "content/Over Ons/Wie zijn wij.md",
        "+++\ntitle = \"Wie\"\n+++\n\nWij.\n",
    );
    write(
        &root,
        "content/café crème.md",
        "+++\ntitle = \"Café\"\n+++\n\nKoffie.\n",
    );
    write(
        &root,
        "content/🙂 blij.md",
        "+++\ntitle = \"Blij\"\n+++\n\nJa.\n",
    );
    write(
        &root,
        "static/img/foto met spatie.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        &root,
        "content/foto.md",
        "+++\ntitle = \"Foto\"\n+++\n\n![Een foto](</img/foto met spatie.svg>)\n",
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    assert!(tree.contains_key("over-ons/wie-zijn-wij/index.html"));
    assert!(tree.contains_key("cafe-creme/index.html"));
    assert!(
        tree.keys().any(|k| k.ends_with("blij/index.html")),
        "{:?}",
        tree.keys().collect::<Vec<_>>()
    );
    assert!(tree.contains_key("img/foto met spatie.svg"));
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark() {
    let (dir, root) = starter();
    write(
        &root,
        "content/windows.md",
        "\u{feff}+++\r\ntitle = \"Windows\"\r\nsummary = \"Met CRLF\"\r\n+++\r\n\r\n## Kop\r\n\r\nTekst.\r\n",
    );
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!("\u{feff}{}", config.replace('\n', "\r\n")),
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    let html = String::from_utf8_lossy(&tree["windows/index.html"]).into_owned();
    assert!(html.contains("<h1>Windows</h1>"), "{html}");
    assert!(html.contains("id=\"kop\""), "{html}");
}

#[test]
fn an_empty_file_is_an_error_with_its_place() {
    let (dir, root) = starter();
    write(&root, "content/leeg.md", "");
    let result = build(&root, &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("content/leeg.md:1:1: error:"),
        "{}",
        stderr(&result)
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_that_leads_outside_the_handbook_is_refused() {
    let (dir, root) = starter();
    std::fs::write(
        dir.path().join("geheim.md"),
        "+++\ntitle = \"Geheim\"\n+++\nGEHEIM-7x\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("geheim.md"), root.join("content/link.md")).unwrap();
    let out = dir.path().join("public");
    let result = build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("content/link.md"),
        "{}",
        stderr(&result)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn the_build_writes_only_its_output_folder() {
    let (dir, root) = starter();
    let before: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .collect();
    let out = dir.path().join("public");
    build_ok(&root, &out);
    let after: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| !p.starts_with(&out))
        .collect();
    assert_eq!(before, after);
}
