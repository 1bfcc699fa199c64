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

/// The file's layout: the text with the briefing it belongs to, and the
/// text's content hash ([`super::content_hash`]), by which an unchanged
/// briefing is recognised without reading its text (a snapshot written
/// before the hash was kept has none, and is compared by its text). The
/// hash is read by [`Head`].
#[derive(Debug, Deserialize)]
struct Record {
    version: u32,
    /// The canonical path of the briefing (a hash collision is not a match).
    path: String,
    /// The briefing file's source text as last shown.
    text: String,
}

/// A record as written, borrowing the text it writes.
#[derive(Serialize)]
struct RecordOut<'a> {
    version: u32,
    path: &'a str,
    hash: u64,
    text: &'a str,
}

/// The start of a record: all of it but the text, which is read past
/// without being kept.
#[derive(Deserialize)]
struct Head {
    version: u32,
    path: String,
    #[serde(default)]
    hash: Option<u64>,
}

/// What a snapshot says of the text on screen, by its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared {
    /// No usable snapshot.
    None,
    /// The snapshot is of the same text.
    Same,
    /// The snapshot is of another text, or one whose hash it does not
    /// hold: its text must be loaded to say what changed.
    Other,
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

    /// The snapshot's file, if it may hold a briefing's snapshot (its
    /// text plus JSON's escapes: a briefing is at most 64 MB).
    fn file_if_usable(&self, briefing_path: &Path) -> Option<PathBuf> {
        let file = self.file_for(briefing_path);
        let meta = std::fs::metadata(&file).ok()?;
        (meta.len() <= crate::briefing::load::MAX_FILE_SIZE.saturating_mul(2)).then_some(file)
    }

    /// The text last shown of a briefing; `None` when there is no usable
    /// snapshot (missing, too large, unreadable, damaged, of another
    /// version or of another briefing). Never fails: a lost snapshot only
    /// means the next one starts from the text on screen.
    pub fn load(&self, briefing_path: &Path) -> Option<String> {
        let bytes = std::fs::read(self.file_if_usable(briefing_path)?).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.version == VERSION && record.path == canonical(briefing_path).to_string_lossy())
            .then_some(record.text)
    }

    /// Whether the snapshot of a briefing is of the text whose content hash
    /// is `hash`, read as a stream: the text is read past, not held, so an
    /// unchanged briefing costs no copy of its text in memory.
    pub fn compare(&self, briefing_path: &Path, hash: u64) -> Compared {
        let Some(file) = self.file_if_usable(briefing_path) else {
            return Compared::None;
        };
        let Some(head) = read_head(&file) else {
            return Compared::None;
        };
        if head.version != VERSION || head.path != canonical(briefing_path).to_string_lossy() {
            return Compared::None;
        }
        match head.hash {
            Some(h) if h == hash => Compared::Same,
            _ => Compared::Other,
        }
    }

    /// Records `text` as what was last shown of a briefing, atomically: a
    /// process killed mid-write leaves the previous snapshot.
    ///
    /// # Errors
    /// When the folder cannot be created or the file written.
    pub fn save(&self, briefing_path: &Path, text: &str) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = canonical(briefing_path);
        let record = RecordOut {
            version: VERSION,
            path: &path.to_string_lossy(),
            hash: super::content_hash(text.as_bytes()),
            text,
        };
        // Streamed to the file: the text is not copied into a JSON string.
        crate::export::write::write_file_with(&self.file_for(briefing_path), true, |out| {
            serde_json::to_writer(out, &record).map_err(io::Error::other)
        })
        .map_err(|e| match e {
            crate::export::write::WriteError::Io { source, .. } => source,
            other => io::Error::other(other.to_string()),
        })
    }
}

/// The most of a snapshot's start read for its [`Head`]: a path is at most
/// a few kilobytes, even escaped.
const HEAD_BYTES: u64 = 64 * 1024;

/// The head of the snapshot in `file`. A record is written with its text
/// last, so the head is what comes before `,"text":` (which cannot occur
/// inside a JSON string, whose quotes are escaped): only the file's start
/// is read. A file in which it is not found there is read whole.
fn read_head(file: &Path) -> Option<Head> {
    use std::io::Read;
    let mut start = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut start)
        .ok()?;
    match memchr::memmem::find(&start, br#","text":"#) {
        Some(end) => {
            start.truncate(end);
            start.push(b'}');
            serde_json::from_slice(&start).ok()
        }
        None => {
            let file = std::fs::File::open(file).ok()?;
            serde_json::from_reader(io::BufReader::new(file)).ok()
        }
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
        assert_eq!(snaps.compare(&briefing, 0), Compared::None);
        snaps.save(&briefing, "title = \"a\"\n").unwrap();
        assert_eq!(snaps.load(&briefing).as_deref(), Some("title = \"a\"\n"));
        snaps.save(&briefing, "title = \"b\"\n").unwrap();
        assert_eq!(snaps.load(&briefing).as_deref(), Some("title = \"b\"\n"));
        let hash = |t: &str| crate::state::content_hash(t.as_bytes());
        assert_eq!(
            snaps.compare(&briefing, hash("title = \"b\"\n")),
            Compared::Same
        );
        assert_eq!(
            snaps.compare(&briefing, hash("title = \"a\"\n")),
            Compared::Other
        );
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
        assert_eq!(snaps.compare(&briefing, 0), Compared::None);
        std::fs::write(&file, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(snaps.load(&briefing), None);
        assert_eq!(snaps.compare(&briefing, 0), Compared::None);
        let other = RecordOut {
            version: VERSION,
            path: "/elsewhere.toml",
            hash: 0,
            text: "x",
        };
        std::fs::write(&file, serde_json::to_string(&other).unwrap()).unwrap();
        assert_eq!(snaps.load(&briefing), None);
        assert_eq!(snaps.compare(&briefing, 0), Compared::None);
        let path = canonical(&briefing);
        let newer = RecordOut {
            version: VERSION + 1,
            path: &path.to_string_lossy(),
            hash: 0,
            text: "x",
        };
        std::fs::write(&file, serde_json::to_string(&newer).unwrap()).unwrap();
        assert_eq!(snaps.load(&briefing), None);
        assert_eq!(snaps.compare(&briefing, 0), Compared::None);
    }

    #[test]
    fn a_snapshot_without_a_hash_loads_and_is_compared_by_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = Snapshots::at(dir.path());
        let briefing = dir.path().join("b.toml");
        let path = canonical(&briefing).to_string_lossy().into_owned();
        let old = serde_json::json!({"version": VERSION, "path": path, "text": "x = 1\n"});
        std::fs::write(snaps.file_for(&briefing), old.to_string()).unwrap();
        assert_eq!(snaps.load(&briefing).as_deref(), Some("x = 1\n"));
        let hash = crate::state::content_hash(b"x = 1\n");
        assert_eq!(snaps.compare(&briefing, hash), Compared::Other);
    }

    #[test]
    fn the_hash_is_read_from_the_start_whatever_the_path_holds() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = Snapshots::at(dir.path());
        let hash = |t: &str| crate::state::content_hash(t.as_bytes());
        // A path with the very characters that end the head.
        let briefing = dir.path().join("a,\"text\":\"b.toml");
        let text = "x = 1\n".repeat(20_000);
        snaps.save(&briefing, &text).unwrap();
        assert_eq!(snaps.compare(&briefing, hash(&text)), Compared::Same);
        assert_eq!(snaps.compare(&briefing, hash("x = 1\n")), Compared::Other);
        assert_eq!(snaps.load(&briefing).as_deref(), Some(text.as_str()));
        // The head is read from the start alone: a text cut short later in
        // the file does not change what the head says, and the text no
        // longer loads.
        let file = snaps.file_for(&briefing);
        let whole = std::fs::read(&file).unwrap();
        std::fs::write(&file, &whole[..whole.len() - 10]).unwrap();
        assert_eq!(snaps.compare(&briefing, hash(&text)), Compared::Same);
        assert_eq!(snaps.load(&briefing), None);
    }
}
