//! Phrase patterns: the readable way to write a rule's match. A phrase is a list of words,
//! matched case-insensitively as whole words with any whitespace (or a hyphen) between them.
//!
//! - Contractions match both ways: `you are` also matches `you're`, `don't` also `do not`,
//!   `cannot` also `can't` and `can not`; straight and curly apostrophes are the same.
//! - `word*` matches inflections and other endings: `obvious*` matches `obviously`.
//! - `~` stands for up to three words of any kind: `you ~ wrong` matches `you typed it wrong`.

/// Pronouns that take contracted auxiliaries (`you're`, `we'll`, `it's`).
const PRONOUNS: &[&str] = &[
    "i", "you", "we", "they", "he", "she", "it", "that", "there", "what", "who", "here", "let",
];
/// Auxiliaries with their contracted suffix.
const AUX: &[(&str, &str)] = &[
    ("am", "m"),
    ("are", "re"),
    ("is", "s"),
    ("will", "ll"),
    ("would", "d"),
    ("had", "d"),
    ("have", "ve"),
    ("us", "s"),
];
const APOSTROPHE: &str = "['’‘`]";

/// Compiles a phrase into a regex source (without flags).
pub fn to_regex(phrase: &str) -> Result<String, String> {
    let words = expand(phrase)?;
    if words.is_empty() {
        return Err("empty phrase".into());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (w, next) = (words[i].as_str(), words.get(i + 1).map(String::as_str));
        let contracted = match next {
            Some("not") => negation(w),
            Some(aux) if PRONOUNS.contains(&w) => AUX
                .iter()
                .find(|(full, _)| *full == aux)
                .filter(|(full, _)| (*full != "am" || w == "i") && (*full != "us" || w == "let"))
                .map(|(full, short)| format!("(?:{w}\\s+{full}|{w}{APOSTROPHE}{short})")),
            _ => None,
        };
        match contracted {
            Some(both) => {
                parts.push(both);
                i += 2;
            }
            None => {
                parts.push(word(w));
                i += 1;
            }
        }
    }
    let mut out = String::new();
    if words[0] != "~" {
        out.push_str(r"(?-u:\b)");
    }
    for (n, part) in parts.iter().enumerate() {
        if n > 0 && part != "~" && parts[n - 1] != "~" {
            out.push_str(r"[\s\-]+");
        }
        if part == "~" {
            out.push_str(r"(?:[\s\-]+[\w'’]+){0,3}[\s\-]+");
        } else {
            out.push_str(part);
        }
    }
    let last = words.last().expect("checked non-empty");
    if last.ends_with(|c: char| c.is_alphanumeric()) {
        out.push_str(r"(?-u:\b)");
    }
    Ok(out)
}

/// Splits a phrase into lowercase words with contractions written out in full.
fn expand(phrase: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    for raw in phrase.split_whitespace() {
        let w = raw.to_lowercase().replace(['’', '‘', '`'], "'");
        if w.chars().any(|c| {
            !(c.is_alphanumeric()
                || matches!(
                    c,
                    '\'' | '*' | '~' | '-' | '.' | ',' | '!' | '?' | '$' | '%'
                ))
        }) {
            return Err(format!(
                "phrase `{phrase}` has a character phrases do not allow in `{raw}` (use `regex` instead)"
            ));
        }
        if let Some(stem) = w.strip_suffix("n't") {
            let full = match stem {
                "can" | "ca" => "can",
                "won" | "wo" => "will",
                "shan" => "shall",
                other => other,
            };
            words.push(full.to_owned());
            words.push("not".to_owned());
        } else if let Some((head, tail)) = w.split_once('\'') {
            let aux = AUX
                .iter()
                .find(|(_, short)| *short == tail)
                .map(|(full, _)| *full);
            match aux {
                Some(full) if PRONOUNS.contains(&head) => {
                    words.push(head.to_owned());
                    words.push(if head == "let" { "us" } else { full }.to_owned());
                }
                _ => words.push(w.clone()),
            }
        } else if w == "cannot" {
            words.push("can".into());
            words.push("not".into());
        } else {
            words.push(w);
        }
    }
    Ok(words)
}

/// `do not` / `don't`, `can not` / `cannot` / `can't`, `will not` / `won't`.
fn negation(aux: &str) -> Option<String> {
    let short = match aux {
        "can" => return Some(format!("(?:can\\s*not|can{APOSTROPHE}t)")),
        "will" => "won",
        "shall" => "shan",
        "do" | "does" | "did" | "is" | "are" | "was" | "were" | "have" | "has" | "had"
        | "would" | "should" | "could" | "must" | "need" => aux,
        _ => return None,
    };
    Some(format!("(?:{aux}\\s+not|{short}{APOSTROPHE}t)"))
}

/// One word: escaped, apostrophes either way, a trailing `*` for any ending.
fn word(w: &str) -> String {
    if w == "~" {
        return "~".into();
    }
    let (stem, wild) = match w.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (w, false),
    };
    let mut out = regex::escape(stem).replace('\'', APOSTROPHE);
    if wild {
        out.push_str(r"\w*");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(phrase: &str, text: &str) -> bool {
        regex::Regex::new(&format!("(?i){}", to_regex(phrase).unwrap()))
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn contractions_match_both_ways() {
        assert!(matches("you are wrong", "You’re WRONG"));
        assert!(matches("you're wrong", "you are\n wrong"));
        assert!(matches("don't", "do not"));
        assert!(matches("cannot help", "can't help"));
        assert!(matches("can not help", "cannot help"));
        assert!(matches("we'll", "we will"));
        assert!(matches("won't", "will not"));
        assert!(matches("i am sure", "I'm sure"));
    }

    #[test]
    fn wildcards_gaps_and_boundaries() {
        assert!(matches("obvious*", "Obviously"));
        assert!(!matches("obvious", "obviously"));
        assert!(matches("you ~ wrong", "you typed it wrong"));
        assert!(matches("you ~ wrong", "you wrong"));
        assert!(!matches(
            "you ~ wrong",
            "you typed it in a way that is wrong"
        ));
        assert!(matches("user error", "user-error"));
        assert!(!matches("user", "username"));
    }

    #[test]
    fn bad_phrases_are_rejected() {
        assert!(to_regex("").is_err());
        assert!(to_regex("a (b)").is_err());
    }
}
