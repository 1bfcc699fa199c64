//! `brief fmt [--check] PATH...`: the canonical layout of briefing files.
//!
//! A file is formatted only when it loads: one with errors gets its
//! diagnostics, as `brief check` prints them, and is left alone. The new
//! text is loaded again and must give the same briefing, or nothing is
//! written. Files are replaced atomically, keeping their permissions.
//!
//! Exit status: 0 when every file is (or now is) formatted; 1 when a file
//! has errors, or with `--check` when a file would change; 2 for bad input
//! (a path that does not exist, a file that cannot be written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::common;
use crate::briefing::diagnostic::display_path;
use crate::briefing::fmt::format;
use crate::briefing::{LoadOptions, load_bytes, load_file, load_str, read_file};
use crate::config::Config;
use crate::export::write::write_file;

/// What happened to one file.
enum Outcome {
    /// Already in canonical layout.
    Unchanged,
    /// Rewritten (or, with `--check`, would be).
    Changed,
    /// Not loaded: its diagnostics were printed.
    Invalid,
    /// Could not be written, or formatting would change its meaning.
    Failed,
}

/// Runs `brief fmt`.
pub fn run(paths: &[PathBuf], check: bool, config: &Config) -> ExitCode {
    let files = match super::check::collect(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let opts = config.load_options();
    let (mut changed, mut invalid, mut failed) = (0, 0, 0);
    for file in &files {
        match one(file, check, &opts) {
            Outcome::Unchanged => {}
            Outcome::Changed => {
                changed += 1;
                let line = if check {
                    format!("would reformat {}\n", display_path(file))
                } else {
                    format!("formatted {}\n", display_path(file))
                };
                if let Err(e) = common::print(line) {
                    return common::output_failed(e);
                }
            }
            Outcome::Invalid => invalid += 1,
            Outcome::Failed => failed += 1,
        }
    }
    if failed > 0 {
        ExitCode::from(2)
    } else if invalid > 0 || (check && changed > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn one(file: &Path, check: bool, opts: &LoadOptions) -> Outcome {
    let shown = display_path(file);
    if file.extension().is_none_or(|e| e != "toml") {
        // The loader's own words for it.
        if let Err(report) = load_file(file, opts) {
            eprint!("{}", report.render(false));
        }
        return Outcome::Invalid;
    }
    let bytes = match read_file(file) {
        Ok(bytes) => bytes,
        Err(report) => {
            eprint!("{}", report.render(false));
            return Outcome::Invalid;
        }
    };
    // A file that is not a briefing (or not UTF-8) is reported by the
    // loader, as `brief check` reports it.
    let loaded = match load_bytes(file, &bytes, opts) {
        Ok(loaded) => loaded,
        Err(report) => {
            eprint!("{}", report.render(false));
            return Outcome::Invalid;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let formatted = match format(&text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: error: cannot format: {e}");
            return Outcome::Failed;
        }
    };
    if formatted == text {
        return Outcome::Unchanged;
    }
    // Never change what the file means: the same briefing, or no write.
    match load_str(file, &formatted, opts) {
        Ok(again) if again.briefing == loaded.briefing => {}
        _ => {
            eprintln!(
                "{shown}: error: formatting would change what the file means; it was left \
                 as it is (please report this as a bug)"
            );
            return Outcome::Failed;
        }
    }
    if check {
        return Outcome::Changed;
    }
    match write_file(file, &formatted, true) {
        Ok(()) => Outcome::Changed,
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::Failed
        }
    }
}
