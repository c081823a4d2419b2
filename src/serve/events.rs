//! Server-Sent Events to the open browser tabs.
//!
//! A tab's `EventSource` connection is taken over from `tiny_http` (whose
//! chunked responses buffer 8 KB before sending anything) and kept as a bare
//! writer in a list; no thread waits on it. Every message is written to every
//! writer and flushed at once; a writer that fails (the tab was closed) is
//! dropped. A comment line every 15 seconds finds connections that died
//! without saying so. Writes cannot hang: the sockets have a send timeout.

use std::io::Write;
use std::sync::Mutex;

use super::reply::Reply;

/// At most this many tabs get live updates at once; more are told to wait.
pub const MAX_CLIENTS: usize = 64;

/// The open event streams.
#[derive(Default)]
pub(super) struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

/// One event in the wire format: `event: name` and one `data:` line.
pub(super) fn event(name: &str, data: &str) -> String {
    // JSON written by serde_json has no raw newlines, but be sure: every
    // line of data needs its own `data:` prefix.
    let mut text = format!("event: {name}\n");
    for line in data.lines() {
        text.push_str("data: ");
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text
}

impl Hub {
    /// Adds a stream; writes the response head and `first` (the events that
    /// tell a new tab where things stand). Returns false if the stream was
    /// refused (too many) or failed.
    pub(super) fn add(&self, mut writer: Box<dyn Write + Send>, first: &str) -> bool {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_CLIENTS {
            // Tabs closed since the last message are found by writing.
            clients.retain_mut(|w| w.write_all(b": ping\n\n").is_ok() && w.flush().is_ok());
        }
        if clients.len() >= MAX_CLIENTS {
            let _ = Reply::empty(503)
                .header("Retry-After", "5")
                .write_to(&mut writer, false);
            return false;
        }
        let head = "HTTP/1.1 200 OK\r\n\
                    Content-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-cache\r\n\
                    X-Content-Type-Options: nosniff\r\n\
                    Connection: close\r\n\r\n\
                    retry: 1000\n\n";
        let ok = writer.write_all(head.as_bytes()).is_ok()
            && writer.write_all(first.as_bytes()).is_ok()
            && writer.flush().is_ok();
        if ok {
            clients.push(writer);
        }
        ok
    }

    /// Sends `message` (one or more events) to every open stream.
    pub(super) fn send(&self, message: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|w| w.write_all(message.as_bytes()).is_ok() && w.flush().is_ok());
    }

    /// How many streams are open.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_have_one_data_line_per_line() {
        assert_eq!(event("reload", "{}"), "event: reload\ndata: {}\n\n");
        assert_eq!(event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn failing_streams_are_dropped() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let hub = Hub::default();
        assert!(hub.add(Box::new(Vec::new()), ""));
        assert!(!hub.add(Box::new(Broken), ""));
        assert_eq!(hub.len(), 1);
        hub.send(": ping\n\n");
        assert_eq!(hub.len(), 1);
    }
}
