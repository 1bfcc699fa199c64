//! What the generated tabs show, computed from a briefing: the time line,
//! who's who with the items that mention each person, the sources with the
//! items that cite them, and a section's figures.

use super::when::{Placed, place};
use crate::briefing::{Briefing, Item};

/// A place in the briefing a link can lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// Section index.
    pub section: usize,
    /// Item index within the section (`None`: the section's top).
    pub item: Option<usize>,
}

/// One entry of the time line.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// Where it sits; `None` when the `when` text could not be placed.
    pub placed: Option<Placed>,
    /// The `when` as written (for display).
    pub when: String,
    /// The item.
    pub target: Target,
}

/// Every item with a `when`, in date order; exact dates before estimates on
/// the same day; free text that names no time at the end, in reading order.
pub fn timeline(b: &Briefing) -> Vec<TimelineEntry> {
    let mut out: Vec<TimelineEntry> = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            if let Some(when) = &item.when {
                out.push(TimelineEntry {
                    placed: place(when, b.meta.date),
                    when: when.to_string(),
                    target: Target {
                        section: s,
                        item: Some(i),
                    },
                });
            }
        }
    }
    // Stable sort: reading order breaks ties; unplaced entries go last.
    out.sort_by_key(|e| match e.placed {
        Some(p) => (0, p.date, p.approximate, p.minute),
        None => (1, Default::default(), false, 0),
    });
    out
}

/// Where a person is mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The item.
    pub target: Target,
    /// Index of the quote, when the person is quoted (speaker) or named in a quote.
    pub quote: Option<usize>,
}

fn is_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `text` names the person: the full name, or the family name (last
/// word, at least three letters) as a whole word.
pub fn names(text: &str, name: &str) -> bool {
    let mut keys = vec![name.trim()];
    if let Some(last) = name.split_whitespace().last()
        && last.chars().count() >= 3
        && last != name.trim()
    {
        keys.push(last);
    }
    keys.iter().filter(|k| !k.is_empty()).any(|k| {
        text.match_indices(k)
            .any(|(i, m)| is_word_boundary(text, i, i + m.len()))
    })
}

fn item_names(item: &Item, name: &str) -> bool {
    names(&item.title, name) || item.body.as_deref().is_some_and(|b| names(b, name))
}

/// The items and quotes that mention a person, in reading order.
pub fn mentions(b: &Briefing, name: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            let target = Target {
                section: s,
                item: Some(i),
            };
            if item_names(item, name) {
                out.push(Mention {
                    target,
                    quote: None,
                });
            }
            for (q, quote) in item.quotes.iter().enumerate() {
                if names(&quote.speaker, name) || names(&quote.text, name) {
                    out.push(Mention {
                        target,
                        quote: Some(q),
                    });
                }
            }
        }
    }
    out
}

/// The items that cite source `index` (directly or through a quote), in reading order.
pub fn citing_items(b: &Briefing, index: usize) -> Vec<Target> {
    let mut out = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            if item.sources.contains(&index) || item.quotes.iter().any(|q| q.source == Some(index))
            {
                out.push(Target {
                    section: s,
                    item: Some(i),
                });
            }
        }
    }
    out
}

/// One figure of a section, with its item.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureEntry {
    /// What is measured.
    pub label: String,
    /// The amount.
    pub value: f64,
    /// Its unit ("" when none).
    pub unit: String,
    /// Qualifier.
    pub note: String,
    /// The item that carries it.
    pub item: usize,
}

/// Every figure of a section, in reading order.
pub fn figures(b: &Briefing, section: usize) -> Vec<FigureEntry> {
    let mut out = Vec::new();
    for (i, item) in b.sections[section].items.iter().enumerate() {
        for f in &item.figures {
            out.push(FigureEntry {
                label: f.label.clone(),
                value: f.value,
                unit: f.unit.clone().unwrap_or_default(),
                note: f.note.clone().unwrap_or_default(),
                item: i,
            });
        }
    }
    out
}

/// The figures grouped by unit (units in order of first appearance), each
/// group sorted largest first: what the bar charts compare.
pub fn figures_by_unit(entries: &[FigureEntry]) -> Vec<(String, Vec<FigureEntry>)> {
    let mut groups: Vec<(String, Vec<FigureEntry>)> = Vec::new();
    for e in entries {
        match groups.iter_mut().find(|(u, _)| *u == e.unit) {
            Some((_, g)) => g.push(e.clone()),
            None => groups.push((e.unit.clone(), vec![e.clone()])),
        }
    }
    for (_, g) in &mut groups {
        g.sort_by(|a, b| b.value.total_cmp(&a.value));
    }
    groups
}

/// Every tag used by items, with how many items carry it, sorted by name.
pub fn tags(b: &Briefing) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for s in &b.sections {
        for item in &s.items {
            let mut seen = std::collections::BTreeSet::new();
            for t in &item.tags {
                if seen.insert(t) {
                    *counts.entry(t.clone()).or_default() += 1;
                }
            }
        }
    }
    counts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whole_words_only() {
        assert!(names("Biden hosts Kishida", "Joe Biden"));
        assert!(names("said Fumio Kishida.", "Fumio Kishida"));
        assert!(!names("Bidenomics", "Joe Biden"));
        assert!(!names("Al", ""));
        assert!(
            !names("Ng said", "Andrew Ng"),
            "short family names need the full name"
        );
        assert!(names("Andrew Ng said", "Andrew Ng"));
    }
}
