//! `brief search QUERY [PATH] [--json]`: every match across the library,
//! from the library's index (see [`crate::library::index`]).
//!
//! One line per match, `PATH › SECTION › ITEM: …snippet…`: the briefings
//! best first (BM25), the matches of each in reading order. The query is
//! words (all of them in one place), phrases in quotes, and filters
//! (`tag:`, `status:`, `section:`, `after:`, `before:`). Smart case:
//! case-insensitive unless the words have a capital. Exit status, like
//! grep: 0 when something matched, 1 when nothing did, 2 for a usage error.
//! Broken files are reported on standard error (their first diagnostic)
//! and skipped.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::common;
use super::list::{USAGE, open_index};
use crate::briefing::clean::defang;
use crate::briefing::diagnostic::display_path;
use crate::config::Config;
use crate::library::Hit;
use crate::library::index;

/// How the match is set off on a terminal: bold and reverse video.
const HIGHLIGHT_ON: &str = "\x1b[1;7m";
const HIGHLIGHT_OFF: &str = "\x1b[0m";

/// Runs `brief search`.
pub fn run(query: &str, path: Option<&Path>, json: bool, config: &Config) -> ExitCode {
    let query = match index::parse(query) {
        Ok(query) => query,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(USAGE);
        }
    };
    let mut index = match open_index(path, config) {
        Ok(index) => index,
        Err(code) => return code,
    };
    let found = index.broken().and_then(|broken| {
        for (_, headline) in broken {
            eprintln!("{}", defang(&headline));
        }
        index.search(&query, None)
    });
    let found = match found {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let highlight = !json && std::io::stdout().is_terminal();
    let mut rows = Vec::new();
    let mut text = String::new();
    for briefing in &found {
        let shown = display_path(&briefing.path);
        for hit in &briefing.hits {
            if json {
                rows.push(Row::new(&shown, hit, briefing.score));
            } else {
                text.push_str(&line(&shown, hit, highlight));
                text.push('\n');
            }
        }
    }
    if json {
        text = serde_json::to_string_pretty(&rows).unwrap_or_default();
        text.push('\n');
    }
    let code = if found.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    common::leave(index);
    common::leave(rows);
    common::leave(found);
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

/// A row of `--json`: `{ path, section, item, field, snippet, start, end,
/// score }`; `score` is the briefing's (BM25; 0 for filters only).
#[derive(Serialize)]
struct Row<'a> {
    path: String,
    section: &'a str,
    item: Option<&'a str>,
    field: &'static str,
    snippet: &'a str,
    start: usize,
    end: usize,
    score: f32,
}

impl<'a> Row<'a> {
    fn new(path: &str, hit: &'a Hit, score: f32) -> Row<'a> {
        Row {
            path: path.to_string(),
            section: &hit.section,
            item: hit.item.as_deref(),
            field: hit.field.name(),
            snippet: &hit.snippet.text,
            start: hit.snippet.start,
            end: hit.snippet.end,
            score,
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
