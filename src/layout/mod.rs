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

pub use doc::{Block, DocBlock};
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
    /// First line of each item (index = item index).
    pub item_starts: Vec<usize>,
}

impl SectionLayout {
    /// Lays out section `index` of a briefing at a width.
    pub fn new(b: &Briefing, index: usize, opts: WrapOptions) -> SectionLayout {
        let blocks = doc::section_doc(b, &b.sections[index]);
        let lines = wrap_blocks(&blocks, opts);
        let mut item_starts = vec![usize::MAX; b.sections[index].items.len()];
        for (n, line) in lines.iter().enumerate() {
            if let Some(i) = line.item
                && item_starts[i] == usize::MAX
                && !line.is_blank()
            {
                item_starts[i] = n;
            }
        }
        // An item with no visible line (impossible: every item has a title) falls back to 0.
        for s in &mut item_starts {
            if *s == usize::MAX {
                *s = 0;
            }
        }
        SectionLayout {
            width: opts.width,
            lines,
            item_starts,
        }
    }
}
