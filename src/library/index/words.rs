//! Words, as the index and the search both see them.
//!
//! One rule splits text into words everywhere: what the index stores, what
//! a query looks for, and where a hit is found again in the stored text. A
//! word is a run of letters and digits; a character of a script written
//! without spaces (Chinese, Japanese) is a word of its own, so that a query
//! in those scripts is a phrase of characters and finds them wherever they
//! stand. Words are compared folded to lower case, unless the query asks for
//! its case (smart case).

use std::ops::Range;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in the index.
pub(super) const TOKENIZER: &str = "brief-words";

/// Longest word the index holds, in bytes. A longer run of letters is no
/// word anyone types; leaving it out keeps the index's terms small.
pub(super) const MAX_WORD: usize = 100;

/// Whether `c` is written without spaces between words, so each character
/// is a word: Han ideographs, kana, and the CJK compatibility forms.
fn stands_alone(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF      // hiragana, katakana
        | 0x31F0..=0x31FF    // katakana extensions
        | 0x3400..=0x4DBF    // Han, extension A
        | 0x4E00..=0x9FFF    // Han
        | 0xF900..=0xFAFF    // Han compatibility
        | 0xFF66..=0xFF9F    // half-width katakana
        | 0x20000..=0x3134F) // Han, extensions B to G
}

/// The byte ranges of the words of `text`, in order.
pub fn word_ranges(text: &str) -> WordRanges<'_> {
    WordRanges {
        text,
        at: 0,
        pending: None,
    }
}

/// Iterator of [`word_ranges`].
pub struct WordRanges<'a> {
    text: &'a str,
    /// Where the next character starts.
    at: usize,
    /// A character standing alone that ended a run of letters: the next word.
    pending: Option<Range<usize>>,
}

impl Iterator for WordRanges<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if let Some(word) = self.pending.take() {
            return Some(word);
        }
        let bytes = self.text.as_bytes();
        let mut start = None;
        while let Some(&b) = bytes.get(self.at) {
            let at = self.at;
            // ASCII, most of most texts, without decoding a character: a
            // letter or digit, or not, and never standing alone.
            if b.is_ascii() {
                self.at += 1;
                if b.is_ascii_alphanumeric() {
                    start.get_or_insert(at);
                } else if let Some(s) = start {
                    return Some(s..at);
                }
                continue;
            }
            let c = self.text[at..].chars().next()?;
            self.at += c.len_utf8();
            if stands_alone(c) {
                let alone = at..at + c.len_utf8();
                if let Some(s) = start {
                    self.pending = Some(alone);
                    return Some(s..at);
                }
                return Some(alone);
            }
            if c.is_alphanumeric() {
                start.get_or_insert(at);
            } else if let Some(s) = start {
                return Some(s..at);
            }
        }
        start.map(|s| s..self.text.len())
    }
}

/// One character folded for comparison: its first lower-case letter, the
/// rule of the reader's search ([`crate::layout::find`]), so that a word
/// that matches here is also found by a scan of the text for it.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// `word` folded for comparison, character by character ([`fold_char`]).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.chars().map(fold_char).collect()
}

/// Whether the word `word` of a text is `term`, a word of a query as
/// compared: folded unless `case_sensitive`. Allocates nothing.
pub fn same_word(word: &str, term: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        word == term
    } else if word.is_ascii() {
        word.eq_ignore_ascii_case(term)
    } else {
        word.chars().map(fold_char).eq(term.chars())
    }
}

/// The words of `text`, folded unless `keep_case`.
pub fn words(text: &str, keep_case: bool) -> Vec<String> {
    word_ranges(text)
        .map(|r| {
            let w = &text[r];
            if keep_case { w.to_string() } else { fold(w) }
        })
        .collect()
}

/// The tokenizer of the index's text fields: [`word_ranges`], folded, words
/// over [`MAX_WORD`] bytes left out (their position still counted, so a
/// phrase cannot jump over them).
#[derive(Clone, Default)]
pub(super) struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub(super) struct WordStream<'a> {
    text: &'a str,
    words: WordRanges<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            words: word_ranges(text),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        for range in self.words.by_ref() {
            self.token.position = self.token.position.wrapping_add(1);
            if range.len() > MAX_WORD {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(&fold(&self.text[range.clone()]));
            self.token.offset_from = range.start;
            self.token.offset_to = range.end;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        word_ranges(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            split("U.S.–Japan talks: 3.5% tariffs, don't!"),
            ["U", "S", "Japan", "talks", "3", "5", "tariffs", "don", "t"]
        );
        assert_eq!(split("  "), Vec::<&str>::new());
        assert_eq!(split("communiqué Ørsted"), ["communiqué", "Ørsted"]);
    }

    #[test]
    fn ideographs_and_kana_are_words_of_their_own() {
        assert_eq!(
            split("日本の共同訓練abc実施"),
            ["日", "本", "の", "共", "同", "訓", "練", "abc", "実", "施"]
        );
        assert_eq!(split("x日"), ["x", "日"]);
    }

    #[test]
    fn folding_is_lower_case() {
        assert_eq!(fold("Tariffs"), "tariffs");
        assert_eq!(fold("ÉTÉ"), "été");
        assert!(same_word("Été", "été", false));
        assert!(!same_word("Été", "été", true));
        assert!(same_word("ROWS", "rows", false));
        assert!(!same_word("rows", "row", false));
        assert_eq!(words("The Hague", false), ["the", "hague"]);
        assert_eq!(words("The Hague", true), ["The", "Hague"]);
    }

    #[test]
    fn the_tokenizer_counts_positions_past_long_words() {
        let long = "x".repeat(MAX_WORD + 1);
        let text = format!("a {long} b");
        let mut t = WordTokenizer::default();
        let mut stream = t.token_stream(&text);
        let mut seen = Vec::new();
        while stream.advance() {
            let tok = stream.token();
            seen.push((tok.text.clone(), tok.position));
        }
        assert_eq!(seen, [("a".to_string(), 0), ("b".to_string(), 2)]);
    }
}
