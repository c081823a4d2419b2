//! `bekwaam serve`: the handbook built in memory, served over HTTP, rebuilt
//! the moment a file is saved, with open browser tabs told to reload.
//!
//! ```text
//! watch (notify) ─► rebuild loop ─► Live::update ─► Snapshot ─┬─► http (hyper)
//!                        │                                    └─► events hub ─► tabs
//!                        └─► Event ─► the caller (the command line prints it)
//! ```
//!
//! The rooms: [`watch`] (which files changed), [`rebuild`] (the loop that
//! wires the rest together), [`http`] (the answers, the snapshot they read,
//! replies in [`reply`], request targets in [`request`], host names in
//! [`host`]), [`listen`] (the connections and their bounds), [`events`] (the
//! event streams to open tabs), [`overlay`] (what those events say) and
//! [`warnings`] (which warnings are new and which were fixed).
//! This file starts them and says what happened as [`Event`]s; it never
//! prints, and a condition the preview cannot go on from ends [`serve`]
//! with an [`Error`].
//!
//! Nothing is written to disk. The HTTP side (hyper, on a small tokio
//! runtime of its own) only reads the current snapshot, an immutable value
//! swapped in whole after each rebuild, so a request sees either the old
//! site or the new one.
//!
//! Limits (see [`listen`]): at most [`MAX_CONNECTIONS`] connections; a
//! request head within [`HEAD_TIMEOUT`] and [`MAX_HEAD_BYTES`]; bodies are
//! never read; every response ends its connection (see [`reply`]); writes to
//! clients that stopped reading fail after [`SOCKET_TIMEOUT`]; at most
//! [`MAX_CLIENTS`] event streams, each with a small queue of its own that a
//! rebuild never waits for (see [`events`]).

mod browser;
mod events;
mod host;
mod http;
mod linked;
mod listen;
mod overlay;
mod rebuild;
mod reply;
pub mod request;
mod warnings;
mod watch;

pub use events::MAX_CLIENTS;
pub use listen::{HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES, SOCKET_TIMEOUT};

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, io_reason};
pub use crate::live::Scope;
use crate::live::{Live, Rebuilt};
use crate::{BuildOptions, Stats};
use rebuild::{Message, Rebuilder};

/// Where to listen and what to do after starting.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to listen on.
    pub interface: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Host names to answer besides this machine's own (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// Show the drafts too, marked as drafts (`--drafts`).
    pub drafts: bool,
}

/// What the preview did, told to the caller of [`serve`] as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// The first build worked; the site is served.
    Built {
        /// How long the build took.
        took: Duration,
        /// Its counts and warnings (every warning is new).
        summary: Summary<'a>,
    },
    /// The first build failed: tabs see the problems until they are fixed.
    NotBuilt {
        /// What is wrong.
        problems: &'a Diagnostics,
    },
    /// The server listens and follows the handbook's files.
    Listening {
        /// The address of the site.
        url: &'a str,
    },
    /// `open` was asked for, but the browser could not be opened.
    NoBrowser {
        /// The address to open by hand.
        url: &'a str,
        /// Why, as the system says it.
        error: String,
    },
    /// A source folder could not be watched: changes in it go unseen.
    NotWatched {
        /// The folder's name (`content`, ...).
        folder: &'static str,
        /// Why, as the system says it.
        error: String,
    },
    /// Saved files were built again.
    Rebuilt {
        /// The files, relative to the handbook folder, sorted.
        files: Vec<String>,
        /// How long the rebuild took.
        took: Duration,
        /// What it did.
        outcome: Outcome<'a>,
        /// The counts and warnings of the site as it is now; `None` when
        /// the build failed.
        summary: Option<Summary<'a>>,
    },
}

/// The counts and warnings of a site that was built, with the warnings that
/// differ from those told before: what `bekwaam check` would warn about,
/// told in parts.
#[derive(Debug)]
pub struct Summary<'a> {
    /// Counts of the site.
    pub stats: Stats,
    /// Every warning, sorted.
    pub warnings: &'a [Diagnostic],
    /// The warnings not told before, sorted. A warning that only moved
    /// (lines were added above it) is not new.
    pub new: Vec<&'a Diagnostic>,
    /// The warnings told before that are gone, sorted.
    pub fixed: Vec<Diagnostic>,
}

impl<'a> Summary<'a> {
    /// The summary of `rebuilt`, against the warnings `told` before.
    fn of(rebuilt: &'a Rebuilt, told: &[Diagnostic]) -> Summary<'a> {
        let (new, fixed) = warnings::compare(told, &rebuilt.warnings);
        Summary {
            stats: rebuilt.stats,
            warnings: &rebuilt.warnings,
            new,
            fixed,
        }
    }

    /// Whether there is no warning to tell.
    pub fn nothing_new(&self) -> bool {
        self.new.is_empty() && self.fixed.is_empty()
    }
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// The site changed.
    Changed {
        /// Which stages ran again.
        scope: &'a Scope,
        /// Files of the site that changed.
        changed: usize,
    },
    /// The site is the same as before.
    Unchanged,
    /// The handbook builds again after a failed build.
    Fixed {
        /// Files of the site that changed.
        changed: usize,
    },
    /// The build failed; tabs keep the last site that worked, with the
    /// problems over it.
    Failed {
        /// What is wrong.
        problems: &'a Diagnostics,
    },
}

/// Why the preview stopped.
#[derive(Debug)]
pub enum Error {
    /// It could not start (the folder, the port, the file watcher).
    Start(Diagnostics),
    /// The thread that accepts connections stopped. A failing `accept`
    /// (such as with too many open files) does not stop it, it waits and
    /// tries again; so this is only a bug. A new `bekwaam serve` is needed.
    Listener(std::io::Error),
}

impl From<Diagnostic> for Error {
    fn from(problem: Diagnostic) -> Error {
        Error::Start(problem.into())
    }
}

/// Runs the preview server until it cannot go on; `tell` hears what
/// happens, on the calling thread.
pub fn serve(
    root: &Path,
    options: &ServeOptions,
    mut tell: impl FnMut(Event<'_>),
) -> Result<(), Error> {
    let root = root.canonicalize().map_err(|error| {
        Diagnostic::general(format!(
            "kan de map {} niet openen: {}",
            root.display(),
            io_reason(&error)
        ))
        .with_help("geef met --root de map van het handboek (met config.toml en content/)")
    })?;
    let listener = http::bind(options)?;
    let address = listener.local_addr().map_err(|e| {
        Diagnostic::general(format!(
            "kan het adres van de server niet lezen: {}",
            io_reason(&e)
        ))
    })?;
    let url = http::site_url(address);

    let mut live = Live::new(
        &root,
        BuildOptions {
            base_url: Some(url.clone()),
            // Served over HTTP: links stay as they are, whatever config.toml says.
            portable: false,
            check: false,
            drafts: options.drafts,
        },
    );
    let started = Instant::now();
    let first = live.full();
    // The first site is served with its search index.
    let first = first.map(|built| live.index().unwrap_or(built));
    let server = Arc::new(http::Server::new(options));
    let told = match &first {
        Ok(rebuilt) => {
            tell(Event::Built {
                took: started.elapsed(),
                summary: Summary::of(rebuilt, &[]),
            });
            rebuilt.warnings.clone()
        }
        Err(problems) => {
            tell(Event::NotBuilt { problems });
            Vec::new()
        }
    };
    server.publish(first);

    let (sender, changes) = mpsc::channel();
    let changed = sender.clone();
    let mut watch = watch::Watch::start(&root, move |paths| {
        let _ = changed.send(Message::Changed(paths));
    })?;
    for unwatched in watch.refresh(&[]) {
        tell(Event::NotWatched {
            folder: unwatched.folder,
            error: unwatched.error,
        });
    }
    let stopped = sender.clone();
    listen::start(&server, listener, move |error| {
        let _ = stopped.send(Message::Stopped(error));
    })?;
    http::start_heartbeat(&server);

    tell(Event::Listening { url: &url });
    if options.open
        && let Err(error) = browser::open(&url)
    {
        tell(Event::NoBrowser { url: &url, error });
    }

    Rebuilder {
        root,
        live,
        server,
        watch,
        changes,
        sender,
        told,
        tell: &mut tell,
    }
    .run()
}
