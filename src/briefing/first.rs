//! The part of a large briefing that its first frame needs, read before the
//! rest: the front matter, the sources, the people, every section's own
//! table (its id, title, key and summary), and the first items of the
//! section shown.
//!
//! Parsing a 25 MB file takes about half a second, but a screen shows a few
//! kilobytes of it. The nesting scan the loader runs anyway (at memory
//! speed) also finds where each table header starts; the file is cut
//! there, the pieces the first frame needs are put together in file order
//! (so every `[[sections.items]]` still follows its own `[[sections]]`),
//! and only that text is parsed and checked. The whole file is then loaded
//! as usual, in the background, and its model replaces this one.
//!
//! The part is checked as the whole file is ([`validate::Whole::Part`]),
//! except for what needs the items left out. Its model is a prefix of the
//! whole one: the same sections in the same order, the same sources and
//! people, and the first items of one section, identical but for the
//! `see_also` entries that point at items left out (dropped until the whole
//! file is read). Nothing here replaces the check of the whole file: a
//! problem deeper in the file is found by it.

use std::path::Path;

use super::clean::FileText;
use super::load::{LoadOptions, scan};
use super::model::Briefing;
use super::validate::{self, Whole};

/// Files of at least this many bytes open in two steps. Below it a whole
/// load is quick (about 20 ms a megabyte), and a file's errors are best
/// told before the terminal is touched.
pub const LARGE_FILE: usize = 1024 * 1024;

/// How much of a large file is read for its first frame, when its first
/// part is there (the front matter and the first section, usually).
pub const FIRST_READ: usize = 256 * 1024;

/// About how many bytes of items of the section shown the part holds:
/// several screens of text, parsed in a couple of milliseconds.
pub const ITEM_BYTES: usize = 64 * 1024;

/// Which section the first frame shows: the one a saved reading position
/// names, else the tab it was on, else the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// The section's id, when a saved position has one.
    pub id: Option<String>,
    /// Its index (a saved tab; a tab that is no section is the first).
    pub index: usize,
}

/// The part of a briefing its first frame needs, loaded.
#[derive(Debug, Clone)]
pub struct FirstPart {
    /// The model of the part: every section, the items of one.
    pub briefing: Briefing,
    /// The section whose items it holds.
    pub section: usize,
    /// Whether that section is the one whose id was asked for.
    found: bool,
}

/// What a table header opens, for the first frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Anything kept whole: `[briefing]`, `[[sources]]`, `[[people]]`, and
    /// any other table (a wrong one is an error in the part too).
    Kept,
    /// `[[sections]]`.
    Section,
    /// A table inside a section that is not one of its items (`[sections.x]`).
    InSection,
    /// `[[sections.items]]`.
    Item,
    /// A table inside an item (`[[sections.items.figures]]`).
    InItem,
}

/// The part of `text` its first frame needs, loaded, with the items of the
/// section `shown` names. `text` is the whole file when `whole`, else only
/// its start ([`FIRST_READ`] bytes, say): the table it ends in is left out,
/// and so are the sections after it — the tab list is then completed by the
/// whole load, as the rest of the items are.
///
/// `None` when the part cannot stand for the file: the file is laid out in
/// a way the cut does not follow (quoted or inline tables of sections), the
/// part has errors — the whole load then tells them, before anything is
/// drawn — or the section shown is not in a start of the file.
pub fn load_first(
    path: &Path,
    text: &str,
    whole: bool,
    opts: &LoadOptions,
    shown: &Shown,
) -> Option<FirstPart> {
    let mut starts = Vec::new();
    if scan(text, |at| starts.push(at)).is_some() {
        return None;
    }
    if !whole {
        // The last table may go on past the start of the file read.
        let last = starts.pop()?;
        return load_first(path, &text[..last], true, opts, shown).filter(|first| {
            // The section asked for is in the start read (else it may be
            // further on).
            match shown.id {
                Some(_) => first.found,
                None => shown.index < first.briefing.sections.len(),
            }
        });
    }
    let mut pieces = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().copied().unwrap_or(text.len());
    pieces.push((Kind::Kept, 0..first));
    for (i, &at) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let line = text[at..end].lines().next().unwrap_or_default();
        pieces.push((kind(line)?, at..end));
    }
    let section_texts = || {
        pieces
            .iter()
            .filter(|(k, _)| *k == Kind::Section)
            .map(|(_, r)| &text[r.clone()])
    };
    let count = section_texts().count();
    if count == 0 {
        return None;
    }
    let by_id = shown
        .id
        .as_deref()
        .and_then(|id| section_texts().position(|t| section_id(t).as_deref() == Some(id)));
    let section = by_id.unwrap_or(if shown.index < count { shown.index } else { 0 });

    let mut part = String::new();
    // Where the pieces are: the section being read, and whether the item
    // being read (with the tables inside it) is kept.
    let mut current = None::<usize>;
    let mut keep_item = false;
    let mut item_bytes = 0;
    for (kind, range) in &pieces {
        let keep = match kind {
            Kind::Kept | Kind::InSection => true,
            Kind::Section => {
                current = Some(current.map_or(0, |s| s + 1));
                keep_item = false;
                true
            }
            Kind::Item => {
                // At least one item, then up to the budget.
                keep_item = current == Some(section) && item_bytes < ITEM_BYTES;
                if keep_item {
                    item_bytes += range.len();
                }
                keep_item
            }
            Kind::InItem => keep_item,
        };
        if keep {
            part.push_str(&text[range.clone()]);
            // A piece that ends without a newline (the file's last) must
            // not run into the next.
            if !part.ends_with('\n') {
                part.push('\n');
            }
        }
    }
    // The part's strings point into it, as a whole file's do.
    let part = FileText::new(part);
    let root = toml::de::DeTable::parse(part.as_str()).ok()?;
    let outcome = validate::build(
        root.into_inner(),
        Some(&part),
        path,
        &opts.reserved_keys,
        Whole::Part,
    );
    if !outcome.errors.is_empty() {
        return None;
    }
    Some(FirstPart {
        briefing: outcome.briefing?,
        section,
        found: by_id.is_some(),
    })
}

/// What the header on `line` opens; `None` for a header the cut does not
/// follow (a quoted key, `[sections]` as a table).
fn kind(line: &str) -> Option<Kind> {
    let (array, rest) = match line.strip_prefix("[[") {
        Some(rest) => (true, rest),
        None => (false, line.strip_prefix('[')?),
    };
    let end = rest.find(']')?;
    let (name, after) = rest.split_at(end);
    let after = after.strip_prefix(if array { "]]" } else { "]" })?;
    let after = after.trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let parts: Vec<&str> = name.split('.').map(str::trim).collect();
    let bare = |p: &&str| {
        !p.is_empty()
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    if !parts.iter().all(bare) {
        return None;
    }
    match parts.as_slice() {
        ["sections"] if array => Some(Kind::Section),
        ["sections", "items"] if array => Some(Kind::Item),
        ["sections"] | ["sections", "items"] => None,
        ["sections", "items", ..] => Some(Kind::InItem),
        ["sections", ..] => Some(Kind::InSection),
        _ => Some(Kind::Kept),
    }
}

/// The `id` of the section whose own table is `text` (a `[[sections]]`
/// header and its keys), when it is a string.
fn section_id(text: &str) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a DeValue<'i>> {
        t.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v.get_ref())
    }
    let root = DeTable::parse(text).ok()?.into_inner();
    let Some(DeValue::Array(sections)) = get(&root, "sections") else {
        return None;
    };
    let DeValue::Table(section) = sections.first()?.get_ref() else {
        return None;
    };
    match get(section, "id")? {
        DeValue::String(id) => Some(id.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
