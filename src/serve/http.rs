//! The HTTP side: the listening socket, the workers that answer requests
//! from the current [`Snapshot`], and the swap of a new snapshot after each
//! rebuild, which also tells the open tabs (through the [`events::Hub`]).
//!
//! Requests only ever read a snapshot, an immutable value swapped in whole,
//! so a request sees either the old site or the new one. Every response ends
//! its connection (see [`super::reply`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tiny_http::Method;

use super::overlay::{change_json, report_json};
use super::reply::{Piece, Reply};
use super::request::{self, Refusal};
use super::{ServeOptions, events};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::live::{Rebuilt, Scope};
use crate::output::{Bytes, Output};

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

/// The site as requests see it, swapped in whole after each rebuild.
pub(super) struct Snapshot {
    output: Output,
    /// File → generation in which it last changed (for `ETag`).
    changed_in: HashMap<String, u64>,
    generation: u64,
    /// The overlay payload while the handbook does not build.
    problems: Option<String>,
}

/// What the workers share: the current snapshot and the open event streams.
pub(super) struct Server {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: events::Hub,
    /// Refuse requests for other host names (DNS rebinding).
    loopback: bool,
    /// Distinguishes this run's ETags from an earlier run's.
    instance: u64,
}

impl Server {
    /// A server with no site yet; `loopback`: it listens on a loopback
    /// address, so requests for other host names are refused.
    pub(super) fn new(loopback: bool) -> Server {
        Server {
            snapshot: RwLock::new(Arc::new(Snapshot {
                output: Output::new(),
                changed_in: HashMap::new(),
                generation: 0,
                problems: None,
            })),
            hub: events::Hub::default(),
            loopback,
            instance: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64),
        }
    }

    /// Whether the site shown is the last one that worked, with problems
    /// over it.
    pub(super) fn is_failing(&self) -> bool {
        self.current().problems.is_some()
    }

    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Makes a rebuild's result what requests see, and tells the tabs.
    pub(super) fn publish(&self, result: Result<Rebuilt, Diagnostics>) {
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

/// The address browsers should use for `address`.
pub(super) fn site_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", address.port())
}

/// The listening socket for `options`, or what to do when there is none.
pub(super) fn bind(options: &ServeOptions) -> Result<TcpListener, Diagnostic> {
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

/// Starts the workers that answer requests on `listener`. If the listener
/// stops accepting connections for good, `stopped` hears why.
pub(super) fn start(
    server: &Arc<Server>,
    listener: TcpListener,
    stopped: impl Fn(std::io::Error) + Clone + Send + 'static,
) -> Result<(), Diagnostic> {
    let http = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Diagnostic::general(format!("kan de server niet starten: {e}")))?;
    let http = Arc::new(http);
    for _ in 0..WORKERS {
        let (http, server, stopped) = (Arc::clone(&http), Arc::clone(server), stopped.clone());
        std::thread::spawn(move || {
            loop {
                match http.recv() {
                    Ok(request) => server.handle(request),
                    // tiny_http's accept loop ends for good at the first
                    // accept error (such as too many open files): say so,
                    // rather than serve nothing.
                    Err(error) => {
                        stopped(error);
                        return;
                    }
                }
            }
        });
    }
    Ok(())
}

/// A comment line to every event stream every 15 seconds, which finds
/// streams whose tab went away without saying so.
pub(super) fn start_heartbeat(server: &Arc<Server>) {
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(15));
            server.hub.send(": bekwaam\n\n");
        }
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_head_end() {
        assert_eq!(script_position(b"<html><head></head></html>"), 12);
        assert_eq!(script_position(b"<HTML><HEAD></HEAD></HTML>"), 12);
        assert_eq!(script_position(b"<p>x</p></body>"), 8);
        assert_eq!(script_position(b"<p>x</p>"), 8);
    }
}
