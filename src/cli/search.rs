//! `brief search QUERY [PATH] [--json]`: every match across the library.
//!
//! One line per match, `PATH › SECTION › ITEM: …snippet…`, files in path
//! order. Smart case: case-insensitive unless the query has a capital.
//! Exit status, like grep: 0 when something matched, 1 when nothing did,
//! 2 for a usage error. Broken files are reported on standard error (their
//! first diagnostic) and skipped.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::common;
use super::list::{USAGE, library_files};
use crate::briefing::diagnostic::display_path;
use crate::config::Config;
use crate::library::{self, Hit};

/// How the match is set off on a terminal: bold and reverse video.
const HIGHLIGHT_ON: &str = "\x1b[1;7m";
const HIGHLIGHT_OFF: &str = "\x1b[0m";

/// Runs `brief search`.
pub fn run(query: &str, path: Option<&Path>, json: bool, config: &Config) -> ExitCode {
    if query.is_empty() {
        eprintln!("error: the query is empty");
        return ExitCode::from(USAGE);
    }
    let files = match library_files(path, config) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let entries = library::load_all(&files, &config.load_options(), |_, _| {});
    let highlight = !json && std::io::stdout().is_terminal();
    let mut rows = Vec::new();
    let mut text = String::new();
    let mut found = false;
    for entry in &entries {
        let briefing = match &entry.result {
            Ok(b) => b,
            Err(_) => {
                if let Some(headline) = entry.headline() {
                    eprintln!("{headline}");
                }
                continue;
            }
        };
        let shown = display_path(&entry.path);
        for hit in library::search(briefing, query) {
            found = true;
            if json {
                rows.push(Row::new(&shown, hit));
            } else {
                text.push_str(&line(&shown, &hit, highlight));
                text.push('\n');
            }
        }
    }
    if json {
        text = serde_json::to_string_pretty(&rows).unwrap_or_default();
        text.push('\n');
    }
    let code = if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    common::finish(common::print(text), code)
}

/// `PATH › SECTION › ITEM: snippet`, the match highlighted when asked.
fn line(path: &str, hit: &Hit, highlight: bool) -> String {
    let mut out = format!("{path} › {}", hit.section);
    if let Some(item) = &hit.item {
        out.push_str(" › ");
        out.push_str(item);
    }
    out.push_str(": ");
    let s = &hit.snippet;
    if highlight {
        out.push_str(&s.text[..s.start]);
        out.push_str(HIGHLIGHT_ON);
        out.push_str(&s.text[s.start..s.end]);
        out.push_str(HIGHLIGHT_OFF);
        out.push_str(&s.text[s.end..]);
    } else {
        out.push_str(&s.text);
    }
    out
}

/// A row of `--json`: `{ path, section, item, field, snippet, start, end }`.
#[derive(Serialize)]
struct Row {
    path: String,
    section: String,
    item: Option<String>,
    field: &'static str,
    snippet: String,
    start: usize,
    end: usize,
}

impl Row {
    fn new(path: &str, hit: Hit) -> Row {
        Row {
            path: path.to_string(),
            section: hit.section,
            item: hit.item,
            field: hit.field.name(),
            snippet: hit.snippet.text,
            start: hit.snippet.start,
            end: hit.snippet.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Field, Place, Snippet};

    #[test]
    fn highlight_marks_only_the_match() {
        let hit = Hit {
            place: Place::Briefing,
            section: "(briefing)".to_string(),
            item: None,
            field: Field::Title,
            range: 4..9,
            snippet: Snippet {
                text: "The frost came".to_string(),
                start: 4,
                end: 9,
            },
        };
        assert_eq!(
            line("a.toml", &hit, false),
            "a.toml › (briefing): The frost came"
        );
        assert_eq!(
            line("a.toml", &hit, true),
            "a.toml › (briefing): The \x1b[1;7mfrost\x1b[0m came"
        );
    }
}
