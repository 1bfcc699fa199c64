//! `brief check PATH...`: report every problem of every briefing.
//!
//! Exit status: 0 when every file loads (warnings allowed), 1 when any file
//! has an error, 2 for a usage error (a path that does not exist, a folder
//! without briefings).

use std::path::PathBuf;
use std::process::ExitCode;

use super::CheckFormat;
use super::common::{self, output_failed};
use crate::briefing::diagnostic::display_path;
use crate::briefing::load_file;
use crate::briefing::text::counted;
use crate::config::Config;

mod machine;

/// Exit status when the command line names nothing to check.
const USAGE: u8 = 2;

/// Runs `brief check`.
pub fn run(paths: &[PathBuf], format: CheckFormat, config: &Config) -> ExitCode {
    let files = match collect(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE);
        }
    };
    let opts = config.load_options();
    let mut invalid = 0usize;
    for file in &files {
        let shown = display_path(file);
        let loaded = load_file(file, &opts);
        if format != CheckFormat::Human {
            let report = match &loaded {
                Ok(loaded) => &loaded.warnings,
                Err(report) => report,
            };
            invalid += usize::from(report.has_errors());
            if let Err(e) = common::print(machine::render(report, format)) {
                return output_failed(e);
            }
            continue;
        }
        match loaded {
            Ok(loaded) => {
                let b = &loaded.briefing;
                let line = format!(
                    "{shown}: ok — \"{}\" — {}, {}\n",
                    b.meta.title,
                    counted(b.sections.len(), "section", "sections"),
                    counted(b.item_count(), "item", "items"),
                );
                // Once the output is gone, checking the rest is of no use.
                if let Err(e) = common::print(line) {
                    return output_failed(e);
                }
                if !loaded.warnings.diagnostics.is_empty() {
                    eprint!("{}", loaded.warnings.render(false));
                }
            }
            Err(report) => {
                invalid += 1;
                eprint!("{}", report.render(false));
            }
        }
    }
    summary(files.len(), invalid)
}

/// The closing line for several files, and the exit status.
fn summary(files: usize, invalid: usize) -> ExitCode {
    if files > 1 {
        eprintln!(
            "{} files checked: {} valid, {} with errors",
            files,
            files - invalid,
            invalid
        );
    }
    if invalid > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The files named on the command line: files as given, folders expanded to
/// every `*.toml` under them (recursively, sorted).
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| {
            format!(
                "{}: cannot read: {}",
                display_path(path),
                common::reason(&e)
            )
        })?;
        if meta.is_dir() {
            let found = crate::library::discover(path)
                .map_err(|e| format!("{}: cannot read the folder: {e}", display_path(path)))?;
            if found.is_empty() {
                return Err(format!(
                    "{}: no briefing files (*.toml) in this folder",
                    display_path(path)
                ));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}
