//! The cache folder: one index per library folder, a lock beside each, and
//! the bound on their total size.
//!
//! ```text
//! <cache>/index/<hash>/         the index of one library folder (tantivy's files)
//! <cache>/index/<hash>.lock     held while the index is updated; its time is the last use
//! <cache>/index/<hash>.root     the folder it indexes, for people and for checking
//! <cache>/index/<hash>.toobig   the size it would take, when that is over the bound
//! <cache>/index/<hash>.checked  its files whose checksums passed (see `checks.rs`)
//! ```
//!
//! `<hash>` is the content hash of the folder's canonical path.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// The user's cache folder for brief: `$XDG_CACHE_HOME/brief`, else
/// `~/.cache/brief` (the local cache folder on Windows); `None` without a
/// home folder.
pub fn default_cache_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.cache_dir().join("brief"))
}

/// Removes every index kept under `cache_dir`; returns the bytes freed.
/// Missing, the cache is already clear.
///
/// # Errors
/// When something in it cannot be removed; the message names it.
pub fn clear(cache_dir: &Path) -> io::Result<u64> {
    let dir = cache_dir.join("index");
    let size = size_of(&dir);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(size),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("{}: {}", crate::briefing::diagnostic::display_path(&dir), e),
        )),
    }
}

/// How many indexes the cache under `cache_dir` holds, and their bytes.
pub fn usage(cache_dir: &Path) -> (usize, u64) {
    let dir = cache_dir.join("index");
    let count = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .count()
        })
        .unwrap_or(0);
    (count, size_of(&dir))
}

/// Bytes in the files under `path` (0 when it is missing).
pub(super) fn size_of(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| size_of(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

/// The place of one library folder's index in the cache.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// `<cache>/index`.
    parent: PathBuf,
    /// `<hash>`.
    name: String,
    /// The canonical path of the library folder.
    root: PathBuf,
}

/// The lock of a slot, held until dropped.
pub(super) struct Held {
    file: File,
}

impl Drop for Held {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first says so.
        let _ = self.file.unlock();
    }
}

impl Slot {
    /// The slot of the library folder `root`.
    ///
    /// # Errors
    /// When `root` has no canonical path or the cache folder cannot be made.
    pub fn for_root(cache_dir: &Path, root: &Path) -> Result<Slot, String> {
        let root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
        let hash = crate::state::content_hash(root.as_os_str().as_encoded_bytes());
        let parent = cache_dir.join("index");
        std::fs::create_dir_all(&parent).map_err(|e| {
            format!(
                "cannot make {}: {}",
                crate::briefing::diagnostic::display_path(&parent),
                reason(&e)
            )
        })?;
        Ok(Slot {
            parent,
            name: format!("{hash:016x}"),
            root,
        })
    }

    /// The index's folder.
    pub fn dir(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    fn beside(&self, ext: &str) -> PathBuf {
        self.parent.join(format!("{}.{ext}", self.name))
    }

    /// Whether the folder holds an index that another library folder wrote
    /// (two paths with one hash): then it is not this one's.
    pub fn belongs_elsewhere(&self) -> bool {
        std::fs::read(self.beside("root"))
            .is_ok_and(|text| text != self.root.as_os_str().as_encoded_bytes())
    }

    /// Records which folder the index is of.
    pub fn claim(&self) {
        let _ = std::fs::write(
            self.beside("root"),
            self.root.as_os_str().as_encoded_bytes(),
        );
    }

    /// Takes the slot's lock, waiting up to `wait` for another process to
    /// let go of it. Returns the lock and how long it waited.
    ///
    /// # Errors
    /// When the lock file cannot be made, or the wait ran out.
    pub fn lock(&self, wait: Duration) -> Result<(Held, Duration), String> {
        let path = self.beside("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot open its lock: {}", reason(&e)))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "another brief has been updating it for over {} s",
                        wait.as_secs()
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(format!("cannot lock it: {}", reason(&e)));
                }
            }
        }
        // The lock's time is the index's last use, for the bound.
        let _ = file.set_modified(SystemTime::now());
        Ok((Held { file }, start.elapsed()))
    }

    /// Marks the index as used now, without waiting for its lock.
    pub fn touch(&self) {
        if let Ok(file) = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.beside("lock"))
        {
            let _ = file.set_modified(SystemTime::now());
        }
    }

    /// The size the index would take, when an earlier run found it over
    /// `max` bytes; `None` when it may be kept (the mark is removed once the
    /// bound allows it).
    pub fn too_big(&self, max: Option<u64>) -> Option<u64> {
        let mark = self.beside("toobig");
        let size: u64 = std::fs::read_to_string(&mark).ok()?.trim().parse().ok()?;
        if max.is_some_and(|m| size > m) {
            Some(size)
        } else {
            let _ = std::fs::remove_file(&mark);
            None
        }
    }

    /// Keeps the cache within `max` bytes, the least recently used indexes
    /// of other folders going first (those another process is updating are
    /// left alone). When this index alone is over the bound, it is removed
    /// and marked, and its size returned: it is then kept in memory.
    pub fn bound(&self, max: Option<u64>, _held: &Held) -> Option<u64> {
        let max = max?;
        let mine = size_of(&self.dir());
        if mine > max {
            let _ = std::fs::remove_dir_all(self.dir());
            let _ = std::fs::write(self.beside("toobig"), mine.to_string());
            return Some(mine);
        }
        let mut others: Vec<(SystemTime, String, u64)> = std::fs::read_dir(&self.parent)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|name| *name != self.name)
                    .map(|name| {
                        let used = std::fs::metadata(self.parent.join(format!("{name}.lock")))
                            .and_then(|m| m.modified())
                            .unwrap_or(SystemTime::UNIX_EPOCH);
                        let size = size_of(&self.parent.join(&name));
                        (used, name, size)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut total = mine + others.iter().map(|(_, _, s)| s).sum::<u64>();
        others.sort();
        for (_, name, size) in others {
            if total <= max {
                break;
            }
            let other = Slot {
                parent: self.parent.clone(),
                name,
                root: PathBuf::new(),
            };
            if let Ok((_held, _)) = other.lock(Duration::ZERO)
                && std::fs::remove_dir_all(other.dir()).is_ok()
            {
                let _ = std::fs::remove_file(other.beside("root"));
                let _ = std::fs::remove_file(other.beside("checked"));
                total = total.saturating_sub(size);
            }
        }
        None
    }
}

/// An I/O error's message without the " (os error N)" tail.
fn reason(e: &io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_named_by_its_folder_and_bounded() {
        let cache = tempfile::tempdir().unwrap();
        let lib = tempfile::tempdir().unwrap();
        let a = Slot::for_root(cache.path(), lib.path()).unwrap();
        let b = Slot::for_root(cache.path(), &lib.path().join(".")).unwrap();
        assert_eq!(a.dir(), b.dir(), "one folder, one index");
        std::fs::create_dir_all(a.dir()).unwrap();
        std::fs::write(a.dir().join("x"), vec![0u8; 1000]).unwrap();
        assert!(!a.belongs_elsewhere());
        a.claim();
        assert!(!a.belongs_elsewhere());

        // Another folder's index, used longer ago, goes first.
        let other = Slot {
            parent: a.parent.clone(),
            name: "0000000000000001".into(),
            root: PathBuf::from("/elsewhere"),
        };
        std::fs::create_dir_all(other.dir()).unwrap();
        std::fs::write(other.dir().join("y"), vec![0u8; 1000]).unwrap();
        other.touch();
        let (held, waited) = a.lock(Duration::ZERO).unwrap();
        assert!(waited < Duration::from_secs(1));
        assert_eq!(a.bound(Some(1500), &held), None);
        assert!(!other.dir().exists());
        assert!(a.dir().exists());
        // Alone over the bound: removed and marked.
        assert_eq!(a.bound(Some(500), &held), Some(1000));
        assert!(!a.dir().exists());
        assert_eq!(a.too_big(Some(500)), Some(1000));
        assert_eq!(a.too_big(Some(5000)), None, "a higher bound lifts the mark");
        assert_eq!(a.too_big(Some(500)), None);
        drop(held);

        assert!(clear(cache.path()).unwrap() > 0);
        assert_eq!(clear(cache.path()).unwrap(), 0);
    }

    #[test]
    fn a_held_lock_makes_others_wait() {
        let cache = tempfile::tempdir().unwrap();
        let lib = tempfile::tempdir().unwrap();
        let a = Slot::for_root(cache.path(), lib.path()).unwrap();
        let (held, _) = a.lock(Duration::ZERO).unwrap();
        let err = a.lock(Duration::from_millis(50)).map(|_| ()).unwrap_err();
        assert!(err.contains("another brief"), "{err}");
        drop(held);
        assert!(a.lock(Duration::ZERO).is_ok());
    }
}
