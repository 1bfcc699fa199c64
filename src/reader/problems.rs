//! The problems of a large briefing that the check of the whole file found
//! after its first frame was drawn (see [`crate::briefing::first`]): its
//! diagnostics, rendered as `brief check` renders them, over the screen.
//!
//! The first frame showed part of a file that turned out to be broken, so
//! the reader does not go on as if it were whole: the overlay stays until
//! the user quits (and the diagnostics are printed again on the way out).

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line as TLine;

use crate::briefing::Report;
use crate::config::Theme;
use crate::config::action::Action;

use super::msg::{Effect, Outcome};
use super::outline::move_selection;
use super::widgets::{centered, overlay_box};

/// The overlay's state: the report, its lines, and how far they are scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// What the check of the whole file found.
    pub report: Arc<Report>,
    /// The report as `brief check` prints it, one string a line.
    lines: Vec<String>,
    /// First line shown.
    pub scroll: usize,
    /// The key that quits, as bound, for the title.
    quit_key: String,
}

impl Problems {
    /// The overlay of `report`, scrolled to its top; `quit_key` quits.
    pub fn new(report: Arc<Report>, quit_key: String) -> Problems {
        let lines = report.render(false).lines().map(str::to_string).collect();
        Problems {
            report,
            lines,
            scroll: 0,
            quit_key,
        }
    }

    /// Its lines, as drawn.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// A key (its action in a list) on a screen of `area`: the movement keys
    /// scroll; closing quits, since there is nothing sound to go back to.
    pub fn update(&mut self, action: Option<Action>, area: Rect) -> Outcome {
        match action {
            Some(Action::Close | Action::Quit | Action::Choose) => Outcome::Effect(Effect::Quit),
            Some(Action::Suspend) => Outcome::Effect(Effect::Suspend),
            Some(a) => {
                let avail = Self::rows(area);
                let max = self.lines.len().saturating_sub(avail);
                self.scroll = move_selection(self.scroll, max + 1, a, avail);
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    /// Lines shown at once on a screen of `area`.
    fn rows(area: Rect) -> usize {
        usize::from(area.height.saturating_sub(4)).max(1)
    }

    /// Draws the diagnostics over the screen.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, area: Rect) {
        let avail = Self::rows(area);
        let top = self.scroll.min(self.lines.len().saturating_sub(avail));
        let lines: Vec<TLine> = self
            .lines
            .iter()
            .skip(top)
            .take(avail)
            .map(|l| TLine::from(l.as_str()))
            .collect();
        let rect = centered(
            area,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        let title = format!(" This file has errors — {} to quit ", self.quit_key);
        overlay_box(frame, rect, lines, title, theme.error);
    }
}
