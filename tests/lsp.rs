//! Language-server tests over an in-memory connection: the server runs in a thread of the test.
//! Published diagnostics and code actions are snapshotted as JSON.

mod common;

use common::{Client, apply_action};
use serde_json::{Value, json};

const URI: &str = "file:///drafts/reply.txt";
/// A quoted customer line that itself says "obviously" (never underlined), then a reply whose
/// finding sits after an accent, an emoji and CJK, so UTF-16 and UTF-8 columns differ.
const DRAFT: &str =
    "> Obviously broken again?\n\nHi café 😀 日本, obviously you need to restart the router.\n";

fn fast() -> Value {
    json!({"debounceMs": 0})
}

/// For snapshots: no article links, whose ranking belongs to the knowledge base's tests.
fn fast_without_links() -> Value {
    json!({"debounceMs": 0, "articleLinks": 0})
}

fn utf8_capabilities() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
}

fn code_actions(client: &mut Client, uri: &str, range: Value) -> Vec<Value> {
    let params =
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}});
    client
        .request("textDocument/codeAction", params)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn diagnostics_and_code_actions_in_utf16() {
    let mut client = Client::memory();
    let init = client.initialize_with(json!({}), fast_without_links());
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    client.open(URI, "plaintext", DRAFT);
    let diagnostics = client.diagnostics(URI, 1);
    insta::assert_json_snapshot!("utf16_diagnostics", diagnostics);
    let actions = code_actions(&mut client, URI, diagnostics[0]["range"].clone());
    insta::assert_json_snapshot!("utf16_code_actions", actions);
    client.shutdown();
}

#[test]
fn diagnostics_and_code_actions_in_utf8() {
    let mut client = Client::memory();
    let init = client.initialize_with(utf8_capabilities(), fast_without_links());
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, "plaintext", DRAFT);
    let diagnostics = client.diagnostics(URI, 1);
    insta::assert_json_snapshot!("utf8_diagnostics", diagnostics);
    let range = &diagnostics[0]["range"];
    let start = common::offset(DRAFT, &range["start"], true);
    let end = common::offset(DRAFT, &range["end"], true);
    assert_eq!(&DRAFT[start..end], "obviously");
    let actions = code_actions(&mut client, URI, range.clone());
    let fixed = apply_action(DRAFT, &actions[0], true);
    assert_eq!(
        fixed,
        "> Obviously broken again?\n\nHi café 😀 日本, you need to restart the router.\n"
    );
    client.shutdown();
}

#[test]
fn disable_action_silences_the_rule_on_that_line_in_each_template_language() {
    for (language, comment) in [
        (
            "plaintext",
            "<!-- replylint-disable-next-line condescension -->",
        ),
        (
            "liquid",
            "{% comment %}replylint-disable-next-line condescension{% endcomment %}",
        ),
        (
            "handlebars",
            "{{! replylint-disable-next-line condescension }}",
        ),
    ] {
        let mut client = Client::memory();
        client.initialize_with(json!({}), fast());
        let text = "Thanks!\n  Obviously, restart it.\n";
        client.open(URI, language, text);
        let diagnostics = client.diagnostics(URI, 1);
        assert_eq!(diagnostics.len(), 1, "{language}");
        let actions = code_actions(&mut client, URI, diagnostics[0]["range"].clone());
        let disable = actions
            .iter()
            .find(|a| a["title"] == "Disable condescension for this line")
            .expect("disable action");
        assert!(
            disable.get("isPreferred").is_none(),
            "disabling is never the preferred fix"
        );
        let fixed = apply_action(text, disable, false);
        assert_eq!(
            fixed,
            format!("Thanks!\n  {comment}\n  Obviously, restart it.\n")
        );
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
        );
        assert_eq!(
            client.diagnostics(URI, 2),
            Vec::<Value>::new(),
            "{language}"
        );
        client.shutdown();
    }
}

#[test]
fn html_is_linted_as_html_and_close_clears_diagnostics() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), fast());
    let uri = "file:///drafts/reply.html";
    client.open(
        uri,
        "html",
        "<blockquote>Obviously?</blockquote><p>Obviously, <b>restart</b> it.</p>",
    );
    let diagnostics = client.diagnostics(uri, 1);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["range"]["start"]["character"], 38);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"].is_null()
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn hover_shows_rationale_and_examples_on_a_finding_only() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), fast());
    client.open(URI, "plaintext", DRAFT);
    let diagnostics = client.diagnostics(URI, 1);
    let start = &diagnostics[0]["range"]["start"];
    let hover = |client: &mut Client, line: &Value, character: u64| {
        let params = json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}});
        client.request("textDocument/hover", params).unwrap()
    };
    let on = hover(
        &mut client,
        &start["line"],
        start["character"].as_u64().unwrap() + 2,
    );
    let text = on["contents"]["value"].as_str().unwrap();
    let rules = replylint::RuleSet::bundled().unwrap();
    let meta = rules.get("condescension").unwrap();
    let bad = &meta.examples.bad[0];
    let good = bad.fixed.as_deref().unwrap_or(&meta.examples.good[0].text);
    assert!(text.starts_with("**condescension** (warning)"), "{text}");
    assert!(text.contains(meta.rationale.trim()), "{text}");
    assert!(
        text.contains(&format!("Instead of:\n> {}", bad.text.trim())),
        "{text}"
    );
    assert!(
        text.contains(&format!("Write:\n> {}", good.trim())),
        "{text}"
    );
    assert_eq!(on["range"], diagnostics[0]["range"]);
    assert_eq!(
        hover(&mut client, &json!(0), 3),
        Value::Null,
        "the quoted customer line has no finding"
    );
    client.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut client = Client::memory();
    let capabilities = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let init = client.initialize_with(capabilities, fast());
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "replylint"
    );
    client.open(URI, "plaintext", DRAFT);
    let params = json!({"textDocument": {"uri": URI}});
    let report = client.request("textDocument/diagnostic", params).unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "condescension");
    let again = json!({"textDocument": {"uri": URI}, "previousResultId": report["resultId"]});
    assert_eq!(
        client.request("textDocument/diagnostic", again).unwrap()["kind"],
        "unchanged"
    );
    // A settings change asks the client to pull again, and the next pull sees it.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"condescension": "off"}}}),
    );
    client.server_request("workspace/diagnostic/refresh");
    let after = json!({"textDocument": {"uri": URI}, "previousResultId": report["resultId"]});
    assert_eq!(
        client.request("textDocument/diagnostic", after).unwrap()["items"],
        json!([])
    );
    let unopened = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "file:///nope.txt"}}),
    );
    assert_eq!(unopened.unwrap()["items"], json!([]));
    assert!(
        client.drain().iter().all(|m| !matches!(m, lsp_server::Message::Notification(n) if n.method == "textDocument/publishDiagnostics")),
        "a pull client gets no pushed diagnostics"
    );
    client.shutdown();
}

#[test]
fn settings_from_init_options_and_configuration_changes_relint() {
    let mut client = Client::memory();
    client.initialize_with(
        json!({}),
        json!({"debounceMs": 0, "rules": {"condescension": "off"}}),
    );
    client.open(URI, "plaintext", DRAFT);
    assert_eq!(client.diagnostics(URI, 1), Vec::<Value>::new());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"replylint": {"debounceMs": 0, "rules": {"condescension": "error"}}}}),
    );
    let diagnostics = client.diagnostics(URI, 1);
    assert_eq!(diagnostics[0]["severity"], 1);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"no-such-rule": "off"}}}),
    );
    let shown = client.notification("window/showMessage", |_| true);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("setting `rules.no-such-rule`: unknown rule"),
        "{shown}"
    );
    // The previous settings stay.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": DRAFT}]}),
    );
    assert_eq!(client.diagnostics(URI, 2)[0]["severity"], 1);
    client.shutdown();
}

#[test]
fn config_file_at_the_workspace_root_sets_levels_and_is_watched() {
    let root = std::env::temp_dir().join(format!("replylint-lsp-root-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let config = root.join(".replylint.toml");
    std::fs::write(&config, "[rules]\ncondescension = \"info\"\n").unwrap();
    let mut client = Client::memory();
    let root_uri = format!("file://{}", root.display());
    let watching = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    client.initialize(
        json!({"capabilities": watching, "rootUri": root_uri, "initializationOptions": fast()}),
    );
    let registration = client.server_request("client/registerCapability");
    let watcher = &registration["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        watcher["registerOptions"]["watchers"][0]["globPattern"],
        "**/.replylint.toml"
    );
    client.open(URI, "plaintext", DRAFT);
    assert_eq!(client.diagnostics(URI, 1)[0]["severity"], 3);
    std::fs::write(&config, "[rules]\ncondescension = \"error\"\n").unwrap();
    let changed = json!({"changes": [{"uri": format!("{root_uri}/.replylint.toml"), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed);
    assert_eq!(client.diagnostics(URI, 1)[0]["severity"], 1);
    client.shutdown();
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn stale_results_are_dropped_and_versions_only_move_forward() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), fast());
    client.open(URI, "plaintext", "Hello.\n");
    client.diagnostics(URI, 1);
    let mut text = String::from("Hello.\n");
    for version in 2..=40 {
        let line = if version % 2 == 0 {
            "Obviously, no.\n"
        } else {
            "Fine.\n"
        };
        text.push_str(line);
        let at = json!({"line": version - 1, "character": 0});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": at, "end": at}, "text": line}]}),
        );
    }
    let last = client.diagnostics(URI, 40);
    assert_eq!(
        last.len(),
        20,
        "one finding per `Obviously` line of the final text"
    );
    let published = |messages: Vec<lsp_server::Message>| -> Vec<i64> {
        messages
            .iter()
            .filter_map(|m| match m {
                lsp_server::Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" =>
                {
                    n.params["version"].as_i64()
                }
                _ => None,
            })
            .collect()
    };
    let before = published(client.drain());
    assert!(
        before.windows(2).all(|w| w[0] < w[1]) && before.iter().all(|&v| v < 40),
        "{before:?}"
    );
    // A round trip, then nothing older may arrive.
    client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap();
    assert_eq!(published(client.drain()), Vec::<i64>::new());
    client.shutdown();
}

#[test]
fn bad_requests_get_errors_and_the_server_keeps_going() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), fast());
    let unknown = client
        .request("textDocument/completion", json!({}))
        .unwrap_err();
    assert_eq!(unknown["code"], -32601);
    let invalid = client
        .request("textDocument/hover", json!({"textDocument": 5}))
        .unwrap_err();
    assert_eq!(invalid["code"], -32602);
    client.notify("textDocument/didOpen", json!({"textDocument": "garbage"}));
    let command = json!({"command": "replylint.nope", "arguments": []});
    assert_eq!(
        client
            .request("workspace/executeCommand", command)
            .unwrap_err()["code"],
        -32602
    );
    let suggest = json!({"command": "replylint.suggestArticles", "arguments": [{"text": "My router keeps dropping."}]});
    assert!(
        client
            .request("workspace/executeCommand", suggest)
            .unwrap()
            .is_array()
    );
    client.open(URI, "plaintext", DRAFT);
    assert_eq!(client.diagnostics(URI, 1).len(), 1);
    client.shutdown();
}

#[test]
fn a_cancelled_request_gets_exactly_one_answer() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), json!({"debounceMs": 60_000}));
    client.open(URI, "plaintext", DRAFT);
    client.diagnostics(URI, 1);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "Obviously.\n"}]}),
    );
    // The hover waits for the lint of version 2; cancelling it answers RequestCancelled, unless
    // the answer was already on its way.
    let id = client.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}),
    );
    client.notify("$/cancelRequest", json!({"id": id}));
    match client.response(&id) {
        Ok(hover) => assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("condescension")
        ),
        Err(e) => assert_eq!(e["code"], -32800),
    }
    assert_eq!(
        client
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}})
            )
            .unwrap()["range"]["start"]["character"],
        0
    );
    let duplicates = client
        .drain()
        .into_iter()
        .filter(|m| matches!(m, lsp_server::Message::Response(r) if r.id == id))
        .count();
    assert_eq!(duplicates, 0);
    client.shutdown();
}

#[test]
fn articles_come_as_insert_link_actions_and_through_the_command() {
    let mut client = Client::memory();
    client.initialize_with(json!({}), fast());
    let uri = "file:///drafts/ssl.md";
    let text = "> My SSL certificate expired and the site shows a warning.\n\nSorry about that! Here is how to fix it: \n";
    client.open(uri, "markdown", text);
    client.diagnostics(uri, 1);
    let end = json!({"line": 2, "character": 41});
    let actions = code_actions(&mut client, uri, json!({"start": end, "end": end}));
    let link = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Insert link: "))
        })
        .expect("an Insert link action");
    let command =
        json!({"command": "replylint.suggestArticles", "arguments": [{"uri": uri, "limit": 2}]});
    let articles = client.request("workspace/executeCommand", command).unwrap();
    let articles = articles.as_array().unwrap();
    assert_eq!(articles.len(), 2);
    let first = &articles[0];
    assert_eq!(
        link["title"],
        format!("Insert link: {}", first["title"].as_str().unwrap())
    );
    let fixed = apply_action(text, link, false);
    let inserted = format!(
        "[{}]({})",
        first["title"].as_str().unwrap(),
        first["url"].as_str().unwrap()
    );
    assert_eq!(
        fixed,
        text.replace("fix it: \n", &format!("fix it: {inserted}\n"))
    );
    // Turned off, and a knowledge base that cannot be opened is reported.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"debounceMs": 0, "articleLinks": 0}}),
    );
    client.diagnostics(uri, 1);
    let actions = code_actions(&mut client, uri, json!({"start": end, "end": end}));
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap().starts_with("Insert link")),
        "{actions:?}"
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"kbPath": "/nonexistent/kb"}}),
    );
    let shown = client.notification("window/showMessage", |_| true);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/kb"),
        "{shown}"
    );
    client.shutdown();
}
