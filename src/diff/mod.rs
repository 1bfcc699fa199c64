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

mod compare;
pub mod history;
pub mod json;
pub mod matching;
pub mod render;
pub mod words;

pub use compare::{diff, when_text};
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
