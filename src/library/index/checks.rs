//! The index's files checked against their checksums: on open, and the
//! positions before a phrase is looked for in them.
//!
//! A segment's files never change once written: a file that passed its
//! check and has not been written since need not be read whole again. Each
//! file that passes is noted in a ledger beside the index (`<hash>.checked`)
//! with its length, modification and change times (and inode on Unix);
//! while those stay the same, it is not checked again. Anything that writes
//! the file changes its change time, so damage done through the file system
//! is still found. A file written within [`RACY`] of its check is not
//! noted: a coarse clock could give a second write the same times. The
//! ledger holds for one boot of the system only: after a crash, which may
//! leave files the index wrote without their contents (it does not wait for
//! the disk, see `folder.rs`), every file is checked again.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{RACY, nanos};

/// Files of the kinds that may be left out of the check on open when they
/// are larger than this: the stored texts (each record carries its own
/// hash, checked when it is read) and the positions (checked before the
/// first phrase is looked for).
const CHECKED_LATER: u64 = 16 << 20;

/// Checks the checksums of the index's files (damage that leaves a file's
/// length and footer whole, a flipped bit, shows only there), but large
/// stores and positions, which are checked as they are used (see
/// [`CHECKED_LATER`]), and files the ledger says passed already.
pub(super) fn check_files(
    index: &tantivy::Index,
    metas: &tantivy::IndexMeta,
    folder: &Path,
) -> Result<(), String> {
    let dir = index.directory();
    let mut ledger = Ledger::read(folder);
    for file in metas.list_segment_files() {
        let later = file.extension().is_some_and(|e| e == "store" || e == "pos");
        // The list names a deletions file for every segment, whether it has
        // one or not; a segment's other files missing fail its opening.
        let Ok(meta) = std::fs::metadata(folder.join(&file)) else {
            continue;
        };
        if later && meta.len() > CHECKED_LATER {
            continue;
        }
        if ledger.passed(&file, &meta) {
            continue;
        }
        match dir.validate_checksum(&file) {
            Ok(true) => ledger.pass(&file, &meta),
            Ok(false) => {
                return Err(format!(
                    "it is damaged ({} fails its checksum)",
                    file.display()
                ));
            }
            Err(e) => return Err(format!("it is damaged ({e})")),
        }
    }
    ledger.save(folder);
    Ok(())
}

/// Checks the positions files, whatever their size: before a phrase is
/// looked for in them. `folder` is the index's folder on disk.
pub(super) fn check_positions(index: &tantivy::Index, folder: &Path) -> Result<(), String> {
    let metas = index
        .load_metas()
        .map_err(|e| format!("it is damaged ({e})"))?;
    let dir = index.directory();
    let mut ledger = Ledger::read(folder);
    for file in metas.list_segment_files() {
        if file.extension().is_none_or(|e| e != "pos") {
            continue;
        }
        let meta = std::fs::metadata(folder.join(&file)).ok();
        if meta.as_ref().is_some_and(|m| ledger.passed(&file, m)) {
            continue;
        }
        if !dir
            .validate_checksum(&file)
            .map_err(|e| format!("it is damaged ({e})"))?
        {
            return Err(format!(
                "it is damaged ({} fails its checksum)",
                file.display()
            ));
        }
        if let Some(meta) = meta {
            ledger.pass(&file, &meta);
        }
    }
    ledger.save(folder);
    Ok(())
}

/// The files of an index that passed their checks, by name, with the
/// stamp they had then (see the module's documentation).
struct Ledger {
    passed: HashMap<String, String>,
    changed: bool,
}

impl Ledger {
    /// The ledger of the index in `folder`, or an empty one.
    fn read(folder: &Path) -> Ledger {
        let boot = boot();
        let passed = std::fs::read_to_string(ledger_path(folder))
            .ok()
            .filter(|text| text.lines().next() == Some(boot.as_str()))
            .map(|text| {
                text.lines()
                    .skip(1)
                    .filter_map(|line| line.split_once('\t'))
                    .map(|(name, stamp)| (name.to_string(), stamp.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Ledger {
            passed,
            changed: false,
        }
    }

    /// Whether `file` passed its check as it is now.
    fn passed(&self, file: &Path, meta: &Metadata) -> bool {
        let (Some(name), Some(stamp)) = (file.to_str(), stamp(meta)) else {
            return false;
        };
        self.passed.get(name) == Some(&stamp)
    }

    /// Notes that `file` passed its check, unless it was written too
    /// recently for its times to tell a later write.
    fn pass(&mut self, file: &Path, meta: &Metadata) {
        if let (Some(name), Some(stamp)) = (file.to_str(), stamp(meta)) {
            self.passed.insert(name.to_string(), stamp);
            self.changed = true;
        }
    }

    /// Writes the ledger when it gained a file, keeping only the files
    /// still in `folder`; a failure only costs a check next time.
    fn save(mut self, folder: &Path) {
        if !self.changed {
            return;
        }
        self.passed.retain(|name, _| folder.join(name).exists());
        let mut text = boot();
        text.push('\n');
        for (name, stamp) in &self.passed {
            text.push_str(name);
            text.push('\t');
            text.push_str(stamp);
            text.push('\n');
        }
        let path = ledger_path(folder);
        let Some(parent) = path.parent() else {
            return;
        };
        if let Ok(mut file) = tempfile::NamedTempFile::new_in(parent)
            && file.write_all(text.as_bytes()).is_ok()
        {
            let _ = file.persist(&path);
        }
    }
}

/// The first line of a ledger: this boot of the system (Linux names each
/// boot; elsewhere the ledger holds across boots).
fn boot() -> String {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
    format!("boot {}", id.trim())
}

/// `<cache>/index/<hash>.checked`, beside the index's folder.
pub(super) fn ledger_path(folder: &Path) -> PathBuf {
    folder.with_extension("checked")
}

/// What tells whether a file was written since it was checked; `None`
/// when it was written within [`RACY`] of now.
fn stamp(meta: &Metadata) -> Option<String> {
    let modified = meta.modified().map_or(0, nanos);
    #[cfg(unix)]
    let (changed, inode) = {
        use std::os::unix::fs::MetadataExt;
        let changed = meta
            .ctime()
            .saturating_mul(1_000_000_000)
            .saturating_add(meta.ctime_nsec());
        (changed, meta.ino())
    };
    #[cfg(not(unix))]
    let (changed, inode) = (modified, 0u64);
    let now = nanos(SystemTime::now());
    let racy = i64::try_from(RACY.as_nanos()).unwrap_or(i64::MAX);
    if modified.max(changed).saturating_add(racy) > now {
        return None;
    }
    Some(format!("{} {modified} {changed} {inode}", meta.len()))
}
