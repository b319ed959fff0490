//! The main loop (after lsp-server's `examples/minimal_lsp.rs`): initialize, then read messages,
//! schedule lints, and hand slow work (lints, knowledge-base queries) to worker threads whose
//! results come back through a channel. Results for an older text are dropped.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{
    Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError,
};
use lsp_types::notification::{
    Cancel, DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles,
    DidCloseTextDocument, DidOpenTextDocument, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, DocumentDiagnosticRequest, ExecuteCommand, HoverRequest, RegisterCapability,
    Request as _, Shutdown, WorkspaceDiagnosticRefresh,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, ExecuteCommandOptions, ExecuteCommandParams,
    FullDocumentDiagnosticReport, Hover, HoverParams, HoverProviderCapability, InitializeParams,
    MessageType, NumberOrString, PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, UnchangedDocumentDiagnosticReport, Uri,
};
use serde::Deserialize;

use super::articles::{ArticleSource, Bundled, NoArticles};
use super::convert::{self, Encoding};
use super::dispatch::{self, Host, NotificationDispatcher, Reply, RequestDispatcher};
use super::features::{self, Snapshot};
use super::state::{Documents, OpenDocument, Settings};
use super::{Error, Options};
use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::engine::Linter;
use crate::kb::KnowledgeBase;
use crate::rules::RuleSet;

/// The command returning suggested articles as JSON.
pub const SUGGEST_ARTICLES: &str = "replylint.suggestArticles";
/// Default delay between a change and its lint.
const DEBOUNCE: Duration = Duration::from_millis(75);
/// Default number of "Insert link" actions.
const ARTICLE_LINKS: usize = 3;
/// Texts at least this long are linted on their own thread, so they never hold up the lints
/// of ordinary drafts. (Each thread that lints keeps its own regex caches, which is why
/// ordinary drafts share one thread rather than a pool.)
const LARGE_TEXT: usize = 256 * 1024;

/// Writes a line to stderr, the server's log (stdout carries the protocol).
pub(crate) fn log(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "replylint lsp: {message}");
}

/// Runs a server on `connection` until the client sends `exit`. Returns whether `shutdown` came
/// first, which decides the exit status the spec asks for (0 or 1).
pub fn serve(connection: Connection, options: Options) -> Result<bool, Error> {
    let (id, raw) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(raw.clone()) {
        Ok(params) => params,
        Err(e) => {
            let message = format!("invalid initialize params: {e}");
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, message);
            let _ = connection.sender.send(response.into());
            return Err(Error::InitializeParams(e));
        }
    };
    let client = ClientSupport::of(&params, &raw);
    let capabilities = capabilities(&client);
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo { name: "replylint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server::new(
        connection,
        client,
        workspace_root(&params),
        options,
        params.initialization_options,
    );
    let shut_down = server.run();
    server.workers.stop();
    Ok(shut_down)
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Copy)]
struct ClientSupport {
    encoding: Encoding,
    pull_diagnostics: bool,
    diagnostic_refresh: bool,
    versioned_edits: bool,
    /// Whether the client can watch files for us (dynamic `didChangeWatchedFiles`).
    watch_files: bool,
}

impl ClientSupport {
    fn of(params: &InitializeParams, raw: &serde_json::Value) -> Self {
        let caps = &params.capabilities;
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let workspace = caps.workspace.as_ref();
        ClientSupport {
            encoding: Encoding::negotiate(offered),
            pull_diagnostics: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            // The spec's key is `workspace.diagnostics`; lsp-types 0.97 reads `diagnostic`.
            diagnostic_refresh: raw["capabilities"]["workspace"]["diagnostics"]["refreshSupport"]
                .as_bool()
                .or_else(|| workspace.and_then(|w| w.diagnostic.as_ref()?.refresh_support))
                .unwrap_or(false),
            versioned_edits: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref()?.dynamic_registration)
                .unwrap_or(false),
        }
    }
}

fn capabilities(client: &ClientSupport) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![SUGGEST_ARTICLES.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        diagnostic_provider: client.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("replylint".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace root: the first workspace folder, else the (deprecated) root URI.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    file_path(uri)
}

/// The local path of a `file:` URI.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().map(|s| s.as_str()) != Some("file") {
        return None;
    }
    let path = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(path.as_ref()))
}

/// What the linter is built from: settings, plus where `.replylint.toml` comes from.
struct Setup {
    root: Option<PathBuf>,
    options: Options,
    settings: Settings,
}

impl Setup {
    /// Builds the linter and article source; errors are one line for `window/showMessage`.
    fn load(&self) -> Result<(Linter, Arc<dyn ArticleSource>), String> {
        let file = match (&self.options.config, &self.root) {
            (Some(path), _) => Config::load(path),
            (None, Some(root)) => Config::discover(root),
            (None, None) => Ok(Config::default()),
        }
        .map_err(|e| e.to_string())?;
        let mut config = file.clone();
        for (rule, level) in &self.settings.rules {
            let level: Level = level
                .parse()
                .map_err(|e| format!("setting `rules.{rule}`: {e}"))?;
            config.set_level(rule, level);
        }
        if let Some(kb) = &self.settings.kb_path {
            config.kb.index = Some(kb.clone());
        }
        let linter = Linter::from_config(&config).map_err(|e| {
            // An unknown rule in the settings has no place in the file to point at: name the
            // setting instead (loading the rules again, on this error path only).
            let plain = Linter::from_config(&file).ok();
            let unknown = plain.and_then(|plain| {
                self.settings
                    .rules
                    .keys()
                    .find(|r| plain.rules().get(r).is_none())
                    .cloned()
            });
            match unknown {
                Some(rule) => {
                    format!("setting `rules.{rule}`: unknown rule (see `replylint rules`)")
                }
                None => e.to_string(),
            }
        })?;
        Ok((linter, open_articles(&config)?))
    }
}

/// The article source for `config`: its `[kb] index` (or the `kbPath` setting) if set, else the
/// bundled sample articles, as `replylint suggest` does.
fn open_articles(config: &Config) -> Result<Arc<dyn ArticleSource>, String> {
    match &config.kb.index {
        Some(dir) => Ok(Arc::new(
            KnowledgeBase::open(dir).map_err(|e| e.to_string())?,
        )),
        None => Ok(Arc::new(Bundled)),
    }
}

/// Work for the worker threads.
enum Job {
    /// Lint a document's text at a generation, unless a newer one has arrived meanwhile.
    Lint {
        uri: Uri,
        generation: u64,
        latest: Arc<AtomicU64>,
        text: Arc<str>,
        format: Format,
        linter: Arc<Linter>,
    },
    /// Answer a request; the answer is dropped if the request was cancelled.
    Answer {
        id: RequestId,
        work: Box<dyn FnOnce() -> Result<serde_json::Value, ResponseError> + Send>,
    },
}

/// A finished lint, sent back to the main loop.
struct Linted {
    uri: Uri,
    generation: u64,
    findings: Result<Vec<Diagnostic>, String>,
}

/// The worker threads, one per lane, and the requests they are answering.
struct Workers {
    lanes: Option<[Sender<Job>; 3]>,
    in_flight: Arc<Mutex<HashSet<RequestId>>>,
    threads: Vec<JoinHandle<()>>,
}

/// Which worker thread a job goes to.
#[derive(Clone, Copy)]
enum Lane {
    /// Lints of ordinary drafts.
    Lint = 0,
    /// Lints of texts of [`LARGE_TEXT`] bytes or more.
    LargeLint = 1,
    /// Requests: code actions, article queries.
    Answer = 2,
}

impl Workers {
    fn start(to_client: &Sender<Message>, linted: &Sender<Linted>) -> Self {
        let in_flight = Arc::new(Mutex::new(HashSet::new()));
        let mut threads = Vec::new();
        let lanes = ["lint", "large-lint", "answer"].map(|name| {
            let (lane, queue) = crossbeam_channel::unbounded::<Job>();
            let (to_client, linted, in_flight) =
                (to_client.clone(), linted.clone(), Arc::clone(&in_flight));
            let thread = std::thread::Builder::new()
                .name(format!("lsp-{name}"))
                .spawn(move || {
                    for job in queue {
                        run_job(job, &to_client, &linted, &in_flight);
                    }
                })
                .expect("can spawn worker threads");
            threads.push(thread);
            lane
        });
        Workers {
            lanes: Some(lanes),
            in_flight,
            threads,
        }
    }

    fn send(&self, lane: Lane, job: Job) {
        if let Some(lanes) = &self.lanes {
            lanes[lane as usize]
                .send(job)
                .expect("workers live as long as the server");
        }
    }

    /// Lints on the lane for a text of `len` bytes.
    fn lint(&self, len: usize, job: Job) {
        let lane = if len >= LARGE_TEXT {
            Lane::LargeLint
        } else {
            Lane::Lint
        };
        self.send(lane, job);
    }

    /// Hands request `id` to a worker.
    fn answer(
        &self,
        id: RequestId,
        work: impl FnOnce() -> Result<serde_json::Value, ResponseError> + Send + 'static,
    ) {
        lock(&self.in_flight).insert(id.clone());
        self.send(
            Lane::Answer,
            Job::Answer {
                id,
                work: Box::new(work),
            },
        );
    }

    /// Forgets request `id`, so a worker drops its answer; whether it was still in flight.
    fn cancel(&self, id: &RequestId) -> bool {
        lock(&self.in_flight).remove(id)
    }

    fn stop(&mut self) {
        self.lanes = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn run_job(
    job: Job,
    to_client: &Sender<Message>,
    linted: &Sender<Linted>,
    in_flight: &Mutex<HashSet<RequestId>>,
) {
    match job {
        Job::Lint {
            uri,
            generation,
            latest,
            text,
            format,
            linter,
        } => {
            if latest.load(Ordering::Acquire) != generation {
                return;
            }
            let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                linter.check(&Document::parse(&*text, format))
            }))
            .map_err(|_| format!("linting {} panicked", uri.as_str()));
            let _ = linted.send(Linted {
                uri,
                generation,
                findings,
            });
        }
        Job::Answer { id, work } => {
            if !lock(in_flight).contains(&id) {
                return;
            }
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .unwrap_or_else(|_| {
                    Err(dispatch::error(
                        ErrorCode::InternalError,
                        "the handler panicked",
                    ))
                });
            if lock(in_flight).remove(&id) {
                if let Err(e) = &result {
                    log(format_args!("request {id} failed: {}", e.message));
                }
                let _ = to_client.send(
                    Response {
                        id,
                        response_result: result,
                    }
                    .into(),
                );
            }
        }
    }
}

/// The server between `initialized` and `exit`.
struct Server {
    connection: Connection,
    client: ClientSupport,
    setup: Setup,
    linter: Arc<Linter>,
    articles: Arc<dyn ArticleSource>,
    docs: Documents,
    /// Source of document generations; bumped on every change.
    generation: u64,
    workers: Workers,
    linted: Receiver<Linted>,
    /// Requests waiting for a document's findings to be current.
    parked: Vec<(Uri, Request)>,
    shut_down: bool,
    /// Ids of requests this server sends to the client.
    next_request: i32,
}

impl Server {
    fn new(
        connection: Connection,
        client: ClientSupport,
        root: Option<PathBuf>,
        options: Options,
        init: Option<serde_json::Value>,
    ) -> Self {
        let (linted_tx, linted) = crossbeam_channel::unbounded();
        let workers = Workers::start(&connection.sender, &linted_tx);
        let mut problems = Vec::new();
        let settings = Settings::from_json(init.unwrap_or_default()).unwrap_or_else(|e| {
            problems.push(format!("replylint: invalid initializationOptions: {e}"));
            Settings::default()
        });
        let setup = Setup {
            root,
            options,
            settings,
        };
        let (linter, articles) = setup.load().unwrap_or_else(|e| {
            problems.push(format!("replylint: {e}; using the bundled rules"));
            let rules =
                RuleSet::bundled().expect("bundled rules are valid: the rule tests load them");
            (Linter::new(rules), Arc::new(NoArticles))
        });
        let mut server = Server {
            setup,
            client,
            linter: Arc::new(linter),
            articles,
            docs: Documents::new(),
            generation: 0,
            workers,
            linted,
            parked: Vec::new(),
            shut_down: false,
            next_request: 0,
            connection,
        };
        for problem in problems {
            server.show_error(problem);
        }
        if server.client.watch_files {
            // Re-lint when a `.replylint.toml` changes on disk.
            let watch = serde_json::json!({"registrations": [{
                "id": "replylint-config",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": {"watchers": [{"globPattern": format!("**/{}", crate::config::FILE_NAME)}]},
            }]});
            server.request_client(RegisterCapability::METHOD, watch);
        }
        server
    }

    /// Reads and handles messages until `exit` (or the client goes away).
    fn run(&mut self) -> bool {
        loop {
            let timer = match self.docs.values().filter_map(|d| d.due).min() {
                Some(due) => crossbeam_channel::at(due),
                None => crossbeam_channel::never(),
            };
            select! {
                recv(self.connection.receiver) -> message => match message {
                    Ok(Message::Notification(n)) if n.method == "exit" => return self.shut_down,
                    Ok(message) => self.handle(message),
                    Err(_) => return false,
                },
                recv(self.linted) -> linted => {
                    if let Ok(linted) = linted {
                        self.on_linted(linted);
                    }
                }
                recv(timer) -> _ => {}
            }
            self.start_due_lints();
        }
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Request(request) if self.shut_down => {
                let err = format!("{} after shutdown", request.method);
                self.respond(Response::new_err(
                    request.id,
                    ErrorCode::InvalidRequest as i32,
                    err,
                ));
            }
            Message::Request(request) => self.handle_request(request),
            Message::Notification(n) => self.handle_notification(n),
            // Answers to our own requests (diagnostic refresh) need no action.
            Message::Response(_) => {}
        }
    }

    fn handle_request(&mut self, request: Request) {
        RequestDispatcher::new(self, request)
            .on::<Shutdown>(|s, _, ()| {
                s.shut_down = true;
                Reply::Done(Ok(()))
            })
            .on::<CodeActionRequest>(Server::code_action)
            .on::<HoverRequest>(Server::hover)
            .on::<DocumentDiagnosticRequest>(Server::pull_diagnostics)
            .on::<ExecuteCommand>(Server::execute_command)
            .finish();
    }

    fn handle_notification(&mut self, notification: Notification) {
        NotificationDispatcher::new(self, notification)
            .on::<DidOpenTextDocument>(Server::did_open)
            .on::<DidChangeTextDocument>(Server::did_change)
            .on::<DidCloseTextDocument>(Server::did_close)
            .on::<DidChangeConfiguration>(Server::did_change_configuration)
            .on::<Cancel>(Server::cancel)
            .on::<DidChangeWatchedFiles>(|s, _| {
                s.reload();
            })
            .finish();
    }

    fn send(&self, message: impl Into<Message>) {
        if self.connection.sender.send(message.into()).is_err() {
            log(format_args!("the client connection is closed"));
        }
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn show_error(&self, message: String) {
        log(format_args!("{message}"));
        self.notify::<ShowMessage>(ShowMessageParams {
            typ: MessageType::ERROR,
            message,
        });
    }

    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    fn debounce(&self) -> Duration {
        self.setup
            .settings
            .debounce_ms
            .map_or(DEBOUNCE, Duration::from_millis)
    }

    /// Rebuilds the linter from the settings and re-lints every open document; on failure,
    /// says why and changes nothing.
    fn reload(&mut self) -> bool {
        match self.setup.load() {
            Ok((linter, articles)) => {
                self.linter = Arc::new(linter);
                self.articles = articles;
            }
            Err(e) => {
                self.show_error(format!("replylint: {e}; keeping the previous settings"));
                return false;
            }
        }
        let now = Instant::now();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            let generation = self.next_generation();
            let doc = self.docs.get_mut(&uri).expect("uri taken from the map");
            doc.invalidate(generation);
            doc.due = Some(now);
        }
        if self.client.pull_diagnostics && self.client.diagnostic_refresh && !self.docs.is_empty() {
            self.request_client(WorkspaceDiagnosticRefresh::METHOD, serde_json::Value::Null);
        }
        true
    }

    /// Sends a request to the client; its answer is ignored (see [`Server::handle`]).
    fn request_client(&mut self, method: &str, params: serde_json::Value) {
        self.next_request += 1;
        let id = RequestId::from(format!("replylint-{}", self.next_request));
        self.send(Request::new(id, method.to_owned(), params));
    }

    fn start_due_lints(&mut self) {
        let now = Instant::now();
        for (uri, doc) in &mut self.docs {
            if doc.due.is_none_or(|due| due > now) {
                continue;
            }
            doc.due = None;
            self.workers.lint(
                doc.text.len(),
                Job::Lint {
                    uri: uri.clone(),
                    generation: doc.generation,
                    latest: Arc::clone(&doc.latest),
                    text: Arc::clone(&doc.text),
                    format: doc.format(),
                    linter: Arc::clone(&self.linter),
                },
            );
        }
    }

    fn on_linted(&mut self, linted: Linted) {
        let Some(doc) = self.docs.get_mut(&linted.uri) else {
            return;
        };
        if doc.generation != linted.generation {
            return;
        }
        let findings = linted.findings.unwrap_or_else(|e| {
            log(format_args!("{e}"));
            Vec::new()
        });
        doc.findings = Some(Arc::new(findings));
        if !self.client.pull_diagnostics {
            self.publish(&linted.uri);
        }
        self.release_parked(&linted.uri);
    }

    /// Pushes the current findings of `uri` (none once it is closed).
    fn publish(&self, uri: &Uri) {
        let (diagnostics, version) = match self.docs.get(uri) {
            Some(doc) => (
                lsp_diagnostics(doc, self.client.encoding),
                Some(doc.version),
            ),
            None => (Vec::new(), None),
        };
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        });
    }

    fn release_parked(&mut self, uri: &Uri) {
        let (ready, waiting) = std::mem::take(&mut self.parked)
            .into_iter()
            .partition(|(u, _)| u == uri);
        self.parked = waiting;
        for (_, request) in ready {
            self.handle_request(request);
        }
    }

    /// The document at `uri` if its findings are current. If they are not, brings its lint
    /// forward and says to wait; if it is not open, gives `missing` as the answer.
    fn ready<T>(&mut self, uri: &Uri, missing: T) -> Result<&OpenDocument, Reply<T>> {
        let Some(doc) = self.docs.get_mut(uri) else {
            return Err(Reply::Done(Ok(missing)));
        };
        if doc.findings.is_none() {
            if doc.due.is_some() {
                doc.due = Some(Instant::now());
            }
            return Err(Reply::WaitFor(uri.clone()));
        }
        Ok(doc)
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let generation = self.next_generation();
        let mut doc = OpenDocument::new(item.language_id, item.version, item.text, generation);
        doc.due = Some(Instant::now());
        self.docs.insert(item.uri, doc);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let generation = self.next_generation();
        let due = Instant::now() + self.debounce();
        let (encoding, uri) = (self.client.encoding, params.text_document.uri);
        let Some(doc) = self.docs.get_mut(&uri) else {
            log(format_args!(
                "didChange for {} which is not open",
                uri.as_str()
            ));
            return;
        };
        doc.apply_changes(
            params.text_document.version,
            params.content_changes,
            encoding,
            generation,
        );
        doc.due = Some(due);
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.docs.remove(&uri).is_some() && !self.client.pull_diagnostics {
            self.publish(&uri);
        }
        self.release_parked(&uri);
    }

    fn did_change_configuration(&mut self, params: DidChangeConfigurationParams) {
        match Settings::from_json(params.settings) {
            Ok(settings) => {
                let previous = std::mem::replace(&mut self.setup.settings, settings);
                if !self.reload() {
                    self.setup.settings = previous;
                }
            }
            Err(e) => self.show_error(format!("replylint: invalid settings: {e}")),
        }
    }

    fn cancel(&mut self, params: lsp_types::CancelParams) {
        let id = match params.id {
            NumberOrString::Number(n) => RequestId::from(n),
            NumberOrString::String(s) => RequestId::from(s),
        };
        let parked = self.parked.iter().position(|(_, r)| r.id == id);
        if let Some(i) = parked {
            self.parked.remove(i);
        }
        if parked.is_some() || self.workers.cancel(&id) {
            self.respond(Response::new_err(
                id,
                ErrorCode::RequestCanceled as i32,
                "cancelled".into(),
            ));
        }
    }

    fn code_action(
        &mut self,
        id: RequestId,
        params: CodeActionParams,
    ) -> Reply<Option<CodeActionResponse>> {
        let (client, limit) = (
            self.client,
            self.setup.settings.article_links.unwrap_or(ARTICLE_LINKS),
        );
        let uri = params.text_document.uri;
        let doc = match self.ready(&uri, None) {
            Ok(doc) => doc,
            Err(reply) => return reply,
        };
        let (version, language, text, lines) = (
            doc.version,
            doc.language.clone(),
            Arc::clone(&doc.text),
            Arc::clone(&doc.lines),
        );
        let findings = Arc::clone(doc.findings.as_ref().expect("ready means linted"));
        let format = doc.format();
        let articles = Arc::clone(&self.articles);
        let wants_fixes = params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                k == &CodeActionKind::QUICKFIX
                    || CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str())
            })
        });
        if !wants_fixes {
            return Reply::Done(Ok(Some(Vec::new())));
        }
        self.workers.answer(id, move || {
            let pos = convert::Positions::new(&text, &lines, client.encoding);
            let range = pos.span(params.range);
            let suggested = if limit == 0 {
                Vec::new()
            } else {
                articles
                    .suggest(&Document::parse(&*text, format), limit)
                    .unwrap_or_else(|e| {
                        log(format_args!("article suggestions failed: {e}"));
                        Vec::new()
                    })
            };
            let snapshot = Snapshot {
                uri: &uri,
                version,
                language: &language,
                pos,
                text: &text,
                findings: &findings,
                versioned_edits: client.versioned_edits,
            };
            let actions = snapshot.code_actions(range, &suggested, format);
            Ok(serde_json::to_value(actions).expect("code actions serialize"))
        });
        Reply::Handed
    }

    fn hover(&mut self, _: RequestId, params: HoverParams) -> Reply<Option<Hover>> {
        let encoding = self.client.encoding;
        let at = params.text_document_position_params;
        let linter = Arc::clone(&self.linter);
        let doc = match self.ready(&at.text_document.uri, None) {
            Ok(doc) => doc,
            Err(reply) => return reply,
        };
        let pos = doc.positions(encoding);
        let findings = doc.findings.as_deref().expect("ready means linted");
        Reply::Done(Ok(features::hover(
            &pos,
            findings,
            pos.offset(at.position),
            &linter,
        )))
    }

    fn pull_diagnostics(
        &mut self,
        _: RequestId,
        params: DocumentDiagnosticParams,
    ) -> Reply<DocumentDiagnosticReportResult> {
        let encoding = self.client.encoding;
        let empty = DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport::default(),
        ));
        let doc = match self.ready(&params.text_document.uri, empty) {
            Ok(doc) => doc,
            Err(reply) => return reply,
        };
        let result_id = doc.generation.to_string();
        let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: lsp_diagnostics(doc, encoding),
                },
            })
        };
        Reply::Done(Ok(DocumentDiagnosticReportResult::Report(report)))
    }

    fn execute_command(
        &mut self,
        id: RequestId,
        params: ExecuteCommandParams,
    ) -> Reply<Option<serde_json::Value>> {
        if params.command != SUGGEST_ARTICLES {
            let message = format!(
                "unknown command {} (this server runs {SUGGEST_ARTICLES})",
                params.command
            );
            return Reply::Done(Err(dispatch::error(ErrorCode::InvalidParams, message)));
        }
        let args: SuggestArgs = match params
            .arguments
            .into_iter()
            .next()
            .map(serde_json::from_value)
            .transpose()
        {
            Ok(Some(args)) => args,
            Ok(None) => {
                return Reply::Done(Err(dispatch::error(
                    ErrorCode::InvalidParams,
                    "expected one argument",
                )));
            }
            Err(e) => {
                return Reply::Done(Err(dispatch::error(
                    ErrorCode::InvalidParams,
                    format!("bad argument: {e}"),
                )));
            }
        };
        let (text, format) = match (&args.uri, args.text) {
            (Some(uri), _) => match self.docs.get(uri) {
                Some(doc) => (Arc::clone(&doc.text), doc.format()),
                None => {
                    let message = format!("{} is not open", uri.as_str());
                    return Reply::Done(Err(dispatch::error(ErrorCode::InvalidParams, message)));
                }
            },
            (None, Some(text)) => (Arc::from(text), Format::Text),
            (None, None) => {
                let message = "the argument needs `uri` (an open document) or `text`";
                return Reply::Done(Err(dispatch::error(ErrorCode::InvalidParams, message)));
            }
        };
        let (customer, limit, articles) = (
            args.customer,
            args.limit.unwrap_or(5),
            Arc::clone(&self.articles),
        );
        self.workers.answer(id, move || {
            let mut doc = Document::parse(&*text, format);
            if let Some(customer) = customer {
                doc = doc.with_customer(customer);
            }
            let found = articles
                .suggest(&doc, limit)
                .map_err(|e| dispatch::error(ErrorCode::RequestFailed, e))?;
            Ok(serde_json::to_value(found).expect("articles serialize"))
        });
        Reply::Handed
    }
}

/// The LSP form of a document's current findings.
fn lsp_diagnostics(doc: &OpenDocument, encoding: Encoding) -> Vec<lsp_types::Diagnostic> {
    let pos = doc.positions(encoding);
    let findings = doc.findings.as_deref().map_or(&[][..], Vec::as_slice);
    findings
        .iter()
        .enumerate()
        .map(|(i, d)| convert::diagnostic(&pos, d, doc.version, i))
        .collect()
}

/// The argument of `replylint.suggestArticles`: an open document or a text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestArgs {
    uri: Option<Uri>,
    text: Option<String>,
    customer: Option<String>,
    limit: Option<usize>,
}

impl Host for Server {
    fn respond(&mut self, response: Response) {
        self.send(response);
    }

    fn park(&mut self, uri: Uri, request: Request) {
        self.parked.push((uri, request));
    }
}
