//! A build never leaves a half site: an error in one of 2,000 pages leaves
//! the old site, and a build killed half-way leaves the old or the new one.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::helpers::{build, build_ok, init_handbook, read_tree, stderr, wait_until, write};

/// A handbook of `n` pages: the starter plus plain pages with some text
/// (written again with another `word` if the folder is there).
fn big_handbook(root: &Path, n: usize, word: &str) {
    if !root.exists() {
        init_handbook(root);
    }
    for i in 0..n {
        write(
            root,
            &format!("content/artikelen/artikel-{i:04}.md"),
            format!(
                "+++\ntitle = \"Artikel {i}\"\n+++\n\n## Inleiding\n\n{word} tekst van artikel {i}, met [een link](@/artikelen/artikel-{:04}.md).\n",
                (i + 1) % n
            ),
        );
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn an_error_in_a_random_page_of_2000_leaves_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    big_handbook(&root, 2000, "Eerste");
    let out = dir.path().join("public");
    let before = build_ok(&root, &out);
    assert!(before.len() > 2000);
    for seed in [11u64, 23, 42] {
        let mut rng = Rng(seed);
        let page = format!("content/artikelen/artikel-{:04}.md", rng.below(2000));
        let good = std::fs::read_to_string(root.join(&page)).unwrap();
        std::fs::write(root.join(&page), good.replacen("title = ", "titel = ", 1)).unwrap();
        let result = build(&root, &out, &[]);
        assert_eq!(result.status.code(), Some(1), "seed {seed}");
        assert!(
            stderr(&result).contains(&format!("{page}:2:1")),
            "seed {seed}: {}",
            stderr(&result)
        );
        assert!(
            read_tree(&out) == before,
            "seed {seed}: the old site changed"
        );
        std::fs::write(root.join(&page), good).unwrap();
    }
}

#[test]
fn a_build_killed_half_way_leaves_the_old_or_the_new_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    big_handbook(&root, 2000, "Oude");
    let out = dir.path().join("public");
    let old = build_ok(&root, &out);
    // The new site, built elsewhere from the changed files.
    big_handbook(&root, 2000, "Nieuwe");
    let new = build_ok(&root, &dir.path().join("nieuw"));
    assert!(old != new);

    let same = |tree: &BTreeMap<String, Vec<u8>>| tree == &old || tree == &new;
    let mut outcomes = (0, 0);
    for (i, delay) in [5u64, 50, 150, 300, 600, 1000, 1500, 2500, 4000]
        .into_iter()
        .enumerate()
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bekwaam"))
            .args([
                "--root",
                root.to_str().unwrap(),
                "build",
                "-o",
                out.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = read_tree(&out);
        assert!(
            same(&now),
            "killed after {delay} ms (run {i}): a mixed site"
        );
        if now == old {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        // Back to the old site for the next run.
        let result = build_from_tree(&old, &out);
        assert!(result, "could not restore the old site");
    }
    eprintln!(
        "killed builds: {} left the old site, {} the new one",
        outcomes.0, outcomes.1
    );
    // The next build removes what the killed ones left beside the output.
    let result = build(&root, &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    // The old site is removed in the background: wait until it has gone.
    wait_until("the folders the killed builds left are removed", || {
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bekwaam-"))
            .collect();
        match leftovers.is_empty() {
            true => Ok(()),
            false => Err(format!("{leftovers:?}")),
        }
    });
}

/// Puts `tree` in `out` in one step, as a build would (a fresh sibling folder,
/// then a rename), so the next run starts from the old site.
fn build_from_tree(tree: &BTreeMap<String, Vec<u8>>, out: &Path) -> bool {
    let fresh = out.with_extension("herstel");
    let _ = std::fs::remove_dir_all(&fresh);
    for (path, bytes) in tree {
        let file = fresh.join(path);
        if std::fs::create_dir_all(file.parent().unwrap()).is_err()
            || std::fs::write(&file, bytes).is_err()
        {
            return false;
        }
    }
    let _ = std::fs::remove_dir_all(out);
    std::fs::rename(&fresh, out).is_ok()
}
