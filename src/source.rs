//! Walking a handbook folder: which files there are, in a fixed order.
//!
//! The walk is sorted by file name, so two builds of the same folder see the
//! same files in the same order. Hidden files and folders (`.git`, `.DS_Store`)
//! and editor leftovers (`notes.md~`, `#notes.md#`, `.notes.md.swp`) are
//! skipped. Symbolic links are followed, but a link loop or a link that leads
//! outside the handbook folder is an error, never an endless walk or a read of
//! someone else's files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, io_reason};

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
/// links may not lead outside it. A link is judged before anything behind it
/// is opened: one that leads outside is refused at once and nothing below it
/// is visited (`static -> /` is one error, not a walk of the whole disk); a
/// link to a folder that holds the link is a loop. `dir` itself may not lead
/// outside either. Two files whose names become one site path (names that
/// are not UTF-8) are an error too.
pub(crate) fn walk(root: &Path, dir: &Path) -> (Vec<SourceFile>, Diagnostics) {
    let mut walk = Walk {
        root,
        canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        dir,
        files: Vec::new(),
        problems: Diagnostics::new(),
    };
    if !dir.is_dir() {
        return (walk.files, walk.problems);
    }
    if let Some(link) = link_outside(root, &walk.canonical_root, dir) {
        walk.problems.push(outside(walk.shown(&link)));
        return (walk.files, walk.problems);
    }
    let mut chain: Vec<PathBuf> = dir.canonicalize().into_iter().collect();
    walk.folder(dir, &mut chain);
    let mut problems = walk.problems;
    problems.extend(same_names(&walk.files, |path| {
        path.strip_prefix(root).unwrap_or(path).to_path_buf()
    }));
    (walk.files, problems)
}

/// A walk in progress: what it found so far.
struct Walk<'a> {
    root: &'a Path,
    canonical_root: PathBuf,
    /// The folder walked: file names are relative to it.
    dir: &'a Path,
    files: Vec<SourceFile>,
    problems: Diagnostics,
}

impl Walk<'_> {
    /// `path` as messages show it: relative to the handbook.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// Walks `start` (a folder, or a link to one already judged), sorted,
    /// without following links: each is judged by [`Walk::link`]. `chain`
    /// holds the real folders of the links being walked through.
    fn folder(&mut self, start: &Path, chain: &mut Vec<PathBuf>) {
        let walker = walkdir::WalkDir::new(start)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.depth() > 0 && entry.path_is_symlink() => {
                    self.link(entry.path(), chain);
                }
                Ok(entry) if entry.file_type().is_file() => self.file(entry.path()),
                Ok(_) => {}
                Err(error) => {
                    let path = self.shown(error.path().unwrap_or(start));
                    self.problems.push(unreadable(path, &walk_reason(&error)));
                }
            }
        }
    }

    /// A link met on the walk: a file or folder inside the handbook is
    /// taken as if it stood here; anything else is an error, and what it
    /// points to is never opened.
    fn link(&mut self, link: &Path, chain: &mut Vec<PathBuf>) {
        let target = match link.canonicalize() {
            Ok(target) => target,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let problem = Diagnostic::error(
                    self.shown(link),
                    "deze symbolische link wijst naar iets dat niet bestaat",
                )
                .with_help("maak de link goed, of verwijder hem");
                self.problems.push(problem);
                return;
            }
            Err(error) => {
                let problem = unreadable(self.shown(link), &io_reason(&error));
                self.problems.push(problem);
                return;
            }
        };
        if !target.starts_with(&self.canonical_root) {
            self.problems.push(outside(self.shown(link)));
        } else if target.is_file() {
            self.file(link);
        } else if target.is_dir() {
            let parent = link.parent().and_then(|p| p.canonicalize().ok());
            if chain
                .iter()
                .chain(&parent)
                .any(|dir| dir.starts_with(&target))
            {
                self.problems.push(
                    Diagnostic::error(self.shown(link), "deze symbolische link maakt een lus")
                        .with_help("verwijder de link of maak hem goed"),
                );
                return;
            }
            chain.push(target);
            self.folder(link, chain);
            chain.pop();
        }
    }

    /// A file found at `path` (below the walked folder).
    fn file(&mut self, path: &Path) {
        let Ok(relative) = path.strip_prefix(self.dir) else {
            return;
        };
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        self.files.push(SourceFile {
            full: path.to_path_buf(),
            relative: relative.join("/"),
        });
    }
}

/// True if `path` resolves to a place inside the handbook.
fn inside(canonical_root: &Path, path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root))
}

/// The first link on the way from `root` to `dir` that leads outside the
/// handbook (`dir` itself when no single link is to blame), if `dir` does.
fn link_outside(root: &Path, canonical_root: &Path, dir: &Path) -> Option<PathBuf> {
    if inside(canonical_root, dir) {
        return None;
    }
    let below = dir.strip_prefix(root).ok()?;
    let mut path = root.to_path_buf();
    for part in below.components() {
        path.push(part);
        let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
        if is_link && !inside(canonical_root, &path) {
            return Some(path);
        }
    }
    Some(dir.to_path_buf())
}

/// The error for what the walk could not read (a folder without
/// permission, a link in a loop); `reason` is already in Dutch.
fn unreadable(path: PathBuf, reason: &str) -> Diagnostic {
    Diagnostic::error(path, format!("kan dit niet lezen: {reason}"))
        .with_help("geef jezelf leesrechten op de map, of maak de link goed of verwijder hem")
}

/// Why the walk could not go on at an entry, in Dutch.
fn walk_reason(error: &walkdir::Error) -> String {
    match error.io_error() {
        Some(error) => io_reason(error),
        None => "symbolische links wijzen in een kring naar elkaar".to_string(),
    }
}

/// The error for a link that leads outside the handbook.
fn outside(link: PathBuf) -> Diagnostic {
    Diagnostic::error(
        link,
        "deze symbolische link wijst naar een plek buiten het handboek; Bekwaam leest daar niets",
    )
    .with_help("kopieer de bestanden in de map van het handboek, of verwijder de link")
}

/// Files whose names differ on disk but are one name in the site: a name
/// that is not UTF-8 is read with U+FFFD for what is not, so `a\xff.png`
/// and `a\xfe.png` would both be `a\u{fffd}.png`, and one of them lost.
fn same_names(files: &[SourceFile], display: impl Fn(&Path) -> PathBuf) -> Diagnostics {
    let mut by_name: BTreeMap<&str, Vec<&SourceFile>> = BTreeMap::new();
    for file in files {
        by_name.entry(&file.relative).or_default().push(file);
    }
    let mut problems = Diagnostics::new();
    for (name, same) in by_name.into_iter().filter(|(_, same)| same.len() > 1) {
        // The names as they are on disk: `\xFF` for a byte that is not UTF-8.
        let names: Vec<String> = same
            .iter()
            .map(|f| format!("{:?}", display(&f.full).as_os_str()))
            .collect();
        problems.push(
            Diagnostic::error(
                display(&same[0].full),
                format!(
                    "de bestanden {} krijgen in de website dezelfde naam, {name}",
                    names.join(" en ")
                ),
            )
            .with_help("geef de bestanden namen met alleen gewone letters en cijfers (UTF-8), zodat elk een eigen naam houdt"),
        );
    }
    problems
}

/// The error for `file` (a file Bekwaam opens by name, such as
/// `config.toml`), if it resolves to a place outside the handbook in `root`:
/// a link there is refused as the walk refuses one.
pub(crate) fn refuse_outside(root: &Path, file: &Path) -> Result<(), Diagnostic> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if file.exists() && !inside(&canonical_root, file) {
        let shown = file.strip_prefix(root).unwrap_or(file).to_path_buf();
        return Err(outside(shown));
    }
    Ok(())
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
    std::fs::read(file).map_err(|error| {
        Diagnostic::error(
            shown,
            format!("kan dit bestand niet lezen: {}", io_reason(&error)),
        )
        .with_help(read_help(&error))
    })
}

/// What to do about a file that cannot be read.
fn read_help(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "geef jezelf leesrechten op het bestand (bijvoorbeeld `chmod u+r BESTAND`), of haal het uit het handboek"
        }
        std::io::ErrorKind::NotFound => {
            "het bestand is weg terwijl Bekwaam las; probeer het opnieuw"
        }
        _ => "controleer of het bestand te openen is in een editor",
    }
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

    /// Messages of a walk, as printed.
    fn messages(problems: &Diagnostics) -> Vec<String> {
        problems.iter().map(|d| d.to_string()).collect()
    }

    #[cfg(unix)]
    #[test]
    fn nothing_behind_a_refused_link_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        // Were the walk to go in, it would find a file and a loop there.
        std::fs::create_dir_all(outside.path().join("diep")).unwrap();
        std::fs::write(outside.path().join("diep/geheim.css"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), outside.path().join("diep/lus")).unwrap();
        let stat = dir.path().join("static");
        std::fs::create_dir_all(stat.join("sub")).unwrap();
        std::fs::write(stat.join("sub/eigen.css"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), stat.join("sub/usr")).unwrap();
        std::os::unix::fs::symlink(stat.join("sub"), stat.join("ook")).unwrap();
        let (files, problems) = walk(dir.path(), &stat);
        let names: Vec<&str> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["ook/eigen.css", "sub/eigen.css"]);
        // Once through `sub/`, once through `ook/` (a link inside the handbook).
        assert_eq!(
            messages(&problems),
            [
                "static/ook/usr: error: deze symbolische link wijst naar een plek buiten het handboek; Bekwaam leest daar niets\n  help: kopieer de bestanden in de map van het handboek, of verwijder de link",
                "static/sub/usr: error: deze symbolische link wijst naar een plek buiten het handboek; Bekwaam leest daar niets\n  help: kopieer de bestanden in de map van het handboek, of verwijder de link",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_is_a_link_outside_is_named_and_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/", dir.path().join("static")).unwrap();
        let (files, problems) = walk(dir.path(), &dir.path().join("static"));
        assert!(files.is_empty());
        let found = messages(&problems);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("static: error: deze symbolische link wijst naar een plek buiten")
        );
        // A theme folder that leads outside is named, not its `static/`.
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(outside.path().join("static")).unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("themes/zomer")).unwrap();
        let (_, problems) = walk(dir.path(), &dir.path().join("themes/zomer/static"));
        assert!(messages(&problems)[0].starts_with("themes/zomer: error:"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn names_that_become_one_are_an_error_naming_both() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let stat = dir.path().join("static");
        std::fs::create_dir(&stat).unwrap();
        for name in [&b"logo\xff.png"[..], b"logo\xfe.png", b"logo.png"] {
            std::fs::write(stat.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let (files, problems) = walk(dir.path(), &stat);
        assert_eq!(files.len(), 3);
        let found = messages(&problems);
        assert_eq!(found.len(), 1, "{found:?}");
        let expected = r#"de bestanden "static/logo\xFE.png" en "static/logo\xFF.png" krijgen in de website dezelfde naam, logo"#;
        assert!(
            found[0].contains(&format!("{expected}\u{fffd}.png")),
            "{found:?}"
        );
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
