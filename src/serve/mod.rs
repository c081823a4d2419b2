//! `bekwaam serve`: the handbook built in memory, served over HTTP, rebuilt
//! the moment a file is saved, with open browser tabs told to reload.
//!
//! ```text
//! notify (debounced) ─► rebuild loop ─► Live::update ─► Snapshot ─┬─► HTTP workers
//!                                                                 └─► SSE hub ─► tabs
//! ```
//!
//! Nothing is written to disk. The HTTP side (`tiny_http`) only reads the
//! current [`Snapshot`], an immutable value swapped in whole after each
//! rebuild, so a request sees either the old site or the new one.
//!
//! Limits: a fixed number of workers answers requests (all from memory);
//! event streams are bare writers in the [`events::Hub`], not threads, and at
//! most [`events::MAX_CLIENTS`]; request heads over [`MAX_HEAD_BYTES`] are
//! refused; every response ends its connection (see [`reply`]) and writes to
//! clients that stopped reading fail after [`SOCKET_TIMEOUT`].
//! `tiny_http` itself still starts a thread per connection and reads a request
//! head fully before Bekwaam sees it; see the README.

mod events;
mod reply;
pub mod request;

pub use events::MAX_CLIENTS;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use serde::Serialize;
use tiny_http::Method;

use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::live::{Live, Rebuilt, Scope};
use crate::output::{Bytes, Output};
use reply::{Piece, Reply};
use request::Refusal;

/// The preview script, served at [`SCRIPT_PATH`] and named in every page.
const SCRIPT: &str = include_str!("live.js");
const SCRIPT_PATH: &str = "__bekwaam/live.js";
const EVENTS_PATH: &str = "__bekwaam/events";
/// What goes into every served HTML page, before `</head>`.
const SCRIPT_TAG: &str = "<script src=\"/__bekwaam/live.js\" defer></script>";

/// Request heads (target and headers) larger than this are refused (431).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// A write that makes no progress for this long fails (a client that stopped
/// reading). Set on the listening socket and inherited by its connections; a
/// receive timeout cannot be set that way, as it would also time out `accept`.
pub const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);
/// Threads answering requests.
const WORKERS: usize = 8;
/// Saves that come this close together are one change.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// After a failed rebuild, changes that follow within this time are built
/// before the error is shown.
const SETTLE: Duration = Duration::from_millis(60);
/// A rebuild that changes nothing, for files the rebuild just before had
/// too, within this time, is the tail of the same save and adds no line to
/// the terminal: editors that write a file twice (rename, then write) have
/// the two writes split over two rebuilds on a busy machine.
const ECHO: Duration = Duration::from_secs(1);
/// Changed pages listed by name in a reload event; more means "all".
const MAX_LISTED_PAGES: usize = 500;

/// Where to listen and what to do after starting.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to listen on.
    pub interface: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// One file as served: shared bytes and the generation it last changed in.
struct Snapshot {
    output: Output,
    /// File → generation in which it last changed (for `ETag`).
    changed_in: HashMap<String, u64>,
    generation: u64,
    /// The overlay payload while the handbook does not build.
    problems: Option<String>,
}

struct Server {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: events::Hub,
    /// Refuse requests for other host names (DNS rebinding).
    loopback: bool,
    /// Distinguishes this run's ETags from an earlier run's.
    instance: u64,
}

/// Runs the preview server until the process is stopped.
pub fn serve(root: &Path, options: &ServeOptions) -> Result<(), Diagnostics> {
    let root = root.canonicalize().map_err(|error| {
        Diagnostic::general(format!(
            "kan de map {} niet openen: {error}",
            root.display()
        ))
        .with_help("geef met --root de map van het handboek (met config.toml en content/)")
    })?;
    let listener = bind(options)?;
    let address = listener
        .local_addr()
        .map_err(|e| Diagnostic::general(format!("kan het adres van de server niet lezen: {e}")))?;
    let url = site_url(address);

    let mut live = Live::new(
        &root,
        BuildOptions {
            base_url: Some(url.clone()),
            // Served over HTTP: links stay as they are, whatever config.toml says.
            portable: false,
            check: false,
        },
    );
    let started = Instant::now();
    let first = live.full();
    // The first site is served with its search index.
    let first = first.map(|built| live.index().unwrap_or(built));
    let server = Arc::new(Server {
        snapshot: RwLock::new(Arc::new(Snapshot {
            output: Output::new(),
            changed_in: HashMap::new(),
            generation: 0,
            problems: None,
        })),
        hub: events::Hub::default(),
        loopback: options.interface.is_loopback(),
        instance: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    });
    match first {
        Ok(rebuilt) => {
            println!(
                "Gebouwd: {} pagina's, {} competenties in {} ms.",
                rebuilt.stats.pages,
                rebuilt.stats.competencies,
                started.elapsed().as_millis()
            );
            server.publish(Ok(rebuilt));
        }
        Err(problems) => {
            print_problems(&problems);
            server.publish(Err(problems));
        }
    }

    let (sender, changes) = mpsc::channel();
    let mut watcher = Watch::start(&root, sender.clone())?;
    start_http(&server, listener)?;
    start_heartbeat(&server);

    println!("Bekwaam toont het handboek op {url}");
    println!(
        "Wijzigingen in content/, static/, templates/, themes/ en config.toml verschijnen meteen. Stoppen: Ctrl+C."
    );
    if options.open
        && let Err(error) = opener::open(&url)
    {
        println!("Kan de browser niet openen ({error}); open {url} zelf.");
    }

    // The rebuild loop: one rebuild per batch of changes; changes that arrive
    // during a rebuild make the next batch.
    let mut reported: Option<Reported> = None;
    loop {
        let mut paths = match changes.recv() {
            Ok(Message::Changed(paths)) => paths,
            Ok(Message::Indexed(index)) => {
                // Tabs already reloaded; an open tab reads the new index
                // when it searches.
                if let Some(indexed) = live.add_index(index) {
                    server.publish(Ok(indexed));
                }
                start_index(&mut live, &sender);
                continue;
            }
            Err(_) => break,
        };
        while let Ok(more) = changes.try_recv() {
            match more {
                Message::Changed(more) => paths.extend(more),
                // Made for the site as it still is: it goes in.
                Message::Indexed(index) => {
                    if let Some(indexed) = live.add_index(index) {
                        server.publish(Ok(indexed));
                    }
                }
            }
        }
        paths.retain(|path| crate::live::matters(&root, path));
        if paths.is_empty() {
            continue;
        }
        watcher.refresh();
        let started = Instant::now();
        let mut result = live.update(&paths);
        // A file read while an editor was still writing it (slowly, or on a
        // busy machine) can look broken: if more changes follow at once,
        // build again before showing anyone an error.
        while result.is_err()
            && let Ok(more) = changes.recv_timeout(SETTLE)
        {
            if let Message::Changed(more) = more {
                paths.extend(more);
                paths.retain(|path| crate::live::matters(&root, path));
                result = live.update(&paths);
            }
        }
        let took = started.elapsed();
        let was_failing = server.current().problems.is_some();
        let nothing_changed = result.as_ref().is_ok_and(|r| r.changed.is_empty());
        let now = Instant::now();
        let echo = nothing_changed
            && !was_failing
            && reported.as_ref().is_some_and(|r| r.echoed_by(&paths, now));
        if !echo {
            report(&root, &paths, &result, took, was_failing);
            reported = Some(Reported { at: now, paths });
        }
        server.publish(result);
        start_index(&mut live, &sender);
    }
    Ok(())
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

/// What the rebuild loop hears about.
enum Message {
    /// Files changed.
    Changed(Vec<PathBuf>),
    /// A search index was made.
    Indexed(crate::live::Index),
}

/// Makes the search index on a thread of its own, if it is out of date.
fn start_index(live: &mut Live, sender: &mpsc::Sender<Message>) {
    if let Some(job) = live.index_job() {
        let sender = sender.clone();
        std::thread::spawn(move || {
            // One thread of its own, so a rebuild that comes meanwhile keeps
            // the other cores; a rebuild also stops this job.
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

/// The address browsers should use for `address`.
fn site_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", address.port())
}

fn bind(options: &ServeOptions) -> Result<TcpListener, Diagnostic> {
    let listener = TcpListener::bind((options.interface, options.port)).map_err(|error| {
        let place = SocketAddr::new(options.interface, options.port);
        match error.kind() {
            std::io::ErrorKind::AddrInUse => Diagnostic::general(format!(
                "poort {} is al in gebruik (door een ander programma of een andere preview)",
                options.port
            ))
            .with_help(format!(
                "stop dat programma, of kies een andere poort: `bekwaam serve -p {}`, of `-p 0` voor een vrije poort",
                options.port.wrapping_add(1).max(1024)
            )),
            std::io::ErrorKind::PermissionDenied => Diagnostic::general(format!(
                "geen toestemming om te luisteren op {place}"
            ))
            .with_help("kies een poort boven 1024, bijvoorbeeld `-p 1111`"),
            _ => Diagnostic::general(format!("kan niet luisteren op {place}: {error}"))
                .with_help("controleer het adres bij -i, of laat -i weg voor 127.0.0.1"),
        }
    })?;
    set_socket_timeouts(&listener);
    Ok(listener)
}

/// Sets a send timeout and `TCP_NODELAY` on the listening socket; on Linux
/// the connections it accepts inherit them. Failing to set them is not
/// fatal: the preview still works, only less well under load.
fn set_socket_timeouts(listener: &TcpListener) {
    let socket = socket2::SockRef::from(listener);
    let _ = socket.set_write_timeout(Some(SOCKET_TIMEOUT));
    // A response head and body are separate writes; without TCP_NODELAY,
    // Nagle's algorithm and the client's delayed ACK hold the body back by
    // 40 ms.
    let _ = socket.set_tcp_nodelay(true);
}

fn start_http(server: &Arc<Server>, listener: TcpListener) -> Result<(), Diagnostic> {
    let http = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Diagnostic::general(format!("kan de server niet starten: {e}")))?;
    let http = Arc::new(http);
    for _ in 0..WORKERS {
        let (http, server) = (Arc::clone(&http), Arc::clone(server));
        std::thread::spawn(move || {
            loop {
                match http.recv() {
                    Ok(request) => server.handle(request),
                    // tiny_http's accept loop ends for good at the first
                    // accept error (such as too many open files): say so and
                    // stop, rather than serve nothing.
                    Err(error) => {
                        eprintln!(
                            "De preview kan geen verbindingen meer aannemen ({error}). Start `bekwaam serve` opnieuw."
                        );
                        std::process::exit(1);
                    }
                }
            }
        });
    }
    Ok(())
}

fn start_heartbeat(server: &Arc<Server>) {
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(15));
            server.hub.send(": bekwaam\n\n");
        }
    });
}

/// The problems as the overlay shows them.
#[derive(Serialize)]
struct Report {
    title: &'static str,
    intro: &'static str,
    close: &'static str,
    problems: Vec<ReportItem>,
}

#[derive(Serialize)]
struct ReportItem {
    place: Option<String>,
    message: String,
    help: Option<String>,
}

fn report_json(problems: &Diagnostics) -> String {
    let problems = problems
        .clone()
        .into_sorted()
        .into_iter()
        .map(|d| ReportItem {
            place: d.location.as_ref().map(|l| match l.position {
                Some((line, col)) => format!("{}:{line}:{col}", l.path.display()),
                None => l.path.display().to_string(),
            }),
            message: d.message,
            help: d.help,
        })
        .collect();
    let report = Report {
        title: "Het handboek kan niet gebouwd worden",
        intro: "Je ziet de laatste versie die wel werkte. Verbeter het bestand en sla het op; deze pagina laadt dan vanzelf opnieuw.",
        close: "Verbergen",
        problems,
    };
    serde_json::to_string(&report).unwrap_or_else(|_| "{}".into())
}

/// The reload event: which pages, style sheets and other files changed.
#[derive(Serialize)]
struct Change {
    generation: u64,
    /// Changed pages as URL paths; `None` when there are too many to list.
    pages: Option<Vec<String>>,
    styles: Vec<String>,
    /// Other files (images, scripts) changed: every tab reloads.
    assets: bool,
    /// The handbook builds again after a failed build.
    fixed: bool,
}

impl Server {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Makes a rebuild's result what requests see, and tells the tabs.
    fn publish(&self, result: Result<Rebuilt, Diagnostics>) {
        let old = self.current();
        let generation = old.generation + 1;
        match result {
            Ok(rebuilt) => {
                let fixed = old.problems.is_some();
                if rebuilt.changed.is_empty() && !fixed && old.generation > 0 {
                    return;
                }
                let mut changed_in = HashMap::with_capacity(rebuilt.output.len());
                for (path, _) in rebuilt.output.entries() {
                    let since = old.changed_in.get(path).copied().unwrap_or(generation);
                    changed_in.insert(path.clone(), since);
                }
                for path in &rebuilt.changed {
                    changed_in.insert(path.clone(), generation);
                }
                *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
                    output: rebuilt.output,
                    changed_in,
                    generation,
                    problems: None,
                });
                // A new search index alone is nothing to show.
                let index_only = rebuilt.scope == Scope::Index && !fixed;
                if !index_only {
                    self.hub.send(&events::event(
                        "reload",
                        &change_json(generation, &rebuilt.changed, rebuilt.search_dir, fixed),
                    ));
                }
            }
            Err(problems) => {
                let json = report_json(&problems);
                *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
                    output: old.output.clone(),
                    changed_in: old.changed_in.clone(),
                    generation: old.generation,
                    problems: Some(json.clone()),
                });
                self.hub.send(&events::event("problems", &json));
            }
        }
    }

    fn handle(&self, request: tiny_http::Request) {
        if !matches!(request.method(), Method::Get | Method::Head) {
            Reply::text(405, "Alleen GET en HEAD.")
                .header("Allow", "GET, HEAD")
                .send(request);
            return;
        }
        let head_bytes = request.url().len()
            + request
                .headers()
                .iter()
                .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
                .sum::<usize>();
        if head_bytes > MAX_HEAD_BYTES {
            Reply::text(431, "De aanvraag is te groot.").send(request);
            return;
        }
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_string());
        match host {
            None if request.http_version() != &tiny_http::HTTPVersion(1, 0) => {
                Reply::text(400, "De Host-regel ontbreekt.").send(request);
                return;
            }
            Some(host) if self.loopback && !request::is_loopback_host(&host) => {
                Reply::text(
                    403,
                    "Deze preview is alleen te zien via localhost of 127.0.0.1.",
                )
                .send(request);
                return;
            }
            _ => {}
        }
        let key = match request::resolve(request.url()) {
            Ok(key) => key,
            Err(Refusal::BadRequest) => {
                Reply::text(400, "Dit adres klopt niet.").send(request);
                return;
            }
            Err(Refusal::NotFound) => {
                self.not_found(&self.current()).send(request);
                return;
            }
        };
        let snapshot = self.current();
        match key.as_str() {
            EVENTS_PATH if request.method() == &Method::Get => {
                let mut first = events::event(
                    "hello",
                    &format!("{{\"generation\":{}}}", snapshot.generation),
                );
                if let Some(problems) = &snapshot.problems {
                    first.push_str(&events::event("problems", problems));
                }
                self.hub.add(request.into_writer(), &first);
            }
            SCRIPT_PATH => {
                let etag = format!("\"{:x}-script\"", self.instance);
                let reply = if not_modified(&request, &etag) {
                    Reply::empty(304)
                } else {
                    Reply::empty(200)
                        .header("Content-Type", "text/javascript; charset=utf-8")
                        .body(Piece::Static(SCRIPT.as_bytes()))
                };
                reply
                    .header("ETag", &etag)
                    .header("Cache-Control", "no-cache")
                    .send(request);
            }
            _ => self.file(&request, &snapshot, &key).send(request),
        }
    }

    /// A file of the site, a redirect to a folder's page, or the 404 page.
    fn file(&self, request: &tiny_http::Request, snapshot: &Snapshot, key: &str) -> Reply {
        let Some(bytes) = snapshot.output.shared(key) else {
            // `/competenties/x` → `/competenties/x/`.
            let folder_page = format!("{key}/index.html");
            if !key.ends_with("index.html") && snapshot.output.contains(&folder_page) {
                let path = request.url().split('?').next().unwrap_or("/");
                return Reply::empty(301).header("Location", &format!("{path}/"));
            }
            return self.not_found(snapshot);
        };
        let generation = snapshot.changed_in.get(key).copied().unwrap_or(0);
        let etag = format!("\"{:x}-{generation}\"", self.instance);
        if not_modified(request, &etag) {
            return Reply::empty(304)
                .header("ETag", &etag)
                .header("Cache-Control", "no-cache");
        }
        body(200, bytes, key)
            .header("ETag", &etag)
            .header("Cache-Control", "no-cache")
    }

    fn not_found(&self, snapshot: &Snapshot) -> Reply {
        match snapshot.output.shared("404.html") {
            Some(bytes) => body(404, bytes, "404.html").header("Cache-Control", "no-cache"),
            None if snapshot.problems.is_some() => waiting_page(),
            None => Reply::text(404, "Niet gevonden."),
        }
    }
}

/// A response with `bytes` as body; HTML gets the preview script.
fn body(status: u16, bytes: &Bytes, key: &str) -> Reply {
    let kind = request::content_type(key);
    let reply = Reply::empty(status)
        .header("Content-Type", &kind)
        .header("X-Content-Type-Options", "nosniff");
    if kind.starts_with("text/html") {
        let at = script_position(bytes);
        reply
            .body(Piece::Shared(Arc::clone(bytes), 0, at))
            .body(Piece::Static(SCRIPT_TAG.as_bytes()))
            .body(Piece::Shared(Arc::clone(bytes), at, bytes.len()))
    } else {
        reply.body(Piece::Shared(Arc::clone(bytes), 0, bytes.len()))
    }
}

/// Where the preview script goes: before `</head>`, else before `</body>`,
/// else at the end.
fn script_position(html: &[u8]) -> usize {
    let find = |needle: &[u8]| {
        html.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    };
    find(b"</head>")
        .or_else(|| find(b"</body>"))
        .unwrap_or(html.len())
}

/// Shown while there is no site yet because the first build failed: the
/// preview script shows the problems and reloads once they are fixed.
fn waiting_page() -> Reply {
    let html = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Bekwaam: het handboek kan niet gebouwd worden</title>{SCRIPT_TAG}</head><body><h1>Het handboek kan niet gebouwd worden</h1><p>Verbeter de fouten hieronder (ze staan ook in het venster waarin <code>bekwaam serve</code> draait). Deze pagina laadt vanzelf opnieuw.</p></body></html>"
    );
    Reply::empty(503)
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .body(Piece::Owned(html.into_bytes()))
}

fn not_modified(request: &tiny_http::Request, etag: &str) -> bool {
    request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("If-None-Match"))
        .any(|h| h.value.as_str().split(',').any(|tag| tag.trim() == etag))
}

/// The `reload` event of a rebuild: the pages and style sheets that changed,
/// whether other files did (images, scripts), and whether it fixed a broken
/// site. The search index (below `search_dir`) changes with every edit; open
/// tabs load it fresh when they search, so it asks for no reload.
fn change_json(generation: u64, changed: &[String], search_dir: &str, fixed: bool) -> String {
    let mut pages = Vec::new();
    let mut styles = Vec::new();
    let mut assets = false;
    for path in changed.iter().filter(|p| !p.starts_with(search_dir)) {
        if path.ends_with(".html") {
            pages.push(format!("/{path}"));
        } else if path.ends_with(".css") {
            styles.push(format!("/{path}"));
        } else if !matches!(path.rsplit('.').next(), Some("xml" | "json" | "txt")) {
            assets = true;
        }
    }
    let change = Change {
        generation,
        pages: (pages.len() <= MAX_LISTED_PAGES).then_some(pages),
        styles,
        assets,
        fixed,
    };
    serde_json::to_string(&change).unwrap_or_else(|_| "{}".into())
}

/// One line per rebuild: what changed, what it did, how long it took.
fn report(
    root: &Path,
    paths: &[PathBuf],
    result: &Result<Rebuilt, Diagnostics>,
    took: Duration,
    was_failing: bool,
) {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    let shown = match names.len() {
        0 => String::from("(onbekend)"),
        1..=3 => names.join(", "),
        n => format!("{} en {} andere", names[..2].join(", "), n - 2),
    };
    let ms = took.as_secs_f64() * 1000.0;
    match result {
        Ok(rebuilt) if rebuilt.scope == Scope::Nothing => {}
        Ok(rebuilt) if was_failing => {
            let n = rebuilt.changed.len();
            println!(
                "{shown}: weer in orde, {n} {} veranderd ({ms:.0} ms)",
                if n == 1 { "bestand" } else { "bestanden" }
            );
        }
        Ok(rebuilt) if rebuilt.changed.is_empty() => {
            println!("{shown}: niets veranderd ({ms:.0} ms)");
        }
        Ok(rebuilt) => {
            let what = match rebuilt.scope {
                Scope::Full => String::from("alles opnieuw gebouwd"),
                Scope::AllPages => String::from("alle pagina's opnieuw gemaakt"),
                Scope::Pages(n) => format!(
                    "{n} {} en de overzichten opnieuw gemaakt",
                    if n == 1 { "pagina" } else { "pagina's" }
                ),
                Scope::Static => String::from("statische bestanden opnieuw gekopieerd"),
                Scope::Index => String::from("zoekindex gemaakt"),
                Scope::Nothing => String::new(),
            };
            let n = rebuilt.changed.len();
            println!(
                "{shown}: {what}, {n} {} veranderd ({ms:.0} ms)",
                if n == 1 { "bestand" } else { "bestanden" }
            );
        }
        Err(problems) => {
            println!("{shown}: de bouw is mislukt ({ms:.0} ms)");
            print_problems(problems);
        }
    }
}

fn print_problems(problems: &Diagnostics) {
    for problem in problems.clone().into_sorted() {
        eprintln!("{problem}");
    }
    eprintln!(
        "De preview toont de laatste versie die werkte. Verbeter de fout en sla het bestand op."
    );
}

/// The file watcher: the handbook folder itself (for `config.toml` and
/// folders that appear) and each source folder below it, recursively.
struct Watch {
    root: PathBuf,
    debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    watched: Vec<PathBuf>,
}

const WATCHED_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

impl Watch {
    fn start(root: &Path, sender: mpsc::Sender<Message>) -> Result<Watch, Diagnostic> {
        let debouncer = notify_debouncer_full::new_debouncer(
            DEBOUNCE,
            None,
            move |result: notify_debouncer_full::DebounceEventResult| {
                let Ok(events) = result else { return };
                // Reading a file is an event too (the build's own reads):
                // only changes count.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = sender.send(Message::Changed(paths));
                }
            },
        )
        .map_err(|e| Diagnostic::general(format!("kan de bestanden niet volgen: {e}")))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            debouncer,
            watched: Vec::new(),
        };
        watch
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::general(format!("kan de map {} niet volgen: {e}", root.display()))
                    .with_help("op Linux: verhoog fs.inotify.max_user_watches")
            })?;
        watch.refresh();
        Ok(watch)
    }

    /// Watches source folders that appeared since the last call, and forgets
    /// those that are gone (a folder that comes back is watched again).
    fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let is_watched = self.watched.contains(&dir);
            match (dir.is_dir(), is_watched) {
                (true, false) => {
                    if let Err(error) = self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                        eprintln!("Let op: kan {name}/ niet volgen: {error}");
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
    fn script_goes_before_head_end() {
        assert_eq!(script_position(b"<html><head></head></html>"), 12);
        assert_eq!(script_position(b"<HTML><HEAD></HEAD></HTML>"), 12);
        assert_eq!(script_position(b"<p>x</p></body>"), 8);
        assert_eq!(script_position(b"<p>x</p>"), 8);
    }

    #[test]
    fn reload_events_name_pages_and_styles() {
        let json = change_json(
            3,
            &[
                "a/index.html".into(),
                "x.css".into(),
                "sitemap.xml".into(),
                "zoek/index.js".into(),
            ],
            "zoek/",
            false,
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["pages"][0], "/a/index.html");
        assert_eq!(value["styles"][0], "/x.css");
        assert_eq!(value["assets"], false);
        let json = change_json(4, &["img/a.png".into()], "zoek/", true);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["assets"], true);
        assert_eq!(value["fixed"], true);
    }

    #[test]
    fn overlay_payload_keeps_markup_as_text() {
        let problems: Diagnostics = Diagnostic::error(
            "content/<img src=x onerror=alert(1)>.md",
            "onbekende sleutel `<img src=x onerror=alert(1)>`",
        )
        .at(2, 1)
        .into();
        let json = report_json(&problems);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["problems"][0]["message"],
            "onbekende sleutel `<img src=x onerror=alert(1)>`"
        );
        assert_eq!(
            value["problems"][0]["place"],
            "content/<img src=x onerror=alert(1)>.md:2:1"
        );
    }
}
