//! A section as a document: blocks of text with their meaning, before any
//! wrapping. The text layout wraps these blocks; the Markdown export marks
//! them up. Both read the same blocks, so they say the same things in the
//! same order.

use crate::briefing::{Briefing, Figure, Item, Section};

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: 1 = briefing title, 2 = section title, 3 = item title.
    Heading {
        /// Depth of the heading.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph of one kind of text (summary, body, meta line, tags …).
    Text {
        /// The paragraph.
        text: String,
        /// What it is.
        role: super::Role,
    },
    /// A bullet point (wrapped with a hanging indent).
    Bullet(String),
    /// A quotation set off from the body.
    Quotation(String),
    /// An attributed quote: the words, then "— speaker, role [n]".
    Quote {
        /// The words.
        text: String,
        /// Who said them, with role and citation.
        attribution: String,
    },
    /// An aligned table of figures.
    Figures(Vec<FigureRow>),
    /// One bar of a bar chart: `label ████████ shown`.
    Bar {
        /// What the bar measures.
        label: String,
        /// The value as printed on the bar.
        shown: String,
        /// Length of the bar relative to the longest of its chart (0–1).
        fraction: f64,
        /// Columns given to labels in this chart (shared by its bars).
        label_width: usize,
        /// Columns of the widest value in this chart (so every bar has the same room).
        value_width: usize,
    },
    /// A separator between major parts.
    Rule,
    /// An empty line.
    Blank,
}

/// One row of a figures table, already formatted.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// What is measured.
    pub label: String,
    /// The amount, formatted.
    pub value: String,
    /// Its unit.
    pub unit: String,
    /// Qualifier.
    pub note: String,
    /// The item that carries the figure (empty inside an item).
    pub item: String,
}

impl FigureRow {
    /// The row as one line of text, for widths too narrow for a table:
    /// `label: value unit (note) — item`.
    pub fn inline(&self) -> String {
        let mut s = format!("{}: {}", self.label, self.value);
        if !self.unit.is_empty() {
            s.push(' ');
            s.push_str(&self.unit);
        }
        if !self.note.is_empty() {
            s.push_str(&format!(" ({})", self.note));
        }
        if !self.item.is_empty() {
            s.push_str(&format!(" — {}", self.item));
        }
        s
    }
}

/// A place in the briefing a link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// Section index.
    pub section: usize,
    /// Item index within the section (`None`: the section's top).
    pub item: Option<usize>,
}

/// A block with the item it belongs to (for the outline and jumps) and,
/// for a link, where it leads.
#[derive(Debug, Clone, PartialEq)]
pub struct DocBlock {
    /// The block.
    pub block: Block,
    /// Index of the item within its section, if the block belongs to one.
    pub item: Option<usize>,
    /// Where following this block leads, if it is a link.
    pub target: Option<Target>,
}

impl DocBlock {
    /// A block of an item (or of no item).
    pub fn new(block: Block, item: Option<usize>) -> DocBlock {
        DocBlock {
            block,
            item,
            target: None,
        }
    }

    /// A block that links to a place in the briefing.
    pub fn link(block: Block, item: Option<usize>, target: Target) -> DocBlock {
        DocBlock {
            block,
            item,
            target: Some(target),
        }
    }
}

/// A quote's attribution line as laid out: `— Speaker, Role [n]`.
pub fn attribution(q: &crate::briefing::Quote) -> String {
    let mut who = format!("— {}", q.speaker);
    if let Some(role) = &q.role {
        who.push_str(", ");
        who.push_str(role);
    }
    if let Some(src) = q.source {
        who.push(' ');
        who.push_str(&citation_marks(&[src]));
    }
    who
}

/// Formats a figure's value without noise: `14`, `14.9`, `1250000`.
pub fn format_value(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        // A whole number well within i64: exact.
        #[allow(clippy::cast_possible_truncation)]
        let whole = v as i64;
        format!("{whole}")
    } else {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

fn figure_row(f: &Figure) -> FigureRow {
    FigureRow {
        label: f.label.to_string(),
        value: format_value(f.value),
        unit: f.unit.as_deref().unwrap_or_default().to_string(),
        note: f.note.as_deref().unwrap_or_default().to_string(),
        item: String::new(),
    }
}

/// Citation marks of a list of source indexes: `[1] [3]` (1-based, briefing-wide).
pub fn citation_marks(sources: &[usize]) -> String {
    sources
        .iter()
        .map(|i| format!("[{}]", i + 1))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The subdued line under an item's title: when · status · citations.
pub fn meta_line(item: &Item) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(when) = &item.when {
        parts.push(when.long());
    }
    if let Some(status) = &item.status {
        parts.push(status.to_string());
    }
    if !item.sources.is_empty() {
        parts.push(citation_marks(&item.sources));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Splits an item body into paragraphs, bullets and quotations.
///
/// Paragraphs are separated by blank lines; consecutive plain lines join into
/// one paragraph; a line starting `- ` is a bullet (continuation lines that
/// are indented join it); a line starting `> ` is a quotation.
pub fn body_blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Text {
                text: para.join(" "),
                role: super::Role::Body,
            });
            para.clear();
        }
    };
    for raw in body.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut para, &mut out);
            if !matches!(out.last(), Some(Block::Blank) | None) {
                out.push(Block::Blank);
            }
        } else if let Some(rest) =
            trimmed
                .strip_prefix("- ")
                .or(if trimmed == "-" { Some("") } else { None })
        {
            flush(&mut para, &mut out);
            out.push(Block::Bullet(rest.trim().to_string()));
        } else if let Some(rest) =
            trimmed
                .strip_prefix("> ")
                .or(if trimmed == ">" { Some("") } else { None })
        {
            flush(&mut para, &mut out);
            match out.last_mut() {
                Some(Block::Quotation(q)) => {
                    q.push(' ');
                    q.push_str(rest.trim());
                }
                _ => out.push(Block::Quotation(rest.trim().to_string())),
            }
        } else if line.starts_with(' ') && para.is_empty() {
            // An indented line right after a bullet continues it.
            match out.last_mut() {
                Some(Block::Bullet(b)) => {
                    b.push(' ');
                    b.push_str(trimmed);
                }
                _ => para.push(trimmed),
            }
        } else {
            para.push(trimmed);
        }
    }
    flush(&mut para, &mut out);
    while matches!(out.last(), Some(Block::Blank)) {
        out.pop();
    }
    out
}

/// The blocks of one item: title, meta, tags, body, quotes, figures, links.
pub fn item_blocks(item: &Item) -> Vec<Block> {
    use super::Role;
    let mut out = vec![Block::Heading {
        level: 3,
        text: item.title.to_string(),
    }];
    if let Some(meta) = meta_line(item) {
        out.push(Block::Text {
            text: meta,
            role: Role::Meta,
        });
    }
    if !item.tags.is_empty() {
        out.push(Block::Text {
            text: item
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
            role: Role::Tag,
        });
    }
    if let Some(body) = item.body.as_deref() {
        let body = body_blocks(body);
        if !body.is_empty() {
            out.push(Block::Blank);
            out.extend(body);
        }
    }
    for q in &item.quotes {
        out.push(Block::Blank);
        out.push(Block::Quote {
            text: format!("“{}”", q.text),
            attribution: attribution(q),
        });
    }
    if !item.figures.is_empty() {
        out.push(Block::Blank);
        out.push(Block::Figures(
            item.figures.iter().map(figure_row).collect(),
        ));
    }
    out
}

/// The cross-references of an item: a "See also" line, then one link per reference.
pub fn see_also_blocks(b: &Briefing, item: &Item) -> Vec<(Block, Option<Target>)> {
    use super::Role;
    if item.see_also.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        (Block::Blank, None),
        (
            Block::Text {
                text: "See also:".into(),
                role: Role::Meta,
            },
            None,
        ),
    ];
    for r in &item.see_also {
        let section = &b.sections[r.section];
        let text = match r.item {
            Some(i) => format!("→ {} › {}", section.title, section.items[i].title),
            None => format!("→ {}", section.title),
        };
        out.push((
            Block::Text {
                text,
                role: Role::Link,
            },
            Some(Target {
                section: r.section,
                item: r.item,
            }),
        ));
    }
    out
}

/// The document of one section: its title, summary, then every item.
pub fn section_doc(b: &Briefing, section: &Section) -> Vec<DocBlock> {
    section_doc_filtered(b, section, |_| true)
}

/// The document of one section, with only the items `keep` accepts (item
/// indexes stay those of the section).
pub fn section_doc_filtered(
    b: &Briefing,
    section: &Section,
    keep: impl Fn(&Item) -> bool,
) -> Vec<DocBlock> {
    let mut out = Vec::new();
    each_section_block(b, section, keep, |d| out.push(d));
    out
}

/// The blocks of [`section_doc_filtered`], handed over one at a time, so that
/// a long section is laid out without its whole document in memory.
pub fn each_section_block(
    b: &Briefing,
    section: &Section,
    keep: impl Fn(&Item) -> bool,
    mut out: impl FnMut(DocBlock),
) {
    section_head_blocks(section, &mut out);
    for (i, item) in section.items.iter().enumerate() {
        if keep(item) {
            item_doc_blocks(b, i, item, &mut out);
        }
    }
}

/// The briefing's own bottom line (its summary), under a label, for the
/// top of where a reader starts; nothing when it has none.
pub fn briefing_summary_blocks(b: &Briefing, out: &mut impl FnMut(DocBlock)) {
    use super::Role;
    if let Some(summary) = &b.meta.summary {
        out(DocBlock::new(
            Block::Text {
                text: "Bottom line".into(),
                role: Role::Meta,
            },
            None,
        ));
        summary_blocks(summary, out);
        out(DocBlock::new(Block::Blank, None));
    }
}

/// The blocks of a section before its items: its title and summary.
pub fn section_head_blocks(section: &Section, out: &mut impl FnMut(DocBlock)) {
    out(DocBlock::new(
        Block::Heading {
            level: 2,
            text: section.title.to_string(),
        },
        None,
    ));
    if let Some(summary) = &section.summary {
        out(DocBlock::new(Block::Blank, None));
        summary_blocks(summary, out);
    }
}

/// A summary's paragraphs (separated by blank lines; the lines of one
/// paragraph are joined with a space), with a blank line between them.
pub fn summary_blocks(summary: &str, out: &mut impl FnMut(DocBlock)) {
    use super::Role;
    for (k, para) in paragraphs(summary).into_iter().enumerate() {
        if k > 0 {
            out(DocBlock::new(Block::Blank, None));
        }
        out(DocBlock::new(
            Block::Text {
                text: para,
                role: Role::Summary,
            },
            None,
        ));
    }
}

/// The paragraphs of a text: runs of lines separated by blank lines, each
/// run's lines joined with one space.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// The blocks of item `i` of a section: a blank line, the item, its links.
pub fn item_doc_blocks(b: &Briefing, i: usize, item: &Item, out: &mut impl FnMut(DocBlock)) {
    out(DocBlock::new(Block::Blank, Some(i)));
    for block in item_blocks(item) {
        out(DocBlock::new(block, Some(i)));
    }
    for (block, target) in see_also_blocks(b, item) {
        out(DocBlock {
            block,
            item: Some(i),
            target,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Role;

    #[test]
    fn body_markup_is_parsed() {
        let blocks = body_blocks(
            "First line\ncontinues.\n\n- one\n  more of one\n- two\n\n> quoted\n> still\n\nLast.",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Text {
                    text: "First line continues.".into(),
                    role: Role::Body
                },
                Block::Blank,
                Block::Bullet("one more of one".into()),
                Block::Bullet("two".into()),
                Block::Blank,
                Block::Quotation("quoted still".into()),
                Block::Blank,
                Block::Text {
                    text: "Last.".into(),
                    role: Role::Body
                },
            ]
        );
    }

    #[test]
    fn a_summary_keeps_its_paragraphs() {
        let mut blocks = Vec::new();
        summary_blocks("First line\ngoes on.\n\n  Second.\n\n\n", &mut |d| {
            blocks.push(d.block)
        });
        assert_eq!(
            blocks,
            vec![
                Block::Text {
                    text: "First line goes on.".into(),
                    role: Role::Summary
                },
                Block::Blank,
                Block::Text {
                    text: "Second.".into(),
                    role: Role::Summary
                },
            ]
        );
    }

    #[test]
    fn values_are_formatted_without_noise() {
        assert_eq!(format_value(14.0), "14");
        assert_eq!(format_value(14.9), "14.9");
        assert_eq!(format_value(0.125), "0.125");
        assert_eq!(format_value(-3.0), "-3");
    }
}
