//! The Changes view: what is new in the open briefing since it was last
//! read, grouped by section — items added, changed (with what changed) and
//! removed (their text still readable here) — each entry leading to its
//! item.
//!
//! The comparison itself is done by the event loop (it reads the snapshot
//! and the file, see `feeds`), which hands the reader a [`Found`]; this
//! component only turns it into rows, moves a selection and draws.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line as TLine, Span};

use crate::briefing::Briefing;
use crate::config::Theme;
use crate::config::action::Action;
use crate::diff::render::change_text;
use crate::diff::{Diff, ItemAt, Status};
use crate::layout::{Target, abbreviate, width};

use super::geometry::{FOOTER_ROWS, HEADER_ROWS};
use super::msg::Outcome;
use super::outline::move_selection;
use super::widgets::{centered, overlay_box};

/// What changed in a briefing since its snapshot: found by the event loop,
/// kept by the reading view for its markers and by the Changes view.
#[derive(Debug, Clone)]
pub struct Found {
    /// The briefing's file.
    pub path: PathBuf,
    /// The version last read, loaded from the snapshot.
    pub old: Arc<Briefing>,
    /// From that version to the one on screen.
    pub diff: Diff,
    /// Found on a reload while reading (the view then goes to the first
    /// change), rather than on opening.
    pub live: bool,
    /// The text differs from the one on screen before: the Changes view
    /// opens. A reload of the same text (a file system's second event for
    /// one save, or a broken save put right) only keeps the markers.
    pub news: bool,
}

/// How an item changed, as its marker in the section view says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not in the version last read.
    New,
    /// In it, with changes.
    Changed,
}

impl Mark {
    /// The words beside the item's title: a sign and a word, so the marker
    /// does not rely on colour.
    pub fn label(self) -> &'static str {
        match self {
            Mark::New => "+ new",
            Mark::Changed => "~ changed",
        }
    }
}

impl Found {
    /// The marker of item `item` of section `section` of the version on
    /// screen, if it is new or changed.
    pub fn mark(&self, section: usize, item: usize) -> Option<Mark> {
        self.diff
            .item_in_new(ItemAt { section, item })
            .map(|i| match i.status {
                Status::Added => Mark::New,
                _ => Mark::Changed,
            })
    }

    /// The items added or changed, in reading order: where the next and
    /// previous change keys go.
    pub fn targets(&self) -> Vec<ItemAt> {
        let mut out: Vec<ItemAt> = self
            .diff
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| i.status != Status::Removed)
            .filter_map(|i| i.new)
            .collect();
        out.sort_by_key(|at| (at.section, at.item));
        out.dedup();
        out
    }
}

/// What a row of the view is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A section's title.
    Heading,
    /// An item (or a change of the briefing's own fields): selectable; its
    /// place in the version on screen, when it is still there.
    Entry(Option<Target>),
    /// What changed, or a removed item's text, under an entry.
    Detail,
}

/// One row, before it is wrapped to the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    text: String,
    kind: Kind,
}

/// The Changes view's state: its rows and the selected entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    rows: Vec<Row>,
    /// Indexes of the selectable rows.
    entries: Vec<usize>,
    /// The selected entry (an index into `entries`).
    pub selected: usize,
}

impl Changes {
    /// The view of `found`, over `new`, the version on screen; a message
    /// when nothing changed.
    pub fn open(found: &Found, new: &Briefing) -> Result<Changes, String> {
        let diff = &found.diff;
        if diff.is_empty() {
            return Err("nothing changed since you last read this briefing".into());
        }
        let old = found.old.as_ref();
        let mut rows = Vec::new();
        let mut push = |text: String, kind: Kind| rows.push(Row { text, kind });
        let briefing_level = diff.briefing.len() + diff.sources.len() + diff.people.len();
        if briefing_level > 0 {
            push("The briefing".into(), Kind::Heading);
            for c in &diff.briefing {
                push(change_text(c, old, new), Kind::Entry(None));
            }
            for (what, list) in [("source", &diff.sources), ("person", &diff.people)] {
                for e in list {
                    push(
                        format!("{} {what}: {}", sign(e.status), e.name),
                        Kind::Entry(None),
                    );
                    for c in &e.changes {
                        push(change_text(c, old, new), Kind::Detail);
                    }
                }
            }
        }
        for s in &diff.sections {
            let state = match s.status {
                Status::Added => " (new section)",
                Status::Removed => " (removed section)",
                Status::Changed => "",
            };
            push(format!("{}{state}", s.title), Kind::Heading);
            if s.status == Status::Added && s.items.is_empty() {
                let target = s.new.map(|section| Target {
                    section,
                    item: None,
                });
                push("+ new section".into(), Kind::Entry(target));
            }
            for c in &s.changes {
                push(change_text(c, old, new), Kind::Detail);
            }
            for i in &s.items {
                let word = match i.status {
                    Status::Added => "+ new",
                    Status::Changed => "~ changed",
                    Status::Removed => "− removed",
                };
                let target = i.new.map(|at| Target {
                    section: at.section,
                    item: Some(at.item),
                });
                push(format!("{word} {}", i.title), Kind::Entry(target));
                for c in &i.changes {
                    push(change_text(c, old, new), Kind::Detail);
                }
                // A removed item stays readable: its text as it was.
                if i.status == Status::Removed
                    && let Some(at) = i.old
                    && let Some(item) = old
                        .sections
                        .get(at.section)
                        .and_then(|s| s.items.get(at.item))
                {
                    for (label, value) in [
                        ("status", item.status.as_ref().map(|s| s.to_string())),
                        ("when", item.when.as_ref().map(crate::diff::when_text)),
                    ] {
                        if let Some(v) = value {
                            push(format!("{label}: {v}"), Kind::Detail);
                        }
                    }
                    if let Some(body) = &item.body {
                        for p in crate::layout::doc::paragraphs(body.as_str()) {
                            push(p, Kind::Detail);
                        }
                    }
                }
            }
        }
        let entries = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.kind, Kind::Entry(_)))
            .map(|(k, _)| k)
            .collect();
        Ok(Changes {
            rows,
            entries,
            selected: 0,
        })
    }

    /// A key in the view: move between entries, choose one (the root shows
    /// its item), or close.
    pub fn update(&mut self, action: Option<Action>, page: usize) -> Outcome {
        match action {
            Some(Action::Choose) => match self.target() {
                Some(Some(t)) => Outcome::GotoTarget(t),
                Some(None) => Outcome::Message("this change has no item to show".into()),
                None => Outcome::Done,
            },
            Some(Action::Close | Action::Quit | Action::Changes) => Outcome::Close,
            Some(a) => {
                self.selected = move_selection(self.selected, self.entries.len(), a, page);
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    /// Where the selected entry leads: `Some(None)` for a removed item or
    /// a change of the briefing's own fields.
    fn target(&self) -> Option<Option<Target>> {
        let row = self.rows.get(*self.entries.get(self.selected)?)?;
        match row.kind {
            Kind::Entry(t) => Some(t),
            _ => None,
        }
    }

    /// Draws the view over most of the screen, rows wrapped to its width,
    /// the selected entry in view.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, area: Rect) {
        // Below the header and above the status line, which stay in view:
        // a banner of a file that fails to load, a message.
        let below = HEADER_ROWS.saturating_sub(1);
        let body = Rect::new(
            area.x,
            area.y.saturating_add(below),
            area.width,
            area.height.saturating_sub(below + FOOTER_ROWS),
        );
        let rect = centered(
            body,
            body.width.saturating_sub(4).max(10),
            body.height.max(3),
        );
        let inner_w = usize::from(rect.width.saturating_sub(2)).max(8);
        let inner_h = usize::from(rect.height.saturating_sub(2)).max(1);
        let selected_row = self.entries.get(self.selected).copied();
        let mut lines: Vec<TLine> = Vec::new();
        let mut selected_line = 0;
        for (k, row) in self.rows.iter().enumerate() {
            let (indent, style) = match row.kind {
                Kind::Heading => (1, theme.roles.title.add_modifier(Modifier::BOLD)),
                Kind::Entry(_) if Some(k) == selected_row => (2, theme.selection),
                Kind::Entry(_) => (2, theme.roles.item_title),
                Kind::Detail => (6, Style::new()),
            };
            if row.kind == Kind::Heading && k > 0 {
                lines.push(TLine::default());
            }
            if Some(k) == selected_row {
                selected_line = lines.len();
            }
            let room = inner_w.saturating_sub(indent + 1).max(4);
            for piece in wrap(&row.text, room) {
                let text = format!("{}{piece}", " ".repeat(indent));
                lines.push(TLine::from(Span::styled(text, style)));
            }
        }
        let max_top = lines.len().saturating_sub(inner_h);
        let top = selected_line.saturating_sub(inner_h / 3).min(max_top);
        let shown: Vec<TLine> = lines.into_iter().skip(top).take(inner_h).collect();
        let n = self.entries.len();
        let title = format!(" Changes since you last read · {} ", counted(n));
        overlay_box(
            frame,
            rect,
            shown,
            abbreviate(&title, inner_w),
            theme.border,
        );
    }
}

fn counted(n: usize) -> String {
    crate::briefing::text::counted(n, "entry", "entries")
}

/// The sign of an entry added, removed or changed.
fn sign(s: Status) -> &'static str {
    match s {
        Status::Added => "+",
        Status::Removed => "−",
        Status::Changed => "~",
    }
}

/// Cuts `text` into lines of at most `room` columns at spaces; a word
/// longer than a line is cut short.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = width(&line) + usize::from(!line.is_empty()) + width(word);
        if !line.is_empty() && needed > room {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if width(&line) > room {
            out.push(abbreviate(&line, room));
            line.clear();
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> Changes {
        let rows = vec![
            Row {
                text: "Agenda".into(),
                kind: Kind::Heading,
            },
            Row {
                text: "+ new  Visit".into(),
                kind: Kind::Entry(Some(Target {
                    section: 0,
                    item: Some(3),
                })),
            },
            Row {
                text: "status: planned → completed".into(),
                kind: Kind::Detail,
            },
            Row {
                text: "− removed  Dinner".into(),
                kind: Kind::Entry(None),
            },
        ];
        Changes {
            rows,
            entries: vec![1, 3],
            selected: 0,
        }
    }

    #[test]
    fn enter_goes_to_the_item_and_keys_move_between_entries() {
        let mut c = view();
        assert_eq!(
            c.update(Some(Action::Choose), 5),
            Outcome::GotoTarget(Target {
                section: 0,
                item: Some(3)
            })
        );
        assert_eq!(c.update(Some(Action::LineDown), 5), Outcome::Done);
        assert_eq!(c.selected, 1, "the detail row is skipped");
        c.update(Some(Action::LineDown), 5);
        assert_eq!(c.selected, 1, "not past the last entry");
        assert!(matches!(
            c.update(Some(Action::Choose), 5),
            Outcome::Message(_)
        ));
        c.update(Some(Action::Top), 5);
        assert_eq!(c.selected, 0);
    }

    #[test]
    fn esc_q_and_c_close() {
        let mut c = view();
        assert_eq!(c.update(Some(Action::Close), 5), Outcome::Close);
        assert_eq!(c.update(Some(Action::Quit), 5), Outcome::Close);
        assert_eq!(c.update(Some(Action::Changes), 5), Outcome::Close);
        assert_eq!(c.update(None, 5), Outcome::Done);
    }

    #[test]
    fn wrapping_keeps_words_whole_within_the_room() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("", 7), vec![""]);
        assert!(wrap("abcdefghijkl", 5).iter().all(|l| width(l) <= 5));
    }
}
