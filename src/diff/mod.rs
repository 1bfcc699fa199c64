//! What changed between two versions of a briefing, in the briefing's own
//! terms: sections and items added, removed, moved and retitled, bodies
//! word by word, statuses, figures, quotes and links.
//!
//! [`diff`] compares two loaded briefings; the result, [`Diff`], is grouped
//! as a reader reads it: the briefing's own fields, its sources and people,
//! then one [`SectionDiff`] per section with its [`ItemDiff`]s, each naming
//! the item it concerns in both versions. [`render`] prints it as text or
//! Markdown, [`json`] as the documented JSON shape, and [`history`] reads
//! the versions of a briefing from git.
//!
//! How items are matched is in [`matching`]; it is linear in the number of
//! items. Word diffs ([`words`]) are computed only for texts that differ.

pub mod history;
pub mod json;
pub mod matching;
pub mod render;
pub mod words;

use std::collections::HashMap;

use crate::briefing::{Briefing, Figure, Item, Quote, Section, When};
pub use words::{TextChange, WordOp};

/// Everything that changed from one version of a briefing to another.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// The briefing's own fields: title, subtitle, date, `as_of`, summary,
    /// authors and tags.
    pub briefing: Vec<Change>,
    /// Sources added, removed or changed (matched by id).
    pub sources: Vec<EntryDiff>,
    /// People added, removed or changed (matched by id, else by name).
    pub people: Vec<EntryDiff>,
    /// Sections with changes, in the new version's order, the removed
    /// ones after the section they followed.
    pub sections: Vec<SectionDiff>,
}

/// Whether something is new, gone, or there in both versions with changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with changes.
    Changed,
}

impl Status {
    /// `added`, `removed`, `changed`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

/// A section that changed, or holds items that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDiff {
    /// The section's id (the new one when it is in both).
    pub id: String,
    /// Its title (the new one when it is in both).
    pub title: String,
    /// Added, removed, or in both.
    pub status: Status,
    /// Its index among the old version's sections.
    pub old: Option<usize>,
    /// Its index among the new version's sections.
    pub new: Option<usize>,
    /// Changes to the section itself: retitled, moved, summary, key.
    pub changes: Vec<Change>,
    /// Its items that were added, removed or changed, in the new order,
    /// removed ones after the item they followed. An item moved here from
    /// another section is listed here, under the section it is in now.
    pub items: Vec<ItemDiff>,
}

/// Where an item is in one version: indexes into that version's sections
/// and the section's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemAt {
    /// Index of the section.
    pub section: usize,
    /// Index of the item within it.
    pub item: usize,
}

/// An item added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDiff {
    /// The item's id (the new one when it is in both), if it has one.
    pub id: Option<String>,
    /// Its title (the new one when it is in both).
    pub title: String,
    /// Added, removed, or in both with changes.
    pub status: Status,
    /// Where it was in the old version.
    pub old: Option<ItemAt>,
    /// Where it is in the new version.
    pub new: Option<ItemAt>,
    /// What changed (empty for an item added or removed whole).
    pub changes: Vec<Change>,
}

/// A source or a person added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryDiff {
    /// The id, when it has one.
    pub id: Option<String>,
    /// A source's title or a person's name (the new one when in both).
    pub name: String,
    /// Added, removed, or in both with changes.
    pub status: Status,
    /// The fields that changed.
    pub changes: Vec<Change>,
}

/// One change to a field of the briefing, a section, an item, a source or
/// a person.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A text compared word by word: `title` (retitled), `body`, `summary`.
    Text {
        /// Which field.
        field: &'static str,
        /// Old and new text, and the words that changed.
        change: TextChange,
    },
    /// A value replaced: `when`, `status`, `as_of`, `date`, `subtitle`,
    /// `key`, a source's `publisher` … (`None`: not set).
    Value {
        /// Which field.
        field: &'static str,
        /// The old value, as written in a briefing.
        old: Option<String>,
        /// The new value.
        new: Option<String>,
    },
    /// A section or an item moved: to another section, or within its own.
    /// For a section, both section ids are its own and the indexes are
    /// among the sections.
    Moved {
        /// The section it was in (its id).
        from_section: String,
        /// Its index there.
        from: usize,
        /// The section it is in now.
        to_section: String,
        /// Its index there.
        to: usize,
    },
    /// A figure added, removed or changed (figures are matched by label).
    Figure(FigureChange),
    /// A tag, author, source, see-also link … added to a list.
    Added {
        /// Which list: `tags`, `authors`, `sources`, `see_also`.
        field: &'static str,
        /// The entry (a source by its id, a link as written).
        value: String,
    },
    /// An entry removed from a list.
    Removed {
        /// Which list.
        field: &'static str,
        /// The entry.
        value: String,
    },
    /// A quote added.
    QuoteAdded(QuoteText),
    /// A quote removed.
    QuoteRemoved(QuoteText),
}

/// A quote, as a change names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteText {
    /// The words quoted.
    pub text: String,
    /// Who said them.
    pub speaker: String,
}

/// A figure as it was or is.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureValue {
    /// The amount.
    pub value: f64,
    /// Its unit.
    pub unit: Option<String>,
    /// Its qualifier.
    pub note: Option<String>,
}

/// A figure that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChange {
    /// What is measured.
    pub label: String,
    /// Before (`None`: added).
    pub old: Option<FigureValue>,
    /// After (`None`: removed).
    pub new: Option<FigureValue>,
}

impl FigureChange {
    /// New value minus old, when both exist in the same unit; rounded to
    /// the decimals the two values are written with, so that 14.1 − 14.9
    /// is −0.8 and not −0.8000000000000007.
    pub fn difference(&self) -> Option<f64> {
        let (a, b) = (self.old.as_ref()?, self.new.as_ref()?);
        if a.unit != b.unit {
            return None;
        }
        let places = decimals(a.value).max(decimals(b.value));
        let k = 10f64.powi(places);
        let d = ((b.value - a.value) * k).round() / k;
        // Rounding a difference too large for the decimals keeps it as is.
        Some(if d.is_finite() { d } else { b.value - a.value })
    }

    /// The difference as a percentage of the old value (of its size, so
    /// a rise is positive), to two decimals; none when the old value is 0.
    pub fn percent(&self) -> Option<f64> {
        let d = self.difference()?;
        let old = self.old.as_ref()?.value;
        (old != 0.0).then(|| (d / old.abs() * 100.0 * 100.0).round() / 100.0)
    }
}

/// How many decimals the shortest form of `x` has (at most 12).
fn decimals(x: f64) -> i32 {
    let s = format!("{x}");
    s.split_once('.')
        .map_or(0, |(_, f)| i32::try_from(f.len()).unwrap_or(12))
        .min(12)
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.briefing.is_empty()
            && self.sources.is_empty()
            && self.people.is_empty()
            && self.sections.is_empty()
    }

    /// The entry of an item of the new version, if it was added or
    /// changed: what a reader marks in the section view.
    pub fn item_in_new(&self, at: ItemAt) -> Option<&ItemDiff> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.new == Some(at))
    }

    /// The items of the old version that are gone, each with the section
    /// it was listed under: what stays readable in a list of changes.
    pub fn removed_items(&self) -> impl Iterator<Item = (&SectionDiff, &ItemDiff)> {
        self.sections.iter().flat_map(|s| {
            s.items
                .iter()
                .filter(|i| i.status == Status::Removed)
                .map(move |i| (s, i))
        })
    }

    /// How many changes of each kind.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        let count_change = |c: &mut Counts, change: &Change| match change {
            Change::Text { field: "title", .. } => c.retitled += 1,
            Change::Text { field: "body", .. } => c.bodies += 1,
            Change::Value { field: "when", .. } => c.when += 1,
            Change::Value {
                field: "status", ..
            } => c.statuses += 1,
            Change::Moved { .. } => c.moved += 1,
            Change::Figure(_) => c.figures += 1,
            Change::QuoteAdded(_) | Change::QuoteRemoved(_) => c.quotes += 1,
            Change::Added { field: "tags", .. } | Change::Removed { field: "tags", .. } => {
                c.tags += 1
            }
            Change::Added {
                field: "sources", ..
            }
            | Change::Removed {
                field: "sources", ..
            } => c.citations += 1,
            Change::Added {
                field: "see_also", ..
            }
            | Change::Removed {
                field: "see_also", ..
            } => c.links += 1,
            _ => c.fields += 1,
        };
        for change in &self.briefing {
            count_change(&mut c, change);
        }
        c.sources += self.sources.len();
        c.people += self.people.len();
        for s in &self.sections {
            match s.status {
                Status::Added => c.sections_added += 1,
                Status::Removed => c.sections_removed += 1,
                Status::Changed => {}
            }
            for change in &s.changes {
                count_change(&mut c, change);
            }
            for i in &s.items {
                match i.status {
                    Status::Added => c.items_added += 1,
                    Status::Removed => c.items_removed += 1,
                    Status::Changed => {}
                }
                for change in &i.changes {
                    count_change(&mut c, change);
                }
            }
        }
        c
    }
}

/// How many changes of each kind a [`Diff`] holds: what `brief log` and the
/// end of `brief diff` print in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Sections added.
    pub sections_added: usize,
    /// Sections removed.
    pub sections_removed: usize,
    /// Items added.
    pub items_added: usize,
    /// Items removed.
    pub items_removed: usize,
    /// Sections and items moved.
    pub moved: usize,
    /// Sections and items retitled (and the briefing's title).
    pub retitled: usize,
    /// Item bodies changed.
    pub bodies: usize,
    /// `when` changed.
    pub when: usize,
    /// `status` changed.
    pub statuses: usize,
    /// Figures added, removed or changed.
    pub figures: usize,
    /// Quotes added or removed.
    pub quotes: usize,
    /// Citations of sources added to or removed from items.
    pub citations: usize,
    /// Tags added or removed.
    pub tags: usize,
    /// See-also links added or removed.
    pub links: usize,
    /// Sources added, removed or changed.
    pub sources: usize,
    /// People added, removed or changed.
    pub people: usize,
    /// Any other field: summaries, `as_of`, dates, keys, authors.
    pub fields: usize,
}

impl Counts {
    /// One line: `+2 items, 1 status, 3 figures`, or `no changes`.
    pub fn summary(&self) -> String {
        let n = |k: usize, one: &str, many: &str| {
            (k > 0).then(|| crate::briefing::text::counted(k, one, many))
        };
        let signed = |sign: char, k: usize, one: &str, many: &str| {
            (k > 0).then(|| format!("{sign}{}", crate::briefing::text::counted(k, one, many)))
        };
        let parts: Vec<String> = [
            signed('+', self.sections_added, "section", "sections"),
            signed('−', self.sections_removed, "section", "sections"),
            signed('+', self.items_added, "item", "items"),
            signed('−', self.items_removed, "item", "items"),
            n(self.moved, "moved", "moved"),
            n(self.retitled, "retitled", "retitled"),
            n(self.bodies, "body", "bodies"),
            n(self.when, "when", "when"),
            n(self.statuses, "status", "statuses"),
            n(self.figures, "figure", "figures"),
            n(self.quotes, "quote", "quotes"),
            n(self.citations, "citation", "citations"),
            n(self.tags, "tag", "tags"),
            n(self.links, "link", "links"),
            n(self.sources, "source", "sources"),
            n(self.people, "person", "people"),
            n(self.fields, "field", "fields"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "no changes".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Briefing, new: &Briefing) -> Diff {
    let m = matching::match_briefings(old, new);
    let mut out = Diff {
        briefing: meta_changes(old, new),
        sources: sources_changes(old, new),
        people: people_changes(old, new),
        sections: Vec::new(),
    };

    // Item diffs, filed under the section each item is in now (removed
    // ones under the section they were in).
    let mut by_new_section: Vec<Vec<(usize, ItemDiff)>> = vec![Vec::new(); new.sections.len()];
    let mut removed_by_old_section: Vec<Vec<ItemDiff>> = vec![Vec::new(); old.sections.len()];
    for (si, sec) in new.sections.iter().enumerate() {
        for (ii, item) in sec.items.iter().enumerate() {
            let at = ItemAt {
                section: si,
                item: ii,
            };
            match m.item_old(at) {
                Some(o) => {
                    let old_item = &old.sections[o.section].items[o.item];
                    let mut changes = Vec::new();
                    let moved_section = m.section_new(o.section) != Some(si);
                    if moved_section || m.moved_in_section.contains(&at) {
                        changes.push(Change::Moved {
                            from_section: old.sections[o.section].id.clone(),
                            from: o.item,
                            to_section: sec.id.clone(),
                            to: ii,
                        });
                    }
                    item_changes(old, new, old_item, item, &mut changes);
                    if !changes.is_empty() {
                        by_new_section[si].push((
                            ii,
                            ItemDiff {
                                id: item.id.clone(),
                                title: item.title.clone(),
                                status: Status::Changed,
                                old: Some(o),
                                new: Some(at),
                                changes,
                            },
                        ));
                    }
                }
                None => by_new_section[si].push((
                    ii,
                    ItemDiff {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        status: Status::Added,
                        old: None,
                        new: Some(at),
                        changes: Vec::new(),
                    },
                )),
            }
        }
    }
    for (si, sec) in old.sections.iter().enumerate() {
        for (ii, item) in sec.items.iter().enumerate() {
            let at = ItemAt {
                section: si,
                item: ii,
            };
            if m.item_new(at).is_none() {
                removed_by_old_section[si].push(ItemDiff {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    status: Status::Removed,
                    old: Some(at),
                    new: None,
                    changes: Vec::new(),
                });
            }
        }
    }

    // Removed items are placed after the new item that follows the item
    // before them in the old section, so they read where they were.
    let mut removed_sections: Vec<Vec<SectionDiff>> = vec![Vec::new(); new.sections.len() + 1];
    let mut last_kept_new_section: Option<usize> = None;
    for (si, removed) in removed_by_old_section.iter_mut().enumerate() {
        if let Some(nsi) = m.section_new(si) {
            last_kept_new_section = Some(nsi);
            for r in removed.drain(..) {
                let Some(o) = r.old else { continue };
                // The nearest item before it that is still in this section.
                let after = (0..o.item).rev().find_map(|k| {
                    m.item_new(ItemAt {
                        section: si,
                        item: k,
                    })
                    .filter(|n| n.section == nsi)
                    .map(|n| n.item)
                });
                let key = after.map_or(0, |n| n + 1);
                by_new_section[nsi].push((key, r));
            }
        } else {
            let sec = &old.sections[si];
            let slot = last_kept_new_section.map_or(0, |n| n + 1);
            removed_sections[slot].push(SectionDiff {
                id: sec.id.clone(),
                title: sec.title.clone(),
                status: Status::Removed,
                old: Some(si),
                new: None,
                changes: Vec::new(),
                items: std::mem::take(removed),
            });
        }
    }

    let mut removed_iter = removed_sections.into_iter();
    if let Some(first) = removed_iter.next() {
        out.sections.extend(first);
    }
    for (si, (sec, mut items)) in new.sections.iter().zip(by_new_section).enumerate() {
        // A removed item's key is the place after the item it followed:
        // it comes before the item now at that place.
        items.sort_by_key(|(k, d)| (*k, d.status != Status::Removed));
        let items: Vec<ItemDiff> = items.into_iter().map(|(_, d)| d).collect();
        let (status, old_index, changes) = match m.section_old(si) {
            Some(o) => (
                Status::Changed,
                Some(o),
                section_changes(&old.sections[o], sec, o, si, m.moved_sections.contains(&si)),
            ),
            None => (Status::Added, None, Vec::new()),
        };
        if status == Status::Added || !changes.is_empty() || !items.is_empty() {
            out.sections.push(SectionDiff {
                id: sec.id.clone(),
                title: sec.title.clone(),
                status,
                old: old_index,
                new: Some(si),
                changes,
                items,
            });
        }
        if let Some(next) = removed_iter.next() {
            out.sections.extend(next);
        }
    }
    out
}

fn section_changes(old: &Section, new: &Section, o: usize, n: usize, moved: bool) -> Vec<Change> {
    let mut out = Vec::new();
    if moved {
        // A section changes place among sections: both ids are its own.
        out.push(Change::Moved {
            from_section: new.id.clone(),
            from: o,
            to_section: new.id.clone(),
            to: n,
        });
    }
    if old.id != new.id {
        value(&mut out, "id", Some(&old.id), Some(&new.id));
    }
    text(&mut out, "title", Some(&old.title), Some(&new.title));
    value(
        &mut out,
        "key",
        old.key.map(String::from).as_ref(),
        new.key.map(String::from).as_ref(),
    );
    text(
        &mut out,
        "summary",
        old.summary.as_ref(),
        new.summary.as_ref(),
    );
    out
}

/// The changes of an item found in both versions (its move aside).
fn item_changes(ob: &Briefing, nb: &Briefing, old: &Item, new: &Item, out: &mut Vec<Change>) {
    if old.id != new.id {
        value(out, "id", old.id.as_ref(), new.id.as_ref());
    }
    text(out, "title", Some(&old.title), Some(&new.title));
    value(
        out,
        "when",
        old.when.as_ref().map(when_text).as_ref(),
        new.when.as_ref().map(when_text).as_ref(),
    );
    value(out, "status", old.status.as_ref(), new.status.as_ref());
    text(out, "body", old.body.as_ref(), new.body.as_ref());
    figures(&old.figures, &new.figures, out);
    let cite = |b: &Briefing, i: &Item| -> Vec<String> {
        i.sources
            .iter()
            .filter_map(|&k| b.sources.get(k).map(|s| s.id.clone()))
            .collect()
    };
    list(out, "sources", &cite(ob, old), &cite(nb, new));
    list(out, "tags", &old.tags, &new.tags);
    let links = |i: &Item| -> Vec<String> { i.see_also.iter().map(|r| r.target.clone()).collect() };
    list(out, "see_also", &links(old), &links(new));
    quotes(&old.quotes, &new.quotes, out);
}

/// A `when` as written in a briefing: `2024-04-10`, the datetime as
/// written, or the free text.
pub fn when_text(w: &When) -> String {
    match w {
        When::Date(d) => d.to_string(),
        When::DateTime { text, .. } => text.clone(),
        When::Text(t) => t.clone(),
    }
}

fn value(out: &mut Vec<Change>, field: &'static str, old: Option<&String>, new: Option<&String>) {
    if old != new {
        out.push(Change::Value {
            field,
            old: old.cloned(),
            new: new.cloned(),
        });
    }
}

fn text(out: &mut Vec<Change>, field: &'static str, old: Option<&String>, new: Option<&String>) {
    let (a, b) = (
        old.map_or("", String::as_str),
        new.map_or("", String::as_str),
    );
    if let Some(change) = TextChange::compare(a, b) {
        out.push(Change::Text { field, change });
    }
}

/// Entries of a list added and removed, each in its list's order; an entry
/// written twice counts twice.
fn list(out: &mut Vec<Change>, field: &'static str, old: &[String], new: &[String]) {
    if old == new {
        return;
    }
    let mut left: HashMap<&str, usize> = HashMap::new();
    for v in old {
        *left.entry(v.as_str()).or_default() += 1;
    }
    let mut added = Vec::new();
    for v in new {
        match left.get_mut(v.as_str()) {
            Some(k) if *k > 0 => *k -= 1,
            _ => added.push(v),
        }
    }
    for v in old {
        if let Some(k) = left.get_mut(v.as_str())
            && *k > 0
        {
            *k -= 1;
            out.push(Change::Removed {
                field,
                value: v.clone(),
            });
        }
    }
    for v in added {
        out.push(Change::Added {
            field,
            value: v.clone(),
        });
    }
}

fn quotes(old: &[Quote], new: &[Quote], out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    let key = |q: &Quote| format!("{}\u{0}{}", q.speaker, q.text);
    let olds: Vec<String> = old.iter().map(key).collect();
    let news: Vec<String> = new.iter().map(key).collect();
    let mut changes = Vec::new();
    list(&mut changes, "quotes", &olds, &news);
    for c in changes {
        let (added, v) = match c {
            Change::Added { value, .. } => (true, value),
            Change::Removed { value, .. } => (false, value),
            _ => continue,
        };
        let (speaker, text) = v.split_once('\u{0}').unwrap_or(("", &v));
        let q = QuoteText {
            text: text.to_string(),
            speaker: speaker.to_string(),
        };
        out.push(if added {
            Change::QuoteAdded(q)
        } else {
            Change::QuoteRemoved(q)
        });
    }
}

/// Figures matched by label (the first with the first when a label is
/// used twice), in the new order, removed ones last.
fn figures(old: &[Figure], new: &[Figure], out: &mut Vec<Change>) {
    if old == new {
        return;
    }
    let as_value = |f: &Figure| FigureValue {
        value: f.value,
        unit: f.unit.clone(),
        note: f.note.clone(),
    };
    let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, f) in old.iter().enumerate().rev() {
        by_label.entry(f.label.as_str()).or_default().push(k);
    }
    let mut used = vec![false; old.len()];
    for f in new {
        match by_label.get_mut(f.label.as_str()).and_then(Vec::pop) {
            Some(k) => {
                used[k] = true;
                let o = &old[k];
                if o.value.to_bits() != f.value.to_bits() || o.unit != f.unit || o.note != f.note {
                    out.push(Change::Figure(FigureChange {
                        label: f.label.clone(),
                        old: Some(as_value(o)),
                        new: Some(as_value(f)),
                    }));
                }
            }
            None => out.push(Change::Figure(FigureChange {
                label: f.label.clone(),
                old: None,
                new: Some(as_value(f)),
            })),
        }
    }
    for (k, o) in old.iter().enumerate() {
        if !used[k] {
            out.push(Change::Figure(FigureChange {
                label: o.label.clone(),
                old: Some(as_value(o)),
                new: None,
            }));
        }
    }
}

fn meta_changes(old: &Briefing, new: &Briefing) -> Vec<Change> {
    let (a, b) = (&old.meta, &new.meta);
    let mut out = Vec::new();
    text(&mut out, "title", Some(&a.title), Some(&b.title));
    value(
        &mut out,
        "subtitle",
        a.subtitle.as_ref(),
        b.subtitle.as_ref(),
    );
    value(
        &mut out,
        "date",
        Some(&a.date.to_string()),
        Some(&b.date.to_string()),
    );
    value(
        &mut out,
        "as_of",
        a.as_of.as_ref().map(when_text).as_ref(),
        b.as_of.as_ref().map(when_text).as_ref(),
    );
    text(&mut out, "summary", a.summary.as_ref(), b.summary.as_ref());
    list(&mut out, "authors", &a.authors, &b.authors);
    list(&mut out, "tags", &a.tags, &b.tags);
    out
}

fn sources_changes(old: &Briefing, new: &Briefing) -> Vec<EntryDiff> {
    let by_id: HashMap<&str, usize> = old
        .sources
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    let mut seen = vec![false; old.sources.len()];
    let mut out = Vec::new();
    let date = |d: &Option<crate::briefing::Date>| d.map(|d| d.to_string());
    for s in &new.sources {
        match by_id.get(s.id.as_str()) {
            Some(&k) => {
                seen[k] = true;
                let o = &old.sources[k];
                let mut changes = Vec::new();
                value(&mut changes, "title", Some(&o.title), Some(&s.title));
                value(
                    &mut changes,
                    "publisher",
                    o.publisher.as_ref(),
                    s.publisher.as_ref(),
                );
                value(&mut changes, "author", o.author.as_ref(), s.author.as_ref());
                value(
                    &mut changes,
                    "date",
                    date(&o.date).as_ref(),
                    date(&s.date).as_ref(),
                );
                value(&mut changes, "url", o.url.as_ref(), s.url.as_ref());
                if !changes.is_empty() {
                    out.push(EntryDiff {
                        id: Some(s.id.clone()),
                        name: s.title.clone(),
                        status: Status::Changed,
                        changes,
                    });
                }
            }
            None => out.push(EntryDiff {
                id: Some(s.id.clone()),
                name: s.title.clone(),
                status: Status::Added,
                changes: Vec::new(),
            }),
        }
    }
    for (k, o) in old.sources.iter().enumerate() {
        if !seen[k] {
            out.push(EntryDiff {
                id: Some(o.id.clone()),
                name: o.title.clone(),
                status: Status::Removed,
                changes: Vec::new(),
            });
        }
    }
    out
}

fn people_changes(old: &Briefing, new: &Briefing) -> Vec<EntryDiff> {
    // A person is known by their id when they have one, else by name.
    let key = |p: &crate::briefing::Person| match &p.id {
        Some(id) => format!("id:{id}"),
        None => format!("name:{}", p.name),
    };
    let by_key: HashMap<String, usize> = old
        .people
        .iter()
        .enumerate()
        .map(|(k, p)| (key(p), k))
        .collect();
    let mut seen = vec![false; old.people.len()];
    let mut out = Vec::new();
    for p in &new.people {
        match by_key.get(&key(p)) {
            Some(&k) if !seen[k] => {
                seen[k] = true;
                let o = &old.people[k];
                let mut changes = Vec::new();
                value(&mut changes, "name", Some(&o.name), Some(&p.name));
                value(&mut changes, "role", o.role.as_ref(), p.role.as_ref());
                value(&mut changes, "note", o.note.as_ref(), p.note.as_ref());
                if !changes.is_empty() {
                    out.push(EntryDiff {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        status: Status::Changed,
                        changes,
                    });
                }
            }
            _ => out.push(EntryDiff {
                id: p.id.clone(),
                name: p.name.clone(),
                status: Status::Added,
                changes: Vec::new(),
            }),
        }
    }
    for (k, o) in old.people.iter().enumerate() {
        if !seen[k] {
            out.push(EntryDiff {
                id: o.id.clone(),
                name: o.name.clone(),
                status: Status::Removed,
                changes: Vec::new(),
            });
        }
    }
    out
}
