//! A row of the picker: one file of the library.

use std::path::Path;
use std::sync::Arc;

use crate::briefing::Briefing;
use crate::briefing::diagnostic::Report;
use crate::library::Entry;
use crate::library::index::Listed;

/// One file of the library: what the list shows of it, and the file
/// itself once it was needed.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its path, and its summary or the headline of its first error.
    pub listed: Listed,
    /// The file loaded: from the start when the library was loaded whole;
    /// from the index, when it is previewed, opened or its diagnostics are
    /// shown.
    pub entry: Option<Entry>,
    /// What the filter looks at (see [`haystack`]), made once.
    pub(super) hay: String,
}

impl Row {
    /// A row of a file already loaded.
    pub fn of(entry: Entry) -> Row {
        let mut row = Row::listed(Listed::of(&entry));
        row.entry = Some(entry);
        row
    }

    /// A row as the index lists it, its file not loaded.
    pub fn listed(listed: Listed) -> Row {
        Row {
            hay: haystack(&listed),
            listed,
            entry: None,
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.listed.path
    }

    /// The briefing, when the file is loaded and loads.
    pub fn briefing(&self) -> Option<&Arc<Briefing>> {
        self.entry.as_ref()?.briefing()
    }

    /// Why the file does not load, when it is loaded and does not.
    pub fn report(&self) -> Option<&Report> {
        self.entry.as_ref()?.report()
    }

    /// Whether the file does not load.
    pub fn is_broken(&self) -> bool {
        self.listed.briefing.is_err()
    }
}

/// The text the fuzzy filter looks at: title, tags and the end of the path
/// (the file's name and two folders above it: where the library keeps it,
/// not the folders every file shares, which would match any query).
fn haystack(listed: &Listed) -> String {
    let mut s = String::new();
    if let Ok(b) = &listed.briefing {
        s.push_str(&b.title);
        for t in &b.tags {
            s.push_str(" #");
            s.push_str(t);
        }
        s.push(' ');
    }
    let tail: Vec<_> = listed.path.iter().rev().take(3).collect();
    for (k, part) in tail.iter().rev().enumerate() {
        if k > 0 {
            s.push('/');
        }
        s.push_str(&part.to_string_lossy());
    }
    s
}
