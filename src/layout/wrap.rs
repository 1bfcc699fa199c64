//! Wrapping text to a width: first-fit lines, as textwrap makes them, found
//! by looking at bytes where the text allows, with the indents of the first
//! and the following lines, never splitting a character cluster.

use textwrap::WordSeparator;
use textwrap::core::Word;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::lines::Join;
use crate::briefing::clean::prefix_while;

/// How to wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrapOptions {
    /// Columns available; 0 means "do not wrap".
    pub width: usize,
    /// Cut a single token that is wider than the width (the reader, which
    /// cannot show more than the screen) or keep it whole (the export, where a
    /// long URL must stay usable).
    pub break_long_words: bool,
}

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts a label to at most `max` columns, ending with `…` when cut, never
/// inside a character cluster.
pub fn abbreviate(label: &str, max: usize) -> String {
    if width(label) <= max {
        return label.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in label.graphemes(true) {
        let gw = width(g);
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// Whether a space-free word may break between its characters (by the
/// Unicode line-breaking rules): text of wide scripts (CJK), and runs of
/// flags (regional indicators are one column alone, two as a pair).
fn breaks_inside(word: &str) -> bool {
    word.chars().any(|c| {
        unicode_width::UnicodeWidthChar::width(c) == Some(2)
            || ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
    })
}

/// Splits a line into words at spaces, and also between characters of
/// scripts written without spaces (CJK), but never inside a token such as a
/// URL: `https://example.com/a/b` stays one word.
fn find_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut out = Vec::new();
    for mut word in WordSeparator::AsciiSpace.find_words(line) {
        // Measure as the rest of the layout (and ratatui) does, so that
        // emoji with presentation selectors count their real two columns.
        word.width = width(word.word);
        if breaks_inside(word.word) {
            let parts: Vec<Word<'_>> = WordSeparator::UnicodeBreakProperties
                .find_words(word.word)
                .collect();
            let n = parts.len();
            for (i, mut part) in parts.into_iter().enumerate() {
                part.width = width(part.word);
                if i + 1 == n {
                    part.whitespace = word.whitespace;
                }
                out.push(part);
            }
        } else {
            out.push(word);
        }
    }
    Box::new(out.into_iter())
}

/// A word of a line being wrapped: `line[start..start + len]`, then `ws`
/// spaces; `width` is what first-fit packing counts for it.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    len: usize,
    ws: usize,
    width: usize,
}

/// A cheap upper bound of a line's width: a character of one or two bytes
/// takes at most one column, a longer one at most three (wide characters,
/// U+17D8 of three columns, and the emoji selector that can widen the
/// character before it are all three or four bytes; a test checks every
/// character).
fn at_most_columns(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            0x80..=0xBF => 0,
            0xE0.. => 3,
            _ => 1,
        })
        .sum()
}

/// Appends the pieces of the word `line[word]`, followed by `ws` spaces: the
/// word, or its parts when it breaks inside (see [`breaks_inside`]).
fn word_pieces(line: &str, word: std::ops::Range<usize>, ws: usize, out: &mut Vec<Piece>) {
    let start = word.start;
    let word = &line[word];
    if all_printable_ascii(word) {
        out.push(Piece {
            start,
            len: word.len(),
            ws,
            width: word.len(),
        });
    } else if breaks_inside(word) {
        // Scripts written without spaces break between characters.
        let parts: Vec<Word<'_>> = WordSeparator::UnicodeBreakProperties
            .find_words(word)
            .collect();
        let n = parts.len();
        let mut at = start;
        for (k, part) in parts.into_iter().enumerate() {
            let last = k + 1 == n;
            out.push(Piece {
                start: at,
                len: part.word.len(),
                ws: if last { ws } else { part.whitespace.len() },
                width: textwrap::core::display_width(part.word),
            });
            at += part.word.len() + part.whitespace.len();
        }
    } else {
        out.push(Piece {
            start,
            len: word.len(),
            ws,
            width: textwrap::core::display_width(word),
        });
    }
}

/// A wrapped line: whether it takes its indent, its text without the
/// indent, and its width when known.
type Wrapped<'t> = (bool, &'t str, Option<usize>);

/// Whether a byte is printable ASCII (one column, whose width is its length).
fn printable(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// Whether every byte is printable ASCII, checked a block at a time.
fn all_printable_ascii(s: &str) -> bool {
    prefix_while(s.as_bytes(), printable) == s.len()
}

/// Whether a character beyond ASCII is one column wide whatever surrounds it
/// and is never a place to break: letters of Latin, Greek and Cyrillic
/// (without combining marks), and common punctuation (dashes, quotes) and
/// currency signs. Text of these and printable ASCII is one column a
/// character (a test checks every one of them against the width functions).
fn simple_char(c: char) -> bool {
    matches!(c,
        '\u{A0}'..='\u{2FF}'
        | '\u{370}'..='\u{482}'
        | '\u{48A}'..='\u{52F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}')
        && unicode_width::UnicodeWidthChar::width(c) == Some(1)
}

/// Whether a text is [`simple_char`]s and printable ASCII: one column a
/// character, and no place to break but spaces.
fn one_column_per_char(line: &str) -> bool {
    all_beyond_ascii(line, simple_char)
}

/// Whether every character of `s` is printable ASCII or passes `ok`.
/// Stretches of printable ASCII are passed a block at a time; only the
/// other characters are decoded.
pub(crate) fn all_beyond_ascii(s: &str, ok: impl Fn(char) -> bool) -> bool {
    let mut i = 0;
    loop {
        i += prefix_while(&s.as_bytes()[i..], printable);
        match s[i..].chars().next() {
            None => return true,
            Some(c) if ok(c) => i += c.len_utf8(),
            Some(_) => return false,
        }
    }
}

/// How many UTF-8 continuation bytes `b` holds (counted in SIMD by the compiler).
fn continuation_bytes(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 == 0x80).count()
}

/// Wraps one line (no newline in it) first-fit, as textwrap does with our
/// word separator: the first line of the call gets `first_width` columns,
/// the others `rest_width`. Appends the lines (each takes its indent).
///
/// Each line's end is found by looking at the bytes around its limit
/// rather than by measuring every word, wherever the words there are
/// [`simple_char`]s and printable ASCII (one column a character, breaking
/// only at spaces); where they are not, that line's words are measured one
/// by one ([`slow_line_end`]). A line starting at a word takes every word
/// that ends within `limit` columns of it, and at least its first word.
fn wrap_line_fast<'t>(
    line: &'t str,
    (first_width, rest_width): (usize, usize),
    words: &mut Vec<Piece>,
    out: &mut Vec<Wrapped<'t>>,
) {
    let b = line.as_bytes();
    let len = b.len();
    let ascii = all_printable_ascii(line);
    // The end of the word starting at `at` (an empty word when it is a space).
    let word_end = |at: usize| {
        b[at..]
            .iter()
            .position(|&c| c == b' ')
            .map_or(len, |k| at + k)
    };
    // The byte `columns` characters after `at` (or the end): `columns`
    // bytes on, and as many more as there are continuation bytes on the way.
    let after = |at: usize, columns: usize| {
        let mut p = at.saturating_add(columns).min(len);
        if ascii {
            return p;
        }
        let (mut seen, mut extra) = (at, 0);
        loop {
            extra += continuation_bytes(&b[seen..p]);
            seen = p;
            let q = at.saturating_add(columns + extra).min(len);
            if q == p {
                break;
            }
            p = q;
        }
        while p < len && b[p] & 0xC0 == 0x80 {
            p += 1;
        }
        p
    };
    let simple = |range: std::ops::Range<usize>| ascii || one_column_per_char(&line[range]);
    let mut start = 0;
    let mut produced = 0;
    loop {
        let limit = if produced == 0 {
            first_width
        } else {
            rest_width
        };
        let first_end = word_end(start);
        // The last word end within the limit: the end of the text, or a
        // space that follows a word.
        let reach = after(start, limit);
        // The text the decision looks at: every word that starts within the
        // limit, whole (a word that breaks inside could break within it).
        let window = start..word_end(reach.min(len)).max(first_end);
        // A line that starts inside a word (between parts of a word that
        // breaks inside) is measured part by part.
        let mid_word = start > 0 && b[start - 1] != b' ';
        let (end, columns) = if !mid_word && simple(window) {
            let mut end = first_end;
            if reach >= len && b[len - 1] != b' ' {
                end = len;
            } else {
                let mut k = reach.min(len - 1);
                while k > first_end && b[k] != b' ' {
                    k -= 1;
                }
                while k > first_end && b[k - 1] == b' ' {
                    k -= 1;
                }
                if k > first_end {
                    end = k;
                }
            }
            let body = &b[start..end];
            (end, Some(body.len() - continuation_bytes(body)))
        } else {
            (slow_line_end(line, start, limit, words), None)
        };
        out.push((true, &line[start..end], columns));
        produced += 1;
        // The next line starts at the next word.
        match b[end..].iter().position(|&c| c != b' ') {
            Some(k) => start = end + k,
            None => return,
        }
    }
}

/// Where the line starting at `start` ends, by first-fit packing of the
/// pieces ([`word_pieces`]) from there; `start` may be inside a word, at the
/// start of one of its parts.
fn slow_line_end(line: &str, start: usize, limit: usize, parts: &mut Vec<Piece>) -> usize {
    let b = line.as_bytes();
    // The parts of a word depend on all of it.
    let mut i = start;
    while i > 0 && b[i - 1] != b' ' {
        i -= 1;
    }
    let mut width = 0;
    let mut end = start;
    let mut first = true;
    while i < b.len() {
        let word = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        let word_end = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        parts.clear();
        word_pieces(line, word..word_end, i - word_end, parts);
        for p in parts.iter().filter(|p| p.start >= start) {
            if width + p.width > limit && !first {
                return end;
            }
            first = false;
            width += p.width + p.ws;
            end = p.start + p.len;
        }
    }
    end
}

/// What [`wrap_text`] says of a line besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placed<'t> {
    /// Bytes of indent before the text.
    pub lead: usize,
    /// How the text of the line before goes on into this one.
    pub join: Join,
    /// The spaces the break took, when they are not all ASCII spaces (an
    /// ideographic space, say): what a search finds between the lines.
    pub gap: Option<&'t str>,
}

/// Follows wrapped lines through the text they come from, to tell how each
/// goes on from the one before: the text of a line is the text from where
/// the line before left off, less the spaces a break takes.
struct Walk<'t> {
    text: &'t str,
    pos: usize,
    started: bool,
}

impl<'t> Walk<'t> {
    fn new(text: &'t str) -> Walk<'t> {
        Walk {
            text,
            pos: 0,
            started: false,
        }
    }

    /// The join before a line whose text (without indent) is `content`,
    /// and the spaces of the break when they are not all ASCII spaces.
    fn next(&mut self, content: &str) -> (Join, Option<&'t str>) {
        let gap_start = self.pos;
        let join = if self.started {
            // The spaces a break took (trailing ones are trimmed, and the
            // next line starts at a word), or the end of a paragraph.
            let (mut skipped, mut hard) = (0, false);
            let rest = self.text.get(self.pos..).unwrap_or_default();
            // A line with no text of its own is an empty paragraph when only
            // spaces are left before the paragraph ends, and otherwise a
            // word that was all spaces (the next line skips them).
            // (Looked at only as far as the spaces go: a paragraph can be
            // megabytes long.)
            let blank_to_end = content.is_empty() && {
                let spaces: usize = rest
                    .chars()
                    .take_while(|&c| c.is_whitespace() && c != '\n')
                    .map(char::len_utf8)
                    .sum();
                rest[spaces..].starts_with('\n')
            };
            loop {
                let rest = self.text.get(self.pos..).unwrap_or_default();
                if hard || rest.starts_with(content) && (!content.is_empty() || !blank_to_end) {
                    break;
                }
                match rest.chars().next() {
                    Some('\n') => hard = true,
                    Some(c) if c.is_whitespace() => skipped += 1,
                    _ => break,
                }
                self.pos += rest.chars().next().map_or(1, char::len_utf8);
            }
            match (hard, skipped) {
                (true, _) => Join::Hard,
                (false, 0) => Join::Word,
                (false, n) => Join::Space(n),
            }
        } else {
            self.started = true;
            Join::Hard
        };
        debug_assert!(
            self.text
                .get(self.pos..)
                .unwrap_or_default()
                .starts_with(content),
            "{content:?} at {} of {:?}",
            self.pos,
            self.text
        );
        let gap = match join {
            Join::Space(_) => self
                .text
                .get(gap_start..self.pos)
                .filter(|gap| gap.bytes().any(|b| b != b' ')),
            _ => None,
        };
        self.pos += content.len();
        (join, gap)
    }
}

/// Wraps `text` with the given indents, handing each line to `emit` with
/// its indent and how it goes on from the line before. Never splits inside
/// a grapheme.
///
/// The lines of `textwrap::wrap` with first-fit packing, no hyphenation, no
/// broken words and [`find_words`], given one line of the text at a time
/// (tests check every line against textwrap), but without its allocations:
/// a 25 MB section is laid out many times faster. Where the widths of words
/// do not add up to the width of their line (a joiner or a selector at a
/// word's edge), a line textwrap would make too wide is packed again,
/// measured whole; and an over-long word is cut when `break_long_words`.
pub(super) fn wrap_text(
    text: &str,
    first: &str,
    rest: &str,
    opts: WrapOptions,
    emit: &mut dyn FnMut(&str, Placed<'_>),
) {
    if opts.width == 0 {
        // No wrapping: one line per paragraph.
        let line = format!("{first}{text}");
        let line = line.trim_end();
        let lead = first.len().min(line.len());
        emit(
            line,
            Placed {
                lead,
                join: Join::Hard,
                gap: None,
            },
        );
        return;
    }
    let mut walk = Walk::new(text);
    let mut emit = |line: &str, lead: usize| {
        let lead = lead.min(line.len());
        let (join, gap) = walk.next(&line[lead..]);
        emit(line, Placed { lead, join, gap });
    };
    let w = opts.width.max(width(first) + 1).max(width(rest) + 1);
    let widths = (
        w.saturating_sub(textwrap::core::display_width(first)),
        w.saturating_sub(textwrap::core::display_width(rest)),
    );
    // Each wrapped line, without its indent, and whether it takes one.
    let mut wrapped: Vec<Wrapped<'_>> = Vec::new();
    let mut words = Vec::new();
    for line in text.split('\n') {
        let indent = if wrapped.is_empty() { first } else { rest };
        if line.len() < w && indent.is_empty() {
            wrapped.push((false, line.trim_end_matches(' '), None));
        } else if line.is_empty() {
            // A line without words takes no indent.
            wrapped.push((false, "", Some(0)));
        } else {
            // Only the text's first line has the first indent: a line after
            // a newline is measured against the rest indent it is given.
            // (textwrap measures it against the first indent, and so can
            // make it too wide.)
            let room = if wrapped.is_empty() {
                widths
            } else {
                (widths.1, widths.1)
            };
            wrap_line_fast(line, room, &mut words, &mut wrapped);
        }
    }
    let indent_widths = (width(first), width(rest));
    let mut line = String::new();
    for (i, &(indented, body, known)) in wrapped.iter().enumerate() {
        let (indent, indent_width) = if i == 0 {
            (first, indent_widths.0)
        } else {
            (rest, indent_widths.1)
        };
        line.clear();
        if indented {
            line.push_str(indent);
        }
        line.push_str(body);
        let kept = line.trim_end().len();
        line.truncate(kept);
        let known = known.map(|w| w + if indented { indent_width } else { 0 });
        let fits = known.is_some_and(|w| w <= opts.width)
            || at_most_columns(&line) <= opts.width
            || width(&line) <= opts.width;
        if fits {
            emit(&line, if indented { indent.len() } else { 0 });
            continue;
        }
        // Widths of words do not always add up to the width of the line
        // (a joiner or a modifier at a word's edge): pack again, measuring
        // each candidate line whole.
        // The indent, as far as the line kept it (trailing spaces go).
        let lead = if indented {
            indent.len().min(line.len())
        } else {
            0
        };
        let (indent, body) = line.split_at(lead);
        for (packed, lead) in repack(body, indent, rest, opts.width) {
            if opts.break_long_words && width(&packed) > opts.width {
                for (piece, lead) in split_graphemes(&packed, lead, opts.width, rest) {
                    emit(&piece, lead);
                }
            } else {
                emit(&packed, lead);
            }
        }
    }
    if wrapped.is_empty() {
        emit(first.trim_end(), first.len());
    }
}

/// First-fit packing of a line's words, measuring every candidate line as a
/// whole: each line with the bytes of its indent. Only used for the rare
/// line whose word widths did not add up.
fn repack(text: &str, first: &str, rest: &str, limit: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut line = first.to_string();
    let mut lead = first.len();
    let mut empty = true;
    let mut pending_space = "";
    for word in find_words(text) {
        let candidate = format!("{line}{pending_space}{}", word.word);
        if empty || width(&candidate) <= limit {
            line = candidate;
        } else {
            out.push((line.trim_end().to_string(), lead));
            line = format!("{rest}{}", word.word);
            lead = rest.len();
        }
        empty = false;
        pending_space = word.whitespace;
    }
    out.push((line.trim_end().to_string(), lead));
    out
}

/// Cuts an over-long line (whose indent is `lead` bytes) into pieces of at
/// most `limit` columns, between graphemes; continuation pieces start with
/// `indent` when it fits. Each piece comes with the bytes of its indent.
fn split_graphemes(line: &str, lead: usize, limit: usize, indent: &str) -> Vec<(String, usize)> {
    let limit = limit.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_lead = 0;
    let mut cur_w = 0;
    // Bytes of the line's own indent not yet placed (at tiny widths even
    // an indent is cut).
    let mut lead_left = lead;
    for g in line.graphemes(true) {
        let gw = width(g);
        if cur_w + gw > limit && !cur.is_empty() {
            out.push((cur.trim_end().to_string(), cur_lead));
            cur = String::new();
            cur_w = 0;
            cur_lead = 0;
            if width(indent) + gw <= limit {
                cur.push_str(indent);
                cur_w = width(indent);
                cur_lead = indent.len();
            }
        }
        cur.push_str(g);
        cur_w += gw;
        // A grapheme can join an indent's last space to the text after it.
        let taken = lead_left.min(g.len());
        cur_lead += taken;
        lead_left -= taken;
    }
    if !cur.trim().is_empty() || out.is_empty() {
        out.push((cur.trim_end().to_string(), cur_lead));
    }
    out
}

#[cfg(test)]
mod tests;
