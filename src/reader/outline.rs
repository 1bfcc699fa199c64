//! The outline: the items of the section on screen, to jump to one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};

use crate::config::Theme;
use crate::config::action::Action;
use crate::layout::{abbreviate, width};

use super::msg::Outcome;
use super::reading::{Page, Reading};
use super::widgets::list_box;

/// The outline's state: its rows and which is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The section's title.
    title: String,
    /// Each row: the item's index in its section, and its title.
    rows: Vec<(usize, String)>,
    /// The selected row.
    pub selected: usize,
}

impl Outline {
    /// The outline of the items shown on screen, the one at the top (or
    /// the last above it) selected; a message when there is none to list.
    pub fn open(r: &Reading) -> Result<Outline, String> {
        let Page::Section(s) = r.page() else {
            return Err("the outline lists a section's items".into());
        };
        let section = &r.briefing.sections[s];
        let items = r.outline();
        if items.is_empty() {
            return Err("no items are shown here".into());
        }
        let current = r.current_item().unwrap_or(0);
        let selected = items.iter().rposition(|&i| i <= current).unwrap_or(0);
        Ok(Outline {
            title: section.title.to_string(),
            rows: items
                .into_iter()
                .map(|i| (i, section.items[i].title.to_string()))
                .collect(),
            selected,
        })
    }

    /// A key in the outline: move, choose (the root scrolls to the item),
    /// or close. `page` is how many rows a page key moves.
    pub fn update(&mut self, action: Option<Action>, page: usize) -> Outcome {
        match action {
            Some(Action::Choose) => match self.rows.get(self.selected) {
                Some(&(item, _)) => Outcome::GotoItem(item),
                None => Outcome::Close,
            },
            Some(Action::Close | Action::Quit | Action::Outline) => Outcome::Close,
            Some(a) => {
                self.selected = move_selection(self.selected, self.rows.len(), a, page);
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    /// Draws the outline over the screen.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, area: Rect) {
        let inner_h = usize::from(area.height.saturating_sub(4)).max(1);
        let max_w = usize::from(area.width.saturating_sub(6)).max(8);
        let top = self.selected.saturating_sub(inner_h.saturating_sub(1));
        let lines: Vec<TLine> = self
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(inner_h)
            .map(|(row, (i, title))| {
                let style = if row == self.selected {
                    theme.selection
                } else {
                    Style::new()
                };
                let label = format!(" {:>2}. {title} ", i + 1);
                TLine::from(Span::styled(abbreviate(&label, max_w), style))
            })
            .collect();
        let title = format!(" Outline: {} ", self.title);
        let min_w = u16::try_from(width(&title) + 2).unwrap_or(u16::MAX);
        list_box(frame, area, lines, title, min_w, theme);
    }
}

/// A list's selection after a moving key: by a row, half a page, a page,
/// or to an end; within `len` rows.
pub fn move_selection(selected: usize, len: usize, action: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::LineDown => (selected + 1).min(last),
        Action::LineUp => selected.saturating_sub(1),
        Action::HalfPageDown => (selected + (page / 2).max(1)).min(last),
        Action::HalfPageUp => selected.saturating_sub((page / 2).max(1)),
        Action::PageDown => (selected + page.max(1)).min(last),
        Action::PageUp => selected.saturating_sub(page.max(1)),
        Action::Top => 0,
        Action::Bottom => last,
        _ => selected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(n: usize) -> Outline {
        Outline {
            title: "S".into(),
            rows: (0..n).map(|i| (i * 2, format!("item {i}"))).collect(),
            selected: 0,
        }
    }

    #[test]
    fn keys_move_the_selection_and_enter_chooses_its_item() {
        let mut o = outline(10);
        assert_eq!(o.update(Some(Action::LineDown), 4), Outcome::Done);
        assert_eq!(o.selected, 1);
        o.update(Some(Action::PageDown), 4);
        assert_eq!(o.selected, 5);
        o.update(Some(Action::Bottom), 4);
        assert_eq!(o.selected, 9);
        o.update(Some(Action::LineDown), 4);
        assert_eq!(o.selected, 9, "not past the last row");
        assert_eq!(o.update(Some(Action::Choose), 4), Outcome::GotoItem(18));
        assert_eq!(o.update(Some(Action::Outline), 4), Outcome::Close);
        assert_eq!(o.update(Some(Action::Quit), 4), Outcome::Close);
    }
}
