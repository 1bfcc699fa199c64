//! `brief [PATH]`: open the reader.

use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;

use crate::config::Config;
use crate::library;
use crate::reader::app::{App, Msg, Settings};

/// Opens the reader on a briefing file or a folder of them.
///
/// A single briefing (a file, or a folder holding one) is loaded before the
/// terminal is touched: if it has errors, its diagnostics are printed and
/// the command exits 1. A folder of several opens the picker at once, which
/// fills in as the files load in the background; broken files are marked
/// there and show their diagnostics when chosen.
pub fn run(path: Option<&Path>, config: &Config) -> ExitCode {
    let path = path.map_or_else(|| config.briefings_dir.clone(), Path::to_path_buf);
    let shown = crate::briefing::diagnostic::display_path(&path);
    let files = match library::discover(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: error: cannot read: {}", super::common::reason(&e));
            return ExitCode::FAILURE;
        }
    };
    if files.is_empty() {
        eprintln!("{shown}: error: no briefings (*.toml) in this folder");
        return ExitCode::FAILURE;
    }
    // A terminal that cannot be drawn on, or no terminal at all: linear text.
    if super::plain::wanted() {
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
    let (app, loading) = if files.len() == 1 {
        let entry = library::load_entry(&files[0], &opts);
        if let Some(report) = entry.report() {
            eprint!("{}", report.render(false));
            return ExitCode::FAILURE;
        }
        (App::with_library(vec![entry], settings, size), None)
    } else {
        let (tx, rx) = mpsc::channel();
        let total = files.len();
        if let Err(e) = library::spawn_load(files, opts, tx) {
            eprintln!("brief: error: cannot start loading: {e}");
            return ExitCode::FAILURE;
        }
        let mut app = App::with_library(Vec::new(), settings, size);
        app.update(Msg::Loading(total));
        (app, Some(rx))
    };
    match crate::reader::run::run(app, config, loading) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brief: error: {e}");
            ExitCode::FAILURE
        }
    }
}
