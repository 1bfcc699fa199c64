//! Links on screen: selecting one, following it, and coming back, like a
//! browser's history.
//!
//! The selection is a line of the layout on screen (kept in its pane, and
//! forgotten when the layout changes); the history is the links' own.

use crate::layout::panes::Pane;
use crate::layout::{SectionLayout, Target};

use super::reading::Visit;

/// The places left by following links, most recent last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    history: Vec<Visit>,
}

/// The first line of every link in a layout between lines `from` and `to`:
/// a line with a target whose previous line is not part of the same link.
fn link_starts(layout: &SectionLayout, from: usize, to: usize) -> Vec<usize> {
    let to = to.min(layout.lines.len());
    (from..to)
        .filter(|&n| {
            let t = layout.lines.line(n).target;
            t.is_some() && (n == 0 || layout.lines.line(n - 1).target != t)
        })
        .collect()
}

impl Links {
    /// Selects the next (or previous) link of the `height` rows on screen,
    /// wrapping within the screen; an error says there is none.
    pub fn select(pane: &mut Pane, height: usize, forward: bool) -> Result<(), &'static str> {
        let top = pane.top;
        let Some(layout) = pane.layout.as_ref() else {
            return Err("no link on screen");
        };
        let visible = link_starts(layout, top, top.saturating_add(height));
        let (Some(&first), Some(&last)) = (visible.first(), visible.last()) else {
            return Err("no link on screen");
        };
        let focus = pane.focus.filter(|f| visible.contains(f));
        pane.focus = Some(match (focus, forward) {
            (None, true) => first,
            (None, false) => last,
            (Some(f), true) => visible.iter().copied().find(|&l| l > f).unwrap_or(first),
            (Some(f), false) => visible
                .iter()
                .rev()
                .copied()
                .find(|&l| l < f)
                .unwrap_or(last),
        });
        Ok(())
    }

    /// Where the selected link on screen leads, if one is selected.
    pub fn target(pane: &Pane, height: usize) -> Option<Target> {
        let top = pane.top;
        let focus = pane
            .focus
            .filter(|&f| f >= top && f < top.saturating_add(height))?;
        pane.layout.as_ref()?.lines.get(focus)?.target
    }

    /// Remembers where a followed link left from.
    pub fn push(&mut self, from: Visit) {
        self.history.push(from);
    }

    /// The place to go back to, if any.
    pub fn back(&mut self) -> Option<Visit> {
        self.history.pop()
    }

    /// Forgets every place (the layouts changed: a tag filter).
    pub fn clear(&mut self) {
        self.history.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Lines, Role};

    fn pane() -> Pane {
        let mut lines = Lines::default();
        let t = |s| {
            Some(Target {
                section: s,
                item: None,
            })
        };
        lines.push_line("text", Role::Body, None, None);
        lines.push_line("→ one", Role::Link, None, t(1));
        lines.push_line("  goes on", Role::Link, None, t(1));
        lines.push_line("→ two", Role::Link, None, t(2));
        lines.push_line("text", Role::Body, None, None);
        Pane {
            layout: Some(SectionLayout::from_lines(lines, 0, 20)),
            ..Pane::default()
        }
    }

    #[test]
    fn links_are_selected_in_turn_and_wrap_within_the_screen() {
        let mut p = pane();
        Links::select(&mut p, 10, true).unwrap();
        assert_eq!(p.focus, Some(1));
        Links::select(&mut p, 10, true).unwrap();
        assert_eq!(
            p.focus,
            Some(3),
            "a link's second line is not a link of its own"
        );
        Links::select(&mut p, 10, true).unwrap();
        assert_eq!(p.focus, Some(1));
        Links::select(&mut p, 10, false).unwrap();
        assert_eq!(p.focus, Some(3));
        assert_eq!(Links::target(&p, 10).map(|t| t.section), Some(2));
        // Off screen, the selection does not count.
        assert_eq!(Links::target(&p, 2), None);
        p.top = 4;
        assert!(Links::select(&mut p, 1, true).is_err());
    }

    #[test]
    fn back_returns_the_places_left_in_turn() {
        let mut links = Links::default();
        let at = |tab| Visit {
            tab,
            figures: false,
            top: 0,
            focus: None,
        };
        links.push(at(1));
        links.push(at(2));
        assert_eq!(links.back(), Some(at(2)));
        assert_eq!(links.back(), Some(at(1)));
        assert_eq!(links.back(), None);
    }
}
