//! A [`Diff`] as text for a terminal or a pipe, or as Markdown.
//!
//! Text marks what was added with `+`, removed with `-` and changed with
//! `~`; inside a text, deleted words are written `[-so-]` and inserted
//! words `{+so+}` (as `git diff --word-diff=plain` writes them), with a few
//! words of context around each change. Colour, when asked for, is added to
//! those marks, never in place of them.

use std::fmt::Write as _;

use super::{
    Change, Diff, EntryDiff, FigureChange, ItemDiff, SectionDiff, Status, TextChange, WordOp,
};
use crate::briefing::Briefing;

/// Words of context kept on each side of a change inside a text.
const CONTEXT_WORDS: usize = 6;

/// The two versions as the output names them.
#[derive(Debug, Clone)]
pub struct Sides<'a> {
    /// The old version.
    pub old: &'a Briefing,
    /// What to call it: a path, or `REV:PATH`.
    pub old_label: &'a str,
    /// The new version.
    pub new: &'a Briefing,
    /// What to call it.
    pub new_label: &'a str,
}

/// How text output is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// No escape sequences: for pipes, files and `NO_COLOR`.
    Plain,
    /// ANSI colours on the marks (a terminal).
    Color,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn added(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn removed(&self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn changed(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
}

/// A text of the briefing on one line: its whitespace runs as single
/// spaces (a paragraph break as ` ¶ `).
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, token) in super::words::tokens(text).iter().enumerate() {
        let t = &text[token.clone()];
        if super::words::is_break_token(t) {
            out.push_str(" ¶");
            continue;
        }
        if k > 0 {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// The first and the last `n` words of a text, and whether words lie
/// between them.
fn ends(text: &str, n: usize) -> (Vec<&str>, Vec<&str>, bool) {
    let first: Vec<&str> = text.split_whitespace().take(n).collect();
    let mut last: Vec<&str> = text.split_whitespace().rev().take(n).collect();
    last.reverse();
    // Counting stops early: only whether there are more than 2n matters.
    let total = text.split_whitespace().take(2 * n + 1).count();
    if total <= 2 * n {
        let all: Vec<&str> = text.split_whitespace().collect();
        return (all, Vec::new(), false);
    }
    (first, last, true)
}

/// A changed text on one line, with deleted and inserted words marked and
/// long runs of unchanged words cut to their ends.
fn word_diff(c: &TextChange, paint: &Paint, markdown: bool) -> String {
    let Some(ops) = &c.words else {
        let (a, b) = (
            c.old.split_whitespace().count(),
            c.new.split_whitespace().count(),
        );
        return format!("rewritten whole ({a} words → {b} words)");
    };
    let mark = |t: &str, inserted: bool| {
        let t = if t.trim().is_empty() {
            // Only whitespace changed here: a paragraph break.
            "¶".to_string()
        } else {
            one_line(t)
        };
        match (markdown, inserted) {
            (true, false) => format!("~~{}~~", md(&t)),
            (true, true) => format!("**{}**", md(&t)),
            (false, false) => paint.removed(&format!("[-{t}-]")),
            (false, true) => paint.added(&format!("{{+{t}+}}")),
        }
    };
    let plain = |words: &[&str]| {
        let t = words.join(" ");
        if markdown { md(&t) } else { t }
    };
    let mut out = String::new();
    let last = ops.len().saturating_sub(1);
    for (k, op) in ops.iter().enumerate() {
        // Each run ends with the whitespace after it (see `WordOp`).
        let (side, range) = match op {
            WordOp::Deleted(r) => (c.old.as_str(), r.clone()),
            WordOp::Inserted(r) => (c.new.as_str(), r.clone()),
            WordOp::Same { new, .. } => (c.new.as_str(), new.clone()),
        };
        let piece = &side[range.clone()];
        let spaced_before = side[..range.start].ends_with(char::is_whitespace);
        if spaced_before && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        match op {
            WordOp::Deleted(_) => out.push_str(&mark(piece, false)),
            WordOp::Inserted(_) => out.push_str(&mark(piece, true)),
            WordOp::Same { .. } => {
                let (first, tail, cut) = ends(piece, CONTEXT_WORDS);
                let text = if !cut {
                    plain(&first)
                } else if k == 0 {
                    format!("… {}", plain(&tail))
                } else if k == last {
                    format!("{} …", plain(&first))
                } else {
                    format!("{} … {}", plain(&first), plain(&tail))
                };
                out.push_str(&text);
            }
        }
        if piece.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// A number as the reader shows a figure's value: no `.0` on whole numbers.
pub fn number(x: f64) -> String {
    crate::layout::doc::format_value(x)
}

fn figure_text(f: &FigureChange) -> String {
    let side = |v: &super::FigureValue| {
        let mut s = number(v.value);
        if let Some(u) = &v.unit {
            s.push(' ');
            s.push_str(u);
        }
        if let Some(n) = &v.note {
            s.push_str(&format!(" ({n})"));
        }
        s
    };
    match (&f.old, &f.new) {
        (Some(a), Some(b)) => {
            let mut s = format!("{} → {}", side(a), side(b));
            if let Some(d) = f.difference() {
                let sign = if d > 0.0 { "+" } else { "" };
                s.push_str(&format!(" ({sign}{}", number(d)));
                if let Some(p) = f.percent() {
                    let sign = if p > 0.0 { "+" } else { "" };
                    s.push_str(&format!(", {sign}{p:.1}%"));
                }
                s.push(')');
            }
            s
        }
        (None, Some(b)) => format!("new: {}", side(b)),
        (Some(a), None) => format!("removed: {}", side(a)),
        (None, None) => String::new(),
    }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

/// One change as a plain line of text, as `brief diff` prints it without
/// colour: what a reader's list of changes shows under an item.
pub fn change_text(change: &Change, old: &Briefing, new: &Briefing) -> String {
    let sides = Sides {
        old,
        old_label: "",
        new,
        new_label: "",
    };
    change_line(change, &sides, &Paint { color: false }, false)
}

/// One change as a line of text (without its indent).
fn change_line(change: &Change, sides: &Sides, paint: &Paint, markdown: bool) -> String {
    let code = |t: &str| {
        if markdown {
            format!("`{}`", t.replace('`', "'"))
        } else {
            t.to_string()
        }
    };
    let esc = |t: &str| if markdown { md(t) } else { t.to_string() };
    match change {
        Change::Text { field, change } => {
            format!("{}: {}", code(field), word_diff(change, paint, markdown))
        }
        Change::Value { field, old, new } => {
            format!("{}: {} → {}", code(field), esc(opt(old)), esc(opt(new)))
        }
        Change::Moved {
            from_section,
            from,
            to_section,
            to,
        } => {
            if from_section == to_section {
                format!("moved: position {} → {}", from + 1, to + 1)
            } else {
                let title = |b: &Briefing, id: &str| {
                    b.sections
                        .iter()
                        .find(|s| s.id == id)
                        .map_or(id.to_string(), |s| s.title.to_string())
                };
                format!(
                    "moved: from {} #{} to {} #{}",
                    esc(&title(sides.old, from_section)),
                    from + 1,
                    esc(&title(sides.new, to_section)),
                    to + 1
                )
            }
        }
        Change::Figure(f) => format!("figure {}: {}", code(&f.label), esc(&figure_text(f))),
        Change::Added { field, value } => {
            let mark = if markdown {
                "added".to_string()
            } else {
                paint.added("+")
            };
            format!("{mark} {}: {}", singular(field), code(value))
        }
        Change::Removed { field, value } => {
            let mark = if markdown {
                "removed".to_string()
            } else {
                paint.removed("-")
            };
            format!("{mark} {}: {}", singular(field), code(value))
        }
        Change::QuoteAdded(q) | Change::QuoteRemoved(q) => {
            let added = matches!(change, Change::QuoteAdded(_));
            let mark = match (markdown, added) {
                (true, true) => "added".to_string(),
                (true, false) => "removed".to_string(),
                (false, true) => paint.added("+"),
                (false, false) => paint.removed("-"),
            };
            format!(
                "{mark} quote: “{}” — {}",
                esc(&one_line(&q.text)),
                esc(&q.speaker)
            )
        }
    }
}

fn singular(field: &str) -> &str {
    match field {
        "tags" => "tag",
        "authors" => "author",
        "sources" => "source",
        "see_also" => "see also",
        "quotes" => "quote",
        other => other,
    }
}

/// `“Title” [section/id]`, or in Markdown `“Title” (`section/id`)`.
fn item_name(i: &ItemDiff, sides: &Sides, markdown: bool) -> String {
    let title = if markdown {
        md(&i.title)
    } else {
        i.title.clone()
    };
    let section = match (i.new, i.old) {
        (Some(at), _) => &sides.new.sections[at.section].id,
        (None, Some(at)) => &sides.old.sections[at.section].id,
        (None, None) => return format!("“{title}”"),
    };
    match (&i.id, markdown) {
        (Some(id), false) => format!("“{title}” [{section}/{id}]"),
        (Some(id), true) => format!("“{title}” (`{section}/{id}`)"),
        (None, _) => format!("“{title}”"),
    }
}

fn mark(status: Status, paint: &Paint) -> String {
    match status {
        Status::Added => paint.added("+"),
        Status::Removed => paint.removed("-"),
        Status::Changed => paint.changed("~"),
    }
}

fn side_line(label: &str, b: &Briefing) -> String {
    match &b.meta.as_of {
        Some(w) => format!("{label} (as of {})", super::when_text(w)),
        None => label.to_string(),
    }
}

/// The diff as text, one change a line; the last line counts the changes.
pub fn text(diff: &Diff, sides: &Sides, style: Style) -> String {
    let paint = Paint {
        color: style == Style::Color,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint.removed(&format!("--- {}", side_line(sides.old_label, sides.old)))
    );
    let _ = writeln!(
        out,
        "{}",
        paint.added(&format!("+++ {}", side_line(sides.new_label, sides.new)))
    );
    if diff.is_empty() {
        out.push_str("\nno changes\n");
        return out;
    }
    if !diff.briefing.is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold("Briefing"));
        for c in &diff.briefing {
            let _ = writeln!(out, "  {}", change_line(c, sides, &paint, false));
        }
    }
    for (title, entries) in [("Sources", &diff.sources), ("People", &diff.people)] {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", paint.bold(title));
        for e in entries {
            let _ = writeln!(out, "  {} {}", mark(e.status, &paint), entry_name(e, false));
            for c in &e.changes {
                let _ = writeln!(out, "      {}", change_line(c, sides, &paint, false));
            }
        }
    }
    for s in &diff.sections {
        section_text(s, sides, &paint, &mut out);
    }
    let _ = writeln!(out, "\n{}", diff.counts().summary());
    out
}

/// `“Name” [id]`, or in Markdown `“Name” (`id`)`.
fn entry_name(e: &EntryDiff, markdown: bool) -> String {
    let name = if markdown {
        md(&e.name)
    } else {
        e.name.clone()
    };
    match (&e.id, markdown) {
        (Some(id), false) => format!("“{name}” [{id}]"),
        (Some(id), true) => format!("“{name}” (`{id}`)"),
        (None, _) => format!("“{name}”"),
    }
}

fn section_text(s: &SectionDiff, sides: &Sides, paint: &Paint, out: &mut String) {
    let head = format!("Section “{}” [{}]", s.title, s.id);
    let _ = match s.status {
        Status::Changed => writeln!(out, "\n{}", paint.bold(&head)),
        st => writeln!(
            out,
            "\n{} {} ({})",
            mark(st, paint),
            paint.bold(&head),
            st.name()
        ),
    };
    for c in &s.changes {
        let _ = writeln!(out, "  {}", change_line(c, sides, paint, false));
    }
    for i in &s.items {
        let _ = writeln!(
            out,
            "  {} {}",
            mark(i.status, paint),
            item_name(i, sides, false)
        );
        for c in &i.changes {
            let _ = writeln!(out, "      {}", change_line(c, sides, paint, false));
        }
    }
}

/// Text escaped for Markdown inside a line (never at its start): the marks
/// that open emphasis, code, links, HTML, tables and strikethrough there
/// are backslash-escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The diff as Markdown: a heading per part, a list item per change.
pub fn markdown(diff: &Diff, sides: &Sides) -> String {
    let paint = Paint { color: false };
    let mut out = String::new();
    let _ = writeln!(out, "# Changes to {}\n", md(&sides.new.meta.title));
    let _ = writeln!(
        out,
        "- Old: `{}`\n- New: `{}`\n",
        side_line(sides.old_label, sides.old).replace('`', "'"),
        side_line(sides.new_label, sides.new).replace('`', "'")
    );
    let _ = writeln!(out, "**{}**", md(&diff.counts().summary()));
    if !diff.briefing.is_empty() {
        out.push_str("\n## Briefing\n\n");
        for c in &diff.briefing {
            let _ = writeln!(out, "- {}", change_line(c, sides, &paint, true));
        }
    }
    for (title, entries) in [("Sources", &diff.sources), ("People", &diff.people)] {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {title}\n");
        for e in entries {
            let _ = writeln!(out, "- **{}** {}", capital(e.status), entry_name(e, true));
            for c in &e.changes {
                let _ = writeln!(out, "  - {}", change_line(c, sides, &paint, true));
            }
        }
    }
    for s in &diff.sections {
        let _ = match s.status {
            Status::Changed => writeln!(out, "\n## {} (`{}`)\n", md(&s.title), s.id),
            st => writeln!(out, "\n## {} (`{}`), {}\n", md(&s.title), s.id, st.name()),
        };
        for c in &s.changes {
            let _ = writeln!(out, "- {}", change_line(c, sides, &paint, true));
        }
        for i in &s.items {
            let _ = writeln!(
                out,
                "- **{}** {}",
                capital(i.status),
                item_name(i, sides, true)
            );
            for c in &i.changes {
                let _ = writeln!(out, "  - {}", change_line(c, sides, &paint, true));
            }
        }
    }
    out
}

fn capital(s: Status) -> &'static str {
    match s {
        Status::Added => "Added",
        Status::Removed => "Removed",
        Status::Changed => "Changed",
    }
}
