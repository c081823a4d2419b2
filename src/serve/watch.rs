//! The file watcher: which files of the handbook changed.
//!
//! It owns the `notify` watcher (debounced) on the handbook folder itself
//! (for `config.toml` and folders that appear) and on each source folder
//! below it, recursively, and turns notify's events into the list of paths
//! that changed. It follows no link, but watches where the links inside
//! the handbook lead ([`super::linked`]). Whether a path matters to the site
//! is the rebuild loop's question ([`crate::live::matters`]), not the
//! watcher's.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent};

use super::linked::{self, Link};

/// Saves that come this close together are one change.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The source folders below the handbook folder.
const WATCHED_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// A folder that could not be watched: changes in it go unseen.
pub(super) struct Unwatched {
    /// The folder's name (`content`, ...).
    pub folder: &'static str,
    /// Why, as the system says it.
    pub error: String,
}

/// Watches the handbook folder; see the module docs.
pub(super) struct Watch {
    root: PathBuf,
    debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    watched: Vec<PathBuf>,
    /// The links inside the source folders; the watcher's thread reads them.
    links: Arc<RwLock<Vec<Link>>>,
    /// What is watched for the links' sake.
    behind_links: Vec<(PathBuf, RecursiveMode)>,
    /// The links were looked for at least once.
    links_found: bool,
}

impl Watch {
    /// Starts watching `root`; `changed` hears every batch of changed paths,
    /// on the watcher's own thread. The source folders are not watched yet:
    /// call [`Watch::refresh`].
    pub(super) fn start(
        root: &Path,
        changed: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Watch, crate::diagnostics::Diagnostic> {
        use crate::diagnostics::Diagnostic;
        // The watcher follows no link: one that leads outside the handbook
        // (`static/usr -> /usr`) would have it watch every folder there.
        let config = notify::Config::default().with_follow_symlinks(false);
        let links: Arc<RwLock<Vec<Link>>> = Arc::default();
        let seen_links = Arc::clone(&links);
        let mut debouncer = notify_debouncer_full::new_debouncer_opt(
            DEBOUNCE,
            None,
            move |result: DebounceEventResult| {
                let Ok(events) = result else { return };
                let paths = changed_paths(events);
                let links = seen_links.read().unwrap_or_else(|e| e.into_inner());
                let paths = linked::seen_paths(&links, paths);
                drop(links);
                if !paths.is_empty() {
                    changed(paths);
                }
            },
            notify_debouncer_full::RecommendedCache::new(),
            config,
        )
        .map_err(|e| {
            Diagnostic::general(format!(
                "kan de bestanden niet volgen: {}",
                watch_reason(&e)
            ))
            .with_help(WATCH_HELP)
        })?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::general(format!(
                    "kan de map {} niet volgen: {}",
                    root.display(),
                    watch_reason(&e)
                ))
                .with_help(WATCH_HELP)
            })?;
        Ok(Watch {
            root: root.to_path_buf(),
            debouncer,
            watched: Vec::new(),
            links,
            behind_links: Vec::new(),
            links_found: false,
        })
    }

    /// Watches source folders that appeared since the last call, and forgets
    /// those that are gone (a folder that comes back is watched again); then,
    /// unless `changed` (what changed since) only edits files, looks for the
    /// links again and watches where they lead. Returns the folders that
    /// could not be watched.
    pub(super) fn refresh(&mut self, changed: &[PathBuf]) -> Vec<Unwatched> {
        let mut unwatched = Vec::new();
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let is_watched = self.watched.contains(&dir);
            match (dir.is_dir(), is_watched) {
                // A source folder that is a link out of the handbook: the
                // build refuses it, and watching it would watch all there.
                (true, false) if !leads_inside(&self.root, &dir) => {
                    unwatched.push(Unwatched {
                        folder: name,
                        error: String::from("de map is een link naar een plek buiten het handboek"),
                    });
                }
                (true, false) => {
                    if let Err(error) = self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                        unwatched.push(Unwatched {
                            folder: name,
                            error: watch_reason(&error),
                        });
                    } else {
                        self.watched.push(dir);
                    }
                }
                (false, true) => {
                    let _ = self.debouncer.unwatch(&dir);
                    self.watched.retain(|d| *d != dir);
                }
                _ => {}
            }
        }
        if !self.links_found || linked::may_move_links(changed) {
            self.links_found = true;
            unwatched.extend(self.follow_links());
        }
        unwatched
    }

    /// Finds the links inside the watched folders, and watches where they
    /// lead instead of what it watched for the links before.
    fn follow_links(&mut self) -> Vec<Unwatched> {
        let Ok(root) = self.root.canonicalize() else {
            return Vec::new();
        };
        let links = linked::find(&root, &self.watched);
        let watched: Vec<PathBuf> = self
            .watched
            .iter()
            .filter_map(|dir| dir.canonicalize().ok())
            .collect();
        let wanted = linked::watches(&root, &watched, &links);
        for (path, _) in &self.behind_links {
            if !wanted.iter().any(|(wanted, _)| wanted == path) {
                let _ = self.debouncer.unwatch(path);
            }
        }
        let mut unwatched = Vec::new();
        let before = std::mem::take(&mut self.behind_links);
        for (path, mode) in wanted {
            if before.contains(&(path.clone(), mode)) {
                self.behind_links.push((path, mode));
                continue;
            }
            match self.debouncer.watch(&path, mode) {
                Ok(()) => self.behind_links.push((path, mode)),
                Err(error) => unwatched.push(Unwatched {
                    folder: folder_of(&self.root, &links, &path),
                    error: watch_reason(&error),
                }),
            }
        }
        *self.links.write().unwrap_or_else(|e| e.into_inner()) = links;
        unwatched
    }
}

/// The source folder that holds a link leading to `path`.
fn folder_of(root: &Path, links: &[Link], path: &Path) -> &'static str {
    links
        .iter()
        .find(|link| link.target.starts_with(path))
        .and_then(|link| link.path.strip_prefix(root).ok())
        .and_then(|below| below.components().next())
        .and_then(|first| {
            WATCHED_DIRS
                .into_iter()
                .find(|name| first.as_os_str() == *name)
        })
        .unwrap_or("content")
}

/// True if `dir` resolves to a place inside the handbook folder `root`.
fn leads_inside(root: &Path, dir: &Path) -> bool {
    match (root.canonicalize(), dir.canonicalize()) {
        (Ok(root), Ok(dir)) => dir.starts_with(root),
        _ => false,
    }
}

/// The paths that changed in a batch of events. Reading a file is an event
/// too (the build's own reads): only changes count.
fn changed_paths(events: Vec<DebouncedEvent>) -> Vec<PathBuf> {
    events
        .into_iter()
        .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
        .flat_map(|e| e.event.paths)
        .collect()
}

/// What to do when a folder cannot be watched.
const WATCH_HELP: &str = "de preview ziet dan niet wanneer je iets opslaat; op Linux helpt vaak een hogere grens: `sudo sysctl fs.inotify.max_user_watches=524288`";

/// Why the file watcher cannot watch, in Dutch.
fn watch_reason(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::Io(error) => crate::diagnostics::io_reason(error),
        notify::ErrorKind::PathNotFound => "de map bestaat niet".to_string(),
        notify::ErrorKind::MaxFilesWatch => {
            "het systeem volgt al zoveel bestanden als het mag (de grens van inotify)".to_string()
        }
        notify::ErrorKind::WatchNotFound => "de map werd niet gevolgd".to_string(),
        notify::ErrorKind::Generic(text) => format!("het systeem meldt een fout ({text})"),
        notify::ErrorKind::InvalidConfig(_) => {
            "de instellingen van het volgen kloppen niet; dit is een fout in Bekwaam".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};
    use std::time::Instant;

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        let event = notify::Event::new(kind).add_path(PathBuf::from(path));
        DebouncedEvent::new(event, Instant::now())
    }

    #[test]
    fn reads_are_no_change() {
        let paths = changed_paths(vec![
            event(EventKind::Access(AccessKind::Any), "/h/content/a.md"),
            event(EventKind::Modify(ModifyKind::Any), "/h/content/b.md"),
            event(EventKind::Create(CreateKind::File), "/h/static/c.png"),
        ]);
        assert_eq!(
            paths,
            [
                PathBuf::from("/h/content/b.md"),
                PathBuf::from("/h/static/c.png")
            ]
        );
    }
}
