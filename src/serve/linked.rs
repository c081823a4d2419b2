//! Links inside the handbook, as the watcher sees them.
//!
//! The watcher follows no link (one out of the handbook would have it watch
//! every folder there), yet the build takes a link that stays inside the
//! handbook as if its target stood where the link is: `static/gedeeld ->
//! ../gedeeld`. So the watcher watches those targets itself, and a change
//! there is reported at the path the build knows it by as well
//! (`gedeeld/kleur.css` is also `static/gedeeld/kleur.css`).
//!
//! The links are judged as the build's walk judges them
//! ([`crate::source::walk`]): a link out of the handbook, a link to nothing
//! and a link that makes a loop are not followed.

use std::path::{Path, PathBuf};

use notify::RecursiveMode;

/// A link inside the handbook and where it leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Link {
    /// The link, as the site sees it: below a source folder of the handbook.
    pub path: PathBuf,
    /// Where it leads, canonical.
    pub target: PathBuf,
    /// The target is a folder (else a file).
    pub folder: bool,
}

/// The links below the source folders `dirs` of the handbook whose
/// canonical folder is `root`, links below linked folders included.
pub(super) fn find(root: &Path, dirs: &[PathBuf]) -> Vec<Link> {
    let mut links = Vec::new();
    for dir in dirs {
        let mut chain: Vec<PathBuf> = dir.canonicalize().into_iter().collect();
        scan(root, dir, dir, &mut chain, &mut links);
    }
    links
}

/// Finds the links below `start`, a folder the site sees at `seen`; `chain`
/// holds the real folders walked through, to tell a loop.
fn scan(root: &Path, start: &Path, seen: &Path, chain: &mut Vec<PathBuf>, links: &mut Vec<Link>) {
    let walker = walkdir::WalkDir::new(start)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !crate::source::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker.flatten() {
        if !entry.path_is_symlink() {
            continue;
        }
        let Ok(target) = entry.path().canonicalize() else {
            continue;
        };
        let Ok(below) = entry.path().strip_prefix(start) else {
            continue;
        };
        if !target.starts_with(root) {
            continue;
        }
        let path = seen.join(below);
        if target.is_file() {
            links.push(Link {
                path,
                target,
                folder: false,
            });
        } else if target.is_dir() {
            let parent = entry.path().parent().and_then(|p| p.canonicalize().ok());
            let is_loop = chain
                .iter()
                .chain(&parent)
                .any(|dir| dir.starts_with(&target));
            if is_loop {
                continue;
            }
            links.push(Link {
                path: path.clone(),
                target: target.clone(),
                folder: true,
            });
            chain.push(target.clone());
            scan(root, &target, &path, chain, links);
            chain.pop();
        }
    }
}

/// What must be watched to see changes behind `links`, beyond what is
/// watched already (`watched`, canonical folders watched recursively, and
/// `root`, watched on its own): a linked folder with all below it, or the
/// folder that holds a linked file (an editor that saves by renaming
/// replaces the file itself).
pub(super) fn watches(
    root: &Path,
    watched: &[PathBuf],
    links: &[Link],
) -> Vec<(PathBuf, RecursiveMode)> {
    let mut wanted: Vec<(PathBuf, RecursiveMode)> = links
        .iter()
        .filter_map(|link| match link.folder {
            true => Some((link.target.clone(), RecursiveMode::Recursive)),
            false => Some((
                link.target.parent()?.to_path_buf(),
                RecursiveMode::NonRecursive,
            )),
        })
        .collect();
    // A folder before what is below it, so one watch covers both.
    wanted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut chosen: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for (path, mode) in wanted {
        let covered = watched.iter().any(|dir| path.starts_with(dir))
            || (path == root && mode == RecursiveMode::NonRecursive)
            || chosen.iter().any(|(dir, chosen_mode)| match chosen_mode {
                RecursiveMode::Recursive => path.starts_with(dir),
                RecursiveMode::NonRecursive => *dir == path && mode == RecursiveMode::NonRecursive,
            });
        if !covered {
            chosen.retain(|(dir, _)| !(mode == RecursiveMode::Recursive && dir.starts_with(&path)));
            chosen.push((path, mode));
        }
    }
    chosen
}

/// `paths` that changed, each also at the path the site knows it by when
/// it lies behind one of `links`.
pub(super) fn seen_paths(links: &[Link], paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if links.is_empty() {
        return paths;
    }
    let mut seen = Vec::with_capacity(paths.len());
    for path in paths {
        let real = real_path(&path);
        for link in links {
            if let Ok(below) = real.strip_prefix(&link.target) {
                seen.push(match below.as_os_str().is_empty() {
                    true => link.path.clone(),
                    false => link.path.join(below),
                });
            }
        }
        seen.push(path);
    }
    seen
}

/// `path` with the links on the way to it resolved, but not the last name
/// (which may be gone, or be a link itself).
fn real_path(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(parent) => parent.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// True if `paths` may have added, moved or removed a link: anything but
/// an edit of a plain file.
pub(super) fn may_move_links(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|path| !path.symlink_metadata().is_ok_and(|meta| meta.is_file()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn handbook() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for folder in ["static/sub", "gedeeld/dieper", "ander", "content"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join("gedeeld/kleur.css"), "body{}").unwrap();
        std::fs::write(root.join("LEESMIJ.md"), "x").unwrap();
        (dir, root)
    }

    #[test]
    fn finds_links_inside_and_below_linked_folders_but_not_out_or_in_a_loop() {
        let (_dir, root) = handbook();
        let outside = tempfile::tempdir().unwrap();
        symlink(root.join("gedeeld"), root.join("static/gedeeld")).unwrap();
        symlink(root.join("ander"), root.join("gedeeld/ander")).unwrap();
        symlink(root.join("LEESMIJ.md"), root.join("content/leesmij.md")).unwrap();
        symlink(outside.path(), root.join("static/buiten")).unwrap();
        symlink(root.join("static"), root.join("static/sub/lus")).unwrap();
        symlink(root.join("nergens"), root.join("static/kapot")).unwrap();
        let dirs = [root.join("content"), root.join("static")];
        let mut links = find(&root, &dirs);
        links.sort_by(|a, b| a.path.cmp(&b.path));
        let found: Vec<(&Path, &Path, bool)> = links
            .iter()
            .map(|l| (l.path.as_path(), l.target.as_path(), l.folder))
            .collect();
        assert_eq!(
            found,
            [
                (
                    root.join("content/leesmij.md").as_path(),
                    root.join("LEESMIJ.md").as_path(),
                    false
                ),
                (
                    root.join("static/gedeeld").as_path(),
                    root.join("gedeeld").as_path(),
                    true
                ),
                (
                    root.join("static/gedeeld/ander").as_path(),
                    root.join("ander").as_path(),
                    true
                ),
            ]
        );
    }

    #[test]
    fn watches_each_target_once_and_nothing_already_watched() {
        let root = PathBuf::from("/h");
        let link = |target: &str, folder| Link {
            path: PathBuf::from("/h/static/x"),
            target: PathBuf::from(target),
            folder,
        };
        let links = [
            link("/h/gedeeld/dieper", true),
            link("/h/gedeeld", true),
            link("/h/gedeeld/kleur.css", false),
            link("/h/content/a", true),
            link("/h/LEESMIJ.md", false),
            link("/h/los/een.css", false),
            link("/h/los/twee.css", false),
        ];
        let watched = [PathBuf::from("/h/content"), PathBuf::from("/h/static")];
        assert_eq!(
            watches(&root, &watched, &links),
            [
                (PathBuf::from("/h/gedeeld"), RecursiveMode::Recursive),
                (PathBuf::from("/h/los"), RecursiveMode::NonRecursive),
            ]
        );
    }

    #[test]
    fn a_change_behind_a_link_is_also_seen_where_the_link_is() {
        let (_dir, root) = handbook();
        symlink(root.join("gedeeld"), root.join("static/gedeeld")).unwrap();
        let links = find(&root, &[root.join("static")]);
        let changed = root.join("gedeeld/kleur.css");
        let gone = root.join("gedeeld/weg.css");
        let other = root.join("content/a.md");
        assert_eq!(
            seen_paths(&links, vec![changed.clone(), gone.clone(), other.clone()]),
            [
                root.join("static/gedeeld/kleur.css"),
                changed,
                root.join("static/gedeeld/weg.css"),
                gone,
                other,
            ]
        );
    }

    #[test]
    fn only_plain_file_edits_leave_the_links_as_they_were() {
        let (_dir, root) = handbook();
        symlink(root.join("gedeeld"), root.join("static/gedeeld")).unwrap();
        assert!(!may_move_links(&[root.join("gedeeld/kleur.css")]));
        assert!(may_move_links(&[root.join("static/gedeeld")]));
        assert!(may_move_links(&[root.join("static/sub")]));
        assert!(may_move_links(&[root.join("static/weg.css")]));
    }
}
