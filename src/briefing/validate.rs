//! From the parser's spanned tree to the model, by hand, in one pass that
//! collects every problem. Every location comes from a parser span.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::diagnostic::Diagnostic;
use super::model::{
    Briefing, Date, Figure, Item, Meta, Person, Quote, Reference, Section, Source, When,
};
use super::text::sanitize;

/// At most this many errors are kept; the rest are only counted, so a
/// hostile file cannot make the check slow or its report endless.
pub const MAX_ERRORS: usize = 200;

/// The only format version this build reads.
pub const FORMAT: i64 = 1;

type Value<'i> = Spanned<DeValue<'i>>;

/// A valid id with its place, when the table has one.
type Id = Option<(String, Range<usize>)>;

const TOP_KEYS: &[&str] = &["format", "briefing", "sources", "people", "sections"];
const BRIEFING_KEYS: &[&str] = &[
    "title", "date", "subtitle", "summary", "as_of", "authors", "tags",
];
const SOURCE_KEYS: &[&str] = &["id", "title", "publisher", "author", "date", "url"];
const PERSON_KEYS: &[&str] = &["name", "id", "role", "note"];
const SECTION_KEYS: &[&str] = &["id", "title", "key", "summary", "items"];
const ITEM_KEYS: &[&str] = &[
    "title", "id", "body", "when", "status", "tags", "sources", "see_also", "figures", "quotes",
];
const FIGURE_KEYS: &[&str] = &["label", "value", "unit", "note"];
const QUOTE_KEYS: &[&str] = &["text", "speaker", "role", "source"];

const SLUG_HELP: &str = "an id is 1 to 40 characters: lowercase letters a-z, digits and hyphens, starting with a letter or a digit";
const DATE_HELP: &str = "write a date as YYYY-MM-DD, e.g. 2024-04-10 (a TOML date, or a string)";
const SANITIZE_HELP: &str = "tabs become 4 spaces, other control characters become U+FFFD, bidirectional formatting characters are removed";

/// What came out of one pass: the model when there was no error, and every
/// diagnostic found (errors and warnings), unsorted.
pub struct Outcome {
    /// The briefing, when nothing was wrong.
    pub briefing: Option<Briefing>,
    /// Errors, in no particular order.
    pub errors: Vec<Diagnostic>,
    /// Warnings, in no particular order.
    pub warnings: Vec<Diagnostic>,
    /// Errors found beyond [`MAX_ERRORS`], counted but not kept.
    pub suppressed: usize,
}

/// A table of the file, with where it is and how messages name it.
struct Table<'a, 'i> {
    map: &'a DeTable<'i>,
    span: Range<usize>,
    /// "[[sections]] #2", "the top level".
    place: String,
}

impl<'a, 'i> Table<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.map
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// "in [briefing]" or "at the top level".
    fn loc(&self) -> String {
        if self.place == "the top level" {
            "at the top level".to_string()
        } else {
            format!("in {}", self.place)
        }
    }
}

/// What a value is, for "found …" in messages.
fn kind(v: &DeValue<'_>) -> &'static str {
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
fn shown(s: &str) -> String {
    const MAX: usize = 48;
    let mut out: String = s
        .chars()
        .take(MAX)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// Whether `s` is a slug: `^[a-z0-9][a-z0-9-]{0,39}$`.
pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 40
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// The closest candidate, when close enough to be a likely typo.
fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, c)| *score >= 0.8 || strsim::levenshtein(word, c) <= 1)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn backticked<'c>(items: impl IntoIterator<Item = &'c str>) -> String {
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
fn from_toml_datetime(dt: &Datetime) -> Result<When, &'static str> {
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
fn starts_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether a string looks like an RFC 3339 datetime (a date, `T` or a space, a digit).
fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    starts_like_date(s)
        && b.len() > 11
        && matches!(b[10], b'T' | b't' | b' ')
        && b[11].is_ascii_digit()
}

/// Parses an RFC 3339 datetime string (date and time; the offset may be left out).
fn parse_datetime(s: &str) -> Option<When> {
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

/// A reference waiting for every id to be known.
struct SourceRef {
    section: usize,
    item: usize,
    /// `Some(quote)` for a quote's `source`, `None` for the item's `sources`.
    quote: Option<usize>,
    id: String,
    span: Range<usize>,
    key: &'static str,
}

struct SeeAlso {
    section: usize,
    item: usize,
    target: String,
    span: Range<usize>,
}

/// Builds the model from the parsed tree.
pub fn build(root: &DeTable<'_>, path: &Path, reserved: &[(char, String)]) -> Outcome {
    let mut b = Builder {
        errors: Vec::new(),
        warnings: Vec::new(),
        reserved,
        source_refs: Vec::new(),
        see_also: Vec::new(),
        person_spans: Vec::new(),
        suppressed: 0,
    };
    let briefing = b.briefing(root, path);
    Outcome {
        briefing: if b.errors.is_empty() { briefing } else { None },
        errors: b.errors,
        warnings: b.warnings,
        suppressed: b.suppressed,
    }
}

struct Builder<'r> {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    reserved: &'r [(char, String)],
    source_refs: Vec<SourceRef>,
    see_also: Vec<SeeAlso>,
    person_spans: Vec<Option<Range<usize>>>,
    suppressed: usize,
}

impl Builder<'_> {
    fn error(&mut self, d: Diagnostic) {
        if self.full() {
            self.suppressed += 1;
        } else {
            self.errors.push(d);
        }
    }

    /// Whether no more errors are kept (so none is worth a costly suggestion).
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    // ------------------------------------------------------------ generic

    fn check_keys(&mut self, t: &Table<'_, '_>, allowed: &[&str]) {
        for (k, _) in t.map.iter() {
            let key = k.get_ref().as_ref();
            if allowed.contains(&key) {
                continue;
            }
            if self.full() {
                self.suppressed += 1;
                continue;
            }
            let mut d = Diagnostic::error(
                format!("unknown key `{}` {}", shown(key), t.loc()),
                Some(k.span()),
            )
            .with_label(format!("not a key of {}", t.place));
            d = match closest(key, allowed.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "the keys of {} are {}",
                    t.place,
                    backticked(allowed.iter().copied())
                )),
            };
            self.error(d);
        }
    }

    fn missing(&mut self, t: &Table<'_, '_>, key: &str, example: &str) {
        self.error(
            Diagnostic::error(
                format!("missing required key `{key}` {}", t.loc()),
                Some(t.span.clone()),
            )
            .with_label(format!("this table needs `{key}`"))
            .with_help(format!("add {example}")),
        );
    }

    fn wrong_type(&mut self, what: &str, key: &str, t: &Table<'_, '_>, v: &Value<'_>) {
        self.error(
            Diagnostic::error(
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
    fn clean(&mut self, raw: &str, key: &str, t: &Table<'_, '_>, span: Range<usize>) -> String {
        let (s, changes) = sanitize(raw);
        if changes.any() {
            self.warnings.push(
                Diagnostic::warning(
                    format!("`{key}` {} contains {}", t.loc(), changes.describe()),
                    Some(span),
                )
                .with_label("replaced in what the reader shows")
                .with_help(SANITIZE_HELP),
            );
        }
        s.trim().to_string()
    }

    fn opt_str(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(self.clean(s, key, t, v.span())),
            _ => {
                self.wrong_type("a string", key, t, v);
                None
            }
        }
    }

    fn req_str(&mut self, t: &Table<'_, '_>, key: &str, example: &str) -> Option<String> {
        if t.get(key).is_none() {
            self.missing(t, key, example);
            return None;
        }
        self.opt_str(t, key)
    }

    /// A required string that must not be blank.
    fn req_title(&mut self, t: &Table<'_, '_>, key: &str, example: &str) -> Option<String> {
        let s = self.req_str(t, key, example)?;
        if s.chars().all(char::is_whitespace) {
            let span = t.get(key).map(|v| v.span());
            self.error(
                Diagnostic::error(format!("blank `{key}` {}", t.loc()), span)
                    .with_label("nothing to show")
                    .with_help(format!("give `{key}` a few words")),
            );
            return None;
        }
        Some(s)
    }

    /// A slug; `Some` only when valid.
    fn slug(&mut self, t: &Table<'_, '_>, key: &str) -> Id {
        let v = t.get(key)?;
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type("a string", key, t, v);
            return None;
        };
        if !is_slug(s) {
            self.error(
                Diagnostic::error(
                    format!("invalid id `{}` for `{key}` {}", shown(s), t.loc()),
                    Some(v.span()),
                )
                .with_label("not a valid id")
                .with_help(SLUG_HELP),
            );
            return None;
        }
        Some((s.to_string(), v.span()))
    }

    /// Strings of an array, with their spans, raw (not yet sanitized).
    fn str_list<'v>(&mut self, t: &Table<'_, 'v>, key: &str) -> Vec<(String, Range<usize>)> {
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
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                other => self.error(
                    Diagnostic::error(
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
    fn text_list(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<String> {
        self.str_list(t, key)
            .into_iter()
            .map(|(s, span)| self.clean(&s, key, t, span))
            .collect()
    }

    /// The tables of an array of tables, each named `[[NAME]] #N` (or by `name`).
    fn tables<'a, 'i>(
        &mut self,
        t: &Table<'a, 'i>,
        key: &str,
        name: impl Fn(usize) -> String,
    ) -> Option<Vec<Table<'a, 'i>>> {
        let v = t.get(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("an array of tables", key, t, v);
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(map) => out.push(Table {
                    map,
                    span: item.span(),
                    place: name(i + 1),
                }),
                other => self.error(
                    Diagnostic::error(
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
        Some(out)
    }

    fn bad_date(&mut self, what: &str, s: &str, key: &str, t: &Table<'_, '_>, span: Range<usize>) {
        self.error(
            Diagnostic::error(
                format!("invalid {what} `{}` for `{key}` {}", shown(s), t.loc()),
                Some(span),
            )
            .with_label(format!("not a valid {what}"))
            .with_help(DATE_HELP),
        );
    }

    /// A date: a TOML local date or a `YYYY-MM-DD` string.
    fn date(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Date> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) => match from_toml_datetime(dt) {
                Ok(When::Date(d)) => Some(d),
                Ok(_) => {
                    self.error(
                        Diagnostic::error(
                            format!("expected a date for `{key}` {}, found a datetime", t.loc()),
                            Some(v.span()),
                        )
                        .with_label("a date has no time of day")
                        .with_help(DATE_HELP),
                    );
                    None
                }
                Err(found) => {
                    self.error(
                        Diagnostic::error(
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
    fn when(&mut self, t: &Table<'_, '_>, key: &str, free_text: bool) -> Option<When> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(dt) => match from_toml_datetime(dt) {
                Ok(w) => Some(w),
                Err(found) => {
                    self.error(
                        Diagnostic::error(
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
    fn number(&mut self, t: &Table<'_, '_>, key: &str) -> Option<f64> {
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
                    Diagnostic::error(
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

    fn duplicate(
        &mut self,
        what: &str,
        id: &str,
        t: &Table<'_, '_>,
        span: Range<usize>,
        first: &str,
    ) {
        self.error(
            Diagnostic::error(
                format!("duplicate {what} `{}` {}", shown(id), t.loc()),
                Some(span),
            )
            .with_label("used before")
            .with_help(format!("{first} already has it; ids must be unique")),
        );
    }

    // ------------------------------------------------------------ the format

    fn briefing(&mut self, root_map: &DeTable<'_>, path: &Path) -> Option<Briefing> {
        let root = Table {
            map: root_map,
            span: 0..0,
            place: "the top level".to_string(),
        };
        // A file of another format version may mean anything: say only that.
        if let Some(v) = root.get("format") {
            match v.get_ref() {
                DeValue::Integer(i)
                    if i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                        == Ok(FORMAT) => {}
                DeValue::Integer(i) => {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "format {} is not supported: this version of brief reads format {FORMAT}",
                                shown(&i.to_string())
                            ),
                            Some(v.span()),
                        )
                        .with_label("unsupported format")
                        .with_help(format!(
                            "write `format = {FORMAT}`, or read this file with the brief that writes format {}",
                            shown(&i.to_string())
                        )),
                    );
                    return None;
                }
                _ => self.wrong_type("an integer", "format", &root, v),
            }
        }
        self.check_keys(&root, TOP_KEYS);

        let meta = match root.get("briefing") {
            None => {
                self.missing(
                    &root,
                    "briefing",
                    "a [briefing] table with `title` and `date`",
                );
                None
            }
            Some(v) => match v.get_ref() {
                DeValue::Table(map) => Some(self.meta(&Table {
                    map,
                    span: v.span(),
                    place: "[briefing]".to_string(),
                })),
                _ => {
                    self.wrong_type("a table", "briefing", &root, v);
                    None
                }
            },
        };

        let source_tables = self
            .tables(&root, "sources", |n| format!("[[sources]] #{n}"))
            .unwrap_or_default();
        let mut source_index: HashMap<String, usize> = HashMap::new();
        let mut sources = Vec::new();
        for (i, t) in source_tables.iter().enumerate() {
            let (source, id) = self.source(t);
            if let Some((id, span)) = id {
                if let Some(&first) = source_index.get(&id) {
                    self.duplicate(
                        "source id",
                        &id,
                        t,
                        span,
                        &format!("[[sources]] #{}", first + 1),
                    );
                } else {
                    source_index.insert(id, i);
                }
            }
            sources.push(source);
        }

        let people_tables = self
            .tables(&root, "people", |n| format!("[[people]] #{n}"))
            .unwrap_or_default();
        let mut person_ids: HashMap<String, usize> = HashMap::new();
        let mut people = Vec::new();
        for (i, t) in people_tables.iter().enumerate() {
            let (person, id) = self.person(t);
            if let Some((id, span)) = id {
                if let Some(&first) = person_ids.get(&id) {
                    self.duplicate(
                        "person id",
                        &id,
                        t,
                        span,
                        &format!("[[people]] #{}", first + 1),
                    );
                } else {
                    person_ids.insert(id, i);
                }
            }
            people.push(person);
        }

        let section_tables = match self.tables(&root, "sections", |n| format!("[[sections]] #{n}"))
        {
            None => {
                self.error(
                    Diagnostic::error(
                        "no [[sections]]: a briefing needs at least one section",
                        Some(0..0),
                    )
                    .with_help(
                        "add a [[sections]] table with `id`, `title` and a `summary` or items",
                    ),
                );
                Vec::new()
            }
            Some(tables) => {
                if tables.is_empty()
                    && let Some(v) = root.get("sections")
                    && matches!(v.get_ref(), DeValue::Array(a) if a.is_empty())
                {
                    self.error(
                        Diagnostic::error(
                            "no [[sections]]: a briefing needs at least one section",
                            Some(v.span()),
                        )
                        .with_label("empty")
                        .with_help(
                            "add a [[sections]] table with `id`, `title` and a `summary` or items",
                        ),
                    );
                }
                tables
            }
        };
        let mut sections = Vec::new();
        let mut section_ids: HashMap<String, usize> = HashMap::new();
        let mut section_keys: HashMap<char, usize> = HashMap::new();
        // Per section: its id and its items' ids, for `see_also`.
        let mut ids: Vec<(Option<String>, Vec<Option<String>>)> = Vec::new();
        for (i, t) in section_tables.iter().enumerate() {
            let (section, id, item_ids) = self.section(t, i, &mut section_keys);
            let mut valid_id = None;
            if let Some((id, span)) = id {
                if let Some(&first) = section_ids.get(&id) {
                    self.duplicate(
                        "section id",
                        &id,
                        t,
                        span,
                        &format!("[[sections]] #{}", first + 1),
                    );
                } else {
                    section_ids.insert(id.clone(), i);
                    valid_id = Some(id);
                }
            }
            ids.push((valid_id, item_ids));
            sections.push(section);
        }

        self.resolve_sources(&mut sections, &source_index);
        self.resolve_see_also(&mut sections, &ids);

        let briefing = Briefing {
            path: path.to_path_buf(),
            meta: meta?,
            sources,
            people,
            sections,
        };
        self.unmentioned_people(&briefing);
        Some(briefing)
    }

    fn meta(&mut self, t: &Table<'_, '_>) -> Meta {
        self.check_keys(t, BRIEFING_KEYS);
        let title = self.req_title(t, "title", "`title = \"…\"`");
        if t.get("date").is_none() {
            self.missing(t, "date", "`date = 2024-04-10`");
        }
        Meta {
            title: title.unwrap_or_default(),
            date: self.date(t, "date").unwrap_or_default(),
            subtitle: self.opt_str(t, "subtitle"),
            summary: self.opt_str(t, "summary"),
            as_of: self.when(t, "as_of", false),
            authors: self.text_list(t, "authors"),
            tags: self.text_list(t, "tags"),
        }
    }

    fn source(&mut self, t: &Table<'_, '_>) -> (Source, Id) {
        self.check_keys(t, SOURCE_KEYS);
        if t.get("id").is_none() {
            self.missing(t, "id", "`id = \"…\"` (lowercase letters, digits, hyphens)");
        }
        let id = self.slug(t, "id");
        let source = Source {
            id: id.as_ref().map(|(s, _)| s.clone()).unwrap_or_default(),
            title: self
                .req_str(t, "title", "`title = \"…\"`")
                .unwrap_or_default(),
            publisher: self.opt_str(t, "publisher"),
            author: self.opt_str(t, "author"),
            date: self.date(t, "date"),
            url: self.opt_str(t, "url"),
        };
        (source, id)
    }

    fn person(&mut self, t: &Table<'_, '_>) -> (Person, Id) {
        self.check_keys(t, PERSON_KEYS);
        let name = self.req_str(t, "name", "`name = \"…\"`");
        self.person_spans.push(t.get("name").map(|v| v.span()));
        let id = self.slug(t, "id");
        let person = Person {
            name: name.unwrap_or_default(),
            id: id.as_ref().map(|(s, _)| s.clone()),
            role: self.opt_str(t, "role"),
            note: self.opt_str(t, "note"),
        };
        (person, id)
    }

    fn section_key(
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
                .filter(|l| !self.reserved.iter().any(|(r, _)| r == l) && !used.contains_key(l))
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
                Diagnostic::error(
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
                Diagnostic::error(
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

    fn bad_key(&mut self, s: &str, t: &Table<'_, '_>, span: Range<usize>) -> Option<char> {
        self.error(
            Diagnostic::error(
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

    fn section(
        &mut self,
        t: &Table<'_, '_>,
        index: usize,
        keys: &mut HashMap<char, usize>,
    ) -> (Section, Id, Vec<Option<String>>) {
        self.check_keys(t, SECTION_KEYS);
        if t.get("id").is_none() {
            self.missing(t, "id", "`id = \"…\"` (lowercase letters, digits, hyphens)");
        }
        let id = self.slug(t, "id");
        let title = self.req_title(t, "title", "`title = \"…\"`");
        let key = self.section_key(t, index, keys);
        let summary = self.opt_str(t, "summary");
        let of = match &id {
            Some((id, _)) => format!("of section `{id}`"),
            None => format!("of [[sections]] #{}", index + 1),
        };
        let item_tables = self
            .tables(t, "items", |n| format!("[[sections.items]] #{n} {of}"))
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut item_ids: Vec<Option<String>> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (j, it) in item_tables.iter().enumerate() {
            let (item, item_id) = self.item(it, index, j);
            let mut valid = None;
            if let Some((iid, span)) = item_id {
                if let Some(&first) = seen.get(&iid) {
                    self.duplicate(
                        "item id",
                        &iid,
                        it,
                        span,
                        &format!("[[sections.items]] #{} {of}", first + 1),
                    );
                } else {
                    seen.insert(iid.clone(), j);
                    valid = Some(iid);
                }
            }
            item_ids.push(valid);
            items.push(item);
        }
        if summary.is_none() && t.get("summary").is_none() && item_tables.is_empty() {
            self.error(
                Diagnostic::error(
                    format!("{} has neither a `summary` nor any items", t.place),
                    Some(t.span.clone()),
                )
                .with_label("nothing to show")
                .with_help("add `summary = \"…\"` or at least one [[sections.items]]"),
            );
        }
        let section = Section {
            id: id.as_ref().map(|(s, _)| s.clone()).unwrap_or_default(),
            title: title.unwrap_or_default(),
            key,
            summary,
            items,
        };
        (section, id, item_ids)
    }

    fn item(&mut self, t: &Table<'_, '_>, section: usize, index: usize) -> (Item, Id) {
        self.check_keys(t, ITEM_KEYS);
        let title = self.req_title(t, "title", "`title = \"…\"`");
        let id = self.slug(t, "id");
        for (s, span) in self.str_list(t, "sources") {
            self.source_refs.push(SourceRef {
                section,
                item: index,
                quote: None,
                id: s,
                span,
                key: "sources",
            });
        }
        for (s, span) in self.str_list(t, "see_also") {
            self.see_also.push(SeeAlso {
                section,
                item: index,
                target: s,
                span,
            });
        }
        let figures = self
            .tables(t, "figures", |n| format!("figure #{n} of {}", t.place))
            .unwrap_or_default()
            .iter()
            .filter_map(|f| self.figure(f))
            .collect();
        let quote_tables = self
            .tables(t, "quotes", |n| format!("quote #{n} of {}", t.place))
            .unwrap_or_default();
        let mut quotes = Vec::new();
        for (k, q) in quote_tables.iter().enumerate() {
            quotes.push(self.quote(q, section, index, k));
        }
        let item = Item {
            title: title.unwrap_or_default(),
            id: id.as_ref().map(|(s, _)| s.clone()),
            body: self.opt_str(t, "body"),
            when: self.when(t, "when", true),
            status: self.opt_str(t, "status"),
            tags: self.text_list(t, "tags"),
            sources: Vec::new(),
            see_also: Vec::new(),
            figures,
            quotes,
        };
        (item, id)
    }

    fn figure(&mut self, t: &Table<'_, '_>) -> Option<Figure> {
        self.check_keys(t, FIGURE_KEYS);
        let label = self.req_str(t, "label", "`label = \"…\"`");
        if t.get("value").is_none() {
            self.missing(t, "value", "`value = 42` (a number)");
        }
        let value = self.number(t, "value");
        let unit = self.opt_str(t, "unit");
        let note = self.opt_str(t, "note");
        Some(Figure {
            label: label?,
            value: value?,
            unit,
            note,
        })
    }

    fn quote(&mut self, t: &Table<'_, '_>, section: usize, item: usize, index: usize) -> Quote {
        self.check_keys(t, QUOTE_KEYS);
        let text = self.req_str(t, "text", "`text = \"…\"` (the words quoted)");
        let speaker = self.req_str(t, "speaker", "`speaker = \"…\"` (who said it)");
        let role = self.opt_str(t, "role");
        if let Some(v) = t.get("source") {
            match v.get_ref() {
                DeValue::String(s) => self.source_refs.push(SourceRef {
                    section,
                    item,
                    quote: Some(index),
                    id: s.to_string(),
                    span: v.span(),
                    key: "source",
                }),
                _ => self.wrong_type("a string", "source", t, v),
            }
        }
        Quote {
            text: text.unwrap_or_default(),
            speaker: speaker.unwrap_or_default(),
            role,
            source: None,
        }
    }

    // ------------------------------------------------------------ references

    fn resolve_sources(&mut self, sections: &mut [Section], index: &HashMap<String, usize>) {
        let mut known: Vec<(&String, &usize)> = index.iter().collect();
        known.sort_by_key(|(_, i)| **i);
        for r in std::mem::take(&mut self.source_refs) {
            match index.get(&r.id) {
                Some(&i) => {
                    let item = &mut sections[r.section].items[r.item];
                    match r.quote {
                        Some(q) => item.quotes[q].source = Some(i),
                        None => item.sources.push(i),
                    }
                }
                None if self.full() => self.suppressed += 1,
                None => {
                    let help = if known.is_empty() {
                        "there are no [[sources]] entries: add one with this `id`".to_string()
                    } else if let Some(s) = closest(&r.id, known.iter().map(|(k, _)| k.as_str())) {
                        format!("did you mean `{s}`?")
                    } else {
                        format!(
                            "the source ids are {}",
                            backticked(known.iter().map(|(k, _)| k.as_str()))
                        )
                    };
                    self.error(
                        Diagnostic::error(
                            format!(
                                "source `{}` not found: `{}` names an id that no [[sources]] entry has",
                                shown(&r.id),
                                r.key
                            ),
                            Some(r.span),
                        )
                        .with_label("no such source")
                        .with_help(help),
                    );
                }
            }
        }
    }

    fn resolve_see_also(
        &mut self,
        sections: &mut [Section],
        ids: &[(Option<String>, Vec<Option<String>>)],
    ) {
        let section_ids = || ids.iter().filter_map(|(s, _)| s.as_deref());
        let section_index: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .filter_map(|(i, (s, _))| Some((s.as_deref()?, i)))
            .collect();
        let item_index: Vec<HashMap<&str, usize>> = ids
            .iter()
            .map(|(_, items)| {
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| Some((s.as_deref()?, i)))
                    .collect()
            })
            .collect();
        for r in std::mem::take(&mut self.see_also) {
            let mut parts = r.target.split('/');
            let (sec, item) = match (parts.next(), parts.next(), parts.next()) {
                (Some(s), None, _) => (s, None),
                (Some(s), Some(i), None) => (s, Some(i)),
                _ => ("", None),
            };
            if !is_slug(sec) || item.is_some_and(|i| !is_slug(i)) {
                self.error(
                    Diagnostic::error(
                        format!(
                            "see_also `{}` is not of the form SECTION or SECTION/ITEM",
                            shown(&r.target)
                        ),
                        Some(r.span),
                    )
                    .with_label("not a reference")
                    .with_help(
                        "name a section id, or a section id and an item id: `economy/batteries`",
                    ),
                );
                continue;
            }
            let Some(&si) = section_index.get(sec) else {
                if self.full() {
                    self.suppressed += 1;
                    continue;
                }
                let help = match closest(sec, section_ids()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the section ids are {}", backticked(section_ids())),
                };
                self.error(
                    Diagnostic::error(
                        format!(
                            "see_also `{}` does not resolve: there is no section `{sec}`",
                            shown(&r.target)
                        ),
                        Some(r.span),
                    )
                    .with_label("no such section")
                    .with_help(help),
                );
                continue;
            };
            let item_index = match item {
                None => None,
                Some(it) => {
                    let item_ids = || ids[si].1.iter().filter_map(|s| s.as_deref());
                    match item_index[si].get(it) {
                        Some(&i) => Some(i),
                        None if self.full() => {
                            self.suppressed += 1;
                            continue;
                        }
                        None => {
                            let help = match closest(it, item_ids()) {
                                Some(s) => format!("did you mean `{sec}/{s}`?"),
                                None if item_ids().next().is_none() => {
                                    format!("no item of section `{sec}` has an `id`")
                                }
                                None => format!(
                                    "the item ids of section `{sec}` are {}",
                                    backticked(item_ids())
                                ),
                            };
                            self.error(
                                Diagnostic::error(
                                    format!(
                                        "see_also `{}` does not resolve: section `{sec}` has no item `{it}`",
                                        shown(&r.target)
                                    ),
                                    Some(r.span),
                                )
                                .with_label("no such item")
                                .with_help(help),
                            );
                            continue;
                        }
                    }
                }
            };
            sections[r.section].items[r.item].see_also.push(Reference {
                target: r.target,
                section: si,
                item: item_index,
            });
        }
    }

    /// Warns about a person whom no item mentions (by full name or surname).
    fn unmentioned_people(&mut self, b: &Briefing) {
        let mut text = String::new();
        for item in b.sections.iter().flat_map(|s| &s.items) {
            text.push_str(&item.title);
            text.push('\n');
            text.push_str(item.body.as_deref().unwrap_or(""));
            text.push('\n');
            for q in &item.quotes {
                text.push_str(&q.speaker);
                text.push('\n');
                text.push_str(&q.text);
                text.push('\n');
            }
        }
        for (person, span) in b.people.iter().zip(&self.person_spans) {
            let surname = person.name.split_whitespace().last().unwrap_or("");
            if person.name.is_empty() || text.contains(&person.name) || text.contains(surname) {
                continue;
            }
            self.warnings.push(
                Diagnostic::warning(
                    format!(
                        "person `{}` is named in no item",
                        shown(&person.name)
                    ),
                    span.clone(),
                )
                .with_label("not mentioned")
                .with_help("no item title, body or quote names them; check the spelling, or drop the entry"),
            );
        }
    }
}
