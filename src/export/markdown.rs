//! Markdown: the export plan's blocks marked up as CommonMark (with a GFM
//! pipe table for figures).
//!
//! Paragraphs are not hard-wrapped: each paragraph, bullet or quotation is
//! one line. Markdown is meant to be rendered, and every renderer reflows
//! text to its own width; hard-wrapping escaped text, on the other hand,
//! can put block syntax at the start of a line (`- `, `1. `, `#`, a `===`
//! setext underline) or leave a backslash at the end of one (a hard break),
//! and escaping after wrapping would break the width again. One line per
//! paragraph keeps the Markdown exactly as meant, and diffs stay per
//! paragraph.

use super::{Piece, Plan, SourceEntry, each_piece, sentence};
use crate::briefing::Briefing;
use crate::briefing::text::is_linkable_url;
use crate::layout::Role;
use crate::layout::doc::{Block, FigureRow};

/// The pages of the plan (in its order, with only its items) as
/// Markdown. `_width` is accepted so the reader can call both exports the
/// same way; Markdown paragraphs are not hard-wrapped (see the module docs).
///
/// No trailing spaces, no control characters but newlines, and exactly one
/// newline at the end.
pub fn export_markdown(b: &Briefing, plan: &Plan, _width: usize) -> String {
    let mut chunks: Vec<String> = Vec::new();
    let mut in_list = false;
    each_piece(b, plan, &mut |piece| {
        let (chunk, list) = match piece {
            Piece::Block(d) => match block(&d.block) {
                Some(chunk) => (chunk, is_list_item(&d.block)),
                None => {
                    in_list = false;
                    return;
                }
            },
            Piece::Source(s) => (source(&s), true),
            // The separator before a part has ended any list already.
            Piece::Start(_) => return,
        };
        match chunks.last_mut() {
            Some(last) if list && in_list => {
                last.push('\n');
                last.push_str(&chunk);
            }
            _ => chunks.push(chunk),
        }
        in_list = list;
    });
    let mut out = String::new();
    for line in chunks.join("\n\n").lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// Bullets and cross-reference links are list items: consecutive ones form one list.
fn is_list_item(b: &Block) -> bool {
    match b {
        Block::Bullet(_) | Block::Bar { .. } => true,
        Block::Text { text, role } => *role == Role::Link && text.starts_with("→ "),
        _ => false,
    }
}

/// One block as Markdown; `None` for blocks that only space things out
/// (chunks are always separated by a blank line).
fn block(b: &Block) -> Option<String> {
    Some(match b {
        Block::Heading { level, text } => {
            let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
            format!("{hashes} {}", escape_heading(text))
        }
        Block::Text { text, role } => {
            let text = escape(text);
            if text.is_empty() {
                return None;
            }
            match role {
                Role::Meta => format!("*{text}*"),
                Role::Link if text.starts_with("→ ") => {
                    format!("- {}", text.trim_start_matches("→ "))
                }
                _ => text,
            }
        }
        Block::Bullet(text) => format!("- {}", escape(text)),
        Block::Quotation(text) => format!("> {}", escape(text)),
        Block::Quote { text, attribution } => {
            format!("> {}\n>\n> {}", escape(text), escape(attribution))
        }
        Block::Figures(rows) => table(rows),
        Block::Bar { label, shown, .. } => format!("- {}: {}", escape(label), escape(shown)),
        Block::Rule => "---".to_string(),
        Block::Blank => return None,
    })
}

/// `- \[n\] [Title](<url>). Publisher, Author, date.`; or, for a URL that
/// may not be a link ([`is_linkable_url`]: only http, https and mailto),
/// `- \[n\] Title. Publisher, Author, date. url`: the URL as text, where the
/// text export shows it, escaped so that it cannot become a link either.
fn source(s: &SourceEntry) -> String {
    let mut out = format!("- \\[{}\\] ", s.number);
    let (link, text) = match s.url.as_deref() {
        Some(url) if is_linkable_url(url) => (Some(url), None),
        other => (None, other),
    };
    match link {
        Some(url) => {
            out.push_str(&format!(
                "[{}](<{}>)",
                escape(&s.title),
                url_destination(url)
            ));
            if !s.title.ends_with(['.', '!', '?']) {
                out.push('.');
            }
        }
        None => out.push_str(&escape(&sentence(&s.title))),
    }
    if !s.details.is_empty() {
        out.push(' ');
        out.push_str(&escape(&sentence(&s.details)));
    }
    if let Some(url) = text {
        out.push(' ');
        out.push_str(&escape(url));
    }
    out
}

/// A pipe table with the same columns as the text layout's table.
fn table(rows: &[FigureRow]) -> String {
    let has_unit = rows.iter().any(|r| !r.unit.is_empty());
    let has_note = rows.iter().any(|r| !r.note.is_empty());
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let cells = |label: &str, value: &str, unit: &str, note: &str| {
        let mut c = vec![label.to_string(), value.to_string()];
        if has_unit {
            c.push(unit.to_string());
        }
        if has_note {
            c.push(note.to_string());
        }
        c
    };
    let mut out = vec![
        line(cells("Figure", "Value", "Unit", "Note")),
        line(cells("---", "---:", "---", "---")),
    ];
    for r in rows {
        out.push(line(cells(
            &escape(&r.label),
            &escape(&r.value),
            &escape(&r.unit),
            &escape(&r.note),
        )));
    }
    out.join("\n")
}

/// A link destination in `<…>` form: spaces, angle brackets and backslashes
/// percent-encoded, so any URL stays one valid destination.
fn url_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out
}

/// Characters that could start inline markup (emphasis, code, links, HTML,
/// entities, strikethrough, table cells) anywhere in a line.
fn is_inline_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
    )
}

/// Escapes text that starts a block (a paragraph, a list item, a quotation,
/// a table cell): inline markup everywhere, and whatever would start a block
/// at the beginning (`#`, `-`, `+`, `=`, `1.`, `1)`). Leading and trailing
/// spaces are dropped (four would start a code block).
pub(crate) fn escape(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_inline_special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    // A marker only counts when followed by a space or the end of the line;
    // a line of nothing but `-`, `=` (and spaces) is a rule or an underline.
    let marker_at = |i: usize| matches!(out.as_bytes().get(i), None | Some(b' '));
    match out.chars().next() {
        Some('#') => out.insert(0, '\\'),
        Some(c @ ('-' | '+' | '=')) if marker_at(1) || out.chars().all(|x| x == c || x == ' ') => {
            out.insert(0, '\\')
        }
        _ => {
            let digits = out.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && out[digits..].starts_with(['.', ')']) && marker_at(digits + 1) {
                out.insert(digits, '\\');
            }
        }
    }
    out
}

/// Escapes heading text: as [`escape`], and every `#` (a trailing run of
/// them would otherwise be taken for a closing sequence).
fn escape_heading(s: &str) -> String {
    let escaped = escape(s);
    let mut out = String::with_capacity(escaped.len());
    let mut prev_backslash = false;
    for c in escaped.chars() {
        if c == '#' && !prev_backslash {
            out.push('\\');
        }
        prev_backslash = c == '\\' && !prev_backslash;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample;

    #[test]
    fn escapes_inline_and_line_start_markup() {
        assert_eq!(
            escape("a*b_c [d] <e> `f` |g| ~h~ &i \\"),
            "a\\*b\\_c \\[d\\] \\<e\\> \\`f\\` \\|g\\| \\~h\\~ \\&i \\\\"
        );
        assert_eq!(escape("# x"), "\\# x");
        assert_eq!(escape("- x"), "\\- x");
        assert_eq!(escape("+ x"), "\\+ x");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("2024. x"), "2024\\. x");
        assert_eq!(escape("1) x"), "1\\) x");
        assert_eq!(escape("    code?"), "code?");
        assert_eq!(escape("-3"), "-3");
        assert_eq!(escape("2.5"), "2.5");
        assert_eq!(escape("1."), "1\\.");
        assert_eq!(escape("- - -"), "\\- - -");
        assert_eq!(escape("==x"), "==x");
        assert_eq!(escape("#tag and #more"), "\\#tag and #more");
        assert_eq!(escape_heading("C# and F# #"), "C\\# and F\\# \\#");
        assert_eq!(escape_heading("\\#"), "\\\\\\#");
    }

    #[test]
    fn structure_of_the_sample() {
        let b = sample::briefing();
        let md = export_markdown(&b, &Plan::sections(&[0, 1]), 80);
        for expected in [
            "# Summit week\n\nAllies \\*and\\* \\[partners\\]\n\n*Date: Mon 8 Apr 2024 · As of: Mon 8 Apr 2024*\n\n*Sections: Agenda · Defense cooperation*\n\nThe bottom line.\n\n---\n\n## Agenda\n",
            "### State visit \\#1 of 2\n\n*Wed 10 Apr 2024 · planned · \\[1\\]*\n\n\\#japan\n",
            "- first \\<b\\>bullet\\</b\\> with a\\_b and \\`code\\`\n- 2024\\. second\n\n> quoted words\n",
            "> “the cornerstone”\n>\n> — Kurt Campbell, Deputy Secretary \\[1\\]\n",
            "\n---\n\n## Defense cooperation\n",
            "### Patriots \\| more\n",
            "\\# not a heading\n",
            "| Figure | Value | Unit | Note |\n| --- | ---: | --- | --- |\n| Missiles \\| shipped | 36 | units | several dozen |\n| Lines | 2.5 |  |  |\n",
            "## Sources\n\n- \\[1\\] [Preview of the visit](<https://example.com/preview>). Example News, A. Writer, 2024-04-08.\n- \\[2\\] Defense memo.\n",
        ] {
            assert!(md.contains(expected), "missing {expected:?} in\n{md}");
        }
        assert!(md.ends_with(".\n") && !md.ends_with("\n\n"));
        assert!(md.lines().all(|l| l == l.trim_end()));
    }

    #[test]
    fn only_linkable_urls_become_links() {
        let entry = |url: &str| SourceEntry {
            number: 3,
            title: "Title".into(),
            details: "Desk, 2024-04-08".into(),
            url: Some(url.into()),
        };
        assert_eq!(
            source(&entry("https://x.y/a")),
            r"- \[3\] [Title](<https://x.y/a>). Desk, 2024-04-08."
        );
        assert_eq!(
            source(&entry("javascript:alert(1)")),
            r"- \[3\] Title. Desk, 2024-04-08. javascript:alert(1)"
        );
        assert_eq!(
            source(&entry("data:text/html,<b>[x](y)</b>")),
            r"- \[3\] Title. Desk, 2024-04-08. data:text/html,\<b\>\[x\](y)\</b\>"
        );
    }

    #[test]
    fn urls_stay_one_destination() {
        assert_eq!(
            url_destination("https://x.y/a b<c>\\"),
            "https://x.y/a%20b%3Cc%3E%5C"
        );
    }
}
