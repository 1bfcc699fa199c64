//! Blocks become lines: a document's blocks laid out at a width, each with
//! its role, its item and where it links (hanging indents for bullets and
//! quotes, aligned tables of figures, bars of a chart), one block at a
//! time or as a stream.

use std::borrow::Cow;

use super::doc::{Block, DocBlock, FigureRow, Target};
use super::lines::Join;
use super::wrap::{Placed, WrapOptions, abbreviate, width, wrap_text};
use super::{Line, Lines, Role};

/// Where the lines of the block being laid out belong.
#[derive(Clone, Copy)]
struct Origin {
    item: Option<usize>,
    target: Option<Target>,
}

/// Adds a line of one run.
fn push(lines: &mut Lines, origin: Origin, text: &str, role: Role) {
    lines.push_line(text, role, origin.item, origin.target);
}

/// Adds a line that holds no text of the briefing (a rule, a table's
/// heading row): a search never finds anything in it.
fn push_layout(lines: &mut Lines, origin: Origin, text: &str, role: Role) {
    push(lines, origin, text, role);
    lines.set_no_text();
}

/// Adds a wrapped line of one role, after saying how the line before goes
/// on into it.
fn push_placed(lines: &mut Lines, origin: Origin, text: &str, role: Role, placed: Placed<'_>) {
    if placed.join != Join::Hard {
        lines.set_join(placed.join, placed.gap);
    }
    push(lines, origin, text, role);
    lines.set_lead(placed.lead);
}

/// Wraps text with indents into lines of one role.
fn push_wrapped(
    lines: &mut Lines,
    origin: Origin,
    (text, role): (&str, Role),
    (first, rest): (&str, &str),
    opts: WrapOptions,
) {
    wrap_text(text, first, rest, opts, &mut |l, placed| {
        push_placed(lines, origin, l, role, placed)
    });
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

/// The widest figures table laid out without a width: beyond it, one line
/// per figure.
const UNWRAPPED_TABLE_WIDTH: usize = 200;

/// Lays out a figures table; falls back to one wrapped line per figure when
/// the table would be wider than the width.
fn figures(lines: &mut Lines, item: Origin, rows: &[FigureRow], opts: WrapOptions) {
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
                    item: abbreviate(&r.item, room),
                    ..r.clone()
                })
                .collect();
            total -= wi - room;
        }
    }
    // Without a width (an export that does not wrap), a table still has a
    // limit: its rows are padded to its widest cell, so one long label among
    // many short rows would multiply the text.
    let limit = if opts.width == 0 {
        UNWRAPPED_TABLE_WIDTH
    } else {
        opts.width
    };
    if total > limit {
        for r in rows.iter() {
            let text = r.inline();
            push_wrapped(lines, item, (&text, Role::Figure), ("  ", "    "), opts);
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
    push_layout(
        lines,
        item,
        &row(head[0], head[1], head[2], head[3], head[4]),
        Role::FigureHeader,
    );
    for r in rows.iter() {
        push(
            lines,
            item,
            &row(&r.label, &r.value, &r.unit, &r.note, &r.item),
            Role::Figure,
        );
        lines.set_lead(2);
    }
}

/// One bar of a chart: the label (abbreviated to its column), the bar, the value.
fn bar(
    lines: &mut Lines,
    item: Origin,
    label: &str,
    shown: &str,
    fraction: f64,
    (label_width, value_width): (usize, usize),
    opts: WrapOptions,
) {
    let total = if opts.width == 0 { 100 } else { opts.width };
    let lw = label_width.min(total * 2 / 5).max(4);
    let label = abbreviate(label, lw);
    let room = total.saturating_sub(2 + lw + 2 + value_width.max(width(shown)) + 1);
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Within 0..=room (a float converts saturating, never wrapping).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut n = ((fraction * room as f64).round() as usize).min(room);
    if fraction > 0.0 && n == 0 && room > 0 {
        n = 1;
    }
    let bar: String = std::iter::repeat_n('█', n).collect();
    lines.start_line(item.item, item.target);
    lines.push_run(&format!("  {}  ", pad(&label, lw)), Role::Plain);
    lines.push_run(&bar, Role::Figure);
    lines.push_run(&format!(" {shown}"), Role::Plain);
    lines.finish_line();
}

/// About how many lines and bytes of text a block lays out to at a width.
pub(super) fn estimate(block: &Block, width: usize) -> (usize, usize) {
    let bytes = match block {
        Block::Heading { text, .. }
        | Block::Text { text, .. }
        | Block::Bullet(text)
        | Block::Quotation(text) => text.len(),
        Block::Quote { text, attribution } => text.len() + attribution.len(),
        Block::Figures(rows) => return (rows.len() + 1, (rows.len() + 1) * 64),
        _ => 0,
    };
    if width == 0 {
        return (1, bytes + 8);
    }
    // Lines are rarely less than seven-eighths full.
    let lines = 2 + (bytes * 8) / (7 * width.max(8));
    (lines, bytes + lines * 5)
}

/// Lays out blocks at a width.
pub fn wrap_blocks(blocks: &[DocBlock], opts: WrapOptions) -> Lines {
    // Room for about as many lines as there will be, so that a long section
    // does not leave its buffers up to twice their size (or copy them).
    let (n, bytes) = blocks
        .iter()
        .map(|d| estimate(&d.block, opts.width))
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
    let mut lines = Lines::with_capacity(n, bytes);
    for d in blocks {
        wrap_block(&mut lines, d, opts);
    }
    finish(&mut lines);
    lines
}

/// Blocks laid out as they come, each finished line handed on: the lines of
/// [`wrap_blocks`] without ever holding more than a block's worth of them
/// (the text export writes a long section this way).
#[derive(Debug)]
pub struct LineStream {
    opts: WrapOptions,
    /// The last block's lines; the last of them is kept back, since whether
    /// it is blank decides the next blank block.
    lines: Lines,
    /// Blank lines wait for a line that is not blank: trailing ones are dropped.
    blanks: usize,
}

impl LineStream {
    /// A stream laying out at `opts`.
    pub fn new(opts: WrapOptions) -> LineStream {
        LineStream {
            opts,
            lines: Lines::default(),
            blanks: 0,
        }
    }

    /// Lays out one more block, handing `f` the lines now finished.
    pub fn push(&mut self, d: &DocBlock, f: &mut impl FnMut(Line<'_>)) {
        wrap_block(&mut self.lines, d, self.opts);
        if self.lines.len() > 1 {
            let n = self.lines.len() - 1;
            for line in self.lines.iter().take(n) {
                emit(&mut self.blanks, line, f);
            }
            self.lines.keep_last();
        }
    }

    /// Hands `f` the last lines (without trailing blank ones).
    pub fn finish(self, f: &mut impl FnMut(Line<'_>)) {
        let mut blanks = self.blanks;
        for line in self.lines.iter() {
            emit(&mut blanks, line, f);
        }
    }
}

/// Hands `f` a line, holding blank ones back until a line that is not blank.
fn emit(blanks: &mut usize, line: Line<'_>, f: &mut impl FnMut(Line<'_>)) {
    if line.is_blank() {
        *blanks += 1;
    } else {
        for _ in 0..*blanks {
            f(Line::BLANK);
        }
        *blanks = 0;
        f(line);
    }
}

/// Removes trailing blank lines and spare room: the lines are complete.
pub(super) fn finish(lines: &mut Lines) {
    while matches!(lines.last(), Some(l) if l.is_blank()) {
        lines.pop();
    }
    lines.shrink_to_fit();
}

/// Lays out one block after `lines` (a blank block adds no second blank line).
pub(super) fn wrap_block(lines: &mut Lines, d: &DocBlock, opts: WrapOptions) {
    let DocBlock {
        block,
        item,
        target,
    } = d;
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
            let mut widest = 0;
            wrap_text(text, "", "", opts, &mut |l, placed| {
                widest = widest.max(width(l));
                push_placed(lines, item, l, role, placed);
            });
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
                let rule: String = std::iter::repeat_n(c, n).collect();
                push_layout(lines, item, &rule, Role::Rule);
            }
        }
        Block::Text { text, role } => {
            // A link's continuation lines hang under its text, after the arrow.
            let rest = if *role == Role::Link && text.starts_with("→ ") {
                "  "
            } else {
                ""
            };
            push_wrapped(lines, item, (text, *role), ("", rest), opts);
        }
        Block::Bullet(text) => {
            let mut first = true;
            wrap_text(text, "• ", "  ", opts, &mut |l, placed| {
                if placed.join != Join::Hard {
                    lines.set_join(placed.join, placed.gap);
                }
                lines.start_line(item.item, item.target);
                if first {
                    // The marker, then the text (an empty bullet is "•" alone).
                    let (marker, rest) = match l.strip_prefix("• ") {
                        Some(rest) => ("• ", rest),
                        None => ("•", l.strip_prefix('•').unwrap_or(l)),
                    };
                    lines.push_run(marker, Role::Bullet);
                    lines.push_run(rest, Role::Body);
                } else {
                    lines.push_run(l, Role::Body);
                }
                lines.finish_line();
                lines.set_lead(placed.lead);
                first = false;
            });
        }
        Block::Quotation(text) => {
            push_wrapped(lines, item, (text, Role::Quotation), ("  │ ", "  │ "), opts);
        }
        Block::Quote { text, attribution } => {
            push_wrapped(lines, item, (text, Role::Quote), ("  ", "  "), opts);
            push_wrapped(
                lines,
                item,
                (attribution, Role::Attribution),
                ("    ", "      "),
                opts,
            );
        }
        Block::Figures(rows) => figures(lines, item, rows, opts),
        Block::Bar {
            label,
            shown,
            fraction,
            label_width,
            value_width,
        } => {
            let widths = (*label_width, *value_width);
            bar(lines, item, label, shown, *fraction, widths, opts)
        }
        Block::Rule => {
            let n = if opts.width == 0 { 40 } else { opts.width };
            let rule: String = std::iter::repeat_n('─', n).collect();
            push_layout(lines, item, &rule, Role::Rule);
        }
        Block::Blank => {
            if !matches!(lines.last(), Some(l) if l.is_blank()) {
                lines.start_line(item.item, item.target);
                lines.finish_line();
            }
        }
    }
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
    fn lines_one_by_one_are_the_lines() {
        let mut blocks = Vec::new();
        for i in 0..60 {
            let block = match i % 6 {
                0 | 4 => Block::Blank,
                1 => Block::Text {
                    text: String::new(),
                    role: Role::Body,
                },
                2 => Block::Bullet(format!("point {i} ").repeat(i % 5 + 1)),
                3 => Block::Rule,
                _ => Block::Text {
                    text: format!("word {i} ").repeat(i % 4),
                    role: Role::Body,
                },
            };
            blocks.push(DocBlock::new(block, Some(i)));
            for n in [blocks.len(), blocks.len().saturating_sub(1)] {
                let part = &blocks[..n];
                let mut one_by_one = Vec::new();
                let mut stream = LineStream::new(opts(14));
                let mut keep = |l: Line<'_>| one_by_one.push(l.text().to_string());
                for d in part {
                    stream.push(d, &mut keep);
                }
                stream.finish(&mut keep);
                let whole = wrap_blocks(part, opts(14));
                let whole: Vec<String> = whole.iter().map(|l| l.text().to_string()).collect();
                assert_eq!(one_by_one, whole);
            }
        }
    }

    #[test]
    fn an_unwrapped_table_with_one_long_cell_does_not_multiply_it() {
        let mut rows = vec![FigureRow {
            label: "L".repeat(10_000),
            value: "1".into(),
            unit: String::new(),
            note: String::new(),
            item: String::new(),
        }];
        rows.extend((0..100).map(|_| FigureRow {
            label: "a".into(),
            value: "1".into(),
            unit: String::new(),
            note: String::new(),
            item: String::new(),
        }));
        let blocks = vec![DocBlock::new(Block::Figures(rows), None)];
        let lines = wrap_blocks(&blocks, opts(0));
        assert!(lines.text().len() < 11_000, "{}", lines.text().len());
        assert_eq!(lines.line(1).text(), "  a: 1");
    }

    #[test]
    fn bullets_hang() {
        let blocks = vec![DocBlock::new(
            Block::Bullet("one two three four five six".into()),
            None,
        )];
        let lines: Vec<String> = wrap_blocks(&blocks, opts(12))
            .iter()
            .map(|l| l.text().to_string())
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
            .map(|l| l.text().to_string())
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
            for l in lines.iter() {
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
            .map(|l| l.text().to_string())
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
            .map(|l| l.text().to_string())
            .collect();
        assert!(narrow[0].starts_with("  Toyota: 14"), "{narrow:?}");
        assert!(narrow.iter().all(|l| l.len() <= 20), "{narrow:?}");
    }
}
