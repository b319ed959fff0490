//! `.replylint.toml`: rule levels, extra rule directories, ignore globs, the knowledge base and
//! template settings. Found from the current directory upward, or named with `--config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::{ConfigError, Location};

/// The file name searched for.
pub const FILE_NAME: &str = ".replylint.toml";

/// How a rule is configured: off, or on at a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Level::Off),
            other => other.parse().map(Level::On).map_err(|_| {
                format!("unknown level `{s}` (expected off, hint, info, warning or error)")
            }),
        }
    }
}

/// The parsed configuration. Relative paths in it are resolved against its directory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Per-rule level: `condescension = "error"`, `missing-timeline = "off"`.
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Directories of extra `*.toml` rule files.
    #[serde(default)]
    pub rule_dirs: Vec<PathBuf>,
    /// Gitignore-style globs of paths `check` skips.
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub kb: KbConfig,
    #[serde(default)]
    pub templates: TemplateConfig,
    /// The file this was read from, if any.
    #[serde(skip)]
    pub path: Option<PathBuf>,
    #[serde(skip)]
    source: String,
}

/// `[kb]`: the knowledge base used for article suggestions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KbConfig {
    /// A directory made by `replylint kb index`.
    pub index: Option<PathBuf>,
}

/// `[templates]`: settings for macro and template checks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TemplateConfig {
    /// Placeholder names templates may use, with `*` wildcards (`ticket.*`); empty allows any.
    #[serde(default)]
    pub allowed_placeholders: Vec<String>,
}

impl Config {
    /// Reads and validates the config file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let source =
            std::fs::read_to_string(path).map_err(|e| ConfigError::Io(path.to_owned(), e))?;
        Self::parse(path, &source)
    }

    /// Parses config `source` read from `path`.
    pub fn parse(path: &Path, source: &str) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(source).map_err(|e| ConfigError::Invalid {
            location: Location::at(path, source, e.span().map_or(0, |s| s.start)),
            message: e.message().trim().replace('\n', " "),
        })?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_owned();
        for p in &mut config.rule_dirs {
            *p = dir.join(&*p);
        }
        if let Some(index) = &mut config.kb.index {
            *index = dir.join(&*index);
        }
        for (rule, level) in &config.rules {
            level
                .get_ref()
                .parse::<Level>()
                .map_err(|message| ConfigError::Invalid {
                    location: Location::at(path, source, level.span().start),
                    message: format!("rule `{}`: {message}", rule.get_ref()),
                })?;
        }
        config.path = Some(path.to_owned());
        config.source = source.to_owned();
        Ok(config)
    }

    /// Finds `.replylint.toml` in `dir` or its ancestors and loads it; the default config if
    /// there is none.
    pub fn discover(dir: &Path) -> Result<Self, ConfigError> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
        match dir
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(path) => Self::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// Sets the level of `rule`, as `initializationOptions` or a command-line flag would.
    pub fn set_level(&mut self, rule: &str, level: Level) {
        let text = match level {
            Level::Off => "off".to_owned(),
            Level::On(sev) => sev.as_str().to_owned(),
        };
        self.rules.insert(
            Spanned::new(0..0, rule.to_owned()),
            Spanned::new(0..0, text),
        );
    }

    /// The configured levels, checked against the known rule ids.
    pub fn levels(
        &self,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, Level>, ConfigError> {
        let mut levels = BTreeMap::new();
        for (rule, level) in &self.rules {
            if !known(rule.get_ref()) {
                return Err(ConfigError::Invalid {
                    location: Location::at(
                        self.path.clone().unwrap_or_default(),
                        &self.source,
                        rule.span().start,
                    ),
                    message: format!("unknown rule `{}` (see `replylint rules`)", rule.get_ref()),
                });
            }
            let level = level.get_ref().parse().expect("validated when parsed");
            levels.insert(rule.get_ref().clone(), level);
        }
        Ok(levels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_line_and_column() {
        let err =
            Config::parse(Path::new("c.toml"), "[rules]\ncondescension = \"loud\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml:2:17: rule `condescension`: unknown level `loud` (expected off, hint, info, warning or error)"
        );
        let err = Config::parse(Path::new("c.toml"), "colour = 1\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:1:1: unknown field `colour`"),
            "{err}"
        );
        let config = Config::parse(Path::new("c.toml"), "[rules]\nnope = \"off\"\n").unwrap();
        let err = config.levels(&|id| id == "condescension").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml:2:1: unknown rule `nope` (see `replylint rules`)"
        );
    }
}
