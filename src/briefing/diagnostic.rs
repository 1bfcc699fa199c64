//! Diagnostics: what is wrong with a file, where, and what to do about it,
//! rendered the way rustc and cargo print them.

use std::ops::Range;
use std::path::PathBuf;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// The file is usable, but something deserves a look.
    Warning,
}

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// Short note under the marked span.
    pub label: Option<String>,
    /// A suggestion ("did you mean `title`?").
    pub help: Option<String>,
}

/// Every problem found in one file, with the text needed to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The file.
    pub path: PathBuf,
    /// Its text (empty when it could not be read).
    pub source: String,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}
