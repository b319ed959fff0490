//! Command-line arguments (clap derive). Parsing only: `main.rs` maps them onto the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Lint customer-support replies: condescension, blame, missing timelines, unanswered
/// questions; suggest help-center articles.
#[derive(Debug, Parser)]
#[command(name = "replylint", version, about)]
pub struct Cli {
    /// Config file (default: `.replylint.toml` in the current directory or above).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check draft replies (files, directories, or `-` for standard input).
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a rule's rationale and examples.
    Explain {
        /// The rule id, e.g. `condescension`.
        rule: String,
    },
    /// Run the language server over stdin/stdout, for editors.
    Lsp,
    /// Score the core checks on labeled cases (JSONL): precision, recall, F1.
    Eval(EvalArgs),
    /// Build or update a knowledge-base index.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Suggest help-center articles for a draft reply (and the customer's message).
    Suggest(SuggestArgs),
    /// Score article suggestions on labeled customer messages (JSONL): recall@1, recall@3, MRR.
    EvalKb(EvalKbArgs),
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Index Markdown, HTML, Zendesk/Freshdesk JSON and JSONL articles (files or directories).
    /// Re-runs are incremental; articles no longer in SOURCES are removed from the index.
    Index {
        /// Article files or directories.
        #[arg(value_name = "SOURCES", required = true)]
        sources: Vec<PathBuf>,
        /// Index directory (default: `kb.index` from the config, else `.replylint-kb`).
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// Output format for the summary.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// The draft reply (`-` for standard input); `>`-quoted lines count as the customer's words.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The customer's message.
    #[arg(long, value_name = "FILE")]
    pub customer: Option<PathBuf>,
    /// Knowledge-base index (default: `kb.index` from the config, else the bundled sample).
    #[arg(long, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    /// At most this many articles.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct EvalKbArgs {
    /// Labeled messages, one `{"id", "query", "relevant": [...], "reply"?}` per line.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Knowledge-base index (default: `kb.index` from the config, else the bundled sample).
    #[arg(long, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    /// Exit with status 1 if recall@3 is below this.
    #[arg(long, value_name = "X")]
    pub min_recall3: Option<f64>,
    /// List the messages whose first three suggestions miss a relevant article.
    #[arg(long)]
    pub show_misses: bool,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Labeled cases, one JSON object per line.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// List every false negative and false positive.
    #[arg(long)]
    pub show_errors: bool,
    /// Only score (and show errors for) this rule.
    #[arg(long, value_name = "RULE")]
    pub rule: Option<String>,
    /// Exit with status 1 if any check's precision is below this.
    #[arg(long, value_name = "X")]
    pub min_precision: Option<f64>,
    /// Exit with status 1 if any check's recall is below this.
    #[arg(long, value_name = "X")]
    pub min_recall: Option<f64>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: `.`); `-` reads standard input, which is also the
    /// default with `--input-format jsonl`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// Knowledge-base index for article suggestions (default: `kb.index` from the config, else
    /// the bundled sample).
    #[arg(long, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    /// How many articles to suggest per draft; 0 turns suggestions off.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub articles: usize,
    /// The customer's message the draft answers (instead of quoted `>` lines).
    #[arg(long, value_name = "FILE")]
    pub customer: Option<PathBuf>,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Also read files with these extensions from directories (repeatable).
    #[arg(long = "ext", value_name = "EXT")]
    pub extensions: Vec<String>,
    /// Also lint helpdesk templates marked inactive (Zendesk `active: false`).
    #[arg(long)]
    pub include_inactive: bool,
    /// When to color text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: annotated source lines.
    Text,
    /// One JSON array with an entry per file.
    Json,
    /// One JSON object per line (per input record with `--input-format jsonl`).
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// checkstyle XML.
    Checkstyle,
    /// reviewdog's rdjson (carries suggested fixes).
    Rdjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Drafts as files (format from the extension); `.json` files as helpdesk exports of the
    /// kind their content shows.
    Auto,
    /// JSON objects `{"id", "reply", "customer"?}`, one per line.
    Jsonl,
    /// Zendesk macros export (`{"macros": [...]}` or `{"macro": {...}}`).
    Zendesk,
    /// Zendesk dynamic content (`{"items": [...]}`, the text behind `{{dc.*}}`).
    ZendeskDc,
    /// Freshdesk canned responses.
    Freshdesk,
    /// Help Scout saved replies.
    Helpscout,
    /// Intercom macros.
    Intercom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    /// Never fail because of findings.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
