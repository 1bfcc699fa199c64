//! What the event loop watches besides the terminal: files of the library
//! still loading, changes of the open briefing's file, and the saved
//! reading positions.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};

use super::app::App;
use super::msg::Msg;
use super::watch::Watcher;
use crate::briefing::LoadOptions;
use crate::briefing::first::{Shown, load_first};
use crate::library::{self, Entry};
use crate::state::{SavedPosition, Store};

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
    /// Files of the library still loading (the picker fills in as they arrive).
    pub loading: Option<Receiver<(usize, Entry)>>,
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
}

impl Feeds {
    /// Feeds of files still `loading`, watching the open briefing's file
    /// when `watching`, and saving positions in `store`.
    pub fn new(
        loading: Option<Receiver<(usize, Entry)>>,
        watching: bool,
        store: Option<Store>,
    ) -> Feeds {
        Feeds {
            loading,
            watching,
            store,
            ..Feeds::default()
        }
    }

    /// Messages that arrived from the background, without waiting: files
    /// loaded, and the open briefing read again when its file changed.
    pub fn drain(&mut self, opts: &LoadOptions, app: &App) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(rx) = &self.loading {
            loop {
                match rx.try_recv() {
                    Ok((_, entry)) => out.push(Msg::Loaded(Box::new(entry))),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.loading = None;
                        break;
                    }
                }
            }
        }
        if let Some(rest) = &self.rest {
            match rest.whole.try_recv() {
                Ok(entry) => {
                    out.push(Msg::Rest(Box::new(entry)));
                    self.rest = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    // The loading thread ended without a word (it
                    // panicked): the file is read again, whole, here.
                    self.rest = None;
                    if let Some(r) = &app.reading {
                        let entry = library::load_entry(&r.briefing.path, opts);
                        out.push(Msg::Rest(Box::new(entry)));
                    }
                }
            }
        }
        if let Some((_, rx)) = &self.watch {
            let mut changed = false;
            while rx.try_recv().is_ok() {
                changed = true;
            }
            if changed && let Some(r) = &app.reading {
                out.push(reload(&r.briefing.path, opts));
            }
        }
        out
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

    /// A briefing was opened: watch its file and restore its saved position.
    pub fn opened(&mut self, path: &Path, app: &mut App) {
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
    }
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

/// The open briefing's file read again.
pub fn reload(path: &Path, opts: &LoadOptions) -> Msg {
    Msg::Reloaded(Box::new(library::load_entry(path, opts)))
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
