//! The parts of an item and of the generated lists that Markdown gives in
//! its own shapes: block quotes as quotes, tables as figures, the who's who
//! and the sources as lists, and links as sources or cross-references.

use super::*;

impl Builder<'_> {
    pub(super) fn quote(&mut self, blocks: Vec<Block>, line: usize) {
        let mut paras: Vec<String> = Vec::new();
        for b in blocks {
            match b {
                Block::Para { inline, .. } => paras.push(inline.text),
                Block::List { items, .. } => {
                    paras.extend(items.into_iter().map(|i| i.inline.text));
                }
                _ => self.warn(line, "only paragraphs of a quotation are kept"),
            }
        }
        let who = paras
            .last()
            .and_then(|p| attribution(p).map(str::to_string));
        if self.part != Part::Item {
            self.warn(line, "a quotation before the first `###` has no place (a summary is paragraphs): it is kept as a paragraph of the summary");
            let text = paras.join(" ");
            self.para(
                Inline {
                    text,
                    ..Inline::default()
                },
                line,
            );
            return;
        }
        match who {
            Some(who) => {
                paras.pop();
                self.add_quote(&paras.join(" "), &who, line);
            }
            None => {
                if let Some(d) = self.item() {
                    d.fresh = false;
                    d.tags_open = false;
                    d.body.push(Piece::Quotation(paras.join(" ")));
                }
            }
        }
    }

    /// A quote from its words and `Speaker, role [n]`.
    pub(super) fn add_quote(&mut self, text: &str, who: &str, line: usize) {
        let text = text.trim();
        let text = text
            .strip_prefix('“')
            .and_then(|t| t.strip_suffix('”'))
            .unwrap_or(text);
        let mut who = who.trim().to_string();
        let mut number = None;
        if let Some((rest, mark)) = who.rsplit_once(' ')
            && let Some(n) = citation(mark)
        {
            number = Some(n);
            who = rest.to_string();
        }
        let (speaker, role) = match who.split_once(", ") {
            Some((s, r)) => (s.to_string(), Some(r.to_string())),
            None => (who, None),
        };
        if let Some(d) = self.item() {
            d.fresh = false;
            d.tags_open = false;
            if let Some(n) = number {
                d.quote_numbers.push((d.item.quotes.len(), n, line));
            }
            d.item.quotes.push(Quote {
                text: text.into(),
                speaker: speaker.into(),
                role: role.map(Line::from),
                source: None,
            });
        }
    }

    pub(super) fn table(&mut self, rows: Vec<Vec<Inline>>, line: usize) {
        let figures = figures(&rows);
        match (self.part, figures) {
            (Part::Item, Some(figures)) => {
                if let Some(d) = self.item() {
                    d.fresh = false;
                    d.tags_open = false;
                    d.item.figures.extend(figures);
                }
            }
            (part, _) => {
                let why = if part == Part::Item {
                    "a table that is not figures (two to four columns, numbers in the second) has no place: its rows are kept as bullets"
                } else {
                    "a table before the first `###` has no place (figures belong to an item): its rows are kept as paragraphs"
                };
                self.warn(line, why);
                let lines: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| c.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect();
                if part == Part::Item {
                    if let Some(d) = self.item() {
                        d.body.push(Piece::Bullets(lines));
                    }
                } else {
                    for l in lines {
                        self.para(
                            Inline {
                                text: l,
                                ..Inline::default()
                            },
                            line,
                        );
                    }
                }
            }
        }
    }

    /// A Who's who entry: `Name — role`, then its note.
    pub(super) fn person(&mut self, inline: Inline, line: usize) {
        if inline.italic {
            // "Not mentioned in any item.": the reader's words.
            self.person_open = false;
            return;
        }
        let text = inline.text.trim().to_string();
        if self.person_open
            && let Some(p) = self.people.last_mut()
            && p.note.is_none()
        {
            p.note = Some(text.into());
            return;
        }
        let (name, role) = match text.split_once(" — ") {
            Some((n, r)) => (n.trim().to_string(), Some(r.trim().to_string())),
            None => (text, None),
        };
        if name.is_empty() {
            self.warn(line, "a Who's who entry without a name is left out");
            return;
        }
        self.people.push(Person {
            name: name.into(),
            role: role.map(Line::from),
            ..Person::default()
        });
        self.person_open = true;
    }

    /// An entry of the Sources list: `[n] [Title](url). Publisher, Author, date.`
    pub(super) fn source_entry(&mut self, entry: &ListItem, number: Option<usize>) {
        let mut text = entry.inline.text.trim();
        if number.is_some() {
            text = text.split_once(' ').map_or("", |(_, rest)| rest.trim());
        }
        let (title, url, details) = match entry.inline.links.first() {
            Some((link_text, url)) if text.starts_with(link_text.as_str()) => {
                let rest = text[link_text.len()..].trim_start_matches(['.', ' ', '—', ',']);
                (link_text.clone(), Some(url.clone()), rest.to_string())
            }
            _ => match text.split_once(". ") {
                Some((t, rest)) => (t.to_string(), None, rest.to_string()),
                None => (text.to_string(), None, String::new()),
            },
        };
        let mut details = details.trim().trim_end_matches('.').to_string();
        let mut url = url;
        if url.is_none()
            && let Some((rest, last)) = details.rsplit_once(' ')
            && last.contains("://")
        {
            url = Some(last.to_string());
            details = rest.trim_end_matches('.').to_string();
        }
        let mut parts: Vec<String> = details
            .split(", ")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let date = parts.last().and_then(|p| Date::parse(p)).inspect(|_| {
            parts.pop();
        });
        let names_person = |s: &str| self.people.iter().any(|p| names(s, &p.name));
        let (publisher, author) = match parts.len() {
            0 => (None, None),
            1 if names_person(&parts[0]) => (None, parts.pop()),
            1 => (parts.pop(), None),
            _ => {
                let publisher = parts.remove(0);
                (Some(publisher), Some(parts.join(", ")))
            }
        };
        let title = title.trim().trim_end_matches('.').to_string();
        if title.is_empty() {
            self.warn(entry.line, "a source without a title is left out");
            return;
        }
        self.sources.push(SourceDraft {
            source: Source {
                title: title.into(),
                publisher: publisher.map(Line::from),
                author: author.map(Line::from),
                date,
                url: url.map(Line::from),
                ..Source::default()
            },
            number,
        });
    }

    /// Links of a text become sources; an item's cite them.
    pub(super) fn links(&mut self, inline: &Inline, cite: bool) {
        for (text, url) in &inline.links {
            let found = self
                .sources
                .iter()
                .position(|s| s.source.url.as_deref() == Some(url.as_str()));
            let index = match found {
                Some(i) => i,
                None => {
                    let title = if text.is_empty() {
                        url.clone()
                    } else {
                        text.clone()
                    };
                    self.sources.push(SourceDraft {
                        source: Source {
                            title: title.into(),
                            url: Some(url.as_str().into()),
                            ..Source::default()
                        },
                        number: None,
                    });
                    self.sources.len() - 1
                }
            };
            if cite
                && let Some(d) = self.item()
                && !d.item.sources.contains(&index)
            {
                d.item.sources.push(index);
            }
        }
    }
}

/// `— Speaker, role [n]` (an em dash, or two hyphens): the attribution.
pub(super) fn attribution(text: &str) -> Option<&str> {
    text.strip_prefix("— ")
        .or_else(|| text.strip_prefix("-- "))
        .or_else(|| text.strip_prefix("― "))
        .filter(|w| !w.trim().is_empty())
}
