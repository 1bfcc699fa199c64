//! `brief list [PATH] [--json]`: every briefing of the library, newest first,
//! read from the library's index (see [`crate::library::index`]).
//!
//! Exit status: 0 when every file loads, 1 when any file is broken (the
//! others are still listed), 2 when PATH does not exist or cannot be read.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::common;
use crate::briefing::clean::defang;
use crate::briefing::diagnostic::display_path;
use crate::config::Config;
use crate::library::index::{Error as IndexError, Index, Listed, Progress, Summary};

/// Exit status for a PATH that cannot be listed.
pub(crate) const USAGE: u8 = 2;

/// Titles are cut to this many columns, so that a line fits 100 columns
/// with a path of a dozen characters; longer paths run on (they are last).
const TITLE_MAX: usize = 50;

/// Runs `brief list`.
pub fn run(path: Option<&Path>, json: bool, config: &Config) -> ExitCode {
    let mut index = match open_index(path, config) {
        Ok(index) => index,
        Err(code) => return code,
    };
    let listed = match index.listing() {
        Ok(listed) => listed,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = if json {
        json_listing(&listed)
    } else {
        text_listing(&listed)
    };
    let code = if listed.iter().any(|e| e.briefing.is_err()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    common::leave(index);
    common::leave(listed);
    common::finish(common::print(text), code)
}

/// The index of the briefings under PATH (default: the configured
/// briefings folder), up to date, its notices said on standard error; or
/// the exit status after saying why there is none.
pub(crate) fn open_index(path: Option<&Path>, config: &Config) -> Result<Index, ExitCode> {
    let (root, configured) = match path {
        Some(p) => (p.to_path_buf(), false),
        None => (config.briefings_dir.clone(), true),
    };
    let shown = display_path(&root);
    let mut settings = config.index_settings();
    let counter = std::io::stderr()
        .is_terminal()
        .then(|| std::sync::Arc::new(Counter::new()));
    if let Some(counter) = counter.clone() {
        settings.progress = Progress::new(move |done, total| counter.tell(done, total));
    }
    let opened = Index::open(&root, &settings);
    if let Some(counter) = counter {
        counter.clear();
    }
    match opened {
        Ok(index) => {
            for notice in index.notices() {
                eprintln!("{}", defang(&notice.to_string()));
            }
            if index.is_empty() {
                eprintln!("{shown}: no briefings (*.toml) in this folder");
            }
            Ok(index)
        }
        Err(IndexError::Root(e)) => {
            root_error(&shown, &e, configured);
            Err(ExitCode::from(USAGE))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// The count of files an index reads, on a terminal's standard error: a
/// first build of a large library reads every file, for a minute or more.
/// Drawn once the update has taken a quarter of a second (a few changed
/// files never show it), at most every tenth of a second after, on one
/// line, cleared at the end.
struct Counter {
    start: Instant,
    last: std::sync::Mutex<Option<Instant>>,
}

impl Counter {
    const WAIT: Duration = Duration::from_millis(250);
    const TICK: Duration = Duration::from_millis(100);

    fn new() -> Counter {
        Counter {
            start: Instant::now(),
            last: std::sync::Mutex::new(None),
        }
    }

    fn tell(&self, done: usize, total: usize) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let due = last.map_or(self.start.elapsed() >= Self::WAIT, |at| {
            at.elapsed() >= Self::TICK
        });
        if due {
            *last = Some(Instant::now());
            eprint!("\rindexing {done}/{total} briefings…\x1b[K");
        }
    }

    /// Takes the count off the screen, if it was drawn.
    fn clear(&self) {
        if self.last.lock().is_ok_and(|last| last.is_some()) {
            eprint!("\r\x1b[K");
        }
    }
}

/// Says why the library's root cannot be read.
fn root_error(shown: &str, e: &std::io::Error, configured: bool) {
    if e.kind() == std::io::ErrorKind::NotFound && configured {
        eprintln!(
            "error: {shown}: no such folder (the briefings folder of the configuration, `[paths] briefings`); give a PATH"
        );
    } else if e.kind() == std::io::ErrorKind::NotFound {
        eprintln!("error: {shown}: no such file or folder");
    } else {
        eprintln!("error: {shown}: cannot read: {}", common::reason(e));
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
        error: &'a str,
    },
}

/// `{ path, date, title, sections, items }`, or `{ path, error }` for a broken file.
fn json_listing(listed: &[Listed]) -> String {
    let rows: Vec<Row> = listed
        .iter()
        .map(|e| match &e.briefing {
            Ok(b) => Row::Briefing {
                path: display_path(&e.path),
                date: b.date.to_string(),
                title: &b.title,
                sections: b.sections,
                items: b.items,
            },
            Err(headline) => Row::Broken {
                path: display_path(&e.path),
                error: headline,
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
fn text_listing(listed: &[Listed]) -> String {
    let good: Vec<&Summary> = listed
        .iter()
        .filter_map(|e| e.briefing.as_ref().ok())
        .collect();
    let digits = |n: usize| n.to_string().len();
    let sec_digits = good.iter().map(|b| digits(b.sections)).max().unwrap_or(1);
    let item_digits = good.iter().map(|b| digits(b.items)).max().unwrap_or(1);
    let sec_width = sec_digits + " sections".len();
    let item_width = item_digits + " items".len();
    let longest_title = good.iter().map(|b| b.title.width()).max().unwrap_or(0);
    let title_width = longest_title.min(TITLE_MAX);

    let mut out = String::new();
    for entry in listed {
        match &entry.briefing {
            Ok(b) => {
                let title = fit(&b.title, title_width);
                let sections = count(b.sections, sec_digits, "section", "sections");
                let items = count(b.items, item_digits, "item", "items");
                out.push_str(&format!(
                    "{}  {}  {}  {}  {}\n",
                    b.date,
                    pad(&title, title_width),
                    pad(&sections, sec_width),
                    pad(&items, item_width),
                    display_path(&entry.path),
                ));
            }
            Err(headline) => {
                out.push_str(&format!("{:<10}  {headline}\n", "broken"));
            }
        }
    }
    out
}

/// `text` cut to `width` columns at a grapheme boundary, `…` marking the cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    // Printable ASCII is a column a byte, and a grapheme a byte.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        if text.len() <= width {
            return text.to_string();
        }
        let cut = text[..width.saturating_sub(1)].trim_end();
        return format!("{cut}…");
    }
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
        assert_eq!(fit("ab", 0), "…");
        assert_eq!(fit("an accent é then more", 12), "an accent é…");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, 2, "item", "items"), " 1 item");
        assert_eq!(count(12, 2, "item", "items"), "12 items");
    }
}
