//! HTML: the export plan's blocks as one self-contained HTML5 page.
//!
//! The page needs nothing but itself: the style sheet is inline, there is
//! no script, and its Content-Security-Policy forbids every request and
//! every script, so that even a mistake here could not make the page call
//! out or run anything. Light and dark follow `prefers-color-scheme`; a
//! print style puts each part on its own page, prints the target of each
//! external link after it, and leaves the navigation out.
//!
//! The structure is the plan's: `header` (the export header), `nav` (the
//! parts, linking to each), `main` with a `section` per part and an
//! `article` per item, headings `h1`–`h3` in order. Where a block's text
//! flattens what HTML can say (an item's dates, status and citation marks;
//! its tags; a quote's speaker), the values the block was made from are
//! marked up instead: `time datetime=`, citation marks linking to their
//! source and back, `blockquote` with `cite`. Every cross-reference whose
//! target is on the page is a link inside the page; one whose target was
//! left out of the export is text, saying so.
//!
//! Anchors: a section is `#ID` (its own id), an item `#SECTION/ITEM`, the
//! form `see_also` writes; an item without an id is `#SECTION/_item-N`.
//! Everything the page itself adds starts with `_` (`#_sources`,
//! `#_source-3`, `#_cite-3-1`), which no id of a briefing can.
//!
//! Text is escaped everywhere, and only http, https and mailto URLs
//! ([`is_linkable_url`]) become links; any other is written as text.
//!
//! The page is written block by block as the plan hands them over, through
//! a small buffer: an export of any length never holds its document, or
//! its output, whole.

use std::io::{self, Write};

use super::{Part, Piece, Plan, SourceEntry, cited_sources, dates_line, each_piece};
use crate::briefing::text::is_linkable_url;
use crate::briefing::{Briefing, Item, Section, When};
use crate::layout::Role;
use crate::layout::doc::{Block, DocBlock, FigureRow, Target, citation_marks, meta_line};
use crate::layout::views::{self, Page};

mod items;
mod markup;

use items::{bar, largest_by_unit};

use markup::{
    escape_attr, escape_text, html_datetime, is_right_to_left, item_anchor, page_anchor,
    target_anchor,
};

/// The page's style sheet, inline.
const STYLE: &str = include_str!("html/page.css");

/// Requests and scripts the page allows: none, but its own inline style.
const POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Output is handed to the writer in pieces of about this size.
const CHUNK: usize = 1 << 16;

/// How many links back to its citation marks a source lists; the rest
/// are counted (a source cited by thousands of items would otherwise carry
/// thousands of links).
const MAX_BACK_LINKS: usize = 20;

/// The pages of the plan (in its order, with only its items) as one HTML
/// page. `_width` is accepted so the reader can call every export the same
/// way; a browser wraps the text to its own width.
pub fn export_html(b: &Briefing, plan: &Plan, _width: usize) -> String {
    // Markup adds about a fifth to the text; the style sheet is fixed.
    let size: usize = plan
        .pages
        .iter()
        .map(|p| match p {
            Page::Section(s) => crate::layout::section_size(b, *s),
            _ => 4096,
        })
        .sum();
    let mut out = Vec::with_capacity(STYLE.len() + size + size / 4);
    // Writing into a Vec cannot fail.
    let _ = write_html(b, plan, &mut out);
    // Only whole strings are written, so the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the page of [`export_html`] into `out` as it is made, and
/// returns the first error of `out` (after which nothing more is written).
pub fn write_html(b: &Briefing, plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    let mut page = Writer::new(b, plan, out);
    page.head();
    each_piece(b, plan, &mut |piece| {
        page.piece(piece);
        page.drain(false);
    });
    page.finish()
}

/// What is open, innermost last, so that it can be closed in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// Bullets of a body: `ul`.
    Bullets,
    /// Links (cross-references, entries of the generated pages): `ul.links`.
    Links,
    /// The list of sources: `ol.sources`.
    Sources,
}

struct Writer<'a> {
    b: &'a Briefing,
    out: &'a mut dyn Write,
    /// What is written but not yet handed to `out`.
    buf: String,
    /// The first error of `out`; nothing is written after it.
    error: Option<io::Error>,
    /// The plan's tag filter.
    tag: Option<&'a str>,
    /// Which sections the page holds (a link to any other cannot work).
    in_plan: Vec<bool>,
    /// The pages of the plan, for the navigation.
    pages: &'a [Page],
    /// Whether the list of sources ends the page (the plan does not hold
    /// the Sources page, and something is cited).
    sources_list: bool,
    /// Whether each source has an entry on the page to link its marks to.
    listed: Vec<bool>,
    /// Citation marks written so far, per source: mark `k` of source `n`
    /// is `#_cite-n-k`, and the source's entry links back to each.
    marks: Vec<usize>,
    /// Still in the header (no part has started).
    in_header: bool,
    /// `main` is open.
    in_main: bool,
    /// The part being written.
    part: Option<Part>,
    /// The item whose `article` is open (on a section's page).
    article: Option<usize>,
    /// The list that is open.
    list: Option<List>,
    /// Quotes of the open item written so far.
    quotes: usize,
    /// The largest figure (by size) of each unit on the section's page
    /// being written: what its bars are measured against.
    largest: Vec<(String, f64)>,
}

impl<'a> Writer<'a> {
    fn new(b: &'a Briefing, plan: &'a Plan, out: &'a mut dyn Write) -> Writer<'a> {
        let mut in_plan = vec![false; b.sections.len()];
        for s in plan.sections_of() {
            if let Some(slot) = in_plan.get_mut(s) {
                *slot = true;
            }
        }
        let sources_page = plan.pages.contains(&Page::Sources);
        let tag = plan.tag.as_deref();
        let mut listed = vec![sources_page; b.sources.len()];
        let mut sources_list = false;
        if !sources_page {
            for i in cited_sources(b, &plan.sections_of(), tag) {
                listed[i] = true;
                sources_list = true;
            }
        }
        Writer {
            b,
            out,
            buf: String::with_capacity(CHUNK + CHUNK / 4),
            error: None,
            tag,
            in_plan,
            pages: &plan.pages,
            sources_list,
            listed,
            marks: vec![0; b.sources.len()],
            in_header: true,
            in_main: false,
            part: None,
            article: None,
            list: None,
            quotes: 0,
            largest: Vec::new(),
        }
    }

    /// Hands what is buffered to the writer: when the buffer is full, or
    /// (`all`) at the end.
    fn drain(&mut self, all: bool) {
        if self.buf.len() < CHUNK && !all {
            return;
        }
        if self.error.is_none()
            && let Err(e) = self.out.write_all(self.buf.as_bytes())
        {
            self.error = Some(e);
        }
        self.buf.clear();
    }

    fn finish(mut self) -> io::Result<()> {
        self.end_header();
        self.close_part();
        if self.in_main {
            self.buf.push_str("</main>\n");
        }
        self.buf.push_str("</body>\n</html>\n");
        self.drain(true);
        if self.error.is_none()
            && let Err(e) = self.out.flush()
        {
            self.error = Some(e);
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn push(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape_text(&mut self.buf, s);
    }

    fn attr(&mut self, s: &str) {
        escape_attr(&mut self.buf, s);
    }

    /// Text from the model (not from a block), clean as the model is.
    fn model_text(&mut self, s: &str) {
        self.text(s);
    }

    /// The document up to `<body>`.
    fn head(&mut self) {
        let m = &self.b.meta;
        self.push("<!DOCTYPE html>\n<html");
        if let Some(lang) = &m.language {
            self.push(" lang=\"");
            self.attr(lang);
            self.push("\"");
            if is_right_to_left(lang) {
                self.push(" dir=\"rtl\"");
            }
        }
        self.push(">\n<head>\n<meta charset=\"utf-8\">\n");
        self.push("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        self.push(POLICY);
        self.push(
            "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        );
        self.push("<meta name=\"color-scheme\" content=\"light dark\">\n");
        self.push("<meta name=\"referrer\" content=\"no-referrer\">\n");
        self.push("<meta name=\"generator\" content=\"brief ");
        self.push(env!("CARGO_PKG_VERSION"));
        self.push("\">\n");
        if !m.authors.is_empty() {
            let authors = m.authors.join(", ");
            self.push("<meta name=\"author\" content=\"");
            self.attr(&authors);
            self.push("\">\n");
        }
        self.push("<title>");
        self.text(&m.title);
        self.push("</title>\n<style>\n");
        self.push(STYLE);
        self.push("</style>\n</head>\n<body>\n");
    }

    /// Ends the header (the first time): closes it, writes the navigation
    /// and opens `main`.
    fn end_header(&mut self) {
        if !self.in_header {
            return;
        }
        self.in_header = false;
        self.close_list();
        self.push("</header>\n");
        if self.pages.is_empty() && !self.sources_list {
            return;
        }
        self.push("<nav class=\"contents\" aria-label=\"Contents\">\n<ol>\n");
        for &page in self.pages {
            let title = page.title(self.b);
            self.push("<li><a href=\"#");
            let anchor = page_anchor(self.b, page);
            self.attr(&anchor);
            self.push("\">");
            self.text(&title);
            self.push("</a></li>\n");
        }
        if self.sources_list {
            self.push("<li><a href=\"#_sources\">Sources</a></li>\n");
        }
        self.push("</ol>\n</nav>\n<main>\n");
        self.in_main = true;
    }

    fn close_list(&mut self) {
        match self.list.take() {
            Some(List::Bullets | List::Links) => self.push("</ul>\n"),
            Some(List::Sources) => self.push("</ol>\n"),
            None => {}
        }
    }

    fn open_list(&mut self, list: List) {
        if self.list == Some(list) {
            return;
        }
        self.close_list();
        self.push(match list {
            List::Bullets => "<ul>\n",
            List::Links => "<ul class=\"links\">\n",
            List::Sources => "<ol class=\"sources\">\n",
        });
        self.list = Some(list);
    }

    fn close_article(&mut self) {
        self.close_list();
        if self.article.take().is_some() {
            self.push("</article>\n");
        }
    }

    fn close_part(&mut self) {
        self.close_article();
        if self.part.take().is_some() {
            self.push("</section>\n");
        }
    }

    fn piece(&mut self, piece: Piece) {
        match piece {
            Piece::Start(part) => {
                self.end_header();
                self.close_part();
                let anchor = match part {
                    Part::Page(page) => page_anchor(self.b, page),
                    Part::Sources => "_sources".to_string(),
                };
                self.push("<section id=\"");
                self.attr(&anchor);
                self.push("\">\n");
                self.part = Some(part);
                self.largest = match part {
                    Part::Page(Page::Section(s)) => largest_by_unit(self.b, s, self.tag),
                    _ => Vec::new(),
                };
            }
            Piece::Source(s) => self.source(&s),
            Piece::Block(d) => self.block(d),
        }
    }

    /// The section whose page is being written, if it is a section's.
    fn section(&self) -> Option<(usize, &'a Section)> {
        match self.part {
            Some(Part::Page(Page::Section(s))) => self.b.sections.get(s).map(|sec| (s, sec)),
            _ => None,
        }
    }

    fn block(&mut self, d: DocBlock) {
        // An item's blocks go in its article (on a section's page).
        let mut item = None;
        if let Some((s, section)) = self.section() {
            if d.item != self.article {
                self.close_article();
                if let Some(i) = d.item
                    && i < section.items.len()
                {
                    self.push("<article id=\"");
                    let anchor = item_anchor(section, s, i);
                    self.attr(&anchor);
                    self.push("\">\n");
                    self.article = Some(i);
                    self.quotes = 0;
                }
            }
            item = d.item.and_then(|i| section.items.get(i));
        }
        match d.block {
            Block::Blank | Block::Rule => self.close_list(),
            Block::Heading { level, text } => {
                self.close_list();
                let level = level.clamp(1, 3);
                if level == 1 && self.in_header {
                    self.push("<header>\n");
                }
                self.push(["<h1", "<h2", "<h3"][usize::from(level - 1)]);
                self.push(">");
                self.text(&text);
                self.push(["</h1>\n", "</h2>\n", "</h3>\n"][usize::from(level - 1)]);
            }
            Block::Text { text, role } => self.paragraph(&text, role, item, d.item, d.target),
            Block::Bullet(text) => {
                self.open_list(List::Bullets);
                self.push("<li>");
                self.text(&text);
                self.push("</li>\n");
            }
            Block::Quotation(text) => {
                self.close_list();
                self.push("<blockquote><p>");
                self.text(&text);
                self.push("</p></blockquote>\n");
            }
            Block::Quote { text, attribution } => self.quote(&text, &attribution, item),
            Block::Figures(rows) => {
                self.close_list();
                self.figures(&rows);
            }
            Block::Bar {
                label,
                shown,
                fraction,
                ..
            } => {
                self.close_list();
                self.push("<div class=\"barline\"><span>");
                self.maybe_link(&label, d.target);
                self.push("</span><span class=\"bar\" aria-hidden=\"true\">");
                bar(&mut self.buf, fraction, false);
                self.push("</span><span class=\"num\">");
                self.text(&shown);
                self.push("</span></div>\n");
            }
        }
    }

    /// One paragraph-like block of text.
    fn paragraph(
        &mut self,
        text: &str,
        role: Role,
        item: Option<&'a Item>,
        entry: Option<usize>,
        target: Option<Target>,
    ) {
        if text.is_empty() {
            return;
        }
        if role == Role::Link {
            // A cross-reference or an entry of a generated page, or a
            // source's URL (on the Sources page).
            let label = text.strip_prefix("→ ").unwrap_or(text);
            match target {
                Some(t) => {
                    self.open_list(List::Links);
                    self.push("<li>");
                    self.maybe_link(label, Some(t));
                    self.push("</li>\n");
                }
                None => {
                    self.close_list();
                    self.push("<p>");
                    self.url(label);
                    self.push("</p>\n");
                }
            }
            return;
        }
        self.close_list();
        if let Some(item) = item {
            if role == Role::Meta && meta_line(item).is_some_and(|m| m == text) {
                return self.item_meta(item);
            }
            if role == Role::Tag && !item.tags.is_empty() {
                return self.tags(item);
            }
        }
        if self.in_header && role == Role::Meta && text == dates_line(&self.b.meta) {
            return self.dates();
        }
        if role == Role::ItemTitle {
            // A heading of a generated page: a day, a person, a source.
            self.push("<h3");
            if self.part == Some(Part::Page(Page::Sources))
                && let Some(n) = entry
            {
                self.push(&format!(" id=\"_source-{}\"", n + 1));
            }
            self.push(">");
            self.text(text);
            self.push("</h3>\n");
            return;
        }
        let class = match role {
            Role::Plain if self.in_header => Some("subtitle"),
            Role::Summary => Some("summary"),
            Role::Meta => Some("meta"),
            Role::Tag => Some("tags"),
            _ => None,
        };
        match class {
            Some(class) => {
                self.push("<p class=\"");
                self.push(class);
                self.push("\">");
            }
            None => self.push("<p>"),
        }
        self.text(text);
        self.push("</p>\n");
    }

    /// `label` as a link to `target` when the target is on the page; else
    /// the label, saying it is not.
    fn maybe_link(&mut self, label: &str, target: Option<Target>) {
        match target {
            Some(t) if self.on_page(t) => {
                self.push("<a href=\"#");
                let anchor = target_anchor(self.b, t);
                self.attr(&anchor);
                self.push("\">");
                self.text(label);
                self.push("</a>");
            }
            Some(_) => {
                self.text(label);
                self.push(" <span class=\"elsewhere\">(not in this export)</span>");
            }
            None => self.text(label),
        }
    }

    /// Whether a place of the briefing is on the page.
    fn on_page(&self, t: Target) -> bool {
        let shown = views::shown_by(self.tag);
        self.in_plan.get(t.section).copied().unwrap_or(false)
            && t.item
                .is_none_or(|i| self.b.sections[t.section].items.get(i).is_some_and(&shown))
    }

    /// A URL: a link when it may be one, else text.
    fn url(&mut self, url: &str) {
        if is_linkable_url(url) {
            self.push("<a class=\"url\" href=\"");
            self.attr(url);
            self.push("\" rel=\"noopener noreferrer\">");
            self.text(url);
            self.push("</a>");
        } else {
            self.push("<span class=\"url\">");
            self.text(url);
            self.push("</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample;

    fn page(plan: &Plan) -> String {
        export_html(&sample::briefing(), plan, 80)
    }

    #[test]
    fn a_page_with_header_navigation_sections_and_sources() {
        let html = page(&Plan::sections(&[0, 1]));
        assert!(html.starts_with("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"));
        assert!(html.ends_with("</main>\n</body>\n</html>\n"), "{html}");
        for expected in [
            "<title>Summit week</title>",
            "<header>\n<h1>Summit week</h1>\n<p class=\"subtitle\">Allies *and* [partners]</p>\n",
            "<p class=\"meta\">Date: <time datetime=\"2024-04-08\">Mon 8 Apr 2024</time> · As of: <time datetime=\"2024-04-08\">Mon 8 Apr 2024</time></p>\n",
            "<p class=\"meta\">Sections: Agenda · Defense cooperation</p>\n",
            "<p class=\"summary\">The bottom line.</p>\n</header>\n<nav class=\"contents\" aria-label=\"Contents\">\n<ol>\n<li><a href=\"#agenda\">Agenda</a></li>\n<li><a href=\"#defense\">Defense cooperation</a></li>\n<li><a href=\"#_sources\">Sources</a></li>\n</ol>\n</nav>\n<main>\n<section id=\"agenda\">\n<h2>Agenda</h2>\n",
            "<section id=\"_sources\">\n<h2>Sources</h2>\n<ol class=\"sources\">\n<li id=\"_source-1\">",
        ] {
            assert!(html.contains(expected), "missing {expected:?} in\n{html}");
        }
        // Each section once, in order, and the sources after them.
        let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s}"));
        assert!(at("<section id=\"agenda\">") < at("<section id=\"defense\">"));
        assert!(at("<section id=\"defense\">") < at("<section id=\"_sources\">"));
        assert_eq!(html.matches("<section").count(), 3);
        assert_eq!(html.matches("</section>").count(), 3);
        assert_eq!(
            html.matches("<article").count(),
            html.matches("</article>").count()
        );
    }

    #[test]
    fn an_item_has_its_time_status_marks_and_tags_marked_up() {
        let html = page(&Plan::sections(&[0]));
        assert!(
            html.contains("<p class=\"meta\"><time datetime=\"2024-04-10\">Wed 10 Apr 2024</time> · <span class=\"status\"><span class=\"vh\">Status: </span>planned</span> · <a class=\"cite\" id=\"_cite-1-1\" href=\"#_source-1\" aria-label=\"source 1\">[1]</a></p>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"tags\"><span class=\"vh\">Tags: </span><span class=\"tag\">#japan</span></p>"),
            "{html}"
        );
        // The source links back to each of its marks.
        assert!(html.contains("href=\"#_cite-1-1\""), "{html}");
        assert!(html.contains("href=\"#_cite-1-2\""), "{html}");
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let html = page(&Plan::sections(&[0, 1]));
        assert!(html.contains("first &lt;b&gt;bullet&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn a_quote_names_its_speaker_in_cite_and_its_source() {
        let html = page(&Plan::sections(&[0]));
        assert!(
            html.contains("<figure class=\"quote\">\n<blockquote cite=\"https://example.com/preview\"><p>“the cornerstone”</p></blockquote>\n<figcaption>— <cite>Kurt Campbell</cite>, Deputy Secretary <a class=\"cite\""),
            "{html}"
        );
    }

    #[test]
    fn figures_are_a_table_with_bars_by_unit() {
        let html = page(&Plan::sections(&[1]));
        assert!(html.contains("<table class=\"figures\">"), "{html}");
        assert!(html.contains("<th scope=\"row\">Missiles | shipped</th><td class=\"num\">36</td><td>units</td><td>several dozen</td><td class=\"bar\" aria-hidden=\"true\"><span style=\"width:100%\"></span></td>"), "{html}");
        // A value alone in its unit is the longest of its chart.
        assert!(html.contains("<td class=\"num\">2.5</td><td></td><td></td><td class=\"bar\" aria-hidden=\"true\"><span style=\"width:100%\"></span>"), "{html}");
    }

    #[test]
    fn links_to_places_left_out_are_text() {
        let b = sample::briefing();
        // The Timeline links to an item of a section left out.
        let mut plan = Plan::sections(&[1]);
        plan.pages.push(Page::Timeline);
        let html = export_html(&b, &plan, 0);
        // Every in-page link has its anchor on the page.
        for href in html.split("href=\"#").skip(1) {
            let anchor = &href[..href.find('"').unwrap()];
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "#{anchor} is not on the page"
            );
        }
        assert!(html.contains("(not in this export)"), "{html}");
    }

    #[test]
    fn a_source_links_its_title_only_to_a_web_or_mail_address() {
        let html = page(&Plan::sections(&[0, 1]));
        assert!(
            html.contains("<li id=\"_source-1\"><span class=\"n\">[1]</span> <a href=\"https://example.com/preview\" rel=\"noopener noreferrer\">Preview of the visit</a>. Example News, A. Writer, 2024-04-08. <span class=\"back\">"),
            "{html}"
        );
        let mut b = sample::briefing();
        b.sources[0].url = Some("javascript:alert(1)".into());
        let html = export_html(&b, &Plan::sections(&[0]), 0);
        assert!(
            html.contains("[1]</span> Preview of the visit. Example News, A. Writer, 2024-04-08. <span class=\"url\">javascript:alert(1)</span>"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "{html}");
        // Nor is it cited by a quote's blockquote.
        assert!(!html.contains("cite=\"javascript"), "{html}");
    }
}
