//! Finding a query in laid-out lines.

use std::ops::Range;

use memchr::memmem;

use crate::layout::Line;

/// Whether a query should match case-sensitively: only when it has a capital
/// (the "smart case" of less and vim).
pub fn smart_case(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

fn fold(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Whether text holds one of the two characters beyond ASCII whose
/// lowercase starts with an ASCII letter (İ, U+0130, C4 B0 in UTF-8, to i;
/// the Kelvin sign, U+212A, E2 84 AA, to k): text without them can match an
/// ASCII query only in its ASCII bytes. A SIMD scan for their first bytes
/// (memchr), with no searcher to set up per line.
fn folds_to_ascii(b: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = memchr::memchr2(0xC4, 0xE2, &b[at..]) {
        at += i;
        if b[at..].starts_with("\u{130}".as_bytes()) || b[at..].starts_with("\u{212A}".as_bytes()) {
            return true;
        }
        at += 1;
    }
    false
}

/// Folds a character the fast way for ASCII (the same result).
fn fold_caseless(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        fold(c, false)
    }
}

/// Calls `found` with the byte range of every non-overlapping occurrence of
/// `needle` in `hay`, left to right; with `case_sensitive` false, characters
/// are compared by their first lowercase letter. Allocates nothing.
pub fn each_match(
    hay: &str,
    needle: &str,
    case_sensitive: bool,
    mut found: impl FnMut(Range<usize>),
) {
    if needle.is_empty() || hay.len() < needle.chars().count() {
        return;
    }
    if case_sensitive {
        // Equal characters are equal bytes: memchr's substring search.
        let pat = needle.as_bytes();
        for i in memmem::find_iter(hay.as_bytes(), pat) {
            found(i..i + pat.len());
        }
        return;
    }
    if needle.is_ascii() && !folds_to_ascii(hay.as_bytes()) {
        // Only ASCII characters can match an ASCII query here: compare bytes.
        ascii_caseless(hay.as_bytes(), needle.as_bytes(), found);
        return;
    }
    if hay.is_ascii() {
        // Only a query that folds to ASCII can match ASCII text.
        if !needle.chars().all(|c| fold_caseless(c).is_ascii()) {
            return;
        }
    }
    let first = needle.chars().next().map(fold_caseless);
    let b = hay.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // An ASCII byte that cannot start a match is passed at once.
        if b[i].is_ascii() && Some(char::from(b[i].to_ascii_lowercase())) != first {
            i += 1;
            continue;
        }
        let mut chars = hay[i..].char_indices();
        let mut end = Some(i);
        for p in needle.chars().map(fold_caseless) {
            match chars.next() {
                Some((o, c)) if fold_caseless(c) == p => end = Some(i + o + c.len_utf8()),
                _ => {
                    end = None;
                    break;
                }
            }
        }
        match end {
            Some(end) => {
                found(i..end);
                i = end;
            }
            None => i += hay[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
}

/// Non-overlapping matches of an ASCII pattern in text, ignoring ASCII case.
fn ascii_caseless(hay: &[u8], pat: &[u8], mut found: impl FnMut(Range<usize>)) {
    let first = pat[0].to_ascii_lowercase();
    let letter = first.is_ascii_lowercase();
    let Some(last) = hay.len().checked_sub(pat.len()) else {
        return;
    };
    // Candidates (bytes that may start a match) are found 64 at a time, as
    // a bit mask the compiler computes without branches.
    let mut next = 0;
    let mut base = 0;
    while base <= last {
        let end = (base + 64).min(last + 1);
        let mut mask = hay[base..end].iter().enumerate().fold(0u64, |m, (k, &b)| {
            let hit = if letter {
                b | 0x20 == first
            } else {
                b == first
            };
            m | (u64::from(hit) << k)
        });
        while mask != 0 {
            let at = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if at >= next && hay[at..at + pat.len()].eq_ignore_ascii_case(pat) {
                found(at..at + pat.len());
                next = at + pat.len();
            }
        }
        base = end;
    }
}

/// Byte ranges of every non-overlapping occurrence of `needle` in `hay`.
pub fn find_all(hay: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_match(hay, needle, case_sensitive, |r| out.push(r));
    out
}

/// Every match in laid-out lines: the line's index and the byte range in
/// its text ([`Line::text`]), in order. The same matches as [`find_all`] on
/// each line's text, without building the text of every line.
pub fn find_in_lines(
    lines: &[Line],
    needle: &str,
    case_sensitive: bool,
) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    let mut joined = String::new();
    for (n, line) in lines.iter().enumerate() {
        match line.runs.as_slice() {
            [] => {}
            [one] => each_match(&one.text, needle, case_sensitive, |r| out.push((n, r))),
            runs => {
                joined.clear();
                for r in runs {
                    joined.push_str(&r.text);
                }
                each_match(&joined, needle, case_sensitive, |r| out.push((n, r)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case_search() {
        assert_eq!(
            find_all("Steel and steel", "steel", false),
            vec![0..5, 10..15]
        );
        assert!(smart_case("Steel"));
        assert_eq!(find_all("Steel and steel", "Steel", true), vec![0..5]);
        assert_eq!(find_all("東京と東京", "東京", false), vec![0..6, 9..15]);
        assert!(find_all("abc", "", false).is_empty());
        assert_eq!(find_all("aaaa", "aa", false), vec![0..2, 2..4]);
    }

    #[test]
    fn folding_beyond_ascii() {
        // The Kelvin sign folds to an ASCII k.
        assert_eq!(find_all("1 \u{212A}m", "km", false), vec![2..6]);
        assert_eq!(find_all("ÉTÉ été", "été", false), vec![0..5, 6..11]);
        assert_eq!(find_all("a STEEL", "steel", false), vec![2..7]);
        assert_eq!(find_all("a", "ab", false), Vec::<Range<usize>>::new());
    }

    /// The search as it was: every character folded, compared one by one.
    fn reference(hay: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
        let pat: Vec<char> = needle.chars().map(|c| fold(c, case_sensitive)).collect();
        if pat.is_empty() {
            return Vec::new();
        }
        let chars: Vec<(usize, char)> = hay.char_indices().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i + pat.len() <= chars.len() {
            if chars[i..i + pat.len()]
                .iter()
                .zip(&pat)
                .all(|((_, c), p)| fold(*c, case_sensitive) == *p)
            {
                let start = chars[i].0;
                let end = chars.get(i + pat.len()).map_or(hay.len(), |(b, _)| *b);
                out.push(start..end);
                i += pat.len();
            } else {
                i += 1;
            }
        }
        out
    }

    const FOLD_TO_ASCII: [char; 2] = ['\u{130}', '\u{212A}'];

    #[test]
    fn only_two_characters_beyond_ascii_fold_to_ascii() {
        let folding: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && fold(*c, false).is_ascii())
            .collect();
        assert_eq!(folding, FOLD_TO_ASCII);
        for c in FOLD_TO_ASCII {
            assert!(folds_to_ascii(format!("ab{c}").as_bytes()));
        }
        assert!(!folds_to_ascii("— “quoted” é".as_bytes()));
    }

    #[test]
    fn long_lines_and_boundaries() {
        let hay = format!("{}Steel{}steeL", "x".repeat(40), "é".repeat(20));
        assert_eq!(find_all(&hay, "steel", false), vec![40..45, 85..90]);
        let hay = "s".repeat(70) + "teel";
        assert_eq!(find_all(&hay, "steel", false), vec![69..74]);
        assert_eq!(find_all("a.b", ".", false), vec![1..2]);
        assert_eq!(find_all("x@x`", "`", false), vec![3..4]);
    }

    proptest::proptest! {
        #[test]
        fn same_matches_as_before(
            hay in "(a|A|b|B|é|É|\\u{212A}|k|K|東|京| |İ|i|@|`){0,80}",
            needle in "(a|A|b|é|É|k|K|\\u{212A}|東|İ|i|@|`){1,3}",
            case_sensitive in proptest::bool::ANY,
        ) {
            proptest::prop_assert_eq!(
                find_all(&hay, &needle, case_sensitive),
                reference(&hay, &needle, case_sensitive)
            );
        }
    }
}
