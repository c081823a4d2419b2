//! Running `bekwaam serve` in a test: start it on a free port, talk to it
//! over HTTP and over its event stream, stop it when the test ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::helpers::{DEADLINE, wait_until};

/// The tag `serve` adds to every HTML page.
pub const SCRIPT_TAG: &str = "<script src=\"/__bekwaam/live.js\" defer></script>";

/// A running preview server.
pub struct Preview {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    pub port: u16,
    log: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

/// A response: status, headers (lower-case names) and body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Preview {
    /// Starts `bekwaam --root ROOT serve -p 0` and waits for its address.
    pub fn start(root: &Path) -> Preview {
        Preview::start_with(root, &[])
    }

    /// As [`Preview::start`], with more arguments for `serve`.
    pub fn start_with(root: &Path, extra: &[&str]) -> Preview {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bekwaam"));
        command
            .args(["--root", root.to_str().unwrap(), "serve", "-p", "0"])
            .args(extra);
        Preview::spawn(command)
    }

    /// As [`Preview::start`], with at most `files` open file descriptors
    /// (`ulimit -n`).
    pub fn start_with_fd_limit(root: &Path, files: u32) -> Preview {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_bekwaam"),
            "--root",
            root.to_str().unwrap(),
            "serve",
            "-p",
            "0",
        ]);
        Preview::spawn(command)
    }

    /// The process id of the server.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn spawn(mut command: Command) -> Preview {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bekwaam serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(at) = line.find("http://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
        }
        let url = url.unwrap_or_else(|| panic!("no address printed:\n{}", log.lock().unwrap()));
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let stdout_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                stdout_log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let stderr_log = Arc::clone(&log);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                stderr_log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(DEADLINE))
            .build()
            .new_agent();
        Preview {
            child,
            url,
            port,
            log,
            agent,
        }
    }

    /// What the server printed so far (stdout and stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// What the server printed, once it has printed `text` after the first
    /// `since` bytes of its log (at most [`DEADLINE`]).
    pub fn wait_for_log(&self, since: usize, text: &str) -> String {
        wait_until(&format!("the preview prints {text:?}"), || {
            let log = self.log();
            match log.get(since..).is_some_and(|new| new.contains(text)) {
                true => Ok(log),
                false => Err(log),
            }
        })
    }

    /// GET `path` (starting with `/`).
    pub fn get(&self, path: &str) -> Reply {
        self.request(path, &[])
    }

    /// GET `path` with extra headers.
    pub fn request(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let url = format!("{}{}", self.url.trim_end_matches('/'), path);
        let mut request = self.agent.get(&url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    v.to_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Sends raw bytes and returns everything the server answers (until it
    /// closes the connection; every request sent this way asks it to, so the
    /// read timeout of 30 s is only a guard against a server that hangs).
    pub fn raw(&self, bytes: &[u8]) -> Vec<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(bytes).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        answer
    }

    /// Opens the event stream, as a browser tab does.
    pub fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The status code of a raw HTTP answer.
pub fn status_of(answer: &[u8]) -> Option<u16> {
    let text = String::from_utf8_lossy(answer);
    text.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

/// One event of the stream.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl Event {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("{e}: {}", self.data))
    }
}

/// An open event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
    partial: String,
    name: String,
    data: String,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__bekwaam/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
            partial: String::new(),
            name: String::new(),
            data: String::new(),
        };
        let hello = events.wait_for("hello", DEADLINE);
        assert!(hello.json()["generation"].is_u64(), "{hello:?}");
        events
    }

    /// The next event, if one comes within `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.partial.find('\n') {
                let line: String = self.partial.drain(..=at).collect();
                let line = line.trim_end_matches(['\n', '\r']);
                if line.is_empty() {
                    if !self.name.is_empty() {
                        let event = Event {
                            name: std::mem::take(&mut self.name),
                            data: std::mem::take(&mut self.data),
                        };
                        return Some(event);
                    }
                    self.data.clear();
                } else if let Some(name) = line.strip_prefix("event: ") {
                    self.name = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if !self.data.is_empty() {
                        self.data.push('\n');
                    }
                    self.data.push_str(data);
                }
                continue;
            }
            if Instant::now() >= deadline {
                return None;
            }
            let mut buffer = [0u8; 4096];
            match self.reader.read(&mut buffer) {
                Ok(0) => return None,
                Ok(n) => self
                    .partial
                    .push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// Waits for an event called `name`, skipping others.
    pub fn wait_for(&mut self, name: &str, timeout: Duration) -> Event {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(event) = self.next(deadline.saturating_duration_since(Instant::now())) {
            if event.name == name {
                return event;
            }
            seen.push(event);
        }
        panic!("no `{name}` event within {timeout:?}; saw {seen:?}");
    }

    /// Every event up to and including the first that `last` accepts; fails
    /// if none comes within [`DEADLINE`]. Tests that check that something
    /// does not happen make a later, distinguishable change and wait for its
    /// event with this, instead of waiting for a quiet spell.
    pub fn until(&mut self, what: &str, last: impl Fn(&Event) -> bool) -> Vec<Event> {
        let deadline = Instant::now() + DEADLINE;
        let mut seen = Vec::new();
        while let Some(event) = self.next(deadline.saturating_duration_since(Instant::now())) {
            let done = last(&event);
            seen.push(event);
            if done {
                return seen;
            }
        }
        panic!("no event for {what} within {DEADLINE:?}; saw {seen:?}");
    }
}
