//! The end of the import: ids made from titles, citations matched with the
//! numbered sources, "See also" titles resolved, empty sections left out;
//! and the pieces an item is made of put together.

use super::*;

impl Builder<'_> {
    /// The briefing, once every block is read.
    pub(super) fn finish(mut self, opts: &ImportOptions) -> Result<Briefing, ImportError> {
        let title = match self.title.take() {
            Some(t) => t,
            None => {
                self.warn(
                    1,
                    format!(
                        "no `#` heading: the title is `{}`, from the file's name",
                        opts.fallback_title
                    ),
                );
                opts.fallback_title.clone()
            }
        };
        let date = match self.date {
            Some(d) => d,
            None => {
                self.warn(
                    1,
                    format!(
                        "no date line (`*Date: 8 Apr 2024*`): the briefing is dated today, {}",
                        opts.today
                    ),
                );
                opts.today
            }
        };
        // Sources: ids, and where each number points.
        let mut ids: Vec<String> = Vec::new();
        let sources: Vec<Source> = self
            .sources
            .iter()
            .map(|d| {
                let id = unique(slug_of(&d.source.title, 32, "source"), |s| {
                    ids.iter().any(|i| i == s)
                });
                ids.push(id.clone());
                Source {
                    id,
                    ..d.source.clone()
                }
            })
            .collect();
        let numbered = |n: usize| {
            self.sources
                .iter()
                .position(|d| d.number == Some(n))
                .or_else(|| {
                    // An unnumbered list counts from 1.
                    let all_unnumbered = self.sources.iter().all(|d| d.number.is_none());
                    (all_unnumbered && n >= 1 && n <= self.sources.len()).then(|| n - 1)
                })
        };
        // Sections, dropping the empty ones.
        let mut drafts = std::mem::take(&mut self.sections);
        drafts.retain(|s| {
            let keep = !s.items.is_empty() || !s.summary.is_empty();
            if !keep {
                self.warnings.push(Warning {
                    line: s.line,
                    message: format!("section `{}` has neither text nor items: left out", s.title),
                });
            }
            keep
        });
        if drafts.is_empty() {
            return Err(ImportError::NoSections);
        }
        let titles: Vec<String> = drafts.iter().map(|s| s.title.clone()).collect();
        let keys = section_keys(&titles, &opts.reserved_keys);
        let mut section_ids: Vec<String> = Vec::new();
        let mut sections = Vec::new();
        let mut pending = Vec::new();
        for (si, (draft, key)) in drafts.into_iter().zip(keys).enumerate() {
            let id = unique(slug_of(&draft.title, 24, "section"), |s| {
                section_ids.iter().any(|i| i == s)
            });
            section_ids.push(id.clone());
            let mut item_ids: Vec<String> = Vec::new();
            let mut items = Vec::new();
            for (ii, mut d) in draft.items.into_iter().enumerate() {
                let iid = unique(slug_of(&d.item.title, 32, "item"), |s| {
                    item_ids.iter().any(|i| i == s)
                });
                item_ids.push(iid.clone());
                d.item.id = Some(iid);
                let unknown = |n: usize, line: usize| Warning {
                    line,
                    message: format!("citation [{n}] names no entry of the Sources list: left out"),
                };
                for (n, at) in std::mem::take(&mut d.numbers) {
                    match numbered(n) {
                        Some(i) if !d.item.sources.contains(&i) => d.item.sources.push(i),
                        Some(_) => {}
                        None => self.warnings.push(unknown(n, at)),
                    }
                }
                for (q, n, at) in std::mem::take(&mut d.quote_numbers) {
                    match (numbered(n), d.item.quotes.get_mut(q)) {
                        (Some(i), Some(quote)) => quote.source = Some(i),
                        _ => self.warnings.push(unknown(n, at)),
                    }
                }
                d.item.sources.sort_unstable();
                d.item.body = body(&d.body).map(Paragraphs::from);
                for (text, line) in std::mem::take(&mut d.see_also) {
                    pending.push((si, ii, text, line));
                }
                items.push(d.item);
            }
            sections.push(Section {
                id,
                title: draft.title.into(),
                key,
                summary: paragraphs(&draft.summary).map(Paragraphs::from),
                items,
                offset: Default::default(),
            });
        }
        for (si, ii, text, line) in pending {
            match resolve(&sections, &text) {
                Some(r) => sections[si].items[ii].see_also.push(r),
                None => self.warn(line, format!("`{text}` under \"See also\" names no section or item of this file: left out")),
            }
        }
        let mut person_ids: Vec<String> = Vec::new();
        let people = std::mem::take(&mut self.people)
            .into_iter()
            .map(|p| {
                let id = unique(slug_of(&p.name, 40, "person"), |s| {
                    person_ids.iter().any(|i| i == s)
                });
                person_ids.push(id.clone());
                Person { id: Some(id), ..p }
            })
            .collect();
        Ok(Briefing {
            path: Default::default(),
            meta: Meta {
                title: title.into(),
                date,
                subtitle: self.subtitle.take().map(Line::from),
                summary: paragraphs(&self.front).map(Paragraphs::from),
                as_of: self.as_of.take(),
                authors: Vec::new(),
                tags: Vec::new(),
                language: None,
            },
            sources,
            people,
            sections,
        })
    }
}

/// Paragraphs as a summary: separated by a blank line.
fn paragraphs(paras: &[String]) -> Option<String> {
    let kept: Vec<&str> = paras
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    (!kept.is_empty()).then(|| kept.join("\n\n"))
}

/// The body markup of the pieces: paragraphs, `- ` bullets, `> ` quotations.
fn body(pieces: &[Piece]) -> Option<String> {
    let parts: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Para(t) => t.clone(),
            Piece::Bullets(b) => b
                .iter()
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Piece::Quotation(q) => format!("> {q}"),
        })
        .filter(|p| !p.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Figures from a table of two to four columns (label, value, unit, note)
/// whose second column holds numbers; the first row is the header.
pub(super) fn figures(rows: &[Vec<Inline>]) -> Option<Vec<Figure>> {
    let header = rows.first()?;
    let columns = header.len();
    if !(2..=4).contains(&columns) || rows.len() < 2 {
        return None;
    }
    let named = |name: &str| {
        header
            .iter()
            .position(|c| c.text.trim().eq_ignore_ascii_case(name))
    };
    let unit = named("unit").or((columns > 2).then_some(2));
    let note = named("note").or((columns > 3).then_some(3));
    let cell = |r: &[Inline], i: Option<usize>| {
        i.and_then(|i| r.get(i))
            .map(|c| Line::new(&c.text))
            .filter(|s| !s.is_empty())
    };
    rows[1..]
        .iter()
        .map(|r| {
            let raw: String = r
                .get(1)?
                .text
                .chars()
                .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}'))
                .collect();
            let value: f64 = raw.parse().ok().filter(|v: &f64| v.is_finite())?;
            Some(Figure {
                label: cell(r, Some(0))?,
                value,
                unit: cell(r, unit),
                note: cell(r, note),
            })
        })
        .collect()
}

/// `Section › Item` or `Section` (titles) as a reference.
fn resolve(sections: &[Section], text: &str) -> Option<Reference> {
    let (sec, item) = match text.split_once(" › ") {
        Some((s, i)) => (s.trim(), Some(i.trim())),
        None => (text.trim(), None),
    };
    let si = sections.iter().position(|s| s.title == sec).or_else(|| {
        sections
            .iter()
            .position(|s| s.title.eq_ignore_ascii_case(sec))
    })?;
    let section = &sections[si];
    let ii = match item {
        None => None,
        Some(t) => Some(section.items.iter().position(|i| i.title == t)?),
    };
    let target = match ii {
        Some(i) => format!(
            "{}/{}",
            section.id,
            section.items[i].id.clone().unwrap_or_default()
        ),
        None => section.id.clone(),
    };
    Some(Reference {
        target,
        section: si,
        item: ii,
    })
}
