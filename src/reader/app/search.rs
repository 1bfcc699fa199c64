//! The root's part in search: keys at the search prompt, finding the query
//! in every tab, and showing a place the library search found.

use super::*;

impl App {
    /// A key at the search prompt.
    pub(super) fn prompt(&mut self, key: Key, action: Option<Action>) -> Option<Effect> {
        let search = self.search.as_mut()?;
        match search.edit(key, action) {
            Edit::Changed => self.find(true),
            Edit::Confirmed => {
                if search.query.is_empty() {
                    self.search = None;
                } else if search.matches.is_empty() {
                    self.message = Some(format!("no match for “{}”", search.query));
                }
            }
            Edit::Cancelled => {
                let (tab, top) = search.origin;
                self.search = None;
                let g = self.geometry();
                if let Some(r) = self.reading.as_mut() {
                    r.tab = tab.min(r.pages.len() - 1);
                    r.pane_mut().top = top;
                    r.ensure_current(g);
                }
            }
            Edit::Suspend => return Some(Effect::Suspend),
            Edit::Nothing => {}
        }
        None
    }

    /// Finds the search's query again in every tab; with `jump`, shows the
    /// first match at or after where the search started (or, with none,
    /// goes back there).
    pub(super) fn find(&mut self, jump: bool) {
        let g = self.geometry();
        let (Some(search), Some(r)) = (self.search.as_mut(), self.reading.as_mut()) else {
            return;
        };
        let (src, panes) = r.parts();
        search.find(src, panes, g.text_width);
        if !jump {
            r.clamp(g.body_height);
            return;
        }
        search.jump(&r.panes);
        match search.current_place(&r.panes) {
            Some(m) => r.show_line(m.section, m.line, g),
            None => {
                // Back where the search started (a resize since may have
                // shortened the text).
                let (tab, top) = search.origin;
                r.tab = tab.min(r.pages.len() - 1);
                r.pane_mut().top = top;
                r.clamp(g.body_height);
            }
        }
    }

    /// Shows a place found by the library search, with its words
    /// highlighted: its tab, at its item, person or source.
    pub(super) fn show_hit(&mut self, hit: &Hit) {
        use library::Place as P;
        let g = self.geometry();
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let entry_of = |r: &Reading, page: Page| r.pages.iter().position(|p| *p == page);
        match hit.place {
            P::Item { section, item } => {
                r.goto_target(
                    Target {
                        section,
                        item: Some(item),
                    },
                    g,
                );
            }
            P::Section { section } => {
                if let Some(tab) = entry_of(r, Page::Section(section)) {
                    r.goto_tab(tab, g);
                }
            }
            P::Person { person: entry } | P::Source { source: entry } => {
                let page = if matches!(hit.place, P::Person { .. }) {
                    Page::People
                } else {
                    Page::Sources
                };
                // The first section when the page is not shown (generated
                // tabs turned off).
                let tab = entry_of(r, page).unwrap_or(0);
                r.goto_tab(tab, g);
                if tab != 0 {
                    r.goto_item(entry, g);
                }
            }
            P::Briefing => r.goto_tab(0, g),
        }
        self.search = Some(Search::of(&self.picker.query, (r.tab, r.scroll())));
        self.find(true);
    }
}
