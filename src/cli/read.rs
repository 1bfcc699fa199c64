//! `brief [PATH]`: open the reader.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::briefing::load_file;
use crate::config::Config;
use crate::reader::app::{App, Settings};

/// Every `*.toml` under a folder, sorted (a file is itself).
pub fn briefing_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Opens the reader on a briefing file or a folder of them. Every file is
/// loaded before the terminal is touched; a file with errors prints its
/// diagnostics and the command exits 1.
pub fn run(path: Option<&Path>, config: &Config) -> ExitCode {
    let path = path.map_or_else(|| config.briefings_dir.clone(), Path::to_path_buf);
    let shown = crate::briefing::diagnostic::display_path(&path);
    let files = match briefing_files(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: error: cannot read: {e}");
            return ExitCode::FAILURE;
        }
    };
    if files.is_empty() {
        eprintln!("{shown}: error: no briefings (*.toml) in this folder");
        return ExitCode::FAILURE;
    }
    let opts = super::check::options(config);
    let mut library = Vec::new();
    let mut failed = false;
    for f in &files {
        match load_file(f, &opts) {
            Ok(loaded) => library.push(Arc::new(loaded.briefing)),
            Err(report) => {
                eprint!("{}", report.render(false));
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::FAILURE;
    }
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let app = App::new(
        library,
        Settings {
            keys: config.keys.clone(),
            max_width: config.max_width,
            generated_tabs: config.generated_tabs,
        },
        size,
    );
    match crate::reader::run::run(app, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brief: error: {e}");
            ExitCode::FAILURE
        }
    }
}
