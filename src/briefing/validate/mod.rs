//! From the parser's spanned tree to the model, by hand, in one pass that
//! collects every problem. Every location comes from a parser span.
//!
//! The pass takes the tree and drops each section, and each of its items,
//! once read: the tree and the model are not both whole at once.
//!
//! `fields` reads typed values out of a table; `tables` reads each kind of
//! table into the model; `keys` checks section keys; `language` the
//! briefing's language; `refs` resolves `see_also` once every id is known,
//! and reports citations of unknown sources.

mod fields;
mod keys;
mod language;
mod refs;
mod tables;

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::clean::FileText;
use super::code::Code;
use super::diagnostic::Diagnostic;
use super::model::{Briefing, Figure, Item, Meta, Offset, Person, Quote, Section, Source};
use super::spec;
use fields::shown;

/// At most this many errors are kept; the rest are only counted, so a
/// hostile file cannot make the check slow or its report endless.
pub const MAX_ERRORS: usize = 200;

/// The only format version this build reads.
pub const FORMAT: i64 = 1;

type Value<'i> = Spanned<DeValue<'i>>;

/// A valid id with its place, when the table has one. It outlives the
/// tree (see [`lasting`]) and is copied only into the model.
type Id<'i> = Option<(Cow<'i, str>, Range<usize>)>;

/// A string of the tree that outlives it: the slice of the file it is, or
/// its own copy when it was written with escapes.
fn lasting<'i>(s: &Cow<'i, str>) -> Cow<'i, str> {
    match s {
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) => Cow::Owned(s.clone()),
    }
}

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

/// A table taken out of the tree, to be dropped once read.
struct OwnedTable<'i> {
    map: DeTable<'i>,
    span: Range<usize>,
    /// `[[sections]] #2`.
    place: String,
}

impl<'i> OwnedTable<'i> {
    /// The table, to read.
    fn view(&self) -> Table<'_, 'i> {
        Table {
            map: &self.map,
            span: self.span.clone(),
            place: self.place.clone(),
        }
    }
}

/// Takes the array of tables at `key` out of `map` (an empty array takes
/// its place), to read its tables one by one and drop each once read. Each
/// comes with its number in the array, from 1 (entries that are not tables
/// count, as they do in messages), and its span.
fn take_tables<'i>(
    map: &mut DeTable<'i>,
    key: &str,
) -> impl Iterator<Item = (usize, Range<usize>, DeTable<'i>)> {
    let entries = match map.get_mut(key).map(Spanned::get_mut) {
        Some(DeValue::Array(entries)) => std::mem::replace(entries, DeArray::new()),
        _ => DeArray::new(),
    };
    entries.into_iter().enumerate().filter_map(|(i, entry)| {
        let span = entry.span();
        match entry.into_inner() {
            DeValue::Table(map) => Some((i + 1, span, map)),
            _ => None,
        }
    })
}

/// A reference to a source that no `[[sources]]` entry has, reported once
/// every section is read.
struct SourceRef<'i> {
    id: Cow<'i, str>,
    span: Range<usize>,
    /// `sources` for an item's list, `source` for a quote's.
    key: &'static str,
}

/// A `see_also` waiting for every id to be known.
struct SeeAlso<'i> {
    section: usize,
    item: usize,
    target: Cow<'i, str>,
    span: Range<usize>,
}

/// A section's valid item ids, for `see_also`: in order (for suggestions)
/// and by id.
struct ItemIds<'i> {
    /// Each item's id, when it is valid and not a duplicate.
    order: Vec<Option<Cow<'i, str>>>,
    /// Where each of those ids is.
    index: HashMap<Cow<'i, str>, usize>,
}

/// How much of the file the tree holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// The whole file: every check is made.
    File,
    /// The part of the file a first frame needs (see
    /// [`super::first`]): items of other sections are left out, so the
    /// checks that need them (a section with nothing in it, references into
    /// them, people no item names) are left to the pass over the whole
    /// file, and a reference that does not resolve here is dropped, not
    /// reported.
    Part,
}

/// Builds the model from the parsed tree, dropping the tree as it goes.
/// Where the tree was parsed from `file`, the model's strings that need no
/// change point into it rather than copy it.
pub fn build(
    root: DeTable<'_>,
    file: Option<&FileText>,
    path: &Path,
    reserved: &[(char, String)],
    whole: Whole,
) -> Outcome {
    let mut b = Builder {
        whole,
        file,
        errors: Vec::new(),
        warnings: Vec::new(),
        reserved,
        source_index: HashMap::new(),
        source_refs: Vec::new(),
        see_also: Vec::new(),
        person_spans: Vec::new(),
        section_letters: Vec::new(),
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

/// One pass over the tree of a file borrowed for `'i`.
struct Builder<'r, 'i> {
    /// Whether the tree is the whole file.
    whole: Whole,
    /// The text the tree was parsed from, when the model may point into it.
    file: Option<&'r FileText>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    reserved: &'r [(char, String)],
    /// Where each source is, by id: known before any item refers to one.
    source_index: HashMap<Cow<'i, str>, usize>,
    source_refs: Vec<SourceRef<'i>>,
    see_also: Vec<SeeAlso<'i>>,
    person_spans: Vec<Option<Range<usize>>>,
    /// Every letter some section's `key` names, in any section: a section
    /// whose key clashes with a command is never offered one of these.
    section_letters: Vec<char>,
    suppressed: usize,
}

impl<'i> Builder<'_, 'i> {
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

    fn briefing(&mut self, mut root_map: DeTable<'i>, path: &Path) -> Option<Briefing> {
        let root = Table {
            map: &root_map,
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
                        Code::UnsupportedFormat.diagnostic(
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
        self.check_keys(&root, &spec::TOP);

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
        let mut source_index = HashMap::with_capacity(source_tables.len());
        let mut sources = Vec::with_capacity(source_tables.len());
        for (i, t) in source_tables.iter().enumerate() {
            let (source, id) = self.source(t);
            if let Some((id, span)) = id {
                match source_index.entry(id) {
                    Entry::Occupied(first) => self.duplicate(
                        "source id",
                        first.key(),
                        t,
                        span,
                        &format!("[[sources]] #{}", first.get() + 1),
                    ),
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                }
            }
            sources.push(source);
        }
        self.source_index = source_index;

        let people_tables = self
            .tables(&root, "people", |n| format!("[[people]] #{n}"))
            .unwrap_or_default();
        let mut person_ids = HashMap::with_capacity(people_tables.len());
        let mut people = Vec::with_capacity(people_tables.len());
        for (i, t) in people_tables.iter().enumerate() {
            let (person, id) = self.person(t);
            if let Some((id, span)) = id {
                match person_ids.entry(id) {
                    Entry::Occupied(first) => self.duplicate(
                        "person id",
                        first.key(),
                        t,
                        span,
                        &format!("[[people]] #{}", first.get() + 1),
                    ),
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                }
            }
            people.push(person);
        }

        let section_count = match self.count_tables(&root, "sections") {
            None => {
                self.error(
                    Code::NoSections
                        .diagnostic(
                            "no [[sections]]: a briefing needs at least one section",
                            Some(0..0),
                        )
                        .with_help(
                            "add a [[sections]] table with `id`, `title` and a `summary` or items",
                        ),
                );
                0
            }
            Some(count) => {
                if count == 0
                    && let Some(v) = root.get("sections")
                    && matches!(v.get_ref(), DeValue::Array(a) if a.is_empty())
                {
                    self.error(
                        Code::NoSections.diagnostic(
                            "no [[sections]]: a briefing needs at least one section",
                            Some(v.span()),
                        )
                        .with_label("empty")
                        .with_help(
                            "add a [[sections]] table with `id`, `title` and a `summary` or items",
                        ),
                    );
                }
                count
            }
        };
        // Read before any section is, so that the hint for an early clash
        // knows the letters of the sections after it.
        self.section_letters = keys::section_letters(&root);
        let mut sections = Vec::with_capacity(section_count);
        let mut section_ids = HashMap::with_capacity(section_count);
        let mut section_keys: HashMap<char, usize> = HashMap::new();
        // Per section: its id and its items' ids, for `see_also`.
        let mut ids = Vec::with_capacity(section_count);
        for (i, (n, span, map)) in take_tables(&mut root_map, "sections").enumerate() {
            let t = OwnedTable {
                map,
                span,
                place: format!("[[sections]] #{n}"),
            };
            let (section, id, item_ids) = self.section(t, i, &mut section_keys, &mut section_ids);
            ids.push((id, item_ids));
            sections.push(section);
        }

        self.report_unknown_sources();
        self.resolve_see_also(&mut sections, &ids, &section_ids);

        let briefing = Briefing {
            path: path.to_path_buf(),
            meta: meta?,
            sources,
            people,
            sections,
        };
        if self.whole == Whole::File {
            self.unmentioned_people(&briefing);
        }
        Some(briefing)
    }
}
