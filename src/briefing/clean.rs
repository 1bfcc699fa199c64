//! The one cleaning rule: what may reach a terminal, an export or a page.
//!
//! Every string of the model is a [`Line`] or [`Paragraphs`], and the only
//! ways to make one go through [`sanitize`]: nothing that could act on a
//! terminal survives, the text is in Unicode normalization form C, and a
//! [`Line`] holds no line break. The loader makes them; layout, export and
//! the reader trust them and clean nothing again.
//!
//! A `Line` cannot be made around a raw string:
//!
//! ```compile_fail
//! let raw = brief::briefing::Line(String::from("\u{1b}[2J"));
//! ```
//!
//! ```
//! let line = brief::briefing::Line::new("\u{1b}[2J two\nlines");
//! assert_eq!(line, "\u{FFFD}[2J two lines");
//! ```
//!
//! Text from outside the model (a path, an argument, a value quoted in a
//! message) is made printable by [`defang`]; [`defang_same_len`] does the same
//! to a file's source while keeping every byte offset, for diagnostics that
//! point into it.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

mod file_text;

pub use file_text::FileText;
use file_text::Text;

/// Characters that must never reach a terminal raw: C0 controls other than
/// newline and tab, DEL, C1 controls, and bidirectional formatting characters.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{061C}')
}

/// Whether a text holds any character that must not reach a terminal raw.
pub fn is_unsafe_char_in(text: &str) -> bool {
    text.chars().any(is_unsafe_char)
}

/// The line and paragraph separators of Unicode, which the model writes as
/// a newline (a terminal does not break a line at them, and shows them as
/// nothing or as a box).
fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Text from outside the model made fit to print on one line: every
/// character that could act on a terminal or break the line (controls,
/// newlines, tabs, bidirectional formatting characters, separators) becomes
/// `?`. Text with none comes back borrowed.
pub fn defang(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || is_unsafe_char(c) || is_separator(c);
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if bad(c) { '?' } else { c }).collect())
}

/// Replaces every character that could act on a terminal (controls, bidi
/// overrides) with a visible one of the same UTF-8 length, so byte spans
/// into the text stay valid while a hostile line cannot replay itself.
/// Newlines and tabs stay: this is a file's source, shown line by line.
pub fn defang_same_len(source: &str) -> String {
    source
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' => ' ',
            c if is_unsafe_char(c) || is_separator(c) => match c.len_utf8() {
                1 => '?',
                2 => '\u{00BF}',
                3 => '\u{FFFD}',
                _ => c,
            },
            c => c,
        })
        .collect()
}

/// One line of model text: sanitized, without line breaks, trimmed. A
/// title, a name, a label, a unit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Line(Text);

/// Model text that may hold paragraphs: sanitized and trimmed. A summary,
/// an item's body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Paragraphs(Text);

impl Line {
    /// Cleans `raw` into one line: [`sanitize`], then each run of spaces
    /// around a line break becomes one space, then trimmed.
    pub fn new(raw: &str) -> Line {
        Line::from_sanitized(sanitize(raw).0, None)
    }

    fn folded(s: String) -> Line {
        if !s.contains('\n') {
            return Line(Text::own(trimmed(s)));
        }
        let mut out = String::with_capacity(s.len());
        for (i, part) in s.split('\n').enumerate() {
            if i > 0 {
                let end = out.trim_end().len();
                out.truncate(end);
                out.push(' ');
                out.push_str(part.trim_start());
            } else {
                out.push_str(part);
            }
        }
        Line(Text::own(trimmed(out)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Paragraphs {
    /// Cleans `raw`: [`sanitize`], then trimmed.
    pub fn new(raw: &str) -> Paragraphs {
        Paragraphs::from_sanitized(sanitize(raw).0, None)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Model text made of what [`sanitize`] returned: the loader's way in, as
/// it warns about what sanitizing changed before it makes the text.
pub(in crate::briefing) trait FromSanitized {
    /// The text; `s` must come from [`sanitize`]. Where it is a slice of
    /// `file` that needs no change, the text points into `file`.
    fn from_sanitized(s: Cow<'_, str>, file: Option<&FileText>) -> Self;
}

impl FromSanitized for Line {
    fn from_sanitized(s: Cow<'_, str>, file: Option<&FileText>) -> Line {
        match s {
            Cow::Borrowed(s) if !s.contains('\n') => Line(Text::of(s.trim(), file)),
            s => Line::folded(s.into_owned()),
        }
    }
}

impl FromSanitized for Paragraphs {
    fn from_sanitized(s: Cow<'_, str>, file: Option<&FileText>) -> Paragraphs {
        match s {
            // Text that needed no change is kept once: in the file, or
            // copied once, already trimmed.
            Cow::Borrowed(s) => Paragraphs(Text::of(s.trim(), file)),
            Cow::Owned(s) => Paragraphs(Text::own(trimmed(s))),
        }
    }
}

/// Trims in place: no second copy of a long body.
fn trimmed(mut s: String) -> String {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    s
}

macro_rules! clean_text {
    ($t:ident) => {
        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                self.0.as_str()
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.0.as_str()
            }
        }
        impl Borrow<str> for $t {
            fn borrow(&self) -> &str {
                self.0.as_str()
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }
        impl From<&str> for $t {
            fn from(raw: &str) -> $t {
                $t::new(raw)
            }
        }
        impl From<String> for $t {
            fn from(raw: String) -> $t {
                $t::new(&raw)
            }
        }
        impl From<$t> for String {
            fn from(t: $t) -> String {
                t.0.into_string()
            }
        }
        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.0.as_str() == other
            }
        }
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.0.as_str() == *other
            }
        }
        impl PartialEq<$t> for str {
            fn eq(&self, other: &$t) -> bool {
                self == other.0.as_str()
            }
        }
        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                *self == other.0.as_str()
            }
        }
    };
}

clean_text!(Line);
clean_text!(Paragraphs);

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
/// right before a LF is dropped, a line or paragraph separator (U+2028,
/// U+2029) becomes a LF, bidirectional formatting characters are
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
            c if is_separator(c) => out.push('\n'),
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
        if run.chars().any(|c| is_unsafe_char(c) || is_separator(c)) {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn loaded(text: &str) -> crate::briefing::Briefing {
        let path = std::path::Path::new("t.toml");
        crate::briefing::load_owned(path, text.as_bytes().to_vec(), &Default::default())
            .expect("loads")
            .briefing
    }

    const SHARED: &str = r#"format = 1
[briefing]
title = "  Plain title  "
date = 2024-04-10
summary = """
First line,
second line.
"""
[[sections]]
id = "one"
title = 'Literal \n title'
[[sections.items]]
title = "Escaped\ttab"
status = """folded
status"""
body = "Bidi \u202e here"
"#;

    #[test]
    fn text_that_needs_no_change_points_into_the_file() {
        let b = loaded(SHARED);
        let item = &b.sections[0].items[0];
        // As written: basic, multi-line and literal strings, trimmed.
        assert_eq!(b.meta.title, "Plain title");
        assert!(b.meta.title.0.in_file());
        let summary = b.meta.summary.as_ref().unwrap();
        assert_eq!(summary, "First line,\nsecond line.");
        assert!(summary.0.in_file());
        assert_eq!(b.sections[0].title, "Literal \\n title");
        assert!(b.sections[0].title.0.in_file());
        // Changed by unescaping, folding or cleaning: a copy of their own.
        assert!(item.title.starts_with("Escaped ") && !item.title.contains('\t'));
        assert!(!item.title.0.in_file());
        assert_eq!(item.status.as_ref().unwrap(), "folded status");
        assert!(!item.status.as_ref().unwrap().0.in_file());
        assert!(!item.body.as_ref().unwrap().0.in_file());
    }

    #[test]
    fn a_briefing_is_the_same_whether_its_text_is_kept_or_copied() {
        let owned = loaded(SHARED);
        let copied =
            crate::briefing::load_str(std::path::Path::new("t.toml"), SHARED, &Default::default())
                .unwrap()
                .briefing;
        assert!(!copied.meta.title.0.in_file());
        assert_eq!(owned, copied);
        let state = std::collections::hash_map::RandomState::new();
        let h = |l: &Line| {
            use std::hash::BuildHasher;
            state.hash_one(l)
        };
        assert_eq!(h(&owned.meta.title), h(&copied.meta.title));
        assert_eq!(
            owned.meta.title.cmp(&copied.meta.title),
            std::cmp::Ordering::Equal
        );
        assert_eq!(String::from(owned.meta.title.clone()), "Plain title");
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
        !s.chars().any(|c| {
            c == '\t' || c == '\r' || is_bidi_control(c) || is_unsafe_char(c) || is_separator(c)
        }) && unicode_normalization::is_nfc(s)
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
    fn a_line_folds_its_breaks_and_the_spaces_around_them() {
        assert_eq!(
            Line::new("  The state\n   visit \r\n begins  "),
            "The state visit begins"
        );
        assert_eq!(Line::new("a\u{2028}b\u{2029}c"), "a b c");
        assert_eq!(Line::new("a\tb\u{1b}c"), "a    b\u{FFFD}c");
        assert_eq!(Line::new("\n\n"), "");
    }

    #[test]
    fn paragraphs_keep_their_breaks() {
        let p = Paragraphs::new("\n One.\n\nTwo\u{2029}three. \n");
        assert_eq!(p, "One.\n\nTwo\nthree.");
    }

    #[test]
    fn defang_makes_outside_text_one_printable_line() {
        assert_eq!(defang("plain é 日本"), "plain é 日本");
        assert!(matches!(defang("plain"), Cow::Borrowed(_)));
        assert_eq!(
            defang("a\nb\tc\u{1b}[2J\u{202e}d\u{2028}e\u{9b}"),
            "a?b?c?[2J?d?e?"
        );
    }

    #[test]
    fn defang_same_len_keeps_offsets() {
        let s = "a\u{1b}b\u{9b}c\u{202e}d\u{2028}e\nf\r";
        let d = defang_same_len(s);
        assert_eq!(d.len(), s.len());
        assert_eq!(d, "a?b\u{BF}c\u{FFFD}d\u{FFFD}e\nf ");
    }

    proptest! {
        #[test]
        fn every_clean_text_is_clean(raw in any::<String>()) {
            let line = Line::new(&raw);
            prop_assert!(is_clean(&line) && !line.contains('\n'));
            prop_assert_eq!(line.trim(), line.as_str());
            let p = Paragraphs::new(&raw);
            prop_assert!(is_clean(&p));
            prop_assert!(!defang(&raw).chars().any(|c| c.is_control() || is_unsafe_char(c)));
        }
    }
}
