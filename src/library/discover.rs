//! Finding a library's briefings: every `*.toml` file under a folder, with
//! the size and time the index compares.
//!
//! A library of 100,000 files is 100,000 names to list and as many calls to
//! `statx`, most of the time `brief search` takes over it. The root's
//! entries (or, when there are only a few, those of the folders in it) are
//! split among the cores, a run of them each, and each core
//! lists the folders of its run to the bottom and reads its files' metadata
//! there and then (from the folder it listed, while its entries are fresh).
//! A folder that two runs both reach through links is kept from the first
//! run, as a walk of one core would have kept it; one listed to find the
//! entries to split is kept under its own path.

use std::collections::{HashMap, HashSet};
use std::fs::{DirEntry, Metadata};
use std::io;
use std::path::{Path, PathBuf};

/// Every `*.toml` file under `root`, recursively, sorted by path; a file
/// root is itself (whatever its name).
///
/// Hidden folders and files (name starting with `.`) below the root are
/// skipped: they hold editors' lock and backup files and version control.
/// Linked folders are followed once: a folder reached again (a link loop, or
/// two links to one folder) is skipped. A link that leads nowhere is skipped.
///
/// # Errors
/// When the root does not exist or a folder cannot be read; the message
/// names the folder.
pub fn discover(root: &Path) -> io::Result<Vec<PathBuf>> {
    walk(root, true, &|path, _| path)
}

/// [`discover`], each file made into what `keep` makes of its path and its
/// metadata (read anyway to tell files from folders, so that the index can
/// tell which files changed without a second look at each) on the core
/// that found it; in the order the folders list their files, not sorted
/// (the index keys them by path, and a folder's files are read faster in
/// the order the file system keeps them).
///
/// # Errors
/// As [`discover`].
pub fn discover_with<T: Send>(
    root: &Path,
    keep: impl Fn(PathBuf, &Metadata) -> T + Sync,
) -> io::Result<Vec<T>> {
    walk(root, false, &keep)
}

/// What one core found in its run of the root's entries.
struct Run<T> {
    /// The folders it listed, by canonical path, in the order it listed them.
    folders: Vec<PathBuf>,
    /// The files it found, each as `keep` made it, with the folder it was
    /// listed in (an index into [`Run::folders`]).
    files: Vec<(T, usize)>,
}

/// The files under `root`, each as `keep` makes it; sorted by path when
/// `sorted`.
fn walk<T: Send, K: Fn(PathBuf, &Metadata) -> T + Sync>(
    root: &Path,
    sorted: bool,
    keep: &K,
) -> io::Result<Vec<T>> {
    let meta = std::fs::metadata(root)?;
    if !meta.is_dir() {
        return Ok(vec![keep(root.to_path_buf(), &meta)]);
    }
    let canonical = std::fs::canonicalize(root).map_err(|e| with_path(root, e))?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (top, listed) = split_points(root, &canonical, sorted)?;
    // A run for each core, however few the entries: one of them may be a
    // folder of thousands (a library of a folder a year, say), and a thread
    // costs far less than the listing of one folder.
    let threads = cores.min(top.len()).max(1);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = top;
    let size = rest.len().div_ceil(threads);
    while rest.len() > size {
        let tail = rest.split_off(size);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let run = |part: Vec<Listed>| -> io::Result<Run<T>> {
        // The folders listed before the runs count as the root: their
        // files are every run's, and no run lists them again.
        let mut run = Run {
            folders: vec![canonical.clone()],
            files: Vec::new(),
        };
        let mut seen: HashSet<PathBuf> = listed.iter().cloned().collect();
        for (path, entry) in part {
            visit(path, &entry, 0, sorted, keep, &mut seen, &mut run)?;
        }
        Ok(run)
    };
    let runs: Vec<Run<T>> = if parts.len() == 1 {
        parts.into_iter().map(run).collect::<io::Result<_>>()?
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = parts
                .into_iter()
                .map(|part| scope.spawn(|| run(part)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<io::Result<_>>()
        })?
    };
    // Each folder's files from the first run that listed it.
    let mut owner: HashMap<&Path, usize> = HashMap::new();
    let owned: Vec<Vec<bool>> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            run.folders
                .iter()
                .map(|f| *owner.entry(f).or_insert(i) == i || *f == canonical)
                .collect()
        })
        .collect();
    drop(owner);
    let mut kept = Vec::with_capacity(runs.iter().map(|r| r.files.len()).sum());
    for (run, owned) in runs.into_iter().zip(owned) {
        kept.extend(
            run.files
                .into_iter()
                .filter(|(_, folder)| owned[*folder])
                .map(|(file, _)| file),
        );
    }
    Ok(kept)
}

/// An entry of a folder, with its path.
type Listed = (PathBuf, DirEntry);

/// How many levels below the root [`split_points`] looks for entries to
/// split among the cores, and how few entries make it look further.
const SPLIT_DEPTH: usize = 4;
const SPLIT_BELOW: usize = 16;

/// The entries the runs split among them, in walk order, and the canonical
/// paths of the folders listed to find them (the root first). While there
/// are fewer than [`SPLIT_BELOW`] (a library of one folder, or of a folder
/// a year for a year or two), each folder among them that is no link is
/// replaced by its entries, up to [`SPLIT_DEPTH`] levels down: otherwise
/// one core would walk it all. How far it looks does not depend on the
/// cores, so neither does what is found: a folder listed here is kept
/// under its own path, even where a link before it in the walk reaches it.
fn split_points(
    root: &Path,
    canonical: &Path,
    sorted: bool,
) -> io::Result<(Vec<Listed>, Vec<PathBuf>)> {
    let mut top = entries(root, sorted)?;
    let mut listed = vec![canonical.to_path_buf()];
    let folder = |entry: &DirEntry| entry.file_type().is_ok_and(|k| k.is_dir());
    for _ in 0..SPLIT_DEPTH {
        if top.len() >= SPLIT_BELOW || !top.iter().any(|(_, e)| folder(e)) {
            break;
        }
        let mut wider = Vec::new();
        for (path, entry) in top {
            if folder(&entry) {
                // In place of the folder, so the walk's order stays.
                listed.push(std::fs::canonicalize(&path).map_err(|e| with_path(&path, e))?);
                wider.extend(entries(&path, sorted)?);
            } else {
                wider.push((path, entry));
            }
        }
        top = wider;
    }
    Ok((top, listed))
}

/// The entries of folder `dir` but hidden ones, each with its path; sorted
/// by name when `sorted`. Siblings share their folder's path, so the order
/// of their names is the order of their paths (`Path`'s, component by
/// component); sorting 100,000 names a folder at a time is far cheaper
/// than sorting 100,000 whole paths.
fn entries(dir: &Path, sorted: bool) -> io::Result<Vec<Listed>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| with_path(dir, e))? {
        let entry = entry.map_err(|e| with_path(dir, e))?;
        let path = entry.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if !hidden {
            out.push((path, entry));
        }
    }
    if sorted {
        out.sort_unstable_by(|a, b| {
            a.0.as_os_str()
                .as_encoded_bytes()
                .cmp(b.0.as_os_str().as_encoded_bytes())
        });
    }
    Ok(out)
}

/// The entry `path` of the folder `run.folders[folder]`: a briefing file is
/// added to the run with its metadata, a folder not `seen` yet is listed.
fn visit<T, K: Fn(PathBuf, &Metadata) -> T>(
    path: PathBuf,
    entry: &DirEntry,
    folder: usize,
    sorted: bool,
    keep: &K,
    seen: &mut HashSet<PathBuf>,
    run: &mut Run<T>,
) -> io::Result<()> {
    let toml = path.extension().is_some_and(|e| e == "toml");
    // The entry's type comes with the folder's listing: only links and
    // briefing files need a look of their own (one that starts from the
    // folder, not from the root).
    match entry.file_type() {
        Ok(kind) if kind.is_dir() => list(&path, sorted, keep, seen, run),
        Ok(kind) if kind.is_file() => {
            // Gone since it was listed: left out.
            if toml && let Ok(meta) = entry.metadata() {
                run.files.push((keep(path, &meta), folder));
            }
            Ok(())
        }
        Ok(kind) if !kind.is_symlink() => Ok(()),
        _ => {
            // `metadata` follows links; a dangling link fails and is
            // skipped.
            let Ok(meta) = std::fs::metadata(&path) else {
                return Ok(());
            };
            if meta.is_dir() {
                list(&path, sorted, keep, seen, run)?;
            } else if meta.is_file() && toml {
                run.files.push((keep(path, &meta), folder));
            }
            Ok(())
        }
    }
}

/// Lists folder `dir` to the bottom into `run`, unless it was `seen`.
fn list<T, K: Fn(PathBuf, &Metadata) -> T>(
    dir: &Path,
    sorted: bool,
    keep: &K,
    seen: &mut HashSet<PathBuf>,
    run: &mut Run<T>,
) -> io::Result<()> {
    // Canonical paths identify a folder however it was reached.
    let canonical = std::fs::canonicalize(dir).map_err(|e| with_path(dir, e))?;
    if !seen.insert(canonical.clone()) {
        return Ok(());
    }
    run.folders.push(canonical);
    let folder = run.folders.len() - 1;
    for (path, entry) in entries(dir, sorted)? {
        visit(path, &entry, folder, sorted, keep, seen, run)?;
    }
    Ok(())
}

/// `e`, its message led by the path it is about.
fn with_path(path: &Path, e: io::Error) -> io::Error {
    let shown = crate::briefing::diagnostic::display_path(path);
    io::Error::new(e.kind(), format!("{shown}: {e}"))
}
