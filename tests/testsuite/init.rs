//! `bekwaam init` writes a starter handbook that builds at once, and an
//! editor's change shows up in the next build.

use crate::helpers::{bekwaam, build, build_ok, init_handbook, read_tree, stderr, write};

#[test]
fn init_builds_at_once_and_edits_show_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mijn-handboek");
    let out = dir.path().join("public");
    init_handbook(&root);
    let result = build(&root, &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let summary = String::from_utf8_lossy(&result.stdout).into_owned();
    assert!(
        summary.contains("2 competenties, 2 voorbeelden, 2 tips"),
        "{summary}"
    );

    let page = "content/competenties/luistert-en-vraagt-door.md";
    let text = std::fs::read_to_string(root.join(page)).unwrap();
    let edited = text.replacen(
        "## Praktijktips\n",
        "## Praktijktips\n\n- **Nieuwe tip**: Vraag wat iemand al geprobeerd heeft.\n",
        1,
    );
    assert_ne!(text, edited, "the starter has a tips heading");
    write(&root, page, edited);
    let tree = build_ok(&root, &out);
    let html =
        String::from_utf8(tree["competenties/luistert-en-vraagt-door/index.html"].clone()).unwrap();
    assert!(html.contains("id=\"tip-nieuwe-tip\""), "{html}");
    assert!(html.contains("Vraag wat iemand al geprobeerd heeft."));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notities.txt", "van mij");
    let result = bekwaam(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("niet leeg"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notities.txt")).unwrap(),
        "van mij"
    );
    assert_eq!(read_tree(dir.path()).len(), 1);
}
