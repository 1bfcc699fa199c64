//! The reader's state and its pure update function.
//!
//! Terminal events become [`Msg`]s; [`App::update`] applies one to the state
//! and may return an [`Effect`] for the event loop to carry out (quit, write
//! an export, copy to the clipboard). Nothing here touches the terminal or
//! the disk, so every behaviour is testable without a terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::matches::Matches;
use super::picker::{Mode, Picker};
use super::tabs;
use crate::briefing::Briefing;
use crate::config::action::{Action, Context};
use crate::config::keymap::{Key, KeyMap};
use crate::export::Plan;
pub use crate::layout::views::Page;
use crate::layout::{DocBlock, SectionLayout, Target, Until, WrapOptions, section_size, views};
use crate::library::{self, Entry};
use crate::state::SavedPosition;

/// Rows above the body: title line, subtitle line, tab bar.
pub const HEADER_ROWS: u16 = 3;
/// Rows below the body: the status line.
pub const FOOTER_ROWS: u16 = 1;
/// Below this size the reader shows a notice instead of a layout.
pub const MIN_WIDTH: u16 = 20;
/// Below this size the reader shows a notice instead of a layout.
pub const MIN_HEIGHT: u16 = 5;
/// Lines one wheel notch scrolls.
pub const WHEEL_LINES: usize = 3;
/// How long sections are laid out in steps (see [`Reading::ensure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steps {
    /// A section with more text than this is laid out in steps: below it, a
    /// whole layout takes a few milliseconds.
    pub lazy_bytes: usize,
    /// About how much text one step of [`Reading::work`] lays out (a
    /// couple of milliseconds, so that keys are read between steps).
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

/// Something that happened, as the reader sees it.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The terminal is now this size (columns, rows).
    Resize(u16, u16),
    /// The wheel turned: positive scrolls down.
    Wheel(i32),
    /// A mouse click at a cell (column, row).
    Click(u16, u16),
    /// A line for the status bar (result of an effect).
    Message(String),
    /// This many files are being loaded into the library.
    Loading(usize),
    /// One more file of the library loaded (or failed to).
    Loaded(Box<Entry>),
    /// The open briefing's file was read again.
    Reloaded(Box<Entry>),
    /// The saved reading position of the open briefing (and a notice when
    /// the saved positions could not be read).
    Resume(Option<SavedPosition>, Option<String>),
    /// No input is waiting: a step of work left for later (laying out the
    /// rest of a long section) can be done. See [`App::has_work`].
    Idle,
}

/// Work the event loop does on the update's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Suspend to the shell; redraw fully on return.
    Suspend,
    /// Export pages of the open briefing as text into the export folder
    /// (`whole`: the briefing as a whole rather than the tab on screen).
    Export {
        /// What to export: the pages, and the tag filter on screen.
        plan: Plan,
        /// The whole briefing was asked for.
        whole: bool,
    },
    /// Copy pages' text to the clipboard.
    Copy {
        /// What to copy.
        plan: Plan,
    },
    /// A briefing was opened: watch its file and look up its saved position.
    Opened {
        /// Its file.
        path: PathBuf,
    },
    /// Read the open briefing's file again.
    Reload {
        /// Its file.
        path: PathBuf,
    },
}

/// Settings the reader needs from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Key bindings.
    pub keys: KeyMap,
    /// Widest the text may run.
    pub max_width: usize,
    /// Show the generated tabs (timeline, who's who, sources).
    pub generated_tabs: bool,
    /// How long sections are laid out in steps.
    pub steps: Steps,
}

impl Settings {
    /// Default settings with these keys.
    pub fn new(keys: KeyMap) -> Settings {
        Settings {
            keys,
            max_width: 100,
            generated_tabs: true,
            steps: Steps::default(),
        }
    }
}

/// An overlay drawn over the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help.
    Help,
    /// The section's items; `selected` is highlighted.
    Outline {
        /// Selected item index.
        selected: usize,
    },
    /// The briefing's tags; choosing one filters the sections.
    Tags {
        /// Selected row.
        selected: usize,
    },
}

/// One search match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Tab (page) index; matches are only searched in sections.
    pub section: usize,
    /// Line index in the section's layout.
    pub line: usize,
    /// Byte range within the line's text.
    pub range: std::ops::Range<usize>,
}

/// A search: the query, its matches, and which one is current.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// What was typed.
    pub query: String,
    /// Every match, in reading order.
    pub matches: Matches,
    /// Index into `matches`.
    pub current: Option<usize>,
    /// The prompt is open (typing); false once confirmed with Enter.
    pub typing: bool,
    /// Where the reader was when the prompt opened (tab, scroll), for Esc.
    pub origin: (usize, usize),
}

/// What one tab shows at the current width, and where it is scrolled to.
#[derive(Debug, Clone, Default)]
pub struct Pane {
    /// The layout on screen: at the current width (computed when first
    /// needed, a long section's in steps), or at the last width while
    /// [`Pane::pending`] is laid out.
    pub layout: Option<SectionLayout>,
    /// A long section's layout at a new width, laid out in steps while the
    /// reader waits for keys; it replaces `layout` when complete.
    pub pending: Option<SectionLayout>,
    /// Top line.
    pub scroll: usize,
    /// First line of the selected link, if one is selected.
    pub focus: Option<usize>,
}

/// A place to go back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Tab.
    pub tab: usize,
    /// Showing the figures view.
    pub figures: bool,
    /// Top line.
    pub scroll: usize,
    /// Selected link.
    pub focus: Option<usize>,
}

/// The open briefing: tabs, scroll positions, layouts at the current width.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The briefing.
    pub briefing: Arc<Briefing>,
    /// Hash of the file's bytes, to tell whether a saved position still fits.
    pub content_hash: Option<u64>,
    /// The first problem of a newer version of the file that failed to load
    /// (the last good version stays on screen).
    pub banner: Option<String>,
    /// The tabs: the briefing's sections, then the generated ones.
    pub pages: Vec<Page>,
    /// The active tab.
    pub tab: usize,
    /// Which sections show their figures instead of their text.
    pub figures: Vec<bool>,
    /// Each tab's text view (kept while moving between tabs).
    pub panes: Vec<Pane>,
    /// Each section's figures view.
    pub figure_panes: Vec<Pane>,
    /// Only items with this tag are shown.
    pub filter: Option<String>,
    /// Places to go back to, most recent last.
    pub history: Vec<Place>,
    /// How long sections are laid out in steps.
    pub steps: Steps,
}

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The list of briefings.
    Picker,
    /// A briefing.
    Reading,
}

/// The whole reader state.
#[derive(Debug, Clone)]
pub struct App {
    /// Settings from the configuration.
    pub settings: Settings,
    /// Every file of the library, newest first, broken ones last.
    pub entries: Vec<Entry>,
    /// The picker's query, mode and selection.
    pub picker: Picker,
    /// Which screen shows.
    pub screen: Screen,
    /// The open briefing, if any.
    pub reading: Option<Reading>,
    /// The overlay, if one is open.
    pub overlay: Option<Overlay>,
    /// The current search, if any.
    pub search: Option<Search>,
    /// A one-off line for the status bar.
    pub message: Option<String>,
    /// First row of the key help shown (when it is taller than the screen).
    pub help_scroll: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
}

/// Where things are on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Rows of the body (text) area.
    pub body_height: usize,
    /// Columns the text is wrapped to.
    pub text_width: usize,
    /// The screen is too small to lay anything out.
    pub too_small: bool,
}

impl Geometry {
    /// The geometry of a screen `w`×`h` with text capped at `max_width`.
    pub fn new(w: u16, h: u16, max_width: usize) -> Geometry {
        let too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
        // One column of margin on the left, one for the scrollbar, one gap.
        let text_width = usize::from(w)
            .saturating_sub(3)
            .min(max_width.max(1))
            .max(1);
        let body_height = usize::from(h.saturating_sub(HEADER_ROWS + FOOTER_ROWS)).max(1);
        Geometry {
            body_height,
            text_width,
            too_small,
        }
    }
}

/// The first line of every link in a layout: a line with a target whose
/// previous line is not part of the same link.
fn link_starts(layout: &SectionLayout, from: usize, to: usize) -> Vec<usize> {
    let to = to.min(layout.lines.len());
    (from..to)
        .filter(|&n| {
            let t = layout.lines.line(n).target;
            t.is_some() && (n == 0 || layout.lines.line(n - 1).target != t)
        })
        .collect()
}

impl Reading {
    fn new(briefing: Arc<Briefing>, content_hash: Option<u64>, settings: &Settings) -> Reading {
        let pages = views::pages(&briefing, settings.generated_tabs);
        let n = pages.len();
        let sections = briefing.sections.len();
        Reading {
            briefing,
            content_hash,
            banner: None,
            pages,
            tab: 0,
            figures: vec![false; sections],
            panes: vec![Pane::default(); n],
            figure_panes: vec![Pane::default(); sections],
            filter: None,
            history: Vec::new(),
            steps: settings.steps,
        }
    }

    /// The page of the active tab.
    pub fn page(&self) -> Page {
        self.pages[self.tab]
    }

    /// Whether the figures view is showing (only sections have one).
    pub fn showing_figures(&self) -> bool {
        match self.page() {
            Page::Section(s) => self.figures[s],
            _ => false,
        }
    }

    fn set_figures(&mut self, on: bool) {
        if let Page::Section(s) = self.page() {
            self.figures[s] = on;
        }
    }

    /// The pane of a tab in the given view.
    fn pane_of(&self, tab: usize, figures: bool) -> &Pane {
        match self.pages[tab] {
            Page::Section(s) if figures => &self.figure_panes[s],
            _ => &self.panes[tab],
        }
    }

    fn pane_of_mut(&mut self, tab: usize, figures: bool) -> &mut Pane {
        match self.pages[tab] {
            Page::Section(s) if figures => &mut self.figure_panes[s],
            _ => &mut self.panes[tab],
        }
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

    /// The pane on screen.
    pub fn pane(&self) -> &Pane {
        self.pane_of(self.tab, self.showing_figures())
    }

    /// The pane on screen, to change.
    pub fn pane_mut(&mut self) -> &mut Pane {
        let (tab, figures) = (self.tab, self.showing_figures());
        self.pane_of_mut(tab, figures)
    }

    /// The layout on screen, when computed.
    pub fn layout(&self) -> Option<&SectionLayout> {
        self.pane().layout.as_ref()
    }

    /// Match `i` of `matches` as a place on a section's lines (matches are
    /// found in the sections' layouts at the current width).
    pub fn locate(&self, matches: &Matches, i: usize) -> Option<Match> {
        let (section, bytes) = matches.get(i)?;
        let layout = self.panes.get(section)?.layout.as_ref()?;
        let (line, range) = layout.lines.locate(bytes);
        Some(Match {
            section,
            line,
            range,
        })
    }

    /// The top line on screen.
    pub fn scroll(&self) -> usize {
        self.pane().scroll
    }

    /// The document of a generated tab or of a section's figures view (a
    /// section's text is laid out block by block in [`Reading::ensure`]).
    fn blocks(&self, tab: usize) -> (Vec<DocBlock>, usize) {
        let (b, page) = (&self.briefing, self.pages[tab]);
        // The generated pages list only the items the tag filter shows.
        let doc = views::page_doc(b, page, self.filter.as_deref());
        (doc, views::page_entries(b, page))
    }

    /// Makes sure a tab's layout is at `width`, re-laying it out if not, and
    /// keeps its top item in view across the change.
    ///
    /// With `lazy`, a long section (more than [`Steps::lazy_bytes`] of text) is
    /// laid out only as far as the screen needs, or, when it had a complete
    /// layout at another width, not at all yet: [`Reading::work`] lays out
    /// the rest while the reader waits for keys. Without, the layout is
    /// complete on return.
    fn ensure(&mut self, tab: usize, figures: bool, width: usize, lazy: bool) {
        let opts = WrapOptions {
            width,
            break_long_words: true,
        };
        let pane = self.pane_of_mut(tab, figures);
        if pane.pending.as_ref().is_some_and(|p| p.width != width) {
            pane.pending = None;
        }
        let (current, pending) = (
            pane.layout.as_ref().is_some_and(|l| l.width == width),
            pane.pending.is_some(),
        );
        let section = match self.pages[tab] {
            Page::Section(s) if !figures => s,
            _ if current => return,
            _ => {
                // Generated tabs and figures views are short: laid out whole.
                let (blocks, items) = self.blocks(tab);
                let new = SectionLayout::from_blocks(&blocks, items, opts);
                self.adopt(tab, figures, new);
                return;
            }
        };
        // A section's own pane from here on (`panes[tab]`).
        if current || pending {
            if !lazy {
                self.grow(tab, pending, Until::End);
                if pending {
                    self.adopt_pending(tab);
                }
            }
            return;
        }
        let long = section_size(&self.briefing, section) > self.steps.lazy_bytes;
        let steps = self.steps;
        let pane = &self.panes[tab];
        let (until, keep_old) = match &pane.layout {
            _ if !lazy || !long => (Until::End, false),
            // The old layout stays on screen until the new one is done.
            Some(old) if old.is_complete() => (Until::Bytes(steps.step_bytes), true),
            // What the screen needs now: down to the top item and a screen
            // (and more) below it.
            Some(old) => match old.item_at(pane.scroll) {
                Some(i) => (Until::Item(i, steps.first_lines), false),
                None => (Until::Lines(pane.scroll + steps.first_lines), false),
            },
            None => (Until::Lines(pane.scroll + steps.first_lines), false),
        };
        // A section's text is laid out block by block, never holding its
        // whole document in memory.
        // The first tab starts with the briefing's own bottom line.
        let start = if tab == 0 {
            SectionLayout::start_with_summary
        } else {
            SectionLayout::start
        };
        self.panes[tab].pending = Some(start(&self.briefing, section, opts));
        self.grow(tab, true, until);
        if !keep_old {
            self.adopt_pending(tab);
        }
    }

    /// Lays out more of a section tab's text, as far as `until`: the layout
    /// on screen, or with `pending` the one laid out at a new width. Returns
    /// whether it is complete (or there is none).
    fn grow(&mut self, tab: usize, pending: bool, until: Until) -> bool {
        let Reading {
            briefing,
            filter,
            panes,
            ..
        } = self;
        let pane = &mut panes[tab];
        let layout = if pending {
            &mut pane.pending
        } else {
            &mut pane.layout
        };
        layout
            .as_mut()
            .is_none_or(|l| l.grow(briefing, views::shown_by(filter.as_deref()), until))
    }

    /// Puts a section tab's pending layout on screen (see [`Reading::adopt`]).
    fn adopt_pending(&mut self, tab: usize) {
        if let Some(new) = self.panes[tab].pending.take() {
            self.adopt(tab, false, new);
        }
    }

    /// Puts a new layout of a tab on screen, keeping the item at the top in
    /// view, and how far into it the top line is.
    fn adopt(&mut self, tab: usize, figures: bool, new: SectionLayout) {
        let pane = self.pane_of_mut(tab, figures);
        pane.scroll = match pane.layout.as_ref() {
            Some(old) => match old.item_at(pane.scroll) {
                Some(i) => {
                    let old_start = old.item_starts[i].unwrap_or(0);
                    match new.item_starts[i] {
                        Some(start) => start + (pane.scroll - old_start).min(3),
                        None => 0,
                    }
                }
                None if pane.scroll == 0 => 0,
                None => pane.scroll.min(new.lines.len()),
            },
            None => pane.scroll,
        };
        pane.focus = None;
        pane.layout = Some(new);
        pane.pending = None;
    }

    /// Whether some layout is not complete yet (see [`Reading::work`]); only
    /// sections' own text is laid out in steps.
    pub fn has_work(&self) -> bool {
        self.panes
            .iter()
            .any(|p| p.pending.is_some() || p.layout.as_ref().is_some_and(|l| !l.is_complete()))
    }

    /// Lays out a step ([`Steps::step_bytes`] of text) of what is left: the
    /// tab on screen first. Returns whether a new layout replaced one on screen.
    pub fn work(&mut self) -> bool {
        let step = Until::Bytes(self.steps.step_bytes);
        for tab in std::iter::once(self.tab).chain(0..self.panes.len()) {
            let pane = &self.panes[tab];
            if pane.layout.as_ref().is_some_and(|l| !l.is_complete()) {
                self.grow(tab, false, step);
                return false;
            }
            if pane.pending.is_some() {
                let done = self.grow(tab, true, step);
                if done {
                    self.adopt_pending(tab);
                }
                return done;
            }
        }
        false
    }

    /// Drops every layout (the content changed: a filter was set or cleared).
    fn invalidate(&mut self) {
        for p in self.panes.iter_mut().chain(self.figure_panes.iter_mut()) {
            p.layout = None;
            p.pending = None;
            p.scroll = 0;
            p.focus = None;
        }
    }

    /// An export of `pages` as shown: with the tag filter on screen.
    fn plan(&self, pages: Vec<Page>) -> Plan {
        Plan {
            pages,
            tag: self.filter.clone(),
        }
    }

    fn place(&self) -> Place {
        Place {
            tab: self.tab,
            figures: self.showing_figures(),
            scroll: self.scroll(),
            focus: self.pane().focus,
        }
    }
}

/// Where the tabs sit on a bar `width` columns wide (see [`tabs::place`]).
pub fn tab_bar(r: &Reading, width: u16) -> tabs::TabBar {
    tabs::place(&tab_labels(r), r.tab, width)
}

/// Tab labels: (hotkey hint, title) for each tab.
pub fn tab_labels(r: &Reading) -> Vec<(String, String)> {
    let b = &r.briefing;
    r.pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut hint = if i < 9 {
                format!("{}", i + 1)
            } else {
                String::new()
            };
            if let Page::Section(s) = page
                && let Some(k) = b.sections[*s].key
            {
                if !hint.is_empty() {
                    hint.push('·');
                }
                hint.push(k);
            }
            (hint, page.title(b))
        })
        .collect()
}

impl App {
    /// A reader over a library of briefings. With one briefing it opens it;
    /// with several it starts on the picker.
    pub fn new(briefings: Vec<Arc<Briefing>>, settings: Settings, size: (u16, u16)) -> App {
        let entries = briefings
            .into_iter()
            .map(|b| Entry {
                path: b.path.clone(),
                content_hash: None,
                result: Ok(b),
            })
            .collect();
        App::with_library(entries, settings, size)
    }

    /// A reader over library entries (some may be broken). With one good
    /// entry and nothing else it opens it; otherwise it starts on the picker.
    pub fn with_library(mut library: Vec<Entry>, settings: Settings, size: (u16, u16)) -> App {
        library::sort_for_listing(&mut library);
        let mut app = App {
            settings,
            entries: library,
            picker: Picker::default(),
            screen: Screen::Picker,
            reading: None,
            overlay: None,
            search: None,
            message: None,
            help_scroll: 0,
            size,
        };
        app.picker.progress = (app.entries.len(), app.entries.len());
        app.picker.refresh(&app.entries);
        if app.entries.len() == 1 && app.entries[0].briefing().is_some() {
            app.open(0);
        }
        app
    }

    /// The geometry of the current screen.
    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.size.0, self.size.1, self.settings.max_width)
    }

    /// Opens the library entry at `index` on its first tab (a broken entry
    /// shows its diagnostics instead).
    pub fn open(&mut self, index: usize) -> Option<Effect> {
        let entry = self.entries.get(index)?;
        let Some(b) = entry.briefing() else {
            self.picker.diagnostics = Some(index);
            return None;
        };
        let path = b.path.clone();
        self.reading = Some(Reading::new(
            Arc::clone(b),
            entry.content_hash,
            &self.settings,
        ));
        self.screen = Screen::Reading;
        self.overlay = None;
        self.search = None;
        self.message = None;
        self.ensure_current();
        Some(Effect::Opened { path })
    }

    /// Where the open briefing is being read: what [`Msg::Resume`] restores.
    pub fn position(&self) -> Option<(PathBuf, SavedPosition)> {
        let r = self.reading.as_ref()?;
        let section_id = match r.page() {
            Page::Section(s) => r.briefing.sections[s].id.clone(),
            _ => String::new(),
        };
        let layout = r.layout()?;
        let item = match r.page() {
            Page::Section(_) if !r.showing_figures() => layout.item_at(r.scroll()),
            _ => None,
        };
        let line_offset = match item.and_then(|i| layout.item_starts[i]) {
            Some(start) => r.scroll() - start,
            None => r.scroll(),
        };
        let item_id = match (r.page(), item) {
            (Page::Section(s), Some(i)) => r.briefing.sections[s].items[i].id.clone(),
            _ => None,
        };
        Some((
            r.briefing.path.clone(),
            SavedPosition {
                tab: r.tab,
                section_id,
                item_id,
                item_index: item,
                line_offset,
                content_hash: r.content_hash.unwrap_or(0),
            },
        ))
    }

    /// Puts the open briefing at a saved position. When the briefing changed
    /// since, it goes to the same section and item (by id) if they still exist.
    fn restore(&mut self, state: &SavedPosition) {
        let width = self.geometry().text_width;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let same = r.content_hash.unwrap_or(0) == state.content_hash;
        let b = Arc::clone(&r.briefing);
        let by_id = b
            .sections
            .iter()
            .position(|s| !state.section_id.is_empty() && s.id == state.section_id);
        let tab = match by_id {
            Some(s) => s,
            None if state.section_id.is_empty() || same => state.tab.min(r.pages.len() - 1),
            None => 0,
        };
        r.tab = tab;
        r.ensure(tab, false, width, false);
        let item = match (r.page(), &state.item_id) {
            (Page::Section(s), Some(id)) => b.sections[s]
                .items
                .iter()
                .position(|i| i.id.as_deref() == Some(id.as_str())),
            (Page::Section(_), None) if same => state.item_index,
            _ => None,
        };
        let start = item.and_then(|i| {
            r.layout()
                .and_then(|l| l.item_starts.get(i).copied().flatten())
        });
        let scroll = match (start, same) {
            (Some(start), true) => start + state.line_offset,
            (Some(start), false) => start,
            (None, true) => state.line_offset,
            (None, false) => 0,
        };
        r.pane_mut().scroll = scroll;
        self.clamp_scroll();
    }

    /// A newer version of the open briefing's file: show it where the reader
    /// was, or keep the last good version and show a banner.
    fn reloaded(&mut self, entry: Entry) {
        if let Some(slot) = self.entries.iter_mut().find(|e| e.path == entry.path) {
            *slot = entry.clone();
        }
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if r.briefing.path != entry.path {
            return;
        }
        match entry.briefing() {
            None => {
                // The path is on screen already: the banner names the place and the problem.
                let full = crate::briefing::diagnostic::display_path(&entry.path);
                let name = entry
                    .path
                    .file_name()
                    .map(|n| crate::briefing::diagnostic::display_path(Path::new(n)))
                    .unwrap_or_default();
                r.banner = Some(
                    entry
                        .headline()
                        .map(|h| h.replacen(&full, &name, 1))
                        .unwrap_or_else(|| "the file has errors".to_string()),
                );
            }
            Some(b) => {
                let Some((_, mut state)) = self.position() else {
                    return;
                };
                let Some(r) = self.reading.as_mut() else {
                    return;
                };
                let filter = r.filter.clone();
                let mut fresh = Reading::new(Arc::clone(b), entry.content_hash, &self.settings);
                fresh.filter = filter.filter(|t| views::tags(b).iter().any(|(x, _)| x == t));
                // Back to the same section and item (by id where it has one),
                // the same number of lines into it.
                state.content_hash = entry.content_hash.unwrap_or(0);
                *r = fresh;
                self.restore(&state);
                if self.search.is_some() {
                    self.run_search(false);
                }
                self.message = Some("reloaded".into());
            }
        }
    }

    /// Applies one message to the state.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        if matches!(msg, Msg::Key(_) | Msg::Wheel(_) | Msg::Click(..)) {
            self.settle();
        }
        match msg {
            Msg::Idle => {
                if let Some(r) = self.reading.as_mut()
                    && r.work()
                {
                    // A layout at the new width replaced an old one: the
                    // matches are found again in it.
                    if self.search.is_some() {
                        self.run_search(false);
                    }
                    self.clamp_scroll();
                }
                None
            }
            Msg::Resize(w, h) => {
                self.resize(w, h);
                None
            }
            Msg::Message(m) => {
                self.message = Some(m);
                None
            }
            Msg::Wheel(delta) => {
                if self.screen == Screen::Reading && self.overlay.is_none() {
                    let lines = delta.unsigned_abs() as usize * WHEEL_LINES;
                    if delta > 0 {
                        self.scroll_by(lines as isize);
                    } else {
                        self.scroll_by(-(lines as isize));
                    }
                }
                None
            }
            Msg::Click(x, y) => {
                if self.screen == Screen::Reading
                    && self.overlay.is_none()
                    && y == HEADER_ROWS - 1
                    && let Some(r) = &self.reading
                {
                    let bar = tab_bar(r, self.size.0);
                    if let Some(i) = tabs::hit(&bar, x) {
                        self.goto_tab(i);
                    }
                }
                None
            }
            Msg::Key(key) => self.key(key),
            Msg::Loading(total) => {
                self.picker.progress = (self.entries.len(), total.max(self.entries.len()));
                None
            }
            Msg::Loaded(entry) => {
                // A selection the user moved follows its briefing as others
                // arrive; untouched, the top row stays selected.
                let selected = self
                    .picker
                    .selected_entry()
                    .filter(|_| self.picker.selected > 0)
                    .map(|i| self.entries[i].path.clone());
                let at = self
                    .entries
                    .partition_point(|e| library::listing_order(e, &entry).is_le());
                self.entries.insert(at, *entry);
                self.picker.progress.0 += 1;
                self.picker.progress.1 = self.picker.progress.1.max(self.picker.progress.0);
                if let Some(d) = self.picker.diagnostics.as_mut()
                    && *d >= at
                {
                    *d += 1;
                }
                self.picker.refresh(&self.entries);
                // Keep the selected briefing selected as others arrive.
                if let Some(path) = selected
                    && let Some(row) = (0..self.picker.len()).find(|&r| {
                        self.picker
                            .shown
                            .get(r)
                            .is_some_and(|&i| self.entries[i].path == path)
                    })
                {
                    self.picker.selected = row;
                }
                None
            }
            Msg::Reloaded(entry) => {
                self.reloaded(*entry);
                None
            }
            Msg::Resume(state, notice) => {
                if let Some(state) = state {
                    self.restore(&state);
                }
                if notice.is_some() {
                    self.message = notice;
                }
                None
            }
        }
    }

    fn key(&mut self, key: Key) -> Option<Effect> {
        // Ctrl-c always quits, whatever is open.
        if key == Key::ctrl('c') {
            return Some(Effect::Quit);
        }
        let keys = &self.settings.keys;
        if self.search.as_ref().is_some_and(|s| s.typing) {
            let action = keys.action(Context::Prompt, &key);
            return self.prompt_key(key, action);
        }
        if let Some(overlay) = self.overlay.clone() {
            let action = keys.action(Context::List, &key);
            return self.overlay_key(overlay, action);
        }
        if self.screen == Screen::Picker {
            if self.picker.diagnostics.is_some() {
                let action = keys.action(Context::List, &key);
                return self.diagnostics_key(action);
            }
            let action = keys.action(Context::Picker, &key);
            return self.picker_key(key, action);
        }
        let action = keys.action(Context::Reading, &key);
        // A message stays until the next key.
        let had_message = self.message.take().is_some();
        match action {
            // Esc clears: the message first, then the search; it never quits.
            Some(Action::Close) => {
                if !had_message && self.search.take().is_none() {
                    self.message = Some(self.quit_hint());
                }
                None
            }
            Some(a) => self.act(a),
            None => {
                // A section's own letter.
                if let (Some(c), Some(r)) = (key.plain_char(), &self.reading)
                    && let Some(i) = r.briefing.sections.iter().position(|s| s.key == Some(c))
                {
                    self.goto_tab(i);
                }
                None
            }
        }
    }

    /// "q quits": the first key bound to quit, for a hint when Esc has
    /// nothing left to clear.
    fn quit_hint(&self) -> String {
        match self.settings.keys.keys(Action::Quit).first() {
            Some(k) => format!("nothing to close; {k} quits"),
            None => "nothing to close; Ctrl-c quits".into(),
        }
    }

    /// A key while a broken file's diagnostics are shown over the picker.
    fn diagnostics_key(&mut self, action: Option<Action>) -> Option<Effect> {
        match action {
            Some(Action::Close | Action::Quit | Action::Choose) => self.picker.diagnostics = None,
            Some(Action::Suspend) => return Some(Effect::Suspend),
            _ => {}
        }
        None
    }

    fn picker_key(&mut self, key: Key, action: Option<Action>) -> Option<Effect> {
        let n = self.picker.len();
        let page = self.geometry().body_height.max(1);
        let sel = self.picker.selected;
        let last = n.saturating_sub(1);
        let mut refresh = false;
        match action {
            Some(Action::Open) => return self.picker_enter(),
            Some(Action::PickerBack) if !self.picker.query.is_empty() => {
                self.picker.query.clear();
                refresh = true;
            }
            Some(Action::PickerBack) => {
                // Back to the briefing this list was opened from, if any.
                if self.reading.is_some() {
                    self.screen = Screen::Reading;
                    self.ensure_current();
                } else {
                    return Some(Effect::Quit);
                }
            }
            Some(Action::SwitchMode) => {
                self.picker.mode = match self.picker.mode {
                    Mode::Filter => Mode::Search,
                    Mode::Search => Mode::Filter,
                };
                self.picker.selected = 0;
                refresh = self.picker.mode == Mode::Filter;
                if self.picker.mode == Mode::Search {
                    self.picker.hits.clear();
                    self.picker.searched = None;
                }
            }
            Some(Action::SelectNext) => self.picker.selected = (sel + 1).min(last),
            Some(Action::SelectPrev) => self.picker.selected = sel.saturating_sub(1),
            Some(Action::SelectPageDown) => self.picker.selected = (sel + page).min(last),
            Some(Action::SelectPageUp) => self.picker.selected = sel.saturating_sub(page),
            Some(Action::SelectFirst) => self.picker.selected = 0,
            Some(Action::SelectLast) => self.picker.selected = last,
            Some(Action::Help) => self.overlay = Some(Overlay::Help),
            Some(Action::Suspend) => return Some(Effect::Suspend),
            Some(Action::DeleteChar) => {
                self.picker.query.pop();
                refresh = true;
            }
            _ => {
                if let Some(c) = key.plain_char() {
                    self.picker.query.push(c);
                    refresh = true;
                }
            }
        }
        if refresh {
            self.picker.selected = 0;
            if self.picker.mode == Mode::Filter {
                self.picker.refresh(&self.entries);
            }
        }
        None
    }

    /// Enter in the picker: open the selected briefing; in search mode, run
    /// the search first, then open the briefing at the chosen match.
    fn picker_enter(&mut self) -> Option<Effect> {
        if self.picker.mode == Mode::Search
            && self.picker.searched.as_deref() != Some(self.picker.query.as_str())
        {
            self.picker.refresh(&self.entries);
            self.picker.searched = Some(self.picker.query.clone());
            if self.picker.hits.is_empty() && !self.picker.query.is_empty() {
                self.message = Some(format!("no match for “{}”", self.picker.query));
            }
            return None;
        }
        let index = self.picker.selected_entry()?;
        let hit = match self.picker.mode {
            Mode::Search => self.picker.hits.get(self.picker.selected).cloned(),
            Mode::Filter => None,
        };
        let effect = self.open(index);
        if let Some(h) = hit {
            self.goto_place(h.hit.place);
            let query = self.picker.query.clone();
            let origin = self
                .reading
                .as_ref()
                .map_or((0, 0), |r| (r.tab, r.scroll()));
            self.search = Some(Search {
                query,
                origin,
                ..Search::default()
            });
            self.run_search(true);
        }
        effect
    }

    /// Shows a place found by the library search.
    fn goto_place(&mut self, place: library::Place) {
        use library::Place as P;
        let page = match place {
            P::Item { section, item } => {
                self.goto_target(Target {
                    section,
                    item: Some(item),
                });
                return;
            }
            P::Section { section } => Page::Section(section),
            P::Person { person } => return self.goto_entry(Page::People, person),
            P::Source { source } => return self.goto_entry(Page::Sources, source),
            P::Briefing => Page::Section(0),
        };
        if let Some(i) = self
            .reading
            .as_ref()
            .and_then(|r| r.pages.iter().position(|p| *p == page))
        {
            self.goto_tab(i);
        }
    }

    /// Shows entry `entry` of a generated page (a person, a source); the
    /// first section when the page is not shown (generated tabs turned off).
    fn goto_entry(&mut self, page: Page, entry: usize) {
        let tab = self
            .reading
            .as_ref()
            .and_then(|r| r.pages.iter().position(|p| *p == page));
        let Some(tab) = tab else {
            self.goto_tab(0);
            return;
        };
        self.goto_tab(tab);
        self.goto_item(entry);
    }

    /// Rows of a list overlay, for moving its selection; for the help,
    /// how far it can scroll.
    fn overlay_len(&self, overlay: &Overlay) -> usize {
        match overlay {
            Overlay::Help => super::ui::help_max_scroll(self) + 1,
            Overlay::Outline { .. } => self.reading.as_ref().map_or(0, |r| r.outline().len()),
            Overlay::Tags { .. } => self
                .reading
                .as_ref()
                .map_or(0, |r| views::tags(&r.briefing).len()),
        }
    }

    fn overlay_key(&mut self, overlay: Overlay, action: Option<Action>) -> Option<Effect> {
        let n = self.overlay_len(&overlay);
        // Rows a page key moves: the list's height on screen.
        let page = usize::from(self.size.1.saturating_sub(4)).max(1);
        let last = n.saturating_sub(1);
        let moved = |selected: usize| match action {
            Some(Action::LineDown) => Some((selected + 1).min(last)),
            Some(Action::LineUp) => Some(selected.saturating_sub(1)),
            Some(Action::HalfPageDown) => Some((selected + page / 2).min(last)),
            Some(Action::HalfPageUp) => Some(selected.saturating_sub(page / 2)),
            Some(Action::PageDown) => Some((selected + page).min(last)),
            Some(Action::PageUp) => Some(selected.saturating_sub(page)),
            Some(Action::Top) => Some(0),
            Some(Action::Bottom) => Some(last),
            _ => None,
        };
        let closes = |toggle: Action| matches!(action, Some(a) if a == Action::Close || a == Action::Quit || a == toggle);
        if action == Some(Action::Suspend) {
            return Some(Effect::Suspend);
        }
        match overlay {
            Overlay::Help => {
                if closes(Action::Help) {
                    self.overlay = None;
                    self.help_scroll = 0;
                } else if let Some(s) = moved(self.help_scroll) {
                    self.help_scroll = s;
                }
            }
            Overlay::Outline { selected } => {
                if action == Some(Action::Choose) {
                    self.overlay = None;
                    let item = self
                        .reading
                        .as_ref()
                        .and_then(|r| r.outline().get(selected).copied());
                    if let Some(item) = item {
                        self.goto_item(item);
                    }
                } else if let Some(s) = moved(selected) {
                    self.overlay = Some(Overlay::Outline { selected: s });
                } else if closes(Action::Outline) {
                    self.overlay = None;
                }
            }
            Overlay::Tags { selected } => {
                if action == Some(Action::Choose) {
                    self.overlay = None;
                    self.toggle_filter(selected);
                } else if let Some(s) = moved(selected) {
                    self.overlay = Some(Overlay::Tags { selected: s });
                } else if closes(Action::Tags) {
                    self.overlay = None;
                }
            }
        }
        None
    }

    fn toggle_filter(&mut self, selected: usize) {
        let width = self.geometry().text_width;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some((tag, _)) = views::tags(&r.briefing).into_iter().nth(selected) else {
            return;
        };
        if r.filter.as_deref() == Some(tag.as_str()) {
            r.filter = None;
            self.message = Some("filter cleared: every item is shown".into());
        } else {
            self.message = Some(format!("showing only items tagged #{tag}"));
            r.filter = Some(tag);
        }
        r.invalidate();
        r.history.clear();
        let (tab, figures) = (r.tab, r.showing_figures());
        r.ensure(tab, figures, width, true);
        if self.search.is_some() {
            self.run_search(false);
        }
    }

    fn prompt_key(&mut self, key: Key, action: Option<Action>) -> Option<Effect> {
        let search = self.search.as_mut()?;
        match action {
            Some(Action::Cancel) => {
                let (tab, scroll) = search.origin;
                self.search = None;
                if let Some(r) = self.reading.as_mut() {
                    r.tab = tab;
                    r.pane_mut().scroll = scroll;
                }
                self.ensure_current();
                return None;
            }
            Some(Action::Confirm) => {
                search.typing = false;
                if search.query.is_empty() {
                    self.search = None;
                } else if search.matches.is_empty() {
                    self.message = Some(format!("no match for “{}”", search.query));
                }
                return None;
            }
            Some(Action::Suspend) => return Some(Effect::Suspend),
            Some(Action::DeleteChar) => {
                search.query.pop();
            }
            _ => match key.plain_char() {
                Some(c) => search.query.push(c),
                None => return None,
            },
        }
        self.run_search(true);
        None
    }

    /// Recomputes the matches of the current query in every section; with
    /// `jump`, moves to the first match at or after where the search started.
    fn run_search(&mut self, jump: bool) {
        let width = self.geometry().text_width;
        let (Some(search), Some(r)) = (self.search.as_mut(), self.reading.as_mut()) else {
            return;
        };
        let case = crate::layout::find::smart_case(&search.query);
        let mut matches = Matches::default();
        if !search.query.is_empty() {
            // Every tab: the sections, then the generated ones.
            for tab in 0..r.pages.len() {
                // The layouts on screen are searched, even one at an old
                // width while the new one is laid out (the search runs again
                // when it is in place).
                if r.panes[tab].layout.is_some() {
                    r.grow(tab, false, Until::End);
                } else {
                    r.ensure(tab, false, width, false);
                }
                if let Some(layout) = r.panes[tab].layout.as_ref() {
                    matches.search_section(tab, &layout.lines, &search.query, case);
                }
            }
        }
        search.matches = matches;
        if jump {
            let (tab, scroll) = search.origin;
            let from = r
                .panes
                .get(tab)
                .and_then(|p| p.layout.as_ref())
                .map_or(0, |l| l.lines.start_of(scroll));
            search.current = search
                .matches
                .first_from(tab, from)
                .or((!search.matches.is_empty()).then_some(0));
            match search.current {
                Some(_) => self.show_current_match(),
                None => {
                    // Back where the search started (a resize since may
                    // have shortened the text).
                    r.tab = tab;
                    r.pane_mut().scroll = scroll;
                    self.clamp_scroll();
                }
            }
        } else if let Some(c) = search.current {
            search.current = (!search.matches.is_empty()).then(|| c.min(search.matches.len() - 1));
        }
    }

    fn show_current_match(&mut self) {
        let h = self.geometry().body_height;
        let (Some(search), Some(r)) = (self.search.as_ref(), self.reading.as_mut()) else {
            return;
        };
        let Some(m) = search.current.and_then(|i| r.locate(&search.matches, i)) else {
            return;
        };
        r.tab = m.section;
        r.set_figures(false);
        let pane = r.pane_mut();
        if m.line < pane.scroll || m.line >= pane.scroll + h {
            pane.scroll = m.line.saturating_sub(h / 3);
        }
        self.clamp_scroll();
    }

    fn step_match(&mut self, forward: bool) {
        let Some(search) = self.search.as_mut() else {
            self.message = Some("no search: press / to search".into());
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            self.message = Some(format!("no match for “{}”", search.query));
            return;
        }
        let next = match (search.current, forward) {
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        let wrapped = search
            .current
            .is_some_and(|c| (forward && next < c) || (!forward && next > c));
        search.current = Some(next);
        if wrapped {
            self.message = Some(if forward {
                "search wrapped to the start".into()
            } else {
                "search wrapped to the end".into()
            });
        }
        self.show_current_match();
    }

    fn act(&mut self, action: Action) -> Option<Effect> {
        let h = self.geometry().body_height;
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::NextSection | Action::PrevSection => {
                if let Some(r) = &self.reading {
                    let n = r.pages.len();
                    let next = if action == Action::NextSection {
                        (r.tab + 1) % n
                    } else {
                        (r.tab + n - 1) % n
                    };
                    self.goto_tab(next);
                }
            }
            Action::Section(k) => {
                let n = self.reading.as_ref().map_or(0, |r| r.pages.len());
                let i = usize::from(k).saturating_sub(1);
                if i < n {
                    self.goto_tab(i);
                } else {
                    self.message = Some(format!(
                        "there is no section {k}: this briefing has {n} tabs"
                    ));
                }
            }
            Action::LineDown => self.scroll_by(1),
            Action::LineUp => self.scroll_by(-1),
            Action::HalfPageDown => self.scroll_by((h / 2).max(1) as isize),
            Action::HalfPageUp => self.scroll_by(-((h / 2).max(1) as isize)),
            Action::PageDown => self.scroll_by(h.saturating_sub(1).max(1) as isize),
            Action::PageUp => self.scroll_by(-(h.saturating_sub(1).max(1) as isize)),
            Action::Top => self.scroll_to(0),
            Action::Bottom => self.scroll_to(usize::MAX),
            Action::Search => {
                let origin = self
                    .reading
                    .as_ref()
                    .map_or((0, 0), |r| (r.tab, r.scroll()));
                self.search = Some(Search {
                    typing: true,
                    origin,
                    ..Search::default()
                });
            }
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::Outline => {
                if let Some(r) = &self.reading {
                    let outline = r.outline();
                    match r.page() {
                        Page::Section(_) if !outline.is_empty() => {
                            let current = self.current_item().unwrap_or(0);
                            let selected = outline.iter().rposition(|&i| i <= current).unwrap_or(0);
                            self.overlay = Some(Overlay::Outline { selected });
                        }
                        Page::Section(_) => self.message = Some("no items are shown here".into()),
                        _ => self.message = Some("the outline lists a section's items".into()),
                    }
                }
            }
            Action::Figures => self.toggle_figures(),
            Action::NextLink => self.step_link(true),
            Action::PrevLink => self.step_link(false),
            Action::Follow => self.follow(),
            Action::Back => self.back(),
            Action::Tags => {
                if let Some(r) = &self.reading {
                    let tags = views::tags(&r.briefing);
                    if tags.is_empty() {
                        self.message = Some("no item of this briefing has tags".into());
                    } else {
                        let selected = r
                            .filter
                            .as_ref()
                            .and_then(|f| tags.iter().position(|(t, _)| t == f))
                            .unwrap_or(0);
                        self.overlay = Some(Overlay::Tags { selected });
                    }
                }
            }
            // What is on screen is what is exported: the tab, and under a
            // tag filter only the items shown.
            Action::ExportSection => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Export {
                        plan: r.plan(vec![r.page()]),
                        whole: false,
                    });
                }
            }
            Action::ExportAll => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Export {
                        plan: Plan::whole(r.pages.clone()).tagged(r.filter.clone()),
                        whole: true,
                    });
                }
            }
            Action::CopySection => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Copy {
                        plan: r.plan(vec![r.page()]),
                    });
                }
            }
            Action::Picker => {
                if self.entries.len() > 1 {
                    self.screen = Screen::Picker;
                    self.search = None;
                    self.overlay = None;
                } else {
                    self.message = Some("this is the only briefing".into());
                }
            }
            Action::Reload => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Reload {
                        path: r.briefing.path.clone(),
                    });
                }
            }
            // Handled where they work: in lists, the prompt and the picker
            // (Close while reading, in `key`).
            Action::Close
            | Action::Choose
            | Action::Confirm
            | Action::Cancel
            | Action::DeleteChar
            | Action::Open
            | Action::SwitchMode
            | Action::SelectNext
            | Action::SelectPrev
            | Action::SelectPageDown
            | Action::SelectPageUp
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PickerBack => {}
        }
        None
    }

    fn toggle_figures(&mut self) {
        let width = self.geometry().text_width;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        match r.page() {
            Page::Section(s)
                if r.briefing.sections[s]
                    .items
                    .iter()
                    .any(|i| !i.figures.is_empty()) =>
            {
                let on = !r.showing_figures();
                r.set_figures(on);
                r.ensure(r.tab, on, width, false);
            }
            Page::Section(_) if r.showing_figures() => r.set_figures(false),
            Page::Section(_) => self.message = Some("this section has no figures".into()),
            _ => self.message = Some("figures belong to sections".into()),
        }
        self.clamp_scroll();
    }

    /// Selects the next (or previous) link on screen, wrapping within the screen.
    fn step_link(&mut self, forward: bool) {
        let h = self.geometry().body_height;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let top = r.scroll();
        let Some(layout) = r.layout() else {
            return;
        };
        let visible = link_starts(layout, top, top + h);
        if visible.is_empty() {
            self.message = Some("no link on screen".into());
            return;
        }
        let focus = r.pane().focus.filter(|f| visible.contains(f));
        let next = match (focus, forward) {
            (None, true) => visible[0],
            (None, false) => visible[visible.len() - 1],
            (Some(f), true) => *visible.iter().find(|&&l| l > f).unwrap_or(&visible[0]),
            (Some(f), false) => *visible
                .iter()
                .rev()
                .find(|&&l| l < f)
                .unwrap_or(&visible[visible.len() - 1]),
        };
        r.pane_mut().focus = Some(next);
    }

    /// Follows the selected link (selecting the first one on screen when none is).
    fn follow(&mut self) {
        let h = self.geometry().body_height;
        let Some(r) = self.reading.as_ref() else {
            return;
        };
        let top = r.scroll();
        let target = r.layout().and_then(|layout| {
            let focus = r.pane().focus.filter(|&f| f >= top && f < top + h)?;
            layout.lines.get(focus).and_then(|l| l.target)
        });
        match target {
            Some(t) => {
                let from = r.place();
                self.goto_target(t);
                if let Some(r) = self.reading.as_mut() {
                    r.history.push(from);
                }
            }
            None => self.step_link(true),
        }
    }

    /// Shows a place of the briefing: its section, scrolled to its item.
    pub fn goto_target(&mut self, t: Target) {
        let width = self.geometry().text_width;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(tab) = r.pages.iter().position(|p| *p == Page::Section(t.section)) else {
            return;
        };
        // A filter that hides the item is cleared rather than leaving the reader nowhere.
        if let (Some(filter), Some(i)) = (&r.filter, t.item)
            && !r.briefing.sections[t.section].items[i]
                .tags
                .contains(filter)
        {
            r.filter = None;
            r.invalidate();
            self.message = Some("filter cleared to show the linked item".into());
        }
        r.tab = tab;
        r.set_figures(false);
        r.ensure(tab, false, width, false);
        if let Some(start) = t.item.and_then(|i| {
            r.layout()
                .and_then(|l| l.item_starts.get(i).copied().flatten())
        }) {
            r.pane_mut().scroll = start;
        } else {
            r.pane_mut().scroll = 0;
        }
        r.pane_mut().focus = None;
        self.clamp_scroll();
    }

    fn back(&mut self) {
        let width = self.geometry().text_width;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(place) = r.history.pop() else {
            self.message = Some("nothing to go back to".into());
            return;
        };
        r.tab = place.tab.min(r.pages.len() - 1);
        r.set_figures(place.figures);
        let (tab, figures) = (r.tab, r.showing_figures());
        r.ensure(tab, figures, width, false);
        let pane = r.pane_mut();
        pane.scroll = place.scroll;
        pane.focus = place.focus;
        self.clamp_scroll();
    }

    /// The item at the top of the screen (or the last one above it).
    pub fn current_item(&self) -> Option<usize> {
        let r = self.reading.as_ref()?;
        let layout = r.layout()?;
        layout
            .item_at(r.scroll())
            .or_else(|| layout.item_starts.iter().position(Option::is_some))
    }

    /// Switches tab, keeping each tab's own scroll position.
    pub fn goto_tab(&mut self, i: usize) {
        if let Some(r) = self.reading.as_mut()
            && i < r.pages.len()
        {
            r.tab = i;
        }
        self.ensure_current();
    }

    /// Scrolls the active section so that item `i` is at the top.
    pub fn goto_item(&mut self, i: usize) {
        self.settle();
        if let Some(r) = self.reading.as_mut()
            && let Some(start) = r
                .layout()
                .and_then(|l| l.item_starts.get(i).copied().flatten())
        {
            r.pane_mut().scroll = start;
        }
        self.clamp_scroll();
    }

    fn max_scroll(&self) -> usize {
        let h = self.geometry().body_height;
        self.reading
            .as_ref()
            .and_then(Reading::layout)
            .map_or(0, |l| l.estimated_len().saturating_sub(h))
    }

    fn clamp_scroll(&mut self) {
        let max = self.max_scroll();
        if let Some(r) = self.reading.as_mut() {
            let pane = r.pane_mut();
            pane.scroll = pane.scroll.min(max);
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        if let Some(r) = self.reading.as_mut() {
            let pane = r.pane_mut();
            pane.scroll = pane.scroll.saturating_add_signed(delta);
        }
        self.clamp_scroll();
    }

    fn scroll_to(&mut self, line: usize) {
        if let Some(r) = self.reading.as_mut() {
            r.pane_mut().scroll = line;
        }
        self.clamp_scroll();
    }

    /// Whether some work waits for a moment without input ([`Msg::Idle`]):
    /// a long section is being laid out.
    pub fn has_work(&self) -> bool {
        self.reading.as_ref().is_some_and(Reading::has_work)
    }

    /// Completes the layout on screen, if only its start is laid out: keys
    /// act on whole layouts.
    fn settle(&mut self) {
        if let Some(r) = self.reading.as_mut() {
            let tab = r.tab;
            r.grow(tab, false, Until::End);
        }
    }

    /// Re-lays out for a new size, keeping each tab's top item in view.
    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        let width = self.geometry().text_width;
        if let Some(r) = self.reading.as_mut() {
            for tab in 0..r.pages.len() {
                for figures in [false, true] {
                    let computed = r.pane_of(tab, figures).layout.is_some();
                    if computed && (!figures || matches!(r.pages[tab], Page::Section(_))) {
                        r.ensure(tab, figures, width, true);
                    }
                }
            }
        }
        self.ensure_current();
        if self.search.is_some() {
            self.run_search(false);
        }
        // Keep every position valid at the new height.
        let h = self.geometry().body_height;
        if let Some(r) = self.reading.as_mut() {
            for p in r.panes.iter_mut().chain(r.figure_panes.iter_mut()) {
                if let Some(l) = &p.layout {
                    p.scroll = p.scroll.min(l.estimated_len().saturating_sub(h));
                }
            }
        }
    }

    fn ensure_current(&mut self) {
        let width = self.geometry().text_width;
        if let Some(r) = self.reading.as_mut() {
            let (tab, figures) = (r.tab, r.showing_figures());
            r.ensure(tab, figures, width, true);
        }
        self.clamp_scroll();
    }

    /// "Top", "Bot", "All" or a percentage, as less shows it.
    pub fn position_label(&self) -> String {
        let Some(r) = self.reading.as_ref() else {
            return String::new();
        };
        let max = self.max_scroll();
        let top = r.scroll();
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
}
