//! The library's full-text index: what `brief list` shows of each briefing
//! and every text `brief search` looks at, kept on disk so that neither
//! parses every file again.
//!
//! One index per library folder, in `$XDG_CACHE_HOME/brief/index/` (else
//! `~/.cache/brief/index/`), built with tantivy: one document per briefing
//! file, holding its texts for BM25 ranking, its listing (date, title,
//! counts, tags, or the first error of a broken file) in columns, and its
//! texts by place, from which hits and snippets are computed.
//!
//! [`Index::open`] brings the index up to date before answering: a file is
//! read again only when its size or modification time changed (or, when it
//! was modified within two seconds of being read, when its content hash
//! changed: a coarse clock cannot tell those edits apart); files gone or
//! renamed leave the index. Several processes may open one index at once:
//! one updates it while the others wait for it, then read what it wrote.
//! An index that cannot be read, or that another version or other settings
//! wrote, is deleted and built again, with a one-line [`Notice`].

mod answer;
mod cache;
mod checks;
mod columns;
mod folder;
mod occurrences;
pub mod query;
mod record;
mod store;
mod words;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tantivy::schema::{
    BytesOptions, FAST, Field as SchemaField, INDEXED, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::briefing::{Date, LoadOptions};
use crate::library::{Entry, Hit};

pub use cache::{clear, default_cache_dir, usage};
pub use query::{Query, QueryError, parse};

/// Version of what this module writes: an index of another version is
/// built again. Raise it whenever the schema or the record changes.
const FORMAT: u32 = 2;

/// How long a file's modification time must be older than the moment it
/// was read for its time and size to vouch for its content (clocks of file
/// systems tick as coarsely as 2 s).
const RACY: Duration = Duration::from_secs(2);

/// How an index is kept and updated: given by the caller (the command line
/// passes what the configuration says).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The cache folder (`…/brief`); `None` keeps the index in memory for
    /// this process only.
    pub cache_dir: Option<PathBuf>,
    /// The most the cache folder may hold, in bytes; `None`: no bound.
    pub max_bytes: Option<u64>,
    /// How briefings are loaded (a file that loads under one key map may
    /// not under another, so the index remembers these).
    pub load_options: LoadOptions,
    /// How long to wait for another process that is updating the same
    /// index before answering without the index.
    pub wait: Duration,
    /// Told how far an update has come (for a first build of a large
    /// library, which reads every file).
    pub progress: Progress,
}

/// What an update tells as it reads files: how many of those it has to
/// read are read. Called from the threads that read them, each time one
/// is read; what it does with that (drawing a count, say) must be cheap or
/// thinned out by time.
#[derive(Clone, Default)]
pub struct Progress(Option<std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>>);

impl Progress {
    /// Calls `tell(done, total)` as files are read.
    pub fn new(tell: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(std::sync::Arc::new(tell)))
    }

    /// `done` of `total` files read.
    pub(crate) fn tell(&self, done: usize, total: usize) {
        if let Some(tell) = &self.0 {
            tell(done, total);
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(told)"
        } else {
            "Progress(none)"
        })
    }
}

impl Settings {
    /// The user's cache folder, no bound, default loading, a wait of 30 s.
    pub fn new(load_options: LoadOptions) -> Settings {
        Settings {
            cache_dir: default_cache_dir(),
            max_bytes: None,
            load_options,
            wait: Duration::from_secs(30),
            progress: Progress::default(),
        }
    }
}

/// Something the index had to do that the user should hear of, in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The index could not be used and was built again.
    Rebuilt {
        /// The index's folder.
        dir: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// The index is kept in memory for this run only.
    InMemory {
        /// Why it is not on disk.
        reason: String,
    },
    /// Another process held the index for this long.
    Waited(Duration),
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Rebuilt { dir, reason } => write!(
                f,
                "note: rebuilt the search index {}: {reason}",
                crate::briefing::diagnostic::display_path(dir)
            ),
            Notice::InMemory { reason } => {
                write!(f, "note: searching without the index cache: {reason}")
            }
            Notice::Waited(d) => write!(
                f,
                "note: waited {:.1} s for another brief updating the search index",
                d.as_secs_f64()
            ),
        }
    }
}

/// Why the library could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The library's folder (or file) cannot be read.
    #[error("{0}")]
    Root(#[source] io::Error),
    /// Neither the index on disk nor one in memory could be made.
    #[error("the search index failed: {0}")]
    Index(String),
}

/// What `brief list` and the picker show of a briefing that loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Its date.
    pub date: Date,
    /// Its title.
    pub title: String,
    /// How many sections it has.
    pub sections: usize,
    /// How many items, in all its sections.
    pub items: usize,
    /// The briefing's own tags.
    pub tags: Vec<String>,
}

/// One file of the library as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The file, as discovered under the root given to [`Index::open`].
    pub path: PathBuf,
    /// What it holds, or the headline of its first error.
    pub briefing: Result<Summary, String>,
}

impl Listed {
    /// A file already loaded, as the index would list it.
    pub fn of(entry: &Entry) -> Listed {
        Listed {
            path: entry.path.clone(),
            briefing: match entry.briefing() {
                Some(b) => Ok(Summary {
                    date: b.meta.date,
                    title: b.meta.title.to_string(),
                    sections: b.sections.len(),
                    items: b.item_count(),
                    tags: b.meta.tags.iter().map(ToString::to_string).collect(),
                }),
                None => Err(entry.headline().unwrap_or_default()),
            },
        }
    }
}

/// The hits of a search in one briefing.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// Its BM25 score for the query's words (0 for a query of filters only).
    pub score: f32,
    /// The hits, in reading order.
    pub hits: Vec<Hit>,
}

/// The fields of the index's documents.
#[derive(Debug, Clone, Copy)]
struct Fields {
    /// The file's path below the root (bytes of the OS string): the key.
    path: SchemaField,
    size: SchemaField,
    /// Modification time, nanoseconds since 1970.
    mtime: SchemaField,
    /// When the file was read, nanoseconds since 1970.
    seen: SchemaField,
    hash: SchemaField,
    /// The briefing's date, `YYYYMMDD`; 0 for a broken file.
    date: SchemaField,
    title: SchemaField,
    sections: SchemaField,
    items: SchemaField,
    /// The briefing's own tags, as written (listing).
    tags: SchemaField,
    /// Headline of the first error; empty when the file loads.
    error: SchemaField,
    /// Every text, in words (ranked search).
    text: SchemaField,
    /// Every tag of the briefing and its items, folded (`tag:`).
    tag: SchemaField,
    /// Every item's status, in words (`status:`).
    status: SchemaField,
    /// Every section's id, folded (`section:`).
    section_id: SchemaField,
    /// Every section's title, in words (`section:`).
    section_title: SchemaField,
    /// The [`record::Record`], encoded.
    record: SchemaField,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = |positions: bool| {
        let option = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::Basic
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(words::TOKENIZER)
                .set_index_option(option),
        )
    };
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let column = TextOptions::default().set_fast("raw");
    let number = NumericOptions::from(FAST);
    let fields = Fields {
        path: b.add_bytes_field(
            "path",
            BytesOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        size: b.add_u64_field("size", number.clone()),
        mtime: b.add_i64_field("mtime", number.clone()),
        seen: b.add_i64_field("seen", number.clone()),
        hash: b.add_u64_field("hash", number.clone()),
        date: b.add_u64_field("date", NumericOptions::from(INDEXED | FAST)),
        title: b.add_text_field("title", column.clone()),
        sections: b.add_u64_field("sections", number.clone()),
        items: b.add_u64_field("items", number),
        tags: b.add_text_field("tags", column.clone()),
        error: b.add_text_field("error", column),
        text: b.add_text_field("text", words(true)),
        tag: b.add_text_field("tag", exact.clone()),
        status: b.add_text_field("status", words(true)),
        section_id: b.add_text_field("section_id", exact),
        section_title: b.add_text_field("section_title", words(true)),
        record: b.add_bytes_field("record", BytesOptions::default().set_stored()),
    };
    (b.build(), fields)
}

/// A briefing file found under the root, with what tells the index
/// whether it changed ([`Index::discover`]).
#[derive(Debug, Clone)]
pub struct OnDisk {
    path: PathBuf,
    key: Vec<u8>,
    size: u64,
    mtime: i64,
}

impl OnDisk {
    /// The file `path` under `root`, as it is now (`meta`).
    fn new(root: &Path, path: PathBuf, meta: &std::fs::Metadata) -> OnDisk {
        OnDisk {
            key: key_of(root, &path),
            size: meta.len(),
            mtime: meta.modified().map_or(0, nanos),
            path,
        }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What the index holds of a file.
#[derive(Debug, Clone, Copy)]
struct Indexed {
    size: u64,
    mtime: i64,
    seen: i64,
    hash: u64,
}

/// Nanoseconds since 1970, saturating (and negative before).
fn nanos(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// The key of a file: its path below the root, as bytes.
fn key_of(root: &Path, path: &Path) -> Vec<u8> {
    path.strip_prefix(root)
        .unwrap_or(path)
        .as_os_str()
        .as_encoded_bytes()
        .to_vec()
}

/// The files found under the root, by key; hashed with foldhash: a library
/// of 100,000 files is as many keys hashed at every run, several times
/// slower with SipHash (the standard map's).
pub(super) type Files = HashMap<Vec<u8>, PathBuf, foldhash::fast::RandomState>;

/// The library's index, up to date with its files when opened.
pub struct Index {
    root: PathBuf,
    store: store::Store,
    /// The files found under the root, by key.
    files: Files,
    settings: Settings,
    notices: Vec<Notice>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("root", &self.root)
            .field("files", &self.files.len())
            .field("notices", &self.notices)
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Opens the index of the briefings under `root` (a folder, or one
    /// file) and brings it up to date with them.
    ///
    /// # Errors
    /// [`Error::Root`] when `root` cannot be read (its message names it);
    /// [`Error::Index`] when no index could be made even in memory.
    pub fn open(root: &Path, settings: &Settings) -> Result<Index, Error> {
        let found = Index::discover(root).map_err(Error::Root)?;
        Index::open_found(root, found, settings)
    }

    /// The briefing files under `root` (a folder, or one file), each with
    /// what the index compares to tell whether it changed: found on every
    /// core ([`crate::library::discover_with`]), in no particular order.
    ///
    /// # Errors
    /// When the root does not exist or a folder cannot be read; the message
    /// names the folder.
    pub fn discover(root: &Path) -> std::io::Result<Vec<OnDisk>> {
        crate::library::discover_with(root, |path, meta| OnDisk::new(root, path, meta))
    }

    /// [`Index::open`] for the files `on_disk` under `root` that
    /// [`Index::discover`] found, for a caller that has listed them already.
    ///
    /// # Errors
    /// [`Error::Index`] when no index could be made even in memory.
    pub fn open_found(
        root: &Path,
        on_disk: Vec<OnDisk>,
        settings: &Settings,
    ) -> Result<Index, Error> {
        let mut notices = Vec::new();
        // A single file is cheaper to read than an index to keep.
        let folder = std::fs::metadata(root).is_ok_and(|m| m.is_dir());
        let cache_dir = settings.cache_dir.clone().filter(|_| folder);
        let store = store::Store::open(root, cache_dir, settings, &on_disk, &mut notices)
            .map_err(Error::Index)?;
        let files = on_disk.into_iter().map(|f| (f.key, f.path)).collect();
        Ok(Index {
            root: root.to_path_buf(),
            store,
            files,
            settings: settings.clone(),
            notices,
        })
    }

    /// How many files the library has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the library has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files that do not load, by path, with the headline of the first
    /// error of each.
    ///
    /// # Errors
    /// When the index cannot be read even after building it again.
    pub fn broken(&mut self) -> Result<Vec<(PathBuf, String)>, Error> {
        let mut out = self.with_retry(|store, files| store.broken(files))?;
        out.sort();
        Ok(out)
    }

    /// What had to be done that the user should hear of.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The folder of the index on disk; `None` when it is in memory.
    pub fn location(&self) -> Option<&Path> {
        self.store.dir()
    }

    /// Every file of the library, newest briefing first, then by title and
    /// path; files that do not load last, by path (the order of
    /// [`crate::library::listing_order`]).
    ///
    /// # Errors
    /// When the index cannot be read even after building it again.
    pub fn listing(&mut self) -> Result<Vec<Listed>, Error> {
        let mut out = self.with_retry(|store, files| store.listing(files))?;
        out.sort_by(listing_order);
        Ok(out)
    }

    /// The briefings that match `query`, best first, each with its hits in
    /// reading order; at most `limit` briefings when given. Ties (and
    /// queries of filters only, where every score is 0) go newest first,
    /// then by path.
    ///
    /// # Errors
    /// When the index cannot be read even after building it again.
    pub fn search(&mut self, query: &Query, limit: Option<usize>) -> Result<Vec<Found>, Error> {
        self.with_retry(|store, files| store.search(query, limit, files))
    }

    /// Runs `f` on the store; when the index fails under it (an error, or
    /// a panic in the search engine on damaged data), builds the index
    /// again once and runs `f` again.
    fn with_retry<T>(
        &mut self,
        f: impl Fn(&store::Store, &Files) -> Result<T, String>,
    ) -> Result<T, Error> {
        let attempt = |store: &store::Store, files: &Files| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(store, files)))
                .unwrap_or_else(|_| Err("the index is damaged".to_string()))
        };
        match attempt(&self.store, &self.files) {
            Ok(v) => Ok(v),
            Err(reason) => {
                let on_disk = self.discovered();
                self.store = store::Store::rebuild(
                    &self.root,
                    &self.store,
                    &self.settings,
                    &on_disk,
                    reason,
                    &mut self.notices,
                )
                .map_err(Error::Index)?;
                attempt(&self.store, &self.files).map_err(Error::Index)
            }
        }
    }

    /// The files found when the index was opened, as [`OnDisk`] records
    /// (their times read again: they are only needed to rebuild).
    fn discovered(&self) -> Vec<OnDisk> {
        let mut out: Vec<OnDisk> = self
            .files
            .values()
            .filter_map(|path| {
                let meta = std::fs::metadata(path).ok()?;
                Some(OnDisk::new(&self.root, path.clone(), &meta))
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

/// The order of [`Index::listing`] and of the picker's rows: newest
/// briefing first, then by title and path; files that do not load last, by
/// path.
pub fn listing_order(a: &Listed, b: &Listed) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (&a.briefing, &b.briefing) {
        (Ok(x), Ok(y)) => y
            .date
            .cmp(&x.date)
            .then_with(|| x.title.cmp(&y.title))
            .then_with(|| a.path.cmp(&b.path)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.path.cmp(&b.path),
    }
}

/// The document of one loaded file.
fn document(fields: &Fields, file: &OnDisk, seen: i64, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_bytes(fields.path, &file.key);
    doc.add_u64(fields.size, file.size);
    doc.add_i64(fields.mtime, file.mtime);
    doc.add_i64(fields.seen, seen);
    doc.add_u64(fields.hash, entry.content_hash.unwrap_or(0));
    match entry.briefing() {
        Some(b) => {
            let record = record::Record::new(b);
            doc.add_u64(fields.date, u64::from(record.date));
            doc.add_text(fields.title, &b.meta.title);
            doc.add_u64(
                fields.sections,
                u64::try_from(b.sections.len()).unwrap_or(u64::MAX),
            );
            doc.add_u64(
                fields.items,
                u64::try_from(b.item_count()).unwrap_or(u64::MAX),
            );
            for tag in &b.meta.tags {
                doc.add_text(fields.tags, tag);
            }
            for text in record.all_texts() {
                doc.add_text(fields.text, text);
            }
            for tag in record.all_tags() {
                doc.add_text(fields.tag, words::fold(tag));
            }
            for status in record.all_statuses() {
                doc.add_text(fields.status, status);
            }
            for id in &record.section_ids {
                doc.add_text(fields.section_id, words::fold(id));
            }
            for title in record.section_titles() {
                doc.add_text(fields.section_title, title);
            }
            doc.add_bytes(fields.record, &record.encode());
        }
        None => {
            doc.add_u64(fields.date, 0);
            doc.add_text(
                fields.error,
                entry
                    .headline()
                    .unwrap_or_else(|| "the file does not load".to_string()),
            );
        }
    }
    doc
}

/// The term that finds a file's document.
fn path_term(fields: &Fields, key: &[u8]) -> Term {
    Term::from_field_bytes(fields.path, key)
}

/// A reader that reloads only when told: a process answers from the state
/// it opened, or updated itself.
fn reader(index: &tantivy::Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

#[cfg(test)]
pub(super) mod tests;
