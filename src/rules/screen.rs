//! A screen for the declarative patterns: one lazy DFA over all of them, run once over a reply,
//! tells which patterns match it anywhere. Most replies match none, and the few patterns that
//! do match are then searched on their own.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

/// Makes a lazy DFA cache for each thread that screens.
type CacheFn = Box<dyn Fn() -> Cache + Send + Sync>;

/// Which of a list of case-insensitive regexes match a text.
pub(crate) struct Screen {
    dfa: DFA,
    caches: Pool<Cache, CacheFn>,
}

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screen")
            .field("patterns", &self.dfa.pattern_len())
            .finish()
    }
}

impl Screen {
    /// A screen for `sources`, or `None` when they do not fit one lazy DFA (too large, or a
    /// Unicode word boundary).
    pub(crate) fn new(sources: &[&str], size_limit: usize) -> Option<Screen> {
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new().case_insensitive(true))
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_many(sources)
            .ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(CACHE_CAPACITY)
                    // Give up (and let the caller search another way) when states are rebuilt
                    // more than they are used, as `regex-automata`'s own engines do.
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let for_cache = dfa.clone();
        let caches: Pool<Cache, CacheFn> = Pool::new(Box::new(move || for_cache.create_cache()));
        Some(Screen { dfa, caches })
    }

    /// For each regex, where its last match in `text` ends (`None`: it does not match), or
    /// `None` if the lazy DFA gave up.
    pub(crate) fn last_ends(&self, text: &str) -> Option<Vec<Option<usize>>> {
        let mut ends = vec![None; self.dfa.pattern_len()];
        let mut cache = self.caches.get();
        let dfa = &self.dfa;
        let mut sid = dfa
            .start_state_forward(&mut cache, &Input::new(text))
            .ok()?;
        cache.search_start(0);
        // Match states come one byte late: a match state entered on the byte at `at` means the
        // match ends at `at`.
        let mut record = |cache: &Cache, sid, at| {
            for i in 0..dfa.match_len(cache, sid) {
                ends[dfa.match_pattern(cache, sid, i).as_usize()] = Some(at);
            }
        };
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            cache.search_update(at);
            sid = dfa.next_state(&mut cache, sid, byte).ok()?;
            if sid.is_tagged() {
                if sid.is_match() {
                    record(&cache, sid, at);
                } else if sid.is_dead() {
                    break;
                } else if sid.is_quit() {
                    return None;
                }
            }
        }
        if !sid.is_dead() {
            sid = dfa.next_eoi_state(&mut cache, sid).ok()?;
            if sid.is_match() {
                record(&cache, sid, text.len());
            }
        }
        cache.search_finish(text.len());
        Some(ends)
    }
}

/// Bytes of lazy DFA states each thread keeps.
const CACHE_CAPACITY: usize = 8 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_ends_are_where_each_regex_last_matches() {
        let screen = Screen::new(&[r"(?-u:\b)obvious\w*", "as I said", "zebra"], 1 << 20)
            .expect("fits one lazy DFA");
        assert_eq!(
            screen.last_ends("Obviously, AS i SAID, obvious."),
            Some(vec![Some(29), Some(20), None])
        );
        // `ſ` (long s) matches `s` case-insensitively.
        assert_eq!(
            screen.last_ends("obviouſly"),
            Some(vec![Some(10), None, None])
        );
        assert_eq!(screen.last_ends(""), Some(vec![None, None, None]));
        assert!(
            Screen::new(&[r"\bword\b"], 1 << 20).is_none(),
            "a Unicode word boundary needs another engine"
        );
    }
}
