//! The picker: the library's briefings, filtered as you type (fuzzy, over
//! title, tags and path), or a search of the text of every briefing.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::library::{self, Entry, Hit};

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
