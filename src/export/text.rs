//! Plain text: the export plan laid out by the layout engine.

use super::{Piece, Plan, each_piece};
use crate::briefing::Briefing;
use crate::layout::doc::{Block, DocBlock};
use crate::layout::{Line, LineStream, Role, WrapOptions, section_size};

/// Below this width the layout's indents (up to six columns for a quote's
/// attribution) leave no room for text, so indented blocks are laid out
/// flush left instead, keeping every line within the width.
const MIN_INDENTED_WIDTH: usize = 7;

/// The pages of the plan (in its order, with only its items) as plain text
/// wrapped at `width` columns (0: no wrapping).
///
/// Every line fits the width unless it holds a single word wider than the
/// room left by its indent (a long URL stays whole); there are no trailing
/// spaces, no control characters but newlines, and the text ends with
/// exactly one newline.
pub fn export_text(b: &Briefing, plan: &Plan, width: usize) -> String {
    let opts = WrapOptions {
        width,
        break_long_words: false,
    };
    let narrow = width != 0 && width < MIN_INDENTED_WIDTH;
    // Blocks are laid out as they are made and lines written as they are
    // laid out: a long export never holds its whole document or all its
    // lines at once.
    let size: usize = plan
        .pages
        .iter()
        .map(|p| match p {
            super::Page::Section(s) => section_size(b, *s),
            _ => 4096,
        })
        .sum();
    let mut out = String::with_capacity(size + size / 8 + 1);
    let mut stream = LineStream::new(opts);
    let mut write = |line: Line<'_>| push_line(&mut out, line);
    each_piece(b, plan, &mut |piece| {
        let d = match piece {
            Piece::Block(d) => d,
            Piece::Source(s) => DocBlock {
                block: Block::Text {
                    text: s.text(),
                    role: Role::Link,
                },
                item: None,
                target: None,
            },
            Piece::Start(_) => return,
        };
        if narrow {
            for d in flush_left(d) {
                stream.push(&d, &mut write);
            }
        } else {
            stream.push(&d, &mut write);
        }
    });
    stream.finish(&mut write);
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// Appends a line's text, trimmed at its end, and a newline.
fn push_line(out: &mut String, line: Line<'_>) {
    out.push_str(line.text().trim_end());
    out.push('\n');
}

/// Joins laid-out lines into text ending with exactly one newline.
#[cfg(test)]
pub(crate) fn render(lines: &crate::layout::Lines) -> String {
    let mut out = String::new();
    for line in lines.iter() {
        push_line(&mut out, line);
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// The same block without an indent, for widths too narrow for indents.
fn flush_left(d: DocBlock) -> Vec<DocBlock> {
    let text = |text: String, role: Role| DocBlock {
        block: Block::Text { text, role },
        item: d.item,
        target: d.target,
    };
    match d.block {
        Block::Bullet(t) => vec![text(format!("• {t}"), Role::Body)],
        Block::Quotation(t) => vec![text(format!("│ {t}"), Role::Quotation)],
        Block::Quote {
            text: words,
            attribution,
        } => vec![
            text(words, Role::Quote),
            text(attribution, Role::Attribution),
        ],
        Block::Figures(rows) => rows
            .iter()
            .map(|r| text(r.inline(), Role::Figure))
            .collect(),
        _ => vec![d],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample;

    #[test]
    fn header_sections_and_sources_in_order() {
        let b = sample::briefing();
        let text = export_text(&b, &Plan::sections(&[0, 1]), 60);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Summit week");
        assert_eq!(lines[1], "===========");
        assert!(text.contains("Date: Mon 8 Apr 2024 · As of: Mon 8 Apr 2024\n"));
        assert!(text.contains("Sections: Agenda · Defense cooperation\n"));
        let agenda = text.find("Agenda\n──────").unwrap();
        let defense = text.find("Defense cooperation\n───").unwrap();
        let sources = text.find("Sources\n───────").unwrap();
        assert!(agenda < defense && defense < sources, "{text}");
        let unwrapped = export_text(&b, &Plan::sections(&[0, 1]), 0);
        assert!(
            unwrapped.contains("\n[1] Preview of the visit. Example News, A. Writer, 2024-04-08. https://example.com/preview\n"),
            "{unwrapped}"
        );
        assert!(text.contains("\n[2] Defense memo.\n"));
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    }

    #[test]
    fn the_text_is_the_layout_of_each_section() {
        // The section part of an export is exactly the layout engine's lines.
        let b = sample::briefing();
        let text = export_text(&b, &Plan::sections(&[1]), 50);
        let layout = crate::layout::SectionLayout::new(
            &b,
            1,
            WrapOptions {
                width: 50,
                break_long_words: false,
            },
        );
        let section = render(&layout.lines);
        assert!(text.contains(&section), "{text}\n---\n{section}");
    }

    #[test]
    fn one_section_lists_only_its_sources_with_global_numbers() {
        let b = sample::briefing();
        let text = export_text(&b, &Plan::sections(&[1]), 80);
        assert!(text.contains("Section: Defense cooperation\n"));
        assert!(text.contains("[2] Defense memo."));
        assert!(!text.contains("[1] Preview"));
    }

    #[test]
    fn width_zero_does_not_wrap() {
        let b = sample::briefing();
        let text = export_text(&b, &Plan::sections(&[0]), 0);
        let long = b.sections[0].items[0].body.as_deref().unwrap();
        let first_para = long.split("\n\n").next().unwrap().replace('\n', " ");
        assert!(text.contains(&first_para), "{text}");
    }

    #[test]
    fn narrow_widths_fit() {
        let b = sample::briefing();
        for w in 1..12 {
            for line in export_text(&b, &Plan::sections(&[0, 1]), w).lines() {
                let words = line.split(' ').filter(|s| !s.is_empty()).count();
                assert!(
                    crate::layout::width(line) <= w || words <= 2,
                    "{w}: {line:?}"
                );
            }
        }
    }
}
