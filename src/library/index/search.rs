//! The index itself: opening it (or building it again), bringing it up to
//! date with the files, and answering listings and searches from it.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as EngineQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, TantivyDocument, Term};

use super::cache::Slot;
use super::checks::{check_files, check_positions};
use super::columns::{Columns, Everything, Keyed, Match};
use super::query::Query;
use super::record::Record;
use super::words::{self, WordTokenizer, fold};
use super::{
    FORMAT, Fields, Found, Indexed, Listed, Notice, OnDisk, RACY, Settings, document, nanos,
    path_term, reader, schema,
};
use crate::library::load_entry;

/// An index, on disk or in memory, with a reader on its last commit.
pub(super) struct Store {
    index: tantivy::Index,
    reader: IndexReader,
    fields: Fields,
    /// Where it is kept; `None` in memory.
    slot: Option<Slot>,
    /// The slot's folder.
    dir: Option<PathBuf>,
    /// Whether the positions files passed their checksums (checked once).
    positions_checked: std::sync::OnceLock<Result<(), String>>,
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
        let index = with_words(tantivy::Index::create_in_dir(&dir, schema).map_err(text)?);
        let reader = reader(&index).map_err(text)?;
        Ok(Store {
            index,
            reader,
            fields,
            slot: Some(slot.clone()),
            dir: Some(slot.dir()),
            positions_checked: std::sync::OnceLock::new(),
        })
    }

    /// The index in the slot's folder as it is, if it is one this version
    /// wrote under these settings; else why not.
    fn existing(slot: &Slot, settings: &Settings) -> Result<Store, String> {
        let dir = slot.dir();
        if slot.belongs_elsewhere() {
            return Err("it was the index of another folder".to_string());
        }
        let index =
            tantivy::Index::open_in_dir(&dir).map_err(|e| format!("it is damaged ({e})"))?;
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
        Ok(Store {
            index,
            reader,
            fields,
            slot: Some(slot.clone()),
            dir: Some(slot.dir()),
            positions_checked: std::sync::OnceLock::new(),
        })
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

    /// What the index holds of each file, by key.
    fn manifest(&self) -> Result<HashMap<Vec<u8>, Indexed>, String> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let paths = Keyed::of(segment, "path")?.ok_or("it has no paths")?;
            let size = ff.u64("size").map_err(text)?;
            let hash = ff.u64("hash").map_err(text)?;
            let mtime = ff.i64("mtime").map_err(text)?;
            let seen = ff.i64("seen").map_err(text)?;
            for doc in segment.doc_ids_alive() {
                let key = paths.first(doc).ok_or("a document has no path")?.to_vec();
                let indexed = Indexed {
                    size: size.first(doc).ok_or("a document has no size")?,
                    mtime: mtime.first(doc).ok_or("a document has no time")?,
                    seen: seen.first(doc).ok_or("a document has no time")?,
                    hash: hash.first(doc).ok_or("a document has no hash")?,
                };
                if out.insert(key, indexed).is_some() {
                    return Err("a file is in it twice".to_string());
                }
            }
        }
        Ok(out)
    }

    /// The files to read again and the keys to remove.
    fn changes<'a>(&self, on_disk: &'a [OnDisk]) -> Result<Changes<'a>, String> {
        let mut manifest = self.manifest()?;
        let mut load = Vec::new();
        for file in on_disk {
            match manifest.remove(&file.key) {
                Some(had) if had.size == file.size && had.mtime == file.mtime => {
                    // Modified close to when it was read: another edit in
                    // the same tick of the clock would not show in the
                    // time. Its content says.
                    let racy = had.mtime.saturating_add(nanos_of(RACY)) > had.seen;
                    if racy
                        && std::fs::read(&file.path)
                            .map(|b| crate::state::content_hash(&b))
                            .ok()
                            != Some(had.hash)
                    {
                        load.push(file);
                    }
                }
                _ => load.push(file),
            }
        }
        Ok(Changes {
            load,
            gone: manifest.into_keys().collect(),
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
        for key in changes.gone.iter() {
            writer.delete_term(path_term(&self.fields, key));
        }
        for file in &changes.load {
            writer.delete_term(path_term(&self.fields, &file.key));
        }
        let next = AtomicUsize::new(0);
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

    /// Every file the index holds, by its path under the root.
    pub fn listing(&self, files: &HashMap<Vec<u8>, PathBuf>) -> Result<Vec<Listed>, String> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let c = Columns::of(segment)?;
            for doc in segment.doc_ids_alive() {
                let key = c.paths.first(doc).ok_or("a document has no path")?;
                let Some(path) = files.get(key) else {
                    continue;
                };
                let error = c.error.as_ref().and_then(|e| e.first_str(doc));
                let briefing = match error {
                    Some(headline) if !headline.is_empty() => Err(headline.to_string()),
                    _ => Ok(c.summary(doc)?),
                };
                out.push(Listed {
                    path: path.clone(),
                    briefing,
                });
            }
        }
        Ok(out)
    }

    /// The files that do not load, with their headlines.
    pub fn broken(
        &self,
        files: &HashMap<Vec<u8>, PathBuf>,
    ) -> Result<Vec<(PathBuf, String)>, String> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let Some(errors) = Keyed::of(segment, "error")? else {
                continue;
            };
            let paths = Keyed::of(segment, "path")?.ok_or("it has no paths")?;
            for doc in segment.doc_ids_alive() {
                if let Some(headline) = errors.first_str(doc).filter(|h| !h.is_empty()) {
                    let key = paths.first(doc).ok_or("a document has no path")?;
                    if let Some(path) = files.get(key) {
                        out.push((path.clone(), headline.to_string()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The briefings matching `query`, best first, with their hits.
    pub fn search(
        &self,
        query: &Query,
        limit: Option<usize>,
        files: &HashMap<Vec<u8>, PathBuf>,
    ) -> Result<Vec<Found>, String> {
        let searcher = self.reader.searcher();
        let phrases = query
            .terms
            .iter()
            .chain(&query.statuses)
            .any(|t| t.len() > 1)
            || !query.sections.is_empty();
        if phrases && self.slot.is_some() {
            self.positions_checked
                .get_or_init(|| check_positions(&self.index))
                .clone()?;
        }
        let engine_query = self.engine_query(query);
        let mut matched = searcher
            .search(engine_query.as_ref(), &Everything)
            .map_err(text)?;
        // Best first; ties newest first, then by path.
        matched.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.date.cmp(&a.date))
                .then_with(|| a.key.cmp(&b.key))
        });
        let limit = limit.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        // Hits are found in the stored texts of each briefing, in batches
        // on every core; a batch is twice what the limit still wants, so a
        // picker that wants the first few reads little more than those.
        let mut rest = &matched[..];
        while out.len() < limit && !rest.is_empty() {
            let want = limit.saturating_sub(out.len()).saturating_mul(2).max(64);
            let (batch, after) = rest.split_at(want.min(rest.len()));
            rest = after;
            for found in self.verify(&searcher, batch, query, files)? {
                if out.len() >= limit {
                    break;
                }
                out.extend(found);
            }
        }
        Ok(out)
    }

    /// The hits in each of `batch`, in its order (`None` for a briefing
    /// without any: its words are in different places, or its case is not
    /// the query's).
    fn verify(
        &self,
        searcher: &tantivy::Searcher,
        batch: &[Match],
        query: &Query,
        files: &HashMap<Vec<u8>, PathBuf>,
    ) -> Result<Vec<Option<Found>>, String> {
        let one = |m: &Match| -> Result<Option<Found>, String> {
            let Some(path) = files.get(&m.key) else {
                return Ok(None);
            };
            let doc: TantivyDocument = searcher.doc(m.address).map_err(text)?;
            let Some(bytes) = doc.get_first(self.fields.record).and_then(|v| v.as_bytes()) else {
                // A file that does not load has no texts.
                return Ok(None);
            };
            let stored_key = doc.get_first(self.fields.path).and_then(|v| v.as_bytes());
            if stored_key != Some(m.key.as_slice()) {
                return Err("a stored briefing is not where its path says".to_string());
            }
            let record = Record::decode(bytes).ok_or("a stored briefing is damaged")?;
            let hits = record
                .hits(query)
                .ok_or("a stored briefing is of another version")?;
            Ok((!hits.is_empty()).then(|| Found {
                path: path.clone(),
                score: m.score,
                hits,
            }))
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = cores.min(batch.len() / 16).max(1);
        if threads == 1 {
            return batch.iter().map(one).collect();
        }
        let chunk = batch.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(one).collect::<Vec<_>>()))
                .collect();
            let mut out = Vec::with_capacity(batch.len());
            for w in workers {
                let part = w.join().map_err(|_| "the index is damaged".to_string())?;
                for found in part {
                    out.push(found?);
                }
            }
            Ok(out)
        })
    }

    /// The query for the search engine: every word and phrase, ranked;
    /// every filter, not ranked. It finds every briefing that can hold a
    /// match (a place must then hold all of them, which the record says).
    fn engine_query(&self, query: &Query) -> Box<dyn EngineQuery> {
        let f = &self.fields;
        let words_in = |field, found: &[String]| -> Box<dyn EngineQuery> {
            let terms: Vec<Term> = found
                .iter()
                .map(|w| Term::from_field_text(field, &fold(w)))
                .collect();
            match terms.len() {
                1 => Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            }
        };
        let unranked = |q: Box<dyn EngineQuery>| -> Box<dyn EngineQuery> {
            Box::new(ConstScoreQuery::new(q, 0.0))
        };
        let mut clauses: Vec<(Occur, Box<dyn EngineQuery>)> = Vec::new();
        for term in &query.terms {
            clauses.push((Occur::Must, words_in(f.text, term)));
        }
        for tag in &query.tags {
            let q = TermQuery::new(Term::from_field_text(f.tag, tag), IndexRecordOption::Basic);
            clauses.push((Occur::Must, unranked(Box::new(q))));
        }
        for status in &query.statuses {
            clauses.push((Occur::Must, unranked(words_in(f.status, status))));
        }
        for section in &query.sections {
            let id = TermQuery::new(
                Term::from_field_text(f.section_id, &fold(section)),
                IndexRecordOption::Basic,
            );
            let mut either: Vec<(Occur, Box<dyn EngineQuery>)> =
                vec![(Occur::Should, Box::new(id))];
            let title = words::words(section, false);
            if !title.is_empty() {
                either.push((Occur::Should, words_in(f.section_title, &title)));
            }
            clauses.push((Occur::Must, unranked(Box::new(BooleanQuery::new(either)))));
        }
        if query.after.is_some() || query.before.is_some() {
            let bound = |d: Option<u32>, inclusive: bool| match d {
                Some(d) if inclusive => Bound::Included(Term::from_field_u64(f.date, u64::from(d))),
                Some(d) => Bound::Excluded(Term::from_field_u64(f.date, u64::from(d))),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(query.after, true), bound(query.before, false));
            clauses.push((Occur::Must, unranked(Box::new(range))));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn too_big(size: u64, settings: &Settings) -> Notice {
    let mb = |b: u64| b.div_ceil(1_000_000);
    Notice::InMemory {
        reason: format!(
            "the index would take {} MB, more than the cache may hold ({} MB)",
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
