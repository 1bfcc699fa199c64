//! The reader's state and its pure update function.
//!
//! Terminal events become [`Msg`]s; [`App::update`] applies one to the state
//! and may return an [`Effect`] for the event loop to carry out (quit, write
//! an export, copy to the clipboard). Nothing here touches the terminal or
//! the disk, so every behaviour is testable without a terminal.

use std::sync::Arc;

use super::action::Action;
use super::keymap::{Key, KeyMap, KeyName};
use super::search;
use super::tabs;
use crate::briefing::Briefing;
use crate::layout::{SectionLayout, WrapOptions};

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

/// Something that happened, as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// Work the event loop does on the update's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Suspend to the shell; redraw fully on return.
    Suspend,
    /// Export these sections of the open briefing as text into the export folder
    /// (`whole`: the briefing as a whole rather than one section).
    Export {
        /// Section indexes.
        sections: Vec<usize>,
        /// All sections were asked for.
        whole: bool,
    },
    /// Copy these sections' text to the clipboard.
    Copy {
        /// Section indexes.
        sections: Vec<usize>,
    },
}

/// Settings the reader needs from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Key bindings.
    pub keys: KeyMap,
    /// Widest the text may run.
    pub max_width: usize,
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
}

/// One search match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Section index.
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
    /// Every match, in reading order (section, line, column).
    pub matches: Vec<Match>,
    /// Index into `matches`.
    pub current: Option<usize>,
    /// The prompt is open (typing); false once confirmed with Enter.
    pub typing: bool,
    /// Where the reader was when the prompt opened (tab, scroll), for Esc.
    pub origin: (usize, usize),
}

/// The open briefing: tab, scroll positions, layouts at the current width.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The briefing.
    pub briefing: Arc<Briefing>,
    /// The active section.
    pub tab: usize,
    /// Top line of every section (kept while moving between tabs).
    pub scroll: Vec<usize>,
    /// Each section's layout at the current text width, computed when first needed.
    pub layouts: Vec<Option<SectionLayout>>,
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
    /// Every briefing that can be opened, newest first.
    pub library: Vec<Arc<Briefing>>,
    /// Selected row of the picker.
    pub picker_selected: usize,
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

impl Reading {
    fn new(briefing: Arc<Briefing>) -> Reading {
        let n = briefing.sections.len();
        Reading {
            briefing,
            tab: 0,
            scroll: vec![0; n],
            layouts: vec![None; n],
        }
    }

    /// The layout of a section, computing it at `width` if needed.
    fn ensure(&mut self, section: usize, width: usize) -> &SectionLayout {
        let fresh = matches!(&self.layouts[section], Some(l) if l.width == width);
        if !fresh {
            self.layouts[section] = Some(SectionLayout::new(
                &self.briefing,
                section,
                WrapOptions {
                    width,
                    break_long_words: true,
                },
            ));
        }
        self.layouts[section].as_ref().expect("just computed")
    }

    /// The active section's layout, when computed.
    pub fn layout(&self) -> Option<&SectionLayout> {
        self.layouts.get(self.tab).and_then(Option::as_ref)
    }
}

/// Tab labels: (hotkey hint, title) for each section.
pub fn tab_labels(b: &Briefing) -> Vec<(String, String)> {
    b.sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut hint = if i < 9 {
                format!("{}", i + 1)
            } else {
                String::new()
            };
            if let Some(k) = s.key {
                if !hint.is_empty() {
                    hint.push('·');
                }
                hint.push(k);
            }
            (hint, s.title.clone())
        })
        .collect()
}

impl App {
    /// A reader over a library of briefings. With one briefing it opens it;
    /// with several it starts on the picker.
    pub fn new(mut library: Vec<Arc<Briefing>>, settings: Settings, size: (u16, u16)) -> App {
        library.sort_by(|a, b| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| a.meta.title.cmp(&b.meta.title))
        });
        let mut app = App {
            settings,
            library,
            picker_selected: 0,
            screen: Screen::Picker,
            reading: None,
            overlay: None,
            search: None,
            message: None,
            size,
        };
        if app.library.len() == 1 {
            app.open(0);
        }
        app
    }

    /// The geometry of the current screen.
    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.size.0, self.size.1, self.settings.max_width)
    }

    /// Opens the briefing at `index` of the library on its first tab.
    pub fn open(&mut self, index: usize) {
        let Some(b) = self.library.get(index) else {
            return;
        };
        let mut reading = Reading::new(Arc::clone(b));
        let width = self.geometry().text_width;
        reading.ensure(0, width);
        self.reading = Some(reading);
        self.screen = Screen::Reading;
        self.overlay = None;
        self.search = None;
        self.message = None;
    }

    /// Applies one message to the state.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        match msg {
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
                    let bar = tabs::place(&tab_labels(&r.briefing), r.tab, self.size.0);
                    if let Some(i) = tabs::hit(&bar, x) {
                        self.goto_section(i);
                    }
                }
                None
            }
            Msg::Key(key) => self.key(key),
        }
    }

    fn key(&mut self, key: Key) -> Option<Effect> {
        // Ctrl-c always quits, whatever is open.
        if key == Key::ctrl('c') {
            return Some(Effect::Quit);
        }
        if self.search.as_ref().is_some_and(|s| s.typing) {
            self.prompt_key(key);
            return None;
        }
        let action = self.settings.keys.action(&key);
        if let Some(overlay) = self.overlay.clone() {
            return self.overlay_key(overlay, key, action);
        }
        if self.screen == Screen::Picker {
            return self.picker_key(key, action);
        }
        self.message = None;
        match action {
            Some(a) => self.act(a),
            None => {
                // A section's own letter.
                if let (Some(c), Some(r)) = (key.plain_char(), &self.reading)
                    && let Some(i) = r.briefing.sections.iter().position(|s| s.key == Some(c))
                {
                    self.goto_section(i);
                }
                None
            }
        }
    }

    fn picker_key(&mut self, key: Key, action: Option<Action>) -> Option<Effect> {
        let n = self.library.len();
        match (key.code, action) {
            (KeyName::Enter, _) => self.open(self.picker_selected),
            (_, Some(Action::Quit | Action::Close)) => return Some(Effect::Quit),
            (_, Some(Action::LineDown)) => {
                self.picker_selected = (self.picker_selected + 1).min(n.saturating_sub(1))
            }
            (_, Some(Action::LineUp)) => {
                self.picker_selected = self.picker_selected.saturating_sub(1)
            }
            (_, Some(Action::Top)) => self.picker_selected = 0,
            (_, Some(Action::Bottom)) => self.picker_selected = n.saturating_sub(1),
            (_, Some(Action::Help)) => self.overlay = Some(Overlay::Help),
            (_, Some(Action::Suspend)) => return Some(Effect::Suspend),
            _ => {}
        }
        None
    }

    fn overlay_key(
        &mut self,
        overlay: Overlay,
        key: Key,
        action: Option<Action>,
    ) -> Option<Effect> {
        match overlay {
            Overlay::Help => {
                if matches!(action, Some(Action::Help | Action::Close | Action::Quit)) {
                    self.overlay = None;
                }
            }
            Overlay::Outline { selected } => {
                let n = self
                    .reading
                    .as_ref()
                    .map_or(0, |r| r.briefing.sections[r.tab].items.len());
                match (key.code, action) {
                    (KeyName::Enter, _) => {
                        self.overlay = None;
                        self.goto_item(selected);
                    }
                    (_, Some(Action::LineDown)) => {
                        self.overlay = Some(Overlay::Outline {
                            selected: (selected + 1).min(n.saturating_sub(1)),
                        })
                    }
                    (_, Some(Action::LineUp)) => {
                        self.overlay = Some(Overlay::Outline {
                            selected: selected.saturating_sub(1),
                        })
                    }
                    (_, Some(Action::Top)) => self.overlay = Some(Overlay::Outline { selected: 0 }),
                    (_, Some(Action::Bottom)) => {
                        self.overlay = Some(Overlay::Outline {
                            selected: n.saturating_sub(1),
                        })
                    }
                    (_, Some(Action::Outline | Action::Close | Action::Quit)) => {
                        self.overlay = None
                    }
                    _ => {}
                }
            }
        }
        None
    }

    fn prompt_key(&mut self, key: Key) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        match key.code {
            KeyName::Esc => {
                let (tab, scroll) = search.origin;
                self.search = None;
                if let Some(r) = self.reading.as_mut() {
                    r.tab = tab;
                    r.scroll[tab] = scroll;
                }
                self.ensure_current();
                return;
            }
            KeyName::Enter => {
                search.typing = false;
                if search.query.is_empty() {
                    self.search = None;
                } else if search.matches.is_empty() {
                    self.message = Some(format!("no match for “{}”", search.query));
                }
                return;
            }
            KeyName::Backspace => {
                search.query.pop();
            }
            KeyName::Char(c) if !key.ctrl && !key.alt => search.query.push(c),
            _ => return,
        }
        self.run_search(true);
    }

    /// Recomputes the matches of the current query; with `jump`, moves to the
    /// first match at or after where the search started.
    fn run_search(&mut self, jump: bool) {
        let width = self.geometry().text_width;
        let (Some(search), Some(r)) = (self.search.as_mut(), self.reading.as_mut()) else {
            return;
        };
        let case = search::smart_case(&search.query);
        let mut matches = Vec::new();
        if !search.query.is_empty() {
            for s in 0..r.briefing.sections.len() {
                let layout = r.ensure(s, width);
                for (n, line) in layout.lines.iter().enumerate() {
                    for range in search::find_all(&line.text(), &search.query, case) {
                        matches.push(Match {
                            section: s,
                            line: n,
                            range,
                        });
                    }
                }
            }
        }
        search.matches = matches;
        if jump {
            let (tab, scroll) = search.origin;
            search.current = search
                .matches
                .iter()
                .position(|m| (m.section, m.line) >= (tab, scroll))
                .or(if search.matches.is_empty() {
                    None
                } else {
                    Some(0)
                });
            match search.current {
                Some(_) => self.show_current_match(),
                None => {
                    r.tab = tab;
                    r.scroll[tab] = scroll;
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
        let Some(m) = search.current.and_then(|i| search.matches.get(i)) else {
            return;
        };
        r.tab = m.section;
        let top = r.scroll[m.section];
        if m.line < top || m.line >= top + h {
            r.scroll[m.section] = m.line.saturating_sub(h / 3);
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
            Action::Quit | Action::Close => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::NextSection | Action::PrevSection => {
                if let Some(r) = &self.reading {
                    let n = r.briefing.sections.len();
                    let next = if action == Action::NextSection {
                        (r.tab + 1) % n
                    } else {
                        (r.tab + n - 1) % n
                    };
                    self.goto_section(next);
                }
            }
            Action::Section(k) => {
                let n = self
                    .reading
                    .as_ref()
                    .map_or(0, |r| r.briefing.sections.len());
                let i = usize::from(k).saturating_sub(1);
                if i < n {
                    self.goto_section(i);
                } else {
                    self.message = Some(format!("there is no section {k}: this briefing has {n}"));
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
                    .map_or((0, 0), |r| (r.tab, r.scroll[r.tab]));
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
                    let items = &r.briefing.sections[r.tab].items;
                    if items.is_empty() {
                        self.message = Some("this section has no items".into());
                    } else {
                        let selected = self.current_item().unwrap_or(0);
                        self.overlay = Some(Overlay::Outline { selected });
                    }
                }
            }
            Action::ExportSection => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Export {
                        sections: vec![r.tab],
                        whole: false,
                    });
                }
            }
            Action::ExportAll => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Export {
                        sections: (0..r.briefing.sections.len()).collect(),
                        whole: true,
                    });
                }
            }
            Action::CopySection => {
                if let Some(r) = &self.reading {
                    return Some(Effect::Copy {
                        sections: vec![r.tab],
                    });
                }
            }
            Action::Picker => {
                if self.library.len() > 1 {
                    self.screen = Screen::Picker;
                    self.search = None;
                } else {
                    self.message = Some("this is the only briefing".into());
                }
            }
        }
        None
    }

    /// The item at the top of the screen (or the last one above it).
    pub fn current_item(&self) -> Option<usize> {
        let r = self.reading.as_ref()?;
        let layout = r.layout()?;
        let top = r.scroll[r.tab];
        layout
            .item_starts
            .iter()
            .rposition(|&s| s <= top)
            .or((!layout.item_starts.is_empty()).then_some(0))
    }

    /// Switches to a section, keeping its own scroll position.
    pub fn goto_section(&mut self, i: usize) {
        let width = self.geometry().text_width;
        if let Some(r) = self.reading.as_mut()
            && i < r.briefing.sections.len()
        {
            r.tab = i;
            r.ensure(i, width);
        }
        self.clamp_scroll();
    }

    /// Scrolls the active section so that item `i` is at the top.
    pub fn goto_item(&mut self, i: usize) {
        if let Some(r) = self.reading.as_mut()
            && let Some(l) = r.layout()
            && let Some(&start) = l.item_starts.get(i)
        {
            let tab = r.tab;
            r.scroll[tab] = start;
        }
        self.clamp_scroll();
    }

    fn max_scroll(&self) -> usize {
        let h = self.geometry().body_height;
        self.reading
            .as_ref()
            .and_then(Reading::layout)
            .map_or(0, |l| l.lines.len().saturating_sub(h))
    }

    fn clamp_scroll(&mut self) {
        let max = self.max_scroll();
        if let Some(r) = self.reading.as_mut() {
            let tab = r.tab;
            r.scroll[tab] = r.scroll[tab].min(max);
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        if let Some(r) = self.reading.as_mut() {
            let tab = r.tab;
            r.scroll[tab] = r.scroll[tab].saturating_add_signed(delta);
        }
        self.clamp_scroll();
    }

    fn scroll_to(&mut self, line: usize) {
        if let Some(r) = self.reading.as_mut() {
            let tab = r.tab;
            r.scroll[tab] = line;
        }
        self.clamp_scroll();
    }

    /// Re-lays out for a new size, keeping each section's top item in view.
    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        let width = self.geometry().text_width;
        if let Some(r) = self.reading.as_mut() {
            for s in 0..r.layouts.len() {
                let Some(old) = r.layouts[s].as_ref() else {
                    continue;
                };
                if old.width == width {
                    continue;
                }
                let top = r.scroll[s];
                let anchor = old
                    .item_starts
                    .iter()
                    .rposition(|&st| st <= top)
                    .map(|i| (i, top - old.item_starts[i]));
                let new = r.ensure(s, width);
                r.scroll[s] = match anchor {
                    Some((i, off)) => {
                        let start = new.item_starts[i];
                        let end = new
                            .item_starts
                            .get(i + 1)
                            .copied()
                            .unwrap_or(new.lines.len());
                        start + off.min(end.saturating_sub(start + 1))
                    }
                    None => top.min(new.lines.len()),
                };
            }
            let tab = r.tab;
            r.ensure(tab, width);
        }
        if self.search.is_some() {
            self.run_search(false);
        }
        // Keep every section's position valid at the new height.
        let h = self.geometry().body_height;
        if let Some(r) = self.reading.as_mut() {
            for s in 0..r.layouts.len() {
                if let Some(l) = &r.layouts[s] {
                    r.scroll[s] = r.scroll[s].min(l.lines.len().saturating_sub(h));
                }
            }
        }
    }

    fn ensure_current(&mut self) {
        let width = self.geometry().text_width;
        if let Some(r) = self.reading.as_mut() {
            let tab = r.tab;
            r.ensure(tab, width);
        }
        self.clamp_scroll();
    }

    /// "Top", "Bot", "All" or a percentage, as less shows it.
    pub fn position_label(&self) -> String {
        let Some(r) = self.reading.as_ref() else {
            return String::new();
        };
        let max = self.max_scroll();
        let top = r.scroll[r.tab];
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
