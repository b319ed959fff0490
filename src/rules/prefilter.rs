//! A required-literal prefilter for the declarative patterns. For each pattern it extracts
//! literals one of which every match must start with or contain (`regex-syntax`'s literal
//! extractor), then finds the literals of all patterns in one Aho-Corasick pass over a reply: a
//! pattern none of whose literals occur cannot match and need not run, and a pattern whose
//! matches start with a literal need only be tried, anchored, where one occurs. Most replies
//! contain the literals of only a few patterns, and those only in a few places.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// Most literals the extractor keeps for one pattern before it shortens them (see
/// [`Extractor::limit_total`]). The bundled patterns are alternations of hundreds of phrases, so
/// the default (250) would cut most literals to a few letters that occur in every reply.
const LIMIT_TOTAL: usize = 5000;

/// Literals are cut to this many bytes: long enough to be rare in replies, short enough that
/// the phrases of a pattern share them, which keeps the automaton small (it is built at
/// start-up).
const MAX_LITERAL_LEN: usize = 8;

/// Prefixes shorter than this occur so often (`it` in `with`, `this`, `item`) that trying a
/// pattern at each costs more than one search of the whole reply.
const MIN_PREFIX_LEN: usize = 3;

/// Where a regex may match a text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Candidates {
    /// Nowhere: it cannot match.
    None,
    /// Only starting at these byte offsets, ascending.
    StartingAt(Vec<usize>),
    /// Anywhere: search the whole text.
    Anywhere,
}

/// What a regex's literals say about its matches.
#[derive(Debug, Clone, Copy)]
enum Literals {
    /// Every match starts with one of them.
    Prefixes,
    /// Every match contains one of them.
    Contained,
    /// Nothing: there are none.
    Unknown,
}

/// Which of a list of case-insensitive regexes can match a text, and where.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// Every literal of every regex, matched ASCII case-insensitively.
    searcher: AhoCorasick,
    /// The regex (index into the list) each literal of `searcher` belongs to.
    owners: Vec<usize>,
    /// What the literals of each regex say.
    kinds: Vec<Literals>,
    /// Non-ASCII characters that match an ASCII letter case-insensitively (`K`, the Kelvin
    /// sign, matches `k`). The literal search folds ASCII only, so a text containing one of
    /// these is not filtered.
    ascii_folds: Vec<char>,
}

impl Prefilter {
    /// A prefilter for regexes `sources`, which are matched case-insensitively.
    pub(crate) fn new<'a>(sources: impl IntoIterator<Item = &'a str>) -> Self {
        let mut literals = Vec::new();
        let mut owners = Vec::new();
        let mut kinds = Vec::new();
        for (i, source) in sources.into_iter().enumerate() {
            let (kind, found) = required_literals(source);
            owners.extend(std::iter::repeat_n(i, found.len()));
            literals.extend(found);
            kinds.push(kind);
        }
        let searcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .unwrap_or_else(|_| {
                // Too many literals for one automaton: search every regex everywhere instead.
                owners.clear();
                kinds.fill(Literals::Unknown);
                AhoCorasick::new([""; 0]).expect("an empty automaton builds")
            });
        Prefilter {
            searcher,
            owners,
            kinds,
            ascii_folds: ascii_folds(),
        }
    }

    /// For each regex, where it may match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<Candidates> {
        if !text.is_ascii() && text.chars().any(|c| self.ascii_folds.contains(&c)) {
            return self.kinds.iter().map(|_| Candidates::Anywhere).collect();
        }
        let mut found: Vec<Candidates> = (self.kinds.iter())
            .map(|kind| match kind {
                Literals::Unknown => Candidates::Anywhere,
                _ => Candidates::None,
            })
            .collect();
        for m in self.searcher.find_overlapping_iter(text) {
            let i = self.owners[m.pattern().as_usize()];
            match (&mut found[i], self.kinds[i]) {
                (Candidates::StartingAt(starts), _) => starts.push(m.start()),
                (at @ Candidates::None, Literals::Prefixes) => {
                    *at = Candidates::StartingAt(vec![m.start()]);
                }
                (at, _) => *at = Candidates::Anywhere,
            }
        }
        for at in &mut found {
            if let Candidates::StartingAt(starts) = at {
                // Overlapping matches come in the order they end.
                starts.sort_unstable();
                starts.dedup();
            }
        }
        found
    }
}

/// The literals of `source` (matched case-insensitively) and what they say. Prefixes are
/// preferred; otherwise, of the prefixes and the suffixes of the matches, the set whose
/// shortest literal is longer is used as literals every match contains.
fn required_literals(source: &str) -> (Literals, Vec<Vec<u8>>) {
    // Parsed case-sensitively: a case-insensitive match is a case variant of a case-sensitive
    // one, and the search for the literals folds case.
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(source) else {
        return (Literals::Unknown, Vec::new());
    };
    let extract = |kind: ExtractKind, part: fn(&[u8]) -> &[u8]| {
        let seq = Extractor::new()
            .kind(kind)
            .limit_total(LIMIT_TOTAL)
            .limit_literal_len(MAX_LITERAL_LEN)
            .extract(&hir);
        let mut literals: Vec<Vec<u8>> = (seq.literals()?.iter())
            .map(|l| {
                let part = part(l.as_bytes());
                part[..part.len().min(MAX_LITERAL_LEN)].to_vec()
            })
            .collect();
        // A literal that starts with another one is redundant: where it occurs, so does the
        // other. Sorted, each literal directly follows those it starts with.
        literals.sort_unstable();
        literals.dedup_by(|next, kept| next.starts_with(kept));
        let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
        (shortest > 0).then_some((shortest, literals))
    };
    if let Some((shortest, prefixes)) = extract(ExtractKind::Prefix, first_part)
        && shortest >= MIN_PREFIX_LEN
    {
        return (Literals::Prefixes, prefixes);
    }
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| extract(kind, longest_part))
        .max_by_key(|(shortest, _)| *shortest)
        .map_or((Literals::Unknown, Vec::new()), |(_, literals)| {
            (Literals::Contained, literals)
        })
}

/// The parts of `literal` that an ASCII case-insensitive search finds in every case variant of
/// it, in order, the first one starting at 0 (empty if need be): runs of ASCII characters and
/// characters without case variants. (Any part of a literal every match contains is itself in
/// every match, and the first part of a prefix is a prefix.) Bytes of a character cut by the
/// extractor's length limits end a run.
fn searchable(literal: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let (mut start, mut at) = (0, 0);
    for chunk in literal.utf8_chunks() {
        for c in chunk.valid().chars() {
            if !c.is_ascii() && has_case_variants(c) {
                parts.push(&literal[start..at]);
                start = at + c.len_utf8();
            }
            at += c.len_utf8();
        }
        if !chunk.invalid().is_empty() {
            parts.push(&literal[start..at]);
            at += chunk.invalid().len();
            start = at;
        }
    }
    parts.push(&literal[start..at]);
    parts
}

/// The first searchable part of `literal`, which starts where it starts.
fn first_part(literal: &[u8]) -> &[u8] {
    searchable(literal)[0]
}

/// The longest searchable part of `literal`.
fn longest_part(literal: &[u8]) -> &[u8] {
    let parts = searchable(literal);
    parts
        .into_iter()
        .max_by_key(|p| p.len())
        .expect("never empty")
}

/// Whether a case-insensitive regex matches other characters for `c`.
fn has_case_variants(c: char) -> bool {
    let alone = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    let mut folded = alone.clone();
    folded.case_fold_simple();
    folded != alone
}

/// The non-ASCII characters a case-insensitive regex matches for some ASCII letter.
fn ascii_folds() -> Vec<char> {
    let mut letters = ClassUnicode::new([
        ClassUnicodeRange::new('A', 'Z'),
        ClassUnicodeRange::new('a', 'z'),
    ]);
    letters.case_fold_simple();
    letters
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .filter(|c| !c.is_ascii())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_the_parts_found_in_every_case_variant() {
        assert_eq!(searchable("don’t".as_bytes()), ["don’t".as_bytes()]);
        assert_eq!(
            searchable("naïve café".as_bytes()),
            [&b"na"[..], b"ve caf", b""]
        );
        // A character cut in half by the extractor ends the run.
        assert_eq!(searchable(&"so ’".as_bytes()[..4]), [&b"so "[..], b""]);
        assert_eq!(ascii_folds(), ['\u{17f}', '\u{212a}']);
    }

    #[test]
    fn candidates_are_where_the_literals_occur() {
        let filter = Prefilter::new(["(?-u:\\b)obvious\\w*", "as I said|as I told you", "\\w+ly"]);
        use Candidates::*;
        assert_eq!(
            filter.candidates("Sadly, AS i SAID, as I told you..."),
            [None, StartingAt(vec![7, 18]), Anywhere]
        );
        assert_eq!(
            filter.candidates("OBVIOUSLY"),
            [StartingAt(vec![0]), None, Anywhere]
        );
        assert_eq!(filter.candidates("As I say."), [None, None, None]);
        // `ſ` (long s) matches `s` case-insensitively; the ASCII search would miss it.
        assert_eq!(
            filter.candidates("obviouſly"),
            [Anywhere, Anywhere, Anywhere]
        );
    }
}
