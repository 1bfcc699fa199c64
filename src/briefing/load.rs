//! The loader: the only place that reads a briefing file.
//!
//! Bytes are checked (size, UTF-8, not empty, nesting depth), parsed by
//! `toml` into a spanned tree, and mapped to the model by hand in
//! [`super::validate`], which reports every problem at once.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::clean::{FileText, prefix_while};
use super::code::Code;
use super::diagnostic::{Diagnostic, Report};
use super::model::Briefing;
use super::validate;

/// The largest briefing file the loader reads.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The deepest nesting of arrays and inline tables the loader accepts.
pub const MAX_NESTING: usize = 64;

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

/// Reads and loads a briefing file: its name must end in `.toml`, and it
/// is read by [`read_file`], within [`MAX_FILE_SIZE`].
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Loaded, Report> {
    if path.extension().is_none_or(|e| e != "toml") {
        // A missing path or a folder is told as such, not as a bad name.
        look_at(path)?;
        return Err(Report::single(
            path.to_path_buf(),
            Code::NotToml
                .diagnostic("not a briefing file: the name must end in `.toml`", None)
                .with_help("rename the file to end in .toml"),
        ));
    }
    load_owned(path, read_file(path)?, opts)
}

/// Loads a briefing from the bytes of a file, which it keeps: the model's
/// strings that need no change point into them (see [`load_bytes`] for
/// bytes the caller keeps).
pub fn load_owned(path: &Path, bytes: Vec<u8>, opts: &LoadOptions) -> Result<Loaded, Report> {
    match String::from_utf8(bytes) {
        // A report keeps the text it was given: no copy of the file.
        Ok(text) => load_text(path, Cow::Owned(text), opts),
        Err(e) => load_bytes(path, e.as_bytes(), opts),
    }
}

/// Reads the bytes of a briefing file: the one way a briefing is read from
/// disk, for the commands and the library alike.
///
/// A file whose size is known to be over [`MAX_FILE_SIZE`] is refused
/// before a byte is read; and since a size can lie (a link to `/dev/zero`, a
/// pipe, a file that grows), reading stops one byte past the limit whatever
/// the size said, and that is refused too. A folder, and a path that cannot
/// be read, are reports with the system's reason.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Report> {
    let meta = look_at(path)?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(path, Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(path, None));
    }
    Ok(bytes)
}

/// What is at `path`, when it is something a briefing could be read from:
/// not missing, unreadable, or a folder.
fn look_at(path: &Path) -> Result<std::fs::Metadata, Report> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.is_dir() {
        return Err(Report::single(
            path.to_path_buf(),
            Code::Folder.diagnostic("cannot read: it is a folder, not a briefing file", None),
        ));
    }
    Ok(meta)
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Report {
    Report::single(
        path.to_path_buf(),
        Code::CannotRead.diagnostic(format!("cannot read: {}", io_reason(e)), None),
    )
}

/// Loads a briefing from the bytes of a file (`path` is for messages).
pub fn load_bytes(path: &Path, bytes: &[u8], opts: &LoadOptions) -> Result<Loaded, Report> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(path, Some(bytes.len() as u64)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(path, text, opts),
        Err(e) => {
            let at = e.valid_up_to();
            let source = String::from_utf8_lossy(bytes).into_owned();
            let (line, col) = super::diagnostic::line_col(&source, at);
            let bad = bytes.get(at).copied().unwrap_or(0);
            Err(Report {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![
                    Code::NotUtf8.diagnostic(
                        format!(
                            "the file is not UTF-8: invalid byte 0x{bad:02X} at line {line}, column {col} (byte offset {at})"
                        ),
                        Some(at..at + '\u{FFFD}'.len_utf8()),
                    )
                    .with_label("not UTF-8")
                    .with_help("save the file as UTF-8"),
                ],
            })
        }
    }
}

/// Loads a briefing from text already read (`path` is for messages).
pub fn load_str(path: &Path, text: &str, opts: &LoadOptions) -> Result<Loaded, Report> {
    load_text(path, Cow::Borrowed(text), opts)
}

/// The size of text whose load gives the memory it freed back to the
/// system (see [`release_freed`]).
const RELEASE_AFTER: usize = 1024 * 1024;

/// Gives back to the system the memory a load freed: the parse tree of a
/// file whose model points into its text. Nothing the load makes after the
/// tree reuses that memory (the model's strings are no copies), and the
/// allocator would keep it for the process: 20 MB after a 25 MB file.
fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only returns free pages.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Loads a briefing from its text; a report with diagnostics keeps the
/// text, copied only when it was borrowed.
fn load_text(path: &Path, text: Cow<'_, str>, opts: &LoadOptions) -> Result<Loaded, Report> {
    if text.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(path, Some(text.len() as u64)));
    }
    // A text of its own is kept whole, and the model's strings that need no
    // change point into it: the file is held once, not copied string by
    // string. A borrowed text is the caller's to keep, so its strings are
    // copied. The source is for rendering diagnostics: a briefing without
    // any does not keep a second copy of its file.
    let (briefing, mut diagnostics, source) = match text {
        Cow::Owned(text) => {
            let file = FileText::new(text);
            let (briefing, diagnostics) = check(path, file.as_str(), Some(&file), opts);
            if file.as_str().len() >= RELEASE_AFTER {
                release_freed();
            }
            let source = (!diagnostics.is_empty()).then(|| file.into_string());
            (briefing, diagnostics, source)
        }
        Cow::Borrowed(text) => {
            let (briefing, diagnostics) = check(path, text, None, opts);
            let source = (!diagnostics.is_empty()).then(|| text.to_owned());
            (briefing, diagnostics, source)
        }
    };
    // Whenever there are diagnostics, the source is the text they point into.
    let source = source.unwrap_or_default();
    for d in &mut diagnostics {
        d.span = d.span.take().map(|s| char_aligned(&source, s));
    }
    let report = Report {
        path: path.to_path_buf(),
        source,
        diagnostics,
    };
    match briefing {
        Some(briefing) => Ok(Loaded {
            briefing,
            warnings: report,
        }),
        None => Err(report),
    }
}

/// The briefing in `text` (parsed from `file` when it is given), or what
/// is wrong with it.
fn check(
    path: &Path,
    text: &str,
    file: Option<&FileText>,
    opts: &LoadOptions,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        return (None, vec![
            Code::Empty.diagnostic("the file is empty", Some(0..0))
                .with_help("a briefing needs a [briefing] table with `title` and `date`, and at least one [[sections]]"),
        ]);
    }
    if let Some(at) = too_deep(text) {
        return (
            None,
            vec![
                Code::TooDeep
                    .diagnostic(
                        format!("nesting deeper than {MAX_NESTING} arrays or inline tables"),
                        Some(at..at + 1),
                    )
                    .with_label("too deep")
                    .with_help("a briefing never needs more than a few levels"),
            ],
        );
    }
    let root = match toml::de::DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let mut message = format!("invalid TOML: {}", e.message().trim());
            // Name the key toml found twice.
            if message.ends_with("duplicate key")
                && let Some(key) = text
                    .get(span.clone())
                    .filter(|k| !k.is_empty() && k.len() <= 64)
            {
                message.push_str(&format!(" `{}`", key.trim_matches('"')));
            }
            return (
                None,
                vec![
                    Code::InvalidToml
                        .diagnostic(message, Some(span))
                        .with_label("here"),
                ],
            );
        }
    };
    let outcome = validate::build(
        root.into_inner(),
        file,
        path,
        &opts.reserved_keys,
        validate::Whole::File,
    );
    let sorted = |mut ds: Vec<Diagnostic>| {
        ds.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        ds
    };
    match outcome.briefing {
        Some(briefing) if outcome.errors.is_empty() => (Some(briefing), sorted(outcome.warnings)),
        _ => {
            let mut all = outcome.errors;
            all.extend(outcome.warnings);
            let mut all = sorted(all);
            if outcome.suppressed > 0 {
                all.push(
                    Code::TooManyErrors
                        .diagnostic(
                            format!(
                                "{} more errors not shown (only the first {} are)",
                                outcome.suppressed,
                                validate::MAX_ERRORS
                            ),
                            None,
                        )
                        .with_help("fix the ones above and check again"),
                );
            }
            (None, all)
        }
    }
}

/// A span widened to whole characters, so rendering can slice the text there.
fn char_aligned(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The report of a file over [`MAX_FILE_SIZE`]: its size when it is known,
/// else (the reading stopped at the limit) that it is more.
fn too_large(path: &Path, len: Option<u64>) -> Report {
    let limit = MAX_FILE_SIZE / (1024 * 1024);
    let size = match len {
        Some(len) => format!("{} MiB", len.div_ceil(1024 * 1024)),
        None => format!("more than {limit} MiB"),
    };
    Report::single(
        path.to_path_buf(),
        Code::TooLarge.diagnostic(
            format!("the file is too large: {size}, and a briefing may be at most {limit} MiB"),
            None,
        ),
    )
}

/// The reason of an I/O error without the "(os error 2)" noise.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Where `[` / `{` first nest deeper than [`MAX_NESTING`] outside strings,
/// comments and table headers: a cheap scan of TOML's lexical structure, run
/// before the parser so no input can make it recurse deeply.
///
/// The insides of strings, comments and headers, and the rest of a line
/// once nothing on it can count, are skipped without looking at each byte
/// in turn ([`skip_while`]): most of a briefing is long strings.
fn too_deep(text: &str) -> Option<usize> {
    scan(text, |_| {})
}

/// The nesting scan of [`too_deep`], which also tells `header` where each
/// table header starts (its `[` at the start of a line, outside every
/// string, comment and array): what the first-frame load
/// ([`super::first`]) cuts the file at, found in the same pass at the same
/// speed. Returns where nesting first goes too deep, if it does.
pub(super) fn scan(text: &str, mut header: impl FnMut(usize)) -> Option<usize> {
    let b = text.as_bytes();
    let rest = |i: usize| b.get(i..).unwrap_or_default();
    let mut depth = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if line_start && c == b'[' && depth == 0 {
            // A table header: it cannot nest, and an unclosed one is a
            // syntax error for toml to report, not deep nesting.
            header(i);
            i += skip_while(rest(i), |c| c != b'\n');
            continue;
        }
        if c == b'\n' {
            line_start = true;
        } else if !c.is_ascii_whitespace() {
            line_start = false;
        }
        match c {
            b'#' => {
                i += skip_while(rest(i), |c| c != b'\n');
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i..i + 3) == Some(&[q, q, q][..]);
                if triple {
                    i += 3;
                    loop {
                        i += string_content(rest(i), q, false);
                        if i >= b.len() {
                            return None;
                        }
                        if b[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if b.get(i..i + 3) == Some(&[q, q, q][..]) {
                            // Up to two more quotes may close a multi-line string.
                            i += 3;
                            while i < b.len() && b[i] == q {
                                i += 1;
                            }
                            break;
                        }
                        i += 1;
                    }
                    continue;
                }
                i += 1;
                while i < b.len() {
                    i += string_content(rest(i), q, true);
                    if b.get(i) != Some(&b'\\') {
                        break;
                    }
                    // An escape: the byte after it does not end the string.
                    i += 2;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ if !line_start => {
                // Up to the next bracket, quote, comment or newline, nothing
                // on this line counts.
                i += 1;
                i += skip_while(rest(i), |c| {
                    !matches!(c, b'[' | b']' | b'{' | b'}' | b'"' | b'\'' | b'#' | b'\n')
                });
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// How many bytes at the start of `bytes` are inside a string quoted by
/// `q`: up to the quote, an escape in a basic string, or a newline in a
/// one-line string. One closure for each kind of string: with constants in
/// them, the compiler vectorizes the scan.
fn string_content(bytes: &[u8], q: u8, one_line: bool) -> usize {
    match (q, one_line) {
        (b'"', false) => skip_while(bytes, |c| c != b'"' && c != b'\\'),
        (b'"', true) => skip_while(bytes, |c| c != b'"' && c != b'\\' && c != b'\n'),
        (_, false) => skip_while(bytes, |c| c != b'\''),
        (_, true) => skip_while(bytes, |c| c != b'\'' && c != b'\n'),
    }
}

/// How many bytes at the start of `bytes` satisfy `keep`: the first few
/// one at a time, since most runs in the structure of a file are short (a
/// key, a title, a tag), then a block at a time ([`prefix_while`]).
fn skip_while(bytes: &[u8], keep: impl Fn(u8) -> bool) -> usize {
    const ONE_BY_ONE: usize = 16;
    match bytes.iter().take(ONE_BY_ONE).position(|&b| !keep(b)) {
        Some(n) => n,
        None => {
            let head = bytes.len().min(ONE_BY_ONE);
            head + prefix_while(&bytes[head..], keep)
        }
    }
}

#[cfg(test)]
mod tests;
