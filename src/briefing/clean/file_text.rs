//! Where the model's strings keep their characters: in the text of the
//! file they were loaded from, when the file wrote them as the model keeps
//! them, or in a copy of their own.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The text of a briefing file as it was read, kept whole so that the
/// model's strings that needed no change point into it instead of copying
/// it (see [`Text`]).
#[derive(Debug, Clone)]
pub struct FileText(Arc<String>);

impl FileText {
    /// Keeps `text` (moved, not copied).
    pub fn new(text: String) -> FileText {
        FileText(Arc::new(text))
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text back, copied only when some model string still points into it.
    pub fn into_string(self) -> String {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| String::clone(&shared))
    }

    /// Where `part` is in this text, when it is a slice of it (not an equal
    /// string elsewhere).
    fn find(&self, part: &str) -> Option<(u32, u32)> {
        let whole = self.0.as_bytes().as_ptr_range();
        let inside = part.as_bytes().as_ptr_range();
        if inside.start < whole.start || inside.end > whole.end {
            return None;
        }
        let start = inside.start as usize - whole.start as usize;
        Some((
            u32::try_from(start).ok()?,
            u32::try_from(start + part.len()).ok()?,
        ))
    }
}

/// Where a model string's characters are: in the file's text, when the
/// file wrote them as the model keeps them, or in a copy of their own (text
/// that cleaning, folding or unescaping changed, or text not from a file).
/// Either way it is the same string: equality, order and hashing look at
/// the characters only.
#[derive(Clone)]
pub(super) enum Text {
    Own(Box<str>),
    InFile {
        file: Arc<String>,
        start: u32,
        end: u32,
    },
}

impl Text {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Text::Own(s) => s,
            Text::InFile { file, start, end } => &file[*start as usize..*end as usize],
        }
    }

    /// `part`, pointing into `file` when it is a slice of it, else copied.
    pub(super) fn of(part: &str, file: Option<&FileText>) -> Text {
        match file.and_then(|f| Some((f, f.find(part)?))) {
            Some((f, (start, end))) => Text::InFile {
                file: Arc::clone(&f.0),
                start,
                end,
            },
            None => Text::Own(part.into()),
        }
    }

    /// `s`, a copy of its own.
    pub(super) fn own(s: String) -> Text {
        Text::Own(s.into_boxed_str())
    }

    /// The characters as a `String`, moved where they are a copy of their own.
    pub(super) fn into_string(self) -> String {
        match self {
            Text::Own(s) => s.into_string(),
            text => text.as_str().to_owned(),
        }
    }

    /// Whether the characters are in a file's text, not a copy.
    #[cfg(test)]
    pub(super) fn in_file(&self) -> bool {
        matches!(self, Text::InFile { .. })
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Own(Box::default())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_equal_string_elsewhere_is_not_taken_for_a_slice_of_the_file() {
        let file = FileText::new("title = \"x\"".to_string());
        let inside = &file.as_str()[9..10];
        assert_eq!(file.find(inside), Some((9, 10)));
        let elsewhere = String::from("x");
        assert_eq!(file.find(&elsewhere), None);
        assert!(!Text::of(&elsewhere, Some(&file)).in_file());
        assert!(Text::of(inside, Some(&file)).in_file());
        assert_eq!(Text::of(inside, Some(&file)), Text::of(&elsewhere, None));
        // The text comes back without a copy once nothing points into it.
        assert_eq!(file.into_string(), "title = \"x\"");
    }
}
