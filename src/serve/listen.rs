//! The connections: accepting them, bounding what each may cost, and
//! handing their requests to the [`Server`].
//!
//! hyper parses HTTP; a small tokio runtime of its own ([`THREADS`] threads)
//! runs the accept loop and one task per connection. The file watcher and
//! the rebuild loop stay on their own threads; requests only read the
//! current snapshot. The bounds:
//!
//! - at most [`MAX_CONNECTIONS`] connections at once; more wait in the
//!   system's queue until one ends;
//! - a request head must be complete within [`HEAD_TIMEOUT`] of the
//!   connection's start and be at most [`MAX_HEAD_BYTES`] (431);
//! - a body is never read (see [`Server::answer`]);
//! - a write that makes no progress for [`SOCKET_TIMEOUT`] ends the
//!   connection (a client that stopped reading);
//! - every response ends its connection (see [`super::reply`]);
//! - when `accept` fails (such as out of file descriptors), the loop waits
//!   [`ACCEPT_PAUSE`] and tries again: the listener is never given up.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::Sleep;

use super::http::Server;
use crate::diagnostics::Diagnostic;

/// Request heads (target and headers) larger than this are refused (431).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// A write that makes no progress for this long fails (a client that stopped
/// reading), and its connection ends.
pub const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);
/// A connection must have sent its whole request head within this time.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once, event streams included.
pub const MAX_CONNECTIONS: usize = 512;
/// How long the accept loop waits after `accept` failed.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);
/// Threads of the runtime that answers requests.
const THREADS: usize = 2;

/// Starts answering connections on `listener` on threads of their own. If
/// that ever stops, `stopped` hears why.
pub(super) fn start(
    server: &Arc<Server>,
    listener: TcpListener,
    stopped: impl FnOnce(io::Error) + Send + 'static,
) -> Result<(), Diagnostic> {
    let problem = |e: io::Error| {
        Diagnostic::general(format!(
            "kan de server niet starten: {}",
            crate::diagnostics::io_reason(&e)
        ))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(THREADS)
        .thread_name("bekwaam-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(problem)?;
    listener.set_nonblocking(true).map_err(problem)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(problem)?
    };
    let server = Arc::clone(server);
    std::thread::Builder::new()
        .name("bekwaam-accept".into())
        .spawn(move || {
            // Told also if the loop ends by a panic.
            let _guard = OnExit(Some(stopped));
            runtime.block_on(accept(listener, server));
        })
        .map_err(problem)?;
    Ok(())
}

/// Calls its function when dropped.
struct OnExit<F: FnOnce(io::Error)>(Option<F>);

impl<F: FnOnce(io::Error)> Drop for OnExit<F> {
    fn drop(&mut self) {
        if let Some(stopped) = self.0.take() {
            stopped(io::Error::other("de server is gestopt"));
        }
    }
}

/// Accepts connections for good, at most [`MAX_CONNECTIONS`] at once.
async fn accept(listener: tokio::net::TcpListener, server: Arc<Server>) {
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(place) = Arc::clone(&places).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // The client gave up before its connection was accepted.
            Err(error) if is_about_one_connection(&error) => continue,
            // Out of file descriptors or memory: connections that end make
            // room again.
            Err(_) => {
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        // A response head and body are separate writes; without it, Nagle's
        // algorithm and the client's delayed ACK hold the body back by 40 ms.
        let _ = stream.set_nodelay(true);
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            serve_connection(stream, server).await;
            drop(place);
        });
    }
}

fn is_about_one_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// Answers the request on one connection.
async fn serve_connection(stream: TcpStream, server: Arc<Server>) {
    let service = hyper::service::service_fn(move |request| {
        let answer = server.answer(&request).into_response();
        async move { Ok::<_, Infallible>(answer) }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD_BYTES)
        .keep_alive(false)
        .title_case_headers(true)
        .serve_connection(TokioIo::new(Timed::new(stream)), service);
    // Errors are the client's (it went away, sent garbage, was too slow):
    // hyper has answered what can be answered.
    let _ = connection.await;
}

/// A connection whose writes fail after [`SOCKET_TIMEOUT`] without
/// progress.
struct Timed {
    stream: TcpStream,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Timed {
    fn new(stream: TcpStream) -> Timed {
        Timed {
            stream,
            stalled: None,
        }
    }

    /// `poll` of a write: a write that is pending starts (or checks) the
    /// clock; one that made progress stops it.
    fn timed<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: impl FnOnce(Pin<&mut TcpStream>, &mut Context<'_>) -> Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match poll(Pin::new(&mut self.stream), cx) {
            Poll::Pending => {
                let clock = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(SOCKET_TIMEOUT)));
                match clock.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
                    Poll::Pending => Poll::Pending,
                }
            }
            done => {
                self.stalled = None;
                done
            }
        }
    }
}

impl AsyncRead for Timed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Timed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().timed(cx, |s, cx| s.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_mut()
            .timed(cx, |s, cx| s.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().timed(cx, |s, cx| s.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().timed(cx, |s, cx| s.poll_shutdown(cx))
    }
}
