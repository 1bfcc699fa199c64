//! A library of briefings: every briefing file under a folder, loaded in
//! parallel, ordered for listing, and searched as a whole.
//!
//! `brief list`, `brief search` and the reader's picker are built on this
//! module and its [`index`]; without an index the picker fills in from
//! [`load_streaming`].

mod discover;
pub mod index;
mod search;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use crate::briefing::{Briefing, LoadOptions, Report, Severity, load_owned, read_file};

pub use discover::{discover, discover_with};
pub use search::{
    BRIEFING_LABEL, Field, Hit, PEOPLE_LABEL, Place, SNIPPET_WIDTH, SOURCES_LABEL, Snippet, search,
    snippet,
};

/// One briefing file of the library, loaded or not.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file, as discovered.
    pub path: PathBuf,
    /// FNV-1a hash of the file's bytes (see [`crate::state::content_hash`]);
    /// `None` when the file could not be read.
    pub content_hash: Option<u64>,
    /// The briefing, or every problem that stopped it from loading (kept so
    /// the reader can show the diagnostics when the file is chosen).
    pub result: Result<Arc<Briefing>, Arc<Report>>,
}

impl Entry {
    /// The briefing, when the file loaded.
    pub fn briefing(&self) -> Option<&Arc<Briefing>> {
        self.result.as_ref().ok()
    }

    /// The report, when the file did not load.
    pub fn report(&self) -> Option<&Report> {
        self.result.as_ref().err().map(Arc::as_ref)
    }

    /// Why a broken file did not load, in one line: the headline
    /// (`PATH:LINE:COL: error: …`) of its first error (a warning before it
    /// is not the reason).
    pub fn headline(&self) -> Option<String> {
        let report = self.report()?;
        report
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| report.headline(d))
            .or_else(|| report.first_headline())
    }
}

/// `work` on `items` cut into as many parts as there are cores (at most
/// one part per `per_thread` items, so that a short list stays on this
/// thread), each on a thread of its own; the parts' results in the order
/// of `items`. A worker's panic is this thread's.
pub(crate) fn on_cores<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    work: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len() / per_thread.max(1)).max(1);
    if threads == 1 {
        return work(items);
    }
    let work = &work;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Loads one file into an [`Entry`], hashing the bytes it read.
pub fn load_entry(path: &Path, opts: &LoadOptions) -> Entry {
    // The loader reads the file (within its size limit) and words every
    // reason it cannot be read.
    let (content_hash, result) = match read_file(path) {
        Ok(bytes) => (
            Some(crate::state::content_hash(&bytes)),
            load_owned(path, bytes, opts),
        ),
        Err(report) => (None, Err(report)),
    };
    Entry {
        path: path.to_path_buf(),
        content_hash,
        result: result
            .map(|loaded| Arc::new(loaded.briefing))
            .map_err(Arc::new),
    }
}

/// How many threads load files: one per core, never more than files.
fn workers(files: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(files).max(1)
}

/// Loads `paths` on every core, calling `sink(index, entry)` as each file
/// finishes (in no particular order) until `sink` returns `false`.
fn load_parallel(
    paths: &[PathBuf],
    opts: &LoadOptions,
    sink: impl Fn(usize, Entry) -> bool + Sync,
) {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers(paths.len()) {
            scope.spawn(|| {
                while !stop.load(AtomicOrdering::Relaxed) {
                    let i = next.fetch_add(1, AtomicOrdering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    if !sink(i, load_entry(path, opts)) {
                        stop.store(true, AtomicOrdering::Relaxed);
                    }
                }
            });
        }
    });
}

/// Loads every file on all cores; the entries come back in the order of
/// `paths`. `on_progress(done, total)` is called after each file, from the
/// loading threads.
pub fn load_all(
    paths: &[PathBuf],
    opts: &LoadOptions,
    on_progress: impl Fn(usize, usize) + Sync,
) -> Vec<Entry> {
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Entry>>> = Mutex::new(vec![None; paths.len()]);
    load_parallel(paths, opts, |i, entry| {
        if let Ok(mut slots) = slots.lock()
            && let Some(slot) = slots.get_mut(i)
        {
            *slot = Some(entry);
        }
        let n = done.fetch_add(1, AtomicOrdering::Relaxed) + 1;
        on_progress(n, paths.len());
        true
    });
    slots
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// Loads every file on all cores and sends each `(index into paths, entry)`
/// as soon as it is loaded, in no particular order. Returns when every file
/// is loaded, or early once the receiver is gone.
pub fn load_streaming(paths: &[PathBuf], opts: &LoadOptions, tx: &Sender<(usize, Entry)>) {
    load_parallel(paths, opts, |i, entry| tx.send((i, entry)).is_ok());
}

/// The order of listings: newest briefing date first, then title, then
/// path; files that did not load come last, by path, so the briefings
/// read first and the problems gather at the end, next to the exit status.
pub fn listing_order(a: &Entry, b: &Entry) -> Ordering {
    match (a.briefing(), b.briefing()) {
        (Some(x), Some(y)) => y
            .meta
            .date
            .cmp(&x.meta.date)
            .then_with(|| x.meta.title.cmp(&y.meta.title))
            .then_with(|| a.path.cmp(&b.path)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.path.cmp(&b.path),
    }
}

/// Sorts entries for a listing (see [`listing_order`]).
pub fn sort_for_listing(entries: &mut [Entry]) {
    entries.sort_by(listing_order);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn briefing(title: &str, date: &str) -> String {
        format!(
            "format = 1\n[briefing]\ntitle = \"{title}\"\ndate = {date}\n\
             [[sections]]\nid = \"a\"\ntitle = \"A\"\n[[sections.items]]\ntitle = \"x\"\n"
        )
    }

    #[test]
    fn discover_lists_in_the_order_of_paths() {
        // Names whose bytes sort around the separator's: a folder's files
        // come before a sibling whose name only starts like the folder's.
        let names = [
            "a/b.toml",
            "a-b.toml",
            "a.toml",
            "a/b/c.toml",
            "ab.toml",
            "a b.toml",
            "A.toml",
            "é.toml",
            "e.toml",
            "a0/x.toml",
            "a\u{7f}.toml",
            "日本.toml",
            "a-/z.toml",
            "a./y.toml",
        ];
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in names {
            write(root, name, "");
        }
        let found = discover(root).unwrap();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found.len(), names.len());
        assert_eq!(found, sorted);
        // Each as its `keep` makes it: the same files, in the order they
        // were found.
        let mut with_meta = discover_with(root, |p, m| (p, m.clone())).unwrap();
        assert!(with_meta.iter().all(|(_, m)| m.is_file()));
        with_meta.sort_by(|a, b| a.0.cmp(&b.0));
        let paths: Vec<_> = with_meta.into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, found);
    }

    #[test]
    fn discover_skips_hidden_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "b.toml", "");
        write(root, "a/c.toml", "");
        write(root, "a/notes.txt", "");
        write(root, ".git/x.toml", "");
        write(root, "a/.#lock.toml", "");
        let found = discover(root).unwrap();
        let rel: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap())
            .collect();
        assert_eq!(rel, [Path::new("a/c.toml"), Path::new("b.toml")]);
        // A file root is itself, whatever its name.
        let txt = root.join("a/notes.txt");
        assert_eq!(discover(&txt).unwrap(), vec![txt]);
        assert!(discover(&root.join("missing")).is_err());
    }

    /// Two runs of the root's entries (one a core) both reach a folder
    /// through links: its files are listed once, under the path the first
    /// link in the order of paths gives them, as one walk would list them.
    #[cfg(unix)]
    #[test]
    fn a_folder_two_runs_reach_is_listed_once_from_the_first() {
        // Every core gets a run of the root's entries, however few: the
        // links at both ends of the root fall to different runs.
        for files in [2, 300] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            let shared = tempfile::tempdir().unwrap();
            write(shared.path(), "s.toml", "");
            write(shared.path(), "deep/t.toml", "");
            for i in 0..files {
                write(root, &format!("f{i:03}.toml"), "");
            }
            std::os::unix::fs::symlink(shared.path(), root.join("a-link")).unwrap();
            std::os::unix::fs::symlink(shared.path(), root.join("z-link")).unwrap();
            std::os::unix::fs::symlink(shared.path().join("deep"), root.join("m-deep")).unwrap();
            let found = discover(root).unwrap();
            let rel: Vec<_> = found
                .iter()
                .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
                .filter(|p| !p.to_string_lossy().starts_with('f'))
                .collect();
            assert_eq!(
                rel,
                [Path::new("a-link/deep/t.toml"), Path::new("a-link/s.toml")],
                "{files} files"
            );
            assert_eq!(found.len(), files + 2);
            // In the order the folders list their entries, the first link
            // listed may be another: each shared file is still there once.
            let unordered = discover_with(root, |p, m| (p, m.clone())).unwrap();
            assert_eq!(unordered.len(), files + 2);
            for name in ["s.toml", "t.toml"] {
                let named = unordered.iter().filter(|(p, _)| p.ends_with(name));
                assert_eq!(named.count(), 1, "{name}, {files} files");
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_root_of_one_folder_is_split_below_it_and_its_folders_keep_their_own_paths() {
        // The runs split the entries of `all/` and `all/years/`: the links
        // in them, to a folder outside and back to folders already listed,
        // keep their files once.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let shared = tempfile::tempdir().unwrap();
        write(shared.path(), "s.toml", "");
        let mut expected = vec![];
        for y in ["2023", "2024"] {
            for i in 0..150 {
                let name = format!("all/years/{y}/f{i:03}.toml");
                write(root, &name, "");
                expected.push(PathBuf::from(name));
            }
        }
        write(root, "all/a.toml", "");
        write(root, "all/years/b.toml", "");
        write(root, "all/.hidden/c.toml", "");
        std::os::unix::fs::symlink(shared.path(), root.join("all/a-link")).unwrap();
        std::os::unix::fs::symlink(shared.path(), root.join("all/years/z-link")).unwrap();
        std::os::unix::fs::symlink(root.join("all"), root.join("all/years/2024/up")).unwrap();
        std::os::unix::fs::symlink(root.join("all/years"), root.join("all/m-years")).unwrap();
        expected.extend(["all/a.toml", "all/a-link/s.toml", "all/years/b.toml"].map(PathBuf::from));
        expected.sort();
        let found = discover(root).unwrap();
        let rel: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(rel, expected);
        let unordered = discover_with(root, |p, _| p).unwrap();
        assert_eq!(unordered.len(), expected.len());
        let unique: std::collections::HashSet<_> = unordered.iter().collect();
        assert_eq!(unique.len(), expected.len());
    }

    #[cfg(unix)]
    #[test]
    fn discover_survives_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/x.toml", "");
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling.toml")).unwrap();
        let found = discover(root).unwrap();
        assert_eq!(found, [root.join("a/x.toml")]);
    }

    #[test]
    fn listing_is_newest_first_then_title_and_broken_last() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let paths = vec![
            write(root, "1.toml", &briefing("Old", "2023-01-01")),
            write(root, "2.toml", "[broken"),
            write(root, "3.toml", &briefing("New B", "2024-06-01")),
            write(root, "4.toml", &briefing("New A", "2024-06-01")),
        ];
        let mut entries = load_all(&paths, &LoadOptions::default(), |_, _| {});
        sort_for_listing(&mut entries);
        let names: Vec<_> = entries
            .iter()
            .map(|e| e.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["4.toml", "3.toml", "1.toml", "2.toml"]);
        assert!(entries[3].headline().unwrap().contains("invalid TOML"));
        assert!(entries[0].content_hash.is_some());
    }

    #[test]
    fn the_headline_of_a_broken_file_is_its_first_error() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            briefing("Tab\there", "2024-01-01").replace("id = \"a\"", "id = \"a\"\nnope = 1");
        let path = write(dir.path(), "w.toml", &text);
        let entry = load_entry(&path, &LoadOptions::default());
        let report = entry.report().unwrap();
        assert!(report.first_headline().unwrap().contains("warning"));
        let headline = entry.headline().unwrap();
        assert!(headline.contains("error: unknown key `nope`"), "{headline}");
    }

    #[test]
    fn unreadable_files_are_entries_with_a_report() {
        let entry = load_entry(Path::new("no/such/file.toml"), &LoadOptions::default());
        assert_eq!(entry.content_hash, None);
        assert!(entry.headline().unwrap().contains("cannot read"));
    }
}
