//! The HTTP side: the listening socket, the answer to each request from the
//! current [`Snapshot`], and the swap of a new snapshot after each rebuild,
//! which also tells the open tabs (through the [`events::Hub`]). The
//! connections themselves are in [`super::listen`].
//!
//! Requests only ever read a snapshot, an immutable value swapped in whole,
//! so a request sees either the old site or the new one. Every response ends
//! its connection (see [`super::reply`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use hyper::header::{CONTENT_LENGTH, HOST, IF_NONE_MATCH, TRANSFER_ENCODING};
use hyper::{Method, Request, Version};

use super::host::{self, Hosts};
use super::overlay::{change_json, notice_json, report_json};
use super::reply::{Piece, Reply};
use super::request::{self, Refusal};
use super::{ServeOptions, events, warnings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::live::{Rebuilt, Scope};
use crate::output::{Bytes, Output};
use crate::render::CONTENT_SECURITY_POLICY;

/// The preview script, served at [`SCRIPT_PATH`] and named in every page.
const SCRIPT: &str = include_str!("live.js");
const SCRIPT_PATH: &str = "__bekwaam/live.js";
const EVENTS_PATH: &str = "__bekwaam/events";
/// What goes into every served HTML page, before `</head>`.
const SCRIPT_TAG: &str = "<script src=\"/__bekwaam/live.js\" defer></script>";

/// The site as requests see it, swapped in whole after each rebuild.
pub(super) struct Snapshot {
    output: Output,
    /// File → generation in which it last changed (for `ETag`).
    changed_in: HashMap<String, u64>,
    generation: u64,
    /// The overlay payload while the handbook does not build.
    problems: Option<String>,
    /// The notice payload: the warnings of the last site that was built.
    notice: String,
}

/// What the workers share: the current snapshot and the open event streams.
pub(super) struct Server {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: events::Hub,
    /// The host names requests may use (DNS rebinding).
    hosts: Hosts,
    /// Distinguishes this run's ETags from an earlier run's.
    instance: u64,
}

impl Server {
    /// A server with no site yet, for the address and names of `options`.
    pub(super) fn new(options: &ServeOptions) -> Server {
        Server {
            snapshot: RwLock::new(Arc::new(Snapshot {
                output: Output::new(),
                changed_in: HashMap::new(),
                generation: 0,
                problems: None,
                notice: notice_json(&[], warnings::key(&[])),
            })),
            hub: events::Hub::default(),
            hosts: Hosts::new(options.interface, &options.allow_hosts),
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
                let notice = notice_json(&rebuilt.warnings, warnings::key(&rebuilt.warnings));
                let new_notice = notice != old.notice;
                if rebuilt.changed.is_empty() && !fixed && !new_notice && old.generation > 0 {
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
                    notice: notice.clone(),
                });
                // Tabs that reload read the new notice when they connect again.
                let mut message = String::new();
                if new_notice {
                    message.push_str(&events::event("warnings", &notice));
                }
                // A new search index alone is nothing to show.
                let index_only = rebuilt.scope == Scope::Index && !fixed;
                if !index_only {
                    message.push_str(&events::event(
                        "reload",
                        &change_json(generation, &rebuilt.changed, rebuilt.search_dir, fixed),
                    ));
                }
                if !message.is_empty() {
                    self.hub.send(&message);
                }
            }
            Err(problems) => {
                let json = report_json(&problems);
                *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Snapshot {
                    output: old.output.clone(),
                    changed_in: old.changed_in.clone(),
                    generation: old.generation,
                    problems: Some(json.clone()),
                    notice: old.notice.clone(),
                });
                self.hub.send(&events::event("problems", &json));
            }
        }
    }

    /// The answer to `request`. Its body, if any, is never read: the only
    /// requests answered are `GET` and `HEAD`, which have none, and a
    /// request that announces one anyway is refused.
    pub(super) fn answer<B>(&self, request: &Request<B>) -> Reply {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return Reply::text(405, "Alleen GET en HEAD.").header("Allow", "GET, HEAD");
        }
        if has_body(request) {
            return Reply::text(400, "Een GET- of HEAD-aanvraag heeft geen inhoud.");
        }
        let host = request
            .headers()
            .get(HOST)
            .map(|h| h.to_str().unwrap_or(""));
        match host {
            None if request.version() != Version::HTTP_10 => {
                return Reply::text(400, "De Host-regel ontbreekt.");
            }
            Some(host) if !self.hosts.allows(host) => {
                return Reply::text(403, &host::refusal(host));
            }
            _ => {}
        }
        let uri = request.uri();
        // Only origin-form targets (`/path?query`): `http://host/path` is
        // refused as malformed.
        let target = match uri.path_and_query() {
            _ if uri.scheme().is_some() || uri.authority().is_some() => "",
            Some(target) => target.as_str(),
            None => uri.path(),
        };
        let key = match request::resolve(target) {
            Ok(key) => key,
            Err(Refusal::BadRequest) => return Reply::text(400, "Dit adres klopt niet."),
            Err(Refusal::NotFound) => return self.not_found(&self.current()),
        };
        let snapshot = self.current();
        match key.as_str() {
            EVENTS_PATH if request.method() == Method::GET => self.events(&snapshot),
            SCRIPT_PATH => {
                let etag = format!("\"{:x}-script\"", self.instance);
                let reply = if not_modified(request, &etag) {
                    Reply::empty(304)
                } else {
                    Reply::empty(200)
                        .header("Content-Type", "text/javascript; charset=utf-8")
                        .body(Piece::Static(SCRIPT.as_bytes()))
                };
                reply
                    .header("ETag", &etag)
                    .header("Cache-Control", "no-cache")
            }
            _ => self.file(request, target, &snapshot, &key),
        }
    }

    /// A new event stream, or 503 if there are too many.
    fn events(&self, snapshot: &Snapshot) -> Reply {
        let mut first = events::event(
            "hello",
            &format!("{{\"generation\":{}}}", snapshot.generation),
        );
        first.push_str(&events::event("warnings", &snapshot.notice));
        if let Some(problems) = &snapshot.problems {
            first.push_str(&events::event("problems", problems));
        }
        match self.hub.add(&first) {
            Some(queue) => Reply::events(queue),
            None => Reply::text(503, "Er zijn te veel tabbladen open met deze preview.")
                .header("Retry-After", "5"),
        }
    }

    /// A file of the site, a redirect to a folder's page, or the 404 page.
    fn file<B>(&self, request: &Request<B>, target: &str, snapshot: &Snapshot, key: &str) -> Reply {
        let Some(bytes) = snapshot.output.shared(key) else {
            // `/competenties/x` → `/competenties/x/`.
            let folder_page = format!("{key}/index.html");
            if !key.ends_with("index.html") && snapshot.output.contains(&folder_page) {
                let path = target.split('?').next().unwrap_or("/");
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
            _ => Diagnostic::general(format!(
                "kan niet luisteren op {place}: {}",
                crate::diagnostics::io_reason(&error)
            ))
                .with_help("controleer het adres bij -i, of laat -i weg voor 127.0.0.1"),
        }
    })?;
    Ok(listener)
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
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
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
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("Cache-Control", "no-cache")
        .body(Piece::Owned(html.into_bytes()))
}

fn not_modified<B>(request: &Request<B>, etag: &str) -> bool {
    request
        .headers()
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.split(',').any(|tag| tag.trim() == etag))
}

/// Whether a request announces a body: a `Content-Length` other than 0, or
/// any `Transfer-Encoding`.
fn has_body<B>(request: &Request<B>) -> bool {
    let headers = request.headers();
    headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get_all(CONTENT_LENGTH)
            .iter()
            .any(|length| length.as_bytes().iter().any(|b| *b != b'0'))
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
