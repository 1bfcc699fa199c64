//! Export: sections as plain text or Markdown, written atomically.
//!
//! Both formats start from one plan: the export header, the layout engine's
//! section documents ([`doc::section_doc`]), separators and the list of
//! sources, all as [`DocBlock`]s. The text export wraps the plan with the
//! layout engine ([`crate::layout::wrap_blocks`]); the Markdown export marks
//! the same blocks up. Neither walks the briefing's content a second time.

pub mod markdown;
pub mod text;
pub mod write;

pub use markdown::export_markdown;
pub use text::export_text;

use crate::briefing::Briefing;
use crate::briefing::diagnostic::is_unsafe_char;
use crate::layout::Role;
use crate::layout::doc::{self, Block, DocBlock};

/// One piece of an export, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// A block of the layout engine's document model.
    Block(DocBlock),
    /// One entry of the sources list at the end.
    Source(SourceEntry),
}

/// A cited source, numbered as the citation marks number it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceEntry {
    /// The number in its mark: `[n]` (1-based, briefing-wide).
    pub number: usize,
    /// The source's title.
    pub title: String,
    /// Publisher, author and date, joined with commas (may be empty).
    pub details: String,
    /// Where it can be read.
    pub url: Option<String>,
}

impl SourceEntry {
    /// The plain-text form: `[n] Title. Publisher, Author, date. URL`.
    pub fn text(&self) -> String {
        let mut s = format!("[{}] {}", self.number, sentence(&self.title));
        if !self.details.is_empty() {
            s.push(' ');
            s.push_str(&sentence(&self.details));
        }
        if let Some(url) = &self.url {
            s.push(' ');
            s.push_str(url);
        }
        s
    }
}

/// Ends a phrase with a full stop unless it already ends a sentence.
pub(crate) fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) || s.is_empty() {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// Replaces anything that could act on a terminal, or break a line where the
/// layout does not expect it, inside one block's text. The loader already
/// sanitizes; this keeps the export's promise ("no control characters") even
/// for a briefing built another way.
pub fn clean(s: &str) -> String {
    s.chars().map(clean_char).collect()
}

fn clean_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
        c if c.is_control() || is_unsafe_char(c) => '\u{FFFD}',
        c => c,
    }
}

/// [`clean`], keeping the string itself when nothing in it changes (the
/// usual case: the loader has sanitized it already).
fn clean_owned(s: String) -> String {
    if crate::layout::wrap::all_beyond_ascii(&s, |c| clean_char(c) == c) {
        s
    } else {
        clean(&s)
    }
}

fn clean_block(block: Block) -> Block {
    match block {
        Block::Heading { level, text } => Block::Heading {
            level,
            text: clean_owned(text),
        },
        Block::Text { text, role } => Block::Text {
            text: clean_owned(text),
            role,
        },
        Block::Bullet(t) => Block::Bullet(clean_owned(t)),
        Block::Quotation(t) => Block::Quotation(clean_owned(t)),
        Block::Quote { text, attribution } => Block::Quote {
            text: clean_owned(text),
            attribution: clean_owned(attribution),
        },
        Block::Figures(rows) => Block::Figures(
            rows.into_iter()
                .map(|r| doc::FigureRow {
                    label: clean_owned(r.label),
                    value: clean_owned(r.value),
                    unit: clean_owned(r.unit),
                    note: clean_owned(r.note),
                    item: clean_owned(r.item),
                })
                .collect(),
        ),
        Block::Bar {
            label,
            shown,
            fraction,
            label_width,
            value_width,
        } => Block::Bar {
            label: clean_owned(label),
            shown: clean_owned(shown),
            fraction,
            label_width,
            value_width,
        },
        b @ (Block::Rule | Block::Blank) => b,
    }
}

fn block(block: Block) -> Piece {
    Piece::Block(DocBlock::new(clean_block(block), None))
}

fn meta(text: String) -> Piece {
    block(Block::Text {
        text,
        role: Role::Meta,
    })
}

fn separator(out: &mut dyn FnMut(Piece)) {
    out(block(Block::Blank));
    out(block(Block::Rule));
    out(block(Block::Blank));
}

/// Indexes of the sources cited by the given sections (items and quotes),
/// in briefing order, without repeats.
pub fn cited_sources(b: &Briefing, sections: &[usize]) -> Vec<usize> {
    let mut cited = vec![false; b.sources.len()];
    for &s in sections {
        for item in &b.sections[s].items {
            let quoted = item.quotes.iter().filter_map(|q| q.source);
            for i in item.sources.iter().copied().chain(quoted) {
                if let Some(c) = cited.get_mut(i) {
                    *c = true;
                }
            }
        }
    }
    (0..cited.len()).filter(|&i| cited[i]).collect()
}

/// The whole export as pieces, handed over one at a time: header, sections
/// with rules between them, then the sources they cite. A long section is
/// never held whole: its blocks are made as they are written.
pub(crate) fn each_piece(b: &Briefing, sections: &[usize], out: &mut dyn FnMut(Piece)) {
    let m = &b.meta;
    out(block(Block::Heading {
        level: 1,
        text: m.title.clone(),
    }));
    if let Some(subtitle) = &m.subtitle {
        out(block(Block::Text {
            text: subtitle.clone(),
            role: Role::Plain,
        }));
    }
    out(block(Block::Blank));
    let mut dates = format!("Date: {}", m.date.long());
    if let Some(as_of) = &m.as_of {
        dates.push_str(&format!(" · As of: {as_of}"));
    }
    out(meta(dates));
    let titles: Vec<&str> = sections
        .iter()
        .map(|&s| b.sections[s].title.as_str())
        .collect();
    out(meta(match titles.as_slice() {
        [one] => format!("Section: {one}"),
        many => format!("Sections: {}", many.join(" · ")),
    }));
    // The briefing's own bottom line belongs to an export of all of it.
    let everything =
        sections.len() == b.sections.len() && (0..b.sections.len()).all(|i| sections.contains(&i));
    if everything && let Some(summary) = &m.summary {
        out(block(Block::Blank));
        out(block(Block::Text {
            text: summary.clone(),
            role: Role::Summary,
        }));
    }
    for &s in sections {
        separator(out);
        doc::each_section_block(
            b,
            &b.sections[s],
            |_| true,
            |d| {
                out(Piece::Block(DocBlock {
                    block: clean_block(d.block),
                    ..d
                }))
            },
        );
    }
    let cited = cited_sources(b, sections);
    if !cited.is_empty() {
        separator(out);
        out(block(Block::Heading {
            level: 2,
            text: "Sources".into(),
        }));
        out(block(Block::Blank));
        for i in cited {
            let src = &b.sources[i];
            let details: Vec<String> = [
                src.publisher.clone(),
                src.author.clone(),
                src.date.map(|d| d.to_string()),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
            out(Piece::Source(SourceEntry {
                number: i + 1,
                title: clean(&src.title),
                details: clean(&details.join(", ")),
                url: src.url.as_deref().map(clean),
            }));
        }
    }
}

/// Finds a section by id, 1-based position, or title (case-insensitive).
pub fn find_section(b: &Briefing, wanted: &str) -> Option<usize> {
    let wanted = wanted.trim();
    if let Some(i) = b.sections.iter().position(|s| s.id == wanted) {
        return Some(i);
    }
    if !wanted.is_empty() && wanted.bytes().all(|c| c.is_ascii_digit()) {
        return wanted
            .parse::<usize>()
            .ok()
            .filter(|&n| (1..=b.sections.len()).contains(&n))
            .map(|n| n - 1);
    }
    let lower = wanted.to_lowercase();
    b.sections
        .iter()
        .position(|s| s.title.to_lowercase() == lower)
}

/// The sections as a table (position, id, key, title), one per line, for
/// messages that ask the user to pick one.
pub fn section_list(b: &Briefing) -> String {
    let id_w = b
        .sections
        .iter()
        .map(|s| crate::layout::width(&s.id))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, s) in b.sections.iter().enumerate() {
        let key = s.key.map(|k| format!("[{k}]")).unwrap_or_default();
        let pad = id_w.saturating_sub(crate::layout::width(&s.id));
        let line = format!(
            "  {:>2}  {}{}  {:<3}  {}",
            n + 1,
            s.id,
            " ".repeat(pad),
            key,
            s.title
        );
        out.push_str(&clean(&line));
        out.push('\n');
    }
    out
}

/// File stem of an export: `{briefing}-{section id}`, or `{briefing}-all`
/// for the whole briefing.
pub fn file_stem(b: &Briefing, section: Option<usize>) -> String {
    match section.and_then(|s| b.sections.get(s)) {
        Some(s) => format!("{}-{}", b.slug(), s.id),
        None => format!("{}-all", b.slug()),
    }
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_found_by_id_position_and_title() {
        let b = sample::briefing();
        assert_eq!(find_section(&b, "defense"), Some(1));
        assert_eq!(find_section(&b, "2"), Some(1));
        assert_eq!(find_section(&b, "DEFENSE cooperation"), Some(1));
        assert_eq!(find_section(&b, "0"), None);
        assert_eq!(find_section(&b, "3"), None);
        assert_eq!(find_section(&b, "nope"), None);
    }

    #[test]
    fn stems_name_briefing_and_section() {
        let b = sample::briefing();
        assert_eq!(file_stem(&b, Some(1)), "summit-defense");
        assert_eq!(file_stem(&b, None), "summit-all");
    }

    #[test]
    fn only_cited_sources_are_listed_with_their_global_numbers() {
        let b = sample::briefing();
        assert_eq!(cited_sources(&b, &[0]), vec![0]);
        assert_eq!(cited_sources(&b, &[1]), vec![1]);
        assert_eq!(cited_sources(&b, &[0, 1]), vec![0, 1]);
    }

    #[test]
    fn clean_removes_controls() {
        assert_eq!(
            clean("a\tb\u{1b}[31m\u{202e}c\u{2028}"),
            "a b\u{FFFD}[31m\u{FFFD}c "
        );
    }
}
