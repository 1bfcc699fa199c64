//! Finding a query in laid-out lines as in the text they were laid out
//! from: a phrase that wrapping split over two lines is found, and what the
//! layout added (indents, bullets, rules, a table's heading row) is never
//! found, so a search finds the same matches at every width.
//!
//! The lines' buffer is searched at memory speed as it is ([`each_match`]);
//! the few places where a match could cross a line break are then looked
//! at one by one, in a small window of the text around the break.

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
    mut found: impl FnMut(Range<usize>),
) {
    if needle.is_empty() || needle.contains('\n') {
        return;
    }
    let across = across_breaks(lines, needle, case_sensitive, Cuts::Paired);
    let mut across = across.into_iter().peekable();
    let mut last_end = 0;
    let mut emit = |r: Range<usize>, last_end: &mut usize| {
        if r.start >= *last_end && r.end > r.start {
            *last_end = r.end;
            found(r);
        }
    };
    let mut line = 0;
    each_match(lines.text(), needle, case_sensitive, |r| {
        line = line_from(lines, line, r.start);
        if lines.text_start(line).is_none_or(|s| r.start < s) {
            return;
        }
        while let Some(a) = across.next_if(|a| a.start < r.start) {
            emit(a, &mut last_end);
        }
        emit(r, &mut last_end);
    });
    for a in across {
        emit(a, &mut last_end);
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

/// A piece of a search window: text of a line (`line: Some`, starting at
/// `at` in the buffer) or the spaces a break took (`line: None`, after the
/// line whose newline is at `at`).
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the piece starts in the window.
    from: usize,
    /// Its length in the window.
    len: usize,
    /// Where it is in the buffer (the newline before it, for a break).
    at: usize,
    /// Whether it is text (else the spaces of a break).
    text: bool,
}

/// The matches that cross one or more line breaks, in order.
fn across_breaks(
    lines: &Lines,
    needle: &str,
    case_sensitive: bool,
    cuts: Cuts,
) -> Vec<Range<usize>> {
    let runs = space_runs(needle, case_sensitive);
    let pairs = char_pairs(needle, case_sensitive);
    let fold = |x: u8| {
        if case_sensitive {
            x
        } else {
            x.to_ascii_lowercase()
        }
    };
    // A match is at most a few times the query's bytes (folding can turn one
    // byte into a character of three).
    let reach = needle.len().saturating_mul(4);
    let text = lines.text().as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut window = String::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for n in 0..lines.len().saturating_sub(1) {
        let join = lines.join(n);
        let (Some(a), Some(b)) = (lines.text_start(n), lines.text_start(n + 1)) else {
            continue;
        };
        let (a_end, b_end) = (lines.end_of(n), lines.end_of(n + 1));
        let candidate = match join {
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
                    // width): a match over this break crossed the one
                    // before it, where it is counted.
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
        };
        if !candidate {
            continue;
        }
        window_around(lines, n, reach, &mut window, &mut pieces);
        // The break this window is for, and the ones before it in the window.
        let breaks: Vec<Range<usize>> = pieces
            .iter()
            .filter(|p| !p.text)
            .map(|p| p.from..p.from + p.len)
            .collect();
        let Some(this) = pieces
            .iter()
            .filter(|p| !p.text)
            .position(|p| p.at == a_end)
        else {
            continue;
        };
        let crosses = |m: &Range<usize>, j: &Range<usize>| {
            if j.is_empty() {
                m.start < j.start && m.end > j.start
            } else {
                m.start < j.end && m.end > j.start
            }
        };
        each_match(&window, needle, case_sensitive, |m| {
            // Each match is counted at the first break it crosses.
            if crosses(&m, &breaks[this]) && !breaks[..this].iter().any(|j| crosses(&m, j)) {
                out.push(to_buffer(&pieces, m.start, false)..to_buffer(&pieces, m.end, true));
            }
        });
    }
    out.sort_by_key(|r| r.start);
    out.dedup();
    out
}

/// Where window position `pos` is in the buffer: inside a line's text, the
/// same character there; inside the spaces of a break, the newline before
/// them (for an end, just after it).
fn to_buffer(pieces: &[Piece], pos: usize, end: bool) -> usize {
    let inside = |p: &Piece| {
        if end {
            pos > p.from && pos <= p.from + p.len
        } else {
            pos >= p.from && pos < p.from + p.len
        }
    };
    match pieces.iter().find(|p| inside(p)) {
        Some(p) if p.text => p.at + (pos - p.from),
        Some(p) => p.at + usize::from(end),
        None => pieces.last().map_or(0, |p| p.at + p.len),
    }
}

/// The text around the break after line `n`, as it was before wrapping:
/// up to `reach` bytes of text before the break and after it, through
/// further breaks where the lines are short. `pieces` says where each part
/// of the window is in the buffer.
fn window_around(
    lines: &Lines,
    n: usize,
    reach: usize,
    window: &mut String,
    pieces: &mut Vec<Piece>,
) {
    let text = lines.text();
    // What lies between line k and the next in the text: the spaces the
    // break took, as they were.
    let gap = |k: usize| match lines.join(k) {
        Join::Space(n) => lines.gap(k).map_or_else(|| " ".repeat(n), str::to_string),
        _ => String::new(),
    };
    // Backwards from the break: the text of line n, and of the lines before
    // it that go on into the next.
    let mut back: Vec<(usize, usize, usize)> = Vec::new();
    let mut need = reach;
    let mut k = n;
    while let Some(start) = lines.text_start(k) {
        let end = lines.end_of(k);
        let from = text.floor_char_boundary(end.saturating_sub(need).max(start));
        back.push((from, end, k));
        need = need.saturating_sub(end - from);
        if need == 0 || from > start || k == 0 || lines.join(k - 1) == Join::Hard {
            break;
        }
        k -= 1;
    }
    window.clear();
    pieces.clear();
    let mut push = |window: &mut String, at: usize, s: &str, is_text: bool| {
        pieces.push(Piece {
            from: window.len(),
            len: s.len(),
            at,
            text: is_text,
        });
        window.push_str(s);
    };
    for (i, &(from, end, k)) in back.iter().rev().enumerate() {
        push(window, from, &text[from..end], true);
        // The breaks between the lines gathered before line n.
        if i + 1 < back.len() {
            push(window, end, &gap(k), false);
        }
    }
    // The break after line n, then the lines after it.
    let mut k = n;
    let mut need = reach;
    loop {
        let join = lines.join(k);
        if join == Join::Hard || k + 1 >= lines.len() {
            break;
        }
        let Some(start) = lines.text_start(k + 1) else {
            break;
        };
        push(window, lines.end_of(k), &gap(k), false);
        let end = lines.end_of(k + 1);
        let to = text.ceil_char_boundary((start + need).min(end));
        push(window, start, &text[start..to], true);
        need = need.saturating_sub(to - start);
        if need == 0 || to < end {
            break;
        }
        k += 1;
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
            let chars: Vec<char> = text.chars().collect();
            let from = from % chars.len();
            let mut needle: String = chars[from..(from + len).min(chars.len())].iter().collect();
            if lower {
                needle = needle.to_lowercase();
            }
            let cs = crate::layout::find::smart_case(&needle);
            for lines in [wrapped(&text, width), section(&body(&text), 0, width).lines] {
                proptest::prop_assert_eq!(
                    across_breaks(&lines, &needle, cs, Cuts::Paired),
                    across_breaks(&lines, &needle, cs, Cuts::Every),
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
            let chars: Vec<char> = text.chars().collect();
            let from = from % chars.len();
            let mut needle: String = chars[from..(from + len).min(chars.len())].iter().collect();
            if lower {
                needle = needle.to_lowercase();
            }
            // Two limits, known and left. Matches that meet inside one
            // break's spaces count once: the break holds no spaces to point
            // at (a query of spaces alone, or one that starts and ends with
            // them, " b " in "a b   b c"). And a query that can overlap
            // itself ("aa" in "aaa|a") may be found once less over a break
            // than on one line.
            let spaced = |c: Option<char>| c.is_some_and(char::is_whitespace);
            proptest::prop_assume!(
                !(spaced(needle.chars().next()) && spaced(needle.chars().last()))
            );
            let folded: Vec<char> = needle
                .chars()
                .map(|c| fold_char(c, crate::layout::find::smart_case(&needle)))
                .collect();
            let n = folded.len();
            proptest::prop_assume!((1..n).all(|k| folded[..k] != folded[n - k..]));
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
