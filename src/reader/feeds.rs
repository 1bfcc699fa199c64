//! What the event loop watches besides the terminal: the library's
//! librarian, changes of the open briefing's file, the saved reading
//! positions, and the snapshots of what was last read (whose comparison
//! with the file on screen is done here, not in the reader's update: it
//! reads files).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};

use super::app::{App, Screen};
use super::changes::Found;
use super::librarian::Librarian;
use super::msg::Msg;
use super::watch::Watcher;
use crate::briefing::first::{Shown, load_first};
use crate::briefing::{Briefing, LoadOptions, load_str};
use crate::library::{self, Entry};
use crate::state::{Compared, SavedPosition, Snapshots, Store, content_hash, content_hash_of_file};

/// The position of the open briefing, shared with the watchdog that saves
/// it when the terminal dies.
pub type Shared = Arc<Mutex<Option<(PathBuf, SavedPosition)>>>;

/// The whole of a large briefing, being loaded in the background while its
/// first part shows (see [`first_part`]).
#[derive(Debug)]
pub struct Background {
    /// Where it comes when loaded.
    pub whole: Receiver<Entry>,
    /// Dropped once the first frame is drawn: the load waits for that, so
    /// that the first frame has the cores to itself.
    pub start: Option<Sender<()>>,
}

impl Background {
    /// The first frame is drawn: the load may start.
    pub fn drawn(&mut self) {
        self.start = None;
    }
}

/// The background sources of messages.
#[derive(Default)]
pub struct Feeds {
    /// The library's index, which lists the picker's rows, loads their
    /// files and answers its searches.
    pub librarian: Option<Librarian>,
    /// The whole of a large briefing whose first part is open.
    pub rest: Option<Background>,
    /// Changes of the open briefing's file.
    watch: Option<(Watcher, Receiver<()>)>,
    /// Whether to watch the open briefing's file for changes.
    pub watching: bool,
    /// Saved reading positions.
    pub store: Option<Store>,
    /// The last known position of the open briefing (saved when leaving it).
    pub position: Shared,
    /// The texts last read of briefings; `None`: changes are not tracked.
    pub snapshots: Option<Snapshots>,
    /// The text of the open briefing as on screen.
    shown: Option<OnScreen>,
}

/// The briefing on screen, whose text is to become its snapshot once read.
/// Only its content hash is kept: the text is read again from the file
/// when saved, and saved only if it is still the text shown.
struct OnScreen {
    path: PathBuf,
    hash: u64,
    /// Changes were shown that the snapshot does not hold yet.
    unread: bool,
}

impl Feeds {
    /// Feeds watching the open briefing's file when `watching`, and
    /// saving positions in `store`.
    pub fn new(watching: bool, store: Option<Store>) -> Feeds {
        Feeds {
            watching,
            store,
            ..Feeds::default()
        }
    }

    /// Messages that arrived from the background, without waiting: files
    /// loaded, and the open briefing read again when its file changed.
    pub fn drain(&mut self, opts: &LoadOptions, app: &App) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(librarian) = &self.librarian {
            match librarian.answers() {
                Some(answers) => out.extend(answers),
                None => {
                    self.librarian = None;
                    out.push(Msg::Message(
                        "the library's index stopped: files are no longer listed or searched"
                            .into(),
                    ));
                }
            }
        }
        let whole = match self.rest.as_ref().map(|rest| rest.whole.try_recv()) {
            Some(Ok(entry)) => {
                self.rest = None;
                Some(entry)
            }
            Some(Err(TryRecvError::Disconnected)) => {
                // The loading thread ended without a word (it panicked):
                // the file is read again, whole, here.
                self.rest = None;
                app.reading
                    .as_ref()
                    .map(|r| library::load_entry(&r.briefing.path, opts))
            }
            Some(Err(TryRecvError::Empty)) | None => None,
        };
        if let Some(entry) = whole {
            // What changed is known once the whole file is: the first part
            // alone would show every item after it as removed.
            let changes = entry
                .briefing()
                .and_then(|b| self.changes(&entry.path, b, entry.content_hash, opts, false));
            out.push(Msg::Rest(Box::new(entry)));
            out.extend(changes);
        }
        if let Some((_, rx)) = &self.watch {
            let mut changed = false;
            while rx.try_recv().is_ok() {
                changed = true;
            }
            if changed && let Some(r) = &app.reading {
                let path = r.briefing.path.clone();
                out.extend(self.reload(&path, opts));
            }
        }
        out
    }

    /// The open briefing's file read again, and what changed in it since
    /// it was last read.
    pub fn reload(&mut self, path: &Path, opts: &LoadOptions) -> Vec<Msg> {
        let entry = library::load_entry(path, opts);
        let changes = entry
            .briefing()
            .and_then(|b| self.changes(path, b, entry.content_hash, opts, true));
        let mut out = vec![Msg::Reloaded(Box::new(entry))];
        out.extend(changes);
        out
    }

    /// Compares the briefing on screen (`new`, loaded from bytes of hash
    /// `hash`) with its snapshot. Without a snapshot (or with one that is
    /// damaged or no longer loads) the text on screen becomes the snapshot
    /// and nothing is reported; with one that differs, its old version is
    /// loaded with the same options and compared.
    fn changes(
        &mut self,
        path: &Path,
        new: &Arc<Briefing>,
        hash: Option<u64>,
        opts: &LoadOptions,
        live: bool,
    ) -> Option<Msg> {
        let snapshots = self.snapshots.as_ref()?;
        let hash = match hash {
            Some(hash) => hash,
            None => content_hash_of_file(path).ok()?,
        };
        // An unchanged briefing (the usual case) is recognised by its hash
        // alone: neither its text nor the snapshot's is held in memory,
        // and the old version is loaded only when it differs.
        let old = match snapshots.compare(path, hash) {
            Compared::None => None,
            Compared::Same => Some(None),
            Compared::Other => match snapshots.load(path) {
                Some(old) if content_hash(old.as_bytes()) == hash => {
                    // A snapshot from before hashes were kept: written
                    // again with one, so that the next open needs no copy.
                    let _ = snapshots.save(path, &old);
                    Some(None)
                }
                Some(old) => load_str(path, &old, opts).ok().map(|l| Some(l.briefing)),
                None => None,
            },
        };
        let on_screen = self.shown.as_ref().filter(|s| s.path == path);
        let unread = on_screen.is_some_and(|s| s.unread);
        let news = !live || on_screen.is_none_or(|s| s.hash != hash);
        let found = match old {
            None => {
                // A failure to record it only means no changes next time.
                let _ = save_if_shown(snapshots, path, hash);
                None
            }
            Some(None) => Some(Found {
                path: path.to_path_buf(),
                old: Arc::clone(new),
                diff: crate::diff::Diff::default(),
                live,
                news,
            }),
            Some(Some(old)) => Some(Found {
                path: path.to_path_buf(),
                diff: crate::diff::diff(&old, new),
                old: Arc::new(old),
                live,
                news,
            }),
        };
        let changed = found.as_ref().is_some_and(|f| !f.diff.is_empty());
        self.shown = Some(OnScreen {
            path: path.to_path_buf(),
            hash,
            unread: unread || changed,
        });
        found.map(|f| Msg::Changes(Arc::new(f)))
    }

    /// Once the reader has left a briefing whose changes it showed (back
    /// to the picker, another briefing, or `quitting`), the text it showed
    /// becomes the snapshot: those changes are read.
    pub fn leave(&mut self, app: &App, quitting: bool) {
        let Some(shown) = self.shown.as_mut() else {
            return;
        };
        let still_reading = app.screen == Screen::Reading
            && app
                .reading
                .as_ref()
                .is_some_and(|r| r.briefing.path == shown.path);
        if shown.unread
            && (quitting || !still_reading)
            && let Some(snapshots) = &self.snapshots
            && save_if_shown(snapshots, &shown.path, shown.hash).is_ok()
        {
            shown.unread = false;
        }
    }

    /// Marks the open briefing as read: the text on screen becomes its
    /// snapshot. The message says what happened.
    pub fn mark_read(&mut self, path: &Path) -> String {
        let (Some(snapshots), Some(shown)) = (&self.snapshots, self.shown.as_mut()) else {
            return "marked as read".into();
        };
        if shown.path != path {
            return "marked as read".into();
        }
        match save_if_shown(snapshots, path, shown.hash) {
            Ok(()) => {
                shown.unread = false;
                "everything marked as read: changes are counted from now".into()
            }
            Err(e) => format!("could not mark as read: {e}"),
        }
    }

    /// Saves the position of the briefing being left, when the open one changed.
    pub fn track(&mut self, app: &App) {
        let Some(now) = app.position() else {
            return;
        };
        let left = self
            .position
            .lock()
            .is_ok_and(|p| p.as_ref().is_some_and(|(old, _)| *old != now.0));
        if left {
            // Leaving one briefing for another: a failure to save its place
            // is not worth interrupting the reader (the final save reports).
            let _ = self.save();
        }
        if let Ok(mut p) = self.position.lock() {
            *p = Some(now);
        }
    }

    /// Saves the last known position.
    pub fn save(&self) -> io::Result<()> {
        save_position(self.store.as_ref(), &self.position)
    }

    /// A briefing was opened: watch its file, restore its saved position,
    /// and show what changed since it was last read.
    pub fn opened(&mut self, path: &Path, app: &mut App, opts: &LoadOptions) {
        self.watch = None;
        if self.watching {
            let (tx, rx) = mpsc::channel();
            match Watcher::new(path, tx) {
                Ok(w) => self.watch = Some((w, rx)),
                Err(e) => {
                    app.update(Msg::Message(format!(
                        "not watching the file for changes: {e}"
                    )));
                }
            }
        }
        if let Some(store) = &self.store {
            let loaded = store.load(path);
            app.update(Msg::Resume(loaded.position, loaded.notice));
        }
        let shown = app
            .reading
            .as_ref()
            .filter(|r| r.briefing.path == path)
            .map(|r| (Arc::clone(&r.briefing), r.content_hash));
        // A first part on screen waits for the whole file (see `poll`).
        if let Some((b, hash)) = shown
            && self.rest.is_none()
            && let Some(msg) = self.changes(path, &b, hash, opts, false)
        {
            app.update(msg);
        }
    }
}

/// Records the briefing's file as its snapshot if it still holds the text
/// shown (of content hash `hash`); a file changed since is not recorded,
/// since what it now says was not shown.
fn save_if_shown(snapshots: &Snapshots, path: &Path, hash: u64) -> io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    if content_hash(text.as_bytes()) != hash {
        return Err(io::Error::other("the file changed since it was shown"));
    }
    snapshots.save(path, &text)
}

/// Saves a reading position.
pub fn save_position(
    store: Option<&Store>,
    position: &Mutex<Option<(PathBuf, SavedPosition)>>,
) -> io::Result<()> {
    if let (Some(store), Ok(p)) = (store, position.lock())
        && let Some((path, saved)) = p.as_ref()
    {
        store.save(path, saved)?;
    }
    Ok(())
}

/// A large briefing opened in two steps: the entry of its first part (see
/// [`crate::briefing::first`]), to show now, and the whole of it, read,
/// loaded and checked on a thread of its own and sent when done, so that
/// the reader reads keys meanwhile. `text` is the file, or its start when
/// not `whole`. `None` when the first part cannot stand for the file (or
/// no thread can be started): the file is then loaded whole as any other.
pub fn first_part(
    path: &Path,
    text: &str,
    whole: bool,
    opts: &LoadOptions,
    shown: &Shown,
) -> Option<(Entry, Background)> {
    let first = load_first(path, text, whole, opts, shown)?;
    let entry = Entry {
        path: path.to_path_buf(),
        // The hash of the whole file is the thread's to compute: it reads
        // every byte.
        content_hash: None,
        result: Ok(Arc::new(first.briefing)),
    };
    let (tx, rx) = mpsc::channel();
    let (start, started) = mpsc::channel::<()>();
    let (path, opts) = (path.to_path_buf(), opts.clone());
    std::thread::Builder::new()
        .name("brief-rest".into())
        .spawn(move || {
            // Returns when the sender is dropped: after the first frame.
            let _ = started.recv();
            let _ = tx.send(library::load_entry(&path, &opts));
        })
        .ok()?;
    let rest = Background {
        whole: rx,
        start: Some(start),
    };
    Some((entry, rest))
}
