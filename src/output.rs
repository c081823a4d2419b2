//! The built site in memory, and writing it to disk in one atomic step.
//!
//! A build assembles every file of the site in an [`Output`] first. Only when
//! the whole site is ready and without errors is it written: into a fresh
//! folder next to the output folder (`.public.bekwaam-new-…`), which then takes
//! the place of the old folder in a single rename. On Linux both folders are
//! exchanged atomically (`renameat2` with `RENAME_EXCHANGE`), so at every
//! moment the output folder is either the complete old site or the complete
//! new one; elsewhere the old folder is first moved aside. The old generation
//! is removed afterwards, off the critical path (see [`remove_in_background`]).
//!
//! Every site written carries a marker file ([`MARKER`]). A build replaces
//! only what a build made: an existing folder that is not empty and has no
//! marker is refused ([`Unfit::Foreign`]), never emptied, whatever it holds.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

/// The marker file every written site carries, at its top: the sign that a
/// build made the folder, so that the next build may replace it. It is not
/// part of the [`Output`] (the preview does not serve it) and no page,
/// sitemap or search index names it.
pub const MARKER: &str = ".bekwaam";

/// What the marker file says, to whoever opens it.
const MARKER_TEXT: &str = "Deze map is gemaakt door Bekwaam (bekwaam build): \
    elke build vervangt haar helemaal. Zet hier geen eigen bestanden neer.\n";

/// Why a folder may not become (or stay) the output folder.
#[derive(Debug)]
pub enum Unfit {
    /// It is a file, not a folder.
    File,
    /// It holds files, but no marker: a build did not make it.
    Foreign,
    /// It cannot be looked into.
    Unreadable(io::Error),
}

/// An error of [`Output::write_atomically`].
#[derive(Debug)]
pub enum WriteError {
    /// The folder may not be replaced; nothing was written.
    Unfit(Unfit),
    /// Writing failed; the folder is as it was.
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> WriteError {
        WriteError::Io(error)
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Unfit(Unfit::File) => f.write_str("de uitvoermap is een bestand, geen map"),
            WriteError::Unfit(Unfit::Foreign) => {
                f.write_str("de uitvoermap is niet leeg en niet door Bekwaam gemaakt")
            }
            WriteError::Unfit(Unfit::Unreadable(error)) | WriteError::Io(error) => error.fmt(f),
        }
    }
}

/// Whether a build may write its site to `dir`: a folder that does not
/// exist, an empty one, or one with the [`MARKER`] of an earlier build.
pub fn check_target(dir: &Path) -> Result<(), Unfit> {
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Unfit::Unreadable(error)),
    };
    if !meta.is_dir() {
        return Err(Unfit::File);
    }
    let mut entries = std::fs::read_dir(dir).map_err(Unfit::Unreadable)?;
    if entries.next().is_none() {
        return Ok(());
    }
    match std::fs::symlink_metadata(dir.join(MARKER)) {
        Ok(marker) if marker.is_file() => Ok(()),
        _ => Err(Unfit::Foreign),
    }
}

/// The bytes of one file, shared: cloning an [`Output`] (as the preview
/// server does for every rebuild) copies no file contents.
pub type Bytes = Arc<Vec<u8>>;

/// Every file of the site: site path (`competenties/x/index.html`) → bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Bytes>,
}

impl Output {
    /// An empty site.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: String, mut bytes: Vec<u8>) {
        // Files are kept until the whole site is written: not with the
        // spare room their making left.
        bytes.shrink_to_fit();
        self.files.insert(path, Arc::new(bytes));
    }

    /// Adds or replaces a file with bytes shared with another output.
    pub fn insert_shared(&mut self, path: String, bytes: Bytes) {
        self.files.insert(path, bytes);
    }

    /// Removes every file whose path starts with `prefix`.
    pub fn remove_prefix(&mut self, prefix: &str) {
        self.files.retain(|path, _| !path.starts_with(prefix));
    }

    /// Removes a file, returning whether it was there.
    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    /// The shared bytes of one file.
    pub fn shared(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path)
    }

    /// All files with their shared bytes, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.files.iter()
    }

    /// Adds every file of `other`, replacing files with the same path.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    /// True if the site has this file.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The bytes of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    /// All files, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes the site, with its [`MARKER`], to `dir`, replacing what was
    /// there in one step; refuses a folder that [`check_target`] refuses.
    ///
    /// Returns the folder that now holds the previous generation, if there was
    /// one; the caller removes it (it is hidden and no longer in use).
    pub fn write_atomically(&self, dir: &Path) -> Result<Option<PathBuf>, WriteError> {
        let name = dir.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "de uitvoermap heeft geen naam")
        })?;
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        check_target(dir).map_err(WriteError::Unfit)?;
        std::fs::create_dir_all(&parent)?;
        remove_leftovers(&parent, name);
        let fresh = parent.join(hidden_name(name, "new"));
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh)?;
        }
        let written = self.write_into(&fresh);
        if let Err(error) = written {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(error.into());
        }
        if !dir.exists() {
            std::fs::rename(&fresh, dir)?;
            return Ok(None);
        }
        if exchange(&fresh, dir)? {
            // `fresh` now holds the old site.
            return Ok(Some(fresh));
        }
        // No atomic exchange here: move the old folder aside, then the new in.
        let old = parent.join(hidden_name(name, "old"));
        std::fs::rename(dir, &old)?;
        if let Err(error) = std::fs::rename(&fresh, dir) {
            let _ = std::fs::rename(&old, dir);
            return Err(error.into());
        }
        Ok(Some(old))
    }

    /// Writes all files below `dir`, which must not exist yet.
    fn write_into(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir(dir)?;
        let mut folders: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|path| Path::new(path).parent().map(|p| dir.join(p)))
            .collect();
        folders.dedup();
        for folder in &folders {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        self.files
            .par_iter()
            .try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes.as_slice()))
    }
}

/// Removes what killed builds left next to the output folder: hidden
/// `.<name>.bekwaam-new-<pid>` and `-old-` folders of processes that no
/// longer run. (A folder of a build still running is left alone.)
fn remove_leftovers(parent: &Path, name: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{}.bekwaam-", name.to_string_lossy());
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(pid) = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// True if a process with this id runs (or cannot be asked about).
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// `.public.bekwaam-new-1234` for `public`.
fn hidden_name(name: &std::ffi::OsStr, what: &str) -> OsString {
    let mut hidden = OsString::from(".");
    hidden.push(name);
    hidden.push(format!(".bekwaam-{what}-{}", std::process::id()));
    hidden
}

/// Swaps two folders atomically; `Ok(false)` if the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes an old generation without making the caller wait.
///
/// Deleting ten thousand files can take seconds on a disk mounted with
/// `discard`; the build is done once the new site is in place, so on Unix a
/// detached `rm -rf` does the deleting. Where that cannot start, the folder is
/// removed here.
pub fn remove_in_background(old: &Path) {
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(old);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> Output {
        let mut output = Output::new();
        output.insert("index.html".into(), text.as_bytes().to_vec());
        output.insert("a/b/index.html".into(), b"b".to_vec());
        output
    }

    #[test]
    fn writes_and_replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        assert_eq!(site("een").write_atomically(&public).unwrap(), None);
        std::fs::write(public.join("oud.txt"), "weg").unwrap();
        let old = site("twee").write_atomically(&public).unwrap().unwrap();
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "twee"
        );
        assert_eq!(
            std::fs::read_to_string(public.join("a/b/index.html")).unwrap(),
            "b"
        );
        assert!(!public.join("oud.txt").exists());
        // The previous generation is intact until it is removed.
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "een"
        );
        std::fs::remove_dir_all(&old).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn refuses_a_file_as_output() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("public");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            site("x").write_atomically(&file),
            Err(WriteError::Unfit(Unfit::File))
        ));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn every_site_carries_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        site("een").write_atomically(&public).unwrap();
        let marker = std::fs::read_to_string(public.join(MARKER)).unwrap();
        assert!(
            marker.starts_with("Deze map is gemaakt door Bekwaam"),
            "{marker}"
        );
        assert!(check_target(&public).is_ok());
    }

    #[test]
    fn a_folder_a_build_did_not_make_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("foto's");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("vakantie.jpg"), "jpg").unwrap();
        assert!(matches!(
            site("x").write_atomically(&foreign),
            Err(WriteError::Unfit(Unfit::Foreign))
        ));
        assert_eq!(
            std::fs::read_to_string(foreign.join("vakantie.jpg")).unwrap(),
            "jpg"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["foto's"]);
        // A marker that is a folder is no marker.
        std::fs::create_dir(foreign.join(MARKER)).unwrap();
        assert!(matches!(check_target(&foreign), Err(Unfit::Foreign)));
    }

    #[test]
    fn an_empty_folder_may_become_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("leeg");
        std::fs::create_dir(&empty).unwrap();
        let old = site("x").write_atomically(&empty).unwrap();
        assert_eq!(
            std::fs::read_to_string(empty.join("index.html")).unwrap(),
            "x"
        );
        assert!(old.is_some_and(|old| std::fs::read_dir(old).unwrap().next().is_none()));
    }
}
