//! `brief import FILE.md`: a briefing from Markdown, to standard output or
//! a file (never replacing one without `--force`). What the Markdown holds
//! that a briefing cannot is listed on standard error with its line.
//!
//! Exit status: 0 when a briefing was written (warnings allowed), 2 when
//! the Markdown cannot be read or made into a briefing, or the file cannot
//! be written.

use std::process::ExitCode;

use super::{ImportArgs, common};
use crate::briefing::diagnostic::display_path;
use crate::briefing::text::counted;
use crate::config::Config;
use crate::export::write::write_file;
use crate::import::{ImportOptions, import, read_markdown};

/// Exit status of anything that stops the import.
const BAD_INPUT: u8 = 2;

/// Runs `brief import`.
pub fn run(args: &ImportArgs, config: &Config) -> ExitCode {
    let shown = display_path(&args.path);
    let fail = |message: String| {
        eprintln!("{shown}: error: {message}");
        ExitCode::from(BAD_INPUT)
    };
    // Refused before the Markdown is read: nothing is worth reading then.
    if let Some(out) = &args.output
        && out.as_os_str() != "-"
        && out.extension().is_none_or(|e| e != "toml")
    {
        return fail(format!(
            "-o {}: a briefing's name must end in `.toml`; nothing written",
            display_path(out)
        ));
    }
    let markdown = match read_markdown(&args.path) {
        Ok(text) => text,
        Err(e) => return fail(e.to_string()),
    };
    let stem = args
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    let opts = ImportOptions {
        today: super::new::today(),
        reserved_keys: config.reserved_keys(),
        fallback_title: if stem.trim().is_empty() {
            "Imported briefing".into()
        } else {
            stem.trim().to_string()
        },
    };
    let imported = match import(&markdown, &opts) {
        Ok(i) => i,
        Err(e) => return fail(e.to_string()),
    };
    for w in &imported.warnings {
        eprintln!("{shown}:{}: warning: {}", w.line, w.message);
    }
    let what = format!(
        "{}, {}",
        counted(imported.sections, "section", "sections"),
        counted(imported.items, "item", "items")
    );
    match &args.output {
        Some(path) if path.as_os_str() != "-" => match write_file(path, &imported.toml, args.force)
        {
            Ok(()) => {
                eprintln!("wrote {}: {what}", display_path(path));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(BAD_INPUT)
            }
        },
        _ => common::finish(common::print(&imported.toml), ExitCode::SUCCESS),
    }
}
