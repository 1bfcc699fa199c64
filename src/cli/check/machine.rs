//! `brief check --format json|github`: diagnostics for programs, one per
//! line, so that a CI step or an editor reads them without parsing the
//! marked lines people read.

use serde_json::json;

use super::CheckFormat;
use crate::briefing::diagnostic::{Diagnostic, Report, Severity, display_path, line_col};

/// Where a diagnostic is: its 1-based line and column (in characters), and
/// those of the end of its span (the column after its last character).
struct Place {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn place(report: &Report, d: &Diagnostic) -> Option<Place> {
    let span = d.span.as_ref()?;
    if report.source.is_empty() {
        return None;
    }
    let (line, column) = line_col(&report.source, span.start);
    let (end_line, end_column) = line_col(&report.source, span.end.max(span.start));
    Some(Place {
        line,
        column,
        end_line,
        end_column,
    })
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Every diagnostic of a report, one line each, in `format` (not `Human`).
pub fn render(report: &Report, format: CheckFormat) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        match format {
            CheckFormat::Json => out.push_str(&json_line(report, d)),
            CheckFormat::Github => out.push_str(&github_line(report, d)),
            CheckFormat::Human => {}
        }
        out.push('\n');
    }
    out
}

/// `{"path": …, "line": 3, "column": 1, "end": {"line": 3, "column": 6}, …}`;
/// `line`, `column` and `end` are null for a problem with no place (a file
/// that cannot be read), `help` when there is none.
fn json_line(report: &Report, d: &Diagnostic) -> String {
    let at = place(report, d);
    let value = json!({
        "path": display_path(&report.path),
        "line": at.as_ref().map(|p| p.line),
        "column": at.as_ref().map(|p| p.column),
        "end": at.as_ref().map(|p| json!({"line": p.end_line, "column": p.end_column})),
        "severity": severity(d),
        "code": d.code.map(|c| c.as_str()),
        "message": d.message,
        "help": d.help,
    });
    value.to_string()
}

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=E0010::message`,
/// the help on a second line of the message.
fn github_line(report: &Report, d: &Diagnostic) -> String {
    let mut props = vec![format!("file={}", property(&display_path(&report.path)))];
    if let Some(p) = place(report, d) {
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
        props.push(format!("endLine={}", p.end_line));
        props.push(format!("endColumn={}", p.end_column));
    }
    if let Some(code) = d.code {
        props.push(format!("title={code}"));
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{} {}::{}", severity(d), props.join(","), data(&message))
}

/// A workflow command's message: `%`, carriage returns and newlines escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`data`], and `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::Code;
    use std::path::PathBuf;

    fn report() -> Report {
        Report {
            path: PathBuf::from("a,b.toml"),
            source: "[briefing]\ntitel = \"x\"\n".into(),
            diagnostics: vec![
                Code::UnknownKey
                    .diagnostic("unknown key `titel` in [briefing]", Some(11..16))
                    .with_help("did you mean `title`? 100%"),
            ],
        }
    }

    #[test]
    fn json_has_every_field() {
        let line = render(&report(), CheckFormat::Json);
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(
            v,
            json!({
                "path": "a,b.toml", "line": 2, "column": 1,
                "end": {"line": 2, "column": 6},
                "severity": "error", "code": "E0010",
                "message": "unknown key `titel` in [briefing]",
                "help": "did you mean `title`? 100%",
            })
        );
    }

    #[test]
    fn github_annotations_escape_what_the_runner_reads() {
        assert_eq!(
            render(&report(), CheckFormat::Github),
            "::error file=a%2Cb.toml,line=2,col=1,endLine=2,endColumn=6,title=E0010::\
             unknown key `titel` in [briefing]%0Ahelp: did you mean `title`? 100%25\n"
        );
    }
}
