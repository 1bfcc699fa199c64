//! The layout engine: a section becomes wrapped, styled lines.
//!
//! There is one layout engine. The reader draws the visible slice of its
//! lines; the text export writes every line; the Markdown export marks up the
//! same [`doc`] blocks.

pub mod doc;
mod lines;
mod role;
pub mod views;
pub mod when;
pub mod wrap;

pub use doc::{Block, DocBlock, Target};
pub use lines::{Line, Lines, Run};
pub use role::Role;
pub use wrap::{WrapOptions, for_each_line, width, wrap_blocks};

use crate::briefing::Briefing;

/// A section laid out at one width: what the reader caches per width.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLayout {
    /// The width it was laid out at.
    pub width: usize,
    /// The lines.
    pub lines: Lines,
    /// First line of each item (index = item index); `None` for an item not shown.
    pub item_starts: Vec<Option<usize>>,
}

impl SectionLayout {
    /// Lays out section `index` of a briefing at a width.
    pub fn new(b: &Briefing, index: usize, opts: WrapOptions) -> SectionLayout {
        SectionLayout::filtered(b, index, |_| true, opts)
    }

    /// Lays out section `index` with only the items `keep` accepts: the same
    /// lines as [`SectionLayout::from_blocks`] of
    /// [`doc::section_doc_filtered`], but block by block, never holding the
    /// section's whole document (a second copy of its text) in memory.
    pub fn filtered(
        b: &Briefing,
        index: usize,
        keep: impl Fn(&crate::briefing::Item) -> bool,
        opts: WrapOptions,
    ) -> SectionLayout {
        let section = &b.sections[index];
        // About as many lines and bytes as there will be (see `wrap_blocks`).
        let bytes: usize = section
            .items
            .iter()
            .map(|i| i.title.len() + i.body.as_ref().map_or(0, String::len))
            .sum();
        let estimate = if opts.width == 0 {
            section.items.len() * 8
        } else {
            section.items.len() * 6 + (bytes * 8) / (7 * opts.width.max(8))
        };
        let mut lines = Lines::with_capacity(estimate + 8, bytes + estimate * 5);
        doc::each_section_block(b, section, keep, |d| wrap::wrap_block(&mut lines, &d, opts));
        wrap::finish(&mut lines);
        SectionLayout::from_lines(lines, section.items.len(), opts.width)
    }

    /// Lays out any document; `items` is the number of items lines may belong to.
    pub fn from_blocks(blocks: &[DocBlock], items: usize, opts: WrapOptions) -> SectionLayout {
        SectionLayout::from_lines(wrap_blocks(blocks, opts), items, opts.width)
    }

    fn from_lines(lines: Lines, items: usize, width: usize) -> SectionLayout {
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
            width,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{LoadOptions, load_file};

    #[test]
    fn a_section_laid_out_block_by_block_is_the_same() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/us-japan-summit-2024-04.toml");
        let b = load_file(&path, &LoadOptions::default()).unwrap().briefing;
        for width in [0, 20, 37, 80, 100] {
            for break_long_words in [false, true] {
                let opts = WrapOptions {
                    width,
                    break_long_words,
                };
                for (i, s) in b.sections.iter().enumerate() {
                    let blocks = doc::section_doc(&b, s);
                    let whole = SectionLayout::from_blocks(&blocks, s.items.len(), opts);
                    assert_eq!(SectionLayout::new(&b, i, opts), whole);
                    let odd = |item: &crate::briefing::Item| item.title.len() % 2 == 1;
                    let blocks = doc::section_doc_filtered(&b, s, odd);
                    let some = SectionLayout::from_blocks(&blocks, s.items.len(), opts);
                    assert_eq!(SectionLayout::filtered(&b, i, odd, opts), some);
                }
            }
        }
    }
}
