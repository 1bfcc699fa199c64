//! The plain reader: a briefing printed as linear text, for a terminal
//! that cannot be drawn on (`TERM=dumb`), a screen reader, or a pipe.
//!
//! No alternate screen, no cursor movement, no colour: headings, items,
//! lists, figures as text tables and the sources, in reading order: the
//! text export of the whole briefing, wrapped to the terminal.
//!
//! `brief read` prints it with ASCII rules ([`linear`]): the text export
//! underlines headings and separates parts with box-drawing lines (`───`),
//! which a screen reader speaks character by character by their Unicode
//! names ("box drawings light horizontal", forty times over) and which many
//! console fonts and braille tables lack. There, a heading is underlined
//! with `-` (the title with `=`), as Markdown's setext headings are; the
//! lines between parts are left out, every part starting with its
//! underlined heading anyway; and a quotation's bar is `>`, as plain-text
//! mail quotes. `brief PATH` keeps printing the text export as it is.

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
pub(crate) fn width(config: &Config) -> usize {
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

/// The pages of `plan` as linear text wrapped at `width`, with ASCII rules
/// (see the module docs): the text export, its box drawing replaced.
pub fn linear(b: &crate::briefing::Briefing, plan: &Plan, width: usize) -> String {
    ascii_rules(&export::export_text(b, plan, width))
}

/// The text export with ASCII for its box drawing: a heading's underline
/// of `─` becomes `-`, a rule between parts (a line of `─` after a blank
/// line) goes with the blank line after it, and a quotation's `│` becomes
/// `>`.
fn ascii_rules(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    let mut after_blank = true;
    while let Some(line) = lines.next() {
        let is_rule = !line.is_empty() && line.chars().all(|c| c == '─');
        if is_rule && after_blank {
            // The part's heading follows the blank line after it.
            if lines.peek().is_some_and(|l| l.is_empty()) {
                lines.next();
            }
            continue;
        }
        if is_rule {
            out.extend(line.chars().map(|_| '-'));
        } else {
            let indent = line.len() - line.trim_start().len();
            match line[indent..].strip_prefix('│') {
                Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                    out.push_str(&line[..indent]);
                    out.push('>');
                    out.push_str(rest);
                }
                _ => out.push_str(line),
            }
        }
        out.push('\n');
        after_blank = line.is_empty();
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ascii_rules;

    #[test]
    fn box_drawing_becomes_ascii_and_part_rules_go() {
        let text = "Title\n=====\n\nDate: today\n\n──────────\n\nAgenda\n──────\n\n  │ quoted\n  │ on\n│ narrow\nA │ in text\n";
        assert_eq!(
            ascii_rules(text),
            "Title\n=====\n\nDate: today\n\nAgenda\n------\n\n  > quoted\n  > on\n> narrow\nA │ in text\n"
        );
        assert!(!ascii_rules(text).contains('─'));
        assert_eq!(ascii_rules(""), "\n");
    }
}
