//! `brief diff OLD NEW` and `brief diff PATH --since REV`: what changed
//! between two versions of a briefing, in its own terms.
//!
//! Exit status, as `diff(1)`: 0 when nothing changed, 1 when something
//! did, 2 on any error (a side that does not load prints its diagnostics
//! as `brief check` does; a git problem is one line).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::common::{self, OutputError};
use super::{DiffArgs, DiffFormat};
use crate::briefing::diagnostic::display_path;
use crate::briefing::{Briefing, LoadOptions, Report, load_bytes, load_file};
use crate::config::Config;
use crate::diff::history::FileHistory;
use crate::diff::render::{self, Sides, Style};
use crate::diff::{self, json};

/// Exit status of an error: a side that does not load, a git problem.
pub(crate) const TROUBLE: u8 = 2;

/// Runs `brief diff`.
pub fn run(args: &DiffArgs, config: &Config) -> ExitCode {
    let opts = config.load_options();
    let (old_label, new_label, loaded) = match (&args.new, &args.since) {
        (Some(new), _) => (
            display_path(&args.old),
            display_path(new),
            load_both(&args.old, new, &opts),
        ),
        (None, Some(rev)) => match since(&args.old, rev, &opts) {
            Ok(found) => found,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(TROUBLE);
            }
        },
        // clap requires NEW or --since; this is a usage error all the same.
        (None, None) => {
            eprintln!("error: give NEW, or --since REV");
            return ExitCode::from(TROUBLE);
        }
    };
    let (old, new) = match loaded {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for report in [old.err(), new.err()].into_iter().flatten() {
                eprint!("{}", report.render(false));
            }
            return ExitCode::from(TROUBLE);
        }
    };
    let changes = diff::diff(&old, &new);
    let sides = Sides {
        old: &old,
        old_label: &old_label,
        new: &new,
        new_label: &new_label,
    };
    let text = match args.format {
        DiffFormat::Text => render::text(&changes, &sides, text_style()),
        DiffFormat::Markdown => render::markdown(&changes, &sides),
        DiffFormat::Json => json::to_json(&changes, &sides),
    };
    let code = if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    let status = printed(common::print(text), code);
    // The process ends here: freeing two briefings' worth of small strings
    // one by one (tens of milliseconds for 25 MB ones) is work the system
    // does at once when the process exits.
    std::mem::forget((old, new, changes));
    status
}

/// `code` when the output was written or its reader left (`| head`); a
/// failure to write is an error, status 2 (1 would say "changes").
pub(crate) fn printed(written: Result<(), OutputError>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) | Err(OutputError::Closed) => code,
        Err(e) => {
            eprintln!("brief: error: {e}");
            ExitCode::from(TROUBLE)
        }
    }
}

/// Colour on a terminal that can show it, unless `NO_COLOR` asks for none.
fn text_style() -> Style {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let no_color = crate::config::theme::no_color(std::env::var_os("NO_COLOR").as_deref());
    if std::io::stdout().is_terminal() && !dumb && !no_color {
        Style::Color
    } else {
        Style::Plain
    }
}

type Side = Result<Briefing, Report>;

/// A message made safe to print: it can quote a revision or a file name as
/// typed, so control and bidirectional characters become `?`.
pub(crate) fn safe(message: &str) -> String {
    display_path(Path::new(message))
}

/// Loads two files, one after the other: a load peaks at about three times
/// its file (the text, the parsed tree, the model), so two at once would
/// hold two peaks; in turn, the second peak reuses the first one's memory
/// and only the first model is held beside it.
fn load_both(old: &Path, new: &Path, opts: &LoadOptions) -> (Side, Side) {
    let load = |p: &Path| load_file(p, opts).map(|l| l.briefing);
    let old = load(old);
    (old, load(new))
}

/// The older version an export's "Changes since …" part compares with:
/// `what` names a file when there is one, else a git revision of `path`.
/// Its label, and the version; or the one line that says why not (a
/// version that does not load is its diagnostics).
pub(crate) fn older_version(
    path: &Path,
    what: &str,
    opts: &LoadOptions,
) -> Result<(String, Briefing), String> {
    let file = Path::new(what);
    if file.is_file() {
        return load_file(file, opts)
            .map(|l| (display_path(file), l.briefing))
            .map_err(|report| report.render(false));
    }
    let history = FileHistory::open(path)
        .map_err(|e| format!("{} is not a file, and {}", safe(what), safe(&e.to_string())))?;
    let version = history
        .at_revision(what)
        .map_err(|e| safe(&e.to_string()))?;
    let label = display_path(Path::new(&format!("{what}:{}", version.path)));
    load_bytes(Path::new(&label), &version.bytes, opts)
        .map(|l| (label, l.briefing))
        .map_err(|report| report.render(false))
}

/// The part an export adds under `--changes-since`: a heading, then what
/// `brief diff` says, plain (or as Markdown).
pub(crate) fn changes_part(
    old: &Briefing,
    old_label: &str,
    new: &Briefing,
    markdown: bool,
) -> String {
    let changes = diff::diff(old, new);
    let new_label = display_path(&new.path);
    let sides = Sides {
        old,
        old_label,
        new,
        new_label: &new_label,
    };
    if markdown {
        format!("\n---\n\n{}", render::markdown(&changes, &sides))
    } else {
        let heading = format!("Changes since {old_label}");
        format!(
            "\n{heading}\n{}\n\n{}",
            "=".repeat(heading.chars().count()),
            render::text(&changes, &sides, Style::Plain)
        )
    }
}

/// The file at `rev` and the working copy, with their labels; or the one
/// line that says why git could not give them.
fn since(
    path: &Path,
    rev: &str,
    opts: &LoadOptions,
) -> Result<(String, String, (Side, Side)), String> {
    let history = FileHistory::open(path).map_err(|e| safe(&e.to_string()))?;
    let version = history.at_revision(rev).map_err(|e| safe(&e.to_string()))?;
    let old_label = display_path(Path::new(&format!("{rev}:{}", version.path)));
    let new_label = display_path(path);
    let old = load_bytes(Path::new(&old_label), &version.bytes, opts).map(|l| l.briefing);
    drop(version);
    let new = load_file(path, opts).map(|l| l.briefing);
    Ok((old_label, new_label, (old, new)))
}
