//! Hostile paths (issue 15): an output folder that would replace the
//! handbook or a folder a build did not make, links that leave the
//! handbook, a theme outside `themes/`, and files of the handbook that a
//! generated file would replace. Each case asserts the exit status, the
//! message, and that the handbook (and every other file in the test's
//! folder) is byte-for-byte what it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::helpers::{bekwaam, build, build_ok, init_handbook, read_tree, stderr, write};

/// A starter handbook `handboek/` in a temporary folder, with a file of
/// someone else's beside it (`buren/`), which no build may touch.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        init_handbook(&dir.path().join("handboek"));
        write(dir.path(), "buren/brief.txt", "van de buren");
        Case { dir }
    }

    /// The temporary folder, with every link in its path resolved.
    fn path(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    fn root(&self) -> PathBuf {
        self.path().join("handboek")
    }

    /// Everything in the temporary folder (links not followed).
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path())
    }

    /// Runs `bekwaam ARGS` in `cwd`; asserts exit status 1, no panic, each
    /// of `expected` in standard error and nothing changed in the folder.
    /// Returns standard error.
    fn refused(&self, cwd: &Path, args: &[&str], expected: &[&str]) -> String {
        let before = self.tree();
        let result = run_in(cwd, args);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        for text in expected {
            assert!(err.contains(text), "{args:?}: expected `{text}` in:\n{err}");
        }
        assert!(self.tree() == before, "{args:?}: files changed");
        err
    }
}

/// Runs the binary in `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the bekwaam binary runs")
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

const THE_HANDBOOK: &str = "is het handboek zelf of een map waar het handboek in staat";

/// Regression: `bekwaam init /tmp/h3 && cd /tmp/h3 && bekwaam build -o
/// ../h3` deleted config.toml and content/, with exit status 0.
#[test]
fn output_named_through_its_parent_is_the_handbook() {
    let case = Case::new();
    let err = case.refused(
        &case.root(),
        &["build", "-o", "../handboek"],
        &[THE_HANDBOOK],
    );
    assert!(err.contains("../handboek (dat is "), "{err}");
    assert!(err.contains("help: kies een eigen map"), "{err}");
}

/// Regression: `bekwaam --root /tmp/h build -o /tmp/h/content/../content`
/// deleted every Markdown file.
#[test]
fn output_with_dots_inside_content_is_refused() {
    let case = Case::new();
    let root = case.root();
    let out = root.join("content/../content");
    case.refused(
        &case.path(),
        &["--root", text(&root), "build", "-o", text(&out)],
        &["ligt in content/ van het handboek"],
    );
    let out = root.join("static/nieuw/site");
    case.refused(
        &case.path(),
        &["--root", text(&root), "build", "-o", text(&out)],
        &["ligt in static/ van het handboek"],
    );
}

/// Regression: `ln -s /tmp/h /tmp/hl && bekwaam --root /tmp/hl build -o
/// /tmp/h` deleted the handbook.
#[cfg(unix)]
#[test]
fn output_is_the_handbook_behind_a_link() {
    let case = Case::new();
    let link = case.path().join("hl");
    std::os::unix::fs::symlink(case.root(), &link).unwrap();
    let root = case.root();
    case.refused(
        &case.path(),
        &["--root", text(&link), "build", "-o", text(&root)],
        &[THE_HANDBOOK],
    );
    // The other way round, and a link inside the handbook to its content.
    case.refused(
        &case.path(),
        &["--root", text(&root), "build", "-o", text(&link)],
        &[THE_HANDBOOK],
    );
    std::os::unix::fs::symlink(root.join("content"), root.join("site")).unwrap();
    case.refused(
        &case.path(),
        &[
            "--root",
            text(&root),
            "build",
            "-o",
            text(&root.join("site")),
        ],
        &["ligt in content/"],
    );
}

#[test]
fn output_that_holds_the_handbook_is_refused() {
    let case = Case::new();
    let root = case.root();
    for out in [case.path(), PathBuf::from("/")] {
        case.refused(
            &case.path(),
            &["--root", text(&root), "build", "-o", text(&out)],
            &[THE_HANDBOOK],
        );
    }
}

/// Regression: `-o` naming any existing folder replaced it, whatever it held.
#[test]
fn a_folder_a_build_did_not_make_is_refused_and_kept() {
    let case = Case::new();
    let root = case.root();
    let buren = case.path().join("buren");
    let err = case.refused(
        &case.path(),
        &["--root", text(&root), "build", "-o", text(&buren)],
        &[
            "buren bestaat al en is niet door Bekwaam gemaakt",
            "help: kies een andere map, of maak",
            "zelf leeg of verwijder hem",
        ],
    );
    assert!(err.contains("1 fout"), "{err}");
    // Only hidden files (a git repository) make a folder not empty too.
    write(&case.path(), "uitgave/.git/HEAD", "ref: refs/heads/main\n");
    case.refused(
        &case.path(),
        &[
            "--root",
            text(&root),
            "build",
            "-o",
            text(&case.path().join("uitgave")),
        ],
        &["uitgave bestaat al en is niet door Bekwaam gemaakt"],
    );
    // A file is no folder.
    case.refused(
        &case.path(),
        &[
            "--root",
            text(&root),
            "build",
            "-o",
            text(&buren.join("brief.txt")),
        ],
        &["brief.txt is een bestand, geen map"],
    );
}

#[test]
fn an_empty_folder_and_an_earlier_build_may_be_replaced() {
    let case = Case::new();
    let out = case.path().join("leeg");
    std::fs::create_dir(&out).unwrap();
    let first = build_ok(&case.root(), &out);
    assert!(first.contains_key(".bekwaam"), "{:?}", first.keys());
    assert!(
        String::from_utf8_lossy(&first[".bekwaam"]).contains("gemaakt door Bekwaam"),
        "the marker says what it is"
    );
    write(&out, "eigen.txt", "weg bij de volgende build");
    assert_eq!(build_ok(&case.root(), &out), first);
}

#[test]
fn the_marker_is_in_every_build_and_nowhere_in_the_site() {
    let case = Case::new();
    for (name, extra) in [("gewoon", &[][..]), ("draagbaar", &["--portable"][..])] {
        let out = case.path().join(name);
        let result = build(&case.root(), &out, extra);
        assert!(result.status.success(), "{}", stderr(&result));
        let files = read_tree(&out);
        assert!(files.contains_key(".bekwaam"), "{name}");
        // What lists the site's files and pages: the sitemap, the export
        // and the search index.
        let lists = files.iter().filter(|(path, _)| {
            path.as_str() == "sitemap.xml"
                || path.as_str() == "handboek.json"
                || path.starts_with("zoek/")
        });
        assert!(lists.clone().count() > 2, "{:?}", files.keys());
        for (path, bytes) in lists {
            assert!(
                !String::from_utf8_lossy(bytes).contains(".bekwaam"),
                "{name}: {path} names the marker"
            );
        }
    }
}

#[test]
fn check_writes_nothing() {
    let case = Case::new();
    let before = case.tree();
    let result = bekwaam(&["--root", text(&case.root()), "check"]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(case.tree() == before);
    assert!(!case.root().join("public").exists());
}
