//! `brief import`: a briefing from Markdown, as curators often write one
//! first. The mapping (docs/import.md):
//!
//! - `#` is the title; the paragraphs before the first `##` the summary;
//! - `##` is a section, `###` an item; lists are bullets;
//! - a `> quote` whose last paragraph (or the paragraph after it) starts
//!   with `— Speaker` is an attributed quote;
//! - a table of two to four columns whose second holds numbers is figures;
//! - links become sources, cited by the item they are in.
//!
//! It also reads back what `brief export --format markdown` writes (its
//! date line, meta lines, tags, "See also" lists, Who's who and Sources),
//! so that an export imported and exported again gives the same text.
//! Whatever has no place in the format is a [`Warning`] with its line.

mod build;
mod dates;
pub mod markdown;
mod toml;

use std::io::Read;
use std::path::Path;

use crate::briefing::Date;

/// Something of the Markdown that has no place in a briefing, and what was
/// done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Its 1-based line in the Markdown.
    pub line: usize,
    /// What it was, and what became of it.
    pub message: String,
}

/// A briefing made from Markdown.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The briefing file's text, in `brief fmt`'s layout.
    pub toml: String,
    /// What had no place, in Markdown order.
    pub warnings: Vec<Warning>,
    /// How many sections and items it has.
    pub sections: usize,
    /// How many items it has.
    pub items: usize,
}

/// What the importer needs besides the Markdown.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The date a briefing gets when the Markdown names none.
    pub today: Date,
    /// Letters the reader binds to commands (no section key may be one).
    pub reserved_keys: Vec<(char, String)>,
    /// The title a briefing gets when the Markdown has no `#` heading.
    pub fallback_title: String,
}

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// It holds nothing but whitespace.
    #[error("the Markdown file is empty")]
    Empty,
    /// It is not text.
    #[error("the file is not Markdown: it holds a NUL byte at byte offset {0}, so it is binary")]
    Binary(usize),
    /// It is not UTF-8.
    #[error(
        "the file is not UTF-8: invalid byte 0x{byte:02X} at line {line} (byte offset {offset})"
    )]
    NotUtf8 {
        /// The first invalid byte.
        byte: u8,
        /// Its line.
        line: usize,
        /// Its offset.
        offset: usize,
    },
    /// It is larger than a briefing may be.
    #[error("the file is too large: more than {} MiB, and a Markdown file to import may be at most that", .0 / (1024 * 1024))]
    TooLarge(u64),
    /// Nothing in it can be a section.
    #[error(
        "no section: a briefing needs at least one `## Section` heading with text or `###` items under it"
    )]
    NoSections,
    /// What was made does not load (a bug, or input the mapping did not foresee).
    #[error("the briefing made from it does not pass `brief check`:\n{0}")]
    Invalid(String),
}

/// Reads a Markdown file within the loader's size limit, as text.
pub fn read_markdown(path: &Path) -> Result<String, ImportError> {
    let limit = crate::briefing::load::MAX_FILE_SIZE;
    let reason = |e: std::io::Error| {
        let text = e.to_string();
        ImportError::Unreadable(match text.find(" (os error") {
            Some(i) => text[..i].to_string(),
            None => text,
        })
    };
    let meta = std::fs::metadata(path).map_err(reason)?;
    if meta.is_dir() {
        return Err(ImportError::Unreadable(
            "it is a folder, not a Markdown file".into(),
        ));
    }
    if meta.len() > limit {
        return Err(ImportError::TooLarge(limit));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(reason)?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(reason)?;
    if bytes.len() as u64 > limit {
        return Err(ImportError::TooLarge(limit));
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(ImportError::Binary(at));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        ImportError::NotUtf8 {
            byte: bytes.get(offset).copied().unwrap_or(0),
            line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
            offset,
        }
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(text)
}

/// Makes a briefing of Markdown text.
pub fn import(markdown: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    if markdown.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut warnings = Vec::new();
    let blocks = markdown::blocks(markdown, &mut warnings);
    let briefing = build::briefing(blocks, opts, &mut warnings)?;
    let text = toml::to_toml(&briefing);
    let text = crate::briefing::fmt::format(&text).unwrap_or(text);
    let load = crate::briefing::LoadOptions {
        reserved_keys: opts.reserved_keys.clone(),
    };
    if let Err(report) = crate::briefing::load_str(Path::new("imported.toml"), &text, &load) {
        return Err(ImportError::Invalid(report.render(false)));
    }
    warnings.sort_by_key(|w| w.line);
    warnings.dedup();
    Ok(Imported {
        toml: text,
        warnings,
        sections: briefing.sections.len(),
        items: briefing.item_count(),
    })
}
