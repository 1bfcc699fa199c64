//! Noticing that the open briefing's file changed on disk.
//!
//! The reader reloads the briefing on each notification (keeping the reading
//! position when it still fits) and shows the diagnostics if the new version
//! does not load.
//!
//! The watch is on the file's *folder*, not the file: editors often save by
//! writing a new file and renaming it over the old one, which replaces the
//! inode a watch on the file would follow. Events are filtered by file name,
//! and a burst of them (an editor's write, rename and chmod) is debounced
//! into one notification, sent once the folder has been quiet for
//! [`DEBOUNCE`] (or after [`MAX_DELAY`] of continuous changes).

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// Quiet time that ends a burst of changes.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Longest a notification waits while changes keep coming.
pub const MAX_DELAY: Duration = Duration::from_secs(1);

/// Watches one briefing file; dropping it stops the watch.
pub struct Watcher {
    // Dropping the notify watcher closes the channel, which ends the thread.
    _watcher: RecommendedWatcher,
    path: PathBuf,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("path", &self.path).finish()
    }
}

impl Watcher {
    /// Watches `path` and sends `()` on `tx` once per burst of changes to it
    /// (written, replaced, created or removed). Sending stops quietly when
    /// the receiver is gone.
    ///
    /// # Errors
    /// When the file's folder cannot be watched (it does not exist, or the
    /// system is out of watches).
    pub fn new(path: &Path, tx: Sender<()>) -> io::Result<Watcher> {
        Watcher::with_callback(path, move || {
            let _ = tx.send(());
        })
    }

    /// Like [`Watcher::new`], calling `on_change` (from the watch's own
    /// thread) instead of sending on a channel: e.g. to wake an event loop.
    ///
    /// # Errors
    /// As [`Watcher::new`].
    pub fn with_callback(
        path: &Path,
        on_change: impl Fn() + Send + 'static,
    ) -> io::Result<Watcher> {
        let name = path
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "cannot watch a path without a file name",
                )
            })?
            .to_os_string();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let (events_tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(events_tx).map_err(to_io)?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(to_io)?;
        std::thread::Builder::new()
            .name("brief-watch".to_string())
            .spawn(move || debounce(&events, &name, on_change))?;
        Ok(Watcher {
            _watcher: watcher,
            path: path.to_path_buf(),
        })
    }

    /// The watched file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn to_io(e: notify::Error) -> io::Error {
    match e.kind {
        notify::ErrorKind::Io(e) => e,
        notify::ErrorKind::PathNotFound => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
        _ => io::Error::other(e.to_string()),
    }
}

/// Turns the folder's events into one call per burst of changes to `name`.
fn debounce(
    events: &Receiver<notify::Result<notify::Event>>,
    name: &OsString,
    on_change: impl Fn(),
) {
    let concerns = |event: &notify::Result<notify::Event>| {
        event.as_ref().is_ok_and(|e| {
            changes_content(&e.kind) && e.paths.iter().any(|p| p.file_name() == Some(name))
        })
    };
    // Waiting for the first change of a burst; ends when the watcher is dropped.
    while let Ok(event) = events.recv() {
        if !concerns(&event) {
            continue;
        }
        let began = Instant::now();
        let mut last = began;
        loop {
            let quiet_until = (last + DEBOUNCE).min(began + MAX_DELAY);
            let wait = quiet_until.saturating_duration_since(Instant::now());
            match events.recv_timeout(wait) {
                Ok(event) if concerns(&event) => last = Instant::now(),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if Instant::now() >= began + MAX_DELAY {
                break;
            }
        }
        on_change();
    }
}

/// Whether an event can mean the file's text changed. Reads (including the
/// reader's own reload) and metadata changes do not.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, MetadataKind};

    #[test]
    fn reads_and_metadata_are_not_changes() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
        ))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
    }
}
