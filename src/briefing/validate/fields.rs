//! Typed values out of a table: each getter reports what is wrong at the
//! value's span and returns what it could read.

use std::borrow::Cow;
use std::ops::Range;

use toml::de::DeValue;
use toml::value::Datetime;

use super::super::clean::{FromSanitized, Line, defang, sanitize};
use super::super::code::Code;
use super::super::model::{Date, When};
use super::super::spec::TableSpec;
use super::*;

/// What a value is, for "found …" in messages.
pub(super) fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(_), None) => "a date",
            (None, Some(_)) => "a time",
            _ => "a datetime",
        },
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A value quoted in a message, shortened.
pub(super) fn shown(s: &str) -> String {
    const MAX: usize = 48;
    let mut out: String = defang(s).chars().take(MAX).collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// Whether `s` is a slug: `^[a-z0-9][a-z0-9-]{0,39}$`.
pub(super) fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 40
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

pub(super) use crate::briefing::diagnostic::closest;

pub(super) fn backticked<'c>(items: impl IntoIterator<Item = &'c str>) -> String {
    const MAX: usize = 20;
    let mut items = items.into_iter();
    let mut out = items
        .by_ref()
        .take(MAX)
        .map(|s| format!("`{}`", shown(s)))
        .collect::<Vec<_>>()
        .join(", ");
    let rest = items.count();
    if rest > 0 {
        out.push_str(&format!(" and {rest} more"));
    }
    out
}

/// Converts a TOML date or datetime; `Err` names what it was instead.
pub(super) fn from_toml_datetime(dt: &Datetime) -> Result<When, &'static str> {
    let Some(d) = dt.date else {
        return Err("a time");
    };
    let date = Date::new(d.year.into(), d.month.into(), d.day.into()).ok_or("an invalid date")?;
    Ok(match dt.time {
        None => When::Date(date),
        Some(_) => When::DateTime {
            date,
            text: dt.to_string(),
        },
    })
}

/// Whether a string starts like `YYYY-MM-DD`.
pub(super) fn starts_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether a string looks like an RFC 3339 datetime (a date, `T` or a space, a digit).
pub(super) fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    starts_like_date(s)
        && b.len() > 11
        && matches!(b[10], b'T' | b't' | b' ')
        && b[11].is_ascii_digit()
}

/// Parses an RFC 3339 datetime string (date and time; the offset may be left out).
pub(super) fn parse_datetime(s: &str) -> Option<When> {
    let dt: Datetime = s.parse().ok()?;
    dt.time?;
    match from_toml_datetime(&dt) {
        Ok(When::DateTime { date, .. }) => Some(When::DateTime {
            date,
            text: s.to_string(),
        }),
        _ => None,
    }
}

impl Builder<'_, '_> {
    pub(super) fn check_keys(&mut self, t: &Table<'_, '_>, spec: &TableSpec) {
        for (k, _) in t.map.iter() {
            let key = k.get_ref().as_ref();
            if spec.field(key).is_some() {
                continue;
            }
            if self.full() {
                self.suppressed += 1;
                continue;
            }
            let mut d = Code::UnknownKey
                .diagnostic(
                    format!("unknown key `{}` {}", shown(key), t.loc()),
                    Some(k.span()),
                )
                .with_label(format!("not a key of {}", t.place));
            d = match closest(key, spec.keys()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "the keys of {} are {}",
                    t.place,
                    backticked(spec.keys())
                )),
            };
            self.error(d);
        }
    }

    pub(super) fn missing(&mut self, t: &Table<'_, '_>, key: &str, example: &str) {
        self.error(
            Code::MissingKey
                .diagnostic(
                    format!("missing required key `{key}` {}", t.loc()),
                    Some(t.span.clone()),
                )
                .with_label(format!("this table needs `{key}`"))
                .with_help(format!("add {example}")),
        );
    }

    pub(super) fn wrong_type(&mut self, what: &str, key: &str, t: &Table<'_, '_>, v: &Value<'_>) {
        self.error(
            Code::WrongType
                .diagnostic(
                    format!(
                        "expected {what} for `{key}` {}, found {}",
                        t.loc(),
                        kind(v.get_ref())
                    ),
                    Some(v.span()),
                )
                .with_label(format!("expected {what}")),
        );
    }

    /// Sanitizes one string for the model, warning when it had to change it.
    pub(super) fn clean<T: FromSanitized>(
        &mut self,
        raw: &str,
        key: &str,
        t: &Table<'_, '_>,
        span: Range<usize>,
    ) -> T {
        let (s, changes) = sanitize(raw);
        if changes.any() {
            self.warnings.push(
                Code::TextCleaned
                    .diagnostic(
                        format!("`{key}` {} contains {}", t.loc(), changes.describe()),
                        Some(span),
                    )
                    .with_label("replaced in what the reader shows")
                    .with_help(SANITIZE_HELP),
            );
        }
        T::from_sanitized(s, self.file)
    }

    pub(super) fn opt_str<T: FromSanitized>(&mut self, t: &Table<'_, '_>, key: &str) -> Option<T> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(self.clean(s, key, t, v.span())),
            _ => {
                self.wrong_type("a string", key, t, v);
                None
            }
        }
    }

    pub(super) fn req_str<T: FromSanitized>(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        example: &str,
    ) -> Option<T> {
        if t.get(key).is_none() {
            self.missing(t, key, example);
            return None;
        }
        self.opt_str(t, key)
    }

    /// A required string that must not be blank.
    pub(super) fn req_title(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        example: &str,
    ) -> Option<Line> {
        let s: Line = self.req_str(t, key, example)?;
        if s.chars().all(char::is_whitespace) {
            let span = t.get(key).map(|v| v.span());
            self.error(
                Code::Blank
                    .diagnostic(format!("blank `{key}` {}", t.loc()), span)
                    .with_label("nothing to show")
                    .with_help(format!("give `{key}` a few words")),
            );
            return None;
        }
        Some(s)
    }

    /// A slug; `Some` only when valid.
    pub(super) fn slug<'i>(&mut self, t: &Table<'_, 'i>, key: &str) -> Id<'i> {
        let v = t.get(key)?;
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type("a string", key, t, v);
            return None;
        };
        if !is_slug(s) {
            self.error(
                Code::InvalidId
                    .diagnostic(
                        format!("invalid id `{}` for `{key}` {}", shown(s), t.loc()),
                        Some(v.span()),
                    )
                    .with_label("not a valid id")
                    .with_help(SLUG_HELP),
            );
            return None;
        }
        Some((lasting(s), v.span()))
    }

    /// Strings of an array, with their spans, raw (not yet sanitized).
    pub(super) fn str_list<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
    ) -> Vec<(&'t Cow<'i, str>, Range<usize>)> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("an array of strings", key, t, v);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s, item.span())),
                other => self.error(
                    Code::EntryNotString
                        .diagnostic(
                            format!(
                                "expected a string for `{key}` entry {} {}, found {}",
                                i + 1,
                                t.loc(),
                                kind(other)
                            ),
                            Some(item.span()),
                        )
                        .with_label("expected a string"),
                ),
            }
        }
        out
    }

    /// An array of free-form strings for the model.
    pub(super) fn text_list(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<Line> {
        self.str_list(t, key)
            .into_iter()
            .map(|(s, span)| self.clean(s, key, t, span))
            .collect()
    }

    /// The tables of an array of tables, each named `[[NAME]] #N` (or by `name`).
    pub(super) fn tables<'a, 'i>(
        &mut self,
        t: &Table<'a, 'i>,
        key: &str,
        name: impl Fn(usize) -> String,
    ) -> Option<Vec<Table<'a, 'i>>> {
        self.count_tables(t, key)?;
        let Some(DeValue::Array(items)) = t.get(key).map(Spanned::get_ref) else {
            return Some(Vec::new());
        };
        let tables = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item.get_ref() {
                DeValue::Table(map) => Some(Table {
                    map,
                    span: item.span(),
                    place: name(i + 1),
                }),
                _ => None,
            })
            .collect();
        Some(tables)
    }

    /// How many tables an array of tables has, once every entry that is
    /// not a table is reported (or the value, when it is not an array);
    /// `None` when there is no such key.
    pub(super) fn count_tables(&mut self, t: &Table<'_, '_>, key: &str) -> Option<usize> {
        let v = t.get(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("an array of tables", key, t, v);
            return Some(0);
        };
        let mut count = 0;
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(_) => count += 1,
                other => self.error(
                    Code::EntryNotTable
                        .diagnostic(
                            format!(
                                "expected a table for `{key}` entry {} {}, found {}",
                                i + 1,
                                t.loc(),
                                kind(other)
                            ),
                            Some(item.span()),
                        )
                        .with_label("expected a table"),
                ),
            }
        }
        Some(count)
    }

    pub(super) fn bad_date(
        &mut self,
        what: &str,
        s: &str,
        key: &str,
        t: &Table<'_, '_>,
        span: Range<usize>,
    ) {
        self.error(
            Code::InvalidDate
                .diagnostic(
                    format!("invalid {what} `{}` for `{key}` {}", shown(s), t.loc()),
                    Some(span),
                )
                .with_label(format!("not a valid {what}"))
                .with_help(DATE_HELP),
        );
    }

    /// A date: a TOML local date or a `YYYY-MM-DD` string.
    pub(super) fn date(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Date> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) => match from_toml_datetime(dt) {
                Ok(When::Date(d)) => Some(d),
                Ok(_) => {
                    self.error(
                        Code::WrongDateKind
                            .diagnostic(
                                format!(
                                    "expected a date for `{key}` {}, found a datetime",
                                    t.loc()
                                ),
                                Some(v.span()),
                            )
                            .with_label("a date has no time of day")
                            .with_help(DATE_HELP),
                    );
                    None
                }
                Err(found) => {
                    self.error(
                        Code::WrongDateKind
                            .diagnostic(
                                format!("expected a date for `{key}` {}, found {found}", t.loc()),
                                Some(v.span()),
                            )
                            .with_label("expected a date")
                            .with_help(DATE_HELP),
                    );
                    None
                }
            },
            DeValue::String(s) => {
                let d = Date::parse(s.trim());
                if d.is_none() {
                    self.bad_date("date", s, key, t, v.span());
                }
                d
            }
            _ => {
                self.wrong_type("a date", key, t, v);
                None
            }
        }
    }

    /// A date or datetime; with `free_text`, any other string is `When::Text`.
    pub(super) fn when(&mut self, t: &Table<'_, '_>, key: &str, free_text: bool) -> Option<When> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) => match from_toml_datetime(dt) {
                Ok(w) => Some(w),
                Err(found) => {
                    self.error(
                        Code::WrongDateKind
                            .diagnostic(
                                format!(
                                    "expected a date or datetime for `{key}` {}, found {found}",
                                    t.loc()
                                ),
                                Some(v.span()),
                            )
                            .with_label("a time alone has no date")
                            .with_help(DATE_HELP),
                    );
                    None
                }
            },
            DeValue::String(raw) => {
                let s = raw.trim();
                if let Some(d) = Date::parse(s) {
                    return Some(When::Date(d));
                }
                if looks_like_datetime(s) || !free_text {
                    let w = parse_datetime(s);
                    if w.is_none() {
                        self.bad_date("date or datetime", s, key, t, v.span());
                    }
                    return w;
                }
                if s.len() == 10 && starts_like_date(s) {
                    // Shaped like a date but not one (2024-02-30): a typo, not text.
                    self.bad_date("date", s, key, t, v.span());
                    return None;
                }
                Some(When::Text(self.clean(raw, key, t, v.span())))
            }
            _ => {
                let what = if free_text {
                    "a date, a datetime or a string"
                } else {
                    "a date or datetime"
                };
                self.wrong_type(what, key, t, v);
                None
            }
        }
    }

    /// A number (integer or float), finite.
    pub(super) fn number(&mut self, t: &Table<'_, '_>, key: &str) -> Option<f64> {
        let v = t.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|&c| c != '_').collect();
                i128::from_str_radix(&digits, i.radix())
                    .ok()
                    .map(|n| n as f64)
            }
            DeValue::Float(f) => {
                let digits: String = f.as_str().chars().filter(|&c| c != '_').collect();
                digits.parse::<f64>().ok()
            }
            _ => {
                self.wrong_type("a number", key, t, v);
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(
                    Code::NotFinite
                        .diagnostic(
                            format!("`{key}` {} is not a finite number", t.loc()),
                            Some(v.span()),
                        )
                        .with_label("not a finite number")
                        .with_help("write an amount such as 42 or 1.5"),
                );
                None
            }
        }
    }

    pub(super) fn duplicate(
        &mut self,
        what: &str,
        id: &str,
        t: &Table<'_, '_>,
        span: Range<usize>,
        first: &str,
    ) {
        self.error(
            Code::DuplicateId
                .diagnostic(
                    format!("duplicate {what} `{}` {}", shown(id), t.loc()),
                    Some(span),
                )
                .with_label("used before")
                .with_help(format!("{first} already has it; ids must be unique")),
        );
    }
}
