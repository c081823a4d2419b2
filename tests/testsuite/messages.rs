//! Every message an editor can get, in one folder you can read: for each
//! small handbook in `tests/fixtures/messages/<case>/`, what `bekwaam build`
//! and `bekwaam check` print (both streams) and what `bekwaam check --format
//! json` prints, each with its exit status, kept in
//! `tests/snapshots/<case>.snap`. A changed message fails this test and shows
//! as a diff; a new case is a new fixture folder.
//!
//! Updating the snapshots after a deliberate change to a message:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --test testsuite messages
//! git diff tests/snapshots/      # read every change before committing
//! ```
//!
//! (or `cargo insta test` and `cargo insta review`, with cargo-insta). Without
//! `INSTA_UPDATE`, a difference leaves a `.snap.new` file beside the snapshot
//! for review; in CI (`CI=true`) insta writes nothing, so a missing or
//! different snapshot fails there.
//!
//! Temporary folders, durations and the new random namespace that a
//! warning offers are replaced by `[handboek]`, `[duur]` and
//! `[nieuwe-uuid]`, so a snapshot is the same on every machine and run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::helpers::{copy_folder, write};

/// The fixtures' folder.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messages")
}

/// The snapshots' folder.
fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// What cannot live in git well is added to a copied fixture here: bytes
/// that are not UTF-8 (in a file and in file names), and symbolic links
/// (one that loops, one to `/`); and what a case
/// shares with another (the portable case has the templates of the plain
/// one).
fn add_odd_files(case: &str, root: &Path) {
    match case {
        "broken-links-in-templates-portable" => copy_folder(
            &fixtures().join("broken-links-in-templates/templates"),
            &root.join("templates"),
        ),
        "file-that-is-not-utf8" => write(
            root,
            "content/oud.md",
            b"+++\ntitle = \"Oud\"\n+++\nCaf\xe9\n".as_slice(),
        ),
        #[cfg(unix)]
        "symlink-loop-in-content" => {
            std::os::unix::fs::symlink("..", root.join("content/competenties/lus")).unwrap()
        }
        #[cfg(unix)]
        "static-link-outside" => std::os::unix::fs::symlink("/", root.join("static")).unwrap(),
        #[cfg(target_os = "linux")]
        "asset-names-that-become-one" => {
            use std::os::unix::ffi::OsStrExt;
            std::fs::create_dir_all(root.join("static")).unwrap();
            for name in [&b"static/logo\xe9.png"[..], b"static/logo\xe8.png"] {
                std::fs::write(root.join(std::ffi::OsStr::from_bytes(name)), "png").unwrap();
            }
        }
        _ => {}
    }
}

/// Copies the fixture `case` into a temporary folder and runs the three
/// commands in it; returns the report to compare.
fn run_case(case: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    copy_folder(&fixtures().join(case), &root);
    add_odd_files(case, &root);
    let mut report = String::new();
    for args in [
        &["build"][..],
        &["check"][..],
        &["check", "--format", "json"][..],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_bekwaam"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("the bekwaam binary runs");
        report.push_str(&describe(args, &output));
    }
    let mut report = report.replace(&root.display().to_string(), "[handboek]");
    if let Ok(real) = root.canonicalize() {
        report = report.replace(&real.display().to_string(), "[handboek]");
    }
    report
}

/// One command's part of the report: the command, its exit status and
/// what it printed on each stream (a stream that stayed empty is left out).
fn describe(args: &[&str], output: &Output) -> String {
    let status = match output.status.code() {
        Some(code) => format!("exit status {code}"),
        None => String::from("stopped by a signal"),
    };
    let mut part = format!("$ bekwaam {}\n{status}\n", args.join(" "));
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        if !bytes.is_empty() {
            let text = String::from_utf8_lossy(bytes);
            part.push_str(&format!("--- {name}\n{}", text));
            if !text.ends_with('\n') {
                part.push_str("\n[no newline at the end]\n");
            }
        }
    }
    part.push('\n');
    part
}

/// The fixtures' names, sorted.
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_message_matches_its_snapshot() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} fixtures", cases.len());
    // The commands run for two cases at a time; the comparison is in order.
    let run = |half: usize| {
        let mine: Vec<(usize, String)> = cases
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == half)
            .map(|(i, case)| (i, case.clone()))
            .collect();
        std::thread::spawn(move || {
            mine.into_iter()
                .map(|(i, case)| (i, run_case(&case)))
                .collect::<Vec<_>>()
        })
    };
    let (even, odd) = (run(0), run(1));
    let mut reports = even.join().unwrap();
    reports.extend(odd.join().unwrap());
    reports.sort_by_key(|(i, _)| *i);
    let reports: Vec<String> = reports.into_iter().map(|(_, report)| report).collect();

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshots());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // Durations such as `in 0.51 s` differ on every run.
    settings.add_filter(r"\b\d+(\.\d+)? m?s\b", "[duur]");
    // The help for a missing namespace offers a new random one.
    settings.add_filter(
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b",
        "[nieuwe-uuid]",
    );
    let mut failed = Vec::new();
    settings.bind(|| {
        for (case, report) in cases.iter().zip(&reports) {
            let compared = std::panic::catch_unwind(|| {
                insta::assert_snapshot!(case.as_str(), report);
            });
            if compared.is_err() {
                failed.push(case.clone());
            }
        }
    });
    assert!(
        failed.is_empty(),
        "messages changed for {failed:?}; see the diffs above, and this module's \
         header for how to accept them"
    );
}

#[test]
fn every_snapshot_has_its_fixture() {
    let cases = cases();
    let orphans: Vec<String> = std::fs::read_dir(snapshots())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".snap").map(str::to_string))
        .filter(|name| !cases.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture in tests/fixtures/messages/: {orphans:?}"
    );
}
