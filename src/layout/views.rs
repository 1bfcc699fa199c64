//! What the generated tabs show, computed from a briefing: the time line,
//! who's who with the items that mention each person, the sources with the
//! items that cite them, and a section's figures.

use super::Role;
use super::doc::{Block, DocBlock, FigureRow, Target, format_value};
use super::when::{Placed, place};
use crate::briefing::{Briefing, Item, Line};

/// A page of a briefing as the reader shows it in a tab and an export
/// writes it: one of its own sections, or a page generated from all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// One of the briefing's own sections.
    Section(usize),
    /// Every dated item in date order.
    Timeline,
    /// Who's who, with the items that mention each person.
    People,
    /// The sources, with the items that cite each.
    Sources,
}

impl Page {
    /// The page's title.
    pub fn title(self, b: &Briefing) -> String {
        match self {
            Page::Section(i) => b.sections[i].title.to_string(),
            Page::Timeline => "Timeline".into(),
            Page::People => "Who's who".into(),
            Page::Sources => "Sources".into(),
        }
    }

    /// A name for file names and the command line: the section's id, or
    /// `timeline`, `people`, `sources`.
    pub fn id(self, b: &Briefing) -> String {
        match self {
            Page::Section(i) => b.sections[i].id.clone(),
            Page::Timeline => "timeline".into(),
            Page::People => "people".into(),
            Page::Sources => "sources".into(),
        }
    }

    /// Whether it is one of the generated pages.
    pub fn generated(self) -> bool {
        !matches!(self, Page::Section(_))
    }
}

/// The pages of a briefing, in tab order: its sections, then (when
/// `generated`) the generated pages that have something to show.
pub fn pages(b: &Briefing, generated: bool) -> Vec<Page> {
    let mut pages: Vec<Page> = (0..b.sections.len()).map(Page::Section).collect();
    if generated {
        if b.sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|i| i.when.is_some())
        {
            pages.push(Page::Timeline);
        }
        if !b.people.is_empty() {
            pages.push(Page::People);
        }
        if !b.sources.is_empty() {
            pages.push(Page::Sources);
        }
    }
    pages
}

/// The document of a generated page (for a section, its figures view),
/// listing only the items with `tag` when there is one.
pub fn page_doc(b: &Briefing, page: Page, tag: Option<&str>) -> Vec<DocBlock> {
    match page {
        Page::Section(s) => figures_doc(b, s),
        Page::Timeline => timeline_doc(b, tag),
        Page::People => people_doc(b, tag),
        Page::Sources => sources_doc(b, tag),
    }
}

/// How many entries a page's document marks its blocks with (see
/// [`people_doc`] and [`sources_doc`]): what the reader can scroll to.
pub fn page_entries(b: &Briefing, page: Page) -> usize {
    match page {
        Page::Section(s) => b.sections[s].items.len(),
        Page::Timeline => 0,
        Page::People => b.people.len(),
        Page::Sources => b.sources.len(),
    }
}

/// One entry of the time line.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// Where it sits; `None` when the `when` text could not be placed.
    pub placed: Option<Placed>,
    /// The `when` as written (for display).
    pub when: String,
    /// The time of day of a date and time (`08:30`), shown with its item.
    pub clock: Option<String>,
    /// The item.
    pub target: Target,
}

/// Whether an item shows under a tag filter (every item without one).
pub fn shown_by(tag: Option<&str>) -> impl Fn(&Item) -> bool + '_ {
    move |item| tag.is_none_or(|t| item.tags.iter().any(|x| x == t))
}

/// Every item (with the tag, when there is one) with a `when`, in date order; exact
/// dates before estimates on the same day; free text that names no time at
/// the end, in reading order.
pub fn timeline(b: &Briefing, tag: Option<&str>) -> Vec<TimelineEntry> {
    let shown = shown_by(tag);
    let mut out: Vec<TimelineEntry> = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            if !shown(item) {
                continue;
            }
            if let Some(when) = &item.when {
                out.push(TimelineEntry {
                    placed: place(when, b.meta.date),
                    when: when.to_string(),
                    clock: when.clock(),
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
        Some(p) => (0, p.date, p.approximate(), p.minute),
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

pub use crate::briefing::text::names;

fn item_names(item: &Item, name: &str) -> bool {
    names(&item.title, name) || item.body.as_deref().is_some_and(|b| names(b, name))
}

/// The items and quotes (of items with the tag, when there is one) that mention a
/// person, in reading order.
pub fn mentions(b: &Briefing, name: &str, tag: Option<&str>) -> Vec<Mention> {
    let shown = shown_by(tag);
    let mut out = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate().filter(|(_, i)| shown(i)) {
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

/// The items (with the tag, when there is one) that cite source `index` (directly or
/// through a quote), in reading order.
pub fn citing_items(b: &Briefing, index: usize, tag: Option<&str>) -> Vec<Target> {
    let shown = shown_by(tag);
    let mut out = Vec::new();
    for (s, section) in b.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate().filter(|(_, i)| shown(i)) {
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
                label: f.label.to_string(),
                value: f.value,
                unit: f.unit.as_deref().unwrap_or_default().to_string(),
                note: f.note.as_deref().unwrap_or_default().to_string(),
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
pub fn tags(b: &Briefing) -> Vec<(Line, usize)> {
    let mut counts: std::collections::BTreeMap<Line, usize> = Default::default();
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

fn text(text: String, role: Role) -> DocBlock {
    DocBlock::new(Block::Text { text, role }, None)
}

fn heading(level: u8, text: &str) -> DocBlock {
    DocBlock::new(
        Block::Heading {
            level,
            text: text.to_string(),
        },
        None,
    )
}

fn blank() -> DocBlock {
    DocBlock::new(Block::Blank, None)
}

/// "Item title · Section title", the label of a link to an item.
fn item_label(b: &Briefing, t: Target) -> String {
    let section = &b.sections[t.section];
    match t.item {
        Some(i) => format!("{} · {}", section.items[i].title, section.title),
        None => section.title.to_string(),
    }
}

fn link(b: &Briefing, t: Target) -> DocBlock {
    link_with(b, t, "", "")
}

/// A link to an item with words before its label (a time) or after it.
fn link_with(b: &Briefing, t: Target, before: &str, after: &str) -> DocBlock {
    let before = if before.is_empty() {
        String::new()
    } else {
        format!("{before} ")
    };
    DocBlock::link(
        Block::Text {
            text: format!("→ {before}{}{after}", item_label(b, t)),
            role: Role::Link,
        },
        None,
        t,
    )
}

/// The time line page: items with a `when`, grouped by day, in date order;
/// estimated days are marked `≈` with the text they were estimated from.
pub fn timeline_doc(b: &Briefing, tag: Option<&str>) -> Vec<DocBlock> {
    let mut out = vec![heading(2, "Timeline")];
    let entries = timeline(b, tag);
    if entries.is_empty() {
        out.push(blank());
        let none = match tag {
            Some(t) => format!("No item tagged #{t} has a date."),
            None => "No item of this briefing has a date.".into(),
        };
        out.push(text(none, Role::Meta));
        return out;
    }
    let mut last: Option<String> = None;
    for e in &entries {
        // Exact dates by day (a time before its item); estimates as
        // precisely as written, with their words; the undated together, in
        // reading order, each with its words.
        let (label, line) = match e.placed {
            Some(p) if p.approximate() => (format!("≈ {} (“{}”)", p.label(), e.when), None),
            Some(p) => (p.date.long(), e.clock.clone()),
            None => ("Undated".to_string(), Some(format!("(“{}”)", e.when))),
        };
        if last.as_ref() != Some(&label) {
            out.push(blank());
            out.push(text(label.clone(), Role::ItemTitle));
            last = Some(label);
        }
        out.push(match line {
            Some(extra) if e.placed.is_some() => link_with(b, e.target, &extra, ""),
            Some(extra) => link_with(b, e.target, "", &format!(" {extra}")),
            None => link(b, e.target),
        });
    }
    out
}

/// Marks the blocks of `out` from `from` on as belonging to entry `entry`
/// of a generated page (a person, a source), so the reader can find where
/// each entry starts.
fn entry_from(out: &mut [DocBlock], from: usize, entry: usize) {
    for d in &mut out[from..] {
        d.item = Some(entry);
    }
}

/// The who's who page: each person with role and note, then links to the
/// items and quotes that mention them. The blocks of person `k` belong to
/// entry `k`.
pub fn people_doc(b: &Briefing, tag: Option<&str>) -> Vec<DocBlock> {
    let mut out = vec![heading(2, "Who's who")];
    for (k, p) in b.people.iter().enumerate() {
        out.push(blank());
        let from = out.len();
        let mut head = p.name.to_string();
        if let Some(role) = &p.role {
            head.push_str(" — ");
            head.push_str(role);
        }
        out.push(text(head, Role::ItemTitle));
        if let Some(note) = &p.note {
            out.push(text(note.to_string(), Role::Body));
        }
        let found = mentions(b, &p.name, tag);
        if found.is_empty() {
            let none = match tag {
                Some(t) => format!("Not mentioned in any item tagged #{t}."),
                None => "Not mentioned in any item.".into(),
            };
            out.push(text(none, Role::Meta));
        }
        for m in found {
            match m.quote {
                None => out.push(link(b, m.target)),
                Some(q) => {
                    let item = &b.sections[m.target.section].items[m.target.item.unwrap_or(0)];
                    let quote = &item.quotes[q];
                    out.push(DocBlock::link(
                        Block::Text {
                            text: format!(
                                "→ “{}” — {} · in {}",
                                quote.text,
                                quote.speaker,
                                item_label(b, m.target)
                            ),
                            role: Role::Link,
                        },
                        None,
                        m.target,
                    ));
                }
            }
        }
        entry_from(&mut out, from, k);
    }
    out
}

/// The sources page: numbered sources with publisher, date and URL, then
/// links to the items that cite each. The blocks of source `n` belong to
/// entry `n`.
pub fn sources_doc(b: &Briefing, tag: Option<&str>) -> Vec<DocBlock> {
    let mut out = vec![heading(2, "Sources")];
    for (n, s) in b.sources.iter().enumerate() {
        out.push(blank());
        let from = out.len();
        out.push(text(format!("[{}] {}", n + 1, s.title), Role::ItemTitle));
        let mut meta: Vec<String> = Vec::new();
        meta.extend(s.publisher.as_deref().map(String::from));
        meta.extend(s.author.as_deref().map(String::from));
        meta.extend(s.date.map(|d| d.long()));
        if !meta.is_empty() {
            out.push(text(meta.join(" · "), Role::Meta));
        }
        if let Some(url) = &s.url {
            out.push(text(url.to_string(), Role::Link));
        }
        let cited = citing_items(b, n, tag);
        out.push(text(
            match cited.len() {
                0 => match tag {
                    Some(t) => format!("Cited by no item tagged #{t}."),
                    None => "Cited by no item.".to_string(),
                },
                1 => "Cited by 1 item:".to_string(),
                k => format!("Cited by {k} items:"),
            },
            Role::Meta,
        ));
        out.extend(cited.into_iter().map(|t| link(b, t)));
        entry_from(&mut out, from, n);
    }
    out
}

/// A section's figures view: a table of every figure with its item, then a
/// bar chart per unit, largest first, each bar linking to its item.
pub fn figures_doc(b: &Briefing, section: usize) -> Vec<DocBlock> {
    let title = &b.sections[section].title;
    let mut out = vec![heading(2, &format!("Figures · {title}"))];
    let entries = figures(b, section);
    if entries.is_empty() {
        out.push(blank());
        out.push(text("This section has no figures.".into(), Role::Meta));
        return out;
    }
    let item_title = |i: usize| b.sections[section].items[i].title.to_string();
    out.push(blank());
    out.push(DocBlock::new(
        Block::Figures(
            entries
                .iter()
                .map(|e| FigureRow {
                    label: e.label.to_string(),
                    value: format_value(e.value),
                    unit: e.unit.to_string(),
                    note: String::new(),
                    item: item_title(e.item),
                })
                .collect(),
        ),
        None,
    ));
    for (unit, group) in figures_by_unit(&entries) {
        out.push(blank());
        let heading_text = if unit.is_empty() {
            "Values".to_string()
        } else {
            format!("In {unit}")
        };
        out.push(text(heading_text, Role::ItemTitle));
        let max = group.iter().map(|e| e.value.abs()).fold(0.0_f64, f64::max);
        let label_width = group
            .iter()
            .map(|e| super::width(&e.label))
            .max()
            .unwrap_or(0);
        let value_width = group
            .iter()
            .map(|e| super::width(&format_value(e.value)))
            .max()
            .unwrap_or(0);
        for e in group {
            out.push(DocBlock::link(
                Block::Bar {
                    label: e.label.clone(),
                    shown: format_value(e.value),
                    fraction: if max > 0.0 { e.value.abs() / max } else { 0.0 },
                    label_width,
                    value_width,
                },
                None,
                Target {
                    section,
                    item: Some(e.item),
                },
            ));
        }
    }
    out
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
