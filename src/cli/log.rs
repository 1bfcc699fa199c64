//! `brief log PATH`: the versions of a briefing in git history, newest
//! first, one line each: the commit, its date, the version's `as_of`, and
//! what changed since the version before it.
//!
//! ```text
//! 3f2a9c1  2024-04-11  as of 2024-04-11  +2 items, 1 status, 3 figures
//! 8be0d47  2024-04-08  as of 2024-04-08  first version
//! ```
//!
//! Exit status: 0, or 2 when the history cannot be read (outside a
//! repository, a file never committed, a shallow history that stops before
//! the first version: one line on standard error, after the versions
//! there are).

use std::path::Path;
use std::process::ExitCode;

use super::common::{self, OutputError};
use crate::briefing::{Briefing, Severity, load_bytes};
use crate::config::Config;
use crate::diff::history::{FileHistory, Version};
use crate::diff::{self, when_text};

/// A version, loaded or not.
struct Loaded {
    version: Version,
    briefing: Result<Briefing, String>,
}

/// Runs `brief log`.
pub fn run(path: &Path, config: &Config) -> ExitCode {
    let history = match FileHistory::open(path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {}", super::diff::safe(&e.to_string()));
            return ExitCode::from(super::diff::TROUBLE);
        }
    };
    let opts = config.load_options();
    let load = |version: Version| {
        let label = format!("{}:{}", version.short, version.path);
        let briefing = load_bytes(Path::new(&label), &version.bytes, &opts)
            .map(|l| l.briefing)
            .map_err(|report| {
                let first = report
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == Severity::Error)
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                format!("does not load: {first}")
            });
        Loaded { version, briefing }
    };
    // Each line needs the version before it: a version's line is printed
    // when the next older one is known; only two are held at a time.
    let mut pending: Option<Loaded> = None;
    let mut output: Result<(), OutputError> = Ok(());
    let walked = history.versions(|version| {
        if output.is_err() {
            return;
        }
        let older = load(version);
        if let Some(newer) = pending.take() {
            output = common::print(line(&newer, Some(&older)));
        }
        pending = Some(older);
    });
    if output.is_ok()
        && let Some(first) = pending.take()
    {
        let cut = walked.is_err();
        output = common::print(line_with(&first, None, cut));
    }
    if let Err(e) = output {
        return super::diff::printed(Err(e), ExitCode::SUCCESS);
    }
    match walked {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", super::diff::safe(&e.to_string()));
            ExitCode::from(super::diff::TROUBLE)
        }
    }
}

fn line(v: &Loaded, older: Option<&Loaded>) -> String {
    line_with(v, older, false)
}

/// `COMMIT  DATE  as of AS_OF  WHAT CHANGED`.
fn line_with(v: &Loaded, older: Option<&Loaded>, cut: bool) -> String {
    let as_of = match &v.briefing {
        Ok(b) => b
            .meta
            .as_of
            .as_ref()
            .map_or_else(|| "—".to_string(), when_text),
        Err(_) => "?".to_string(),
    };
    let what = match (&v.briefing, older.map(|o| &o.briefing)) {
        (Err(e), _) => e.clone(),
        (Ok(_), None) if cut => "oldest version fetched (the history is shallow)".to_string(),
        (Ok(_), None) => "first version".to_string(),
        (Ok(_), Some(Err(_))) => "the version before does not load".to_string(),
        (Ok(new), Some(Ok(old))) => diff::diff(old, new).counts().summary(),
    };
    let mut out = format!(
        "{}  {}  as of {as_of}  {what}",
        v.version.short, v.version.date
    );
    if let Some(from) = &v.version.renamed_from {
        out.push_str(&format!(
            " (renamed from {})",
            crate::briefing::diagnostic::display_path(Path::new(from))
        ));
    }
    out.push('\n');
    out
}
