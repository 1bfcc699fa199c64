//! Where the words of a query are in a text: each term (a word, or a
//! phrase of words one after the other) found by a scan of the bytes for
//! its first word, and only the words from there split off and compared
//! ([`super::words`] says what a word is and when two are the same).

use std::ops::Range;

use memchr::memmem;

use super::words::{same_word, word_ranges};
use crate::layout::find::each_match;

/// A word looked for by a fast scan of bytes: a text that does not hold
/// it anywhere (as a word or inside a longer one) need not be split into
/// words. Made once a search: an exact word's substring searcher takes
/// longer to make than most texts take to scan.
pub(super) enum Mention<'q> {
    Exact(Box<memmem::Finder<'q>>),
    Caseless(&'q str),
}

impl<'q> Mention<'q> {
    pub(super) fn new(word: &'q str, case_sensitive: bool) -> Mention<'q> {
        if case_sensitive {
            Mention::Exact(Box::new(memmem::Finder::new(word)))
        } else {
            Mention::Caseless(word)
        }
    }

    /// Where `text` holds the word, left to right: the byte each
    /// occurrence starts at.
    fn each_in(&self, text: &str, mut at: impl FnMut(usize)) {
        match self {
            Mention::Exact(finder) => finder.find_iter(text.as_bytes()).for_each(at),
            Mention::Caseless(word) => each_match(text, word, false, |r| at(r.start)),
        }
    }
}

/// How far back from an occurrence a word's start is looked for before the
/// whole text is split into words instead: a word of a briefing is far
/// shorter, but text of a script written without spaces may run on.
const LOOK_BACK: usize = 256;

/// Where the word holding byte `at` of `text` can be found: the nearest
/// place at or before it where splitting into words may start afresh (the
/// text's start, or just after an ASCII character that is no letter or
/// digit, which always ends a word); `None` when there is none within
/// [`LOOK_BACK`] bytes.
fn restart_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let floor = at.saturating_sub(LOOK_BACK);
    let mut p = at;
    while p > 0 {
        let b = bytes[p - 1];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            return Some(p);
        }
        if p == floor {
            return None;
        }
        p -= 1;
    }
    Some(0)
}

/// Where each term is in `text`: byte ranges, and which terms were seen.
///
/// A scan of the bytes finds each place a term's first word is written
/// (most texts of a briefing that matches hold none, and most that hold
/// one hold it once), and only the words from there are split off and
/// compared: a text is not split into words as a whole. A word that is a
/// term's first word is always found by that scan (it compares characters
/// by the same rule as [`same_word`]), so no match is missed.
pub(super) fn occurrences(
    text: &str,
    terms: &[Vec<String>],
    firsts: &[Option<Mention>],
    case_sensitive: bool,
    seen: &mut [bool],
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (t, (term, first)) in terms.iter().zip(firsts).enumerate() {
        let Some(first) = first else {
            continue;
        };
        let Some(at) = term_occurrences(text, term, first, case_sensitive) else {
            // A word whose start is too far back to look for: the whole
            // text split into words.
            return occurrences_in_all_words(text, terms, case_sensitive, seen);
        };
        seen[t] |= !at.is_empty();
        found.extend(at);
    }
    found.sort_by_key(|r| (r.start, r.end));
    found
}

/// Where `term` (its first word found by `first`) is in `text`, in order;
/// `None` when the start of a word its first word is in lies further back
/// than [`LOOK_BACK`].
fn term_occurrences(
    text: &str,
    term: &[String],
    first: &Mention,
    case_sensitive: bool,
) -> Option<Vec<Range<usize>>> {
    let mut found = Vec::new();
    // The start of the last word looked at: each word is compared once,
    // however many times the scan finds the first word in it.
    let mut last = None;
    let mut far = false;
    first.each_in(text, |at| {
        if far {
            return;
        }
        let Some(restart) = restart_before(text, at) else {
            far = true;
            return;
        };
        let mut words = word_ranges(&text[restart..]).map(|r| r.start + restart..r.end + restart);
        // The word the occurrence starts in, if it starts in one.
        let Some(word) = words.find(|r| r.end > at).filter(|r| r.start <= at) else {
            return;
        };
        if last == Some(word.start) {
            return;
        }
        last = Some(word.start);
        let start = word.start;
        let mut end = start;
        let mut matched = 0;
        for (w, r) in term.iter().zip(std::iter::once(word).chain(words)) {
            if !same_word(&text[r.clone()], w, case_sensitive) {
                return;
            }
            end = r.end;
            matched += 1;
        }
        // Every word of the term (the text may end before).
        if matched == term.len() {
            found.push(start..end);
        }
    });
    (!far).then_some(found)
}

/// [`occurrences`] by splitting the whole text into words; for texts where
/// a word's start cannot be found near enough.
fn occurrences_in_all_words(
    text: &str,
    terms: &[Vec<String>],
    case_sensitive: bool,
    seen: &mut [bool],
) -> Vec<Range<usize>> {
    let ranges: Vec<Range<usize>> = word_ranges(text).collect();
    let mut found = Vec::new();
    for (t, term) in terms.iter().enumerate() {
        if term.is_empty() || term.len() > ranges.len() {
            continue;
        }
        for start in 0..=ranges.len() - term.len() {
            let matches = term
                .iter()
                .zip(&ranges[start..])
                .all(|(w, r)| same_word(&text[r.clone()], w, case_sensitive));
            if matches {
                seen[t] = true;
                found.push(ranges[start].start..ranges[start + term.len() - 1].end);
            }
        }
    }
    found.sort_by_key(|r| (r.start, r.end));
    found
}

/// Ranges that overlap or stand with nothing but spaces and signs between
/// them become one: "cold nights" is one hit, not two.
pub(super) fn merge(text: &str, ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        if let Some(last) = out.last_mut()
            && (r.start <= last.end
                || text
                    .get(last.end..r.start)
                    .is_some_and(|gap| !gap.chars().any(char::is_alphanumeric)))
        {
            last.end = last.end.max(r.end);
            continue;
        }
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::words::words;

    /// Text of letters in both cases, a letter whose lower case is two
    /// characters, Han characters (each a word), digits and signs; and
    /// runs long enough that a word's start is not looked for.
    fn text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[abAB é\u{130}漢字1,.'-]{0,80}",
            ("[ab]{250,300}", "[ab ]{0,20}").prop_map(|(a, b)| a + &b),
            ("[漢字]{250,300}", "[ab 漢]{0,20}").prop_map(|(a, b)| b.clone() + &a + &b),
        ]
    }

    proptest::proptest! {
        /// Looking for a term only where its first word is written finds
        /// what comparing every run of words of the text finds.
        #[test]
        fn occurrences_are_those_of_every_run_of_words(
            text in text_strategy(),
            queries in proptest::collection::vec("[abAé\u{130}漢1]{1,3}( [abAé漢1]{1,2}){0,2}", 1..3),
            case_sensitive in proptest::bool::ANY,
        ) {
            let terms: Vec<Vec<String>> = queries.iter().map(|q| words(q, case_sensitive)).collect();
            let firsts: Vec<Option<Mention>> = terms
                .iter()
                .map(|t| t.first().map(|w| Mention::new(w, case_sensitive)))
                .collect();
            let mut seen = vec![false; terms.len()];
            let mut every_seen = vec![false; terms.len()];
            let found = occurrences(&text, &terms, &firsts, case_sensitive, &mut seen);
            let every = occurrences_in_all_words(&text, &terms, case_sensitive, &mut every_seen);
            proptest::prop_assert_eq!(found, every);
            proptest::prop_assert_eq!(seen, every_seen);
        }
    }
}
