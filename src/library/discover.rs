//! Finding a library's briefings: every `*.toml` file under a folder, with
//! the size and time the index compares.
//!
//! A library of 100,000 files is 100,000 names to list and as many calls to
//! `statx`, most of the time `brief search` takes over it. The root's
//! entries are split among the cores, a run of them each, and each core
//! lists the folders of its run to the bottom and reads its files' metadata
//! there and then (from the folder it listed, while its entries are fresh).
//! A folder that two runs both reach through links is kept from the first
//! run, as a walk of one core would have kept it.

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
    let entries = entries(root, sorted)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A run for each core, however few the root's entries: one of them may
    // be a folder of thousands (a library of a folder a year, say), and a
    // thread costs far less than the listing of one folder.
    let threads = cores.min(entries.len()).max(1);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = entries;
    let size = rest.len().div_ceil(threads);
    while rest.len() > size {
        let tail = rest.split_off(size);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let run = |part: Vec<(PathBuf, DirEntry)>| -> io::Result<Run<T>> {
        let mut run = Run {
            folders: vec![canonical.clone()],
            files: Vec::new(),
        };
        let mut seen = HashSet::from([canonical.clone()]);
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

/// The entries of folder `dir` but hidden ones, each with its path; sorted
/// by name when `sorted`. Siblings share their folder's path, so the order
/// of their names is the order of their paths (`Path`'s, component by
/// component); sorting 100,000 names a folder at a time is far cheaper
/// than sorting 100,000 whole paths.
fn entries(dir: &Path, sorted: bool) -> io::Result<Vec<(PathBuf, DirEntry)>> {
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
