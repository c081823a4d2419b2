//! The rebuild loop: it waits for changed files, has [`Live`] rebuild, hands
//! the result to the HTTP side and tells the caller what happened.
//!
//! One rebuild per batch of changes; changes that arrive during a rebuild
//! make the next batch. The search index is made on a thread of its own
//! after each rebuild and comes back through the same channel as the
//! changes. Which stages run again is [`Live`]'s decision, not this loop's.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use super::http::Server;
use super::watch::Watch;
use super::{Error, Event, Outcome, Summary};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::live::{Index, Live, Rebuilt, Scope};

/// After a failed rebuild, changes that follow within this time are built
/// before the error is shown.
const SETTLE: Duration = Duration::from_millis(60);
/// A rebuild that changes nothing, for files the rebuild just before had
/// too, within this time, is the tail of the same save and adds no line to
/// the terminal: editors that write a file twice (rename, then write) have
/// the two writes split over two rebuilds on a busy machine.
const ECHO: Duration = Duration::from_secs(1);

/// What the rebuild loop hears about.
pub(super) enum Message {
    /// Files changed.
    Changed(Vec<PathBuf>),
    /// A search index was made.
    Indexed(Index),
    /// The listener stopped accepting connections for good.
    Stopped(std::io::Error),
}

/// The rebuild loop and what it works with.
pub(super) struct Rebuilder<'a> {
    /// The handbook folder, canonical.
    pub root: PathBuf,
    pub live: Live,
    pub server: Arc<Server>,
    pub watch: Watch,
    pub changes: Receiver<Message>,
    /// For the search index jobs.
    pub sender: Sender<Message>,
    /// The warnings the caller was last told of (those of the last site
    /// that was built).
    pub told: Vec<Diagnostic>,
    pub tell: &'a mut dyn FnMut(Event<'_>),
}

impl Rebuilder<'_> {
    /// Rebuilds after every batch of changes, until the listener stops.
    pub(super) fn run(mut self) -> Result<(), Error> {
        let mut reported: Option<Reported> = None;
        while let Some(mut paths) = self.next_batch()? {
            for unwatched in self.watch.refresh(&paths) {
                (self.tell)(Event::NotWatched {
                    folder: unwatched.folder,
                    error: unwatched.error,
                });
            }
            let started = Instant::now();
            let result = self.update(&mut paths)?;
            let took = started.elapsed();
            let was_failing = self.server.is_failing();
            let summary = result.as_ref().ok().map(|r| Summary::of(r, &self.told));
            let nothing_changed = result.as_ref().is_ok_and(|r| r.changed.is_empty())
                && summary.as_ref().is_some_and(Summary::nothing_new);
            let now = Instant::now();
            let echo = nothing_changed
                && !was_failing
                && reported.as_ref().is_some_and(|r| r.echoed_by(&paths, now));
            if !echo {
                if let Some(outcome) = outcome(&result, was_failing) {
                    (self.tell)(Event::Rebuilt {
                        files: names(&self.root, &paths),
                        took,
                        outcome,
                        summary,
                    });
                }
                reported = Some(Reported { at: now, paths });
            }
            if let Ok(rebuilt) = &result {
                self.told.clone_from(&rebuilt.warnings);
            }
            self.server.publish(result);
            self.start_index();
        }
        Ok(())
    }

    /// The next batch of changed files that matter to the site; search
    /// indexes that come meanwhile go in. `None` when no more can come.
    fn next_batch(&mut self) -> Result<Option<Vec<PathBuf>>, Error> {
        loop {
            let mut paths = match self.changes.recv() {
                Ok(Message::Changed(paths)) => paths,
                Ok(Message::Indexed(index)) => {
                    // Tabs already reloaded; an open tab reads the new index
                    // when it searches.
                    self.add_index(index);
                    self.start_index();
                    continue;
                }
                Ok(Message::Stopped(error)) => return Err(Error::Listener(error)),
                Err(_) => return Ok(None),
            };
            while let Ok(more) = self.changes.try_recv() {
                match more {
                    Message::Changed(more) => paths.extend(more),
                    // Made for the site as it still is: it goes in.
                    Message::Indexed(index) => self.add_index(index),
                    Message::Stopped(error) => return Err(Error::Listener(error)),
                }
            }
            paths.retain(|path| crate::live::matters(&self.root, path));
            if !paths.is_empty() {
                return Ok(Some(paths));
            }
        }
    }

    /// Rebuilds for `paths`. A file read while an editor was still writing
    /// it (slowly, or on a busy machine) can look broken: if more changes
    /// follow at once, build again before showing anyone an error; those
    /// changes join `paths`.
    fn update(&mut self, paths: &mut Vec<PathBuf>) -> Result<Result<Rebuilt, Diagnostics>, Error> {
        let mut result = self.live.update(paths);
        while result.is_err()
            && let Ok(more) = self.changes.recv_timeout(SETTLE)
        {
            match more {
                Message::Changed(more) => {
                    paths.extend(more);
                    paths.retain(|path| crate::live::matters(&self.root, path));
                    result = self.live.update(paths);
                }
                Message::Stopped(error) => return Err(Error::Listener(error)),
                // Made for a site that is gone.
                Message::Indexed(_) => {}
            }
        }
        Ok(result)
    }

    fn add_index(&mut self, index: Index) {
        if let Some(indexed) = self.live.add_index(index) {
            self.server.publish(Ok(indexed));
        }
    }

    /// Makes the search index on a thread of its own, if it is out of date.
    fn start_index(&mut self) {
        if let Some(job) = self.live.index_job() {
            let sender = self.sender.clone();
            std::thread::spawn(move || {
                // One thread of its own, so a rebuild that comes meanwhile
                // keeps the other cores; a rebuild also stops this job.
                let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
                let index = match pool {
                    Ok(pool) => pool.install(|| job.run()),
                    Err(_) => job.run(),
                };
                if let Some(index) = index {
                    let _ = sender.send(Message::Indexed(index));
                }
            });
        }
    }
}

/// What a rebuild did, for the caller; `None` when nothing the site is made
/// from changed.
fn outcome(result: &Result<Rebuilt, Diagnostics>, was_failing: bool) -> Option<Outcome<'_>> {
    Some(match result {
        Ok(rebuilt) if rebuilt.scope == Scope::Nothing => return None,
        Ok(rebuilt) if was_failing => Outcome::Fixed {
            changed: rebuilt.changed.len(),
        },
        Ok(rebuilt) if rebuilt.changed.is_empty() => Outcome::Unchanged,
        Ok(rebuilt) => Outcome::Changed {
            scope: &rebuilt.scope,
            changed: rebuilt.changed.len(),
        },
        Err(problems) => Outcome::Failed { problems },
    })
}

/// The changed files relative to the handbook folder, sorted, each once.
fn names(root: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The last rebuild the terminal has a line for.
struct Reported {
    /// When it was reported.
    at: Instant,
    /// The files it was for.
    paths: Vec<PathBuf>,
}

impl Reported {
    /// Whether a rebuild for `paths` at `now` that changed nothing is the
    /// tail of this one (see [`ECHO`]).
    fn echoed_by(&self, paths: &[PathBuf], now: Instant) -> bool {
        now.saturating_duration_since(self.at) < ECHO
            && paths.iter().all(|path| self.paths.contains(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_quick_repeat_for_the_same_files_is_an_echo() {
        let at = Instant::now();
        let (page, other) = (PathBuf::from("/h/content/a.md"), PathBuf::from("/h/b.md"));
        let reported = Reported {
            at,
            paths: vec![page.clone(), other.clone()],
        };
        let soon = at + Duration::from_millis(200);
        assert!(reported.echoed_by(std::slice::from_ref(&page), soon));
        assert!(reported.echoed_by(&[page.clone(), other.clone()], soon));
        // Another file, or the same file saved again later, is a save of its
        // own.
        let third = PathBuf::from("/h/content/c.md");
        assert!(!reported.echoed_by(&[page.clone(), third], soon));
        assert!(!reported.echoed_by(&[page], at + ECHO));
    }

    #[test]
    fn changed_files_are_named_from_the_handbook_folder() {
        let root = Path::new("/h");
        let paths = [
            PathBuf::from("/h/content/b.md"),
            PathBuf::from("/h/content/a.md"),
            PathBuf::from("/h/content/b.md"),
            PathBuf::from("/elders/c.md"),
        ];
        assert_eq!(
            names(root, &paths),
            ["/elders/c.md", "content/a.md", "content/b.md"]
        );
    }
}
