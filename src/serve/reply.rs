//! Responses: a status, headers and a body that is either the site's own
//! shared bytes (no copy) or an event stream.
//!
//! Every response says `Connection: close` and its connection ends after it
//! (hyper honours the header): a connection answers one request. That keeps
//! what a client can hold simple to bound (see [`super::listen`]), and a
//! preview on one's own machine loses nothing measurable by it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::mpsc;

/// A piece of a response body.
pub(super) enum Piece {
    /// Shared bytes of the site, or a range of them.
    Shared(crate::output::Bytes, usize, usize),
    /// Bytes that are part of the program.
    Static(&'static [u8]),
    /// Bytes made for this response.
    Owned(Vec<u8>),
}

impl Piece {
    fn into_bytes(self) -> Bytes {
        match self {
            Piece::Shared(bytes, start, end) => {
                Bytes::from_owner(SharedBytes(bytes)).slice(start..end)
            }
            Piece::Static(bytes) => Bytes::from_static(bytes),
            Piece::Owned(bytes) => Bytes::from(bytes),
        }
    }
}

/// The site's bytes as the owner of a [`Bytes`], so no copy is made.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A response body.
pub(super) enum Body {
    /// Pieces that are all there.
    Full(VecDeque<Bytes>),
    /// Messages of an event stream, as they come; ends when the queue's
    /// sender is dropped.
    Events(mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(pieces) => Poll::Ready(pieces.pop_front().map(|b| Ok(Frame::data(b)))),
            Body::Events(queue) => queue
                .poll_recv(cx)
                .map(|message| message.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(pieces) if pieces.is_empty())
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(pieces) => SizeHint::with_exact(pieces.iter().map(|p| p.len() as u64).sum()),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

/// A response: status, headers and body.
pub(super) struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<Piece>,
    events: Option<mpsc::Receiver<Bytes>>,
}

impl Reply {
    /// A response without a body.
    pub(super) fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            events: None,
        }
    }

    /// A short text for people (errors).
    pub(super) fn text(status: u16, message: &str) -> Reply {
        Reply::empty(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Content-Type-Options", "nosniff")
            .body(Piece::Owned(format!("{message}\n").into_bytes()))
    }

    /// An event stream fed by `queue`.
    pub(super) fn events(queue: mpsc::Receiver<Bytes>) -> Reply {
        let mut reply = Reply::empty(200)
            .header("Content-Type", "text/event-stream; charset=utf-8")
            .header("Cache-Control", "no-cache")
            .header("X-Content-Type-Options", "nosniff");
        reply.events = Some(queue);
        reply
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

    /// The response as hyper sends it. Hyper leaves out the body of an
    /// answer to `HEAD` itself, and keeps its `Content-Length`.
    pub(super) fn into_response(self) -> Response<Body> {
        let length: usize = self.body.iter().map(|p| p.len()).sum();
        let full = self.events.is_none();
        let body = match self.events {
            Some(queue) => Body::Events(queue),
            None => Body::Full(self.body.into_iter().map(Piece::into_bytes).collect()),
        };
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.append(name, value);
            }
        }
        if full {
            headers.insert(hyper::header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        headers.insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
        response
    }
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Shared(_, start, end) => end - start,
            Piece::Static(bytes) => bytes.len(),
            Piece::Owned(bytes) => bytes.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_has_its_length_and_closes() {
        let reply = Reply::text(404, "Niet gevonden.")
            .header("Location", "ja\r\nSet-Cookie: nee")
            .body(Piece::Static(b"!"))
            .into_response();
        assert_eq!(reply.status(), 404);
        let headers = reply.headers();
        assert_eq!(
            headers["location"], "jaSet-Cookie: nee",
            "no header injection"
        );
        assert_eq!(headers["content-length"], "16");
        assert_eq!(headers["connection"], "close");
        let Body::Full(pieces) = reply.into_body() else {
            panic!("a full body")
        };
        let body: Vec<u8> = pieces.iter().flat_map(|p| p.to_vec()).collect();
        assert_eq!(body, b"Niet gevonden.\n!");
    }

    #[test]
    fn shared_pieces_are_ranges_of_the_site_bytes() {
        let bytes = Arc::new(b"<head></head>".to_vec());
        let piece = Piece::Shared(Arc::clone(&bytes), 6, 13);
        assert_eq!(piece.len(), 7);
        assert_eq!(&piece.into_bytes()[..], b"</head>");
    }
}
