//! Text rules: what may reach a terminal or an export.
//!
//! Every string the loader puts into the model goes through [`sanitize`]:
//! nothing that could act on a terminal survives it, and the text is in
//! Unicode normalization form C. [`blocks`] reads the light markup of an
//! item's `body`.

use unicode_normalization::UnicodeNormalization;

use super::diagnostic::is_unsafe_char;

/// How many spaces a tab becomes.
pub const TAB_WIDTH: usize = 4;

/// What [`sanitize`] had to change, for the warning it causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changes {
    /// Tabs replaced by spaces.
    pub tabs: usize,
    /// Control characters replaced by U+FFFD.
    pub controls: usize,
    /// Bidirectional formatting characters removed.
    pub bidi: usize,
}

impl Changes {
    /// Whether anything deserves a warning (a CR before LF does not).
    pub fn any(&self) -> bool {
        self.tabs + self.controls + self.bidi > 0
    }

    /// "a tab and 2 control characters", for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |n: usize, one: &str, many: &str| match n {
            0 => {}
            1 => parts.push(format!("a {one}")),
            n => parts.push(format!("{n} {many}")),
        };
        push(self.tabs, "tab", "tabs");
        push(self.controls, "control character", "control characters");
        push(
            self.bidi,
            "bidirectional formatting character",
            "bidirectional formatting characters",
        );
        match parts.len() {
            0 => String::from("nothing"),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} and {last}", parts.join(", "))
            }
        }
    }
}

/// Whether `c` is a bidirectional formatting character (removed outright).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Makes text safe and canonical: a tab becomes [`TAB_WIDTH`] spaces, a CR
/// right before a LF is dropped, bidirectional formatting characters are
/// removed, every other control character (C0 but newline, DEL, C1) becomes
/// U+FFFD, and the result is normalized to NFC.
pub fn sanitize(s: &str) -> (String, Changes) {
    let mut changes = Changes::default();
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => {
                changes.tabs += 1;
                out.extend(std::iter::repeat_n(' ', TAB_WIDTH));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_bidi_control(c) => changes.bidi += 1,
            c if is_unsafe_char(c) || c == '\r' => {
                changes.controls += 1;
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    let out = if unicode_normalization::is_nfc(&out) {
        out
    } else {
        out.nfc().collect()
    };
    (out, changes)
}

/// Whether text is fit for the model: nothing unsafe, already NFC.
pub fn is_clean(s: &str) -> bool {
    !s.chars()
        .any(|c| c == '\t' || c == '\r' || is_unsafe_char(c))
        && unicode_normalization::is_nfc(s)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_controls_and_bidi() {
        let (s, c) = sanitize("a\tb\u{1b}[2Jc\u{202e}d\u{9b}e\u{7f}");
        assert_eq!(s, "a    b\u{FFFD}[2Jcd\u{FFFD}e\u{FFFD}");
        assert_eq!(
            c,
            Changes {
                tabs: 1,
                controls: 3,
                bidi: 1
            }
        );
        assert!(c.any());
        assert_eq!(
            c.describe(),
            "a tab, 3 control characters and a bidirectional formatting character"
        );
        assert!(is_clean(&s));
    }

    #[test]
    fn crlf_is_quietly_lf_but_lone_cr_is_replaced() {
        let (s, c) = sanitize("one\r\ntwo\rthree");
        assert_eq!(s, "one\ntwo\u{FFFD}three");
        assert_eq!(c.controls, 1);
        let (s, c) = sanitize("one\r\ntwo");
        assert_eq!(s, "one\ntwo");
        assert!(!c.any());
    }

    #[test]
    fn normalizes_to_nfc() {
        let (s, c) = sanitize("Cafe\u{301}");
        assert_eq!(s, "Caf\u{e9}");
        assert!(!c.any());
        assert!(!is_clean("Cafe\u{301}"));
    }

    #[test]
    fn every_bidi_and_isolate_is_removed() {
        for c in [
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            let (s, ch) = sanitize(&format!("x{c}y"));
            assert_eq!(s, "xy");
            assert_eq!(ch.bidi, 1);
        }
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
