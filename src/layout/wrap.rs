//! Blocks become lines: wrapping to a width, hanging indents, aligned tables.

use std::borrow::Cow;

use textwrap::core::Word;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::doc::{Block, DocBlock, FigureRow, Target};
use super::{Line, Role, Run};

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

/// Splits a line into words at spaces, and also between characters of
/// scripts written without spaces (CJK), but never inside a token such as a
/// URL: `https://example.com/a/b` stays one word.
fn find_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut out = Vec::new();
    for mut word in WordSeparator::AsciiSpace.find_words(line) {
        // Measure as the rest of the layout (and ratatui) does, so that
        // emoji with presentation selectors count their real two columns.
        word.width = width(word.word);
        // Regional indicators are one column alone but two as a flag, and a
        // run of flags may break between pairs as CJK text does.
        if word.word.chars().any(|c| {
            unicode_width::UnicodeWidthChar::width(c) == Some(2)
                || ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
        }) {
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

/// Wraps `text` with the given indents. Never splits inside a grapheme.
fn wrap_text(text: &str, first: &str, rest: &str, opts: WrapOptions) -> Vec<String> {
    if opts.width == 0 {
        // No wrapping: one line per paragraph.
        return vec![format!("{first}{text}").trim_end().to_string()];
    }
    let w = opts.width.max(width(first) + 1).max(width(rest) + 1);
    let options = Options::new(w)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation)
        .word_separator(WordSeparator::Custom(find_words))
        .initial_indent(first)
        .subsequent_indent(rest);
    let wrapped: Vec<Cow<'_, str>> = textwrap::wrap(text, options);
    let mut out = Vec::with_capacity(wrapped.len());
    for (i, line) in wrapped.iter().enumerate() {
        let line = line.trim_end();
        if width(line) <= opts.width {
            out.push(line.to_string());
            continue;
        }
        // Widths of words do not always add up to the width of the line
        // (a joiner or a modifier at a word's edge): pack again, measuring
        // each candidate line whole.
        let indent = if i == 0 { first } else { rest };
        for packed in repack(
            line.strip_prefix(indent).unwrap_or(line),
            indent,
            rest,
            opts.width,
        ) {
            if opts.break_long_words && width(&packed) > opts.width {
                out.extend(split_graphemes(&packed, opts.width, rest));
            } else {
                out.push(packed);
            }
        }
    }
    if out.is_empty() {
        out.push(first.trim_end().to_string());
    }
    out
}

/// First-fit packing of a line's words, measuring every candidate line as a
/// whole. Only used for the rare line whose word widths did not add up.
fn repack(text: &str, first: &str, rest: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    let mut pending_space = "";
    for word in find_words(text) {
        let candidate = format!("{line}{pending_space}{}", word.word);
        if empty || width(&candidate) <= limit {
            line = candidate;
        } else {
            out.push(line.trim_end().to_string());
            line = format!("{rest}{}", word.word);
        }
        empty = false;
        pending_space = word.whitespace;
    }
    out.push(line.trim_end().to_string());
    out
}

/// Cuts an over-long line into pieces of at most `limit` columns, between
/// graphemes; continuation pieces start with `indent` when it fits.
fn split_graphemes(line: &str, limit: usize, indent: &str) -> Vec<String> {
    let limit = limit.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for g in line.graphemes(true) {
        let gw = width(g);
        if cur_w + gw > limit && !cur.is_empty() {
            out.push(cur.trim_end().to_string());
            cur = String::new();
            cur_w = 0;
            if width(indent) + gw <= limit {
                cur.push_str(indent);
                cur_w = width(indent);
            }
        }
        cur.push_str(g);
        cur_w += gw;
    }
    if !cur.trim().is_empty() || out.is_empty() {
        out.push(cur.trim_end().to_string());
    }
    out
}

/// Where the lines of the block being laid out belong.
#[derive(Clone, Copy)]
struct Origin {
    item: Option<usize>,
    target: Option<Target>,
}

fn push(lines: &mut Vec<Line>, origin: Origin, runs: Vec<Run>) {
    lines.push(Line {
        runs,
        item: origin.item,
        target: origin.target,
    });
}

fn plain(text: String, role: Role) -> Vec<Run> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Run { text, role }]
    }
}

/// Pads `s` on the right to `w` columns.
fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// Pads `s` on the left to `w` columns.
fn pad_left(s: &str, w: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', w.saturating_sub(width(s))).collect();
    out.push_str(s);
    out
}

/// Lays out a figures table; falls back to one wrapped line per figure when
/// the table would be wider than the width.
fn figures(lines: &mut Vec<Line>, item: Origin, rows: &[FigureRow], opts: WrapOptions) {
    const GAP: &str = "  ";
    let head = ["Figure", "Value", "Unit", "Note", "Item"];
    let col = |f: &dyn Fn(&FigureRow) -> &str, h: &str| {
        rows.iter()
            .map(|r| width(f(r)))
            .max()
            .unwrap_or(0)
            .max(width(h))
    };
    let has_note = rows.iter().any(|r| !r.note.is_empty());
    let has_item = rows.iter().any(|r| !r.item.is_empty());
    let has_unit = rows.iter().any(|r| !r.unit.is_empty());
    let wl = col(&|r| &r.label, head[0]);
    let wv = col(&|r| &r.value, head[1]);
    let wu = if has_unit {
        col(&|r| &r.unit, head[2])
    } else {
        0
    };
    let wn = if has_note {
        col(&|r| &r.note, head[3])
    } else {
        0
    };
    let wi = if has_item {
        col(&|r| &r.item, head[4])
    } else {
        0
    };
    let mut total = 2
        + wl
        + GAP.len()
        + wv
        + if has_unit { GAP.len() + wu } else { 0 }
        + if has_note { GAP.len() + wn } else { 0 }
        + if has_item { GAP.len() + wi } else { 0 };
    // The item column (last) gives way first: its titles are abbreviated.
    let mut rows: Cow<'_, [FigureRow]> = Cow::Borrowed(rows);
    if has_item && opts.width != 0 && total > opts.width {
        let room = wi.saturating_sub(total - opts.width);
        if room >= 12 {
            rows = rows
                .iter()
                .map(|r| FigureRow {
                    item: crate::reader::tabs::abbreviate(&r.item, room),
                    ..r.clone()
                })
                .collect();
            total -= wi - room;
        }
    }
    if opts.width != 0 && total > opts.width {
        for r in rows.iter() {
            for l in wrap_text(&r.inline(), "  ", "    ", opts) {
                push(lines, item, plain(l, Role::Figure));
            }
        }
        return;
    }
    let row = |label: &str, value: &str, unit: &str, note: &str, item_title: &str| {
        let mut s = format!("  {}{GAP}{}", pad(label, wl), pad_left(value, wv));
        if has_unit {
            s.push_str(GAP);
            s.push_str(&pad(unit, wu));
        }
        if has_note {
            s.push_str(GAP);
            s.push_str(&pad(note, wn));
        }
        if has_item {
            s.push_str(GAP);
            s.push_str(item_title);
        }
        s.trim_end().to_string()
    };
    push(
        lines,
        item,
        plain(
            row(head[0], head[1], head[2], head[3], head[4]),
            Role::FigureHeader,
        ),
    );
    for r in rows.iter() {
        push(
            lines,
            item,
            plain(
                row(&r.label, &r.value, &r.unit, &r.note, &r.item),
                Role::Figure,
            ),
        );
    }
}

/// One bar of a chart: the label (abbreviated to its column), the bar, the value.
fn bar(
    lines: &mut Vec<Line>,
    item: Origin,
    label: &str,
    shown: &str,
    fraction: f64,
    (label_width, value_width): (usize, usize),
    opts: WrapOptions,
) {
    let total = if opts.width == 0 { 100 } else { opts.width };
    let lw = label_width.min(total * 2 / 5).max(4);
    let label = crate::reader::tabs::abbreviate(label, lw);
    let room = total.saturating_sub(2 + lw + 2 + value_width.max(width(shown)) + 1);
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut n = (fraction * room as f64).round() as usize;
    if fraction > 0.0 && n == 0 && room > 0 {
        n = 1;
    }
    let bar: String = std::iter::repeat_n('█', n).collect();
    push(
        lines,
        item,
        vec![
            Run {
                text: format!("  {}  ", pad(&label, lw)),
                role: Role::Plain,
            },
            Run {
                text: bar,
                role: Role::Figure,
            },
            Run {
                text: format!(" {shown}"),
                role: Role::Plain,
            },
        ],
    );
}

/// Lays out blocks at a width.
pub fn wrap_blocks(blocks: &[DocBlock], opts: WrapOptions) -> Vec<Line> {
    let mut lines = Vec::new();
    for DocBlock {
        block,
        item,
        target,
    } in blocks
    {
        let item = Origin {
            item: *item,
            target: *target,
        };
        match block {
            Block::Heading { level, text } => {
                let role = match level {
                    1 => Role::BriefingTitle,
                    2 => Role::SectionTitle,
                    _ => Role::ItemTitle,
                };
                let wrapped = wrap_text(text, "", "", opts);
                let widest = wrapped.iter().map(|l| width(l)).max().unwrap_or(0);
                for l in wrapped {
                    push(&mut lines, item, plain(l, role));
                }
                let under = match level {
                    1 => Some('='),
                    2 => Some('─'),
                    _ => None,
                };
                if let Some(c) = under {
                    let n = if opts.width == 0 {
                        widest
                    } else {
                        widest.min(opts.width)
                    };
                    push(
                        &mut lines,
                        item,
                        plain(std::iter::repeat_n(c, n).collect(), Role::Rule),
                    );
                }
            }
            Block::Text { text, role } => {
                // A link's continuation lines hang under its text, after the arrow.
                let rest = if *role == Role::Link && text.starts_with("→ ") {
                    "  "
                } else {
                    ""
                };
                for l in wrap_text(text, "", rest, opts) {
                    push(&mut lines, item, plain(l, *role));
                }
            }
            Block::Bullet(text) => {
                for (i, l) in wrap_text(text, "• ", "  ", opts).into_iter().enumerate() {
                    let runs = if i == 0 {
                        let rest = l.strip_prefix("• ").unwrap_or(&l).to_string();
                        let mut r = vec![Run {
                            text: "• ".into(),
                            role: Role::Bullet,
                        }];
                        r.extend(plain(rest, Role::Body));
                        r
                    } else {
                        plain(l, Role::Body)
                    };
                    push(&mut lines, item, runs);
                }
            }
            Block::Quotation(text) => {
                for l in wrap_text(text, "  │ ", "  │ ", opts) {
                    push(&mut lines, item, plain(l, Role::Quotation));
                }
            }
            Block::Quote { text, attribution } => {
                for l in wrap_text(text, "  ", "  ", opts) {
                    push(&mut lines, item, plain(l, Role::Quote));
                }
                for l in wrap_text(attribution, "    ", "      ", opts) {
                    push(&mut lines, item, plain(l, Role::Attribution));
                }
            }
            Block::Figures(rows) => figures(&mut lines, item, rows, opts),
            Block::Bar {
                label,
                shown,
                fraction,
                label_width,
                value_width,
            } => {
                let widths = (*label_width, *value_width);
                bar(&mut lines, item, label, shown, *fraction, widths, opts)
            }
            Block::Rule => {
                let n = if opts.width == 0 { 40 } else { opts.width };
                push(
                    &mut lines,
                    item,
                    plain(std::iter::repeat_n('─', n).collect(), Role::Rule),
                );
            }
            Block::Blank => {
                if !matches!(lines.last(), Some(l) if l.is_blank()) {
                    push(&mut lines, item, Vec::new());
                }
            }
        }
    }
    while matches!(lines.last(), Some(l) if l.is_blank()) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(width: usize) -> WrapOptions {
        WrapOptions {
            width,
            break_long_words: false,
        }
    }

    #[test]
    fn bullets_hang() {
        let blocks = vec![DocBlock::new(
            Block::Bullet("one two three four five six".into()),
            None,
        )];
        let lines: Vec<String> = wrap_blocks(&blocks, opts(12))
            .iter()
            .map(Line::text)
            .collect();
        assert_eq!(lines, vec!["• one two", "  three four", "  five six"]);
    }

    #[test]
    fn long_tokens_stay_whole_in_export_and_break_in_reader() {
        let url = "https://example.com/a/very/long/path/that/does/not/fit";
        let blocks = vec![DocBlock::new(
            Block::Text {
                text: format!("see {url} now"),
                role: Role::Body,
            },
            None,
        )];
        let export: Vec<String> = wrap_blocks(&blocks, opts(20))
            .iter()
            .map(Line::text)
            .collect();
        assert!(export.contains(&url.to_string()), "{export:?}");
        let reader = wrap_blocks(
            &blocks,
            WrapOptions {
                width: 20,
                break_long_words: true,
            },
        );
        assert!(reader.iter().all(|l| l.width() <= 20));
    }

    #[test]
    fn wide_characters_never_split_and_fit() {
        let text = "日本の首相がワシントンを訪問し、米国大統領と会談する。👩‍👩‍👧‍👦 家族".repeat(3);
        let blocks = vec![DocBlock::new(
            Block::Text {
                text,
                role: Role::Body,
            },
            None,
        )];
        for w in 2..30 {
            let lines = wrap_blocks(
                &blocks,
                WrapOptions {
                    width: w,
                    break_long_words: true,
                },
            );
            for l in &lines {
                assert!(l.width() <= w, "width {w}: {:?}", l.text());
                assert!(!l.text().starts_with('\u{200d}'));
            }
        }
    }

    #[test]
    fn figures_align() {
        let rows = vec![
            FigureRow {
                label: "Toyota".into(),
                value: "14".into(),
                unit: "billion USD".into(),
                note: "nearly".into(),
                item: String::new(),
            },
            FigureRow {
                label: "Panasonic Kansas".into(),
                value: "4".into(),
                unit: "billion USD".into(),
                note: String::new(),
                item: String::new(),
            },
        ];
        let blocks = vec![DocBlock::new(Block::Figures(rows), None)];
        let lines: Vec<String> = wrap_blocks(&blocks, opts(80))
            .iter()
            .map(Line::text)
            .collect();
        assert_eq!(
            lines,
            vec![
                "  Figure            Value  Unit         Note",
                "  Toyota               14  billion USD  nearly",
                "  Panasonic Kansas      4  billion USD",
            ]
        );
        let narrow: Vec<String> = wrap_blocks(&blocks, opts(20))
            .iter()
            .map(Line::text)
            .collect();
        assert!(narrow[0].starts_with("  Toyota: 14"), "{narrow:?}");
        assert!(narrow.iter().all(|l| l.len() <= 20), "{narrow:?}");
    }
}
