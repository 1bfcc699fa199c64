//! Stable codes for every diagnostic a briefing can get: `E0001`… for
//! errors, `W0001`… for warnings. Tools (CI annotations, editors) key on
//! the code, never on the message, so a code keeps its meaning and its
//! number for good: a new kind of problem gets a new number.
//!
//! `docs/briefing-format.md` lists every code with an example, and a test
//! keeps that list and this enum the same.

use std::fmt;
use std::ops::Range;

use super::diagnostic::{Diagnostic, Severity};

/// What kind of problem a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file cannot be read (missing, no permission).
    CannotRead,
    /// The path is a folder where one briefing file is needed.
    Folder,
    /// The file name does not end in `.toml`.
    NotToml,
    /// The file is over the size limit.
    TooLarge,
    /// The file is not UTF-8.
    NotUtf8,
    /// The file is empty or holds only whitespace.
    Empty,
    /// Arrays or inline tables nest too deep.
    TooDeep,
    /// A TOML syntax error (duplicate keys included).
    InvalidToml,
    /// A `format` other than the one this build reads.
    UnsupportedFormat,
    /// A key the format does not have.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value of the wrong type.
    WrongType,
    /// An entry of an array of strings is not a string.
    EntryNotString,
    /// An entry of an array of tables is not a table.
    EntryNotTable,
    /// A title that must say something is blank.
    Blank,
    /// An id that is not a slug.
    InvalidId,
    /// A date (or date and time) that does not exist or is not written as one.
    InvalidDate,
    /// A date, a date and time or a time where another of them is needed.
    WrongDateKind,
    /// An id used twice among its kind.
    DuplicateId,
    /// A section key that the reader binds to a command.
    ReservedKey,
    /// A section key another section already has.
    KeyTaken,
    /// A section key that is not one ASCII letter.
    KeyNotALetter,
    /// No `[[sections]]` at all.
    NoSections,
    /// A section with neither a summary nor items.
    EmptySection,
    /// A citation of a source id that no `[[sources]]` entry has.
    UnknownSource,
    /// A `see_also` naming a section that does not exist.
    NoSuchSection,
    /// A `see_also` naming an item its section does not have.
    NoSuchItem,
    /// A `see_also` that is not `SECTION` or `SECTION/ITEM`.
    MalformedReference,
    /// A figure's value that is not a finite number.
    NotFinite,
    /// More errors than are shown.
    TooManyErrors,
    /// A `language` that is not a well-formed BCP 47 tag.
    InvalidLanguage,
    /// A well-formed `language` whose subtags are not registered.
    UnknownLanguage,
    /// A string the loader had to clean (tabs, control or bidi characters).
    TextCleaned,
    /// A person whom no item names.
    UnmentionedPerson,
}

impl Code {
    /// Every code, in the order of their numbers.
    pub const ALL: &'static [Code] = &[
        Code::CannotRead,
        Code::Folder,
        Code::NotToml,
        Code::TooLarge,
        Code::NotUtf8,
        Code::Empty,
        Code::TooDeep,
        Code::InvalidToml,
        Code::UnsupportedFormat,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::EntryNotString,
        Code::EntryNotTable,
        Code::Blank,
        Code::InvalidId,
        Code::InvalidDate,
        Code::WrongDateKind,
        Code::DuplicateId,
        Code::ReservedKey,
        Code::KeyTaken,
        Code::KeyNotALetter,
        Code::NoSections,
        Code::EmptySection,
        Code::UnknownSource,
        Code::NoSuchSection,
        Code::NoSuchItem,
        Code::MalformedReference,
        Code::NotFinite,
        Code::TooManyErrors,
        Code::InvalidLanguage,
        Code::UnknownLanguage,
        Code::TextCleaned,
        Code::UnmentionedPerson,
    ];

    /// The code as written: `E0010`, `W0001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::CannotRead => "E0001",
            Code::Folder => "E0002",
            Code::NotToml => "E0003",
            Code::TooLarge => "E0004",
            Code::NotUtf8 => "E0005",
            Code::Empty => "E0006",
            Code::TooDeep => "E0007",
            Code::InvalidToml => "E0008",
            Code::UnsupportedFormat => "E0009",
            Code::UnknownKey => "E0010",
            Code::MissingKey => "E0011",
            Code::WrongType => "E0012",
            Code::EntryNotString => "E0013",
            Code::EntryNotTable => "E0014",
            Code::Blank => "E0015",
            Code::InvalidId => "E0016",
            Code::InvalidDate => "E0017",
            Code::WrongDateKind => "E0018",
            Code::DuplicateId => "E0019",
            Code::ReservedKey => "E0020",
            Code::KeyTaken => "E0021",
            Code::KeyNotALetter => "E0022",
            Code::NoSections => "E0023",
            Code::EmptySection => "E0024",
            Code::UnknownSource => "E0025",
            Code::NoSuchSection => "E0026",
            Code::NoSuchItem => "E0027",
            Code::MalformedReference => "E0028",
            Code::NotFinite => "E0029",
            Code::TooManyErrors => "E0030",
            Code::InvalidLanguage => "E0031",
            Code::UnknownLanguage => "E0032",
            Code::TextCleaned => "W0001",
            Code::UnmentionedPerson => "W0002",
        }
    }

    /// Errors make a file invalid; warnings (`W…`) do not.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// A diagnostic of this kind, of this code's severity.
    pub fn diagnostic(self, message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        let d = match self.severity() {
            Severity::Error => Diagnostic::error(message, span),
            Severity::Warning => Diagnostic::warning(message, span),
        };
        d.with_code(self)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_numbered_in_order_and_each_listed_once() {
        let strs: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = strs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(strs, sorted, "codes out of order or repeated");
        for (prefix, sev) in [("E", Severity::Error), ("W", Severity::Warning)] {
            let numbers: Vec<usize> = Code::ALL
                .iter()
                .filter(|c| c.severity() == sev)
                .map(|c| c.as_str()[1..].parse().unwrap())
                .collect();
            assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "{prefix}");
        }
    }

    #[test]
    fn the_briefing_module_makes_every_diagnostic_through_a_code() {
        // A diagnostic made without a code would reach `--format json` with
        // none: only `Code::diagnostic` may build one in the loader.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/briefing");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name == "diagnostic.rs" || name == "code.rs" || name.contains("tests") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for needle in ["Diagnostic::error(", "Diagnostic::warning("] {
                    assert!(
                        !text.contains(needle),
                        "{} builds a diagnostic without a code",
                        path.display()
                    );
                }
            }
        }
    }
}
