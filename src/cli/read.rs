//! `brief [PATH]`: open the reader.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::briefing::first::{FIRST_READ, LARGE_FILE, Shown};
use crate::briefing::{LoadOptions, load_owned, read_file};
use crate::config::Config;
use crate::library::index::Index;
use crate::library::{self, Entry};
use crate::reader::app::{App, Msg, Settings};
use crate::reader::feeds::{self, Background};
use crate::reader::librarian::Librarian;
use crate::state::Store;

/// Opens the reader on a briefing file or a folder of them.
///
/// A single briefing (a file, or a folder holding one) is loaded before the
/// terminal is touched: if it has errors, its diagnostics are printed and
/// the command exits 1. A large one ([`LARGE_FILE`] bytes or more) shows
/// its first part first (see [`crate::briefing::first`]) and is checked
/// whole in the background: errors found there are shown over the screen,
/// and printed again, with the exit status 1, once the terminal is left. A folder of several opens the picker at once, which
/// lists it from the library's index (see [`Librarian`]); broken files are
/// marked there and show their diagnostics when chosen.
pub fn run(path: Option<&Path>, config: &Config) -> ExitCode {
    let path = path.map_or_else(|| config.briefings_dir.clone(), Path::to_path_buf);
    let shown = crate::briefing::diagnostic::display_path(&path);
    // Listed once, each file with its size and time, which the library's
    // index takes as they are.
    let found = match Index::discover(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: error: cannot read: {}", super::common::reason(&e));
            return ExitCode::FAILURE;
        }
    };
    let mut files: Vec<PathBuf> = found.iter().map(|f| f.path().to_path_buf()).collect();
    if files.is_empty() {
        eprintln!("{shown}: error: no briefings (*.toml) in this folder");
        return ExitCode::FAILURE;
    }
    // A terminal that cannot be drawn on, or no terminal at all: linear text.
    if super::plain::wanted() {
        files.sort();
        return super::plain::run(&path, &files, config);
    }
    let opts = config.load_options();
    let settings = Settings {
        keys: config.keys.clone(),
        max_width: config.max_width,
        generated_tabs: config.generated_tabs,
        steps: Default::default(),
    };
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let (app, librarian) = if files.len() == 1 {
        let entry = match open_large(&files[0], &opts) {
            Ok((first, rest)) => {
                let app = App::with_first_part(first, settings, size);
                return reader(app, config, None, Some(rest));
            }
            Err(entry) => entry,
        };
        if let Some(report) = entry.report() {
            eprint!("{}", report.render(false));
            return ExitCode::FAILURE;
        }
        (App::with_library(vec![entry], settings, size), None)
    } else {
        let total = files.len();
        let librarian = match Librarian::spawn(path.clone(), found, config.index_settings()) {
            Ok(librarian) => librarian,
            Err(e) => {
                eprintln!("brief: error: cannot start loading: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut app = App::with_library(Vec::new(), settings, size);
        app.update(Msg::Loading(total));
        (app, Some(librarian))
    };
    reader(app, config, librarian, None)
}

/// Runs the reader; problems the background check found are printed once
/// the terminal is restored.
fn reader(
    app: App,
    config: &Config,
    librarian: Option<Librarian>,
    rest: Option<Background>,
) -> ExitCode {
    match crate::reader::run::run(app, config, librarian, rest) {
        Ok(app) => match app.problems() {
            Some(report) => {
                eprint!("{}", report.render(false));
                ExitCode::FAILURE
            }
            None => ExitCode::SUCCESS,
        },
        Err(e) => {
            eprintln!("brief: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A briefing of [`LARGE_FILE`] bytes or more, opened in two steps: the
/// entry of its first part (the section the saved position names), and its
/// whole on the way. Any other file, or one whose first part cannot stand
/// for it, is loaded whole: its entry.
///
/// Only the start of the file is read for the first part ([`FIRST_READ`]
/// bytes), unless the section to show is not in it.
fn open_large(path: &Path, opts: &LoadOptions) -> Result<(Entry, Background), Entry> {
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= LARGE_FILE as u64);
    if !large {
        return Err(library::load_entry(path, opts));
    }
    let saved = Store::open_default()
        .ok()
        .and_then(|store| store.load(path).position);
    let shown = saved.map_or_else(Shown::default, |p| Shown {
        id: Some(p.section_id).filter(|id| !id.is_empty()),
        index: p.tab,
    });
    if let Some(start) = read_start(path)
        && let Some(opened) = feeds::first_part(path, start_text(&start), false, opts, &shown)
    {
        return Ok(opened);
    }
    let bytes = match read_file(path) {
        Ok(bytes) => bytes,
        Err(report) => {
            return Err(Entry {
                path: path.to_path_buf(),
                content_hash: None,
                result: Err(Arc::new(report)),
            });
        }
    };
    if let Ok(text) = std::str::from_utf8(&bytes)
        && let Some(opened) = feeds::first_part(path, text, true, opts, &shown)
    {
        return Ok(opened);
    }
    Err(Entry {
        path: path.to_path_buf(),
        content_hash: Some(crate::state::content_hash(&bytes)),
        result: load_owned(path, bytes, opts)
            .map(|loaded| Arc::new(loaded.briefing))
            .map_err(Arc::new),
    })
}

/// The first [`FIRST_READ`] bytes of a file.
fn read_start(path: &Path) -> Option<Vec<u8>> {
    let mut start = Vec::with_capacity(FIRST_READ);
    std::fs::File::open(path)
        .ok()?
        .take(FIRST_READ as u64)
        .read_to_end(&mut start)
        .ok()?;
    Some(start)
}

/// The text of a file's start, less a character cut at its end; nothing
/// when it is not UTF-8 (the whole load then reports where).
fn start_text(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => "",
    }
}
