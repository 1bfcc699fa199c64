//! The reader's root: it holds the components, routes each message to the
//! one it concerns, and carries out what they answer.
//!
//! ```text
//! Msg::Key ─▶ key map (in the place the key is pressed) ─▶ Action
//!   prompt open?   ─▶ search.edit         ─▶ Edit     ─▶ find, jump, show
//!   overlay open?  ─▶ help/outline/tags   ─▶ Outcome  ─▶ apply
//!   picker?        ─▶ picker.update       ─▶ Outcome  ─▶ apply
//!   reading        ─▶ the root's keys (search, links, overlays, picker, quit)
//!                     or reading.act      ─▶ Outcome  ─▶ apply
//! apply(Outcome)   ─▶ the other components, or an Effect for the event loop
//! ```
//!
//! Nothing here touches the terminal or the disk: every behaviour can be
//! tested without a terminal, and the event loop carries out the effects.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::briefing::diagnostic::display_path;
use crate::briefing::{Briefing, Report};
use crate::config::action::{Action, Context};
use crate::config::keymap::{Key, KeyMap};
use crate::layout::Target;
use crate::layout::panes::{Steps, View};
use crate::library::{self, Entry, Hit};
use crate::state::SavedPosition;

use super::changes::{Changes, Found};

mod from_file;
mod search;
use super::geometry::{Geometry, HEADER_ROWS, WHEEL_LINES};
use super::help::Help;
use super::links::Links;
use super::msg::Outcome;
pub use super::msg::{Effect, Msg};
use super::outline::Outline;
use super::picker::Picker;
use super::problems::Problems;
use super::reading::{Page, Reading, tabs};
use super::search::{Edit, Search};
use super::tags::Tags;

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

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The list of briefings.
    Picker,
    /// A briefing.
    Reading,
}

/// A list drawn over the screen, which takes the keys while it is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The key help.
    Help(Help),
    /// The section's items.
    Outline(Outline),
    /// The briefing's tags.
    Tags(Tags),
    /// The errors the check of the whole file found after a first part of
    /// it was shown.
    Problems(Problems),
    /// What changed since the briefing was last read.
    Changes(Changes),
}

/// The rest of a large briefing, being loaded while its first part shows
/// (see [`crate::briefing::first`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rest {
    /// The saved position, to go to once the whole is there: in the first
    /// part the item it names may not be yet.
    pub resume: Option<SavedPosition>,
    /// Whether the user moved since: then they stay where they are.
    pub moved: bool,
    /// An action that needs the whole briefing (going to the end, an
    /// export, the outline …), asked for meanwhile: it is done when the
    /// whole comes.
    pub then: Option<Action>,
}

impl Rest {
    /// Whether `action`, on a part of `tabs` tabs, must wait for the whole:
    /// done on the part, it would show or write the part as if it were all.
    fn must_wait(action: Action, tabs: usize) -> bool {
        match action {
            Action::Bottom
            | Action::Outline
            | Action::Tags
            | Action::ExportSection
            | Action::ExportAll
            | Action::ExportHtml
            | Action::CopySection
            // The part's offsets are in the part, not in the file.
            | Action::Edit => true,
            Action::Section(k) => usize::from(k) > tabs,
            _ => false,
        }
    }
}

/// What the status line says while the rest of a large file is read.
pub const READING_REST: &str = "reading the rest of the file…";

/// The whole reader.
#[derive(Debug, Clone)]
pub struct App {
    /// Settings from the configuration.
    pub settings: Settings,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Which screen shows.
    pub screen: Screen,
    /// The library's briefings, and the list of them.
    pub picker: Picker,
    /// The open briefing, if any.
    pub reading: Option<Reading>,
    /// The current search, if any.
    pub search: Option<Search>,
    /// The places left by following links.
    pub links: Links,
    /// The list drawn over the screen, if one is open.
    pub overlay: Option<Overlay>,
    /// A one-off line for the status bar.
    pub message: Option<String>,
    /// While only the first part of the open briefing is loaded: what to do
    /// when the rest comes.
    pub rest: Option<Rest>,
}

impl App {
    /// A reader over briefings already loaded. With one it opens it; with
    /// several it starts on the picker.
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
    pub fn with_library(library: Vec<Entry>, settings: Settings, size: (u16, u16)) -> App {
        let mut app = App {
            settings,
            size,
            screen: Screen::Picker,
            picker: Picker::new(library),
            reading: None,
            search: None,
            links: Links::default(),
            overlay: None,
            message: None,
            rest: None,
        };
        if app.picker.rows.len() == 1 && app.picker.rows[0].briefing().is_some() {
            app.open(0);
        }
        app
    }

    /// A reader on the first part of a large briefing (`first`: its entry),
    /// whose whole comes later as [`Msg::Rest`]. Until then the generated
    /// tabs, which need every item, are not shown, and the status line
    /// says the rest is being read.
    pub fn with_first_part(first: Entry, settings: Settings, size: (u16, u16)) -> App {
        let generated = settings.generated_tabs;
        let mut app = App::with_library(
            vec![first],
            Settings {
                generated_tabs: false,
                ..settings
            },
            size,
        );
        app.settings.generated_tabs = generated;
        if app.reading.is_some() {
            app.rest = Some(Rest::default());
            app.message = Some(READING_REST.into());
        }
        app
    }

    /// The problems of the open briefing that the check of its whole file
    /// found after its first part was shown.
    pub fn problems(&self) -> Option<&Report> {
        match &self.overlay {
            Some(Overlay::Problems(p)) => Some(&p.report),
            _ => None,
        }
    }

    /// The geometry of the current screen.
    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.size.0, self.size.1, self.settings.max_width)
    }

    /// Opens the library entry at `index` on its first tab (a broken entry
    /// shows its diagnostics instead).
    pub fn open(&mut self, index: usize) -> Option<Effect> {
        let entry = self.picker.rows.get(index)?.entry.as_ref()?;
        let Some(b) = entry.briefing() else {
            self.picker.diagnostics = Some(index);
            return None;
        };
        let path = b.path.clone();
        let mut r = Reading::new(
            Arc::clone(b),
            entry.content_hash,
            self.settings.generated_tabs,
            self.settings.steps,
        );
        r.ensure_current(self.geometry());
        self.reading = Some(r);
        self.screen = Screen::Reading;
        self.overlay = None;
        self.search = None;
        self.links = Links::default();
        self.message = None;
        self.rest = None;
        Some(Effect::Opened { path })
    }

    /// The file the picker on screen needs loaded (the selected row's, for
    /// its preview), if it has not asked for it yet.
    fn picker_wants(&mut self) -> Option<Effect> {
        if self.screen != Screen::Picker {
            return None;
        }
        self.picker.wanted().map(|path| Effect::Load { path })
    }

    /// Where the open briefing is being read: what [`Msg::Resume`] restores.
    pub fn position(&self) -> Option<(PathBuf, SavedPosition)> {
        let r = self.reading.as_ref()?;
        Some((r.briefing.path.clone(), r.saved_position()?))
    }

    /// Whether some work waits for a moment without input ([`Msg::Idle`]):
    /// a long section is being laid out.
    pub fn has_work(&self) -> bool {
        self.reading.as_ref().is_some_and(Reading::has_work)
    }

    /// Applies one message.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        if matches!(msg, Msg::Key(_) | Msg::Wheel(_) | Msg::Click(..)) {
            if let Some(r) = self.reading.as_mut() {
                r.settle();
            }
            if let Some(rest) = self.rest.as_mut() {
                rest.moved = true;
            }
        }
        let g = self.geometry();
        match msg {
            Msg::Key(key) => return self.key(key),
            Msg::Idle => {
                if let Some(r) = self.reading.as_mut()
                    && r.work(g)
                {
                    // A layout at the new width replaced an old one: the
                    // matches are found again in it.
                    self.find(false);
                }
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                let g = self.geometry();
                if let Some(r) = self.reading.as_mut() {
                    r.resize(g);
                }
                self.find(false);
            }
            Msg::Message(m) => self.message = Some(m),
            Msg::Wheel(delta) => {
                if self.screen == Screen::Reading
                    && self.overlay.is_none()
                    && let Some(r) = self.reading.as_mut()
                {
                    let lines = usize::try_from(delta.unsigned_abs())
                        .unwrap_or(usize::MAX)
                        .saturating_mul(WHEEL_LINES);
                    let lines = isize::try_from(lines).unwrap_or(isize::MAX);
                    r.scroll_by(if delta > 0 { lines } else { -lines }, g.body_height);
                }
            }
            Msg::Click(x, y) => {
                if self.screen == Screen::Reading
                    && self.overlay.is_none()
                    && y == HEADER_ROWS - 1
                    && let Some(r) = self.reading.as_mut()
                    && let Some(i) = tabs::hit(&tabs::bar(r, self.size.0), x)
                {
                    r.goto_tab(i, g);
                }
            }
            Msg::Loading(total) => self.picker.loading(total),
            Msg::Indexing { done, total } => self.picker.indexing(done, total),
            Msg::Listed(listing) => {
                self.picker.listed(listing);
                return self.picker_wants();
            }
            Msg::Loaded(entry) => {
                let outcome = self.picker.loaded(*entry);
                return self.apply(outcome).or_else(|| self.picker_wants());
            }
            Msg::Found { query, found } => {
                let outcome = self.picker.found(&query, found);
                return self.apply(outcome).or_else(|| self.picker_wants());
            }
            Msg::Reloaded(entry) => self.reloaded(*entry),
            Msg::Rest(entry) => return self.rest_loaded(*entry),
            Msg::Changes(found) => self.changes_found(found),
            Msg::Resume(saved, notice) => {
                if let (Some(saved), Some(r)) = (saved, self.reading.as_mut()) {
                    r.restore(&saved, g);
                    if let Some(rest) = self.rest.as_mut() {
                        rest.resume = Some(saved);
                    }
                }
                if notice.is_some() {
                    self.message = notice;
                }
            }
        }
        None
    }

    /// A key: to the prompt, the overlay, the picker or the reading view,
    /// in that order of precedence, as the key map says in each place.
    fn key(&mut self, key: Key) -> Option<Effect> {
        // Ctrl-c always quits, whatever is open.
        if key == Key::ctrl('c') {
            return Some(Effect::Quit);
        }
        let keys = &self.settings.keys;
        if self.search.as_ref().is_some_and(|s| s.typing) {
            let action = keys.action(Context::Prompt, &key);
            return self.prompt(key, action);
        }
        if self.overlay.is_some() {
            let action = keys.action(Context::List, &key);
            return self.overlay_key(action);
        }
        if self.screen == Screen::Picker {
            let page = self.geometry().body_height;
            let outcome = if self.picker.diagnostics.is_some() {
                let action = keys.action(Context::List, &key);
                self.picker.diagnostics_key(action)
            } else {
                let action = keys.action(Context::Picker, &key);
                self.picker.update(key, action, page)
            };
            return self.apply(outcome).or_else(|| self.picker_wants());
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
                let g = self.geometry();
                if let Some(r) = self.reading.as_mut()
                    && let Some(c) = key.plain_char()
                    && let Some(i) = r.section_key(c)
                {
                    r.goto_tab(i, g);
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

    /// A key on an open overlay.
    fn overlay_key(&mut self, action: Option<Action>) -> Option<Effect> {
        if action == Some(Action::Suspend) {
            return Some(Effect::Suspend);
        }
        // Rows a page key moves: the list's height on screen.
        let page = usize::from(self.size.1.saturating_sub(4)).max(1);
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let outcome = match self.overlay.as_mut()? {
            Overlay::Help(h) => h.update(action, area),
            Overlay::Outline(o) => o.update(action, page),
            Overlay::Tags(t) => t.update(action, page),
            Overlay::Problems(p) => p.update(action, area),
            Overlay::Changes(c) => c.update(action, page),
        };
        self.apply(outcome)
    }

    /// A key's action while reading: the root's own (search, links, the
    /// lists over the text, the picker, quitting), or the reading view's.
    fn act(&mut self, action: Action) -> Option<Effect> {
        let g = self.geometry();
        let r = self.reading.as_mut()?;
        if let Some(rest) = self.rest.as_mut()
            && Rest::must_wait(action, r.pages.len())
        {
            rest.then = Some(action);
            self.message = Some(READING_REST.into());
            return None;
        }
        let outcome = match action {
            Action::Quit => Outcome::Effect(Effect::Quit),
            Action::Suspend => Outcome::Effect(Effect::Suspend),
            Action::Help => Outcome::Help,
            Action::Search => {
                self.search = Some(Search::prompt((r.tab, r.scroll())));
                Outcome::Done
            }
            Action::NextMatch | Action::PrevMatch => match self.search.as_mut() {
                None => Outcome::Message("no search: press / to search".into()),
                Some(s) => match s.step(action == Action::NextMatch) {
                    Err(m) => Outcome::Message(m),
                    Ok(wrapped) => {
                        if let Some(m) = s.current_place(&r.panes) {
                            r.show_line(m.section, m.line, g);
                        }
                        wrapped.map_or(Outcome::Done, Outcome::Message)
                    }
                },
            },
            Action::Outline => match Outline::open(r) {
                Ok(o) => {
                    self.overlay = Some(Overlay::Outline(o));
                    Outcome::Done
                }
                Err(m) => Outcome::Message(m),
            },
            Action::Changes => match r.changes.as_deref().map(|f| Changes::open(f, &r.briefing)) {
                Some(Ok(c)) => {
                    self.overlay = Some(Overlay::Changes(c));
                    Outcome::Done
                }
                Some(Err(m)) => Outcome::Message(m),
                None => {
                    Outcome::Message("nothing changed since you last read this briefing".into())
                }
            },
            Action::MarkRead => {
                r.changes = None;
                Outcome::Effect(Effect::MarkRead {
                    path: r.briefing.path.clone(),
                })
            }
            Action::Tags => match Tags::open(r) {
                Ok(t) => {
                    self.overlay = Some(Overlay::Tags(t));
                    Outcome::Done
                }
                Err(m) => Outcome::Message(m),
            },
            Action::NextLink | Action::PrevLink => {
                let forward = action == Action::NextLink;
                match Links::select(r.pane_mut(), g.body_height, forward) {
                    Ok(()) => Outcome::Done,
                    Err(m) => Outcome::Message(m.into()),
                }
            }
            Action::Follow => match Links::target(r.pane(), g.body_height) {
                Some(t) => {
                    let from = r.visit();
                    let message = r.goto_target(t, g);
                    self.links.push(from);
                    message.map_or(Outcome::Done, Outcome::Message)
                }
                // Nothing selected: select the first link on screen.
                None => match Links::select(r.pane_mut(), g.body_height, true) {
                    Ok(()) => Outcome::Done,
                    Err(m) => Outcome::Message(m.into()),
                },
            },
            Action::Back => match self.links.back() {
                Some(v) => {
                    r.return_to(v, g);
                    Outcome::Done
                }
                None => Outcome::Message("nothing to go back to".into()),
            },
            Action::Picker => {
                if self.picker.rows.len() > 1 {
                    self.screen = Screen::Picker;
                    self.search = None;
                    self.overlay = None;
                    Outcome::Done
                } else {
                    Outcome::Message("this is the only briefing".into())
                }
            }
            other => r.act(other, g),
        };
        self.apply(outcome).or_else(|| self.picker_wants())
    }

    /// Carries out what a component answered.
    fn apply(&mut self, outcome: Outcome) -> Option<Effect> {
        let g = self.geometry();
        match outcome {
            Outcome::Done => {}
            Outcome::Message(m) => self.message = Some(m),
            Outcome::Effect(e) => return Some(e),
            Outcome::Close => self.overlay = None,
            Outcome::Help => {
                let context = match self.screen {
                    Screen::Picker => Context::Picker,
                    Screen::Reading => Context::Reading,
                };
                let briefing = self.reading.as_ref().map(|r| r.briefing.as_ref());
                self.overlay = Some(Overlay::Help(Help::open(
                    &self.settings.keys,
                    context,
                    briefing,
                )));
            }
            Outcome::GotoTarget(t) => {
                self.overlay = None;
                if let Some(r) = self.reading.as_mut() {
                    let from = r.visit();
                    if let Some(m) = r.goto_target(t, g) {
                        self.message = Some(m);
                    }
                    // Back (Backspace) returns to where the reader was.
                    self.links.push(from);
                }
            }
            Outcome::GotoItem(i) => {
                self.overlay = None;
                if let Some(r) = self.reading.as_mut() {
                    r.goto_item(i, g);
                }
            }
            Outcome::ToggleTag(tag) => {
                self.overlay = None;
                if let Some(r) = self.reading.as_mut() {
                    self.message = Some(r.toggle_filter(tag, g));
                    self.links.clear();
                }
                self.find(false);
            }
            Outcome::Open { entry, hit } => {
                let effect = self.open(entry);
                if let Some(hit) = hit {
                    self.show_hit(&hit);
                }
                return effect;
            }
            Outcome::BackToReading => {
                // Back to the briefing this list was opened from, if any.
                match self.reading.as_mut() {
                    Some(r) => {
                        self.screen = Screen::Reading;
                        r.ensure_current(g);
                    }
                    None => return Some(Effect::Quit),
                }
            }
        }
        None
    }

    /// The view on screen, for tests and the event loop: the open
    /// briefing's text or figures.
    pub fn view(&self) -> Option<View> {
        self.reading.as_ref().map(Reading::view)
    }
}
