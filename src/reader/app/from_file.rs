//! What the briefing's file brings to the root: the whole of a large file
//! whose first part is open, the file read again, and what changed in it.

use super::*;

impl App {
    /// The whole of the briefing whose first part is open: it replaces the
    /// part where the reader is (at the saved position, when the user has
    /// not moved since), and what was asked for meanwhile is done; or its
    /// problems are shown over the screen.
    pub(super) fn rest_loaded(&mut self, entry: Entry) -> Option<Effect> {
        let g = self.geometry();
        let generated = self.settings.generated_tabs;
        let (Some(rest), Some(r)) = (self.rest.as_ref(), self.reading.as_mut()) else {
            return None;
        };
        if r.briefing.path != entry.path {
            return None;
        }
        let rest = rest.clone();
        self.rest = None;
        if self.message.as_deref() == Some(READING_REST) {
            self.message = None;
        }
        self.picker.replace(&entry);
        match &entry.result {
            Ok(b) => {
                *r = r.reloaded(Arc::clone(b), entry.content_hash, generated, g);
                if let (Some(saved), false) = (&rest.resume, rest.moved) {
                    r.restore(saved, g);
                }
                self.find(false);
                if let Some(action) = rest.then {
                    return self.act(action);
                }
            }
            Err(report) => {
                let quit = self
                    .settings
                    .keys
                    .keys_in(Action::Quit, Context::List)
                    .first()
                    .map_or_else(|| "Ctrl-c".to_string(), ToString::to_string);
                self.search = None;
                self.overlay = Some(Overlay::Problems(Problems::new(Arc::clone(report), quit)));
            }
        }
        None
    }

    /// A newer version of the open briefing's file: show it where the reader
    /// was, or keep the last good version and show a banner.
    pub(super) fn reloaded(&mut self, entry: Entry) {
        self.picker.replace(&entry);
        let g = self.geometry();
        let generated = self.settings.generated_tabs;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if r.briefing.path != entry.path {
            return;
        }
        match entry.briefing() {
            None => {
                // The path is on screen already: the banner names the place
                // and the problem.
                let full = display_path(&entry.path);
                let name = entry
                    .path
                    .file_name()
                    .map(|n| display_path(Path::new(n)))
                    .unwrap_or_default();
                r.banner = Some(
                    entry
                        .headline()
                        .map(|h| h.replacen(&full, &name, 1))
                        .unwrap_or_else(|| "the file has errors".to_string()),
                );
            }
            Some(b) => {
                *r = r.reloaded(Arc::clone(b), entry.content_hash, generated, g);
                // The whole file was read again: a first part's rest, still
                // on its way, is older.
                self.rest = None;
                self.find(false);
                self.message = Some("reloaded".into());
            }
        }
    }

    /// What changed since the open briefing was last read: its items are
    /// marked and the Changes view opens; after a reload while reading, the
    /// view behind it goes to the first change. Nothing changed: the marks
    /// are cleared.
    pub(super) fn changes_found(&mut self, found: Arc<Found>) {
        let g = self.geometry();
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if r.briefing.path != found.path {
            return;
        }
        if found.diff.is_empty() {
            r.changes = None;
            if matches!(self.overlay, Some(Overlay::Changes(_))) {
                self.overlay = None;
            }
            return;
        }
        if !found.news {
            r.changes = Some(found);
            return;
        }
        if found.live
            && let Some(first) = found.targets().first()
        {
            r.goto_target(
                Target {
                    section: first.section,
                    item: Some(first.item),
                },
                g,
            );
        }
        if let Ok(c) = Changes::open(&found, &r.briefing) {
            self.overlay = Some(Overlay::Changes(c));
        }
        self.message = Some(format!(
            "changed since you last read: {}",
            found.diff.counts().summary()
        ));
        r.changes = Some(found);
    }
}
