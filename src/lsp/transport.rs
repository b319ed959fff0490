//! JSON-RPC over stdio that survives bad input. lsp-server's own stdio transport ends the
//! connection on the first malformed message; this one answers it with a `ParseError` or
//! `InvalidRequest` error response (id `null` when none can be read) and keeps reading.

use std::io::{self, BufRead, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, ErrorCode, Message};

/// The reader and writer threads behind a stdio [`Connection`].
pub struct IoThreads {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads. Call after dropping the connection's sender.
    pub fn join(self) -> io::Result<()> {
        let reader = self
            .reader
            .join()
            .map_err(|_| io::Error::other("stdin reader panicked"))?;
        let writer = self
            .writer
            .join()
            .map_err(|_| io::Error::other("stdout writer panicked"))?;
        reader.and(writer)
    }
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_client, outgoing) = bounded::<Message>(0);
    let (incoming, from_client) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || write_loop(outgoing))
        .expect("can spawn the stdout writer thread");
    let reader = thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || read_loop(&mut io::stdin().lock(), &incoming, &mut io::stdout()))
        .expect("can spawn the stdin reader thread");
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

fn write_loop(outgoing: Receiver<Message>) -> io::Result<()> {
    for message in outgoing {
        message.write(&mut io::stdout().lock())?;
    }
    Ok(())
}

/// Reads framed messages from `input` and forwards them until end of input, a closed channel or
/// `exit`. Bad frames are answered on `errors`, one `write_all` per answer so that, on stdout,
/// an answer never interleaves with a message of the writer thread.
fn read_loop(
    input: &mut impl BufRead,
    incoming: &Sender<Message>,
    errors: &mut impl Write,
) -> io::Result<()> {
    loop {
        let body = match read_frame(input)? {
            Frame::Eof => return Ok(()),
            Frame::Body(body) => body,
            Frame::Bad(why) => {
                reply_error(errors, serde_json::Value::Null, ErrorCode::ParseError, &why)?;
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(e) => {
                reply_error(
                    errors,
                    serde_json::Value::Null,
                    ErrorCode::ParseError,
                    &format!("invalid JSON: {e}"),
                )?;
                continue;
            }
        };
        let id = value
            .get("id")
            .filter(|id| id.is_number() || id.is_string())
            .cloned();
        match serde_json::from_value::<Message>(value) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Err(e) => {
                let id = id.unwrap_or(serde_json::Value::Null);
                reply_error(
                    errors,
                    id,
                    ErrorCode::InvalidRequest,
                    &format!("not a JSON-RPC message: {e}"),
                )?;
            }
        }
    }
}

enum Frame {
    Eof,
    Body(Vec<u8>),
    Bad(String),
}

/// Reads one `Content-Length`-framed body. Bad headers are skipped up to the blank line that
/// ends them, so the next frame is read cleanly.
fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length = None;
    let mut bad = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(Frame::Eof);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_none() && bad.is_none() {
                // Stray blank lines between frames are harmless.
                continue;
            }
            break;
        }
        match header.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad = Some(format!("bad Content-Length header {header:?}")),
                }
            }
            Some(_) => {}
            None => bad = Some(format!("malformed header {header:?}")),
        }
    }
    let Some(length) = length else {
        return Ok(Frame::Bad(
            bad.unwrap_or_else(|| "missing Content-Length header".into()),
        ));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(match bad {
        Some(why) => Frame::Bad(why),
        None => Frame::Body(body),
    })
}

fn reply_error(
    out: &mut impl Write,
    id: serde_json::Value,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message},
    })
    .to_string();
    out.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Runs the reader over `input`; returns what it forwarded and what it answered.
    fn read_all(input: &str) -> (Vec<Message>, String) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let mut answers = Vec::new();
        read_loop(&mut input.as_bytes(), &tx, &mut answers).expect("reads from memory");
        (
            rx.try_iter().collect(),
            String::from_utf8(answers).expect("answers are UTF-8"),
        )
    }

    #[test]
    fn malformed_frames_get_error_answers_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            "Content-Length: abc\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","id":9,"method":"never-read"}"#),
        ]
        .concat();
        let (forwarded, answers) = read_all(&input);
        let methods: Vec<String> = forwarded
            .iter()
            .map(|m| match m {
                Message::Request(r) => r.method.clone(),
                Message::Notification(n) => n.method.clone(),
                Message::Response(_) => "response".into(),
            })
            .collect();
        assert_eq!(methods, ["shutdown", "exit"]);
        assert_eq!(answers.matches("\"code\":-32700").count(), 2, "{answers}");
        assert!(
            answers.contains(r#""id":7"#) && answers.contains("-32600"),
            "{answers}"
        );
    }
}
