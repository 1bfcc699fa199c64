//! `brief list [PATH] [--json]`: every briefing of the library, newest first.
//!
//! Exit status: 0 when every file loads, 1 when any file is broken (the
//! others are still listed), 2 when PATH does not exist or cannot be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::common;
use crate::briefing::diagnostic::display_path;
use crate::config::Config;
use crate::library::{self, Entry};

/// Exit status for a PATH that cannot be listed.
pub(crate) const USAGE: u8 = 2;

/// Titles are cut to this many columns, so that a line fits 100 columns
/// with a path of a dozen characters; longer paths run on (they are last).
const TITLE_MAX: usize = 50;

/// Runs `brief list`.
pub fn run(path: Option<&Path>, json: bool, config: &Config) -> ExitCode {
    let files = match library_files(path, config) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut entries = library::load_all(&files, &config.load_options(), |_, _| {});
    library::sort_for_listing(&mut entries);
    let text = if json {
        json_listing(&entries)
    } else {
        text_listing(&entries)
    };
    let code = if entries.iter().any(|e| e.briefing().is_none()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    common::finish(common::print(text), code)
}

/// The briefing files under PATH (default: the configured briefings
/// folder), or the exit status after saying why there are none to read.
pub(crate) fn library_files(
    path: Option<&Path>,
    config: &Config,
) -> Result<Vec<PathBuf>, ExitCode> {
    let (root, configured) = match path {
        Some(p) => (p.to_path_buf(), false),
        None => (config.briefings_dir.clone(), true),
    };
    let shown = display_path(&root);
    match library::discover(&root) {
        Ok(files) => {
            if files.is_empty() {
                eprintln!("{shown}: no briefings (*.toml) in this folder");
            }
            Ok(files)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && configured => {
            eprintln!(
                "error: {shown}: no such folder (the briefings folder of the configuration, `[paths] briefings`); give a PATH"
            );
            Err(ExitCode::from(USAGE))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("error: {shown}: no such file or folder");
            Err(ExitCode::from(USAGE))
        }
        Err(e) => {
            eprintln!("error: {shown}: cannot read: {}", common::reason(&e));
            Err(ExitCode::from(USAGE))
        }
    }
}

/// A row of `--json`: a briefing, or a broken file with its first diagnostic.
#[derive(Serialize)]
#[serde(untagged)]
enum Row<'a> {
    Briefing {
        path: String,
        date: String,
        title: &'a str,
        sections: usize,
        items: usize,
    },
    Broken {
        path: String,
        error: String,
    },
}

/// `{ path, date, title, sections, items }`, or `{ path, error }` for a broken file.
fn json_listing(entries: &[Entry]) -> String {
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| match &e.result {
            Ok(b) => Row::Briefing {
                path: display_path(&e.path),
                date: b.meta.date.to_string(),
                title: &b.meta.title,
                sections: b.sections.len(),
                items: b.item_count(),
            },
            Err(_) => Row::Broken {
                path: display_path(&e.path),
                error: e.headline().unwrap_or_default(),
            },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_default();
    text.push('\n');
    text
}

/// "12 sections" with the number right-aligned to `digits`.
fn count(n: usize, digits: usize, one: &str, many: &str) -> String {
    format!("{n:>digits$} {}", if n == 1 { one } else { many })
}

/// One line per briefing: date, title, sections, items, path, in aligned columns.
fn text_listing(entries: &[Entry]) -> String {
    let good: Vec<_> = entries
        .iter()
        .filter_map(|e| e.briefing().map(|b| (e, b)))
        .collect();
    let digits = |n: usize| n.to_string().len();
    let sec_digits = good
        .iter()
        .map(|(_, b)| digits(b.sections.len()))
        .max()
        .unwrap_or(1);
    let item_digits = good
        .iter()
        .map(|(_, b)| digits(b.item_count()))
        .max()
        .unwrap_or(1);
    let sec_width = sec_digits + " sections".len();
    let item_width = item_digits + " items".len();
    let longest_title = good
        .iter()
        .map(|(_, b)| b.meta.title.width())
        .max()
        .unwrap_or(0);
    let title_width = longest_title.min(TITLE_MAX);

    let mut out = String::new();
    for entry in entries {
        match &entry.result {
            Ok(b) => {
                let title = fit(&b.meta.title, title_width);
                let sections = count(b.sections.len(), sec_digits, "section", "sections");
                let items = count(b.item_count(), item_digits, "item", "items");
                out.push_str(&format!(
                    "{}  {}  {}  {}  {}\n",
                    b.meta.date,
                    pad(&title, title_width),
                    pad(&sections, sec_width),
                    pad(&items, item_width),
                    display_path(&entry.path),
                ));
            }
            Err(_) => {
                let headline = entry
                    .headline()
                    .unwrap_or_else(|| display_path(&entry.path));
                out.push_str(&format!("{:<10}  {headline}\n", "broken"));
            }
        }
    }
    out
}

/// `text` cut to `width` columns at a grapheme boundary, `…` marking the cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_at_graphemes_by_columns() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a long title indeed", 10), "a long ti…");
        assert_eq!(fit("a long title indeed", 8), "a long…");
        assert_eq!(fit("日米首脳会談：要点", 7), "日米首…");
        assert_eq!(fit("日米首脳会談：要点", 7).width(), 7);
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, 2, "item", "items"), " 1 item");
        assert_eq!(count(12, 2, "item", "items"), "12 items");
    }
}
