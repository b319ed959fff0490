//! The real `replylint lsp` binary over its stdin/stdout: a whole editing session in each
//! position encoding, malformed input, out-of-range edits and the exit status.

mod common;

use common::{Client, apply_action};
use lsp_server::Message;
use serde_json::{Value, json};

const URI: &str = "file:///drafts/session.md";

/// One editing session: open, change, fix through a code action, hover, shut down.
fn session(utf8: bool) {
    let mut client = Client::spawn();
    let capabilities = if utf8 {
        json!({"general": {"positionEncodings": ["utf-8"]}})
    } else {
        json!({})
    };
    let init = client.initialize_with(capabilities, json!({"debounceMs": 0}));
    assert_eq!(
        init["capabilities"]["positionEncoding"],
        if utf8 { "utf-8" } else { "utf-16" }
    );
    assert_eq!(
        init["capabilities"]["textDocumentSync"], 2,
        "incremental sync"
    );

    let mut text =
        String::from("> Obviously it's down?\n\nSorry 😀 café 日本語. You need to restart it.\n");
    client.open(URI, "markdown", &text);
    assert_eq!(
        client.diagnostics(URI, 1),
        Vec::<Value>::new(),
        "the quoted customer line is not linted"
    );

    // Replace the "Y" after "日本語. " on line 2 (UTF-16: 6+2+1+5+5 = 19, UTF-8: 6+4+1+6+11 = 28).
    let column = if utf8 { 28 } else { 19 };
    let at = json!({"line": 2, "character": column});
    let (inserted, end) = ("Obviously, y", json!({"line": 2, "character": column + 1}));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": at, "end": end}, "text": inserted}]}),
    );
    let insert_at = text.find("You need").unwrap();
    text.replace_range(insert_at..insert_at + 1, inserted);
    let diagnostics = client.diagnostics(URI, 2);
    assert_eq!(diagnostics.len(), 1);
    let range = &diagnostics[0]["range"];
    assert_eq!(range["start"], at);
    let (start, end) = (
        common::offset(&text, &range["start"], utf8),
        common::offset(&text, &range["end"], utf8),
    );
    assert_eq!(&text[start..end], "Obviously");

    let params = json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": diagnostics}});
    let actions = client.request("textDocument/codeAction", params).unwrap();
    let fix = &actions[0];
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply_action(&text, fix, utf8);
    assert_eq!(
        fixed,
        "> Obviously it's down?\n\nSorry 😀 café 日本語. You need to restart it.\n"
    );
    // Send the edit back as the editor would: the same ranges, incrementally.
    let edits = fix["edit"]["changes"][URI].as_array().unwrap();
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": changes}),
    );
    assert_eq!(
        client.diagnostics(URI, 3),
        Vec::<Value>::new(),
        "the fix removes the finding"
    );

    // Undo, then hover on the finding.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    let diagnostics = client.diagnostics(URI, 4);
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": diagnostics[0]["range"]["end"]}),
        )
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**condescension**"),
        "{hover}"
    );
    assert_eq!(hover["range"], diagnostics[0]["range"]);
    client.shutdown();
}

#[test]
fn session_in_utf16() {
    session(false);
}

#[test]
fn session_in_utf8() {
    session(true);
}

#[test]
fn malformed_input_gets_error_answers_and_the_server_keeps_running() {
    let mut client = Client::spawn();
    client.initialize_with(json!({}), json!({"debounceMs": 0}));
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    client.write_raw(frame(r#"{"broken""#).as_bytes());
    client.write_raw(frame(r#"{"jsonrpc":"2.0","id":41,"x":[]}"#).as_bytes());
    client.write_raw(b"Nonsense header\r\n\r\n");
    // Answers without an id arrive as `test/rawResponse` (see `common`).
    let unreadable: Vec<Value> = (0..2)
        .map(|_| client.notification("test/rawResponse", |_| true))
        .collect();
    for answer in &unreadable {
        assert_eq!(
            (&answer["id"], &answer["error"]["code"]),
            (&Value::Null, &json!(-32700)),
            "{answer}"
        );
    }
    let invalid = client
        .response(&lsp_server::RequestId::from(41))
        .unwrap_err();
    assert_eq!(
        invalid["code"], -32600,
        "the id is kept when it can be read"
    );
    client.open(URI, "markdown", "Obviously.\n");
    assert_eq!(client.diagnostics(URI, 1).len(), 1);
    client.shutdown();
}

#[test]
fn out_of_range_and_reversed_edits_clamp() {
    let mut client = Client::spawn();
    client.initialize_with(json!({}), json!({"debounceMs": 0}));
    client.open(URI, "plaintext", "Hello.\n");
    client.diagnostics(URI, 1);
    let change = |range: Value, text: &str| json!({"range": range, "text": text});
    let pos = |line: u32, character: u32| json!({"line": line, "character": character});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            // Past the end of line 0: lands before its newline.
            change(json!({"start": pos(0, 999), "end": pos(0, 1000)}), " Obviously."),
            // Lines past the end: appends.
            change(json!({"start": pos(50, 0), "end": pos(60, 3)}), "Obviously, no."),
            // Reversed: an insertion at its start.
            change(json!({"start": pos(1, 2), "end": pos(0, 0)}), ""),
        ]}),
    );
    let diagnostics = client.diagnostics(URI, 2);
    let starts: Vec<&Value> = diagnostics.iter().map(|d| &d["range"]["start"]).collect();
    assert_eq!(starts, [&pos(0, 7), &pos(1, 0)]);
    client.shutdown();
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let mut client = Client::spawn();
    client.initialize_with(json!({}), json!({}));
    client.notify("exit", Value::Null);
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut client = Client::spawn();
    let refused = client.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(refused["code"], -32002);
    client.initialize_with(json!({}), json!({}));
    assert!(
        client
            .drain()
            .iter()
            .all(|m| !matches!(m, Message::Response(_)))
    );
    client.shutdown();
}
