//! What the index keeps of each briefing to answer a search without reading
//! the file again: every text a search looks at, by place, in reading order;
//! and how hits are found in it.

use std::borrow::Cow;
use std::ops::Range;

use crate::briefing::Briefing;
use crate::library::search::{SNIPPET_WIDTH, cut, each_text};
use crate::library::{Field, Hit, Place};

use super::occurrences::{Mention, merge, occurrences};
use super::query::{Query, day_number};
use super::words::{fold, words};

/// The stored texts of one briefing (kept in the index, [`Record::encode`]d);
/// one read back borrows its texts from the stored bytes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record<'a> {
    /// The briefing's date, `YYYYMMDD`.
    pub date: u32,
    /// The sections' ids, in order (`section:` matches them).
    pub section_ids: Vec<Cow<'a, str>>,
    /// The places, in reading order.
    pub places: Vec<PlaceTexts<'a>>,
}

/// One place of a briefing and its texts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PlaceTexts<'a> {
    /// Which place: see [`PlaceTexts::place`].
    pub kind: u8,
    /// The first index of the place (section, person or source).
    pub at: usize,
    /// The item's index in its section.
    pub item: usize,
    /// The section label of its hits.
    pub section: Cow<'a, str>,
    /// The item label of its hits.
    pub label: Option<Cow<'a, str>>,
    /// Its texts: the field's position in [`Field::ALL`], and the text.
    pub texts: Vec<(u8, Cow<'a, str>)>,
}

fn place_code(place: Place) -> (u8, usize, usize) {
    match place {
        Place::Briefing => (0, 0, 0),
        Place::Section { section } => (1, section, 0),
        Place::Item { section, item } => (2, section, item),
        Place::Person { person } => (3, person, 0),
        Place::Source { source } => (4, source, 0),
    }
}

fn field_code(field: Field) -> u8 {
    let at = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
    u8::try_from(at).unwrap_or(0)
}

impl PlaceTexts<'_> {
    /// The place, or `None` for a kind this version does not know (the
    /// index is then not ours, and is rebuilt).
    pub fn place(&self) -> Option<Place> {
        Some(match self.kind {
            0 => Place::Briefing,
            1 => Place::Section { section: self.at },
            2 => Place::Item {
                section: self.at,
                item: self.item,
            },
            3 => Place::Person { person: self.at },
            4 => Place::Source { source: self.at },
            _ => return None,
        })
    }

    /// The section the place is in.
    fn section_index(&self) -> Option<usize> {
        matches!(self.kind, 1 | 2).then_some(self.at)
    }

    /// Its texts of one field.
    fn texts_of(&self, field: Field) -> impl Iterator<Item = &str> {
        let code = field_code(field);
        self.texts
            .iter()
            .filter(move |(c, _)| *c == code)
            .map(|(_, t)| t.as_ref())
    }
}

impl<'a> Record<'a> {
    /// The record of a briefing: the texts [`each_text`] visits.
    pub fn new(briefing: &Briefing) -> Record<'static> {
        let mut places: Vec<PlaceTexts> = Vec::new();
        each_text(briefing, |place, section, item, field, text| {
            let (kind, at, index) = place_code(place);
            let same = places
                .last()
                .is_some_and(|p| (p.kind, p.at, p.item) == (kind, at, index));
            if !same {
                places.push(PlaceTexts {
                    kind,
                    at,
                    item: index,
                    section: Cow::Owned(section.to_string()),
                    label: item.map(|s| Cow::Owned(s.to_string())),
                    texts: Vec::new(),
                });
            }
            if let Some(p) = places.last_mut() {
                p.texts
                    .push((field_code(field), Cow::Owned(text.to_string())));
            }
        });
        Record {
            date: day_number(briefing.meta.date),
            section_ids: briefing
                .sections
                .iter()
                .map(|s| Cow::Owned(s.id.clone()))
                .collect(),
            places,
        }
    }

    /// The record as bytes: numbers little-endian, strings as their length
    /// and their UTF-8, lists as their length and their elements. Reading
    /// it back costs a copy of each string, a fraction of parsing JSON.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, self.date);
        put_len(&mut out, self.section_ids.len());
        for id in &self.section_ids {
            put_str(&mut out, id);
        }
        put_len(&mut out, self.places.len());
        for p in &self.places {
            out.push(p.kind);
            put_len(&mut out, p.at);
            put_len(&mut out, p.item);
            put_str(&mut out, &p.section);
            match &p.label {
                Some(label) => {
                    out.push(1);
                    put_str(&mut out, label);
                }
                None => out.push(0),
            }
            put_len(&mut out, p.texts.len());
            for (code, text) in &p.texts {
                out.push(*code);
                put_str(&mut out, text);
            }
        }
        // Its own checksum last: a flipped bit in the index's store, which
        // is too large to check whole at every search, shows here.
        let hash = checksum(&out);
        out.extend_from_slice(&hash.to_le_bytes());
        out
    }

    /// A record from [`Record::encode`]'s bytes; `None` when they are not
    /// one (damaged, or of another version).
    pub fn decode(bytes: &'a [u8]) -> Option<Record<'a>> {
        let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if hash != checksum(body).to_le_bytes() {
            return None;
        }
        let mut r = Reader {
            bytes: body.strip_prefix(MAGIC)?,
        };
        let date = r.u32()?;
        let sections = r.len()?;
        let section_ids = (0..sections)
            .map(|_| r.string().map(Cow::Borrowed))
            .collect::<Option<Vec<_>>>()?;
        let count = r.len()?;
        let mut places = Vec::with_capacity(count.min(r.bytes.len()));
        for _ in 0..count {
            let kind = r.byte()?;
            let at = r.len()?;
            let item = r.len()?;
            let section = Cow::Borrowed(r.string()?);
            let label = match r.byte()? {
                0 => None,
                1 => Some(Cow::Borrowed(r.string()?)),
                _ => return None,
            };
            let n = r.len()?;
            let texts = (0..n)
                .map(|_| Some((r.byte()?, Cow::Borrowed(r.string()?))))
                .collect::<Option<Vec<_>>>()?;
            places.push(PlaceTexts {
                kind,
                at,
                item,
                section,
                label,
                texts,
            });
        }
        r.bytes.is_empty().then_some(Record {
            date,
            section_ids,
            places,
        })
    }

    /// Every text, for the index's full-text field.
    pub fn all_texts(&self) -> impl Iterator<Item = &str> {
        self.places
            .iter()
            .flat_map(|p| p.texts.iter().map(|(_, t)| t.as_ref()))
    }

    /// Every tag, of the briefing and of its items.
    pub fn all_tags(&self) -> impl Iterator<Item = &str> {
        self.places.iter().flat_map(|p| p.texts_of(Field::Tag))
    }

    /// Every item's status.
    pub fn all_statuses(&self) -> impl Iterator<Item = &str> {
        self.places.iter().flat_map(|p| p.texts_of(Field::Status))
    }

    /// Every section's title.
    pub fn section_titles(&self) -> impl Iterator<Item = &str> {
        self.places
            .iter()
            .filter(|p| p.kind == 1)
            .flat_map(|p| p.texts_of(Field::Title))
    }

    /// The hits of `query` in this briefing, in reading order; `None` when
    /// the record is not one this version wrote.
    ///
    /// A place matches when every filter holds for it and each word or
    /// phrase is in one of its texts. With words, the hits are where they
    /// are (words next to each other make one hit, occurrences already in
    /// the last snippet add none); with filters only, the hits are the
    /// texts the filters matched (the tag, the status, the section's title),
    /// or the briefing's title when only dates were asked for.
    pub fn hits(&self, query: &Query) -> Option<Vec<Hit>> {
        if query.after.is_some_and(|d| self.date < d)
            || query.before.is_some_and(|d| self.date >= d)
        {
            return Some(Vec::new());
        }
        let terms = query.compared_terms();
        let firsts: Vec<Option<Mention>> = terms
            .iter()
            .map(|t| t.first().map(|w| Mention::new(w, query.case_sensitive)))
            .collect();
        let tags_of = |p: &PlaceTexts| -> Vec<String> {
            if query.tags.is_empty() {
                return Vec::new();
            }
            p.texts_of(Field::Tag).map(fold).collect()
        };
        let front_tags: Vec<String> = self
            .places
            .iter()
            .filter(|p| p.kind == 0)
            .flat_map(tags_of)
            .collect();
        let mut hits = Vec::new();
        for p in &self.places {
            let place = p.place()?;
            let own_tags = tags_of(p);
            let tagged = query
                .tags
                .iter()
                .all(|t| front_tags.contains(t) || own_tags.contains(t));
            let status = query
                .statuses
                .iter()
                .all(|s| p.texts_of(Field::Status).any(|text| has_phrase(text, s)));
            let section = query.sections.iter().all(|s| self.in_section(p, s));
            if !(tagged && status && section) {
                continue;
            }
            let before = hits.len();
            if query.has_terms() {
                place_hits(p, place, (&terms, &firsts), query.case_sensitive, &mut hits)?;
            } else {
                self.filter_hits(p, place, query, &mut hits)?;
            }
            debug_assert!(hits[before..].iter().all(|h| h.place == place));
        }
        Some(hits)
    }

    /// Whether place `p` is in a section named by `value`: its id, in any
    /// case, or words of its title.
    fn in_section(&self, p: &PlaceTexts, value: &str) -> bool {
        let Some(i) = p.section_index() else {
            return false;
        };
        self.section_ids
            .get(i)
            .is_some_and(|id| id.eq_ignore_ascii_case(value) || fold(id) == fold(value))
            || has_phrase(&p.section, &words(value, false))
    }

    /// The hits of a query of filters only, in place `p`.
    fn filter_hits(
        &self,
        p: &PlaceTexts,
        place: Place,
        query: &Query,
        hits: &mut Vec<Hit>,
    ) -> Option<()> {
        let mut whole = |field: Field, text: &str| {
            hits.push(hit(p, place, field, text, 0..text.len()));
        };
        let text_filters =
            !(query.tags.is_empty() && query.statuses.is_empty() && query.sections.is_empty());
        if !text_filters {
            if p.kind == 0
                && let Some(title) = p.texts_of(Field::Title).next()
            {
                whole(Field::Title, title);
            }
            return Some(());
        }
        for (code, text) in &p.texts {
            let field = *Field::ALL.get(usize::from(*code))?;
            let shown = match field {
                Field::Tag => query.tags.contains(&fold(text)),
                Field::Status => !query.statuses.is_empty(),
                Field::Title => p.kind == 1 && !query.sections.is_empty(),
                _ => false,
            };
            if shown {
                whole(field, text);
            }
        }
        Some(())
    }
}

/// The checksum a record ends with: CRC-32, which finds any flipped bit and
/// runs at memory speed (a search reads every record it shows).
fn checksum(bytes: &[u8]) -> u64 {
    u64::from(crc32fast::hash(bytes))
}

/// The first bytes of an encoded record, with its version.
const MAGIC: &[u8] = b"brief-record 2\0";

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// A length or an index; none in a briefing comes near 4 billion (a
/// briefing is at most 64 MiB), so saturating is never lossy in practice.
fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Reads an encoded record from the front.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn string(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        simdutf8::basic::from_utf8(bytes).ok()
    }
}

/// A hit at `range` of `text`, a text of field `field` in place `p`.
fn hit(p: &PlaceTexts, place: Place, field: Field, text: &str, range: Range<usize>) -> Hit {
    let (snippet, _) = cut(text, range.clone(), SNIPPET_WIDTH);
    Hit {
        place,
        section: p.section.to_string(),
        item: p.label.as_deref().map(str::to_string),
        field,
        range,
        snippet,
    }
}

/// Whether `text` holds the folded words `phrase`, one after the other.
fn has_phrase(text: &str, phrase: &[String]) -> bool {
    let found = words(text, false);
    !phrase.is_empty() && found.windows(phrase.len()).any(|w| w == phrase)
}

/// The hits of the terms in place `p`, when every term is in one of its texts.
fn place_hits(
    p: &PlaceTexts,
    place: Place,
    (terms, firsts): (&[Vec<String>], &[Option<Mention>]),
    case_sensitive: bool,
    hits: &mut Vec<Hit>,
) -> Option<()> {
    let mut seen = vec![false; terms.len()];
    let mut per_text = Vec::with_capacity(p.texts.len());
    for (code, text) in &p.texts {
        let field = *Field::ALL.get(usize::from(*code))?;
        let found = occurrences(text, terms, firsts, case_sensitive, &mut seen);
        per_text.push((field, text, found));
    }
    if !seen.iter().all(|s| *s) {
        return Some(());
    }
    for (field, text, found) in per_text {
        // The part of `text` the last snippet shows: a match inside it is
        // already on screen, and a second line would repeat the first.
        let mut shown = 0..0;
        for range in merge(text, found) {
            if range.end <= shown.end {
                continue;
            }
            let (snippet, extent) = cut(text, range.clone(), SNIPPET_WIDTH);
            shown = extent;
            hits.push(Hit {
                place,
                section: p.section.to_string(),
                item: p.label.as_deref().map(str::to_string),
                field,
                range,
                snippet,
            });
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::index::query::parse;

    fn briefing() -> Briefing {
        let text = r#"format = 1
[briefing]
title = "Orchard report"
date = 2025-04-14
tags = ["farming"]
[[sections]]
id = "weather"
title = "Weather and frost"
summary = "Two cold nights."
[[sections.items]]
title = "Late frost"
body = "Burners along the lower rows. Arrows point to the rows."
status = "in progress"
tags = ["Frost"]
[[sections]]
id = "press"
title = "Press"
[[sections.items]]
title = "New press"
body = "The press doubles capacity; frost spared it."
status = "done"
"#;
        crate::briefing::load_str(std::path::Path::new("o.toml"), text, &Default::default())
            .unwrap()
            .briefing
    }

    fn found(query: &str) -> Vec<(String, String)> {
        let record = Record::new(&briefing());
        let hits = record.hits(&parse(query).unwrap()).unwrap();
        hits.into_iter()
            .map(|h| {
                let s = &h.snippet;
                (h.section, s.text[s.start..s.end].to_string())
            })
            .collect()
    }

    #[test]
    fn words_match_whole_words_in_reading_order() {
        let hits = found("rows");
        assert_eq!(hits.len(), 1, "one snippet shows both: {hits:?}");
        assert_eq!(found("row"), []);
        assert_eq!(
            found("frost"),
            [
                ("Weather and frost".into(), "frost".into()),
                ("Weather and frost".into(), "frost".into()),
                ("Weather and frost".into(), "Frost".into()),
                ("Press".into(), "frost".into()),
            ]
        );
    }

    #[test]
    fn all_words_in_one_place_and_next_to_each_other_one_hit() {
        assert_eq!(
            found("cold nights"),
            [("Weather and frost".into(), "cold nights".into())]
        );
        // Both words, but not in one place.
        assert_eq!(found("cold capacity"), []);
        assert_eq!(found("\"nights cold\""), []);
        assert_eq!(found("\"lower rows\"").len(), 1);
    }

    #[test]
    fn smart_case() {
        assert_eq!(found("Frost").len(), 1);
        assert_eq!(found("Frost")[0].1, "Frost");
    }

    #[test]
    fn filters() {
        // Own tag (any case), or the briefing's.
        assert_eq!(
            found("tag:frost"),
            [("Weather and frost".into(), "Frost".into())]
        );
        assert_eq!(found("tag:farming press").len(), 3);
        assert_eq!(
            found("status:progress"),
            [("Weather and frost".into(), "in progress".into())]
        );
        assert_eq!(
            found("status:done frost"),
            [("Press".into(), "frost".into())]
        );
        assert_eq!(
            found("section:PRESS frost"),
            [("Press".into(), "frost".into())]
        );
        assert_eq!(found("section:weather").len(), 1);
        assert_eq!(found("section:frost frost").len(), 3);
        assert_eq!(
            found("after:2025-04-14"),
            [("(briefing)".into(), "Orchard report".into())]
        );
        assert_eq!(found("after:2025-04-15"), []);
        assert_eq!(found("before:2025-04-14"), []);
        assert_eq!(found("before:2025-04-15 frost").len(), 4);
    }

    #[test]
    fn the_record_keeps_every_text() {
        let record = Record::new(&briefing());
        let texts: Vec<_> = record.all_texts().collect();
        assert!(texts.contains(&"Two cold nights."));
        assert_eq!(record.all_tags().collect::<Vec<_>>(), ["farming", "Frost"]);
        assert_eq!(
            record.section_titles().collect::<Vec<_>>(),
            ["Weather and frost", "Press"]
        );
        let bytes = record.encode();
        assert_eq!(Record::decode(&bytes), Some(record));
        // Damage is not a record.
        assert_eq!(Record::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Record::decode(b"brief-record 1\0"), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Record::decode(&longer), None);
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 2] ^= 1;
        assert_eq!(Record::decode(&flipped), None);
    }
}
