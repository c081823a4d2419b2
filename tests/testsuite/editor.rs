//! An editor's day: what the build accepts but an editor most likely did
//! not mean is a warning at its place (empty sections, misspelt parts
//! headings, missing and shared weights, a misspelt competencies folder),
//! and drafts can be built and previewed with `--drafts`.
//!
//! The handbooks are the message fixtures of these cases
//! (`tests/fixtures/messages/`), whose full output `messages.rs` snapshots;
//! here each is run as an editor would, with `--deny-warnings`, and the
//! finished site is read back.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::helpers::{bekwaam, build, copy_folder, read_tree, stderr, write};

/// A temporary copy of the message fixture `case`, and its handbook folder.
fn fixture(case: &str) -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/messages")
        .join(case);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    copy_folder(&from, &root);
    // As `bekwaam init` makes it: with a namespace for the exports, so the
    // only warnings are the case's own.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    if !config.contains("[handbook]") {
        write(
            &root,
            "config.toml",
            format!("{config}\n[handbook]\nnamespace = \"0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b\"\n"),
        );
    }
    (dir, root)
}

/// `bekwaam --root ROOT check [extra…]`: exit status and standard error.
fn check(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["--root", root.to_str().unwrap(), "check"];
    args.extend_from_slice(extra);
    let output = bekwaam(&args);
    (output.status.code(), stderr(&output))
}

/// Each case gives exactly these warnings (`file:line:col: message`): a
/// plain `check` passes, `check --deny-warnings` exits 1.
#[test]
fn each_new_warning_is_at_its_place_and_denied_with_deny_warnings() {
    let cases: [(&str, &[&str]); 4] = [
        (
            "warning-lege-secties",
            &[
                "content/competenties/leeg.md:9:1: warning: onder de kop `## Voorbeelden` staat niets",
                // At the end of the file.
                "content/competenties/leeg.md:15:1: warning: onder de kop `## Praktijktips` staat niets",
            ],
        ),
        (
            "warning-kop-verschreven",
            &[
                "content/competenties/verschreven.md:9:1: warning: deze competentie heeft geen voorbeelden: de kop `## Voorbeeld` is niet de kop van de voorbeelden\n  help: bedoel je `## Voorbeelden`?",
                "content/competenties/verschreven.md:15:1: warning: deze competentie heeft geen praktijktips: de kop `## Praktijk tips` is niet de kop van de praktijktips\n  help: bedoel je `## Praktijktips`?",
            ],
        ),
        (
            "warning-weight",
            &[
                "content/competenties/zonder-weight.md:1:1: warning: deze competentie heeft geen `weight`",
                "content/competenties/dezelfde-weight.md:3:1: warning: 2 competenties hebben `weight = 2`: `content/competenties/dezelfde-weight.md` en `content/competenties/werkt-samen-met-anderen.md`",
                "content/competenties/werkt-samen-met-anderen.md:3:1: warning: 2 competenties hebben `weight = 2`",
            ],
        ),
        (
            "warning-map-verschreven",
            &[
                "content/competentie: warning: de map `content/competentie/` lijkt op de map van de competenties, `content/competenties/`\n  help: bedoel je `competenties`? Pagina's in deze map worden nu gewone pagina's",
            ],
        ),
    ];
    for (case, expected) in cases {
        let (_dir, root) = fixture(case);
        let (status, plain) = check(&root, &[]);
        assert_eq!(status, Some(0), "{case}: {plain}");
        let (status, denied) = check(&root, &["--deny-warnings"]);
        assert_eq!(status, Some(1), "{case}: {denied}");
        for warning in expected {
            assert!(
                denied.contains(warning),
                "{case}: no `{warning}` in:\n{denied}"
            );
        }
        let count = denied.matches(": warning: ").count();
        assert_eq!(count, expected.len(), "{case}:\n{denied}");
    }
}

/// The ids of an HTML page, and the anchors its links point to on itself.
fn ids_and_own_anchors(html: &str) -> (HashSet<String>, Vec<String>) {
    let page = Html::parse_document(html);
    let ids = page
        .select(&Selector::parse("[id]").unwrap())
        .filter_map(|e| e.value().attr("id"))
        .map(str::to_string)
        .collect();
    let anchors = page
        .select(&Selector::parse("a[href^='#']").unwrap())
        .filter_map(|e| e.value().attr("href"))
        .map(|href| href.trim_start_matches('#').to_string())
        .filter(|anchor| !anchor.is_empty() && anchor != "top")
        .collect();
    (ids, anchors)
}

/// Regression: an empty `## Voorbeelden` put a link to `#voorbeelden` in
/// the "Op deze pagina" box, an anchor the page did not have, and `check`
/// blamed the built-in theme for it with help about `static/`.
#[test]
fn an_empty_section_leaves_no_anchor_pointing_nowhere() {
    let (dir, root) = fixture("warning-lege-secties");
    let out = dir.path().join("public");
    let built = build(&root, &out, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let tree: BTreeMap<String, Vec<u8>> = read_tree(&out);
    let mut pages = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let (ids, anchors) = ids_and_own_anchors(&String::from_utf8_lossy(bytes));
        for anchor in anchors {
            assert!(
                ids.contains(&anchor),
                "{path} links to #{anchor}, which it lacks"
            );
        }
        pages += 1;
    }
    assert!(pages > 5);
    let page = String::from_utf8_lossy(&tree["competenties/leeg/index.html"]).into_owned();
    assert!(page.contains("id=\"meer-uitleg\""));
    assert!(!page.contains("#voorbeelden") && !page.contains("#praktijktips"));
    // The search knows no section under the empty headings either.
    let (status, text) = check(&root, &[]);
    assert_eq!(status, Some(0), "{text}");
    assert!(
        !text.contains("template") && !text.contains("static/"),
        "{text}"
    );
}

/// A handbook with a finished page and a draft competency.
fn with_draft() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = fixture("warning-zonder-tips");
    std::fs::remove_file(root.join("content/competenties/zonder-tips.md")).unwrap();
    write(
        &root,
        "content/competenties/concept.md",
        "+++\ntitle = \"Nog niet af\"\nweight = 3\nsummary = \"S.\"\ndraft = true\n+++\n\nTekst.\n\n## Voorbeelden\n\n### V\n\nT.\n\n## Praktijktips\n\n- **Tip.** Een.\n",
    );
    (dir, root)
}

#[test]
fn drafts_are_left_out_and_built_marked_with_drafts() {
    let (dir, root) = with_draft();
    let out = dir.path().join("public");
    let plain = build(&root, &out, &[]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let tree = read_tree(&out);
    assert!(!tree.contains_key("competenties/concept/index.html"));
    assert!(!String::from_utf8_lossy(&tree["competenties/index.html"]).contains("Nog niet af"));

    let with = build(&root, &out, &["--drafts"]);
    assert!(with.status.success(), "{}", stderr(&with));
    let tree = read_tree(&out);
    let draft = String::from_utf8_lossy(&tree["competenties/concept/index.html"]).into_owned();
    assert!(
        draft.contains("<p class=\"draft-mark\"><strong>Concept</strong>"),
        "{draft}"
    );
    let finished =
        String::from_utf8_lossy(&tree["competenties/luistert-en-vraagt-door/index.html"])
            .into_owned();
    assert!(!finished.contains("draft-mark"));
    let (status, text) = check(&root, &["--drafts", "--deny-warnings"]);
    assert_eq!(status, Some(0), "{text}");
}

/// A link to a draft that is left out would lead nowhere: it is an error
/// that says the page is a draft, and nothing is written.
#[test]
fn a_link_to_a_draft_is_an_error_that_names_the_draft() {
    let (dir, root) = fixture("link-to-a-draft");
    let out = dir.path().join("public");
    let refused = build(&root, &out, &[]);
    assert_eq!(refused.status.code(), Some(1));
    let text = stderr(&refused);
    assert!(
        text.contains("content/over.md:6:10: error: de link naar `@/competenties/concept.md` wijst naar een concept"),
        "{text}"
    );
    assert!(
        text.contains("content/over.md:3:1: error: `related` noemt `concept`, maar die competentie is een concept"),
        "{text}"
    );
    // Relative links, to the draft's file and to its address, the same.
    for (place, written) in [
        ("8:4", "competenties/concept.md"),
        ("8:47", "competenties/concept/"),
    ] {
        let expected = format!(
            "content/over.md:{place}: error: de link naar `{written}` wijst naar een concept"
        );
        assert!(text.contains(&expected), "{text}");
    }
    assert!(!text.contains("bestaat niet"), "{text}");
    assert!(!out.exists());
    let with = build(&root, &out, &["--drafts"]);
    assert!(with.status.success(), "{}", stderr(&with));
}

#[cfg(feature = "serve")]
mod preview {
    use super::*;
    use crate::helpers::{DEADLINE, wait_until};
    use crate::preview::Preview;

    const DRAFT: &str = "/competenties/concept/";

    #[test]
    fn serve_with_drafts_shows_the_draft_marked() {
        let (_dir, root) = with_draft();
        let preview = Preview::start_with(&root, &["--drafts"]);
        let page = wait_until("the draft is served", || {
            let reply = preview.get(DRAFT);
            match reply.status {
                200 => Ok(reply.text()),
                other => Err(format!("status {other}")),
            }
        });
        assert!(page.contains("class=\"draft-mark\""), "{page}");
    }

    /// Regression guard for the preview's partial rebuilds: a draft left
    /// out stays known after an edit of another page, so a link to it gets
    /// the draft's message, not "does not exist".
    #[test]
    fn serve_without_drafts_leaves_the_draft_out_and_names_it_after_an_edit() {
        let (_dir, root) = with_draft();
        let preview = Preview::start(&root);
        wait_until("the site is served", || match preview.get("/").status {
            200 => Ok(()),
            other => Err(format!("status {other}")),
        });
        assert_eq!(preview.get(DRAFT).status, 404);
        let mut events = preview.events();
        let home = root.join("content/_index.md");
        let mut text = std::fs::read_to_string(&home).unwrap();
        text.push_str("\nZie [het concept](@/competenties/concept.md).\n");
        std::fs::write(&home, text).unwrap();
        let report = events.wait_for("problems", DEADLINE).json();
        let text = report.to_string();
        assert!(text.contains("wijst naar een concept"), "{report}");
    }
}
