//! A small LSP test client shared by the language-server tests. It speaks to a server either
//! over an in-memory `Connection` (the server runs in a thread) or over the stdio of the real
//! binary; every wait has a timeout so a hung server fails the test instead of hanging it.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

enum Server {
    Thread(JoinHandle<Result<bool, replylint::lsp::Error>>),
    Process {
        child: Child,
        stdin: Arc<Mutex<ChildStdin>>,
    },
}

pub struct Client {
    sender: Option<Sender<Message>>,
    receiver: Receiver<Message>,
    /// Notifications and server requests seen while waiting for something else.
    backlog: VecDeque<Message>,
    next_id: i32,
    server: Option<Server>,
}

impl Client {
    /// A server running in a thread of this process.
    pub fn memory() -> Self {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || {
            replylint::lsp::serve(server, replylint::lsp::Options::default())
        });
        Client {
            sender: Some(client.sender),
            receiver: client.receiver,
            backlog: VecDeque::new(),
            next_id: 0,
            server: Some(Server::Thread(handle)),
        }
    }

    /// The real `replylint lsp` binary.
    pub fn spawn() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn replylint lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("piped stdin")));
        let stdout = child.stdout.take().expect("piped stdout");
        let (to_server, outgoing) = crossbeam_channel::unbounded::<Message>();
        let (incoming, from_server) = crossbeam_channel::unbounded::<Message>();
        let writer_stdin = Arc::clone(&stdin);
        std::thread::spawn(move || {
            for message in outgoing {
                let mut stdin = writer_stdin.lock().unwrap();
                if message.write(&mut *stdin).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_frame(&mut reader) {
                let message = serde_json::from_str::<Message>(&body).unwrap_or_else(|_| {
                    // Error answers with `"id": null` are not lsp-server `Message`s; pass them on
                    // as a notification the tests can look for.
                    Message::Notification(Notification::new(
                        "test/rawResponse".into(),
                        serde_json::from_str::<Value>(&body).unwrap(),
                    ))
                });
                if incoming.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            sender: Some(to_server),
            receiver: from_server,
            backlog: VecDeque::new(),
            next_id: 0,
            server: Some(Server::Process { child, stdin }),
        }
    }

    /// The process id of a spawned server.
    pub fn pid(&self) -> u32 {
        match &self.server {
            Some(Server::Process { child, .. }) => child.id(),
            _ => panic!("only spawned servers have a pid"),
        }
    }

    /// Writes bytes straight to the server's stdin (stdio servers only).
    pub fn write_raw(&self, bytes: &[u8]) {
        let Some(Server::Process { stdin, .. }) = &self.server else {
            panic!("raw writes need a spawned server")
        };
        let mut stdin = stdin.lock().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// Sends `initialize` with `params` and then `initialized`; returns the initialize result.
    pub fn initialize(&mut self, params: Value) -> Value {
        let result = self
            .request("initialize", params)
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        result
    }

    /// Initializes with default capabilities plus `extra` capabilities and options.
    pub fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        self.initialize(json!({"capabilities": capabilities, "initializationOptions": options}))
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params).into());
    }

    fn send(&self, message: Message) {
        self.sender
            .as_ref()
            .expect("connection open")
            .send(message)
            .expect("server is reading");
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params).into());
        id
    }

    /// Sends a request and waits for its answer: the result, or the error object.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    /// Waits for the answer to request `id`.
    pub fn response(&mut self, id: &RequestId) -> Result<Value, Value> {
        let message = self.wait(
            |m| matches!(m, Message::Response(r) if &r.id == id),
            &format!("response {id}"),
        );
        let Message::Response(response) = message else {
            unreachable!()
        };
        response
            .response_result
            .map_err(|e| serde_json::to_value(e).unwrap())
    }

    /// Waits for a notification of `method` satisfying `pred`; returns its params.
    pub fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let message = self.wait(
            |m| matches!(m, Message::Notification(n) if n.method == method && pred(&n.params)),
            method,
        );
        let Message::Notification(n) = message else {
            unreachable!()
        };
        n.params
    }

    /// Waits for a request from the server of `method`; returns its params.
    pub fn server_request(&mut self, method: &str) -> Value {
        let message = self.wait(
            |m| matches!(m, Message::Request(r) if r.method == method),
            method,
        );
        let Message::Request(r) = message else {
            unreachable!()
        };
        r.params
    }

    /// Waits for diagnostics of `uri` at document `version`; returns them.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"].as_array().cloned().unwrap()
    }

    /// Every message received so far and not yet consumed, then clears them.
    pub fn drain(&mut self) -> Vec<Message> {
        self.backlog.extend(self.receiver.try_iter());
        self.backlog.drain(..).collect()
    }

    fn wait(&mut self, want: impl Fn(&Message) -> bool, what: &str) -> Message {
        if let Some(i) = self.backlog.iter().position(&want) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.backlog.push_back(m),
                Err(e) => panic!(
                    "no {what} from the server within {TIMEOUT:?} ({e}); saw {:?}",
                    self.backlog
                ),
            }
        }
    }

    /// Opens a document at version 1.
    pub fn open(&self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// Sends `shutdown` and `exit`; asserts the server stops cleanly (exit status 0).
    pub fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.sender = None;
        match self.server.take().expect("server running") {
            Server::Thread(handle) => {
                let clean = handle
                    .join()
                    .expect("server thread does not panic")
                    .expect("server ends without error");
                assert!(clean, "shutdown came before exit");
            }
            Server::Process { mut child, .. } => {
                let status = wait_child(&mut child);
                assert!(status.success(), "replylint lsp exited with {status}");
            }
        }
    }
}

impl Client {
    /// Waits for a spawned server to exit on its own; returns its status.
    pub fn wait_exit(mut self) -> std::process::ExitStatus {
        self.sender = None;
        match self.server.take() {
            Some(Server::Process { mut child, .. }) => wait_child(&mut child),
            _ => panic!("only spawned servers have an exit status"),
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(Server::Process { mut child, .. }) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_child(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait for replylint lsp") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("replylint lsp did not exit within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<String> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok()
}

/// The byte offset of `position` (`{line, character}`) in `text`, counting columns in
/// UTF-16 units or bytes.
pub fn offset(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let column = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut counted = 0;
    for (i, ch) in text[start..].char_indices() {
        if counted >= column || ch == '\n' {
            return start + i;
        }
        counted += if utf8 { ch.len_utf8() } else { ch.len_utf16() };
    }
    text.len()
}

/// Applies the `TextEdit`s of a code action's workspace edit (either shape) to `text`.
pub fn apply_action(text: &str, action: &Value, utf8: bool) -> String {
    let edit = &action["edit"];
    let edits: Vec<Value> = if let Some(changes) = edit["documentChanges"].as_array() {
        changes
            .iter()
            .flat_map(|c| c["edits"].as_array().unwrap().clone())
            .collect()
    } else {
        edit["changes"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|v| v.as_array().unwrap().clone())
            .collect()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let start = offset(text, &e["range"]["start"], utf8);
            let end = offset(text, &e["range"]["end"], utf8);
            (start, end, e["newText"].as_str().unwrap().to_owned())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}
