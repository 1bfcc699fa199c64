//! The tags: every tag of the briefing with how many items carry it; choosing
//! one shows only those items, choosing it again shows every item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};

use crate::briefing::Line;
use crate::config::Theme;
use crate::config::action::Action;
use crate::layout::views;

use super::msg::Outcome;
use super::outline::move_selection;
use super::reading::Reading;
use super::widgets::list_box;

/// The tags list's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tags {
    /// Every tag, by name, with the number of items that carry it.
    tags: Vec<(Line, usize)>,
    /// The tag the items are filtered by, if any.
    active: Option<Line>,
    /// The selected row.
    pub selected: usize,
}

impl Tags {
    /// The tags of the open briefing, the active filter selected; a message
    /// when no item has tags.
    pub fn open(r: &Reading) -> Result<Tags, String> {
        let tags = views::tags(&r.briefing);
        if tags.is_empty() {
            return Err("no item of this briefing has tags".into());
        }
        let selected = r
            .filter
            .as_ref()
            .and_then(|f| tags.iter().position(|(t, _)| t == f))
            .unwrap_or(0);
        Ok(Tags {
            tags,
            active: r.filter.clone(),
            selected,
        })
    }

    /// A key in the list: move, choose (the root sets or clears the
    /// filter), or close.
    pub fn update(&mut self, action: Option<Action>, page: usize) -> Outcome {
        match action {
            Some(Action::Choose) => match self.tags.get(self.selected) {
                Some((tag, _)) => Outcome::ToggleTag(tag.clone()),
                None => Outcome::Close,
            },
            Some(Action::Close | Action::Quit | Action::Tags) => Outcome::Close,
            Some(a) => {
                self.selected = move_selection(self.selected, self.tags.len(), a, page);
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    /// Draws the list over the screen; `choose` names the key that sets a filter.
    pub fn draw(&self, frame: &mut Frame, choose: &str, theme: &Theme, area: Rect) {
        let inner_h = usize::from(area.height.saturating_sub(4)).max(1);
        let top = self.selected.saturating_sub(inner_h.saturating_sub(1));
        let lines: Vec<TLine> = self
            .tags
            .iter()
            .enumerate()
            .skip(top)
            .take(inner_h)
            .map(|(i, (tag, count))| {
                let on = self.active.as_deref() == Some(tag.as_str());
                let style = if i == self.selected {
                    theme.selection
                } else {
                    Style::new()
                };
                let mark = if on { "●" } else { " " };
                TLine::from(Span::styled(format!(" {mark} #{tag} ({count}) "), style))
            })
            .collect();
        let title = if choose.is_empty() {
            " Tags ".to_string()
        } else {
            format!(" Tags — {choose}: filter on/off ")
        };
        list_box(frame, area, lines, title, 34, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_tag_asks_for_it_and_keys_move() {
        let mut t = Tags {
            tags: vec![("a".into(), 2), ("b".into(), 1)],
            active: None,
            selected: 0,
        };
        t.update(Some(Action::LineDown), 5);
        assert_eq!(
            t.update(Some(Action::Choose), 5),
            Outcome::ToggleTag("b".into())
        );
        assert_eq!(t.update(Some(Action::Top), 5), Outcome::Done);
        assert_eq!(t.selected, 0);
        assert_eq!(t.update(Some(Action::Tags), 5), Outcome::Close);
    }
}
