//! Reading a segment's columns (paths, dates, counts, titles, tags; sizes
//! and times for the comparison with the disk) and collecting every match
//! of a query with what orders it.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{BytesColumn, Column};
use tantivy::index::SegmentReader;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal};

use super::store::text;
use super::{Indexed, Summary};
use crate::briefing::Date;

/// A bytes or text column of a segment, its dictionary read once: looking
/// each ordinal up walks a block of the dictionary, and a listing of
/// 100,000 files did that 400,000 times. The terms are kept one after the
/// other in one buffer (100,000 paths are not 100,000 allocations).
pub(super) struct Keyed {
    column: BytesColumn,
    bytes: Vec<u8>,
    /// Where each term ends in `bytes`, by ordinal.
    ends: Vec<usize>,
}

impl Keyed {
    pub(super) fn new(column: BytesColumn) -> Result<Keyed, String> {
        let mut stream = column.dictionary().stream().map_err(text)?;
        let mut bytes = Vec::new();
        let mut ends = Vec::with_capacity(column.num_terms());
        while stream.advance() {
            bytes.extend_from_slice(stream.key());
            ends.push(bytes.len());
        }
        Ok(Keyed {
            column,
            bytes,
            ends,
        })
    }

    /// The term of ordinal `ord`.
    fn term(&self, ord: u64) -> Option<&[u8]> {
        let i = usize::try_from(ord).ok()?;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.bytes.get(start..*self.ends.get(i)?)
    }

    /// The column named `name` in the segment, if it has one.
    pub(super) fn of(segment: &SegmentReader, name: &str) -> Result<Option<Keyed>, String> {
        let ff = segment.fast_fields();
        let column = match ff.bytes(name).map_err(text)? {
            Some(c) => Some(c),
            None => ff.str(name).map_err(text)?.map(BytesColumn::from),
        };
        column.map(Keyed::new).transpose()
    }

    /// The values of a document.
    pub(super) fn all(&self, doc: DocId) -> impl Iterator<Item = &[u8]> {
        self.column.term_ords(doc).filter_map(|ord| self.term(ord))
    }

    /// The first value of a document.
    pub(super) fn first(&self, doc: DocId) -> Option<&[u8]> {
        self.all(doc).next()
    }

    /// The first value of a document, as text.
    pub(super) fn first_str(&self, doc: DocId) -> Option<&str> {
        std::str::from_utf8(self.first(doc)?).ok()
    }
}

/// The columns of one segment that say what it holds of each file, for
/// the comparison with the files on disk.
pub(super) struct Manifest {
    paths: Keyed,
    size: Column<u64>,
    hash: Column<u64>,
    mtime: Column<i64>,
    seen: Column<i64>,
    alive: Vec<DocId>,
}

impl Manifest {
    pub(super) fn of(segment: &SegmentReader) -> Result<Manifest, String> {
        let ff = segment.fast_fields();
        Ok(Manifest {
            paths: Keyed::of(segment, "path")?.ok_or("it has no paths")?,
            size: ff.u64("size").map_err(text)?,
            hash: ff.u64("hash").map_err(text)?,
            mtime: ff.i64("mtime").map_err(text)?,
            seen: ff.i64("seen").map_err(text)?,
            alive: segment.doc_ids_alive().collect(),
        })
    }

    /// What the segments `parts` hold of each file, by key (borrowed from
    /// their columns: a library of 100,000 files is as many keys).
    pub(super) fn indexed(
        parts: &[Manifest],
    ) -> Result<HashMap<&[u8], Indexed, foldhash::fast::RandomState>, String> {
        let mut out = HashMap::with_capacity_and_hasher(
            parts.iter().map(|c| c.alive.len()).sum(),
            foldhash::fast::RandomState::default(),
        );
        for c in parts {
            for &doc in &c.alive {
                let key = c.paths.first(doc).ok_or("a document has no path")?;
                let indexed = Indexed {
                    size: c.size.first(doc).ok_or("a document has no size")?,
                    mtime: c.mtime.first(doc).ok_or("a document has no time")?,
                    seen: c.seen.first(doc).ok_or("a document has no time")?,
                    hash: c.hash.first(doc).ok_or("a document has no hash")?,
                };
                if out.insert(key, indexed).is_some() {
                    return Err("a file is in it twice".to_string());
                }
            }
        }
        Ok(out)
    }
}

/// The listing's columns of one segment.
pub(super) struct Columns {
    pub(super) paths: Keyed,
    pub(super) date: Column<u64>,
    pub(super) sections: Column<u64>,
    pub(super) items: Column<u64>,
    pub(super) title: Option<Keyed>,
    pub(super) tags: Option<Keyed>,
    pub(super) error: Option<Keyed>,
}

impl Columns {
    pub(super) fn of(segment: &SegmentReader) -> Result<Columns, String> {
        let ff = segment.fast_fields();
        Ok(Columns {
            paths: Keyed::of(segment, "path")?.ok_or("it has no paths")?,
            date: ff.u64("date").map_err(text)?,
            sections: ff.u64("sections").map_err(text)?,
            items: ff.u64("items").map_err(text)?,
            title: Keyed::of(segment, "title")?,
            tags: Keyed::of(segment, "tags")?,
            error: Keyed::of(segment, "error")?,
        })
    }

    pub(super) fn summary(&self, doc: DocId) -> Result<Summary, String> {
        let date = self.date.first(doc).unwrap_or(0);
        let part = |div: u64, modulo: u64| u32::try_from(date / div % modulo).unwrap_or(0);
        let date = Date::new(part(10_000, 10_000), part(100, 100), part(1, 100))
            .ok_or("a stored date is damaged")?;
        let count = |c: &Column<u64>| usize::try_from(c.first(doc).unwrap_or(0)).unwrap_or(0);
        let tags = self.tags.as_ref().map_or_else(Vec::new, |t| {
            t.all(doc)
                .filter_map(|b| std::str::from_utf8(b).ok())
                .map(str::to_string)
                .collect()
        });
        Ok(Summary {
            date,
            title: self
                .title
                .as_ref()
                .and_then(|t| t.first_str(doc))
                .unwrap_or_default()
                .to_string(),
            sections: count(&self.sections),
            items: count(&self.items),
            tags,
        })
    }
}

/// A matching document, with what orders it.
pub(super) struct Match {
    pub(super) score: Score,
    pub(super) date: u64,
    pub(super) key: Vec<u8>,
    pub(super) address: DocAddress,
}

/// Collects every matching document (a search shows every match, not the
/// first page of them).
pub(super) struct Everything;

pub(super) struct SegmentMatches {
    segment: SegmentOrdinal,
    paths: Keyed,
    date: Column<u64>,
    found: Vec<Match>,
}

impl Collector for Everything {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let damaged =
            |e: String| tantivy::TantivyError::SchemaError(format!("the index is damaged ({e})"));
        let paths = Keyed::of(reader, "path")
            .map_err(damaged)?
            .ok_or_else(|| damaged("no paths".to_string()))?;
        Ok(SegmentMatches {
            segment,
            paths,
            date: reader.fast_fields().u64("date")?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.found.push(Match {
            score,
            date: self.date.first(doc).unwrap_or(0),
            key: self.paths.first(doc).unwrap_or_default().to_vec(),
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.found
    }
}
