//! Where the reader left off in each briefing, so it can resume there.
//!
//! One small JSON file per briefing, in `$XDG_STATE_HOME/brief/positions/`
//! (else `~/.local/state/brief/positions/`), named by a hash of the
//! briefing's canonical path: `positions/<16 hex digits>.json`. Files are
//! written atomically (a temporary file in the same folder, synced, renamed
//! over the old one), so a crash never leaves half a position. A missing file
//! means "start at the top"; a corrupt one is ignored with a one-line notice:
//! losing a reading position is never worth an error.
//!
//! [`Snapshots`] keeps, beside the positions, the text of each briefing as
//! last shown, for "what is new since you last read".

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod snapshot;
pub use snapshot::{Compared, Snapshots};

/// Version of the file layout; a file of another version is ignored.
const VERSION: u32 = 1;

/// Largest position file read; anything bigger is not ours.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Where the reader left off in one briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPosition {
    /// Index of the open tab (a fallback when `section_id` is gone).
    pub tab: usize,
    /// Id of the open section.
    pub section_id: String,
    /// Id of the current item, when it has one.
    pub item_id: Option<String>,
    /// Index of the current item in its section (a fallback for items without id).
    pub item_index: Option<usize>,
    /// First line shown of the section's layout.
    pub line_offset: usize,
    /// [`content_hash`] of the file when the position was saved: when it
    /// differs, the briefing changed and line offsets may not fit.
    pub content_hash: u64,
}

/// What [`Store::load`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loaded {
    /// The saved position, if there is a usable one.
    pub position: Option<SavedPosition>,
    /// One line for the status bar when a saved position had to be ignored.
    pub notice: Option<String>,
}

/// The file's layout: the position with what it belongs to.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    version: u32,
    /// The canonical path of the briefing (a hash collision is not a match).
    path: String,
    /// (Named as the first files named it.)
    #[serde(rename = "state")]
    position: SavedPosition,
}

/// The folder of saved positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The user's store: `$XDG_STATE_HOME/brief/positions`, else
    /// `~/.local/state/brief/positions` (the local data folder where there
    /// is no state folder, as on Windows). The folder is created on the
    /// first save.
    ///
    /// # Errors
    /// When there is no home folder.
    pub fn open_default() -> io::Result<Store> {
        use etcetera::BaseStrategy;
        let strategy = etcetera::choose_base_strategy()
            .map_err(|e| io::Error::new(io::ErrorKind::NotFound, e.to_string()))?;
        let base = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
        Ok(Store::at(base.join("brief").join("positions")))
    }

    /// A store in the given folder (tests, or a custom place).
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The store's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file holding the position in the briefing at `briefing_path`.
    pub fn file_for(&self, briefing_path: &Path) -> PathBuf {
        let key = canonical(briefing_path);
        self.dir.join(format!(
            "{:016x}.json",
            fnv1a(key.as_os_str().as_encoded_bytes())
        ))
    }

    /// The saved position in a briefing. Never fails: a missing file gives
    /// no state and no notice, an unreadable or corrupt one no state and a
    /// notice.
    pub fn load(&self, briefing_path: &Path) -> Loaded {
        let file = self.file_for(briefing_path);
        let ignored = |why: String| Loaded {
            position: None,
            notice: Some(one_line(&format!(
                "ignored the saved reading position ({}): {why}",
                crate::briefing::diagnostic::display_path(&file)
            ))),
        };
        let bytes = match std::fs::metadata(&file) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::default(),
            Err(e) => return ignored(format!("cannot read it: {e}")),
            Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                return ignored(format!("it is too large ({} bytes)", meta.len()));
            }
            Ok(_) => match std::fs::read(&file) {
                Ok(bytes) => bytes,
                Err(e) => return ignored(format!("cannot read it: {e}")),
            },
        };
        match parse(&bytes, &canonical(briefing_path).to_string_lossy()) {
            Ok(position) => Loaded {
                position,
                notice: None,
            },
            Err(why) => ignored(why),
        }
    }

    /// Saves the position in a briefing, atomically.
    ///
    /// # Errors
    /// When the folder cannot be created or the file written.
    pub fn save(&self, briefing_path: &Path, state: &SavedPosition) -> io::Result<()> {
        self.save_with_faults(briefing_path, state, &crate::export::write::no_faults)
    }

    /// [`Store::save`], asking `faults` before each step of the write, so
    /// that tests can make any of them fail (see
    /// [`crate::export::write::Faults`]).
    ///
    /// # Errors
    /// When the folder cannot be created or the file written.
    pub fn save_with_faults(
        &self,
        briefing_path: &Path,
        state: &SavedPosition,
        faults: crate::export::write::Faults,
    ) -> io::Result<()> {
        use crate::export::write::{Step, WriteError, write_file_with_faults};
        faults(Step::Folder).and_then(|()| std::fs::create_dir_all(&self.dir))?;
        let json = serialize(&canonical(briefing_path).to_string_lossy(), state)
            .map_err(io::Error::other)?;
        // The export's atomic writer: a temporary file with no name until it
        // is complete, synced, then moved over the old one, so a process
        // killed mid-write leaves the previous position and nothing else.
        let path = self.file_for(briefing_path);
        write_file_with_faults(&path, true, |w| w.write_all(json.as_bytes()), faults).map_err(
            |e| match e {
                WriteError::Io { source, .. } => source,
                other => io::Error::other(other.to_string()),
            },
        )?;
        Ok(())
    }
}

/// The position in a position file's bytes, for the briefing whose
/// canonical path is `canonical_path`: `Ok(None)` when the file belongs to
/// another briefing (a hash collision), `Err` with the reason when it is not
/// a position file of this version.
///
/// Apart from [`Store::load`], so that the bytes of a file, whatever they
/// are, can be given to it without a file system (the fuzz target and the
/// replay of its corpus in `cargo test`).
///
/// # Errors
/// When the bytes are not a position file of this version.
pub fn parse(bytes: &[u8], canonical_path: &str) -> Result<Option<SavedPosition>, String> {
    let record: Record =
        serde_json::from_slice(bytes).map_err(|e| format!("it is not a position file: {e}"))?;
    if record.version != VERSION {
        return Err(format!("it is of version {}", record.version));
    }
    if record.path != canonical_path {
        // Another briefing's position under the same hash: not ours.
        return Ok(None);
    }
    Ok(Some(record.position))
}

/// The bytes [`Store::save`] writes for a position in the briefing whose
/// canonical path is `canonical_path`; [`parse`] reads them back.
///
/// # Errors
/// Never in practice: serialising this record cannot fail.
pub fn serialize(canonical_path: &str, position: &SavedPosition) -> Result<String, String> {
    let record = Record {
        version: VERSION,
        path: canonical_path.to_string(),
        position: position.clone(),
    };
    let mut json = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
    json.push('\n');
    Ok(json)
}

/// The briefing's canonical absolute path; the absolute path when it cannot
/// be resolved (the file was deleted).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn one_line(text: &str) -> String {
    crate::briefing::clean::defang(text).into_owned()
}

/// 64-bit FNV-1a: a small hash that is the same on every platform and in
/// every version, unlike `std`'s `DefaultHasher`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The content hash of a briefing file's bytes, as stored in
/// [`SavedPosition::content_hash`] and [`crate::library::Entry::content_hash`].
pub fn content_hash(bytes: &[u8]) -> u64 {
    fnv1a(bytes)
}

/// The content hash of a file on disk.
///
/// # Errors
/// When the file cannot be read.
pub fn content_hash_of_file(path: &Path) -> io::Result<u64> {
    std::fs::read(path).map(|bytes| content_hash(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn file_names_are_sixteen_hex_digits() {
        let store = Store::at("positions");
        let name = store.file_for(Path::new("some/briefing.toml"));
        let stem = name.file_stem().unwrap().to_str().unwrap();
        assert_eq!(stem.len(), 16);
        assert!(stem.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(name.extension().unwrap(), "json");
    }

    #[test]
    fn notices_are_one_line() {
        assert_eq!(one_line("a\nb\u{1b}c"), "a?b?c");
    }
}
