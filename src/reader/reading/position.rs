//! The reading position: where the reader is, to save; going back to a
//! saved one, even in a changed briefing; and a new version of the
//! briefing opened at the same place.

use super::*;

impl Reading {
    /// Where the briefing is being read, to save: the tab (and section id),
    /// the item at the top (by id where it has one), and how far into it.
    pub fn saved_position(&self) -> Option<SavedPosition> {
        let section_id = match self.page() {
            Page::Section(s) => self.briefing.sections[s].id.clone(),
            _ => String::new(),
        };
        let layout = self.layout()?;
        let item = match self.page() {
            Page::Section(_) if !self.showing_figures() => layout.item_at(self.scroll()),
            _ => None,
        };
        let line_offset = match item.and_then(|i| layout.item_starts[i]) {
            Some(start) => self.scroll() - start,
            None => self.scroll(),
        };
        let item_id = match (self.page(), item) {
            (Page::Section(s), Some(i)) => self.briefing.sections[s].items[i].id.clone(),
            _ => None,
        };
        Some(SavedPosition {
            tab: self.tab,
            section_id,
            item_id,
            item_index: item,
            line_offset,
            content_hash: self.content_hash.unwrap_or(0),
        })
    }

    /// Goes to a saved position. When the briefing changed since, it goes
    /// to the same section and item (by id) if they still exist.
    pub fn restore(&mut self, saved: &SavedPosition, g: Geometry) {
        let same = self.content_hash.unwrap_or(0) == saved.content_hash;
        let b = Arc::clone(&self.briefing);
        let by_id = b
            .sections
            .iter()
            .position(|s| !saved.section_id.is_empty() && s.id == saved.section_id);
        let tab = match by_id {
            Some(s) => s,
            None if saved.section_id.is_empty() || same => saved.tab.min(self.pages.len() - 1),
            None => 0,
        };
        self.tab = tab;
        self.ensure(tab, View::Text, g.text_width, false);
        let item = match (self.page(), &saved.item_id) {
            (Page::Section(s), Some(id)) => b.sections[s]
                .items
                .iter()
                .position(|i| i.id.as_deref() == Some(id.as_str())),
            (Page::Section(_), None) if same => saved.item_index,
            _ => None,
        };
        let start = item.and_then(|i| {
            self.layout()
                .and_then(|l| l.item_starts.get(i).copied().flatten())
        });
        self.pane_mut().top = match (start, same) {
            (Some(start), true) => start + saved.line_offset,
            (Some(start), false) => start,
            (None, true) => saved.line_offset,
            (None, false) => 0,
        };
        self.clamp(g.body_height);
    }

    /// A newer version of the briefing, at the same place: the same tab and
    /// item (by id where it has one), the same number of lines into it, and
    /// the tag filter when the new version still has the tag.
    pub fn reloaded(
        &self,
        briefing: Arc<Briefing>,
        content_hash: Option<u64>,
        generated: bool,
        g: Geometry,
    ) -> Reading {
        let mut fresh = Reading::new(briefing, content_hash, generated, self.panes.steps());
        fresh.filter = self
            .filter
            .clone()
            .filter(|t| views::tags(&fresh.briefing).iter().any(|(x, _)| x == t));
        if let Some(mut saved) = self.saved_position() {
            saved.content_hash = content_hash.unwrap_or(0);
            fresh.restore(&saved, g);
        } else {
            fresh.ensure_current(g);
        }
        fresh
    }
}
