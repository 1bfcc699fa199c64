//! The layout engine: a section becomes wrapped, styled lines.
//!
//! There is one layout engine. The reader draws the visible slice of its
//! lines; the text export writes every line; the Markdown export marks up the
//! same [`doc`] blocks.

pub mod doc;
mod role;
pub mod views;
pub mod when;
pub mod wrap;

pub use doc::{Block, DocBlock, Target};
pub use role::Role;
pub use wrap::{WrapOptions, width, wrap_blocks};

use crate::briefing::Briefing;

/// A piece of a line with one meaning (and so one style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text; never contains a newline or a control character.
    pub text: String,
    /// What it is.
    pub role: Role,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// Its pieces, left to right.
    pub runs: Vec<Run>,
    /// The item (index within the section) the line belongs to.
    pub item: Option<usize>,
    /// Where the line leads, when it is part of a link.
    pub target: Option<Target>,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Display width in columns.
    pub fn width(&self) -> usize {
        self.runs.iter().map(|r| width(&r.text)).sum()
    }

    /// Whether the line is empty.
    pub fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| r.text.is_empty())
    }
}

/// A section laid out at one width: what the reader caches per width.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLayout {
    /// The width it was laid out at.
    pub width: usize,
    /// The lines.
    pub lines: Vec<Line>,
    /// First line of each item (index = item index); `None` for an item not shown.
    pub item_starts: Vec<Option<usize>>,
}

impl SectionLayout {
    /// Lays out section `index` of a briefing at a width.
    pub fn new(b: &Briefing, index: usize, opts: WrapOptions) -> SectionLayout {
        let blocks = doc::section_doc(b, &b.sections[index]);
        SectionLayout::from_blocks(&blocks, b.sections[index].items.len(), opts)
    }

    /// Lays out any document; `items` is the number of items lines may belong to.
    pub fn from_blocks(blocks: &[DocBlock], items: usize, opts: WrapOptions) -> SectionLayout {
        let lines = wrap_blocks(blocks, opts);
        let mut item_starts = vec![None; items];
        for (n, line) in lines.iter().enumerate() {
            if let Some(i) = line.item
                && let Some(slot @ None) = item_starts.get_mut(i)
                && !line.is_blank()
            {
                *slot = Some(n);
            }
        }
        SectionLayout {
            width: opts.width,
            lines,
            item_starts,
        }
    }

    /// The item whose lines include line `n` (or the nearest one above it).
    pub fn item_at(&self, n: usize) -> Option<usize> {
        self.item_starts
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .filter(|(_, s)| *s <= n)
            .max_by_key(|(_, s)| *s)
            .map(|(i, _)| i)
    }
}
