//! The layouts of a briefing's pages at the current width, and where each
//! page's view stands in them: the reader's cache of layouts.
//!
//! A page is laid out when it is first shown, and again when the width
//! changes or the tag filter does. A long section (more than
//! [`Steps::lazy_bytes`] of text) is laid out in steps: the first screen at
//! once, the rest while the reader waits for keys ([`Panes::work`]); after a
//! resize, its old layout stays until the new one is complete. Each pane
//! keeps the line at the top of its view, and keeps the same item at the
//! top across a new layout.

use crate::briefing::Briefing;

use super::views::{self, Page};
use super::{SectionLayout, Until, WrapOptions, section_size};

/// How long sections are laid out in steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steps {
    /// A section with more text than this is laid out in steps: below it, a
    /// whole layout takes a few milliseconds.
    pub lazy_bytes: usize,
    /// About how much text one step of [`Panes::work`] lays out (a couple
    /// of milliseconds, so that keys are read between steps).
    pub step_bytes: usize,
    /// Lines laid out below the top of the screen before a first frame:
    /// more than any screen is high.
    pub first_lines: usize,
}

/// [`Steps::lazy_bytes`] by default.
pub const LAZY_BYTES: usize = 512 * 1024;

impl Default for Steps {
    fn default() -> Steps {
        Steps {
            lazy_bytes: LAZY_BYTES,
            step_bytes: 256 * 1024,
            first_lines: 1024,
        }
    }
}

/// Which view of a page: its text, or (for a section) its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// The page's text.
    Text,
    /// A section's table and charts of its figures.
    Figures,
}

/// One view of one page at the current width, and where it is scrolled to.
#[derive(Debug, Clone, Default)]
pub struct Pane {
    /// The layout on screen: at the current width (computed when first
    /// needed, a long section's in steps), or at the last width while
    /// [`Pane::pending`] is laid out.
    pub layout: Option<SectionLayout>,
    /// A long section's layout at a new width, laid out in steps while the
    /// reader waits for keys; it replaces `layout` when complete.
    pub pending: Option<SectionLayout>,
    /// Top line of the view.
    pub top: usize,
    /// First line of the selected link, if one is selected (a line of
    /// `layout`: forgotten when the layout changes).
    pub focus: Option<usize>,
}

/// What the pages are laid out from: the briefing, its pages in tab order,
/// and the tag filter (only the items with the tag are laid out).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The briefing.
    pub briefing: &'a Briefing,
    /// Its pages, in tab order.
    pub pages: &'a [Page],
    /// Only the items with this tag.
    pub tag: Option<&'a str>,
}

/// Every page's panes: its text, and a section's figures.
#[derive(Debug, Clone)]
pub struct Panes {
    text: Vec<Pane>,
    figures: Vec<Pane>,
    steps: Steps,
}

impl Panes {
    /// Empty panes for `pages` (nothing laid out yet).
    pub fn new(pages: usize, steps: Steps) -> Panes {
        Panes {
            text: vec![Pane::default(); pages],
            figures: vec![Pane::default(); pages],
            steps,
        }
    }

    /// How many pages.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// How long sections are laid out in steps.
    pub fn steps(&self) -> Steps {
        self.steps
    }

    /// The pane of page `tab` in `view`.
    pub fn pane(&self, tab: usize, view: View) -> &Pane {
        match view {
            View::Text => &self.text[tab],
            View::Figures => &self.figures[tab],
        }
    }

    /// The pane of page `tab` in `view`, to change.
    pub fn pane_mut(&mut self, tab: usize, view: View) -> &mut Pane {
        match view {
            View::Text => &mut self.text[tab],
            View::Figures => &mut self.figures[tab],
        }
    }

    /// Every pane, to change.
    pub fn all_mut(&mut self) -> impl Iterator<Item = &mut Pane> {
        self.text.iter_mut().chain(self.figures.iter_mut())
    }

    /// Makes sure page `tab`'s `view` is laid out at `width`, laying it out
    /// again if not, and keeps its top item in view across the change.
    ///
    /// With `lazy`, a long section (more than [`Steps::lazy_bytes`] of text) is
    /// laid out only as far as the screen needs, or, when it had a complete
    /// layout at another width, not at all yet: [`Panes::work`] lays out the
    /// rest while the reader waits for keys. Without, the layout is complete
    /// on return.
    pub fn ensure(&mut self, src: Source<'_>, tab: usize, view: View, width: usize, lazy: bool) {
        let opts = WrapOptions {
            width,
            break_long_words: true,
        };
        let pane = self.pane_mut(tab, view);
        if pane.pending.as_ref().is_some_and(|p| p.width != width) {
            pane.pending = None;
        }
        let (current, pending) = (
            pane.layout.as_ref().is_some_and(|l| l.width == width),
            pane.pending.is_some(),
        );
        let section = match src.pages[tab] {
            Page::Section(s) if view == View::Text => s,
            _ if current => return,
            page => {
                // Generated pages and figures views are short: laid out whole.
                let doc = views::page_doc(src.briefing, page, src.tag);
                let entries = views::page_entries(src.briefing, page);
                let new = SectionLayout::from_blocks(&doc, entries, opts);
                adopt(self.pane_mut(tab, view), new);
                return;
            }
        };
        // A section's own text from here on.
        if current || pending {
            if !lazy {
                self.grow(src, tab, pending, Until::End);
                if pending {
                    self.adopt_pending(tab);
                }
            }
            return;
        }
        let long = section_size(src.briefing, section) > self.steps.lazy_bytes;
        let steps = self.steps;
        let pane = &self.text[tab];
        let (until, keep_old) = match &pane.layout {
            _ if !lazy || !long => (Until::End, false),
            // The old layout stays on screen until the new one is done.
            Some(old) if old.is_complete() => (Until::Bytes(steps.step_bytes), true),
            // What the screen needs now: down to the top item and a screen
            // (and more) below it.
            Some(old) => match old.item_at(pane.top) {
                Some(i) => (Until::Item(i, steps.first_lines), false),
                None => (Until::Lines(pane.top + steps.first_lines), false),
            },
            None => (Until::Lines(pane.top + steps.first_lines), false),
        };
        // The first page starts with the briefing's own bottom line. A
        // section is laid out block by block, never holding its whole
        // document in memory.
        let start = if tab == 0 {
            SectionLayout::start_with_summary
        } else {
            SectionLayout::start
        };
        self.text[tab].pending = Some(start(src.briefing, section, opts));
        self.grow(src, tab, true, until);
        if !keep_old {
            self.adopt_pending(tab);
        }
    }

    /// Lays out more of a section's text, as far as `until`: the layout on
    /// screen, or with `pending` the one laid out at a new width. Returns
    /// whether it is complete (or there is none).
    fn grow(&mut self, src: Source<'_>, tab: usize, pending: bool, until: Until) -> bool {
        let pane = &mut self.text[tab];
        let layout = if pending {
            &mut pane.pending
        } else {
            &mut pane.layout
        };
        layout
            .as_mut()
            .is_none_or(|l| l.grow(src.briefing, views::shown_by(src.tag), until))
    }

    /// Completes the text layout of page `tab` if only its start is laid
    /// out (keys act on whole layouts); the layout at a new width, if one
    /// is being laid out, is left to [`Panes::work`].
    pub fn complete(&mut self, src: Source<'_>, tab: usize) {
        self.grow(src, tab, false, Until::End);
    }

    /// Puts a section's pending layout on screen (see [`adopt`]).
    fn adopt_pending(&mut self, tab: usize) {
        let pane = &mut self.text[tab];
        if let Some(new) = pane.pending.take() {
            adopt(pane, new);
        }
    }

    /// Whether some layout is not complete yet (see [`Panes::work`]); only
    /// sections' own text is laid out in steps.
    pub fn has_work(&self) -> bool {
        self.text
            .iter()
            .any(|p| p.pending.is_some() || p.layout.as_ref().is_some_and(|l| !l.is_complete()))
    }

    /// Lays out a step ([`Steps::step_bytes`] of text) of what is left: page
    /// `first` (the one on screen) first. Returns whether a new layout
    /// replaced one on screen.
    pub fn work(&mut self, src: Source<'_>, first: usize) -> bool {
        let step = Until::Bytes(self.steps.step_bytes);
        for tab in std::iter::once(first).chain(0..self.text.len()) {
            let pane = &self.text[tab];
            if pane.layout.as_ref().is_some_and(|l| !l.is_complete()) {
                self.grow(src, tab, false, step);
                return false;
            }
            if pane.pending.is_some() {
                let done = self.grow(src, tab, true, step);
                if done {
                    self.adopt_pending(tab);
                }
                return done;
            }
        }
        false
    }

    /// Lays out again, at `width`, every pane that has been laid out (a
    /// long section in steps, keeping its old layout meanwhile), then keeps
    /// every view's top within its lines at `height` rows.
    pub fn resize(&mut self, src: Source<'_>, width: usize, height: usize) {
        for tab in 0..self.text.len() {
            for view in [View::Text, View::Figures] {
                let computed = self.pane(tab, view).layout.is_some();
                let has_view = view == View::Text || matches!(src.pages[tab], Page::Section(_));
                if computed && has_view {
                    self.ensure(src, tab, view, width, true);
                }
            }
        }
        for p in self.all_mut() {
            if let Some(l) = &p.layout {
                p.top = p.top.min(l.estimated_len().saturating_sub(height));
            }
        }
    }

    /// Drops every layout and position (the content changed: a tag filter
    /// was set or cleared).
    pub fn invalidate(&mut self) {
        for p in self.all_mut() {
            *p = Pane::default();
        }
    }
}

/// Puts a new layout in a pane, keeping the item at the top in view, and
/// how far into it the top line is (at most three lines, which re-wrapping
/// moves); the selected link is forgotten.
fn adopt(pane: &mut Pane, new: SectionLayout) {
    pane.top = match pane.layout.as_ref() {
        Some(old) => match old.item_at(pane.top) {
            Some(i) => {
                let old_start = old.item_starts[i].unwrap_or(0);
                match new.item_starts[i] {
                    Some(start) => start + (pane.top - old_start).min(3),
                    None => 0,
                }
            }
            None if pane.top == 0 => 0,
            None => pane.top.min(new.lines.len()),
        },
        None => pane.top,
    };
    pane.focus = None;
    pane.layout = Some(new);
    pane.pending = None;
}
