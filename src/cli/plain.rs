//! The plain reader: a briefing printed as linear text, for a terminal
//! that cannot be drawn on (`TERM=dumb`), a screen reader, or a pipe.
//!
//! No alternate screen, no cursor movement, no colour: headings, items,
//! lists, figures as text tables and the sources, in reading order: the
//! text export of the whole briefing, wrapped to the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::common;
use crate::config::Config;
use crate::export::{self, Plan};
use crate::library;

/// Whether the reader should print plainly rather than draw: the terminal
/// says it cannot be drawn on (`TERM=dumb`), or standard output is not a
/// terminal at all.
pub fn wanted() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb") || !std::io::stdout().is_terminal()
}

/// The width to wrap at: the terminal's, when standard output is one, else
/// the configured export width.
fn width(config: &Config) -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
        && w > 0
    {
        return usize::from(w).clamp(20, 1000);
    }
    config.export_width
}

/// Prints `files` (a library already found under `path`) plainly: one
/// briefing as text, several as the list `brief list` prints.
pub fn run(path: &Path, files: &[std::path::PathBuf], config: &Config) -> ExitCode {
    if files.len() > 1 {
        eprintln!(
            "brief: not drawing on this terminal; the briefings of {} are listed (give a file to read one)",
            crate::briefing::diagnostic::display_path(path)
        );
        return super::list::run(Some(path), false, config);
    }
    let entry = library::load_entry(&files[0], &config.load_options());
    let Some(b) = entry.briefing() else {
        if let Some(report) = entry.report() {
            eprint!("{}", report.render(false));
        }
        return ExitCode::FAILURE;
    };
    let text = export::export_text(b, &Plan::all(b), width(config));
    common::finish(common::print(text), ExitCode::SUCCESS)
}
