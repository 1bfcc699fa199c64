//! Diagnostics: what is wrong with a file, where, and what to do about it,
//! rendered the way rustc and cargo print them.

use std::ops::Range;
use std::path::PathBuf;

use super::clean::{defang, defang_same_len, is_unsafe_char};
use super::code::Code;

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
    /// The kind of problem, stable across versions (`E0010`); every
    /// diagnostic of a briefing has one.
    pub code: Option<Code>,
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

impl Diagnostic {
    /// An error at a place in the file.
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: None,
            help: None,
            code: None,
        }
    }

    /// A warning at a place in the file.
    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    /// Adds the note shown under the marked span.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Sets the kind of problem.
    pub fn with_code(mut self, code: Code) -> Diagnostic {
        self.code = Some(code);
        self
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Lines a snippet shows at most.
const SNIPPET_LINES: usize = 4;

/// A window longer than this (in bytes) is cut around the span, so a file
/// that is one enormous line renders as fast as any other.
const LONG_WINDOW: usize = 1024;

/// Bytes kept on each side of the span when a window is cut.
const CONTEXT: usize = 256;

/// The lines a snippet shows: their text, the 1-based number of the first,
/// the span relative to them, and whether a long line had to be cut.
struct Window<'s> {
    text: &'s str,
    line: usize,
    span: Range<usize>,
    cut: bool,
}

/// The whole lines around a span (at most [`SNIPPET_LINES`]), or, when
/// they are very long, the part of the span's first line around it.
fn window(source: &str, span: Range<usize>) -> Window<'_> {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end.max(start));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut line_end = line_start;
    for _ in 0..SNIPPET_LINES {
        line_end = source[line_end..]
            .find('\n')
            .map_or(source.len(), |i| line_end + i);
        if line_end >= end || line_end == source.len() {
            break;
        }
        line_end += 1;
    }
    let end = end.min(line_end);
    let line = source.as_bytes()[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    if line_end - line_start > LONG_WINDOW {
        let first_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let from = floor(start.saturating_sub(CONTEXT).max(line_start));
        let span_end = floor(end.min(first_end).min(start + CONTEXT)).max(start);
        let to = floor((span_end + CONTEXT).min(first_end)).max(span_end);
        return Window {
            text: &source[from..to],
            line,
            span: start - from..span_end - from,
            cut: true,
        };
    }
    Window {
        text: &source[line_start..line_end],
        line,
        span: start - line_start..end - line_start,
        cut: false,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The closest of `candidates` to `word`, when close enough to be a likely
/// typo: the "did you mean" of briefing and configuration errors alike.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, c)| *score >= 0.8 || strsim::levenshtein(word, c) <= 1)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A file path made safe to print on one line (see [`defang`]).
pub fn display_path(path: &std::path::Path) -> String {
    defang(&path.display().to_string()).into_owned()
}

impl Report {
    /// A report with one problem that has no place in the file (unreadable file, too large …).
    pub fn single(path: PathBuf, diagnostic: Diagnostic) -> Report {
        Report {
            path,
            source: String::new(),
            diagnostics: vec![diagnostic],
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The `PATH:LINE:COL: error: MESSAGE` line of one diagnostic.
    pub fn headline(&self, d: &Diagnostic) -> String {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = display_path(&self.path);
        let message = defang(&d.message);
        match &d.span {
            Some(span) if !self.source.is_empty() => {
                let (line, col) = line_col(&self.source, span.start);
                format!("{path}:{line}:{col}: {kind}: {message}")
            }
            _ => format!("{path}: {kind}: {message}"),
        }
    }

    /// The first diagnostic's headline (for banners and lists).
    pub fn first_headline(&self) -> Option<String> {
        self.diagnostics.first().map(|d| self.headline(d))
    }

    /// Every diagnostic: its headline, then the source line with the span
    /// marked, the label and the help, as rustc prints them. Never contains a
    /// control character other than newline (the source is defanged first).
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let safe_source = defang_same_len(&self.source);
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&self.headline(d));
            out.push('\n');
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let path = display_path(&self.path);
            let mut group = Group::with_title(level.primary_title(d.message.as_str()));
            if let Some(span) = d.span.clone().filter(|_| !self.source.is_empty()) {
                // Only the lines the span touches (at most a few) go to the
                // renderer, so a large file with many problems stays fast.
                let w = window(&safe_source, span);
                let mut ann = AnnotationKind::Primary.span(w.span);
                if let Some(label) = &d.label {
                    ann = ann.label(label.as_str());
                }
                let snippet = Snippet::source(w.text).line_start(w.line).annotation(ann);
                // A cut line would make the snippet's own column wrong: the
                // headline above has the place.
                group = group.element(if w.cut {
                    snippet
                } else {
                    snippet.path(path.as_str())
                });
                if w.cut {
                    group = group
                        .element(Level::NOTE.message(
                            "the line is long: only the part around the problem is shown",
                        ));
                }
            }
            if let Some(help) = &d.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            let rendered = renderer.render(&[group]);
            // The first rendered line repeats the message; our headline replaces it.
            let body = rendered.split_once('\n').map_or("", |(_, rest)| rest);
            let body: String = body
                .chars()
                .filter(|&c| c == '\n' || c == '\x1b' && color || !is_unsafe_char(c))
                .collect();
            if !body.trim().is_empty() {
                out.push_str(body.trim_end());
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headline_then_marked_line() {
        let source = "[briefing]\ntitel = \"x\"\n".to_string();
        let report = Report {
            path: PathBuf::from("b.toml"),
            source,
            diagnostics: vec![
                Diagnostic::error("unknown key `titel` in [briefing]", Some(11..16))
                    .with_label("not a key of [briefing]")
                    .with_help("did you mean `title`?"),
            ],
        };
        let text = report.render(false);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("b.toml:2:1: error: unknown key `titel` in [briefing]")
        );
        assert!(text.contains("titel = \"x\""), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn hostile_lines_are_not_replayed() {
        let source = "title = \"\u{1b}]52;c;aGk=\u{7}\u{9b}x\u{202e}\"\n".to_string();
        let report = Report {
            path: PathBuf::from("evil\u{1b}.toml"),
            source,
            diagnostics: vec![Diagnostic::error("bad \u{1b}[2J", Some(0..5))],
        };
        let text = report.render(false);
        assert!(
            !text.chars().any(|c| c != '\n' && is_unsafe_char(c)),
            "{text:?}"
        );
    }

    #[test]
    fn a_huge_line_is_cut_around_the_span() {
        let line = "x = [".to_string() + &"1, ".repeat(1_000_000) + "]";
        let at = line.len() / 2;
        let report = Report {
            path: PathBuf::from("b.toml"),
            source: line.clone(),
            diagnostics: vec![Diagnostic::error("here", Some(at..at + 1)).with_label("this")],
        };
        let start = std::time::Instant::now();
        let text = report.render(false);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert!(text.len() < 2000, "{}", text.len());
        assert!(text.starts_with("b.toml:1:"), "{text}");
        assert!(text.contains("only the part around the problem"), "{text}");
        assert!(text.contains('^'), "{text}");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("", 0), (1, 1));
        assert_eq!(line_col("abc", 99), (1, 4));
    }
}
