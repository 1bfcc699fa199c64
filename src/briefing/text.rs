//! Text rules: what may reach a terminal or an export.
//!
//! Every string the loader puts into the model goes through [`sanitize`]:
//! nothing that could act on a terminal survives it, and the text is in
//! Unicode normalization form C. [`blocks`] reads the light markup of an
//! item's `body`.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

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
///
/// Most text needs no change: it comes back borrowed, not copied.
pub fn sanitize(s: &str) -> (Cow<'_, str>, Changes) {
    if is_clean(s) {
        return (Cow::Borrowed(s), Changes::default());
    }
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
    (Cow::Owned(out), changes)
}

/// Whether text is fit for the model: nothing unsafe, already NFC.
///
/// Bytes that are clean wherever they stand (`is_plain_byte`) go by a
/// block at a time. Each run of other characters, up to the next ASCII
/// byte, is checked on its own, which is exact: the characters skipped are
/// all starters that the NFC quick check allows, so it starts afresh after
/// each. Only when a run may or may not be NFC is the whole text checked
/// the slow way.
pub fn is_clean(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut maybe = false;
    let mut i = 0;
    loop {
        i += prefix_while(&bytes[i..], is_plain_byte);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b.is_ascii() {
            // A tab, a CR, another C0 control or DEL.
            return false;
        }
        // `i` starts a character: a plain byte that continues one only
        // follows a plain byte that starts one. ASCII bytes are character
        // boundaries, so the run is whole characters.
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| i + n);
        let run = &s[i..end];
        if run.chars().any(is_unsafe_char) {
            return false;
        }
        match is_nfc_quick(run.chars()) {
            IsNormalized::Yes => {}
            IsNormalized::No => return false,
            IsNormalized::Maybe => maybe = true,
        }
        i = end;
    }
    !maybe || unicode_normalization::is_nfc(s)
}

/// Whether a byte of UTF-8 text is clean wherever it stands: printable
/// ASCII, a newline, or a byte of a character from U+00C0 to U+02FF (the
/// Latin letters with their accents: none is a control, none combines, all
/// are NFC as they are). A scan that starts on a character meets a
/// continuation byte only after the first byte of its character, so only
/// after a plain one.
fn is_plain_byte(b: u8) -> bool {
    matches!(b, 0x20..=0x7e | b'\n' | 0x80..=0xbf | 0xc3..=0xcb)
}

/// How many bytes at the start of `bytes` satisfy `keep`.
///
/// Bytes are tested a block at a time, without stopping inside a block,
/// which the compiler turns into vector instructions: a long run of text
/// goes by at close to memory speed.
pub(crate) fn prefix_while(bytes: &[u8], keep: impl Fn(u8) -> bool) -> usize {
    const BLOCK: usize = 32;
    let (blocks, _) = bytes.as_chunks::<BLOCK>();
    let whole = blocks
        .iter()
        .take_while(|block| block.iter().fold(true, |all, &b| all & keep(b)))
        .count()
        * BLOCK;
    whole
        + bytes[whole..]
            .iter()
            .position(|&b| !keep(b))
            .unwrap_or(bytes.len() - whole)
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
        && !super::diagnostic::is_unsafe_char_in(url)
}

/// `n` and the word for one or for many: "1 match", "3 matches".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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
            let text = format!("x{c}y");
            let (s, ch) = sanitize(&text);
            assert_eq!(s, "xy");
            assert_eq!(ch.bidi, 1);
        }
    }

    /// The check [`is_clean`] replaced: every character, then NFC.
    fn is_clean_by_chars(s: &str) -> bool {
        !s.chars()
            .any(|c| c == '\t' || c == '\r' || is_bidi_control(c) || is_unsafe_char(c))
            && unicode_normalization::is_nfc(s)
    }

    #[test]
    fn clean_text_is_borrowed_not_copied() {
        for s in [
            "",
            "plain\nascii",
            "Caf\u{e9} \u{5317}\u{4eac}",
            "\u{ac00} x\u{300}y",
        ] {
            assert!(
                matches!(sanitize(s), (Cow::Borrowed(t), c) if t == s && c == Changes::default())
            );
        }
        for s in [
            "a\tb",
            "\u{85}",
            "e\u{301}",
            "x\u{2067}",
            "\u{1100}\u{1161}",
            "a\u{212b}",
        ] {
            assert!(matches!(sanitize(s).0, Cow::Owned(_)), "{s:?}");
        }
    }

    #[test]
    fn latin_letters_are_plain_starters() {
        use unicode_normalization::char::canonical_combining_class;
        for c in '\u{c0}'..='\u{2ff}' {
            assert!(!is_unsafe_char(c) && !is_bidi_control(c), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            let mut utf8 = [0; 4];
            assert!(c.encode_utf8(&mut utf8).bytes().all(is_plain_byte), "{c:?}");
        }
        for c in [
            '\u{80}', '\u{9f}', '\u{a0}', '\u{bf}', '\u{300}', '\u{2014}',
        ] {
            let mut utf8 = [0; 4];
            assert!(
                !is_plain_byte(c.encode_utf8(&mut utf8).as_bytes()[0]),
                "{c:?}"
            );
        }
    }

    #[test]
    fn blocks_of_bytes_and_their_tail() {
        let text = format!("{}\t{}", "a".repeat(70), "b".repeat(40));
        assert_eq!(prefix_while(text.as_bytes(), is_plain_byte), 70);
        assert_eq!(prefix_while(&text.as_bytes()[71..], is_plain_byte), 40);
        assert_eq!(prefix_while(b"", is_plain_byte), 0);
    }

    /// Text that is mostly plain, with the characters each rule is about:
    /// controls, C1, bidi, combining marks (NFC "maybe"), Hangul jamo,
    /// singletons that NFC always replaces.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => "[a-zA-Z0-9 .,\n]{1,40}",
            1 => "[\t\r\u{0}-\u{1f}\u{7f}]",
            1 => "[\u{80}-\u{a0}\u{200b}-\u{2010}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{61c}]",
            2 => "[\u{300}-\u{36f}\u{591}-\u{5c7}\u{1dc0}-\u{1dff}]{1,3}",
            2 => "[\u{c0}-\u{17f}\u{1e00}-\u{1eff}\u{4e00}-\u{4e10}]{1,4}",
            1 => "[\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11a8}-\u{11c2}\u{ac00}-\u{ac20}]{1,4}",
            1 => "[\u{212b}\u{2126}\u{f900}-\u{f910}\u{340}\u{344}\u{958}-\u{95f}]",
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn is_clean_agrees_with_the_check_by_chars(s in tricky_text()) {
            prop_assert_eq!(is_clean(&s), is_clean_by_chars(&s), "{:?}", s);
            let (out, changes) = sanitize(&s);
            prop_assert!(is_clean(&out));
            prop_assert_eq!(matches!(out, Cow::Borrowed(_)), is_clean_by_chars(&s));
            if !changes.any() && !s.contains('\r') {
                prop_assert_eq!(out.as_ref(), s.nfc().collect::<String>());
            }
        }

        #[test]
        fn is_clean_agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(is_clean(&s), is_clean_by_chars(&s));
        }

        #[test]
        fn prefix_while_counts_as_a_plain_loop(
            bytes in proptest::collection::vec(prop_oneof![9 => Just(b'a'), 1 => any::<u8>()], 0..200),
        ) {
            let plain = bytes.iter().take_while(|&&b| is_plain_byte(b)).count();
            prop_assert_eq!(prefix_while(&bytes, is_plain_byte), plain);
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
