//! Finding a query in laid-out lines.

use std::ops::Range;

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

/// Byte ranges of every non-overlapping occurrence of `needle` in `hay`.
pub fn find_all(hay: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
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
}
