//! `brief export`: sections as text, Markdown or HTML, to stdout or a file.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{ExportArgs, common};
use crate::briefing::clean::defang;
use crate::briefing::diagnostic::display_path;
use crate::briefing::{Briefing, load_file};
use crate::config::Config;
use crate::export::{self, Format, Plan, write::write_file, write::write_file_with};

/// Exit status of a usage problem (no or unknown section), as clap uses.
pub(crate) const USAGE: u8 = 2;

/// Runs `brief export`.
pub fn run(args: &ExportArgs, config: &Config) -> ExitCode {
    let loaded = match load_file(&args.path, &config.load_options()) {
        Ok(loaded) => loaded,
        Err(report) => {
            eprint!("{}", report.render(false));
            return ExitCode::FAILURE;
        }
    };
    // Warnings are `brief check`'s business: an export is a pipe tool.
    let b = &loaded.briefing;
    let plan = match chosen_pages(b, args) {
        Ok(plan) => plan,
        Err(message) => {
            eprint!("{message}");
            return ExitCode::from(USAGE);
        }
    };
    let width = args.width.unwrap_or(config.export_width);
    let format = args.format.map_or(config.export_format, Into::into);
    let changes = match &args.changes_since {
        None => None,
        Some(_) if format == Format::Html => {
            eprintln!(
                "error: --changes-since adds a part to text and Markdown exports, not to HTML"
            );
            return ExitCode::from(USAGE);
        }
        Some(what) => match super::diff::older_version(&args.path, what, &config.load_options()) {
            Ok(older) => Some(older),
            Err(message) => {
                let message = message.trim_end();
                if message.contains('\n') {
                    eprintln!("{message}");
                } else {
                    eprintln!("error: {message}");
                }
                return ExitCode::from(super::diff::TROUBLE);
            }
        },
    };
    let contents = match format {
        Format::Text => export::export_text(b, &plan, width),
        Format::Markdown | Format::Html => {
            if args.width.is_some() {
                // Said, not refused: the same command line may serve every format.
                eprintln!("note: {}", unwrapped_note(format));
            }
            match format {
                Format::Markdown => export::export_markdown(b, &plan, width),
                // Streamed to where it goes, never held whole.
                _ => return html(b, &plan, args),
            }
        }
    };
    let contents = match &changes {
        Some((label, old)) => {
            contents + &super::diff::changes_part(old, label, b, format == Format::Markdown)
        }
        None => contents,
    };
    match &args.output {
        // `-o -`, as many tools take it: standard output, not a file named `-`.
        Some(path) if path.as_os_str() == "-" => {
            common::finish(common::print(contents), ExitCode::SUCCESS)
        }
        Some(path) => wrote(path, write_file(path, &contents, args.force)),
        None => common::finish(common::print(contents), ExitCode::SUCCESS),
    }
}

/// Why `--width` does nothing for a format that is not wrapped.
fn unwrapped_note(format: Format) -> &'static str {
    match format {
        Format::Html => "--width does not apply to HTML, which the browser wraps to its window",
        _ => {
            "--width does not apply to Markdown, which is not wrapped (paragraphs are one line each)"
        }
    }
}

/// Writes the HTML page where it goes as it is made.
fn html(b: &Briefing, plan: &Plan, args: &ExportArgs) -> ExitCode {
    let fill = |w: &mut dyn Write| export::write_html(b, plan, w);
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            wrote(path, write_file_with(path, args.force, fill))
        }
        _ => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let written = fill(&mut out)
                .and_then(|()| out.flush())
                .map_err(common::OutputError::from);
            common::finish(written, ExitCode::SUCCESS)
        }
    }
}

/// The exit status of writing an export to a file, after saying so.
fn wrote(path: &std::path::Path, result: Result<(), export::write::WriteError>) -> ExitCode {
    match result {
        Ok(()) => {
            eprintln!("wrote {}", display_path(path));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The pages asked for, in the order given, without repeats; or the
/// message explaining what to ask for.
fn chosen_pages(b: &Briefing, args: &ExportArgs) -> Result<Plan, String> {
    if args.all {
        return Ok(Plan::all(b));
    }
    if args.section.is_empty() {
        return Err(format!(
            "error: say which sections to export: --section SECTION (repeatable) or --all\n\
             The sections of {} (position, id, key, title):\n{}",
            display_path(&args.path),
            export::section_list(b)
        ));
    }
    pages_named(b, &args.path, &args.section)
}

/// The pages named by `wanted` (ids, positions or titles, as `--section`
/// takes them), in the order given, without repeats; or the message for
/// the first that names none, listing the pages of the briefing at `path`.
pub(crate) fn pages_named(
    b: &Briefing,
    path: &std::path::Path,
    wanted: &[String],
) -> Result<Plan, String> {
    let mut chosen = Plan::default();
    for name in wanted {
        match export::find_page(b, name) {
            Some(p) if !chosen.pages.contains(&p) => chosen.pages.push(p),
            Some(_) => {}
            None => {
                return Err(format!(
                    "error: no section `{}` in {}\n\
                     Give an id, a position or a title (position, id, key, title):\n{}",
                    defang(name),
                    display_path(path),
                    export::section_list(b)
                ));
            }
        }
    }
    Ok(chosen)
}
