//! The marked-up pieces of an item and of the sources list: dates and
//! times, the line under a title, citation marks, tags, quotes, figures
//! with their bars, and one source with the marks that cite it.

use super::*;

impl Writer<'_> {
    /// The header's dates, as `time` elements.
    pub(super) fn dates(&mut self) {
        let m = &self.b.meta;
        self.push("<p class=\"meta\">Date: ");
        self.when(&When::Date(m.date));
        if let Some(as_of) = &m.as_of {
            self.push(" · As of: ");
            self.when(as_of);
        }
        self.push("</p>\n");
    }

    /// A date (and time) as a `time` element; free text as it is.
    pub(super) fn when(&mut self, when: &When) {
        let shown = when.long();
        match when {
            When::Date(d) => {
                self.push(&format!("<time datetime=\"{d}\">"));
                self.text(&shown);
                self.push("</time>");
            }
            When::DateTime { date, text } => {
                self.push("<time datetime=\"");
                match html_datetime(text) {
                    Some(dt) => self.attr(&dt),
                    None => self.push(&date.to_string()),
                }
                self.push("\">");
                self.text(&shown);
                self.push("</time>");
            }
            When::Text(_) => self.text(&shown),
        }
    }

    /// An item's line of when, status and citation marks.
    pub(super) fn item_meta(&mut self, item: &Item) {
        self.push("<p class=\"meta\">");
        let mut first = true;
        let mut sep = |w: &mut Self| {
            if !std::mem::take(&mut first) {
                w.push(" · ");
            }
        };
        if let Some(when) = &item.when {
            sep(self);
            self.when(when);
        }
        if let Some(status) = &item.status {
            sep(self);
            self.push("<span class=\"status\"><span class=\"vh\">Status: </span>");
            self.model_text(status);
            self.push("</span>");
        }
        if !item.sources.is_empty() {
            sep(self);
            for (k, &n) in item.sources.iter().enumerate() {
                if k > 0 {
                    self.push(" ");
                }
                self.cite(n);
            }
        }
        self.push("</p>\n");
    }

    /// A citation mark `[n]` of source index `n`: a link to the source's
    /// entry, with an id the entry links back to.
    pub(super) fn cite(&mut self, n: usize) {
        let mark = citation_marks(&[n]);
        if !self.listed.get(n).copied().unwrap_or(false) {
            self.push(&mark);
            return;
        }
        self.marks[n] += 1;
        let (number, k) = (n + 1, self.marks[n]);
        self.push(&format!(
            "<a class=\"cite\" id=\"_cite-{number}-{k}\" href=\"#_source-{number}\" aria-label=\"source {number}\">{mark}</a>"
        ));
    }

    /// An item's tags, each as text.
    pub(super) fn tags(&mut self, item: &Item) {
        self.push("<p class=\"tags\"><span class=\"vh\">Tags: </span>");
        for t in &item.tags {
            self.push("<span class=\"tag\">#");
            self.model_text(t);
            self.push("</span>");
        }
        self.push("</p>\n");
    }

    /// An attributed quote: the words in a `blockquote` (citing the
    /// source's URL when it has one that may be a link), the speaker in a
    /// `cite`, the citation mark linked.
    pub(super) fn quote(&mut self, text: &str, attribution: &str, item: Option<&Item>) {
        self.close_list();
        let q = item.and_then(|it| it.quotes.get(self.quotes));
        self.quotes += 1;
        // The model's quote, when it is the one the block was made from.
        let q = q.filter(|q| crate::layout::doc::attribution(q) == attribution);
        self.push("<figure class=\"quote\">\n<blockquote");
        let url = q
            .and_then(|q| q.source)
            .and_then(|s| self.b.sources.get(s))
            .and_then(|s| s.url.as_deref())
            .filter(|u| is_linkable_url(u));
        if let Some(url) = url {
            self.push(" cite=\"");
            self.attr(url);
            self.push("\"");
        }
        self.push("><p>");
        self.text(text);
        self.push("</p></blockquote>\n<figcaption>");
        match q {
            Some(q) => {
                self.push("— <cite>");
                self.model_text(&q.speaker);
                self.push("</cite>");
                if let Some(role) = &q.role {
                    self.push(", ");
                    self.model_text(role);
                }
                if let Some(src) = q.source {
                    self.push(" ");
                    self.cite(src);
                }
            }
            None => self.text(attribution),
        }
        self.push("</figcaption>\n</figure>\n");
    }

    /// A table of figures, with a bar for each value drawn in CSS: its size
    /// beside the largest of its unit on the section's page (in the table,
    /// elsewhere), as the reader's figures view compares them.
    pub(super) fn figures(&mut self, rows: &[FigureRow]) {
        let has_unit = rows.iter().any(|r| !r.unit.is_empty());
        let has_note = rows.iter().any(|r| !r.note.is_empty());
        let has_item = rows.iter().any(|r| !r.item.is_empty());
        let values: Vec<Option<f64>> = rows
            .iter()
            .map(|r| r.value.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect();
        let in_table = |unit: &str| {
            rows.iter()
                .zip(&values)
                .filter(|(r, _)| r.unit == unit)
                .filter_map(|(_, v)| v.map(f64::abs))
                .fold(0.0_f64, f64::max)
        };
        let largest = |unit: &str| {
            self.largest
                .iter()
                .find(|(u, _)| u == unit)
                .map_or_else(|| in_table(unit), |(_, m)| m.max(in_table(unit)))
        };
        let maxima: Vec<f64> = rows.iter().map(|r| largest(&r.unit)).collect();
        self.push("<div class=\"table\">\n<table class=\"figures\">\n<caption>Figures <span class=\"note\">(bars: against the largest of the same unit in this section)</span></caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Value</th>");
        if has_unit {
            self.push("<th scope=\"col\">Unit</th>");
        }
        if has_note {
            self.push("<th scope=\"col\">Note</th>");
        }
        if has_item {
            self.push("<th scope=\"col\">Item</th>");
        }
        self.push("<td class=\"bar\" aria-hidden=\"true\"></td></tr></thead>\n<tbody>\n");
        for ((r, v), max) in rows.iter().zip(&values).zip(maxima) {
            self.push("<tr><th scope=\"row\">");
            self.text(&r.label);
            self.push("</th><td class=\"num\">");
            self.text(&r.value);
            self.push("</td>");
            for (shown, cell) in [
                (has_unit, &r.unit),
                (has_note, &r.note),
                (has_item, &r.item),
            ] {
                if shown {
                    self.push("<td>");
                    self.text(cell);
                    self.push("</td>");
                }
            }
            self.push("<td class=\"bar\" aria-hidden=\"true\">");
            if let Some(v) = *v {
                let fraction = if max > 0.0 { v.abs() / max } else { 0.0 };
                bar(&mut self.buf, fraction, v < 0.0);
            }
            self.push("</td></tr>\n");
        }
        self.push("</tbody>\n</table>\n</div>\n");
    }

    /// One entry of the list of sources.
    pub(super) fn source(&mut self, s: &SourceEntry) {
        self.open_list(List::Sources);
        let n = s.number;
        self.push(&format!(
            "<li id=\"_source-{n}\"><span class=\"n\">[{n}]</span> "
        ));
        // As the Markdown export writes it: the title links to the source
        // (print shows the address after it); an address that may not be a
        // link is shown as text where the text export shows it.
        match s.url.as_deref().filter(|u| is_linkable_url(u)) {
            Some(url) => {
                self.push("<a href=\"");
                self.attr(url);
                self.push("\" rel=\"noopener noreferrer\">");
                self.text(&s.title);
                self.push("</a>");
                if !s.title.ends_with(['.', '!', '?']) {
                    self.push(".");
                }
            }
            None => self.text(&super::super::sentence(&s.title)),
        }
        if !s.details.is_empty() {
            self.push(" ");
            self.text(&super::super::sentence(&s.details));
        }
        if let Some(url) = s.url.as_deref().filter(|u| !is_linkable_url(u)) {
            self.push(" ");
            self.url(url);
        }
        let marks = n
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .copied()
            .unwrap_or(0);
        if marks == 1 {
            self.push(&format!(
                " <span class=\"back\"><a href=\"#_cite-{n}-1\" aria-label=\"back to the citation\">↩\u{FE0E}</a></span>"
            ));
        } else if marks > 1 {
            // Numbered as Wikipedia numbers them: one link back to each mark.
            self.push(" <span class=\"back\">↩\u{FE0E}");
            for k in 1..=marks.min(MAX_BACK_LINKS) {
                self.push(&format!(
                    " <a href=\"#_cite-{n}-{k}\" aria-label=\"back to citation {k}\">{k}</a>"
                ));
            }
            if marks > MAX_BACK_LINKS {
                self.push(&format!(" and {} more", marks - MAX_BACK_LINKS));
            }
            self.push("</span>");
        }
        self.push("</li>\n");
    }
}

/// The largest figure (by size) of each unit among the items of section `s`
/// that the page shows.
pub(super) fn largest_by_unit(b: &Briefing, s: usize, tag: Option<&str>) -> Vec<(String, f64)> {
    let shown = views::shown_by(tag);
    let mut largest: Vec<(String, f64)> = Vec::new();
    let Some(section) = b.sections.get(s) else {
        return largest;
    };
    for f in section
        .items
        .iter()
        .filter(|i| shown(i))
        .flat_map(|i| &i.figures)
    {
        let unit = f.unit.as_deref().unwrap_or_default();
        let size = if f.value.is_finite() {
            f.value.abs()
        } else {
            0.0
        };
        match largest.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, m)) => *m = m.max(size),
            None => largest.push((unit.to_string(), size)),
        }
    }
    largest
}

/// A bar `fraction` (0–1) of the room it has, drawn as a border so that it
/// prints without background colours.
pub(super) fn bar(buf: &mut String, fraction: f64, negative: bool) {
    let percent = (fraction.clamp(0.0, 1.0) * 100.0 * 10.0).round() / 10.0;
    buf.push_str("<span");
    if negative {
        buf.push_str(" class=\"negative\"");
    }
    buf.push_str(&format!(" style=\"width:{percent}%\"></span>"));
}
