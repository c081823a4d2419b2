//! `bekwaam serve` against clients that misbehave, over raw sockets: huge
//! declared bodies, stalled bodies and heads, hundreds of silent
//! connections, a flood past the file descriptor limit, event streams that
//! stop reading, foreign host names. After each, the preview still serves
//! a real request and still shows an edit.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;

use crate::helpers::{DEADLINE, sample_copy, wait_until};
use crate::preview::{Preview, status_of};

const COMPETENCY: &str = "content/competenties/verheldert-vragen-en-behoeften.md";
const PAGE: &str = "/competenties/verheldert-vragen-en-behoeften/";

fn connect(preview: &Preview) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream
}

/// Sends `request` and reads until the server closes the connection;
/// panics if it does not close it within [`DEADLINE`].
fn exchange(preview: &Preview, request: &str) -> String {
    let mut stream = connect(preview);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => {}
        // Closed with unread bytes of the request still queued.
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!(
            "the connection was not closed: {e}; got so far:\n{}",
            String::from_utf8_lossy(&answer)
        ),
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Whether the server has closed `stream` (reading gives end of file or a
/// reset); waits at most [`DEADLINE`].
fn is_closed(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn append(root: &Path, path: &str, text: &str) {
    let mut current = std::fs::read_to_string(root.join(path)).unwrap();
    current.push_str(text);
    std::fs::write(root.join(path), current).unwrap();
}

/// The preview still answers, and an edit shows on a fresh event stream.
fn still_works(preview: &Preview, root: &Path, sentence: &str) {
    assert_eq!(preview.get("/").status, 200);
    let mut events = preview.events();
    append(root, COMPETENCY, &format!("\n{sentence}\n"));
    events.wait_for("reload", DEADLINE);
    assert!(preview.get(PAGE).text().contains(sentence));
}

#[test]
fn a_huge_declared_body_is_refused_without_reading_it() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    for request in [
        format!("GET / HTTP/1.1\r\n{host}\r\nContent-Length: 1000000000000\r\n\r\n"),
        format!("HEAD / HTTP/1.1\r\n{host}\r\nContent-Length: 5\r\n\r\nabcde"),
        format!("GET / HTTP/1.1\r\n{host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n"),
    ] {
        let answer = exchange(&preview, &request);
        assert_eq!(status_of(answer.as_bytes()), Some(400), "{answer}");
        // An answer to HEAD has no body.
        assert!(
            request.starts_with("HEAD") || answer.contains("heeft geen inhoud"),
            "{answer}"
        );
    }
    // POST with a body that never comes: refused at once, not waited for.
    let answer = exchange(
        &preview,
        &format!("POST / HTTP/1.1\r\n{host}\r\nContent-Length: 1000000000000\r\n\r\nabc"),
    );
    assert_eq!(status_of(answer.as_bytes()), Some(405), "{answer}");
    still_works(&preview, &root, "Na een enorme aanvraag.");
}

#[test]
fn stalled_bodies_and_slow_heads_stop_no_one() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    let mut stalled: Vec<TcpStream> = (0..12)
        .map(|i| {
            let mut stream = connect(&preview);
            let method = ["GET", "POST", "PUT"][i % 3];
            write!(
                stream,
                "{method} / HTTP/1.1\r\n{host}\r\nContent-Length: 1000000\r\n\r\nabc"
            )
            .unwrap();
            stream
        })
        .collect();
    let mut slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut stream = connect(&preview);
            write!(stream, "GET / HTTP/1.1\r\n{host}\r\nX-Slow: ").unwrap();
            stream
        })
        .collect();
    // Served while all of them are open.
    assert_eq!(preview.get("/").status, 200);
    // Stalled bodies are answered and closed; slow heads time out.
    for stream in stalled.iter_mut().chain(slow.iter_mut()) {
        assert!(is_closed(stream), "a connection stayed open");
    }
    still_works(&preview, &root, "Na trage verbindingen.");
}

#[test]
fn four_hundred_silent_connections_leave_room_for_a_real_request() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let silent: Vec<TcpStream> = (0..400).map(|_| connect(&preview)).collect();
    assert_eq!(preview.get("/").status, 200);
    // Served while the silent ones were still waiting, not after the server
    // gave up on them: each is still open (the real latency is measured in
    // bench/serve.py).
    for stream in &silent {
        stream.set_nonblocking(true).unwrap();
        let mut byte = [0u8; 1];
        let open = matches!(
            (&*stream).read(&mut byte),
            Err(e) if e.kind() == ErrorKind::WouldBlock
        );
        assert!(open, "a silent connection was already closed");
    }
    drop(silent);
    still_works(&preview, &root, "Na vierhonderd stille verbindingen.");
}

/// Open file descriptors of process `pid`.
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |dir| dir.count())
}

#[test]
fn running_out_of_file_descriptors_pauses_accepting() {
    const LIMIT: usize = 64;
    let (_dir, root) = sample_copy();
    let preview = Preview::start_with_fd_limit(&root, LIMIT as u32);
    assert_eq!(preview.get("/").status, 200);
    let mut flood = Vec::new();
    wait_until("the preview runs out of file descriptors", || {
        for _ in 0..20 {
            flood.push(connect(&preview));
        }
        match open_files(preview.pid()) {
            n if n >= LIMIT => Ok(()),
            n => Err(format!("{n} open")),
        }
    });
    drop(flood);
    assert_eq!(preview.get("/").status, 200);
    still_works(&preview, &root, "Na te veel verbindingen.");
    assert!(
        !preview.log().contains("geen verbindingen meer"),
        "{}",
        preview.log()
    );
}

#[test]
fn connection_close_closes() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    // Two requests in one go: the first asks to close, so only it is
    // answered. Without asking, the answer says close, and closes too.
    for request in [
        format!(
            "GET / HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n{host}\r\n\r\n"
        ),
        format!("GET / HTTP/1.1\r\n{host}\r\n\r\nGET / HTTP/1.1\r\n{host}\r\n\r\n"),
    ] {
        let answer = exchange(&preview, &request);
        assert_eq!(status_of(answer.as_bytes()), Some(200));
        assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
        assert!(answer.to_ascii_lowercase().contains("connection: close"));
    }
    // A head over the limit: 431, closed.
    let long = format!(
        "GET / HTTP/1.1\r\n{host}\r\nX-Lang: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(status_of(exchange(&preview, &long).as_bytes()), Some(431));
}

#[test]
fn event_streams_that_stop_reading_never_hold_up_a_rebuild() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    // Four tabs that stop reading at once.
    let stalled: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = connect(&preview);
            write!(stream, "GET /__bekwaam/events HTTP/1.1\r\n{host}\r\n\r\n").unwrap();
            stream
        })
        .collect();
    let mut reading = preview.events();
    // Failing saves with large reports (the message quotes the bad value),
    // each seen at once by the tab that reads: far more than the stalled
    // tabs' sockets hold.
    let original = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();
    assert!(original.contains("weight = 1\n"));
    for i in 0..20 {
        let marker = format!("kapot-{i}-einde");
        let bad = format!("weight = \"{}{marker}\"\n", "y".repeat(1_000_000));
        std::fs::write(
            root.join(COMPETENCY),
            original.replacen("weight = 1\n", &bad, 1),
        )
        .unwrap();
        wait_until(&format!("the report of save {i}"), || {
            let event = reading.wait_for("problems", DEADLINE);
            match event.data.contains(&marker) {
                true => Ok(()),
                false => Err(format!("{} bytes without it", event.data.len())),
            }
        });
    }
    std::fs::write(root.join(COMPETENCY), &original).unwrap();
    reading.wait_for("reload", DEADLINE);
    still_works(&preview, &root, "Na vier tabbladen die niet lezen.");
    drop(stalled);
}

#[test]
fn on_every_network_foreign_host_names_are_refused() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start_with(&root, &["-i", "0.0.0.0", "--allow-host", "handboek.lan"]);
    let port = preview.port;
    let get = |host: &str| exchange(&preview, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
    for host in ["evil.example".to_string(), format!("evil.example:{port}")] {
        let answer = get(&host);
        assert_eq!(status_of(answer.as_bytes()), Some(403), "{host}");
        assert!(answer.contains("--allow-host NAAM"), "{answer}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("handboek.lan:{port}"),
        "HANDBOEK.LAN".to_string(),
    ] {
        let answer = get(&host);
        assert_eq!(status_of(answer.as_bytes()), Some(200), "{host}: {answer}");
    }
}

#[test]
fn html_answers_carry_the_content_security_policy() {
    let (_dir, root) = sample_copy();
    let preview = Preview::start(&root);
    let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                  object-src 'none'; base-uri 'self'; form-action 'self'";
    for path in ["/", PAGE, "/bestaat-niet/"] {
        let reply = preview.get(path);
        assert_eq!(
            reply.header("content-security-policy"),
            Some(policy),
            "{path}"
        );
    }
    assert_eq!(
        preview
            .get("/bekwaam.css")
            .header("content-security-policy"),
        None
    );
}
