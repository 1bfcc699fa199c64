//! Markdown blocks to a briefing: the mapping of `docs/import.md`.

use crate::briefing::skeleton::{section_keys, slug_of, unique};
use crate::briefing::text::names;
use crate::briefing::{
    Briefing, Date, Figure, Item, Line, Meta, Paragraphs, Person, Quote, Reference, Section,
    Source, When,
};

use super::markdown::{Block, Inline, ListItem};
use super::{ImportError, ImportOptions, Warning, dates};

mod finish;
mod parts;
use finish::figures;
use parts::attribution;

/// The part of the document being read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    /// Before the first `##`.
    Front,
    /// A section's text, before its first `###`.
    Section,
    /// An item.
    Item,
    /// The export's Timeline: made by the reader, not read.
    Timeline,
    /// The export's Who's who: the people.
    People,
    /// The list of sources.
    Sources,
}

/// A piece of an item's body.
enum Piece {
    Para(String),
    Bullets(Vec<String>),
    Quotation(String),
}

/// An item as it is read.
struct ItemDraft {
    item: Item,
    body: Vec<Piece>,
    /// `[n]` marks, to be matched with the numbered sources at the end,
    /// with their lines.
    numbers: Vec<(usize, usize)>,
    /// The `[n]` of a quote: which quote, the number, the line.
    quote_numbers: Vec<(usize, usize, usize)>,
    /// `Section › Item` titles under "See also", with their lines.
    see_also: Vec<(String, usize)>,
    /// Nothing but the title read yet (the meta line may come).
    fresh: bool,
    /// The tags line may still come.
    tags_open: bool,
    /// The next list is the "See also" list.
    see_also_next: bool,
}

struct SectionDraft {
    title: String,
    summary: Vec<String>,
    items: Vec<ItemDraft>,
    line: usize,
}

/// A source with the number it had in a numbered list, if any.
struct SourceDraft {
    source: Source,
    number: Option<usize>,
}

struct Builder<'w> {
    warnings: &'w mut Vec<Warning>,
    part: Part,
    title: Option<String>,
    front: Vec<String>,
    subtitle: Option<String>,
    date: Option<Date>,
    as_of: Option<When>,
    sections: Vec<SectionDraft>,
    people: Vec<Person>,
    /// A Who's who entry is open: its note may come.
    person_open: bool,
    sources: Vec<SourceDraft>,
}

/// Builds the briefing.
pub(super) fn briefing(
    blocks: Vec<Block>,
    opts: &ImportOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Briefing, ImportError> {
    let mut b = Builder {
        warnings,
        part: Part::Front,
        title: None,
        front: Vec::new(),
        subtitle: None,
        date: None,
        as_of: None,
        sections: Vec::new(),
        people: Vec::new(),
        person_open: false,
        sources: Vec::new(),
    };
    for block in blocks {
        b.block(block);
    }
    b.finish(opts)
}

/// `[1]`, `[12]`: a citation mark.
fn citation(word: &str) -> Option<usize> {
    word.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// Free text that names a time ("this week", "by 2025"), as opposed to a
/// status ("announced"): for a meta line with one such part.
fn names_a_time(text: &str, reference: Date) -> bool {
    const TIME_WORDS: &[&str] = &[
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
        "recent",
        "recently",
        "ago",
        "during",
        "since",
        "until",
        "soon",
        "weekend",
        "morning",
        "evening",
        "quarter",
    ];
    crate::layout::when::estimate(text, reference).is_some()
        || text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| TIME_WORDS.contains(&w))
}

impl Builder<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            message: message.into(),
        });
    }

    fn item(&mut self) -> Option<&mut ItemDraft> {
        self.sections.last_mut()?.items.last_mut()
    }

    fn block(&mut self, block: Block) {
        match block {
            Block::Heading {
                level,
                inline,
                line,
            } => self.heading(level, inline, line),
            Block::Rule => {}
            _ if self.part == Part::Timeline => {}
            Block::Para { inline, line } => self.para(inline, line),
            Block::List { items, line } => self.list(items, line),
            Block::Quote { blocks, line } => self.quote(blocks, line),
            Block::Table { rows, line } => self.table(rows, line),
        }
    }

    fn heading(&mut self, level: u8, inline: Inline, line: usize) {
        let text = inline.text.trim().to_string();
        if text.is_empty() {
            self.warn(line, "an empty heading is left out");
            return;
        }
        self.person_open = false;
        match level {
            1 if self.title.is_none() && self.sections.is_empty() => self.title = Some(text),
            1 | 2 => {
                if level == 1 {
                    self.warn(line, "a second `#` heading is read as a section (`##`)");
                }
                self.part = match text.as_str() {
                    "Timeline" => {
                        self.warn(line, "the Timeline is made by the reader from the items' dates: its text is not imported");
                        Part::Timeline
                    }
                    "Who's who" | "Who’s who" => Part::People,
                    "Sources" => Part::Sources,
                    _ => {
                        self.sections.push(SectionDraft {
                            title: text,
                            summary: Vec::new(),
                            items: Vec::new(),
                            line,
                        });
                        Part::Section
                    }
                };
                self.links(&inline, false);
            }
            3 if matches!(self.part, Part::Section | Part::Item) => {
                let Some(section) = self.sections.last_mut() else {
                    return;
                };
                section.items.push(ItemDraft {
                    item: Item {
                        title: text.into(),
                        ..Item::default()
                    },
                    body: Vec::new(),
                    numbers: Vec::new(),
                    quote_numbers: Vec::new(),
                    see_also: Vec::new(),
                    fresh: true,
                    tags_open: true,
                    see_also_next: false,
                });
                self.part = Part::Item;
            }
            _ => {
                self.warn(
                    line,
                    format!("a level-{level} heading has no place here: it is kept as a paragraph"),
                );
                self.para(inline, line);
            }
        }
    }

    fn para(&mut self, inline: Inline, line: usize) {
        let text = inline.text.clone();
        match self.part {
            Part::Front => {
                if inline.italic && self.front_meta(&text) {
                    return;
                }
                self.links(&inline, false);
                self.front.push(text);
            }
            Part::Section => {
                self.links(&inline, false);
                if let Some(s) = self.sections.last_mut() {
                    s.summary.push(text);
                }
            }
            Part::Item => self.item_para(inline, line),
            Part::People => self.person(inline, line),
            Part::Sources => {
                let item = ListItem { inline, line };
                self.source_entry(&item, None);
            }
            Part::Timeline => {}
        }
    }

    /// The export's `*Date: … · As of: …*` and `*Sections: …*` lines.
    fn front_meta(&mut self, text: &str) -> bool {
        if text.starts_with("Sections: ") || text.starts_with("Section: ") {
            return true;
        }
        let Some(rest) = text.strip_prefix("Date: ") else {
            return false;
        };
        let (date, as_of) = match rest.split_once(" · As of: ") {
            Some((d, a)) => (d, Some(a)),
            None => (rest, None),
        };
        self.date = dates::date(date);
        self.as_of = as_of.and_then(dates::when);
        // What came before the date line is the subtitle.
        if !self.front.is_empty() {
            self.subtitle = Some(self.front.join(" "));
            self.front.clear();
        }
        self.date.is_some()
    }

    fn item_para(&mut self, inline: Inline, line: usize) {
        let text = inline.text.trim().to_string();
        let today = self.date.unwrap_or_default();
        let Some(draft) = self.item() else { return };
        if inline.italic && text == "See also:" {
            draft.see_also_next = true;
            draft.fresh = false;
            return;
        }
        if draft.fresh && inline.italic {
            draft.fresh = false;
            let mut free = Vec::new();
            for part in text.split(" · ") {
                let marks: Vec<Option<usize>> = part.split(' ').map(citation).collect();
                if marks.iter().all(Option::is_some) {
                    draft
                        .numbers
                        .extend(marks.into_iter().flatten().map(|n| (n, line)));
                } else if draft.item.when.is_none()
                    && free.is_empty()
                    && let Some(w) = dates::when(part)
                {
                    draft.item.when = Some(w);
                } else {
                    free.push(part.to_string());
                }
            }
            let mut free = free.into_iter();
            match (draft.item.when.is_some(), free.len()) {
                (_, 0) => {}
                (true, _) => draft.item.status = free.next().map(Line::from),
                (false, 1) => {
                    let one = free.next().unwrap_or_default();
                    if names_a_time(&one, today) {
                        draft.item.when = Some(When::Text(one.into()));
                    } else {
                        draft.item.status = Some(one.into());
                    }
                }
                (false, _) => {
                    draft.item.when = free.next().map(|w| When::Text(w.into()));
                    draft.item.status = free.next().map(Line::from);
                }
            }
            let rest: Vec<String> = free.collect();
            if !rest.is_empty() {
                let rest = rest.join(" · ");
                self.warn(line, format!("`{rest}` in the line under an item's title is neither a date, a status nor a citation: left out"));
            }
            return;
        }
        draft.fresh = false;
        let words: Vec<&str> = text.split_whitespace().collect();
        if draft.tags_open
            && draft.body.is_empty()
            && !words.is_empty()
            && words.iter().all(|w| w.len() > 1 && w.starts_with('#'))
        {
            draft.item.tags = words.iter().map(|w| Line::new(&w[1..])).collect();
            draft.tags_open = false;
            return;
        }
        draft.tags_open = false;
        // An attribution after a quotation makes it a quote.
        if let Some(who) = attribution(&text)
            && let Some(Piece::Quotation(q)) = draft.body.last()
        {
            let q = q.clone();
            draft.body.pop();
            self.add_quote(&q, who, line);
            return;
        }
        self.links(&inline, true);
        if let Some(draft) = self.item() {
            draft.body.push(Piece::Para(text));
        }
    }

    fn list(&mut self, items: Vec<ListItem>, line: usize) {
        match self.part {
            Part::Front | Part::Section => {
                self.warn(
                    line,
                    "a list before the first `###` has no place (a summary is paragraphs): each bullet is kept as a paragraph of the summary",
                );
                for i in items {
                    self.para(i.inline, i.line);
                }
            }
            Part::Item => {
                let see_also = self.item().is_some_and(|d| d.see_also_next);
                if see_also {
                    if let Some(d) = self.item() {
                        d.see_also = items.into_iter().map(|i| (i.inline.text, i.line)).collect();
                        d.see_also_next = false;
                    }
                    return;
                }
                for i in &items {
                    self.links(&i.inline, true);
                }
                if let Some(d) = self.item() {
                    d.fresh = false;
                    d.tags_open = false;
                    d.body.push(Piece::Bullets(
                        items.into_iter().map(|i| i.inline.text).collect(),
                    ));
                }
            }
            // The lists of the Who's who name the items that mention each
            // person: the reader makes them.
            Part::People => self.person_open = false,
            Part::Sources => {
                for i in &items {
                    self.source_entry(i, citation_prefix(&i.inline.text));
                }
            }
            Part::Timeline => {}
        }
    }
}

/// `[3] rest`: the number of a numbered entry.
fn citation_prefix(text: &str) -> Option<usize> {
    citation(text.split(' ').next()?)
}
