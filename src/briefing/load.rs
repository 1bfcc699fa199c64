//! The loader: the only place that reads a briefing file.

use std::path::Path;

use super::diagnostic::Report;
use super::model::Briefing;

/// What the loader needs to know beyond the file itself.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Letters the reader binds to commands, with the action's name: a
    /// section's own `key` must not be one of them.
    pub reserved_keys: Vec<(char, String)>,
}

/// A briefing that loaded, with any warnings about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The briefing.
    pub briefing: Briefing,
    /// Warnings (no errors); may be empty.
    pub warnings: Report,
}

/// Reads and loads a briefing file.
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Loaded, Report> {
    let _ = (path, opts);
    todo!("loader")
}

/// Loads a briefing from text already read (`path` is for messages).
pub fn load_str(path: &Path, text: &str, opts: &LoadOptions) -> Result<Loaded, Report> {
    let _ = (path, text, opts);
    todo!("loader")
}
