//! Section keys: one letter each, not bound to a command, not taken twice;
//! a wrong one gets the free letters of its title as suggestions.

use super::*;

/// The one-letter `key` of every `[[sections]]` table under `root`, valid
/// or not (a key that is taken is no suggestion, even if it is wrong).
pub(super) fn section_letters(root: &Table<'_, '_>) -> Vec<char> {
    let Some(DeValue::Array(sections)) = root.get("sections").map(Spanned::get_ref) else {
        return Vec::new();
    };
    sections
        .iter()
        .filter_map(|section| match section.get_ref() {
            DeValue::Table(map) => map
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == "key")
                .map(|(_, v)| v),
            _ => None,
        })
        .filter_map(|key| match key.get_ref() {
            DeValue::String(s) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

impl Builder<'_, '_> {
    pub(super) fn section_key(
        &mut self,
        t: &Table<'_, '_>,
        index: usize,
        used: &mut HashMap<char, usize>,
    ) -> Option<char> {
        let v = t.get("key")?;
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type("a string", "key", t, v);
            return None;
        };
        let mut chars = s.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return self.bad_key(s, t, v.span());
        };
        if !c.is_ascii_alphabetic() {
            return self.bad_key(s, t, v.span());
        }
        if let Some((_, action)) = self.reserved.iter().find(|(r, _)| *r == c) {
            let free: Vec<String> = ('a'..='z')
                .filter(|l| {
                    !self.reserved.iter().any(|(r, _)| r == l) && !self.section_letters.contains(l)
                })
                .take(8)
                .map(String::from)
                .collect();
            let help = if free.is_empty() {
                "choose a letter the reader leaves free".to_string()
            } else {
                format!(
                    "choose a letter the reader leaves free, such as {}",
                    free.join(", ")
                )
            };
            self.error(
                Code::ReservedKey
                    .diagnostic(
                        format!("section key `{c}` is bound to the reader command `{action}`"),
                        Some(v.span()),
                    )
                    .with_label("a reader command")
                    .with_help(help),
            );
            return None;
        }
        if let Some(&first) = used.get(&c) {
            self.error(
                Code::KeyTaken
                    .diagnostic(
                        format!(
                            "section key `{c}` {} is already used by [[sections]] #{}",
                            t.loc(),
                            first + 1
                        ),
                        Some(v.span()),
                    )
                    .with_label("used twice")
                    .with_help("each section needs its own letter (or no `key`)"),
            );
            return None;
        }
        used.insert(c, index);
        Some(c)
    }

    pub(super) fn bad_key(
        &mut self,
        s: &str,
        t: &Table<'_, '_>,
        span: Range<usize>,
    ) -> Option<char> {
        self.error(
            Code::KeyNotALetter
                .diagnostic(
                    format!(
                        "section key `{}` {} is not one ASCII letter",
                        shown(s),
                        t.loc()
                    ),
                    Some(span),
                )
                .with_label("expected one letter")
                .with_help("write one letter a-z or A-Z, e.g. `key = \"d\"`"),
        );
        None
    }
}
