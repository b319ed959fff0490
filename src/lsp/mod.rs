//! The language server behind `replylint lsp`: lints drafts as they are typed in any editor.
//! It keeps open documents in sync incrementally, pushes diagnostics (or answers pull requests
//! where the client supports them), offers quick fixes, suppressions and article links as code
//! actions, and explains rules on hover. The loop in [`server`] reads messages; lints and
//! knowledge-base queries run on worker threads, so a large buffer never blocks it.
//! Positions are converted in [`convert`] only, in the encoding agreed at initialize.

pub mod articles;
pub mod convert;
mod dispatch;
mod features;
mod server;
mod state;
mod transport;

use std::path::PathBuf;

pub use server::{SUGGEST_ARTICLES, serve};

/// How the server is started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A config file to use instead of `.replylint.toml` found from the workspace root.
    pub config: Option<PathBuf>,
}

/// Why the server stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("invalid initialize params: {0}")]
    InitializeParams(#[source] serde_json::Error),
    #[error("language server I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves over stdin/stdout until the client sends `exit`. Returns whether `shutdown` came
/// first (the process should then exit with 0, else 1).
pub fn run_stdio(options: Options) -> Result<bool, Error> {
    let (connection, io_threads) = transport::stdio();
    let clean = serve(connection, options)?;
    io_threads.join()?;
    Ok(clean)
}
