//! `brief read [--plain] [--section S]... [PATH]`: the reader, or the
//! briefing printed linearly, for a screen reader or a plain terminal.
//!
//! The reader is drawn when the terminal can be drawn on and nothing else
//! is asked; `--plain`, a `--section` (the reader shows every tab), a
//! terminal that cannot be drawn on (`TERM=dumb`) or an output that is not
//! a terminal print the plain text instead ([`super::plain::linear`]), with
//! no alternate screen, no cursor movement, no colour and no box drawing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{ReadArgs, common, plain};
use crate::briefing::diagnostic::display_path;
use crate::config::Config;
use crate::export::Plan;
use crate::library;

/// Runs `brief read`.
pub fn run(args: &ReadArgs, config: &Config) -> ExitCode {
    let wanted_plain = args.plain || !args.section.is_empty() || plain::wanted();
    if !wanted_plain {
        return super::read::run(args.path.as_deref(), config);
    }
    let path: PathBuf = args
        .path
        .clone()
        .unwrap_or_else(|| config.briefings_dir.clone());
    let shown = display_path(&path);
    let files = match library::discover(&path) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{shown}: error: cannot read: {}", common::reason(&e));
            return ExitCode::FAILURE;
        }
    };
    let file = match files.as_slice() {
        [] => {
            eprintln!("{shown}: error: no briefings (*.toml) in this folder");
            return ExitCode::FAILURE;
        }
        [one] => one,
        many if args.section.is_empty() => {
            // As `brief PATH` answers: which briefings there are.
            eprintln!(
                "brief: {shown} holds {} briefings; they are listed (give a file to read one)",
                many.len()
            );
            return super::list::run(Some(&path), false, config);
        }
        many => {
            eprintln!(
                "error: --section needs one briefing, and {shown} holds {}: give a file",
                many.len()
            );
            return ExitCode::from(super::export::USAGE);
        }
    };
    let entry = library::load_entry(file, &config.load_options());
    let Some(b) = entry.briefing() else {
        if let Some(report) = entry.report() {
            eprint!("{}", report.render(false));
        }
        return ExitCode::FAILURE;
    };
    let plan = if args.section.is_empty() {
        Plan::all(b)
    } else {
        match super::export::pages_named(b, file, &args.section) {
            Ok(plan) => plan,
            Err(message) => {
                eprint!("{message}");
                return ExitCode::from(super::export::USAGE);
            }
        }
    };
    let text = plain::linear(b, &plan, plain::width(config));
    common::finish(common::print(text), ExitCode::SUCCESS)
}
