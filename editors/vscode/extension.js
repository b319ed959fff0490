// A thin client for `replylint lsp`: starts the server over stdio for plain-text, Markdown,
// HTML and template documents and forwards the `replylint.*` settings.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("replylint");
  return { rules: config.get("rules"), kbPath: config.get("kbPath"), debounceMs: config.get("debounceMs") };
}

function activate(context) {
  const command = vscode.workspace.getConfiguration("replylint").get("path") || "replylint";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("replylint", "replylint", server, {
    documentSelector: ["plaintext", "markdown", "html", "handlebars", "liquid"].map((language) => ({ language })),
    initializationOptions: settings(),
    // Sends workspace/didChangeConfiguration with {"replylint": {...}} when settings change.
    synchronize: { configurationSection: "replylint" },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
