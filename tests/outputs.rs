//! Snapshot tests of every output format (text, JSON, SARIF, GitHub annotations, checkstyle,
//! rdjson) over the fixtures in `tests/fixtures/` (helpdesk exports and template files), SARIF
//! validation against the vendored official schema, and positions inside JSON strings with
//! escapes.
//!
//! Only the rules the fixtures exercise run (`condescension`, `template-placeholder`), so rules
//! added elsewhere do not change these snapshots.

use std::path::{Path, PathBuf};

use replylint::config::Level;
use replylint::render::{Report, checkstyle, github, human, json, rdjson, sarif};
use replylint::sources::{Export, Options, TemplateRef};
use replylint::text::LineIndex;
use replylint::{Config, Diagnostic, Document, Format, Linter};

const KEPT: &[&str] = &["condescension", "template-placeholder"];

/// A checked fixture, owning what a [`Report`] borrows.
struct Checked {
    path: PathBuf,
    text: String,
    diagnostics: Vec<Diagnostic>,
    templates: Vec<TemplateRef>,
}

impl Checked {
    fn report(&self) -> Report<'_> {
        Report {
            templates: &self.templates,
            ..Report::new(&self.path, &self.text, &self.diagnostics)
        }
    }
}

fn linter() -> Linter {
    let path = Path::new("tests/fixtures/templates.toml");
    let mut config = Config::load(path).expect("fixture config loads");
    let all = Linter::from_config(&config).expect("bundled rules load");
    for meta in all
        .rules()
        .metas()
        .iter()
        .filter(|m| !KEPT.contains(&m.id.as_str()))
    {
        config.set_level(&meta.id, Level::Off);
    }
    Linter::from_config(&config).expect("bundled rules load")
}

fn check(linter: &Linter, path: &Path) -> Checked {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let path = path.to_owned();
    if path.extension().is_some_and(|e| e == "json") {
        let export =
            Export::parse(&path, &text, None, Options::default()).expect("fixture is an export");
        let checked = export.check(linter, &text);
        return Checked {
            path,
            text,
            diagnostics: checked.diagnostics,
            templates: checked.templates,
        };
    }
    let diagnostics = linter.check(&Document::parse(text.as_str(), Format::from_path(&path)));
    Checked {
        path,
        text,
        diagnostics,
        templates: Vec::new(),
    }
}

fn fixtures() -> Vec<Checked> {
    let linter = linter();
    let mut paths: Vec<PathBuf> = ["tests/fixtures/macros", "tests/fixtures/templates"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .expect("fixture dir exists")
                .map(|e| e.expect("readable entry").path())
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| check(&linter, p)).collect()
}

#[test]
fn text_output() {
    let checked = fixtures();
    let out: String = checked
        .iter()
        .map(|c| human::render(&c.report(), human::Color::Never))
        .collect();
    insta::assert_snapshot!(out);
}

#[test]
fn json_output() {
    let checked = fixtures();
    let entries: Vec<_> = checked
        .iter()
        .map(|c| json::file_entry(&c.report()))
        .collect();
    insta::assert_snapshot!(serde_json::to_string_pretty(&entries).expect("serializes"));
}

#[test]
fn github_output() {
    let checked = fixtures();
    let out: String = checked
        .iter()
        .map(|c| github::render(&c.report()))
        .collect();
    insta::assert_snapshot!(out);
}

#[test]
fn checkstyle_output() {
    let checked = fixtures();
    let reports: Vec<Report<'_>> = checked.iter().map(Checked::report).collect();
    insta::assert_snapshot!(checkstyle::render(&reports));
}

#[test]
fn rdjson_output() {
    let checked = fixtures();
    let reports: Vec<Report<'_>> = checked.iter().map(Checked::report).collect();
    insta::assert_snapshot!(
        serde_json::to_string_pretty(&rdjson::render(&reports)).expect("serializes")
    );
}

fn sarif_log() -> serde_json::Value {
    let checked = fixtures();
    let reports: Vec<Report<'_>> = checked.iter().map(Checked::report).collect();
    sarif::render(&reports, &linter())
}

#[test]
fn sarif_output() {
    let mut log = sarif_log();
    // Rule texts belong to the rules (and change with them); the rendering is what is pinned.
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["semanticVersion"] = "[version]".into();
    for rule in driver["rules"].as_array_mut().expect("rules array") {
        if rule["id"] != "template-placeholder" {
            for key in ["shortDescription", "fullDescription", "help"] {
                rule[key] = serde_json::json!({"text": "[rule text]"});
            }
        }
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).expect("serializes"));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    // tests/schemas/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema, vendored so the
    // check runs offline.
    // The 2.1.0 schema's `language` patterns have a stray `]` that strict regex syntax rejects
    // (the schema itself is checked against its meta-schema); use the pattern the spec
    // describes. We never emit `language`.
    const STRAY: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    let source = include_str!("schemas/sarif-schema-2.1.0.json");
    assert!(source.contains(STRAY), "vendored schema changed");
    let source = source.replace(STRAY, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&source).expect("schema is JSON");
    // Offline: every reference is inside the file, and nothing may be fetched.
    let validator = jsonschema::options()
        .offline()
        .build(&schema)
        .expect("schema compiles");
    let log = sarif_log();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    // The schema does not encode what GitHub code scanning additionally requires.
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{} lacks {key}",
                rule["id"]
            );
        }
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 10, "fixtures produce findings");
    for r in results {
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(uri.starts_with("tests/fixtures/"), "relative uri: {uri}");
    }
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(
        !validator.is_valid(&broken),
        "a run without a tool is invalid, so the check can fail"
    );
}

/// Positions inside JSON strings with `\n`, `\"`, `\u00e9` and a surrogate pair land on the
/// right line and column of the file.
#[test]
fn findings_inside_escaped_strings_point_into_the_file() {
    let path = Path::new("tests/fixtures/macros/zendesk-macros.json");
    let c = check(&linter(), path);
    let lines = LineIndex::new(&c.text);
    let at =
        |needle: &str| lines.line_col(&c.text, c.text.find(needle).expect("needle in fixture"));
    let found = |rule: &str, excerpt: &str| {
        let (i, d) = c
            .diagnostics
            .iter()
            .enumerate()
            .find(|(_, d)| d.rule == rule && d.excerpt(&c.text) == excerpt)
            .unwrap_or_else(|| panic!("no {rule} finding at {excerpt:?}"));
        (lines.line_col(&c.text, d.span.start), &c.templates[i])
    };
    // After `Caf\u00e9 \ud83d\ude00 \"owner\",\n` on the same JSON line.
    let (pos, t) = found("condescension", "obviously");
    assert_eq!(pos, at("obviously the refund went"));
    assert_eq!(t.pointer, "/macros/1/actions/1/value/1");
    assert_eq!(
        (t.id.clone(), t.title.as_str()),
        (serde_json::json!(9002), "Billing::Refund \"fast\" café 😀")
    );
    assert_eq!(t.offset, "Café 😀 \"owner\",\n".len());
    let (pos, _) = found("template-placeholder", "{{ticket.requestor.name}}");
    assert_eq!(pos, at("{{ticket.requestor.name}}"));
    // The HTML body of the first macro.
    let (pos, t) = found("condescension", "Obviously");
    assert_eq!(pos, at("Obviously, the courier"));
    assert_eq!(t.pointer, "/macros/0/actions/0/value");
}
