//! The `replylint` binary: maps arguments onto the library, picks a renderer, sets the exit code.
//! Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage, input or config errors.

mod args;

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use rayon::prelude::*;
use replylint::input::{self, Loaded, Record};
use replylint::render::{self, Report, human};
use replylint::sources::{self, Export, ExportKind, TemplateRef};
use replylint::{Config, Diagnostic, Document, Format, Linter, Severity};

use replylint::kb::{self, Article, KnowledgeBase, Query};

use args::{
    CheckArgs, Cli, ColorChoice, Command, EvalArgs, EvalKbArgs, FailOn, InputFormat, KbCommand,
    ListFormat, OutputFormat, SuggestArgs,
};

/// Records processed together in `--input-format jsonl`; bounds memory however long the input.
const BATCH: usize = 512;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Lsp = cli.command {
        // The server finds `.replylint.toml` from the workspace root and reports config errors
        // to the editor, so a broken file here must not stop it from starting.
        let options = replylint::lsp::Options { config: cli.config };
        let clean = replylint::lsp::run_stdio(options).context("language server failed")?;
        return Ok(if clean {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Check(args) => check(&config, &args),
        Command::Eval(args) => eval(&config, &args),
        Command::Kb(KbCommand::Index {
            sources,
            index,
            format,
        }) => kb_index(&config, &sources, index.as_deref(), format),
        Command::Suggest(args) => suggest(&config, &args),
        Command::EvalKb(args) => eval_kb(&config, &args),
        Command::Rules { format } => {
            let linter = Linter::from_config(&config)?;
            let mut out = io::stdout().lock();
            match format {
                ListFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(linter.rules().metas())?
                )?,
                ListFormat::Text => {
                    for m in linter.rules().metas() {
                        let level = linter.severity(&m.id).map_or("off", Severity::as_str);
                        writeln!(
                            out,
                            "{:<28} {:<12} {:<8} {}",
                            m.id, m.category, level, m.summary
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let linter = Linter::from_config(&config)?;
            let Some(meta) = linter.rules().get(&rule) else {
                bail!("unknown rule `{rule}` (see `replylint rules`)");
            };
            let mut out = io::stdout().lock();
            writeln!(
                out,
                "{} ({}, {}, protects {})\n",
                meta.id, meta.category, meta.severity, meta.principle
            )?;
            writeln!(out, "{}\n\n{}\n", meta.summary, meta.rationale.trim())?;
            for (label, examples) in [
                ("Flagged", &meta.examples.bad),
                ("Fine", &meta.examples.good),
            ] {
                writeln!(out, "{label}:")?;
                for e in examples.iter().take(5) {
                    if let Some(c) = &e.customer {
                        writeln!(out, "  customer: {}", c.trim())?;
                    }
                    writeln!(out, "  - {}", e.text.trim())?;
                }
                writeln!(out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lsp => unreachable!("handled before loading the config"),
    }
}

fn load_config(path: Option<&Path>) -> Result<Config> {
    Ok(match path {
        Some(path) => Config::load(path)?,
        None => Config::discover(
            &std::env::current_dir().context("cannot read the current directory")?,
        )?,
    })
}

/// Tallies what `check` saw, for the exit code.
#[derive(Default)]
struct Outcome {
    worst: Option<Severity>,
    errors: usize,
}

impl Outcome {
    fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.worst = self.worst.max(diagnostics.iter().map(|d| d.severity).max());
    }

    fn exit_code(&self, fail_on: FailOn) -> ExitCode {
        let threshold = match fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        };
        if self.errors > 0 {
            ExitCode::from(2)
        } else if threshold.is_some_and(|t| self.worst.is_some_and(|w| w >= t)) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

fn check(config: &Config, args: &CheckArgs) -> Result<ExitCode> {
    let linter = Linter::from_config(config)?;
    let customer = match &args.customer {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read customer message", path.display()))?,
        ),
        None => None,
    };
    let color = match args.color {
        ColorChoice::Always => human::Color::Always,
        ColorChoice::Never => human::Color::Never,
        ColorChoice::Auto
            if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
        {
            human::Color::Always
        }
        ColorChoice::Auto => human::Color::Never,
    };
    let kb = match args.articles {
        0 => None,
        _ => Some(open_kb(config, args.kb.as_deref())?),
    };
    let drafts = Drafts {
        linter: &linter,
        kb: kb.as_deref(),
        articles: args.articles,
    };
    let mut outcome = Outcome::default();
    match args.input_format {
        InputFormat::Jsonl => check_records(&drafts, args, color, &mut outcome)?,
        _ => check_files(
            &drafts,
            config,
            args,
            customer.as_deref(),
            color,
            &mut outcome,
        )?,
    }
    Ok(outcome.exit_code(args.fail_on))
}

/// How drafts are checked: the linter, and the knowledge base that suggests articles.
struct Drafts<'a> {
    linter: &'a Linter,
    kb: Option<&'a KnowledgeBase>,
    articles: usize,
}

impl Drafts<'_> {
    /// Lints a draft and suggests articles for it, offering the best one as the link for any
    /// `unlinked-reference` finding.
    fn check(&self, doc: &Document) -> Result<(Vec<Diagnostic>, Vec<Article>)> {
        let mut diagnostics = self.linter.check(doc);
        let articles = match self.kb {
            Some(kb) if doc.has_reply() => kb.suggest(&kb::query_for(doc), self.articles)?,
            _ => Vec::new(),
        };
        kb::link_articles(doc.text(), &mut diagnostics, &articles);
        Ok((diagnostics, articles))
    }
}

/// A checked file: its text and findings (and, for an export, the template of each finding).
struct Checked {
    path: PathBuf,
    text: String,
    diagnostics: Vec<Diagnostic>,
    templates: Vec<TemplateRef>,
    articles: Vec<Article>,
}

impl Checked {
    fn report(&self) -> Report<'_> {
        Report {
            templates: &self.templates,
            articles: &self.articles,
            ..Report::new(&self.path, &self.text, &self.diagnostics)
        }
    }
}

/// The export kind `--input-format` forces, if any.
fn forced_export(format: InputFormat) -> Option<ExportKind> {
    match format {
        InputFormat::Zendesk => Some(ExportKind::ZendeskMacros),
        InputFormat::ZendeskDc => Some(ExportKind::ZendeskDynamicContent),
        InputFormat::Freshdesk => Some(ExportKind::FreshdeskCanned),
        InputFormat::Helpscout => Some(ExportKind::HelpScoutSavedReplies),
        InputFormat::Intercom => Some(ExportKind::IntercomMacros),
        InputFormat::Auto | InputFormat::Jsonl => None,
    }
}

fn check_files(
    drafts: &Drafts<'_>,
    config: &Config,
    args: &CheckArgs,
    customer: Option<&str>,
    color: human::Color,
    outcome: &mut Outcome,
) -> Result<()> {
    let mut extensions: Vec<String> = input::DEFAULT_EXTENSIONS
        .iter()
        .map(|e| (*e).to_owned())
        .collect();
    extensions.push("json".to_owned());
    extensions.extend(
        args.extensions
            .iter()
            .map(|e| e.trim_start_matches('.').to_ascii_lowercase()),
    );
    let current = [PathBuf::from(".")];
    let named = if args.paths.is_empty() {
        &current[..]
    } else {
        &args.paths[..]
    };
    let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) =
        named.iter().partition(|p| p.as_os_str() == "-");
    let mut loaded = Vec::new();
    if !stdin.is_empty() {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        loaded.push(Ok(input::decode(Path::new("<stdin>"), bytes)));
    }
    let mut files = Vec::new();
    for path in paths {
        match input::collect(std::slice::from_ref(path), &extensions, &config.ignore) {
            Ok(found) => files.extend(found),
            Err(e) => loaded.push(Err(e)),
        }
    }
    let forced = forced_export(args.input_format);
    let options = sources::Options {
        include_inactive: args.include_inactive,
    };
    // Ok(None): a JSON file found in a directory that is not an export, skipped.
    let linter = drafts.linter;
    let lint = |source: input::Source| -> Result<Option<Checked>> {
        if forced.is_some() || sources::is_export_path(&source.path) {
            let export = match Export::parse(&source.path, &source.text, forced, options) {
                Ok(export) => export,
                Err(sources::ExportError::Unknown { .. }) if !args.paths.contains(&source.path) => {
                    return Ok(None);
                }
                Err(e) => return Err(e.into()),
            };
            let checked = export.check(linter, &source.text);
            let (diagnostics, templates) = (checked.diagnostics, checked.templates);
            return Ok(Some(Checked {
                path: source.path,
                text: source.text,
                diagnostics,
                templates,
                articles: Vec::new(),
            }));
        }
        let mut doc = Document::parse(source.text, source.format);
        if let Some(c) = customer {
            doc = doc.with_customer(c);
        }
        let (diagnostics, articles) = drafts.check(&doc)?;
        Ok(Some(Checked {
            path: source.path,
            text: doc.text().to_owned(),
            diagnostics,
            templates: Vec::new(),
            articles,
        }))
    };
    loaded.par_extend(files.par_iter().map(|p| input::read(p)));
    let results: Vec<_> = loaded
        .into_par_iter()
        .map(|r| {
            r.map_err(anyhow::Error::from).and_then(|l| match l {
                Loaded::Text { source, warning } => {
                    let path = source.path.clone();
                    let checked = lint(source)?;
                    let skipped = checked
                        .is_none()
                        .then(|| format!("{}: skipped: not a helpdesk export", path.display()));
                    Ok((checked, warning.or(skipped)))
                }
                Loaded::Skipped { path, reason } => {
                    Ok((None, Some(format!("{}: skipped: {reason}", path.display()))))
                }
            })
        })
        .collect();
    let mut checked = Vec::new();
    for r in results {
        match r {
            Ok((c, note)) => {
                if let Some(note) = note {
                    eprintln!("warning: {note}");
                }
                checked.extend(c);
            }
            Err(e) => {
                eprintln!("error: {e}");
                outcome.errors += 1;
            }
        }
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let reports = checked.iter().map(Checked::report);
    match args.format {
        OutputFormat::Text => {
            let mut total = 0;
            for report in reports {
                total += report.diagnostics.len();
                out.write_all(human::render(&report, color).as_bytes())?;
            }
            if args.format == OutputFormat::Text && !checked.is_empty() {
                let files = checked.len();
                writeln!(
                    out,
                    "{total} finding{} in {files} file{}",
                    plural(total),
                    plural(files)
                )?;
            }
        }
        OutputFormat::Json => {
            let entries: Vec<_> = reports.map(|r| render::json::file_entry(&r)).collect();
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        OutputFormat::Jsonl => {
            for report in reports {
                serde_json::to_writer(&mut out, &render::json::file_entry(&report))?;
                writeln!(out)?;
            }
        }
        OutputFormat::Sarif => {
            let reports: Vec<Report<'_>> = reports.collect();
            serde_json::to_writer_pretty(&mut out, &render::sarif::render(&reports, linter))?;
            writeln!(out)?;
        }
        OutputFormat::Github => {
            for report in reports {
                out.write_all(render::github::render(&report).as_bytes())?;
            }
        }
        OutputFormat::Checkstyle => {
            let reports: Vec<Report<'_>> = reports.collect();
            out.write_all(render::checkstyle::render(&reports).as_bytes())?;
        }
        OutputFormat::Rdjson => {
            let reports: Vec<Report<'_>> = reports.collect();
            serde_json::to_writer(&mut out, &render::rdjson::render(&reports))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    for c in &checked {
        outcome.add(&c.diagnostics);
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `--input-format jsonl`: streams records in batches, checked in parallel, written in input
/// order. A malformed line gives an error object in its place and exit status 2 at the end.
fn check_records(
    drafts: &Drafts<'_>,
    args: &CheckArgs,
    color: human::Color,
    outcome: &mut Outcome,
) -> Result<()> {
    if matches!(
        args.format,
        OutputFormat::Sarif | OutputFormat::Checkstyle | OutputFormat::Rdjson
    ) {
        bail!(
            "--format sarif, checkstyle and rdjson locate findings in files; they do not take --input-format jsonl"
        );
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let sources: Vec<(String, Box<dyn BufRead>)> =
        if args.paths.iter().all(|p| p.as_os_str() == "-") {
            vec![("<stdin>".to_owned(), Box::new(io::stdin().lock()))]
        } else {
            let mut v: Vec<(String, Box<dyn BufRead>)> = Vec::new();
            for p in &args.paths {
                let file = std::fs::File::open(p)
                    .with_context(|| format!("{}: cannot open", p.display()))?;
                v.push((p.display().to_string(), Box::new(io::BufReader::new(file))));
            }
            v
        };
    let mut json_entries = Vec::new();
    for (name, reader) in sources {
        let mut lines = reader.lines().enumerate();
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            for (n, line) in lines.by_ref().take(BATCH) {
                let line = line.with_context(|| format!("{name}:{}: cannot read", n + 1))?;
                if !line.trim().is_empty() {
                    batch.push((n + 1, line));
                }
            }
            if batch.is_empty() {
                break;
            }
            let results: Vec<_> = batch
                .par_iter()
                .map(|(n, line)| {
                    let record = Record::parse(line).map_err(|e| format!("{name}:{n}: {e}"))?;
                    let mut doc = Document::parse(record.reply, Format::Text);
                    if let Some(c) = record.customer {
                        doc = doc.with_customer(c);
                    }
                    let (diagnostics, articles) = drafts
                        .check(&doc)
                        .map_err(|e| format!("{name}:{n}: {e:#}"))?;
                    Ok::<_, String>((record.id, doc, diagnostics, articles))
                })
                .collect();
            for ((n, _), result) in batch.iter().zip(results) {
                let (id, doc, diagnostics, articles) = match result {
                    Ok(ok) => ok,
                    Err(message) => {
                        eprintln!("error: {message}");
                        outcome.errors += 1;
                        let entry = serde_json::json!({"id": null, "line": n, "error": message});
                        match args.format {
                            OutputFormat::Json => json_entries.push(entry),
                            _ => writeln!(out, "{entry}")?,
                        }
                        continue;
                    }
                };
                outcome.add(&diagnostics);
                let label = match &id {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let path = PathBuf::from(&label);
                let report = Report {
                    articles: &articles,
                    ..Report::new(&path, doc.text(), &diagnostics)
                };
                match args.format {
                    OutputFormat::Text => {
                        out.write_all(human::render(&report, color).as_bytes())?
                    }
                    OutputFormat::Github => {
                        out.write_all(render::github::render(&report).as_bytes())?
                    }
                    OutputFormat::Sarif | OutputFormat::Checkstyle | OutputFormat::Rdjson => {
                        unreachable!("rejected before reading records")
                    }
                    OutputFormat::Jsonl | OutputFormat::Json => {
                        let mut entry = serde_json::json!({"id": id, "diagnostics": render::json::diagnostics(&report)});
                        if !articles.is_empty() {
                            entry["articles"] = serde_json::to_value(&articles)?;
                        }
                        match args.format {
                            OutputFormat::Json => json_entries.push(entry),
                            _ => writeln!(out, "{entry}")?,
                        }
                    }
                }
            }
            out.flush()?;
        }
    }
    if args.format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &json_entries)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn eval(config: &Config, args: &EvalArgs) -> Result<ExitCode> {
    let linter = Linter::from_config(config)?;
    let mut out = io::stdout().lock();
    let mut below = false;
    for path in &args.files {
        let source = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let cases = replylint::eval::parse_cases(&source)
            .map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
        let scores = replylint::eval::evaluate(&linter, &cases);
        writeln!(out, "{} ({} cases)", path.display(), cases.len())?;
        writeln!(
            out,
            "  {:<22} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}",
            "check", "TP", "FP", "FN", "precision", "recall", "F1"
        )?;
        for s in scores
            .iter()
            .filter(|s| args.rule.as_deref().is_none_or(|r| r == s.rule))
        {
            writeln!(
                out,
                "  {:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}",
                s.rule,
                s.tp,
                s.fp,
                s.r#fn,
                s.precision(),
                s.recall(),
                s.f1()
            )?;
            below |= args.min_precision.is_some_and(|m| s.precision() < m)
                || args.min_recall.is_some_and(|m| s.recall() < m);
        }
        if args.show_errors {
            for s in scores
                .iter()
                .filter(|s| args.rule.as_deref().is_none_or(|r| r == s.rule))
            {
                for m in &s.misses {
                    writeln!(
                        out,
                        "  {} {} [{}]: {}",
                        s.rule,
                        m.kind,
                        m.case,
                        m.detail.replace('\n', " ")
                    )?;
                }
            }
        }
    }
    Ok(if below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Index directory used when neither `--index` nor `kb.index` names one.
const DEFAULT_KB_DIR: &str = ".replylint-kb";

fn kb_index(
    config: &Config,
    sources: &[PathBuf],
    index: Option<&Path>,
    format: ListFormat,
) -> Result<ExitCode> {
    let dir = index
        .or(config.kb.index.as_deref())
        .unwrap_or(Path::new(DEFAULT_KB_DIR));
    let report = kb::index(sources, dir)?;
    for skipped in &report.skipped {
        let id = skipped
            .id
            .as_deref()
            .map_or_else(String::new, |id| format!(" ({id})"));
        eprintln!("skipped: {}{id}: {}", skipped.source, skipped.reason);
    }
    let mut out = io::stdout().lock();
    match format {
        ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ListFormat::Text => writeln!(
            out,
            "{}: added {}, updated {}, removed {}, unchanged {}, skipped {}; {} articles",
            dir.display(),
            report.added,
            report.updated,
            report.removed,
            report.unchanged,
            report.skipped.len(),
            report.total
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A knowledge base opened from a directory, or the bundled one.
enum OpenKb {
    Dir(Box<KnowledgeBase>),
    Bundled(&'static KnowledgeBase),
}

impl std::ops::Deref for OpenKb {
    type Target = KnowledgeBase;

    fn deref(&self) -> &KnowledgeBase {
        match self {
            OpenKb::Dir(kb) => kb,
            OpenKb::Bundled(kb) => kb,
        }
    }
}

/// `--kb DIR`, else `kb.index` from the config, else the bundled sample (said on stderr).
fn open_kb(config: &Config, kb_arg: Option<&Path>) -> Result<OpenKb> {
    match kb_arg.or(config.kb.index.as_deref()) {
        Some(dir) => Ok(OpenKb::Dir(Box::new(KnowledgeBase::open(dir)?))),
        None => {
            eprintln!(
                "note: no knowledge base configured (--kb DIR or [kb] index); using the bundled sample articles"
            );
            Ok(OpenKb::Bundled(KnowledgeBase::bundled()?))
        }
    }
}

fn read_input(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))
    }
}

fn suggest(config: &Config, args: &SuggestArgs) -> Result<ExitCode> {
    let kb = open_kb(config, args.kb.as_deref())?;
    let mut query = Query::from_draft(read_input(&args.file)?);
    if let Some(path) = &args.customer {
        query = query.with_customer(read_input(path)?);
    }
    let articles = kb.suggest(&query, args.limit)?;
    let mut out = io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let entry = serde_json::json!({"path": args.file, "articles": articles});
            writeln!(out, "{}", serde_json::to_string_pretty(&entry)?)?;
        }
        ListFormat::Text if articles.is_empty() => {
            writeln!(out, "no article above the relevance threshold")?;
        }
        ListFormat::Text => {
            let (open, close) =
                if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                    ("\x1b[1m", "\x1b[0m")
                } else {
                    ("", "")
                };
            for (rank, article) in articles.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} (score {:.2})\n   {}\n   {}",
                    rank + 1,
                    article.title,
                    article.score,
                    article.url,
                    article.marked_snippet(open, close)
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_kb(config: &Config, args: &EvalKbArgs) -> Result<ExitCode> {
    let kb = open_kb(config, args.kb.as_deref())?;
    let report = kb::eval(&kb, &args.file)?;
    let mut out = io::stdout().lock();
    for (message, article) in &report.unknown_articles {
        eprintln!("warning: {message}: article `{article}` is not in the knowledge base");
    }
    writeln!(
        out,
        "{} ({} messages with relevant articles)\n  recall@1 {:.3}\n  recall@3 {:.3}\n  MRR      {:.3}",
        args.file.display(),
        report.queries,
        report.recall_at_1,
        report.recall_at_3,
        report.mrr
    )?;
    if report.no_answer > 0 {
        writeln!(
            out,
            "  off-topic messages with no suggestion: {} of {}",
            report.abstained, report.no_answer
        )?;
    }
    if args.show_misses {
        for miss in &report.misses {
            writeln!(
                out,
                "  miss {}: expected {}, got {}",
                miss.id,
                miss.expected.join(", "),
                miss.got.join(", ")
            )?;
        }
    }
    let below = args.min_recall3.is_some_and(|min| report.recall_at_3 < min);
    Ok(if below {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
