//! What the reader last showed of each briefing, so that reopening it can
//! say what is new since.
//!
//! A snapshot is a copy of the briefing file's source text, not a
//! fingerprint of each item. Fingerprints would be smaller, but they can
//! only say *that* an item changed: an item removed since would be a hash
//! with nothing to show, and a body would change with no words to mark.
//! With the old text, the old version is loaded again (with the same load
//! options) and compared by the one semantic diff of `brief diff`, so the
//! reader's Changes view and the command line agree on what changed, a
//! removed item stays readable, and inserted words can be shown. A briefing
//! is a small text file; a second copy of it costs little.
//!
//! One JSON file per briefing, in `$XDG_STATE_HOME/brief/snapshots/` (else
//! `~/.local/state/brief/snapshots/`), named like the reading positions by
//! a hash of the briefing's canonical path, and written atomically through
//! the export's writer. A missing, unreadable or damaged snapshot is simply
//! no snapshot: the reader records a new one rather than failing.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{canonical, fnv1a};

/// Version of the file layout; a file of another version is ignored.
const VERSION: u32 = 1;

/// The file's layout: the text with the briefing it belongs to.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    version: u32,
    /// The canonical path of the briefing (a hash collision is not a match).
    path: String,
    /// The briefing file's source text as last shown.
    text: String,
}

/// The folder of snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshots {
    dir: PathBuf,
}

impl Snapshots {
    /// The user's snapshots: `$XDG_STATE_HOME/brief/snapshots`, beside the
    /// reading positions. The folder is created on the first save.
    ///
    /// # Errors
    /// When there is no home folder.
    pub fn open_default() -> io::Result<Snapshots> {
        let positions = super::Store::open_default()?;
        let base = positions.dir().parent().unwrap_or(positions.dir());
        Ok(Snapshots::at(base.join("snapshots")))
    }

    /// Snapshots in the given folder (tests, or a custom place).
    pub fn at(dir: impl Into<PathBuf>) -> Snapshots {
        Snapshots { dir: dir.into() }
    }

    /// The file holding the snapshot of the briefing at `briefing_path`.
    pub fn file_for(&self, briefing_path: &Path) -> PathBuf {
        let key = canonical(briefing_path);
        self.dir.join(format!(
            "{:016x}.json",
            fnv1a(key.as_os_str().as_encoded_bytes())
        ))
    }

    /// The text last shown of a briefing; `None` when there is no usable
    /// snapshot (missing, too large, unreadable, damaged, of another
    /// version or of another briefing). Never fails: a lost snapshot only
    /// means the next one starts from the text on screen.
    pub fn load(&self, briefing_path: &Path) -> Option<String> {
        let file = self.file_for(briefing_path);
        let meta = std::fs::metadata(&file).ok()?;
        // The text plus JSON's escapes: a briefing is at most 64 MB.
        if meta.len() > crate::briefing::load::MAX_FILE_SIZE.saturating_mul(2) {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.version == VERSION && record.path == canonical(briefing_path).to_string_lossy())
            .then_some(record.text)
    }

    /// Records `text` as what was last shown of a briefing, atomically: a
    /// process killed mid-write leaves the previous snapshot.
    ///
    /// # Errors
    /// When the folder cannot be created or the file written.
    pub fn save(&self, briefing_path: &Path, text: &str) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let record = Record {
            version: VERSION,
            path: canonical(briefing_path).to_string_lossy().into_owned(),
            text: text.to_string(),
        };
        let json = serde_json::to_string(&record).map_err(io::Error::other)?;
        crate::export::write::write_file(&self.file_for(briefing_path), &json, true).map_err(|e| {
            match e {
                crate::export::write::WriteError::Io { source, .. } => source,
                other => io::Error::other(other.to_string()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_snapshot_loads_back_and_replaces_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = Snapshots::at(dir.path().join("snapshots"));
        let briefing = dir.path().join("b.toml");
        assert_eq!(snaps.load(&briefing), None);
        snaps.save(&briefing, "title = \"a\"\n").unwrap();
        assert_eq!(snaps.load(&briefing).as_deref(), Some("title = \"a\"\n"));
        snaps.save(&briefing, "title = \"b\"\n").unwrap();
        assert_eq!(snaps.load(&briefing).as_deref(), Some("title = \"b\"\n"));
        // Written whole, under its one name: no temporary file left over.
        let files: Vec<_> = std::fs::read_dir(snaps.dir.clone()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_damaged_or_foreign_snapshot_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = Snapshots::at(dir.path());
        let briefing = dir.path().join("b.toml");
        let file = snaps.file_for(&briefing);
        std::fs::write(&file, "{\"version\": 1, \"path\": ").unwrap();
        assert_eq!(snaps.load(&briefing), None);
        std::fs::write(&file, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(snaps.load(&briefing), None);
        let other = Record {
            version: VERSION,
            path: "/elsewhere.toml".into(),
            text: "x".into(),
        };
        std::fs::write(&file, serde_json::to_string(&other).unwrap()).unwrap();
        assert_eq!(snaps.load(&briefing), None);
        let newer = Record {
            version: VERSION + 1,
            path: canonical(&briefing).to_string_lossy().into_owned(),
            text: "x".into(),
        };
        std::fs::write(&file, serde_json::to_string(&newer).unwrap()).unwrap();
        assert_eq!(snaps.load(&briefing), None);
    }
}
