//! The layout engine: a section becomes wrapped, styled lines.
//!
//! There is one layout engine. The reader draws the visible slice of its
//! lines; the text export writes every line; the Markdown export marks up the
//! same [`doc`] blocks.

pub mod blocks;
pub mod doc;
pub mod find;
mod lines;
pub mod panes;
mod role;
pub mod search;
pub mod views;
pub mod when;
pub mod wrap;

pub use blocks::{LineStream, wrap_blocks};
pub use doc::{Block, DocBlock, Target};
pub use lines::{Join, Line, Lines, Run};
pub use role::Role;
pub use wrap::{WrapOptions, abbreviate, width};

use crate::briefing::Briefing;

/// A section laid out at one width: what the reader caches per width.
///
/// A long section can be laid out in steps ([`SectionLayout::start`], then
/// [`SectionLayout::grow`]): its lines so far are then the first lines of
/// the whole layout, so the reader can show the top of a long section at
/// once and lay out the rest while waiting for keys.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionLayout {
    /// The width it was laid out at.
    pub width: usize,
    /// The lines.
    pub lines: Lines,
    /// First line of each item (index = item index); `None` for an item not
    /// shown (or not laid out yet).
    pub item_starts: Vec<Option<usize>>,
    /// What is left to lay out, until the layout is complete.
    rest: Option<Rest>,
}

/// Where a layout in steps has got to.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rest {
    section: usize,
    next_item: usize,
    opts: WrapOptions,
    /// Bytes of item text laid out so far, and in all (for estimates).
    done: usize,
    total: usize,
}

/// How far [`SectionLayout::grow`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Until there are at least this many lines.
    Lines(usize),
    /// Until item `.0` is laid out and `.1` lines after its first.
    Item(usize, usize),
    /// Until about this many more bytes of item text are laid out.
    Bytes(usize),
    /// To the end.
    End,
}

/// About how many bytes of text an item lays out (for estimates: of room
/// to reserve, of progress, of whether a section is long).
fn item_size(item: &crate::briefing::Item) -> usize {
    64 + item.title.len()
        + item.body.as_ref().map_or(0, |b| b.len())
        + item.quotes.iter().map(|q| q.text.len() + 32).sum::<usize>()
        + item.figures.len() * 48
        + item.see_also.len() * 48
}

/// About how many bytes of text section `index` lays out.
pub fn section_size(b: &Briefing, index: usize) -> usize {
    b.sections[index].items.iter().map(item_size).sum()
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
        let mut layout = SectionLayout::start(b, index, opts);
        layout.grow(b, keep, Until::End);
        layout
    }

    /// Starts laying out section `index`: its title and summary only, with
    /// room for the whole section. [`SectionLayout::grow`] lays out the rest.
    pub fn start(b: &Briefing, index: usize, opts: WrapOptions) -> SectionLayout {
        SectionLayout::start_after(b, index, opts, false)
    }

    /// [`SectionLayout::start`] with the briefing's own bottom line (its
    /// summary) above the section: where a reader starts.
    pub fn start_with_summary(b: &Briefing, index: usize, opts: WrapOptions) -> SectionLayout {
        SectionLayout::start_after(b, index, opts, true)
    }

    fn start_after(b: &Briefing, index: usize, opts: WrapOptions, summary: bool) -> SectionLayout {
        let section = &b.sections[index];
        // About as many lines and bytes as there will be (see `wrap_blocks`).
        let total = section_size(b, index);
        let estimate = if opts.width == 0 {
            section.items.len() * 8
        } else {
            section.items.len() * 4 + (total * 8) / (7 * opts.width.max(8))
        };
        let mut lines = Lines::with_capacity(estimate + 8, total + estimate * 5);
        if summary {
            doc::briefing_summary_blocks(b, &mut |d| blocks::wrap_block(&mut lines, &d, opts));
        }
        doc::section_head_blocks(section, &mut |d| blocks::wrap_block(&mut lines, &d, opts));
        SectionLayout {
            width: opts.width,
            lines,
            item_starts: vec![None; section.items.len()],
            rest: Some(Rest {
                section: index,
                next_item: 0,
                opts,
                done: 0,
                total,
            }),
        }
    }

    /// Lays out more of a section started with [`SectionLayout::start`]
    /// (with the same `keep`), as far as `until`; returns whether the
    /// layout is complete.
    pub fn grow(
        &mut self,
        b: &Briefing,
        keep: impl Fn(&crate::briefing::Item) -> bool,
        until: Until,
    ) -> bool {
        let Some(mut rest) = self.rest else {
            return true;
        };
        let items = &b.sections[rest.section].items;
        let started = rest.done;
        while rest.next_item < items.len() {
            let enough = match until {
                Until::Lines(n) => self.lines.len() >= n,
                Until::Item(i, after) => {
                    rest.next_item > i
                        && self.lines.len()
                            >= self.item_starts.get(i).copied().flatten().unwrap_or(0) + after
                }
                Until::Bytes(n) => rest.done - started >= n,
                Until::End => false,
            };
            if enough {
                self.rest = Some(rest);
                return false;
            }
            let i = rest.next_item;
            let item = &items[i];
            if keep(item) {
                let first = self.lines.len();
                doc::item_doc_blocks(b, i, item, &mut |d| {
                    blocks::wrap_block(&mut self.lines, &d, rest.opts)
                });
                self.item_starts[i] =
                    (first..self.lines.len()).find(|&n| !self.lines.line(n).is_blank());
            }
            rest.done += item_size(item);
            rest.next_item += 1;
        }
        blocks::finish(&mut self.lines);
        self.rest = None;
        true
    }

    /// Whether every item is laid out.
    pub fn is_complete(&self) -> bool {
        self.rest.is_none()
    }

    /// How many lines the whole layout will have: exact once complete, an
    /// estimate from the text laid out so far before.
    pub fn estimated_len(&self) -> usize {
        match self.rest {
            None => self.lines.len(),
            Some(r) if r.done == 0 => self.lines.len().max(r.total / 64),
            Some(r) => {
                let ratio = r.total as f64 / r.done as f64;
                // An estimate: a float converts saturating, never wrapping.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let estimate = (self.lines.len() as f64 * ratio) as usize;
                estimate.max(self.lines.len())
            }
        }
    }

    /// Lays out any document; `items` is the number of items lines may belong to.
    pub fn from_blocks(blocks: &[DocBlock], items: usize, opts: WrapOptions) -> SectionLayout {
        SectionLayout::from_lines(wrap_blocks(blocks, opts), items, opts.width)
    }

    /// Lines laid out already, as a complete layout of `items` items.
    pub fn from_lines(lines: Lines, items: usize, width: usize) -> SectionLayout {
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
            rest: None,
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
    fn a_section_laid_out_in_steps_is_the_same() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("briefings/us-japan-summit-2024-04.toml");
        let b = load_file(&path, &LoadOptions::default()).unwrap().briefing;
        let opts = WrapOptions {
            width: 40,
            break_long_words: true,
        };
        let odd = |item: &crate::briefing::Item| item.title.len() % 2 == 1;
        for (i, _) in b.sections.iter().enumerate() {
            let whole = SectionLayout::filtered(&b, i, odd, opts);
            for step in [
                Until::Lines(1),
                Until::Lines(7),
                Until::Bytes(1),
                Until::Bytes(900),
            ] {
                let mut layout = SectionLayout::start(&b, i, opts);
                let mut steps = 0;
                while !layout.grow(&b, odd, step) {
                    // What there is so far is the start of the whole.
                    let n = layout.lines.len();
                    assert!(n <= whole.lines.len());
                    assert_eq!(
                        &whole.lines.text()[..layout.lines.text().len()],
                        layout.lines.text()
                    );
                    assert!(layout.estimated_len() >= n);
                    steps += 1;
                    assert!(steps < 1000, "grow makes progress");
                    let step = match step {
                        Until::Lines(k) => Until::Lines(n + k),
                        other => other,
                    };
                    if layout.grow(&b, odd, step) {
                        break;
                    }
                }
                assert!(layout.is_complete());
                assert_eq!(layout, whole, "{step:?}");
                assert_eq!(layout.estimated_len(), whole.lines.len());
            }
            // Growing up to an item lays it out with lines after it.
            let last = b.sections[i].items.len() - 1;
            let mut layout = SectionLayout::start(&b, i, opts);
            layout.grow(&b, |_| true, Until::Item(last, 3));
            let full = SectionLayout::new(&b, i, opts);
            assert_eq!(layout.item_starts[last], full.item_starts[last]);
        }
    }

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
