//! Word-level differences of a text: what was kept, deleted and inserted,
//! as byte ranges into the old and the new text.
//!
//! Texts are compared as sequences of words; the spaces and line breaks
//! between words do not count (a paragraph re-wrapped in the file is the
//! same paragraph), except a blank line, which is a paragraph break and
//! counts as a word of its own. The diff itself is `similar`'s Myers diff
//! over those words.

use std::ops::Range;

/// The most words, on either side, of the part of two texts that differs
/// (after their common beginning and end) for which a word diff is
/// computed. Myers' diff costs the product of the lengths of what differs;
/// beyond this, a change (a 10 MB body rewritten) is reported whole.
pub const WORD_DIFF_CAP: usize = 4_000;

/// A text that changed: both versions, and what changed word by word.
#[derive(Debug, Clone, PartialEq)]
pub struct TextChange {
    /// The old text (empty when there was none).
    pub old: String,
    /// The new text (empty when there is none now).
    pub new: String,
    /// The words kept, deleted and inserted, in order; `None` when the
    /// texts were too different to compare word by word (see
    /// [`WORD_DIFF_CAP`]): the change is then the whole text.
    pub words: Option<Vec<WordOp>>,
}

/// One run of words of a word diff. Each run holds the whitespace that
/// follows its words: the `Same` and `Inserted` runs, in order, are the
/// whole new text, and the `Same` and `Deleted` runs the whole old text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp {
    /// Words in both texts: their bytes in the old text and in the new.
    Same {
        /// Where they are in the old text.
        old: Range<usize>,
        /// Where they are in the new text.
        new: Range<usize>,
    },
    /// Words only in the old text: where they were in it.
    Deleted(Range<usize>),
    /// Words only in the new text: where they are in it.
    Inserted(Range<usize>),
}

impl TextChange {
    /// Compares two texts; `None` when they hold the same words.
    ///
    /// The common beginning and end are set aside first, a byte at a time,
    /// so that only what differs is cut into words: an edit in a 10 MB
    /// body costs a scan of it, and a rewrite of one is counted, never held
    /// word by word.
    pub fn compare(old: &str, new: &str) -> Option<TextChange> {
        if old == new {
            return None;
        }
        let (start, old_end, new_end) = common_ends(old, new);
        let (a, b) = (&old[start..old_end], &new[start..new_end]);
        if words_of(a).eq(words_of(b)) {
            // Only the spacing between words changed.
            return None;
        }
        let words = if token_iter(a).nth(WORD_DIFF_CAP).is_some()
            || token_iter(b).nth(WORD_DIFF_CAP).is_some()
        {
            None
        } else {
            word_ops(a, b, &tokens(a), &tokens(b)).map(|middle| {
                let shift = |r: &Range<usize>| r.start + start..r.end + start;
                let mut ops = Vec::with_capacity(middle.len() + 2);
                if start > 0 {
                    ops.push(WordOp::Same {
                        old: 0..start,
                        new: 0..start,
                    });
                }
                ops.extend(middle.iter().map(|op| match op {
                    WordOp::Same { old, new } => WordOp::Same {
                        old: shift(old),
                        new: shift(new),
                    },
                    WordOp::Deleted(r) => WordOp::Deleted(shift(r)),
                    WordOp::Inserted(r) => WordOp::Inserted(shift(r)),
                }));
                if old_end < old.len() {
                    ops.push(WordOp::Same {
                        old: old_end..old.len(),
                        new: new_end..new.len(),
                    });
                }
                merged(ops)
            })
        };
        Some(TextChange {
            old: old.to_string(),
            new: new.to_string(),
            words,
        })
    }

    /// Byte ranges of the new text that were inserted: what a reader
    /// highlights as new words.
    pub fn inserted(&self) -> Vec<Range<usize>> {
        match &self.words {
            Some(ops) => ops
                .iter()
                .filter_map(|op| match op {
                    WordOp::Inserted(r) => Some(r.clone()),
                    _ => None,
                })
                .collect(),
            None if self.new.is_empty() => Vec::new(),
            None => std::iter::once(0..self.new.len()).collect(),
        }
    }

    /// Byte ranges of the old text that were deleted.
    pub fn deleted(&self) -> Vec<Range<usize>> {
        match &self.words {
            Some(ops) => ops
                .iter()
                .filter_map(|op| match op {
                    WordOp::Deleted(r) => Some(r.clone()),
                    _ => None,
                })
                .collect(),
            None if self.old.is_empty() => Vec::new(),
            None => std::iter::once(0..self.old.len()).collect(),
        }
    }
}

/// Runs of the same words side by side made one (the common ends and the
/// diff's own first and last runs meet).
fn merged(ops: Vec<WordOp>) -> Vec<WordOp> {
    let mut out: Vec<WordOp> = Vec::with_capacity(ops.len());
    for op in ops {
        if let (Some(WordOp::Same { old: a, new: b }), WordOp::Same { old: c, new: d }) =
            (out.last_mut(), &op)
            && a.end == c.start
            && b.end == d.start
        {
            a.end = c.end;
            b.end = d.end;
            continue;
        }
        out.push(op);
    }
    out
}

/// Whether a whitespace run breaks a paragraph (holds a blank line).
fn is_break(ws: &str) -> bool {
    let mut lines = ws.split('\n');
    lines.next();
    let mut n = 0;
    for _ in lines {
        n += 1;
        if n >= 2 {
            return true;
        }
    }
    false
}

/// The words of a text, its punctuation marks (each a token of its own, so
/// that `stand.` and `stand now.` share `stand`) and its paragraph breaks,
/// as byte ranges.
pub(crate) fn tokens(text: &str) -> Vec<Range<usize>> {
    token_iter(text).collect()
}

/// [`tokens`], one at a time.
fn token_iter(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut seen_any = false;
    std::iter::from_fn(move || {
        loop {
            let (i, c) = chars.next()?;
            if c.is_whitespace() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_whitespace() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                // A blank line between words is a paragraph break; spaces
                // before the first word or after the last are not.
                if seen_any && chars.peek().is_some() && is_break(&text[i..end]) {
                    return Some(i..end);
                }
                continue;
            }
            seen_any = true;
            if !c.is_alphanumeric() {
                return Some(i..i + c.len_utf8());
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            return Some(i..end);
        }
    })
}

/// The tokens of a text as they compare: every paragraph break alike.
fn words_of(text: &str) -> impl Iterator<Item = &str> + '_ {
    token_iter(text).map(move |r| as_word(text, r))
}

/// A token as it compares: a paragraph break is one, however many blank
/// lines it holds.
fn as_word(text: &str, r: Range<usize>) -> &str {
    let t = &text[r];
    if is_break_token(t) { "\n\n" } else { t }
}

/// Where two texts stop being the same, at the start and at the end, on
/// whole tokens: the start of the part that differs (the same in both),
/// and its end in the old text and in the new.
fn common_ends(old: &str, new: &str) -> (usize, usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    // Back to just after a space: a token boundary in both texts.
    let start = a[..p]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |k| k + 1);
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (old_end, new_end) = (a.len() - s, b.len() - s);
    // On to the next word after a space: the suffix starts on a token,
    // and the part that differs keeps the spaces after its last word.
    let shift = match a[old_end..].iter().position(u8::is_ascii_whitespace) {
        Some(k) => {
            let spaces = a[old_end + k..]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
            k + spaces
        }
        None => s,
    };
    (start, old_end + shift, new_end + shift)
}

/// Whether a token is a paragraph break rather than a word.
pub(crate) fn is_break_token(text: &str) -> bool {
    text.starts_with(char::is_whitespace)
}

/// The word diff of two texts, or `None` beyond [`WORD_DIFF_CAP`].
fn word_ops(old: &str, new: &str, a: &[Range<usize>], b: &[Range<usize>]) -> Option<Vec<WordOp>> {
    if a.is_empty() || b.is_empty() {
        // One side has no words (at most spaces): all of it goes, all of
        // the other comes.
        let mut ops = Vec::new();
        if !old.is_empty() {
            ops.push(WordOp::Deleted(0..old.len()));
        }
        if !new.is_empty() {
            ops.push(WordOp::Inserted(0..new.len()));
        }
        return Some(ops);
    }
    let eq = |i: usize, j: usize| as_word(old, a[i].clone()) == as_word(new, b[j].clone());
    let prefix = (0..a.len().min(b.len())).take_while(|&k| eq(k, k)).count();
    let suffix = (0..(a.len() - prefix).min(b.len() - prefix))
        .take_while(|&k| eq(a.len() - 1 - k, b.len() - 1 - k))
        .count();
    let (a_mid, b_mid) = (prefix..a.len() - suffix, prefix..b.len() - suffix);
    if a_mid.len() > WORD_DIFF_CAP || b_mid.len() > WORD_DIFF_CAP {
        return None;
    }
    let a_words: Vec<&str> = a.iter().map(|r| as_word(old, r.clone())).collect();
    let b_words: Vec<&str> = b.iter().map(|r| as_word(new, r.clone())).collect();
    // A run covers its tokens and the whitespace after them, so that the
    // runs of each text, in order, are the whole text.
    let run = |toks: &[Range<usize>], len: usize, r: Range<usize>| {
        let start = if r.start == 0 { 0 } else { toks[r.start].start };
        start..toks.get(r.end).map_or(len, |t| t.start)
    };
    let span_a = |r: Range<usize>| run(a, old.len(), r);
    let span_b = |r: Range<usize>| run(b, new.len(), r);
    let mut ops = Vec::new();
    if prefix > 0 {
        ops.push(WordOp::Same {
            old: span_a(0..prefix),
            new: span_b(0..prefix),
        });
    }
    let diff = similar::capture_diff_slices(
        similar::Algorithm::Myers,
        &a_words[a_mid.clone()],
        &b_words[b_mid.clone()],
    );
    for op in diff {
        let (tag, ra, rb) = op.as_tag_tuple();
        let ra = ra.start + prefix..ra.end + prefix;
        let rb = rb.start + prefix..rb.end + prefix;
        match tag {
            similar::DiffTag::Equal => ops.push(WordOp::Same {
                old: span_a(ra),
                new: span_b(rb),
            }),
            similar::DiffTag::Delete => ops.push(WordOp::Deleted(span_a(ra))),
            similar::DiffTag::Insert => ops.push(WordOp::Inserted(span_b(rb))),
            similar::DiffTag::Replace => {
                ops.push(WordOp::Deleted(span_a(ra)));
                ops.push(WordOp::Inserted(span_b(rb)));
            }
        }
    }
    if suffix > 0 {
        ops.push(WordOp::Same {
            old: span_a(a.len() - suffix..a.len()),
            new: span_b(b.len() - suffix..b.len()),
        });
    }
    Some(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(c: &TextChange) -> Vec<String> {
        c.words
            .as_ref()
            .unwrap()
            .iter()
            .map(|op| match op {
                WordOp::Same { old, .. } => format!("={}", &c.old[old.clone()]),
                WordOp::Deleted(r) => format!("-{}", &c.old[r.clone()]),
                WordOp::Inserted(r) => format!("+{}", &c.new[r.clone()]),
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_deleted_and_inserted_between_kept_words() {
        let c = TextChange::compare("Biden will host Kishida", "Biden hosted Kishida").unwrap();
        // Each run holds the whitespace after it.
        assert_eq!(
            pieces(&c),
            ["=Biden ", "-will host ", "+hosted ", "=Kishida"]
        );
        assert_eq!(c.inserted(), vec![(6..13)]);
        assert_eq!(&c.new[c.inserted()[0].clone()], "hosted ");
        assert_eq!(&c.old[c.deleted()[0].clone()], "will host ");
    }

    #[test]
    fn spacing_and_line_breaks_inside_a_paragraph_do_not_count() {
        assert!(TextChange::compare("one two\nthree", "one  two three").is_none());
        assert!(TextChange::compare("same", "same").is_none());
    }

    #[test]
    fn a_paragraph_break_counts() {
        let c = TextChange::compare("one two", "one\n\ntwo").unwrap();
        assert_eq!(pieces(&c), ["=one ", "+\n\n", "=two"]);
    }

    #[test]
    fn text_added_or_removed_whole() {
        let c = TextChange::compare("", "all new").unwrap();
        assert_eq!(pieces(&c), ["+all new"]);
        let c = TextChange::compare("all gone", "").unwrap();
        assert_eq!(pieces(&c), ["-all gone"]);
    }

    #[test]
    fn a_huge_rewrite_is_reported_whole_and_fast() {
        let old = "alpha ".repeat(WORD_DIFF_CAP + 1);
        let new = "beta ".repeat(WORD_DIFF_CAP + 1);
        let t = std::time::Instant::now();
        let c = TextChange::compare(&old, &new).unwrap();
        assert!(c.words.is_none());
        assert_eq!(c.inserted(), vec![(0..new.len())]);
        assert_eq!(c.deleted(), vec![(0..old.len())]);
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn a_small_edit_in_a_huge_text_still_gets_a_word_diff() {
        let old = format!("{} middle {}", "x ".repeat(50_000), "y ".repeat(50_000));
        let new = format!("{} centre {}", "x ".repeat(50_000), "y ".repeat(50_000));
        let c = TextChange::compare(&old, &new).unwrap();
        let ops = c.words.as_ref().unwrap();
        assert_eq!(ops.len(), 4);
        assert_eq!(&c.new[c.inserted()[0].clone()], "centre ");
    }
}
