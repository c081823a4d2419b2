//! Server-Sent Events to the open browser tabs.
//!
//! Each tab's `EventSource` connection is an HTTP response whose body is
//! fed by a small queue of its own ([`QUEUE`] messages). The hub only ever
//! puts messages into those queues without waiting ([`Hub::send`] never
//! blocks), so a tab that stops reading can never hold up a rebuild: once its
//! queue is full it is dropped, and its connection ends when the write that
//! is stuck fails ([`super::SOCKET_TIMEOUT`]). A comment line every 15
//! seconds finds connections that died without saying so.

use std::sync::Mutex;

use bytes::Bytes;
use tokio::sync::mpsc;

/// At most this many tabs get live updates at once; more are told to wait.
pub const MAX_CLIENTS: usize = 64;
/// Messages waiting for one tab; a tab with this many unread is dropped.
pub(super) const QUEUE: usize = 16;

/// The open event streams.
#[derive(Default)]
pub(super) struct Hub {
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
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
    /// Adds a stream that starts with `first` (the events that tell a new
    /// tab where things stand). Returns the stream's queue, or `None` if
    /// there are too many streams.
    pub(super) fn add(&self, first: &str) -> Option<mpsc::Receiver<Bytes>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        // Tabs whose connection ended since the last message.
        clients.retain(|client| !client.is_closed());
        if clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (sender, receiver) = mpsc::channel(QUEUE);
        let start = format!("retry: 1000\n\n{first}");
        // A new queue has room.
        sender.try_send(Bytes::from(start)).ok()?;
        clients.push(sender);
        Some(receiver)
    }

    /// Queues `message` (one or more events) for every open stream; a
    /// stream whose queue is full or whose connection ended is dropped.
    pub(super) fn send(&self, message: &str) {
        let message = Bytes::copy_from_slice(message.as_bytes());
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|client| client.try_send(message.clone()).is_ok());
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
    fn closed_and_full_streams_are_dropped_without_waiting() {
        let hub = Hub::default();
        let mut reading = hub.add("hello").unwrap();
        let closed = hub.add("").unwrap();
        let _stalled = hub.add("").unwrap();
        drop(closed);
        assert!(
            reading
                .try_recv()
                .unwrap()
                .starts_with(b"retry: 1000\n\nhello")
        );
        for _ in 0..QUEUE * 2 {
            hub.send(": ping\n\n");
            while reading.try_recv().is_ok() {}
        }
        // The closed stream went at once, the stalled one once its queue was
        // full; the one that reads stays.
        assert_eq!(hub.len(), 1);
    }

    #[test]
    fn at_most_max_clients_streams() {
        let hub = Hub::default();
        let mut open: Vec<_> = (0..MAX_CLIENTS).map(|_| hub.add("").unwrap()).collect();
        assert!(hub.add("").is_none());
        open.pop();
        assert!(hub.add("").is_some());
    }
}
