//! The tables of a briefing, one reader each: the front matter, a source,
//! a person, a section with its items, a figure and a quote.

use super::*;

impl<'i> Builder<'_, 'i> {
    pub(super) fn meta(&mut self, t: &Table<'_, '_>) -> Meta {
        self.check_keys(t, &spec::BRIEFING);
        let title = self.req_title(t, "title", "`title = \"…\"`");
        if t.get("date").is_none() {
            self.missing(t, "date", "`date = 2024-04-10`");
        }
        Meta {
            title: title.unwrap_or_default(),
            date: self.date(t, "date").unwrap_or_default(),
            subtitle: self.opt_str(t, "subtitle"),
            summary: self.opt_str(t, "summary"),
            as_of: self.when(t, "as_of", false),
            authors: self.text_list(t, "authors"),
            tags: self.text_list(t, "tags"),
            language: self.language(t, "language"),
        }
    }

    pub(super) fn source(&mut self, t: &Table<'_, 'i>) -> (Source, Id<'i>) {
        self.check_keys(t, &spec::SOURCE);
        if t.get("id").is_none() {
            self.missing(t, "id", "`id = \"…\"` (lowercase letters, digits, hyphens)");
        }
        let id = self.slug(t, "id");
        let source = Source {
            id: id.as_ref().map(|(s, _)| s.to_string()).unwrap_or_default(),
            title: self
                .req_str(t, "title", "`title = \"…\"`")
                .unwrap_or_default(),
            publisher: self.opt_str(t, "publisher"),
            author: self.opt_str(t, "author"),
            date: self.date(t, "date"),
            url: self.opt_str(t, "url"),
        };
        (source, id)
    }

    pub(super) fn person(&mut self, t: &Table<'_, 'i>) -> (Person, Id<'i>) {
        self.check_keys(t, &spec::PERSON);
        let name = self.req_str(t, "name", "`name = \"…\"`");
        self.person_spans.push(t.get("name").map(|v| v.span()));
        let id = self.slug(t, "id");
        let person = Person {
            name: name.unwrap_or_default(),
            id: id.as_ref().map(|(s, _)| s.to_string()),
            role: self.opt_str(t, "role"),
            note: self.opt_str(t, "note"),
        };
        (person, id)
    }

    /// Reads a section and its items, dropping each item once read. Its id
    /// comes back when valid and not a duplicate (`ids` has them all).
    pub(super) fn section(
        &mut self,
        mut section: OwnedTable<'i>,
        index: usize,
        keys: &mut HashMap<char, usize>,
        ids: &mut HashMap<Cow<'i, str>, usize>,
    ) -> (Section, Option<Cow<'i, str>>, ItemIds<'i>) {
        let t = section.view();
        self.check_keys(&t, &spec::SECTION);
        if t.get("id").is_none() {
            self.missing(
                &t,
                "id",
                "`id = \"…\"` (lowercase letters, digits, hyphens)",
            );
        }
        let id = self.slug(&t, "id");
        let title = self.req_title(&t, "title", "`title = \"…\"`");
        let key = self.section_key(&t, index, keys);
        let summary = self.opt_str(&t, "summary");
        let has_summary = t.get("summary").is_some();
        let of = match &id {
            Some((id, _)) => format!("of section `{id}`"),
            None => format!("of [[sections]] #{}", index + 1),
        };
        let item_count = self.count_tables(&t, "items").unwrap_or(0);
        let mut items = Vec::with_capacity(item_count);
        let mut item_ids = ItemIds {
            order: Vec::with_capacity(item_count),
            index: HashMap::with_capacity(item_count),
        };
        for (j, (n, span, map)) in take_tables(&mut section.map, "items").enumerate() {
            let it = Table {
                map: &map,
                span,
                place: format!("[[sections.items]] #{n} {of}"),
            };
            let (item, item_id) = self.item(&it, index, j);
            let mut valid = None;
            if let Some((iid, span)) = item_id {
                match item_ids.index.entry(iid) {
                    Entry::Occupied(first) => self.duplicate(
                        "item id",
                        first.key(),
                        &it,
                        span,
                        &format!("[[sections.items]] #{} {of}", first.get() + 1),
                    ),
                    Entry::Vacant(e) => {
                        valid = Some(e.key().clone());
                        e.insert(j);
                    }
                }
            }
            item_ids.order.push(valid);
            items.push(item);
        }
        if summary.is_none() && !has_summary && item_count == 0 && self.whole == Whole::File {
            self.error(
                Code::EmptySection
                    .diagnostic(
                        format!("{} has neither a `summary` nor any items", section.place),
                        Some(section.span.clone()),
                    )
                    .with_label("nothing to show")
                    .with_help("add `summary = \"…\"` or at least one [[sections.items]]"),
            );
        }
        let mut valid = None;
        if let Some((id, span)) = &id {
            match ids.entry(id.clone()) {
                Entry::Occupied(first) => self.duplicate(
                    "section id",
                    id,
                    &section.view(),
                    span.clone(),
                    &format!("[[sections]] #{}", first.get() + 1),
                ),
                Entry::Vacant(e) => {
                    e.insert(index);
                    valid = Some(id.clone());
                }
            }
        }
        let section = Section {
            id: id.map(|(s, _)| s.into_owned()).unwrap_or_default(),
            title: title.unwrap_or_default(),
            key,
            summary,
            items,
            offset: Offset(section.span.start),
        };
        (section, valid, item_ids)
    }

    pub(super) fn item(
        &mut self,
        t: &Table<'_, 'i>,
        section: usize,
        index: usize,
    ) -> (Item, Id<'i>) {
        self.check_keys(t, &spec::ITEM);
        let title = self.req_title(t, "title", "`title = \"…\"`");
        let id = self.slug(t, "id");
        let mut sources = Vec::new();
        for (s, span) in self.str_list(t, "sources") {
            if let Some(i) = self.cite(lasting(s), span, "sources") {
                sources.push(i);
            }
        }
        for (s, span) in self.str_list(t, "see_also") {
            self.see_also.push(SeeAlso {
                section,
                item: index,
                target: lasting(s),
                span,
            });
        }
        let figures = self
            .tables(t, "figures", |n| format!("figure #{n} of {}", t.place))
            .unwrap_or_default()
            .iter()
            .filter_map(|f| self.figure(f))
            .collect();
        let quote_tables = self
            .tables(t, "quotes", |n| format!("quote #{n} of {}", t.place))
            .unwrap_or_default();
        let mut quotes = Vec::new();
        for q in &quote_tables {
            quotes.push(self.quote(q));
        }
        let item = Item {
            title: title.unwrap_or_default(),
            id: id.as_ref().map(|(s, _)| s.to_string()),
            body: self.opt_str(t, "body"),
            when: self.when(t, "when", true),
            status: self.opt_str(t, "status"),
            tags: self.text_list(t, "tags"),
            sources,
            see_also: Vec::new(),
            figures,
            quotes,
            offset: Offset(t.span.start),
        };
        (item, id)
    }

    /// Where the source an item or a quote cites is: a reference that
    /// resolves nowhere is kept, to be reported after every section.
    pub(super) fn cite(
        &mut self,
        id: Cow<'i, str>,
        span: Range<usize>,
        key: &'static str,
    ) -> Option<usize> {
        let found = self.source_index.get(id.as_ref()).copied();
        if found.is_none() {
            self.source_refs.push(SourceRef { id, span, key });
        }
        found
    }

    pub(super) fn figure(&mut self, t: &Table<'_, '_>) -> Option<Figure> {
        self.check_keys(t, &spec::FIGURE);
        let label = self.req_str(t, "label", "`label = \"…\"`");
        if t.get("value").is_none() {
            self.missing(t, "value", "`value = 42` (a number)");
        }
        let value = self.number(t, "value");
        let unit = self.opt_str(t, "unit");
        let note = self.opt_str(t, "note");
        Some(Figure {
            label: label?,
            value: value?,
            unit,
            note,
        })
    }

    pub(super) fn quote(&mut self, t: &Table<'_, 'i>) -> Quote {
        self.check_keys(t, &spec::QUOTE);
        let text = self.req_str(t, "text", "`text = \"…\"` (the words quoted)");
        let speaker = self.req_str(t, "speaker", "`speaker = \"…\"` (who said it)");
        let role = self.opt_str(t, "role");
        let mut source = None;
        if let Some(v) = t.get("source") {
            match v.get_ref() {
                DeValue::String(s) => source = self.cite(lasting(s), v.span(), "source"),
                _ => self.wrong_type("a string", "source", t, v),
            }
        }
        Quote {
            text: text.unwrap_or_default(),
            speaker: speaker.unwrap_or_default(),
            role,
            source,
        }
    }
}
