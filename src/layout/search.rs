//! Finding a query in laid-out lines as in the text they were laid out
//! from: a phrase that wrapping split over two lines is found, and what the
//! layout added (indents, bullets, rules, a table's heading row) is never
//! found, so a search finds the same matches at every width.
//!
//! The lines' buffer is searched at memory speed as it is ([`each_match`]).
//! A paragraph with a line break a match could cross (a quick look at the
//! characters on both sides says) is then searched again in its own text,
//! the lines joined by what their breaks took: its matches are those, and
//! the buffer's are everyone else's.

use std::collections::HashSet;
use std::ops::Range;

use super::Lines;
use super::find::{each_match, fold as fold_char};
use super::lines::Join;

/// Calls `found` with every match of `needle` in `lines`, in order and
/// without overlaps, as byte ranges of [`Lines::text`]. A match over a line
/// break runs from its start on one line to its end on a later one (the
/// break and the next line's indent inside the range).
pub fn each_match_in_lines(
    lines: &Lines,
    needle: &str,
    case_sensitive: bool,
    found: impl FnMut(Range<usize>),
) {
    matches_in_lines(lines, needle, case_sensitive, Cuts::Paired, found);
}

/// [`each_match_in_lines`], looking at the cuts `cuts` says.
fn matches_in_lines(
    lines: &Lines,
    needle: &str,
    case_sensitive: bool,
    cuts: Cuts,
    mut found: impl FnMut(Range<usize>),
) {
    if needle.is_empty() || needle.contains('\n') {
        return;
    }
    let whole = over_breaks(lines, needle, case_sensitive, cuts);
    let mut whole = whole.into_iter().peekable();
    // The end of the last paragraph whose matches were found in its own
    // text: the buffer's matches inside it are not its matches.
    let mut given = 0;
    let mut line = 0;
    each_match(lines.text(), needle, case_sensitive, |r| {
        line = line_from(lines, line, r.start);
        if lines.text_start(line).is_none_or(|s| r.start < s) {
            return;
        }
        while let Some(p) = whole.next_if(|p| p.span.start <= r.start) {
            p.matches.into_iter().for_each(&mut found);
            given = p.span.end;
        }
        if r.start >= given {
            found(r);
        }
    });
    for p in whole {
        p.matches.into_iter().for_each(&mut found);
    }
}

/// The line holding byte `offset`, looking from line `from` on (matches come
/// in order, so most are on the line of the one before or the next).
fn line_from(lines: &Lines, from: usize, offset: usize) -> usize {
    (from..from + 8)
        .find(|&n| lines.start_of(n + 1) > offset)
        .unwrap_or_else(|| lines.line_at(offset).0)
}

/// The places a match may cross line breaks: for each whitespace run of the
/// query, the byte before it and the byte after it (`None` where there is
/// none, or where it is not ASCII and so cannot be compared a byte at a time).
fn space_runs(needle: &str, case_sensitive: bool) -> Vec<(Option<u8>, Option<u8>)> {
    let b = needle.as_bytes();
    let fold = |x: u8| {
        if !x.is_ascii() {
            None
        } else if case_sensitive {
            Some(x)
        } else {
            Some(x.to_ascii_lowercase())
        }
    };
    // Runs of whitespace of any kind: a break may take an ideographic
    // space as well as an ASCII one.
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in needle.char_indices().chain([(b.len(), 'x')]) {
        match (c.is_whitespace() && i < b.len(), run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                let before = start.checked_sub(1).and_then(|k| fold(b[k]));
                let after = b.get(i).and_then(|&x| fold(x));
                out.push((before, after));
                run = None;
            }
            _ => {}
        }
    }
    out
}

/// Which words cut over two lines are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cuts {
    /// Those whose two characters at the cut are side by side in the query
    /// (the search: a word cut at every character, on a narrow screen, is
    /// looked at only where the query could be).
    Paired,
    /// Every one (what the tests compare the search with).
    #[cfg_attr(not(test), allow(dead_code))]
    Every,
}

/// Every two characters side by side in the query, folded as the search
/// folds them.
fn char_pairs(needle: &str, case_sensitive: bool) -> HashSet<(char, char)> {
    let folded: Vec<char> = needle
        .chars()
        .map(|c| fold_char(c, case_sensitive))
        .collect();
    folded.windows(2).map(|w| (w[0], w[1])).collect()
}

/// A line's text from `start` to `end` (empty where those are not its
/// bounds).
fn text_of(lines: &Lines, start: usize, end: usize) -> &str {
    lines.text().get(start..end).unwrap_or("")
}

/// A piece of a paragraph's text: a line's text (starting at `at` in the
/// buffer) or the spaces a break took (after the line whose newline is at
/// `at`).
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the piece starts in the paragraph's text.
    from: usize,
    /// Its length there.
    len: usize,
    /// Where it is in the buffer (the newline before it, for a break).
    at: usize,
    /// Whether it is text (else the spaces of a break).
    text: bool,
}

/// A paragraph (lines joined by breaks) that a match may cross, and its
/// matches, found in its text as it was before wrapping.
struct Whole {
    /// Its text in the buffer, from its first line's to its last line's end.
    span: Range<usize>,
    /// Its matches, in order, as byte ranges of the buffer.
    matches: Vec<Range<usize>>,
}

/// The paragraphs where a match may cross a line break, each searched
/// whole in its own text (where it is found as on one line, a query that
/// overlaps itself included); in order. Elsewhere, every match is on one
/// line, and the buffer's own search finds it.
fn over_breaks(lines: &Lines, needle: &str, case_sensitive: bool, cuts: Cuts) -> Vec<Whole> {
    let runs = space_runs(needle, case_sensitive);
    let pairs = char_pairs(needle, case_sensitive);
    let fold = |x: u8| {
        if case_sensitive {
            x
        } else {
            x.to_ascii_lowercase()
        }
    };
    let text = lines.text().as_bytes();
    // Whether a match may cross the break after line n.
    let candidate = |n: usize| {
        let (Some(a), Some(b)) = (lines.text_start(n), lines.text_start(n + 1)) else {
            return false;
        };
        let (a_end, b_end) = (lines.end_of(n), lines.end_of(n + 1));
        match lines.join(n) {
            Join::Hard => false,
            // A word cut where the line was full: a match over the cut
            // has its two characters side by side.
            Join::Word if cuts == Cuts::Every => needle.chars().nth(1).is_some(),
            Join::Word => {
                let last = text_of(lines, a, a_end).chars().next_back();
                let first = text_of(lines, b, b_end).chars().next();
                match (last, first) {
                    (Some(x), Some(y)) => pairs
                        .contains(&(fold_char(x, case_sensitive), fold_char(y, case_sensitive))),
                    // Line n is empty (a character too wide for the
                    // width): a match over this break crosses the one
                    // before it too, which says so.
                    (None, _) => false,
                    // Line n + 1 is empty: the match goes on past it.
                    (Some(x), None) => pairs
                        .iter()
                        .any(|&(p, _)| p == fold_char(x, case_sensitive)),
                }
            }
            Join::Space(_) => {
                let last = (a < a_end).then(|| text[a_end - 1]);
                let first = (b < b_end).then(|| text[b]);
                runs.iter().any(|&(before, after)| {
                    let ok = |want: Option<u8>, got: Option<u8>| match (want, got) {
                        (Some(w), Some(g)) => !g.is_ascii() || w == fold(g),
                        _ => true,
                    };
                    ok(before, last) && ok(after, first)
                })
            }
        }
    };
    let mut out = Vec::new();
    let mut whole = String::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut n = 0;
    while n < lines.len() {
        if lines.text_start(n).is_none() {
            n += 1;
            continue;
        }
        let first = n;
        let mut crossed = false;
        while n + 1 < lines.len()
            && lines.join(n) != Join::Hard
            && lines.text_start(n + 1).is_some()
        {
            crossed = crossed || candidate(n);
            n += 1;
        }
        let last = n;
        n += 1;
        if !crossed {
            continue;
        }
        paragraph(lines, first..=last, &mut whole, &mut pieces);
        let mut matches: Vec<Range<usize>> = Vec::new();
        each_match(&whole, needle, case_sensitive, |m| {
            let r = to_buffer(&pieces, m.start, false)..to_buffer(&pieces, m.end, true);
            // Matches that meet inside one break's spaces meet at its
            // newline: the first is kept.
            if r.end > r.start && matches.last().is_none_or(|l| l.end <= r.start) {
                matches.push(r);
            }
        });
        let start = lines.text_start(first).unwrap_or_default();
        out.push(Whole {
            span: start..lines.end_of(last),
            matches,
        });
    }
    out
}

/// Where position `pos` of a paragraph's text is in the buffer: inside a line's text, the
/// same character there; inside the spaces of a break, the newline before
/// them (for an end, just after it).
fn to_buffer(pieces: &[Piece], pos: usize, end: bool) -> usize {
    // The first piece ending after `pos` (at `pos` for an end): pieces
    // follow one another, so it starts at or before it.
    let i = pieces.partition_point(|p| {
        if end {
            p.from + p.len < pos
        } else {
            p.from + p.len <= pos
        }
    });
    match pieces.get(i) {
        Some(p) if p.text => p.at + (pos - p.from),
        Some(p) => p.at + usize::from(end),
        None => pieces.last().map_or(0, |p| p.at + p.len),
    }
}

/// The text of the lines `range` (a paragraph, or part of one) as it was
/// before wrapping: each line's text and the spaces of the break after it.
/// `pieces` says where each part is in the buffer.
fn paragraph(
    lines: &Lines,
    range: std::ops::RangeInclusive<usize>,
    whole: &mut String,
    pieces: &mut Vec<Piece>,
) {
    let text = lines.text();
    whole.clear();
    pieces.clear();
    let mut push = |whole: &mut String, at: usize, s: &str, is_text: bool| {
        pieces.push(Piece {
            from: whole.len(),
            len: s.len(),
            at,
            text: is_text,
        });
        whole.push_str(s);
    };
    let last = *range.end();
    for k in range {
        let (start, end) = (lines.text_start(k).unwrap_or_default(), lines.end_of(k));
        push(whole, start, &text[start..end], true);
        if k < last {
            // The spaces the break took, as they were.
            match lines.join(k) {
                Join::Space(n) => match lines.gap(k) {
                    Some(gap) => push(whole, end, gap, false),
                    None => push(whole, end, &" ".repeat(n), false),
                },
                _ => push(whole, end, "", false),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{LoadOptions, load_file};
    use crate::layout::{SectionLayout, WrapOptions};

    fn all(lines: &Lines, needle: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_match_in_lines(
            lines,
            needle,
            crate::layout::find::smart_case(needle),
            |r| out.push(lines.text()[r].to_string()),
        );
        out
    }

    fn summit() -> crate::briefing::Briefing {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/us-japan-summit-2024-04.toml");
        load_file(&path, &LoadOptions::default()).unwrap().briefing
    }

    fn section(b: &crate::briefing::Briefing, i: usize, width: usize) -> SectionLayout {
        let opts = WrapOptions {
            width,
            break_long_words: true,
        };
        SectionLayout::new(b, i, opts)
    }

    #[test]
    fn a_phrase_over_a_line_break_is_found_at_every_width() {
        let b = summit();
        for needle in [
            "Japan cast",
            "state visit",
            "steel",
            "U.S. Steel",
            "a ",
            " the",
        ] {
            let counts: Vec<usize> = (17..=140)
                .map(|w| {
                    (0..b.sections.len())
                        .map(|s| all(&section(&b, s, w).lines, needle).len())
                        .sum()
                })
                .collect();
            assert!(
                counts.iter().all(|&c| c == counts[0]),
                "{needle:?}: {counts:?}"
            );
            assert!(counts[0] > 0, "{needle:?}");
        }
    }

    #[test]
    fn what_the_layout_adds_is_never_found() {
        let b = summit();
        for w in [30, 60, 100] {
            for s in 0..b.sections.len() {
                let lines = section(&b, s, w).lines;
                assert!(all(&lines, "──").is_empty());
                assert!(all(&lines, "• ").is_empty());
            }
        }
    }

    #[test]
    fn a_word_broken_over_lines_is_found() {
        let mut lines = Lines::default();
        let text = "see https://example.org/a/very/long/path/to/a/page today";
        let opts = WrapOptions {
            width: 12,
            break_long_words: true,
        };
        let doc = crate::layout::DocBlock::new(
            crate::layout::Block::Text {
                text: text.into(),
                role: crate::layout::Role::Body,
            },
            None,
        );
        crate::layout::blocks::wrap_block(&mut lines, &doc, opts);
        assert!(lines.len() > 3);
        let found = all(&lines, "path/to/a/page");
        assert_eq!(found.len(), 1, "{:?}", lines.text());
        assert_eq!(found[0].replace('\n', ""), "path/to/a/page");
        assert_eq!(all(&lines, "page today").len(), 1);
        assert_eq!(all(&lines, "see https").len(), 1);
        assert_eq!(all(&lines, "example.org/a/very/long/path").len(), 1);
    }

    /// `len` characters of `text` from character `from` (wrapping round),
    /// lowercased when `lower`: a query that is in the text.
    fn needle_in(text: &str, from: usize, len: usize, lower: bool) -> String {
        let chars: Vec<char> = text.chars().collect();
        let from = from % chars.len();
        let needle: String = chars[from..(from + len).min(chars.len())].iter().collect();
        if lower { needle.to_lowercase() } else { needle }
    }

    /// A briefing whose one item has `text` for its body.
    fn body(text: &str) -> crate::briefing::Briefing {
        let toml = format!(
            "format = 1\n[briefing]\ntitle = \"B\"\ndate = 2025-03-02\n\
             [[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.items]]\ntitle = \"I\"\nbody = \"{text}\"\n"
        );
        crate::briefing::load_bytes(
            std::path::Path::new("p.toml"),
            toml.as_bytes(),
            &LoadOptions::default(),
        )
        .unwrap()
        .briefing
    }

    /// `text` laid out as a paragraph `width` columns wide.
    fn wrapped(text: &str, width: usize) -> Lines {
        let mut lines = Lines::default();
        let doc = crate::layout::DocBlock::new(
            crate::layout::Block::Text {
                text: text.into(),
                role: crate::layout::Role::Body,
            },
            None,
        );
        let opts = WrapOptions {
            width,
            break_long_words: true,
        };
        crate::layout::blocks::wrap_block(&mut lines, &doc, opts);
        lines
    }

    #[test]
    fn a_query_that_overlaps_itself_is_found_over_a_cut_as_on_one_line() {
        // A match over the cut ending inside the next line's first match:
        // the search goes on from its end ("ba|aaa" holds "aa" twice).
        for (text, width) in [("baaaa", 2), ("xbaaaaa", 3), ("ba aaaa", 2)] {
            for needle in ["aa", "aaa"] {
                let one_line = all(&wrapped(text, 100), needle).len();
                let lines = wrapped(text, width);
                assert!(lines.len() > 1);
                assert_eq!(
                    all(&lines, needle).len(),
                    one_line,
                    "{needle:?} in {text:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn a_break_at_an_ideographic_space_is_searched_as_that_space() {
        let text = "日本語\u{3000}日本語\u{3000}日本語 日本語";
        for width in [8, 10, 100] {
            let lines = wrapped(text, width);
            assert_eq!(all(&lines, "語\u{3000}日").len(), 2, "at {width}");
            assert_eq!(all(&lines, "語 日").len(), 1, "at {width}");
        }
        assert!(wrapped(text, 8).len() > 2, "the text was wrapped");
    }

    #[test]
    fn a_word_cut_into_one_character_lines_is_found_and_only_where_it_is() {
        // Two columns: each letter on a line of its own, and the wide
        // character on none (an empty line where it could not fit).
        let lines = wrapped("abcdefgh 漢abcxyz", 1);
        assert_eq!(all(&lines, "cde").len(), 1);
        assert_eq!(all(&lines, "abc").len(), 2);
        assert_eq!(all(&lines, "bd").len(), 0);
        assert_eq!(all(&lines, "h 漢a").len(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            max_global_rejects: 1_000_000,
            ..proptest::test_runner::Config::default()
        })]

        /// The cuts looked at are only those a match can cross: the
        /// matches over line breaks are those found looking at every cut,
        /// whatever the text (runs of spaces, spaces of other kinds,
        /// combining marks, wide characters) and however narrow the lines.
        #[test]
        fn the_cuts_skipped_hold_no_match(
            text in "([abAé漢→\u{301}\u{200B}\u{AD}😀]|    | |\u{3000}|\u{A0}){1,40}",
            from in 0usize..60,
            len in 1usize..6,
            width in 0usize..8,
            lower in proptest::bool::ANY,
        ) {
            let needle = needle_in(&text, from, len, lower);
            let cs = crate::layout::find::smart_case(&needle);
            let found = |lines: &Lines, cuts: Cuts| {
                let mut out = Vec::new();
                matches_in_lines(lines, &needle, cs, cuts, |r| out.push(r));
                out
            };
            for lines in [wrapped(&text, width), section(&body(&text), 0, width).lines] {
                proptest::prop_assert_eq!(
                    found(&lines, Cuts::Paired),
                    found(&lines, Cuts::Every),
                    "{:?} in {:?} at {}", needle, text, width
                );
            }
        }

        /// However narrow the lines, a query is found as often as in the
        /// text laid out on one line: words cut at every character, and
        /// lines left empty by characters wider than the width.
        #[test]
        fn narrow_lines_find_what_one_line_finds(
            text in "([abAé漢]| |\u{3000}){1,60}",
            from in 0usize..60,
            len in 1usize..6,
            width in 0usize..8,
            lower in proptest::bool::ANY,
        ) {
            // As a paragraph comes from the model: without spaces around.
            let text = text.trim();
            proptest::prop_assume!(!text.is_empty());
            let needle = needle_in(text, from, len, lower);
            // A limit, known and left: matches that meet inside one break's
            // spaces count once, the break holding no spaces to point at (a
            // query of spaces alone, or one that starts and ends with them,
            // " b " in "a b   b c").
            let spaced = |c: Option<char>| c.is_some_and(char::is_whitespace);
            proptest::prop_assume!(
                !(spaced(needle.chars().next()) && spaced(needle.chars().last()))
            );
            let wide = all(&wrapped(text, 10_000), &needle).len();
            let narrow = all(&wrapped(text, width), &needle).len();
            proptest::prop_assert_eq!(narrow, wide, "{:?} in {:?} at {}", needle, text, width);
            // The same text as an item's body, indented under its title.
            let b = body(text);
            let wide = all(&section(&b, 0, 10_000).lines, &needle).len();
            let narrow = all(&section(&b, 0, width).lines, &needle).len();
            proptest::prop_assert_eq!(narrow, wide, "{:?} in the body {:?} at {}", needle, text, width);
        }
    }
}
