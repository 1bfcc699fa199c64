//! The light markup of an item's `body` ([`blocks`]), and small rules
//! about text: who a text names, which addresses may become links, counts
//! in words. What may reach a terminal at all is [`super::clean`]'s.

/// One block of an item's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Running text; the lines of one paragraph joined by single spaces.
    Paragraph(String),
    /// A `- ` line (continuation lines that do not start a new block are joined to it).
    Bullet(String),
    /// A `> ` line (consecutive quotation lines are joined).
    Quotation(String),
}

/// Splits a body into blocks: paragraphs are separated by blank lines, a
/// line starting `- ` is a bullet, a line starting `> ` is a quotation.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Whether the last block may take a continuation line.
    let mut open = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            out.push(Block::Bullet(rest.trim().to_string()));
            open = true;
        } else if let Some(rest) = trimmed.strip_prefix("> ").or_else(|| {
            // A bare `>` continues a quotation with an empty line.
            (trimmed == ">").then_some("")
        }) {
            match out.last_mut() {
                Some(Block::Quotation(q)) if open => join(q, rest.trim()),
                _ => out.push(Block::Quotation(rest.trim().to_string())),
            }
            open = true;
        } else {
            match out.last_mut() {
                Some(Block::Paragraph(p) | Block::Bullet(p) | Block::Quotation(p)) if open => {
                    join(p, trimmed)
                }
                _ => out.push(Block::Paragraph(trimmed.to_string())),
            }
            open = true;
        }
    }
    out
}

fn join(to: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push(' ');
    }
    to.push_str(more);
}

fn is_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `text` names the person: the full name, or the family name (last
/// word, at least three letters) as a whole word.
pub fn names(text: &str, name: &str) -> bool {
    let mut keys = vec![name.trim()];
    if let Some(last) = name.split_whitespace().last()
        && last.chars().count() >= 3
        && last != name.trim()
    {
        keys.push(last);
    }
    keys.iter().filter(|k| !k.is_empty()).any(|k| {
        text.match_indices(k)
            .any(|(i, m)| is_word_boundary(text, i, i + m.len()))
    })
}

/// The URL schemes that may become links, written as a URL starts.
const LINKABLE_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Whether a URL from a briefing may become a link (a terminal hyperlink, a
/// Markdown link): an `http`, `https` or `mailto` address, in any case, with
/// no whitespace, control or other character unsafe on a terminal.
///
/// Anything else (`javascript:`, `data:`, `vbscript:`, `file:` …) is shown
/// as text only: a briefing is written by others, and following one of
/// those would run or open something rather than read a page.
pub fn is_linkable_url(url: &str) -> bool {
    let has_scheme = LINKABLE_SCHEMES.iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    });
    has_scheme
        && url.chars().all(|c| !c.is_control() && !c.is_whitespace())
        && !super::clean::is_unsafe_char_in(url)
}

/// `n` and the word for one or for many: "1 match", "3 matches".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_are_linkable() {
        for url in [
            "https://example.com/a?b=c&d=e#f",
            "http://example.com",
            "HTTPS://EXAMPLE.COM",
            "Http://example.com",
            "mailto:desk@example.com",
            "MAILTO:desk@example.com",
        ] {
            assert!(is_linkable_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.com",
            "//example.com",
            "example.com",
            "https:example.com",
            "http",
            "",
            " https://example.com",
            "https://example.com/a b",
            "https://example.com/\n",
            "https://example.com/\u{1b}]8;;",
            "https://example.com/\u{202e}",
            "https://example.com/\u{9b}",
        ] {
            assert!(!is_linkable_url(url), "{url:?}");
        }
        // A scheme cut inside a character is not one.
        assert!(!is_linkable_url("mailé"));
    }

    #[test]
    fn body_markup() {
        let body = "First line\ncontinues.\n\n- one\n- two\n  wraps\n\n> said\n> more\n\nLast.";
        assert_eq!(
            blocks(body),
            vec![
                Block::Paragraph("First line continues.".into()),
                Block::Bullet("one".into()),
                Block::Bullet("two wraps".into()),
                Block::Quotation("said more".into()),
                Block::Paragraph("Last.".into()),
            ]
        );
        assert!(blocks("").is_empty());
        assert_eq!(
            blocks("-not a bullet"),
            vec![Block::Paragraph("-not a bullet".into())]
        );
    }
}
