//! Writing responses, each on a connection of its own.
//!
//! `tiny_http` 0.12 parses the requests, but Bekwaam writes the responses
//! itself, with `Connection: close`, through `Request::into_writer`. The
//! reason is `tiny_http`'s pool of connection threads: it can lose a wake-up
//! when a browser opens several connections at once, and the connection left
//! in its queue only starts when another connection ends. A browser keeps
//! idle connections open for minutes, so a page could wait that long for its
//! last script. With `Connection: close` every connection ends right after
//! its response, and a queued one starts at once. (`tiny_http` does not let
//! a `Response` set `Connection`; and a receive timeout on the listening
//! socket, the other way to end idle connections, also times out `accept`,
//! which stops `tiny_http` from accepting for good.)

use std::io::Write;

use tiny_http::{Method, Request, StatusCode};

use crate::output::Bytes;

/// A piece of a response body.
pub(super) enum Piece {
    /// Shared bytes of the site, or a range of them.
    Shared(Bytes, usize, usize),
    /// Bytes that are part of the program.
    Static(&'static [u8]),
    /// Bytes made for this response.
    Owned(Vec<u8>),
}

impl Piece {
    fn bytes(&self) -> &[u8] {
        match self {
            Piece::Shared(bytes, start, end) => &bytes[*start..*end],
            Piece::Static(bytes) => bytes,
            Piece::Owned(bytes) => bytes,
        }
    }
}

/// A response: status, headers and body.
pub(super) struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<Piece>,
}

impl Reply {
    /// A response without a body.
    pub(super) fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A short text for people (errors).
    pub(super) fn text(status: u16, message: &str) -> Reply {
        Reply::empty(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .body(Piece::Owned(format!("{message}\n").into_bytes()))
    }

    /// Adds a header. Values are ours; anything that is not printable ASCII
    /// is left out rather than written into the response head.
    pub(super) fn header(mut self, name: &'static str, value: &str) -> Reply {
        let value = value
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .collect();
        self.headers.push((name, value));
        self
    }

    /// Adds a piece of body.
    pub(super) fn body(mut self, piece: Piece) -> Reply {
        self.body.push(piece);
        self
    }

    /// Writes the response and ends the connection. A client that went away
    /// meanwhile costs nothing: the error is dropped.
    pub(super) fn send(self, request: Request) {
        let head_only = request.method() == &Method::Head;
        let mut writer = request.into_writer();
        let _ = self.write_to(&mut writer, head_only);
    }

    /// Writes the response to a connection taken over from `tiny_http`.
    pub(super) fn write_to(&self, writer: &mut dyn Write, head_only: bool) -> std::io::Result<()> {
        let length: usize = self.body.iter().map(|p| p.bytes().len()).sum();
        let reason = StatusCode(self.status).default_reason_phrase();
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {length}\r\nConnection: close\r\n\r\n"
        ));
        writer.write_all(head.as_bytes())?;
        if !head_only {
            for piece in &self.body {
                writer.write_all(piece.bytes())?;
            }
        }
        writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_a_head_and_a_body_with_its_length() {
        let reply = Reply::text(404, "Niet gevonden.")
            .header("X-Test", "ja\r\nSet-Cookie: nee")
            .body(Piece::Static(b"!"));
        let mut out = Vec::new();
        reply.write_to(&mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(
            text.contains("X-Test: jaSet-Cookie: nee\r\n"),
            "no header injection: {text}"
        );
        assert!(
            text.contains("Content-Length: 16\r\nConnection: close\r\n\r\n"),
            "{text}"
        );
        assert!(text.ends_with("\r\n\r\nNiet gevonden.\n!"), "{text}");
        let mut head = Vec::new();
        Reply::text(200, "x").write_to(&mut head, true).unwrap();
        assert!(
            String::from_utf8(head)
                .unwrap()
                .ends_with("Content-Length: 2\r\nConnection: close\r\n\r\n")
        );
    }
}
