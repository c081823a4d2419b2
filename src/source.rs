//! Walking a handbook folder: which files there are, in a fixed order.
//!
//! The walk is sorted by file name, so two builds of the same folder see the
//! same files in the same order. Hidden files and folders (`.git`, `.DS_Store`)
//! and editor leftovers (`notes.md~`, `#notes.md#`, `.notes.md.swp`) are
//! skipped. Symbolic links are followed, but a link loop or a link that leads
//! outside the handbook folder is an error, never an endless walk or a read of
//! someone else's files.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Files larger than this are refused with a clear message rather than read.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A file found by a walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceFile {
    /// The full path to read.
    pub full: PathBuf,
    /// The path below the walked folder, with `/` between parts.
    pub relative: String,
}

/// True for names an editor or the system leaves behind.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Every file below `dir` (which may not exist: then there are none).
///
/// `root` is the handbook folder: paths in diagnostics are relative to it, and
/// links may not lead outside it.
pub(crate) fn walk(root: &Path, dir: &Path) -> (Vec<SourceFile>, Diagnostics) {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let display = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(display).unwrap_or_else(|| display(dir));
                let message = if error.loop_ancestor().is_some() {
                    "deze symbolische link maakt een lus".to_string()
                } else {
                    format!(
                        "kan dit niet lezen: {}",
                        error
                            .io_error()
                            .map_or_else(|| error.to_string(), |e| e.to_string())
                    )
                };
                problems.push(
                    Diagnostic::error(path, message)
                        .with_help("verwijder de link of maak hem goed"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {}
                _ => {
                    problems.push(
                        Diagnostic::error(
                            display(entry.path()),
                            "deze symbolische link wijst naar een plek buiten het handboek",
                        )
                        .with_help("kopieer het bestand in de map van het handboek"),
                    );
                    continue;
                }
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push(SourceFile {
            full: entry.path().to_path_buf(),
            relative: relative.join("/"),
        });
    }
    (files, problems)
}

/// Reads a text file: UTF-8, byte-order mark removed, size limited.
pub(crate) fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let shown = file.strip_prefix(root).unwrap_or(file);
    let bytes = read_bytes(root, file)?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            Err(Diagnostic::error(shown, "dit bestand is geen UTF-8-tekst")
                .at_offset(&before, valid)
                .with_help("sla het bestand op als UTF-8 (in de meeste editors: Opslaan als… → codering UTF-8)"))
        }
    }
}

/// Reads a file whole, refusing absurd sizes.
pub(crate) fn read_bytes(root: &Path, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    let shown = file.strip_prefix(root).unwrap_or(file);
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            format!(
                "dit bestand is te groot ({} MB; de grens is {} MB)",
                size / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        )
        .with_help("splits het op in kleinere bestanden"));
    }
    std::fs::read(file)
        .map_err(|error| Diagnostic::error(shown, format!("kan dit bestand niet lezen: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_leftovers() {
        for name in [".x.md.swp", "x.md~", "#x.md#", ".DS_Store", "x.tmp"] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["x.md", "Mijn pagina.md", "café.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn walk_is_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("b")).unwrap();
        std::fs::create_dir_all(content.join(".git")).unwrap();
        for file in ["b/z.md", "a.md", "b/a.md", ".git/x.md", "c.md~"] {
            std::fs::write(content.join(file), "x").unwrap();
        }
        let (files, problems) = walk(dir.path(), &content);
        assert!(problems.is_empty());
        let names: Vec<&str> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["a.md", "b/a.md", "b/z.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_escapes_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("geheim.md"), "x").unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("lus")).unwrap();
        std::os::unix::fs::symlink(&content, content.join("lus/terug")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("geheim.md"), content.join("geheim.md"))
            .unwrap();
        let (files, problems) = walk(dir.path(), &content);
        assert!(files.is_empty(), "{files:?}");
        let messages: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("lus")));
        assert!(messages.iter().any(|m| m.contains("buiten het handboek")));
    }

    #[test]
    fn non_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.md");
        std::fs::write(&file, b"+++\ntitle = \"a\"\n+++\nok \xff\n").unwrap();
        let error = read_text(dir.path(), &file).unwrap_err();
        assert_eq!(error.position(), Some((4, 4)));
        assert_eq!(error.path(), Some(Path::new("x.md")));
    }
}
