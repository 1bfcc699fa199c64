//! The picker: the library's briefings, filtered as you type (fuzzy, over
//! title, tags and path), or a search of the text of every briefing.
//!
//! A folder's rows come from its index (`crate::library::index`): a
//! summary of each file, with no file read until it is previewed or
//! opened, and a search answered by the index. A library loaded whole (a
//! list of files, the tests) has every file from the start and is
//! searched in memory.

pub mod draw;
mod row;

pub use row::Row;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::config::action::Action;
use crate::config::keymap::Key;
use crate::library::index::{Listed, listing_order};
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

/// One search hit, with the row of the briefing it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerHit {
    /// Index into the rows.
    pub entry: usize,
    /// Where in that briefing.
    pub hit: Hit,
}

/// How many files loaded for a preview are kept (rows of a library loaded
/// whole keep theirs).
const KEPT: usize = 64;

/// Rows the filter scores on one thread before it uses more.
const PER_THREAD: usize = 8192;

/// How many briefings a search of the index lists at most.
pub const SEARCH_LIMIT: usize = 500;

/// The picker's state.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// Every file of the library, newest first, broken ones last.
    pub rows: Vec<Row>,
    /// The rows come from the library's index: files load when needed, and
    /// a search asks the index (see [`Effect::Load`], [`Effect::Search`]).
    pub indexed: bool,
    /// What was typed.
    pub query: String,
    /// Filter or search.
    pub mode: Mode,
    /// Selected row.
    pub selected: usize,
    /// Filter mode: the rows shown, in order.
    pub shown: Vec<usize>,
    /// Search mode: the hits (in library order; best first from the index).
    pub hits: Vec<PickerHit>,
    /// Files listed so far and files to list (the list fills in as they come).
    pub progress: (usize, usize),
    /// The progress counts the files the index reads before it lists them.
    pub indexing: bool,
    /// The diagnostics of this (broken) row are shown.
    pub diagnostics: Option<usize>,
    /// Search mode: the query the hits are for (the search runs on Enter).
    pub searched: Option<String>,
    /// A search of the index asked for and not answered yet.
    pub searching: Option<String>,
    /// Files asked for and not loaded yet.
    asked: HashSet<PathBuf>,
    /// Enter was pressed on a row whose file is still loading: the file,
    /// and the hit to show, once it comes.
    waiting: Option<(PathBuf, Option<Hit>)>,
    /// Files loaded for a preview, oldest first (at most [`KEPT`]).
    kept: VecDeque<PathBuf>,
}

/// Whether `query` is words only: none of the filter's operators (`!`
/// negates, `^` `$` anchor, `'` asks for the exact text, `\` escapes), so
/// that a longer query matches fewer rows.
fn plain(query: &str) -> bool {
    !query.contains(['!', '^', '$', '\'', '\\'])
}

impl Picker {
    /// A picker over library entries (some may be broken), sorted for listing.
    pub fn new(entries: Vec<Entry>) -> Picker {
        let mut rows: Vec<Row> = entries.into_iter().map(Row::of).collect();
        rows.sort_by(|a, b| listing_order(&a.listed, &b.listed));
        let n = rows.len();
        let mut p = Picker {
            rows,
            progress: (n, n),
            ..Picker::default()
        };
        p.refresh();
        p
    }

    /// This many files are being listed.
    pub fn loading(&mut self, total: usize) {
        self.progress = (self.rows.len(), total.max(self.rows.len()));
    }

    /// The index, before it lists the library, has read `done` of the
    /// `total` files it has to read (all of them the first time).
    pub fn indexing(&mut self, done: usize, total: usize) {
        if !self.indexed {
            self.indexing = true;
            self.progress = (done, total.max(done));
        }
    }

    /// The library as its index lists it (in listing order): the rows,
    /// whose files load when they are needed.
    pub fn listed(&mut self, listing: Vec<Listed>) {
        self.rows = listing.into_iter().map(Row::listed).collect();
        self.indexed = true;
        self.indexing = false;
        self.progress = (self.rows.len(), self.rows.len());
        self.asked.clear();
        self.kept.clear();
        self.diagnostics = None;
        self.refresh();
    }

    /// A file of the library loaded (or failed to): the file of its row,
    /// asked for by a preview or Enter; or one more file of a library
    /// loaded whole, which takes its place in the listing (a selection the
    /// user moved follows its briefing as others arrive, an untouched one
    /// stays on the top row). Opens it when Enter is waiting for it.
    pub fn loaded(&mut self, entry: Entry) -> Outcome {
        self.asked.remove(&entry.path);
        // Every row of the file (a list of files may name one twice): a
        // row left without it would ask for it again, and again.
        let rows: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].path() == entry.path)
            .collect();
        if let Some(&first) = rows.first() {
            let path = entry.path.clone();
            for &at in &rows {
                self.rows[at] = Row::of(entry.clone());
            }
            if self.indexed {
                self.keep(path.clone());
            }
            let at = self
                .selected_entry()
                .filter(|i| rows.contains(i))
                .unwrap_or(first);
            return match self.waiting.take() {
                Some((waited, hit)) if waited == path => self.open_row(at, hit),
                other => {
                    self.waiting = other;
                    Outcome::Done
                }
            };
        }
        let selected = self
            .selected_entry()
            .filter(|_| self.selected > 0)
            .map(|i| self.rows[i].path().to_path_buf());
        let row = Row::of(entry);
        let at = self
            .rows
            .partition_point(|r| listing_order(&r.listed, &row.listed).is_le());
        self.rows.insert(at, row);
        self.progress.0 += 1;
        self.progress.1 = self.progress.1.max(self.progress.0);
        if let Some(d) = self.diagnostics.as_mut()
            && *d >= at
        {
            *d += 1;
        }
        self.refresh();
        if let Some(path) = selected
            && let Some(row) = (0..self.len()).find(|&r| {
                self.shown
                    .get(r)
                    .is_some_and(|&i| self.rows[i].path() == path)
            })
        {
            self.selected = row;
        }
        Outcome::Done
    }

    /// Keeps the file of `path` loaded, letting go of the oldest kept one
    /// beyond [`KEPT`] (unless it is waited for or shown).
    fn keep(&mut self, path: PathBuf) {
        self.kept.retain(|p| *p != path);
        self.kept.push_back(path);
        while self.kept.len() > KEPT {
            let Some(old) = self.kept.pop_front() else {
                break;
            };
            let shown = self
                .diagnostics
                .or(self.selected_entry())
                .is_some_and(|i| self.rows[i].path() == old);
            if !shown && let Some(row) = self.rows.iter_mut().find(|r| r.path() == old) {
                row.entry = None;
            }
        }
    }

    /// A file read again (a reload): its row is replaced.
    pub fn replace(&mut self, entry: &Entry) {
        if let Some(slot) = self.rows.iter_mut().find(|r| r.path() == entry.path) {
            *slot = Row::of(entry.clone());
        }
    }

    /// The file the picker needs and has not asked for: the selected row's,
    /// for its preview. Asked for once.
    pub fn wanted(&mut self) -> Option<PathBuf> {
        let row = &self.rows[self.selected_entry()?];
        if row.entry.is_some() || self.asked.contains(row.path()) {
            return None;
        }
        let path = row.path().to_path_buf();
        self.asked.insert(path.clone());
        Some(path)
    }

    /// The answer of the index to a search: the hits of each briefing,
    /// best first. An answer to a query since changed is dropped.
    pub fn found(
        &mut self,
        query: &str,
        found: Result<Vec<(PathBuf, Vec<Hit>)>, String>,
    ) -> Outcome {
        if self.searching.as_deref() != Some(query) || self.query != query {
            return Outcome::Done;
        }
        self.searching = None;
        let found = match found {
            Ok(found) => found,
            Err(e) => return Outcome::Message(format!("the search failed: {e}")),
        };
        let rows: HashMap<&Path, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.path(), i))
            .collect();
        self.hits = found
            .into_iter()
            .filter_map(|(path, hits)| Some((*rows.get(path.as_path())?, hits)))
            .flat_map(|(entry, hits)| hits.into_iter().map(move |hit| PickerHit { entry, hit }))
            .collect();
        self.searched = Some(query.to_string());
        self.selected = 0;
        if self.hits.is_empty() {
            return Outcome::Message(format!("no match for “{query}”"));
        }
        Outcome::Done
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
        let mut narrow = false;
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
                    self.searching = None;
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
                    // A plain query made longer matches only rows its
                    // shorter self matched: only those are looked at.
                    narrow = self.mode == Mode::Filter
                        && plain(&self.query)
                        && !self.query.trim().is_empty()
                        && plain(c.encode_utf8(&mut [0; 4]));
                    self.query.push(c);
                    refresh = true;
                }
            }
        }
        if refresh {
            self.selected = 0;
            if narrow {
                let among = std::mem::take(&mut self.shown);
                self.filter(Some(&among));
            } else if self.mode == Mode::Filter {
                self.refresh();
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
            if self.indexed && !self.query.trim().is_empty() {
                if self.searching.as_deref() == Some(self.query.as_str()) {
                    return Outcome::Done;
                }
                self.searching = Some(self.query.clone());
                return Outcome::Effect(Effect::Search {
                    query: self.query.clone(),
                });
            }
            self.refresh();
            self.searched = Some(self.query.clone());
            if self.hits.is_empty() && !self.query.is_empty() {
                return Outcome::Message(format!("no match for “{}”", self.query));
            }
            return Outcome::Done;
        }
        let Some(entry) = self.selected_entry() else {
            return Outcome::Done;
        };
        let hit = match self.mode {
            Mode::Search => self.hits.get(self.selected).map(|h| h.hit.clone()),
            Mode::Filter => None,
        };
        if self.rows[entry].entry.is_none() {
            // Still loading: opened when it comes.
            let path = self.rows[entry].path().to_path_buf();
            self.waiting = Some((path.clone(), hit));
            if self.asked.insert(path.clone()) {
                return Outcome::Effect(Effect::Load { path });
            }
            return Outcome::Done;
        }
        self.open_row(entry, hit)
    }

    /// Opens the loaded row `entry` (at `hit`), or shows its diagnostics.
    fn open_row(&mut self, entry: usize, hit: Option<Hit>) -> Outcome {
        if self.rows[entry].briefing().is_none() {
            self.diagnostics = Some(entry);
            return Outcome::Done;
        }
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

    /// Recomputes what is shown from the rows (in listing order) and the
    /// query.
    pub fn refresh(&mut self) {
        match self.mode {
            Mode::Filter => self.filter(None),
            // The index answers a search of an indexed library (see
            // [`Picker::found`]); a library loaded whole is searched here.
            Mode::Search if self.indexed => {}
            Mode::Search => {
                self.shown.clear();
                self.hits = if self.query.is_empty() {
                    Vec::new()
                } else {
                    self.rows
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| r.briefing().map(|b| (i, b)))
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

    /// Filter mode: the rows that match the query, best first (all of
    /// them, in listing order, for no query); only rows `among` when given.
    fn filter(&mut self, among: Option<&[usize]>) {
        self.hits.clear();
        if self.query.trim().is_empty() {
            self.shown = (0..self.rows.len()).collect();
        } else {
            let pattern = Pattern::parse(&self.query, CaseMatching::Smart, Normalization::Smart);
            let all: Vec<usize>;
            let among = match among {
                Some(rows) => rows,
                None => {
                    all = (0..self.rows.len()).collect();
                    &all
                }
            };
            let rows = &self.rows;
            // A large library is scored on every core.
            let mut scored = library::on_cores(among, PER_THREAD, |part| {
                let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
                let mut buf = Vec::new();
                part.iter()
                    .filter_map(|&i| {
                        pattern
                            .score(Utf32Str::new(&rows[i].hay, &mut buf), &mut matcher)
                            .map(|s| (s, i))
                    })
                    .collect()
            });
            // Best first; the listing order (newest first) breaks ties.
            scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    /// The row of the selected line.
    pub fn selected_entry(&self) -> Option<usize> {
        match self.mode {
            Mode::Filter => self.shown.get(self.selected).copied(),
            Mode::Search => self.hits.get(self.selected).map(|h| h.entry),
        }
    }
}

#[cfg(test)]
mod tests;
