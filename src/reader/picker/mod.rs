//! The picker: the library's briefings, filtered as you type (fuzzy, over
//! title, tags and path), or a search of the text of every briefing; it
//! fills in as the files load.

pub mod draw;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::config::action::Action;
use crate::config::keymap::Key;
use crate::library::{self, Entry, Hit};

use super::msg::{Effect, Outcome};

/// What typing in the picker does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Narrow the list of briefings (fuzzy, over title, tags and the end of the path).
    #[default]
    Filter,
    /// Search the text of every briefing.
    Search,
}

/// One search hit, with the library entry it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerHit {
    /// Index into the library.
    pub entry: usize,
    /// Where in that briefing.
    pub hit: Hit,
}

/// The picker's state.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// Every file of the library, newest first, broken ones last.
    pub entries: Vec<Entry>,
    /// What was typed.
    pub query: String,
    /// Filter or search.
    pub mode: Mode,
    /// Selected row.
    pub selected: usize,
    /// Filter mode: the library entries shown, in order.
    pub shown: Vec<usize>,
    /// Search mode: the hits, in library order.
    pub hits: Vec<PickerHit>,
    /// Files loaded so far and files to load (the list fills in as they load).
    pub progress: (usize, usize),
    /// The diagnostics of this (broken) entry are shown.
    pub diagnostics: Option<usize>,
    /// Search mode: the query the hits are for (the search runs on Enter).
    pub searched: Option<String>,
}

/// The text the fuzzy filter looks at: title, tags and the end of the path
/// (the file's name and two folders above it: where the library keeps it,
/// not the folders every file shares, which would match any query).
fn haystack(e: &Entry) -> String {
    let mut s = String::new();
    if let Some(b) = e.briefing() {
        s.push_str(&b.meta.title);
        for t in &b.meta.tags {
            s.push_str(" #");
            s.push_str(t);
        }
        s.push(' ');
    }
    let tail: Vec<_> = e.path.iter().rev().take(3).collect();
    for (k, part) in tail.iter().rev().enumerate() {
        if k > 0 {
            s.push('/');
        }
        s.push_str(&part.to_string_lossy());
    }
    s
}

impl Picker {
    /// A picker over library entries (some may be broken), sorted for listing.
    pub fn new(mut entries: Vec<Entry>) -> Picker {
        library::sort_for_listing(&mut entries);
        let n = entries.len();
        let mut p = Picker {
            entries,
            progress: (n, n),
            ..Picker::default()
        };
        p.refresh_entries();
        p
    }

    /// Recomputes the rows from the library and the query.
    fn refresh_entries(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        self.refresh(&entries);
        self.entries = entries;
    }

    /// This many files are being loaded.
    pub fn loading(&mut self, total: usize) {
        self.progress = (self.entries.len(), total.max(self.entries.len()));
    }

    /// One more file of the library loaded (or failed to): it takes its
    /// place in the listing; a selection the user moved follows its
    /// briefing as others arrive, an untouched one stays on the top row.
    pub fn loaded(&mut self, entry: Entry) {
        let selected = self
            .selected_entry()
            .filter(|_| self.selected > 0)
            .map(|i| self.entries[i].path.clone());
        let at = self
            .entries
            .partition_point(|e| library::listing_order(e, &entry).is_le());
        self.entries.insert(at, entry);
        self.progress.0 += 1;
        self.progress.1 = self.progress.1.max(self.progress.0);
        if let Some(d) = self.diagnostics.as_mut()
            && *d >= at
        {
            *d += 1;
        }
        self.refresh_entries();
        if let Some(path) = selected
            && let Some(row) = (0..self.len()).find(|&r| {
                self.shown
                    .get(r)
                    .is_some_and(|&i| self.entries[i].path == path)
            })
        {
            self.selected = row;
        }
    }

    /// A file read again (a reload): its entry is replaced.
    pub fn replace(&mut self, entry: &Entry) {
        if let Some(slot) = self.entries.iter_mut().find(|e| e.path == entry.path) {
            *slot = entry.clone();
        }
    }

    /// A key in the picker (its action in the picker's key map, if any);
    /// other keys type their character into the query. `page` is how many
    /// rows a page key moves.
    pub fn update(&mut self, key: Key, action: Option<Action>, page: usize) -> Outcome {
        let n = self.len();
        let sel = self.selected;
        let last = n.saturating_sub(1);
        let page = page.max(1);
        let mut refresh = false;
        match action {
            Some(Action::Open) => return self.enter(),
            Some(Action::PickerBack) if !self.query.is_empty() => {
                self.query.clear();
                refresh = true;
            }
            Some(Action::PickerBack) => return Outcome::BackToReading,
            Some(Action::SwitchMode) => {
                self.mode = match self.mode {
                    Mode::Filter => Mode::Search,
                    Mode::Search => Mode::Filter,
                };
                self.selected = 0;
                refresh = self.mode == Mode::Filter;
                if self.mode == Mode::Search {
                    self.hits.clear();
                    self.searched = None;
                }
            }
            Some(Action::SelectNext) => self.selected = (sel + 1).min(last),
            Some(Action::SelectPrev) => self.selected = sel.saturating_sub(1),
            Some(Action::SelectPageDown) => self.selected = (sel + page).min(last),
            Some(Action::SelectPageUp) => self.selected = sel.saturating_sub(page),
            Some(Action::SelectFirst) => self.selected = 0,
            Some(Action::SelectLast) => self.selected = last,
            Some(Action::Help) => return Outcome::Help,
            Some(Action::Suspend) => return Outcome::Effect(Effect::Suspend),
            Some(Action::DeleteChar) => {
                self.query.pop();
                refresh = true;
            }
            _ => {
                if let Some(c) = key.plain_char() {
                    self.query.push(c);
                    refresh = true;
                }
            }
        }
        if refresh {
            self.selected = 0;
            if self.mode == Mode::Filter {
                self.refresh_entries();
            }
        }
        Outcome::Done
    }

    /// A key while a broken file's diagnostics are shown over the list
    /// (its action as in a list): they close on Esc, q or Enter.
    pub fn diagnostics_key(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Close | Action::Quit | Action::Choose) => {
                self.diagnostics = None;
                Outcome::Done
            }
            Some(Action::Suspend) => Outcome::Effect(Effect::Suspend),
            _ => Outcome::Done,
        }
    }

    /// Enter: open the selected briefing; searching every briefing, run the
    /// search first, then open the briefing at the chosen hit. A broken
    /// file shows its diagnostics instead of opening.
    fn enter(&mut self) -> Outcome {
        if self.mode == Mode::Search && self.searched.as_deref() != Some(self.query.as_str()) {
            self.refresh_entries();
            self.searched = Some(self.query.clone());
            if self.hits.is_empty() && !self.query.is_empty() {
                return Outcome::Message(format!("no match for “{}”", self.query));
            }
            return Outcome::Done;
        }
        let Some(entry) = self.selected_entry() else {
            return Outcome::Done;
        };
        if self.entries[entry].briefing().is_none() {
            self.diagnostics = Some(entry);
            return Outcome::Done;
        }
        let hit = match self.mode {
            Mode::Search => self.hits.get(self.selected).map(|h| h.hit.clone()),
            Mode::Filter => None,
        };
        Outcome::Open { entry, hit }
    }

    /// Rows in the current mode.
    pub fn len(&self) -> usize {
        match self.mode {
            Mode::Filter => self.shown.len(),
            Mode::Search => self.hits.len(),
        }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Recomputes the rows from the library (in listing order) and the query.
    pub fn refresh(&mut self, entries: &[Entry]) {
        match self.mode {
            Mode::Filter => {
                self.hits.clear();
                if self.query.trim().is_empty() {
                    self.shown = (0..entries.len()).collect();
                } else {
                    let pattern =
                        Pattern::parse(&self.query, CaseMatching::Smart, Normalization::Smart);
                    let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
                    let mut buf = Vec::new();
                    let mut scored: Vec<(u32, usize)> = entries
                        .iter()
                        .enumerate()
                        .filter_map(|(i, e)| {
                            let hay = haystack(e);
                            pattern
                                .score(Utf32Str::new(&hay, &mut buf), &mut matcher)
                                .map(|s| (s, i))
                        })
                        .collect();
                    // Best first; the listing order (newest first) breaks ties.
                    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    self.shown = scored.into_iter().map(|(_, i)| i).collect();
                }
            }
            Mode::Search => {
                self.shown.clear();
                self.hits = if self.query.is_empty() {
                    Vec::new()
                } else {
                    entries
                        .iter()
                        .enumerate()
                        .filter_map(|(i, e)| e.briefing().map(|b| (i, b)))
                        .flat_map(|(i, b)| {
                            library::search(b, &self.query)
                                .into_iter()
                                .map(move |hit| PickerHit { entry: i, hit })
                        })
                        .collect()
                };
            }
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    /// The library entry of the selected row.
    pub fn selected_entry(&self) -> Option<usize> {
        match self.mode {
            Mode::Filter => self.shown.get(self.selected).copied(),
            Mode::Search => self.hits.get(self.selected).map(|h| h.entry),
        }
    }
}
