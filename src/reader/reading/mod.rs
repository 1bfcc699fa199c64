//! Reading a briefing: its tabs, the view of each (scrolled, laid out at
//! the screen's width), the tag filter and the figures views; the keys that
//! move through it; and its drawing (header, tab bar, text, status line).

pub mod draw;
mod position;
pub mod tabs;

use std::sync::Arc;

use crate::briefing::{Briefing, Line};
use crate::config::action::Action;
use crate::export::{Format, Plan};
use crate::layout::panes::{Pane, Panes, Source, Steps, View};
use crate::layout::{SectionLayout, Target, views};
use crate::state::SavedPosition;

pub use crate::layout::views::Page;

use super::changes::Found;
use super::geometry::Geometry;
use super::msg::{Effect, Outcome};

/// A place of the open briefing to come back to (after following a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// Tab.
    pub tab: usize,
    /// Showing the figures view.
    pub figures: bool,
    /// Top line.
    pub top: usize,
    /// Selected link.
    pub focus: Option<usize>,
}

/// The open briefing: tabs, where each is scrolled, layouts at the current width.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The briefing.
    pub briefing: Arc<Briefing>,
    /// Hash of the file's bytes, to tell whether a saved position still fits.
    pub content_hash: Option<u64>,
    /// The first problem of a newer version of the file that failed to load
    /// (the last good version stays on screen).
    pub banner: Option<String>,
    /// The tabs: the briefing's sections, then the generated pages.
    pub pages: Vec<Page>,
    /// The active tab.
    pub tab: usize,
    /// Which tabs (sections) show their figures instead of their text.
    figures: Vec<bool>,
    /// Each tab's views, laid out, and where they are scrolled to.
    pub panes: Panes,
    /// Only items with this tag are shown.
    pub filter: Option<Line>,
    /// What changed since the briefing was last read: the items it marks.
    pub changes: Option<Arc<Found>>,
}

impl Reading {
    /// A briefing opened on its first tab, nothing laid out yet; with
    /// `generated`, the Timeline, Who's who and Sources tabs follow the sections.
    pub fn new(
        briefing: Arc<Briefing>,
        content_hash: Option<u64>,
        generated: bool,
        steps: Steps,
    ) -> Reading {
        let pages = views::pages(&briefing, generated);
        let n = pages.len();
        Reading {
            briefing,
            content_hash,
            banner: None,
            pages,
            tab: 0,
            figures: vec![false; n],
            panes: Panes::new(n, steps),
            filter: None,
            changes: None,
        }
    }

    /// The page of the active tab.
    pub fn page(&self) -> Page {
        self.pages[self.tab]
    }

    /// Whether the figures view is showing (only sections have one).
    pub fn showing_figures(&self) -> bool {
        matches!(self.page(), Page::Section(_)) && self.figures[self.tab]
    }

    /// The view of the active tab on screen.
    pub fn view(&self) -> View {
        if self.showing_figures() {
            View::Figures
        } else {
            View::Text
        }
    }

    fn set_figures(&mut self, on: bool) {
        if let Page::Section(_) = self.page() {
            self.figures[self.tab] = on;
        }
    }

    /// The pane on screen.
    pub fn pane(&self) -> &Pane {
        self.panes.pane(self.tab, self.view())
    }

    /// The pane on screen, to change.
    pub fn pane_mut(&mut self) -> &mut Pane {
        let (tab, view) = (self.tab, self.view());
        self.panes.pane_mut(tab, view)
    }

    /// The layout on screen, when computed.
    pub fn layout(&self) -> Option<&SectionLayout> {
        self.pane().layout.as_ref()
    }

    /// The top line on screen.
    pub fn scroll(&self) -> usize {
        self.pane().top
    }

    /// What the pages are laid out from, and the panes to lay them out in.
    pub fn parts(&mut self) -> (Source<'_>, &mut Panes) {
        let src = Source {
            briefing: &self.briefing,
            pages: &self.pages,
            tag: self.filter.as_deref(),
        };
        (src, &mut self.panes)
    }

    /// Makes sure tab `tab`'s `view` is laid out at `width` (see [`Panes::ensure`]).
    pub fn ensure(&mut self, tab: usize, view: View, width: usize, lazy: bool) {
        let (src, panes) = self.parts();
        panes.ensure(src, tab, view, width, lazy);
    }

    /// Lays out the view on screen if it is not yet, and keeps its top within it.
    pub fn ensure_current(&mut self, g: Geometry) {
        let (tab, view) = (self.tab, self.view());
        self.ensure(tab, view, g.text_width, true);
        self.clamp(g.body_height);
    }

    /// Completes the layout on screen if only its start is laid out: keys
    /// act on whole layouts.
    pub fn settle(&mut self) {
        let tab = self.tab;
        let (src, panes) = self.parts();
        panes.complete(src, tab);
    }

    /// Whether some layout is still being laid out in steps.
    pub fn has_work(&self) -> bool {
        self.panes.has_work()
    }

    /// Lays out a step of what is left (the tab on screen first); returns
    /// whether a new layout replaced one on screen.
    pub fn work(&mut self, g: Geometry) -> bool {
        let tab = self.tab;
        let (src, panes) = self.parts();
        let replaced = panes.work(src, tab);
        if replaced {
            self.clamp(g.body_height);
        }
        replaced
    }

    /// Lays out every view again for a new screen, keeping each tab's top
    /// item in view.
    pub fn resize(&mut self, g: Geometry) {
        let (src, panes) = self.parts();
        panes.resize(src, g.text_width, g.body_height);
        self.ensure_current(g);
    }

    /// The items shown on screen, in order: what the outline lists (a tag
    /// filter hides some; the figures view has none).
    pub fn outline(&self) -> Vec<usize> {
        match (self.page(), self.layout()) {
            (Page::Section(_), Some(layout)) if !self.showing_figures() => layout
                .item_starts
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|_| i))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The item at the top of the screen (or the first one below it).
    pub fn current_item(&self) -> Option<usize> {
        let layout = self.layout()?;
        layout
            .item_at(self.scroll())
            .or_else(|| layout.item_starts.iter().position(Option::is_some))
    }

    /// How far the view on screen can scroll at `height` rows.
    pub fn max_scroll(&self, height: usize) -> usize {
        self.layout()
            .map_or(0, |l| l.estimated_len().saturating_sub(height))
    }

    /// Keeps the view on screen within its lines.
    pub fn clamp(&mut self, height: usize) {
        let max = self.max_scroll(height);
        let pane = self.pane_mut();
        pane.top = pane.top.min(max);
    }

    /// Scrolls the view on screen by `delta` lines.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let pane = self.pane_mut();
        pane.top = pane.top.saturating_add_signed(delta);
        self.clamp(height);
    }

    /// Scrolls the view on screen to `line` (as far as it goes).
    pub fn scroll_to(&mut self, line: usize, height: usize) {
        self.pane_mut().top = line;
        self.clamp(height);
    }

    /// "Top", "Bot", "All" or a percentage, as less shows it.
    pub fn position_label(&self, height: usize) -> String {
        let max = self.max_scroll(height);
        let top = self.scroll();
        if max == 0 {
            "All".into()
        } else if top == 0 {
            "Top".into()
        } else if top >= max {
            "Bot".into()
        } else {
            format!("{}%", top * 100 / max)
        }
    }

    /// Switches tab, keeping each tab's own scroll position.
    pub fn goto_tab(&mut self, i: usize, g: Geometry) {
        if i < self.pages.len() {
            self.tab = i;
        }
        self.ensure_current(g);
    }

    /// Scrolls the view on screen so that its item (or entry) `i` is at the top.
    pub fn goto_item(&mut self, i: usize, g: Geometry) {
        self.settle();
        if let Some(start) = self
            .layout()
            .and_then(|l| l.item_starts.get(i).copied().flatten())
        {
            self.pane_mut().top = start;
        }
        self.clamp(g.body_height);
    }

    /// Shows a place of the briefing: its section, scrolled to its item.
    /// A tag filter that hides the item is cleared rather than leaving the
    /// reader nowhere; the message says so.
    pub fn goto_target(&mut self, t: Target, g: Geometry) -> Option<String> {
        let tab = self
            .pages
            .iter()
            .position(|p| *p == Page::Section(t.section))?;
        let mut message = None;
        if let (Some(filter), Some(i)) = (&self.filter, t.item)
            && !self.briefing.sections[t.section].items[i]
                .tags
                .contains(filter)
        {
            self.filter = None;
            self.panes.invalidate();
            message = Some("filter cleared to show the linked item".into());
        }
        self.tab = tab;
        self.set_figures(false);
        self.ensure(tab, View::Text, g.text_width, false);
        let start = t.item.and_then(|i| {
            self.layout()
                .and_then(|l| l.item_starts.get(i).copied().flatten())
        });
        let pane = self.pane_mut();
        pane.top = start.unwrap_or(0);
        pane.focus = None;
        self.clamp(g.body_height);
        message
    }

    /// Shows line `line` of tab `tab`'s text (a search match): the view
    /// moves only when the line is off screen, and then puts it a third of
    /// the way down.
    pub fn show_line(&mut self, tab: usize, line: usize, g: Geometry) {
        let h = g.body_height;
        self.tab = tab.min(self.pages.len() - 1);
        self.set_figures(false);
        let pane = self.pane_mut();
        if line < pane.top || line >= pane.top + h {
            pane.top = line.saturating_sub(h / 3);
        }
        self.clamp(h);
    }

    /// Where the reader is now, to come back to.
    pub fn visit(&self) -> Visit {
        Visit {
            tab: self.tab,
            figures: self.showing_figures(),
            top: self.scroll(),
            focus: self.pane().focus,
        }
    }

    /// Goes back to a place visited before.
    pub fn return_to(&mut self, v: Visit, g: Geometry) {
        self.tab = v.tab.min(self.pages.len() - 1);
        self.set_figures(v.figures);
        let (tab, view) = (self.tab, self.view());
        self.ensure(tab, view, g.text_width, false);
        let pane = self.pane_mut();
        pane.top = v.top;
        pane.focus = v.focus;
        self.clamp(g.body_height);
    }

    /// Shows only the items with `tag`, or every item when it is the filter
    /// already; the message says which.
    pub fn toggle_filter(&mut self, tag: Line, g: Geometry) -> String {
        let message = if self.filter.as_deref() == Some(tag.as_str()) {
            self.filter = None;
            "filter cleared: every item is shown".to_string()
        } else {
            let m = format!("showing only items tagged #{tag}");
            self.filter = Some(tag);
            m
        };
        self.panes.invalidate();
        self.ensure_current(g);
        message
    }

    /// Switches a section between its text and its figures; a message when
    /// there is nothing to switch to.
    pub fn toggle_figures(&mut self, g: Geometry) -> Option<String> {
        let message = match self.page() {
            Page::Section(s)
                if self.briefing.sections[s]
                    .items
                    .iter()
                    .any(|i| !i.figures.is_empty()) =>
            {
                let on = !self.showing_figures();
                self.set_figures(on);
                let (tab, view) = (self.tab, self.view());
                self.ensure(tab, view, g.text_width, false);
                None
            }
            Page::Section(_) if self.showing_figures() => {
                self.set_figures(false);
                None
            }
            Page::Section(_) => Some("this section has no figures".to_string()),
            _ => Some("figures belong to sections".to_string()),
        };
        self.clamp(g.body_height);
        message
    }

    /// An export of `pages` as shown: with the tag filter on screen.
    pub fn plan(&self, pages: Vec<Page>) -> Plan {
        Plan {
            pages,
            tag: self.filter.clone(),
        }
    }

    /// Where in the file the text on screen is: the item at the top of a
    /// section, else the section (the file's start for a generated tab).
    fn offset_on_screen(&self) -> usize {
        let Page::Section(s) = self.page() else {
            return 0;
        };
        let section = &self.briefing.sections[s];
        let item = match self.layout() {
            Some(layout) if !self.showing_figures() => layout.item_at(self.scroll()),
            _ => None,
        };
        item.and_then(|i| section.items.get(i))
            .map_or(section.offset.0, |item| item.offset.0)
    }

    /// A key's action while reading, as far as the briefing's own view goes:
    /// tabs, scrolling, the figures view, exports, copying and reloading.
    pub fn act(&mut self, action: Action, g: Geometry) -> Outcome {
        let h = g.body_height;
        let step = |n: usize| isize::try_from(n.max(1)).unwrap_or(isize::MAX);
        match action {
            Action::NextSection | Action::PrevSection => {
                let n = self.pages.len();
                let next = if action == Action::NextSection {
                    (self.tab + 1) % n
                } else {
                    (self.tab + n - 1) % n
                };
                self.goto_tab(next, g);
            }
            Action::Section(k) => {
                let n = self.pages.len();
                let i = usize::from(k).saturating_sub(1);
                if i < n {
                    self.goto_tab(i, g);
                } else {
                    return Outcome::Message(format!(
                        "there is no section {k}: this briefing has {n} tabs"
                    ));
                }
            }
            Action::LineDown => self.scroll_by(1, h),
            Action::LineUp => self.scroll_by(-1, h),
            Action::HalfPageDown => self.scroll_by(step(h / 2), h),
            Action::HalfPageUp => self.scroll_by(-step(h / 2), h),
            Action::PageDown => self.scroll_by(step(h.saturating_sub(1)), h),
            Action::PageUp => self.scroll_by(-step(h.saturating_sub(1)), h),
            Action::Top => self.scroll_to(0, h),
            Action::Bottom => self.scroll_to(usize::MAX, h),
            Action::Figures => {
                if let Some(m) = self.toggle_figures(g) {
                    return Outcome::Message(m);
                }
            }
            // What is on screen is what is exported: the tab, and under a
            // tag filter only the items shown.
            Action::ExportSection => {
                return Outcome::Effect(Effect::Export {
                    plan: self.plan(vec![self.page()]),
                    whole: false,
                    format: None,
                });
            }
            Action::ExportAll => {
                return Outcome::Effect(Effect::Export {
                    plan: Plan::whole(self.pages.clone()).tagged(self.filter.clone()),
                    whole: true,
                    format: None,
                });
            }
            // A page to share: the whole briefing, as on screen, in HTML
            // whatever the configured format.
            Action::ExportHtml => {
                return Outcome::Effect(Effect::Export {
                    plan: Plan::whole(self.pages.clone()).tagged(self.filter.clone()),
                    whole: true,
                    format: Some(Format::Html),
                });
            }
            Action::CopySection => {
                return Outcome::Effect(Effect::Copy {
                    plan: self.plan(vec![self.page()]),
                });
            }
            Action::Edit => {
                return Outcome::Effect(Effect::Edit {
                    path: self.briefing.path.clone(),
                    offset: self.offset_on_screen(),
                });
            }
            Action::Reload => {
                return Outcome::Effect(Effect::Reload {
                    path: self.briefing.path.clone(),
                });
            }
            Action::NextChange | Action::PrevChange => {
                if let Some(m) = self.goto_change(action == Action::NextChange, g) {
                    return Outcome::Message(m);
                }
            }
            _ => {}
        }
        Outcome::Done
    }

    /// Goes to the next (`forward`) or previous item that changed since
    /// the last reading, in reading order from the item at the top of the
    /// screen; a message when there is none that way.
    pub fn goto_change(&mut self, forward: bool, g: Geometry) -> Option<String> {
        let Some(found) = self.changes.clone() else {
            return Some("no changes since you last read".into());
        };
        let targets = found.targets();
        if targets.is_empty() {
            return Some("no changed items to go to".into());
        }
        // Where the reader is: a section's item, or before its first item;
        // a generated tab comes after every section.
        let here = match self.page() {
            Page::Section(s) if !self.showing_figures() => {
                // Above its first item's start, the reader is before it.
                let start = |i: usize| {
                    self.layout()
                        .and_then(|l| l.item_starts.get(i).copied().flatten())
                };
                match self.current_item() {
                    Some(i) if start(i).is_some_and(|st| st <= self.scroll()) => (s, Some(i)),
                    _ => (s, None),
                }
            }
            Page::Section(s) => (s, None),
            _ => (usize::MAX, None),
        };
        let key = |at: &crate::diff::ItemAt| (at.section, Some(at.item));
        let next = if forward {
            targets.iter().find(|at| key(at) > here)
        } else {
            targets.iter().rev().find(|at| key(at) < here)
        };
        let Some(at) = next else {
            return Some(if forward {
                "no more changes below".into()
            } else {
                "no more changes above".into()
            });
        };
        let message = self.goto_target(
            Target {
                section: at.section,
                item: Some(at.item),
            },
            g,
        );
        let k = targets.iter().position(|t| t == at).unwrap_or(0) + 1;
        Some(message.unwrap_or_else(|| format!("change {k} of {}", targets.len())))
    }

    /// The tab a section's own letter leads to, if `c` is one.
    pub fn section_key(&self, c: char) -> Option<usize> {
        self.briefing.sections.iter().position(|s| s.key == Some(c))
    }
}
