//! The index itself: opening it (or building it again) and bringing it up
//! to date with the files. `answer.rs` answers listings and searches from it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, TantivyDocument};

use super::cache::Slot;
use super::checks::check_files;
use super::columns::Manifest;
use super::folder::Folder;
use super::words::{self, WordTokenizer};
use super::{
    FORMAT, Fields, Notice, OnDisk, RACY, Settings, document, nanos, path_term, reader, schema,
};
use crate::library::load_entry;

/// An index, on disk or in memory, with a reader on its last commit.
pub(super) struct Store {
    pub(super) index: tantivy::Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    /// Where it is kept; `None` in memory.
    pub(super) slot: Option<Slot>,
    /// The slot's folder.
    dir: Option<PathBuf>,
    /// Whether the positions files passed their checksums (checked once).
    pub(super) positions_checked: std::sync::OnceLock<Result<(), String>>,
}

/// What the commit says of the index: this format, made under these load
/// options. Anything else was written by another version or other settings.
fn payload(settings: &Settings) -> String {
    let keys = format!("{:?}", settings.load_options.reserved_keys);
    format!(
        "brief-index {FORMAT} {:016x}",
        crate::state::content_hash(keys.as_bytes())
    )
}

pub(super) fn text<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Registers the word tokenizer, which the index's text fields name.
fn with_words(index: tantivy::Index) -> tantivy::Index {
    index.tokenizers().register(
        words::TOKENIZER,
        TextAnalyzer::builder(WordTokenizer::default()).build(),
    );
    index
}

impl Store {
    /// The index of `root`'s files, up to date: on disk in `cache_dir`
    /// when there is one and it can be used, else in memory. What had to
    /// be done is added to `notices`.
    pub fn open(
        root: &Path,
        cache_dir: Option<PathBuf>,
        settings: &Settings,
        on_disk: &[OnDisk],
        notices: &mut Vec<Notice>,
    ) -> Result<Store, String> {
        if let Some(cache_dir) = cache_dir {
            match Slot::for_root(&cache_dir, root) {
                Ok(slot) => match slot.too_big(settings.max_bytes) {
                    Some(size) => notices.push(too_big(size, settings)),
                    None => match Store::on_disk(slot, settings, on_disk, notices) {
                        Ok(store) => return Ok(store),
                        Err(reason) => notices.push(Notice::InMemory { reason }),
                    },
                },
                Err(reason) => notices.push(Notice::InMemory { reason }),
            }
        }
        Store::in_memory(settings, on_disk)
    }

    /// Builds the index again after `reason` made it unusable: on disk when
    /// it was there, else in memory.
    pub fn rebuild(
        root: &Path,
        old: &Store,
        settings: &Settings,
        on_disk: &[OnDisk],
        reason: String,
        notices: &mut Vec<Notice>,
    ) -> Result<Store, String> {
        let Some(slot) = old.slot.clone() else {
            return Store::in_memory(settings, on_disk);
        };
        let built = slot.lock(settings.wait).and_then(|(held, _)| {
            notices.push(Notice::Rebuilt {
                dir: slot.dir(),
                reason,
            });
            let _ = std::fs::remove_dir_all(slot.dir());
            let store = Store::create(&slot)?;
            store.update(on_disk, settings)?;
            drop(held);
            Ok(store)
        });
        match built {
            Ok(store) => Ok(store),
            Err(reason) => {
                let _ = root;
                notices.push(Notice::InMemory { reason });
                Store::in_memory(settings, on_disk)
            }
        }
    }

    /// The folder of the index on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// A new index in memory, holding `on_disk`.
    fn in_memory(settings: &Settings, on_disk: &[OnDisk]) -> Result<Store, String> {
        let (schema, fields) = schema();
        let index = with_words(tantivy::Index::create_in_ram(schema));
        let reader = reader(&index).map_err(text)?;
        let store = Store {
            index,
            reader,
            fields,
            slot: None,
            dir: None,
            positions_checked: std::sync::OnceLock::new(),
        };
        store.update(on_disk, settings)?;
        Ok(store)
    }

    /// A new, empty index in the slot's folder.
    fn create(slot: &Slot) -> Result<Store, String> {
        let dir = slot.dir();
        std::fs::create_dir_all(&dir).map_err(text)?;
        slot.claim();
        let (schema, fields) = schema();
        let folder = Folder::open(&dir).map_err(text)?;
        if tantivy::Index::exists(&folder).map_err(text)? {
            return Err(text(tantivy::TantivyError::IndexAlreadyExists));
        }
        let index = with_words(
            tantivy::Index::create(folder, schema, tantivy::IndexSettings::default())
                .map_err(text)?,
        );
        let reader = reader(&index).map_err(text)?;
        Ok(Store::in_slot(index, reader, fields, slot))
    }

    /// An index kept in the slot's folder, its positions not yet checked.
    fn in_slot(index: tantivy::Index, reader: IndexReader, fields: Fields, slot: &Slot) -> Store {
        Store {
            index,
            reader,
            fields,
            slot: Some(slot.clone()),
            dir: Some(slot.dir()),
            positions_checked: std::sync::OnceLock::new(),
        }
    }

    /// The index in the slot's folder as it is, if it is one this version
    /// wrote under these settings; else why not.
    fn existing(slot: &Slot, settings: &Settings) -> Result<Store, String> {
        let dir = slot.dir();
        if slot.belongs_elsewhere() {
            return Err("it was the index of another folder".to_string());
        }
        let index = Folder::open(&dir)
            .and_then(tantivy::Index::open)
            .map_err(|e| format!("it is damaged ({e})"))?;
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err("another version of brief wrote it".to_string());
        }
        let metas = index
            .load_metas()
            .map_err(|e| format!("it is damaged ({e})"))?;
        let expected = payload(settings);
        match &metas.payload {
            Some(p) if *p == expected => {}
            Some(p) if p.starts_with(&format!("brief-index {FORMAT} ")) => {
                return Err("the key bindings changed since it was made".to_string());
            }
            Some(_) => return Err("another version of brief wrote it".to_string()),
            None => return Err("it was never finished".to_string()),
        }
        check_files(&index, &metas, &dir)?;
        let index = with_words(index);
        let reader = reader(&index).map_err(|e| format!("it is damaged ({e})"))?;
        Ok(Store::in_slot(index, reader, fields, slot))
    }

    /// The index on disk, up to date. Reading needs no lock: when the index
    /// is current (the usual case) nothing waits. Updating takes the slot's
    /// lock, then starts again from what is on disk, which another process
    /// may have brought up to date meanwhile.
    fn on_disk(
        slot: Slot,
        settings: &Settings,
        on_disk: &[OnDisk],
        notices: &mut Vec<Notice>,
    ) -> Result<Store, String> {
        let meta_file = slot.dir().join("meta.json");
        let mut seen = None;
        if slot.dir().exists() {
            let before = std::fs::read(&meta_file).ok();
            if let Ok(store) = Store::existing(&slot, settings) {
                match store.changes(on_disk) {
                    Ok(changes) if changes.is_empty() => {
                        slot.touch();
                        return Ok(store);
                    }
                    Ok(_) => seen = before.map(|meta| (meta, store)),
                    Err(_) => {}
                }
            }
        }
        let (held, waited) = slot.lock(settings.wait)?;
        if waited > Duration::from_secs(1) {
            notices.push(Notice::Waited(waited));
        }
        // The index as checked before the lock, unless another process
        // committed since (then it is opened and checked again).
        let unchanged =
            seen.filter(|(meta, _)| std::fs::read(&meta_file).ok().as_ref() == Some(meta));
        let store = if let Some((_, store)) = unchanged {
            Some(store)
        } else if slot.dir().exists() {
            match Store::existing(&slot, settings) {
                Ok(store) => Some(store),
                Err(reason) => {
                    notices.push(Notice::Rebuilt {
                        dir: slot.dir(),
                        reason,
                    });
                    let _ = std::fs::remove_dir_all(slot.dir());
                    None
                }
            }
        } else {
            None
        };
        let store = match store {
            Some(store) => match store.update(on_disk, settings) {
                Ok(()) => store,
                Err(reason) => {
                    notices.push(Notice::Rebuilt {
                        dir: slot.dir(),
                        reason: format!("it is damaged ({reason})"),
                    });
                    drop(store);
                    let _ = std::fs::remove_dir_all(slot.dir());
                    let fresh = Store::create(&slot)?;
                    fresh.update(on_disk, settings)?;
                    fresh
                }
            },
            None => {
                let fresh = Store::create(&slot)?;
                fresh.update(on_disk, settings)?;
                fresh
            }
        };
        if let Some(size) = slot.bound(settings.max_bytes, &held) {
            // Removed from disk; this process still reads the files it has
            // open, and the next ones work in memory.
            notices.push(too_big(size, settings));
        }
        drop(held);
        Ok(store)
    }

    /// The columns that say what the index holds of each file, a segment
    /// at a time.
    fn manifest(&self) -> Result<Vec<Manifest>, String> {
        let searcher = self.reader.searcher();
        searcher
            .segment_readers()
            .iter()
            .map(Manifest::of)
            .collect()
    }

    /// The files to read again and the keys to remove.
    fn changes<'a>(&self, on_disk: &'a [OnDisk]) -> Result<Changes<'a>, String> {
        let columns = self.manifest()?;
        let mut manifest = Manifest::indexed(&columns)?;
        let mut load = Vec::new();
        let now = nanos(SystemTime::now());
        for file in on_disk {
            match manifest.remove(file.key.as_slice()) {
                Some(had) if had.size == file.size && had.mtime == file.mtime => {
                    // Modified close to when it was read: another edit in
                    // the same tick of the clock would not show in the
                    // time. Its content says.
                    let vouches = had.mtime.saturating_add(nanos_of(RACY));
                    if vouches > had.seen {
                        let same = std::fs::read(&file.path)
                            .map(|b| crate::state::content_hash(&b))
                            .ok()
                            == Some(had.hash);
                        // Unchanged, and old enough now for its time to
                        // vouch for it: read again once, so that its
                        // record says so and later runs need not read it
                        // (a library copied in just before its first
                        // listing would otherwise be read whole on every
                        // run).
                        if !same || vouches <= now {
                            load.push(file);
                        }
                    }
                }
                _ => load.push(file),
            }
        }
        Ok(Changes {
            load,
            gone: manifest.into_keys().map(<[u8]>::to_vec).collect(),
        })
    }

    /// Brings the index up to date with `on_disk`: removes the files gone,
    /// reads the new and changed ones, commits.
    fn update(&self, on_disk: &[OnDisk], settings: &Settings) -> Result<(), String> {
        self.reader.reload().map_err(text)?;
        let changes = self.changes(on_disk)?;
        if changes.is_empty() && self.index.load_metas().map_err(text)?.payload.is_some() {
            return Ok(());
        }
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        // One indexing thread makes one segment: a small update stays one.
        let threads = if changes.load.len() < 200 {
            1
        } else {
            cores.clamp(1, 4)
        };
        let mut writer: tantivy::IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(threads, threads * 48_000_000)
            .map_err(text)?;
        writer.set_merge_policy(Box::new(merge_policy()));
        for key in changes.gone.iter() {
            writer.delete_term(path_term(&self.fields, key));
        }
        for file in &changes.load {
            writer.delete_term(path_term(&self.fields, &file.key));
        }
        let next = AtomicUsize::new(0);
        let read = AtomicUsize::new(0);
        let total = changes.load.len();
        settings.progress.tell(0, total);
        let failed = std::sync::Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..cores.min(changes.load.len()).max(1) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = changes.load.get(i) else {
                            break;
                        };
                        let seen = nanos(SystemTime::now());
                        let entry = load_entry(&file.path, &settings.load_options);
                        settings
                            .progress
                            .tell(read.fetch_add(1, Ordering::Relaxed) + 1, total);
                        if entry.briefing().is_none() && !file.path.exists() {
                            // Gone since it was found: nothing to index.
                            continue;
                        }
                        let doc = document(&self.fields, file, seen, &entry);
                        if let Err(e) = writer.add_document(doc)
                            && let Ok(mut slot) = failed.lock()
                        {
                            *slot = Some(e.to_string());
                            break;
                        }
                    }
                });
            }
        });
        if let Some(e) = failed.into_inner().ok().flatten() {
            return Err(e);
        }
        let mut commit = writer.prepare_commit().map_err(text)?;
        commit.set_payload(&payload(settings));
        commit.commit().map_err(text)?;
        writer.wait_merging_threads().map_err(text)?;
        self.reader.reload().map_err(text)?;
        Ok(())
    }
}

/// Segments of like sizes are merged, eight at a time. Tantivy's default
/// takes every segment under 10,000 documents for one size, so that the
/// eighth update of a library of a few thousand files merged it whole,
/// and the command that made it waited for the merge; here the few files
/// of each update merge with one another, and only those.
fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_min_layer_size(16);
    policy
}

fn too_big(size: u64, settings: &Settings) -> Notice {
    let mb = |b: u64| b.div_ceil(1_000_000);
    Notice::InMemory {
        reason: format!(
            "the index would take {} MB, more than the cache may hold ({} MB); \
             raise `max_mb` under `[cache]` in the configuration to keep it",
            mb(size),
            settings.max_bytes.map_or(0, mb)
        ),
    }
}

fn nanos_of(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

/// What an update has to do.
struct Changes<'a> {
    load: Vec<&'a OnDisk>,
    gone: HashSet<Vec<u8>>,
}

impl Changes<'_> {
    fn is_empty(&self) -> bool {
        self.load.is_empty() && self.gone.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::Index;
    use crate::library::index::tests::{settings, write};

    #[test]
    fn a_file_read_in_its_racy_window_is_read_again_once_then_trusted() {
        let lib = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        write(lib.path(), "a.toml", "A", "2024-04-10", "b");
        let path = lib.path().join("a.toml");
        // Written a moment before it is indexed: its time cannot vouch yet.
        let written = SystemTime::now() - Duration::from_millis(200);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(written)
            .unwrap();
        let settings = settings(cache.path());
        let record = |index: &Index| {
            let columns = index.store.manifest().unwrap();
            Manifest::indexed(&columns).unwrap()[b"a.toml".as_slice()]
        };
        let first = Index::open(lib.path(), &settings).unwrap();
        let had = record(&first);
        assert!(had.mtime + nanos_of(RACY) > had.seen, "{had:?}");
        drop(first);

        // Still in its window: read, found the same, left as it is.
        let again = Index::open(lib.path(), &settings).unwrap();
        if nanos(SystemTime::now()) < had.mtime + nanos_of(RACY) {
            assert_eq!(record(&again).seen, had.seen);
        }
        drop(again);

        // Past it: indexed once more, and from then on its time vouches.
        std::thread::sleep(
            (written + RACY)
                .duration_since(SystemTime::now())
                .unwrap_or_default(),
        );
        let later = Index::open(lib.path(), &settings).unwrap();
        let now_had = record(&later);
        assert!(
            now_had.mtime + nanos_of(RACY) <= now_had.seen,
            "{now_had:?}"
        );
        let on_disk = later.discovered();
        assert!(later.store.changes(&on_disk).unwrap().is_empty());
    }
}
