//! The JSON shape of a [`Diff`] (`brief diff --format json`), documented in
//! `docs/diff.md`. It is versioned by its `format` field: a change that
//! could break a reader of the shape bumps [`JSON_FORMAT`]; fields may be
//! added without a bump.

use serde::Serialize;

use super::render::Sides;
use super::{
    Change, Diff, EntryDiff, FigureValue, ItemAt, ItemDiff, SectionDiff, TextChange, WordOp,
};
use crate::briefing::Briefing;

/// The version of the JSON shape.
pub const JSON_FORMAT: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    format: u32,
    old: Side<'a>,
    new: Side<'a>,
    changed: bool,
    summary: String,
    briefing: Vec<ChangeJson<'a>>,
    sources: Vec<EntryJson<'a>>,
    people: Vec<EntryJson<'a>>,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct Side<'a> {
    label: &'a str,
    title: &'a str,
    date: String,
    as_of: Option<String>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: Option<&'a str>,
    name: &'a str,
    status: &'static str,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    old_position: Option<usize>,
    new_position: Option<usize>,
    changes: Vec<ChangeJson<'a>>,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: Option<&'a str>,
    title: &'a str,
    status: &'static str,
    old: Option<Place<'a>>,
    new: Option<Place<'a>>,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct Place<'a> {
    section: &'a str,
    position: usize,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum ChangeJson<'a> {
    Text {
        field: &'a str,
        old: &'a str,
        new: &'a str,
        words: Option<Vec<WordJson<'a>>>,
    },
    Value {
        field: &'a str,
        old: Option<&'a str>,
        new: Option<&'a str>,
    },
    Moved {
        from: Place<'a>,
        to: Place<'a>,
    },
    Figure {
        label: &'a str,
        old: Option<FigureJson<'a>>,
        new: Option<FigureJson<'a>>,
        difference: Option<f64>,
        percent: Option<f64>,
    },
    Added {
        field: &'a str,
        value: &'a str,
    },
    Removed {
        field: &'a str,
        value: &'a str,
    },
    QuoteAdded {
        text: &'a str,
        speaker: &'a str,
    },
    QuoteRemoved {
        text: &'a str,
        speaker: &'a str,
    },
}

#[derive(Serialize)]
struct WordJson<'a> {
    op: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct FigureJson<'a> {
    value: f64,
    unit: Option<&'a str>,
    note: Option<&'a str>,
}

fn words(c: &TextChange) -> Option<Vec<WordJson<'_>>> {
    let ops = c.words.as_ref()?;
    Some(
        ops.iter()
            .map(|op| match op {
                // As it reads now: the same and inserted pieces, in order,
                // are the new text exactly.
                WordOp::Same { new, .. } => WordJson {
                    op: "same",
                    text: &c.new[new.clone()],
                },
                WordOp::Deleted(r) => WordJson {
                    op: "deleted",
                    text: &c.old[r.clone()],
                },
                WordOp::Inserted(r) => WordJson {
                    op: "inserted",
                    text: &c.new[r.clone()],
                },
            })
            .collect(),
    )
}

fn figure(v: &Option<FigureValue>) -> Option<FigureJson<'_>> {
    v.as_ref().map(|v| FigureJson {
        value: v.value,
        unit: v.unit.as_deref(),
        note: v.note.as_deref(),
    })
}

fn change(c: &Change) -> ChangeJson<'_> {
    match c {
        Change::Text { field, change } => ChangeJson::Text {
            field,
            old: &change.old,
            new: &change.new,
            words: words(change),
        },
        Change::Value { field, old, new } => ChangeJson::Value {
            field,
            old: old.as_deref(),
            new: new.as_deref(),
        },
        Change::Moved {
            from_section,
            from,
            to_section,
            to,
        } => ChangeJson::Moved {
            from: Place {
                section: from_section,
                position: from + 1,
            },
            to: Place {
                section: to_section,
                position: to + 1,
            },
        },
        Change::Figure(f) => ChangeJson::Figure {
            label: &f.label,
            old: figure(&f.old),
            new: figure(&f.new),
            difference: f.difference(),
            percent: f.percent(),
        },
        Change::Added { field, value } => ChangeJson::Added { field, value },
        Change::Removed { field, value } => ChangeJson::Removed { field, value },
        Change::QuoteAdded(q) => ChangeJson::QuoteAdded {
            text: &q.text,
            speaker: &q.speaker,
        },
        Change::QuoteRemoved(q) => ChangeJson::QuoteRemoved {
            text: &q.text,
            speaker: &q.speaker,
        },
    }
}

fn entry(e: &EntryDiff) -> EntryJson<'_> {
    EntryJson {
        id: e.id.as_deref(),
        name: &e.name,
        status: e.status.name(),
        changes: e.changes.iter().map(change).collect(),
    }
}

fn place<'a>(b: &'a Briefing, at: Option<ItemAt>) -> Option<Place<'a>> {
    let at = at?;
    Some(Place {
        section: &b.sections.get(at.section)?.id,
        position: at.item + 1,
    })
}

fn item<'a>(i: &'a ItemDiff, sides: &Sides<'a>) -> ItemJson<'a> {
    ItemJson {
        id: i.id.as_deref(),
        title: &i.title,
        status: i.status.name(),
        old: place(sides.old, i.old),
        new: place(sides.new, i.new),
        changes: i.changes.iter().map(change).collect(),
    }
}

fn section<'a>(s: &'a SectionDiff, sides: &Sides<'a>) -> SectionJson<'a> {
    SectionJson {
        id: &s.id,
        title: &s.title,
        status: s.status.name(),
        old_position: s.old.map(|k| k + 1),
        new_position: s.new.map(|k| k + 1),
        changes: s.changes.iter().map(change).collect(),
        items: s.items.iter().map(|i| item(i, sides)).collect(),
    }
}

fn side<'a>(label: &'a str, b: &'a Briefing) -> Side<'a> {
    Side {
        label,
        title: &b.meta.title,
        date: b.meta.date.to_string(),
        as_of: b.meta.as_of.as_ref().map(super::when_text),
    }
}

/// The diff as pretty-printed JSON, with a final newline.
pub fn to_json(diff: &Diff, sides: &Sides) -> String {
    let doc = Doc {
        format: JSON_FORMAT,
        old: side(sides.old_label, sides.old),
        new: side(sides.new_label, sides.new),
        changed: !diff.is_empty(),
        summary: diff.counts().summary(),
        briefing: diff.briefing.iter().map(change).collect(),
        sources: diff.sources.iter().map(entry).collect(),
        people: diff.people.iter().map(entry).collect(),
        sections: diff.sections.iter().map(|s| section(s, sides)).collect(),
    };
    // Serializing these plain structs cannot fail: no map has non-string
    // keys and every float is finite (the loader refuses the others).
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
