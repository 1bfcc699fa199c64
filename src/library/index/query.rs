//! What a search asks for: words, phrases in quotes, and filters.
//!
//! ```text
//! frost "lower rows" tag:weather status:assessed section:weather after:2025-01 before:2026
//! ```
//!
//! Every word, every phrase and every filter must hold for a place (an item,
//! a section's heading, the front matter, a person, a source) to match.
//! Words match whole words; a word that is several words to the index
//! (`U.S.`, `e-mail`, `共同訓練`) is a phrase of them. Case is ignored unless
//! the words have a capital (smart case). `after:` keeps briefings dated on
//! or after the day (a year or a month is its first day), `before:` those
//! dated strictly before it, as in mail search.

use crate::briefing::Date;
use crate::layout::find::smart_case;

use super::words::{fold, words};

/// The filters a query may use, as typed before the colon.
pub const FILTERS: [&str; 5] = ["tag", "status", "section", "after", "before"];

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What to find: each entry a word (one element) or a phrase, as typed
    /// (case kept; compare with [`Query::case_sensitive`] in mind).
    pub terms: Vec<Vec<String>>,
    /// Whether the words must match in their case (they have a capital).
    pub case_sensitive: bool,
    /// `tag:` values, folded: a place carries each tag, or its briefing does.
    pub tags: Vec<String>,
    /// `status:` values, as folded words: an item's status holds each.
    pub statuses: Vec<Vec<String>>,
    /// `section:` values: a section's id (any case), or words of its title.
    pub sections: Vec<String>,
    /// `after:`: the briefing's date is this day or later (`YYYYMMDD`).
    pub after: Option<u32>,
    /// `before:`: the briefing's date is before this day (`YYYYMMDD`).
    pub before: Option<u32>,
}

/// Why a query cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("the query is empty")]
    Empty,
    /// Only signs, no word the index could look for.
    #[error("the query has no words to find (letters or digits)")]
    NoWords,
    /// A filter without its value.
    #[error("`{0}:` needs a value, as in `{0}:{1}`")]
    NoValue(&'static str, &'static str),
    /// A date filter whose value is not a date.
    #[error("`{filter}:{value}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")]
    BadDate {
        /// `after` or `before`.
        filter: &'static str,
        /// What was written.
        value: String,
    },
}

impl Query {
    /// Whether the query names words or phrases (and not only filters).
    pub fn has_terms(&self) -> bool {
        !self.terms.is_empty()
    }

    /// The terms folded to lower case unless [`Query::case_sensitive`]:
    /// what the stored words are compared with.
    pub fn compared_terms(&self) -> Vec<Vec<String>> {
        self.terms
            .iter()
            .map(|t| {
                t.iter()
                    .map(|w| {
                        if self.case_sensitive {
                            w.clone()
                        } else {
                            fold(w)
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Reads a query (see the module's documentation).
///
/// # Errors
/// When the query is empty, has nothing to look for, or a filter's value is
/// missing or wrong.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    if text.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let mut query = Query::default();
    let mut typed = String::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first == '"' {
            let (phrase, after) = quoted(&rest[1..]);
            rest = after;
            add_term(&mut query, &mut typed, phrase);
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if let Some((name, value)) = word.split_once(':')
            && let Some(filter) = FILTERS.iter().find(|f| f.eq_ignore_ascii_case(name))
        {
            let after_colon = &rest[name.len() + 1..];
            let (value, after) = if let Some(inside) = after_colon.strip_prefix('"') {
                quoted(inside)
            } else {
                (value, &rest[end..])
            };
            rest = after;
            add_filter(&mut query, filter, value.trim())?;
            continue;
        }
        rest = &rest[end..];
        add_term(&mut query, &mut typed, word);
    }
    query.case_sensitive = smart_case(&typed);
    if query.terms.is_empty()
        && query.tags.is_empty()
        && query.statuses.is_empty()
        && query.sections.is_empty()
        && query.after.is_none()
        && query.before.is_none()
    {
        return Err(QueryError::NoWords);
    }
    Ok(query)
}

/// The text up to the closing quote, and what follows it; an unclosed quote
/// runs to the end, as search boxes read it.
fn quoted(text: &str) -> (&str, &str) {
    match text.find('"') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    }
}

fn add_term(query: &mut Query, typed: &mut String, text: &str) {
    let found = words(text, true);
    if found.is_empty() {
        return;
    }
    typed.push_str(text);
    typed.push(' ');
    query.terms.push(found);
}

fn add_filter(query: &mut Query, filter: &'static str, value: &str) -> Result<(), QueryError> {
    let example = match filter {
        "tag" => "china",
        "status" => "\"in progress\"",
        "section" => "defense",
        _ => "2025-01-31",
    };
    if value.is_empty() {
        return Err(QueryError::NoValue(filter, example));
    }
    match filter {
        "tag" => query.tags.push(fold(value)),
        "status" => {
            let found = words(value, false);
            if found.is_empty() {
                return Err(QueryError::NoValue(filter, example));
            }
            query.statuses.push(found);
        }
        "section" => query.sections.push(value.to_string()),
        _ => {
            let bad = || QueryError::BadDate {
                filter,
                value: value.to_string(),
            };
            let day = first_day(value).ok_or_else(bad)?;
            if filter == "after" {
                query.after = Some(query.after.map_or(day, |d| d.max(day)));
            } else {
                query.before = Some(query.before.map_or(day, |d| d.min(day)));
            }
        }
    }
    Ok(())
}

/// The first day of `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as `YYYYMMDD`.
fn first_day(text: &str) -> Option<u32> {
    let full = match text.len() {
        4 => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        _ => text.to_string(),
    };
    Date::parse(&full).map(day_number)
}

/// A date as the number `YYYYMMDD`, which orders as the dates do.
pub fn day_number(date: Date) -> u32 {
    u32::from(date.year) * 10_000 + u32::from(date.month) * 100 + u32::from(date.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &Query) -> Vec<String> {
        q.terms.iter().map(|t| t.join(" ")).collect()
    }

    #[test]
    fn words_phrases_and_filters() {
        let q = parse(r#"frost "lower  rows" tag:Weather status:"in progress" section:defense"#)
            .unwrap();
        assert_eq!(terms(&q), ["frost", "lower rows"]);
        assert_eq!(q.tags, ["weather"]);
        assert_eq!(q.statuses, [vec!["in".to_string(), "progress".to_string()]]);
        assert_eq!(q.sections, ["defense"]);
        assert!(!q.case_sensitive, "a capital in a filter is not smart case");
    }

    #[test]
    fn smart_case_follows_the_words() {
        assert!(parse("Orchard").unwrap().case_sensitive);
        assert!(!parse("orchard").unwrap().case_sensitive);
        assert!(parse("\"The Hague\"").unwrap().case_sensitive);
    }

    #[test]
    fn signs_inside_words_make_phrases() {
        assert_eq!(terms(&parse("U.S. e-mail").unwrap()), ["U S", "e mail"]);
        assert_eq!(terms(&parse("共同訓練").unwrap()), ["共 同 訓 練"]);
        // An unknown prefix is words, not a filter.
        assert_eq!(
            terms(&parse("10:30 http://x").unwrap()),
            ["10 30", "http x"]
        );
    }

    #[test]
    fn dates_are_days_months_or_years() {
        let q = parse("after:2025-04 before:2026").unwrap();
        assert_eq!((q.after, q.before), (Some(20250401), Some(20260101)));
        let q = parse("after:2024-02-29").unwrap();
        assert_eq!(q.after, Some(20240229));
        assert!(!q.has_terms());
        for bad in ["after:2023-02-29", "before:yesterday", "after:2025-13"] {
            assert!(
                matches!(parse(bad), Err(QueryError::BadDate { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn nothing_to_find_is_an_error() {
        assert_eq!(parse("  "), Err(QueryError::Empty));
        assert_eq!(parse("— %"), Err(QueryError::NoWords));
        assert_eq!(parse("\"\""), Err(QueryError::NoWords));
        assert!(matches!(parse("tag:"), Err(QueryError::NoValue("tag", _))));
        assert!(matches!(
            parse("status:\"\""),
            Err(QueryError::NoValue("status", _))
        ));
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(terms(&parse("\"cold nights").unwrap()), ["cold nights"]);
    }
}
