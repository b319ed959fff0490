//! Zed extension: runs `replylint lsp` from PATH and passes the `lsp.replylint` settings'
//! `initialization_options` through.

use zed_extension_api::{self as zed, settings::LspSettings};

struct Replylint;

impl zed::Extension for Replylint {
    fn new() -> Self {
        Replylint
    }

    fn language_server_command(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let command = worktree.which("replylint").ok_or("replylint is not on PATH")?;
        Ok(zed::Command { command, args: vec!["lsp".into()], env: Vec::new() })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree("replylint", worktree).ok().and_then(|s| s.initialization_options))
    }
}

zed::register_extension!(Replylint);
