//! Searching the open briefing: the prompt, the matches in every tab, and
//! which one is current.
//!
//! The search owns its query and its matches. It finds them in the layouts
//! it is given (laying out tabs that are not yet), and answers with places
//! (a tab and a line) for the reader to show: it never moves the view itself.

pub mod matches;

use std::ops::Range;

pub use matches::Matches;

use crate::briefing::text::counted;
use crate::config::action::Action;
use crate::config::keymap::Key;
use crate::layout::find::smart_case;
use crate::layout::panes::{Panes, Source, View};

/// One search match, as a place on a tab's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Tab (page) index.
    pub section: usize,
    /// The first line that shows some of it.
    pub line: usize,
    /// Byte range within that line's text.
    pub range: Range<usize>,
}

/// What a key did at the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The query changed: search again.
    Changed,
    /// The search was confirmed (the prompt closes).
    Confirmed,
    /// The search was cancelled: back to where it started.
    Cancelled,
    /// Suspend to the shell.
    Suspend,
    /// Nothing happened.
    Nothing,
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
    /// Where the reader was when the prompt opened (tab, top line), for Esc.
    pub origin: (usize, usize),
}

impl Search {
    /// A prompt opened at `origin` (tab, top line).
    pub fn prompt(origin: (usize, usize)) -> Search {
        Search {
            typing: true,
            origin,
            ..Search::default()
        }
    }

    /// A search of `query` already typed (a library search opening a briefing).
    pub fn of(query: &str, origin: (usize, usize)) -> Search {
        Search {
            query: query.to_string(),
            origin,
            ..Search::default()
        }
    }

    /// A key at the prompt (its action in the prompt's key map, if any);
    /// other keys type their character.
    pub fn edit(&mut self, key: Key, action: Option<Action>) -> Edit {
        match action {
            Some(Action::Cancel) => Edit::Cancelled,
            Some(Action::Confirm) => {
                self.typing = false;
                Edit::Confirmed
            }
            Some(Action::Suspend) => Edit::Suspend,
            Some(Action::DeleteChar) => {
                self.query.pop();
                Edit::Changed
            }
            _ => match key.plain_char() {
                Some(c) => {
                    self.query.push(c);
                    Edit::Changed
                }
                None => Edit::Nothing,
            },
        }
    }

    /// Finds the query in every tab's text at `width` (laying out the tabs
    /// that are not yet), in reading order. The layouts on screen are
    /// searched as they are, even one at an old width while the new one is
    /// laid out: the search runs again when it is in place.
    pub fn find(&mut self, src: Source<'_>, panes: &mut Panes, width: usize) {
        let case = smart_case(&self.query);
        let mut matches = Matches::default();
        if !self.query.is_empty() {
            for tab in 0..panes.len() {
                if panes.pane(tab, View::Text).layout.is_some() {
                    panes.complete(src, tab);
                } else {
                    panes.ensure(src, tab, View::Text, width, false);
                }
                if let Some(layout) = panes.pane(tab, View::Text).layout.as_ref() {
                    matches.search_section(tab, &layout.lines, &self.query, case);
                }
            }
        }
        self.matches = matches;
        if let Some(c) = self.current {
            self.current = (!self.matches.is_empty()).then(|| c.min(self.matches.len() - 1));
        }
    }

    /// Makes the first match at or after where the search started the
    /// current one (or the first of all when none is after it).
    pub fn jump(&mut self, panes: &Panes) {
        let (tab, top) = self.origin;
        let from = (tab < panes.len())
            .then(|| panes.pane(tab, View::Text).layout.as_ref())
            .flatten()
            .map_or(0, |l| l.lines.start_of(top));
        self.current = self
            .matches
            .first_from(tab, from)
            .or((!self.matches.is_empty()).then_some(0));
    }

    /// Match `i` as a place on its tab's lines.
    pub fn locate(&self, panes: &Panes, i: usize) -> Option<Match> {
        let (section, bytes) = self.matches.get(i)?;
        let layout = (section < panes.len())
            .then(|| panes.pane(section, View::Text).layout.as_ref())
            .flatten()?;
        let (line, range) = layout.lines.locate(bytes);
        Some(Match {
            section,
            line,
            range,
        })
    }

    /// The current match as a place, if there is one.
    pub fn current_place(&self, panes: &Panes) -> Option<Match> {
        self.current.and_then(|i| self.locate(panes, i))
    }

    /// Makes the next (or previous) match current, wrapping around; the
    /// message says when it wrapped, or why there is none.
    pub fn step(&mut self, forward: bool) -> Result<Option<String>, String> {
        let n = self.matches.len();
        if n == 0 {
            return Err(format!("no match for “{}”", self.query));
        }
        let next = match (self.current, forward) {
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        let wrapped = self
            .current
            .is_some_and(|c| (forward && next < c) || (!forward && next > c));
        self.current = Some(next);
        Ok(wrapped.then(|| {
            if forward {
                "search wrapped to the start".into()
            } else {
                "search wrapped to the end".into()
            }
        }))
    }

    /// The matches of tab `tab` that show within `bytes` of its text, each
    /// with whether it is the current one.
    pub fn on_screen(
        &self,
        tab: usize,
        bytes: Range<usize>,
    ) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
        self.matches
            .within(tab, bytes)
            .map(move |(i, r)| (r, Some(i) == self.current))
    }

    /// What the status line shows of the search, within `room` columns:
    /// the prompt as typed with the count so far, or which match is
    /// current (without the query when it does not fit: the count matters
    /// more on a narrow screen).
    pub fn status(&self, room: usize) -> String {
        if self.typing {
            let count = match self.matches.len() {
                0 if self.query.is_empty() => String::new(),
                0 => "  (no match)".into(),
                m => format!("  ({})", counted(m, "match", "matches")),
            };
            return format!("/{}▏{count}", self.query);
        }
        match self.current {
            Some(c) => {
                let count = format!("match {} of {}", c + 1, self.matches.len());
                let full = format!("{count} for “{}”", self.query);
                if crate::layout::width(&full) <= room {
                    full
                } else {
                    count
                }
            }
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keymap::KeyName;

    #[test]
    fn the_prompt_types_deletes_confirms_and_cancels() {
        let mut s = Search::prompt((2, 7));
        assert_eq!(s.edit(Key::char('a'), None), Edit::Changed);
        assert_eq!(s.edit(Key::char('b'), None), Edit::Changed);
        assert_eq!(s.query, "ab");
        assert_eq!(
            s.edit(Key::named(KeyName::Backspace), Some(Action::DeleteChar)),
            Edit::Changed
        );
        assert_eq!(s.query, "a");
        assert_eq!(s.edit(Key::named(KeyName::Up), None), Edit::Nothing);
        assert_eq!(
            s.edit(Key::named(KeyName::Enter), Some(Action::Confirm)),
            Edit::Confirmed
        );
        assert!(!s.typing);
        assert_eq!(
            s.edit(Key::named(KeyName::Esc), Some(Action::Cancel)),
            Edit::Cancelled
        );
        assert_eq!(s.origin, (2, 7));
    }

    #[test]
    fn stepping_wraps_and_says_so() {
        let mut s = Search::of("x", (0, 0));
        assert!(s.step(true).is_err(), "no match yet");
        let mut lines = crate::layout::Lines::default();
        lines.push_line("x x x", crate::layout::Role::Body, None, None);
        s.matches.search_section(0, &lines, "x", false);
        assert_eq!(s.step(true), Ok(None));
        assert_eq!(s.current, Some(0));
        assert_eq!(s.step(false), Ok(Some("search wrapped to the end".into())));
        assert_eq!(s.current, Some(2));
        assert_eq!(s.step(true), Ok(Some("search wrapped to the start".into())));
        s.typing = false;
        assert_eq!(s.status(80), "match 1 of 3 for “x”");
        assert_eq!(s.status(10), "match 1 of 3");
    }
}
