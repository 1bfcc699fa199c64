//! The comparison itself: the matched sections and items of two versions
//! walked in the new version's order, field by field.

use std::collections::HashMap;

use super::matching;
use super::{
    Change, Diff, EntryDiff, FigureChange, FigureValue, ItemAt, ItemDiff, QuoteText, SectionDiff,
    Status, TextChange,
};
use crate::briefing::{Briefing, Figure, Item, Quote, Section, When};

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
                                title: item.title.to_string(),
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
                        title: item.title.to_string(),
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
                    title: item.title.to_string(),
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
                title: sec.title.to_string(),
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
                title: sec.title.to_string(),
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
        When::DateTime { text, .. } => text.to_string(),
        When::Text(t) => t.to_string(),
    }
}

fn value<A: AsRef<str>, B: AsRef<str>>(
    out: &mut Vec<Change>,
    field: &'static str,
    old: Option<&A>,
    new: Option<&B>,
) {
    let (old, new) = (old.map(AsRef::as_ref), new.map(AsRef::as_ref));
    if old != new {
        out.push(Change::Value {
            field,
            old: old.map(String::from),
            new: new.map(String::from),
        });
    }
}

fn text<A: AsRef<str>, B: AsRef<str>>(
    out: &mut Vec<Change>,
    field: &'static str,
    old: Option<&A>,
    new: Option<&B>,
) {
    let (a, b) = (old.map_or("", AsRef::as_ref), new.map_or("", AsRef::as_ref));
    if let Some(change) = TextChange::compare(a, b) {
        out.push(Change::Text { field, change });
    }
}

/// Entries of a list added and removed, each in its list's order; an entry
/// written twice counts twice.
fn list<S: AsRef<str>>(out: &mut Vec<Change>, field: &'static str, old: &[S], new: &[S]) {
    if old
        .iter()
        .map(AsRef::as_ref)
        .eq(new.iter().map(AsRef::as_ref))
    {
        return;
    }
    let mut left: HashMap<&str, usize> = HashMap::new();
    for v in old {
        *left.entry(v.as_ref()).or_default() += 1;
    }
    let mut added = Vec::new();
    for v in new {
        match left.get_mut(v.as_ref()) {
            Some(k) if *k > 0 => *k -= 1,
            _ => added.push(v),
        }
    }
    for v in old {
        if let Some(k) = left.get_mut(v.as_ref())
            && *k > 0
        {
            *k -= 1;
            out.push(Change::Removed {
                field,
                value: v.as_ref().to_string(),
            });
        }
    }
    for v in added {
        out.push(Change::Added {
            field,
            value: v.as_ref().to_string(),
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
        unit: f.unit.as_ref().map(ToString::to_string),
        note: f.note.as_ref().map(ToString::to_string),
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
                        label: f.label.to_string(),
                        old: Some(as_value(o)),
                        new: Some(as_value(f)),
                    }));
                }
            }
            None => out.push(Change::Figure(FigureChange {
                label: f.label.to_string(),
                old: None,
                new: Some(as_value(f)),
            })),
        }
    }
    for (k, o) in old.iter().enumerate() {
        if !used[k] {
            out.push(Change::Figure(FigureChange {
                label: o.label.to_string(),
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
                        name: s.title.to_string(),
                        status: Status::Changed,
                        changes,
                    });
                }
            }
            None => out.push(EntryDiff {
                id: Some(s.id.clone()),
                name: s.title.to_string(),
                status: Status::Added,
                changes: Vec::new(),
            }),
        }
    }
    for (k, o) in old.sources.iter().enumerate() {
        if !seen[k] {
            out.push(EntryDiff {
                id: Some(o.id.clone()),
                name: o.title.to_string(),
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
                        name: p.name.to_string(),
                        status: Status::Changed,
                        changes,
                    });
                }
            }
            _ => out.push(EntryDiff {
                id: p.id.clone(),
                name: p.name.to_string(),
                status: Status::Added,
                changes: Vec::new(),
            }),
        }
    }
    for (k, o) in old.people.iter().enumerate() {
        if !seen[k] {
            out.push(EntryDiff {
                id: o.id.clone(),
                name: o.name.to_string(),
                status: Status::Removed,
                changes: Vec::new(),
            });
        }
    }
    out
}
