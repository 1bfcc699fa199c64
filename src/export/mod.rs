//! Export: sections as plain text, Markdown or HTML, written atomically.
//!
//! Every format starts from one plan: the export header, the layout
//! engine's section documents ([`doc::section_doc`]), separators and the
//! list of sources, all as [`DocBlock`]s. The text export wraps the plan
//! with the layout engine ([`crate::layout::wrap_blocks`]); the Markdown and
//! HTML exports mark the same blocks up. None walks the briefing's content a
//! second time.

pub mod html;
pub mod markdown;
pub mod text;
pub mod write;

pub use html::{export_html, write_html};
pub use markdown::export_markdown;
pub use text::export_text;

use crate::briefing::{Briefing, Line};
use crate::layout::Role;
use crate::layout::doc::{self, Block, DocBlock};
use crate::layout::views;
pub use crate::layout::views::Page;

/// One piece of an export, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// A block of the layout engine's document model.
    Block(DocBlock),
    /// One entry of the sources list at the end.
    Source(SourceEntry),
    /// A part of the export starts here (after the separator before it):
    /// a page of the plan, or the list of sources. Text and Markdown have
    /// the separator and the heading; HTML makes each part a `section`.
    Start(Part),
}

/// A part of an export after its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A page of the plan.
    Page(Page),
    /// The list of the sources cited, at the end.
    Sources,
}

/// A cited source, numbered as the citation marks number it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceEntry {
    /// The number in its mark: `[n]` (1-based, briefing-wide).
    pub number: usize,
    /// The source's title.
    pub title: String,
    /// Publisher, author and date, joined with commas (may be empty).
    pub details: String,
    /// Where it can be read.
    pub url: Option<String>,
}

impl SourceEntry {
    /// The plain-text form: `[n] Title. Publisher, Author, date. URL`.
    pub fn text(&self) -> String {
        let mut s = format!("[{}] {}", self.number, sentence(&self.title));
        if !self.details.is_empty() {
            s.push(' ');
            s.push_str(&sentence(&self.details));
        }
        if let Some(url) = &self.url {
            s.push(' ');
            s.push_str(url);
        }
        s
    }
}

/// Ends a phrase with a full stop unless it already ends a sentence.
pub(crate) fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) || s.is_empty() {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn block(block: Block) -> Piece {
    Piece::Block(DocBlock::new(block, None))
}

fn meta(text: String) -> Piece {
    block(Block::Text {
        text,
        role: Role::Meta,
    })
}

fn separator(out: &mut dyn FnMut(Piece)) {
    out(block(Block::Blank));
    out(block(Block::Rule));
    out(block(Block::Blank));
}

/// The formats an export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text, wrapped to a width.
    #[default]
    Text,
    /// CommonMark, a paragraph to a line.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

    /// The format's name, as the configuration and `--format` write it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The format of a name.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// The plan written in `format`, whole: text wrapped to `width` (0: not
/// wrapped); Markdown and HTML are not wrapped.
pub fn export(b: &Briefing, plan: &Plan, format: Format, width: usize) -> String {
    match format {
        Format::Text => export_text(b, plan, width),
        Format::Markdown => export_markdown(b, plan, width),
        Format::Html => export_html(b, plan, width),
    }
}

/// What an export holds: its pages (sections, and the generated pages) in
/// the order they are written, and, under a tag filter, only the items that
/// carry the tag: what the reader shows is what it exports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// The pages, in order, without repeats.
    pub pages: Vec<Page>,
    /// Only the items with this tag.
    pub tag: Option<Line>,
}

impl Plan {
    /// These sections (indexes into the briefing's sections), in this order.
    pub fn sections(sections: &[usize]) -> Plan {
        Plan {
            pages: sections.iter().map(|&s| Page::Section(s)).collect(),
            tag: None,
        }
    }

    /// The whole briefing: every section, then the Timeline and the Who's
    /// who when they have something to show, then (as in any export) the
    /// list of the sources cited.
    pub fn all(b: &Briefing) -> Plan {
        Plan::whole(views::pages(b, true))
    }

    /// The whole briefing as `pages` (the tabs a reader shows) has it: the
    /// Sources page is left out, the list of sources at the end taking its
    /// place.
    pub fn whole(pages: Vec<Page>) -> Plan {
        Plan {
            pages: pages.into_iter().filter(|p| *p != Page::Sources).collect(),
            tag: None,
        }
    }

    /// Only the items with `tag`, when there is one.
    pub fn tagged(self, tag: Option<Line>) -> Plan {
        Plan { tag, ..self }
    }

    /// The sections among the pages.
    pub(crate) fn sections_of(&self) -> Vec<usize> {
        self.pages
            .iter()
            .filter_map(|p| match p {
                Page::Section(s) => Some(*s),
                _ => None,
            })
            .collect()
    }
}

/// The header's line of dates: `Date: Mon 8 Apr 2024 · As of: …`.
pub(crate) fn dates_line(m: &crate::briefing::Meta) -> String {
    let mut dates = format!("Date: {}", m.date.long());
    if let Some(as_of) = &m.as_of {
        dates.push_str(&format!(" · As of: {}", as_of.long()));
    }
    dates
}

/// Indexes of the sources cited by the given sections (items and quotes)
/// among the items with `tag` (all of them without one), in briefing
/// order, without repeats.
pub fn cited_sources(b: &Briefing, sections: &[usize], tag: Option<&str>) -> Vec<usize> {
    let shown = views::shown_by(tag);
    let mut cited = vec![false; b.sources.len()];
    for &s in sections {
        for item in b.sections[s].items.iter().filter(|i| shown(i)) {
            let quoted = item.quotes.iter().filter_map(|q| q.source);
            for i in item.sources.iter().copied().chain(quoted) {
                if let Some(c) = cited.get_mut(i) {
                    *c = true;
                }
            }
        }
    }
    (0..cited.len()).filter(|&i| cited[i]).collect()
}

/// The whole export as pieces, handed over one at a time: header, pages
/// with rules between them, then the sources they cite (unless the Sources
/// page is one of them). A long section is never held whole: its blocks are
/// made as they are written.
pub(crate) fn each_piece(b: &Briefing, plan: &Plan, out: &mut dyn FnMut(Piece)) {
    let m = &b.meta;
    let tag = plan.tag.as_deref();
    out(block(Block::Heading {
        level: 1,
        text: m.title.to_string(),
    }));
    if let Some(subtitle) = &m.subtitle {
        out(block(Block::Text {
            text: subtitle.to_string(),
            role: Role::Plain,
        }));
    }
    out(block(Block::Blank));
    out(meta(dates_line(m)));
    let titles: Vec<String> = plan.pages.iter().map(|p| p.title(b)).collect();
    let mut which = match titles.as_slice() {
        [one] => format!("Section: {one}"),
        many => format!("Sections: {}", many.join(" · ")),
    };
    if let Some(t) = tag {
        // What the reader showed: said in the header, so a reader of the
        // file knows items were left out.
        which.push_str(&format!(" · only the items tagged #{t}"));
    }
    out(meta(which));
    // The briefing's own bottom line belongs to an export of all of it.
    let sections = plan.sections_of();
    let everything = (0..b.sections.len()).all(|i| sections.contains(&i));
    if everything && let Some(summary) = &m.summary {
        out(block(Block::Blank));
        doc::summary_blocks(summary, &mut |d| out(Piece::Block(d)));
    }
    for &page in &plan.pages {
        separator(out);
        out(Piece::Start(Part::Page(page)));
        match page {
            Page::Section(s) => {
                doc::each_section_block(b, &b.sections[s], views::shown_by(tag), |d| {
                    out(Piece::Block(d))
                });
            }
            generated => {
                for d in views::page_doc(b, generated, tag) {
                    out(Piece::Block(d));
                }
            }
        }
    }
    if plan.pages.contains(&Page::Sources) {
        return;
    }
    let cited = cited_sources(b, &sections, tag);
    if !cited.is_empty() {
        separator(out);
        out(Piece::Start(Part::Sources));
        out(block(Block::Heading {
            level: 2,
            text: "Sources".into(),
        }));
        out(block(Block::Blank));
        for i in cited {
            let src = &b.sources[i];
            let details: Vec<String> = [
                src.publisher.as_deref().map(String::from),
                src.author.as_deref().map(String::from),
                src.date.map(|d| d.to_string()),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
            out(Piece::Source(SourceEntry {
                number: i + 1,
                title: src.title.to_string(),
                details: details.join(", "),
                url: src.url.as_deref().map(String::from),
            }));
        }
    }
}

/// Finds a page by a section's id, its 1-based position among the tabs
/// (the generated pages numbered after the sections, as the reader numbers
/// them), or its title (any case); the generated pages also by name
/// (`timeline`, `people`, `sources`).
pub fn find_page(b: &Briefing, wanted: &str) -> Option<Page> {
    let wanted = wanted.trim();
    if let Some(i) = b.sections.iter().position(|s| s.id == wanted) {
        return Some(Page::Section(i));
    }
    let pages = views::pages(b, true);
    if !wanted.is_empty() && wanted.bytes().all(|c| c.is_ascii_digit()) {
        return wanted
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| pages.get(n).copied());
    }
    let lower = wanted.to_lowercase();
    pages
        .iter()
        .copied()
        .find(|p| p.title(b).to_lowercase() == lower || p.generated() && p.id(b) == lower)
}

/// The pages as a table (position, id, key, title), one per line, for
/// messages that ask the user to pick one.
pub fn section_list(b: &Briefing) -> String {
    let pages = views::pages(b, true);
    let id_w = pages
        .iter()
        .map(|p| crate::layout::width(&p.id(b)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate() {
        let key = match page {
            Page::Section(s) => b.sections[*s].key.map(|k| format!("[{k}]")),
            _ => None,
        }
        .unwrap_or_default();
        let id = page.id(b);
        let pad = id_w.saturating_sub(crate::layout::width(&id));
        let line = format!(
            "  {:>2}  {}{}  {:<3}  {}",
            n + 1,
            id,
            " ".repeat(pad),
            key,
            page.title(b)
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// File stem of an export: `{briefing}-{page id}` (a section's id, or
/// `timeline`, `people`, `sources`), or `{briefing}-all` for the whole
/// briefing; then `-{tag}` under a tag filter.
pub fn file_stem(b: &Briefing, page: Option<Page>, tag: Option<&str>) -> String {
    let mut stem = match page {
        Some(p) => format!("{}-{}", b.slug(), p.id(b)),
        None => format!("{}-all", b.slug()),
    };
    if let Some(t) = tag {
        let t: String = t
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        stem.push('-');
        stem.push_str(t.trim_matches('-'));
    }
    stem
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_by_id_position_title_and_name() {
        let b = sample::briefing();
        let find = |w| find_page(&b, w);
        assert_eq!(find("defense"), Some(Page::Section(1)));
        assert_eq!(find("2"), Some(Page::Section(1)));
        assert_eq!(find("DEFENSE cooperation"), Some(Page::Section(1)));
        assert_eq!(find("0"), None);
        assert_eq!(find("nope"), None);
        // The generated pages, numbered after the sections as in the reader.
        let pages = views::pages(&b, true);
        assert_eq!(find("sources"), Some(Page::Sources));
        assert_eq!(find("Sources"), Some(Page::Sources));
        let n = pages.len().to_string();
        assert_eq!(find(n.as_str()), pages.last().copied());
        let past = (pages.len() + 1).to_string();
        assert_eq!(find(past.as_str()), None);
    }

    #[test]
    fn stems_name_briefing_page_and_tag() {
        let b = sample::briefing();
        assert_eq!(
            file_stem(&b, Some(Page::Section(1)), None),
            "summit-defense"
        );
        assert_eq!(file_stem(&b, Some(Page::Timeline), None), "summit-timeline");
        assert_eq!(file_stem(&b, None, None), "summit-all");
        assert_eq!(
            file_stem(&b, Some(Page::Section(0)), Some("south china sea")),
            "summit-agenda-south-china-sea"
        );
    }

    #[test]
    fn only_cited_sources_are_listed_with_their_global_numbers() {
        let b = sample::briefing();
        assert_eq!(cited_sources(&b, &[0], None), vec![0]);
        assert_eq!(cited_sources(&b, &[1], None), vec![1]);
        assert_eq!(cited_sources(&b, &[0, 1], None), vec![0, 1]);
        assert_eq!(
            cited_sources(&b, &[0, 1], Some("no-such-tag")),
            Vec::<usize>::new()
        );
    }
}
