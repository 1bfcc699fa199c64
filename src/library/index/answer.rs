//! Answering from the index: the listing of every file, the files that
//! did not load, and searches, each match checked against the text.

use std::ops::Bound;
use std::path::PathBuf;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as EngineQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field as SchemaField, IndexRecordOption};
use tantivy::store::StoreReader;

use super::checks::check_positions;
use super::columns::{Columns, Everything, Keyed, Match};
use super::query::Query;
use super::record::Record;
use super::store::{Store, text};
use super::words::{self, fold};
use super::{Fields, Files, Found, Listed};

/// Blocks of the store each reader keeps decompressed: a search reads
/// each briefing once, in the order of its ranks.
const STORE_BLOCKS: usize = 4;

/// The stored fields of a document, as the store keeps them (tantivy's
/// document format: the number of values, then each value's field, type
/// and bytes), read in place: tantivy's own reading copies the record a
/// byte at a time.
struct Stored<'a> {
    path: Option<&'a [u8]>,
    record: Option<&'a [u8]>,
}

impl<'a> Stored<'a> {
    /// The type code of a bytes value.
    const BYTES: u8 = 4;

    /// `None` when `bytes` are not a document of bytes values.
    fn parse(mut bytes: &'a [u8], fields: &Fields) -> Option<Stored<'a>> {
        let mut out = Stored {
            path: None,
            record: None,
        };
        let count = vint(&mut bytes)?;
        for _ in 0..count {
            let (field, rest) = bytes.split_first_chunk::<4>()?;
            let (&kind, rest) = rest.split_first()?;
            bytes = rest;
            if kind != Self::BYTES {
                return None;
            }
            let len = usize::try_from(vint(&mut bytes)?).ok()?;
            let (value, rest) = bytes.split_at_checked(len)?;
            bytes = rest;
            let field = SchemaField::from_field_id(u32::from_le_bytes(*field));
            if field == fields.path {
                out.path = Some(value);
            } else if field == fields.record {
                out.record = Some(value);
            }
        }
        bytes.is_empty().then_some(out)
    }
}

/// A variable-length number as tantivy writes it: seven bits a byte, the
/// low ones first, the last byte marked by its high bit.
fn vint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 != 0 {
            *bytes = &bytes[i + 1..];
            return Some(value);
        }
    }
    None
}

impl Store {
    /// Every file the index holds, by its path under the root.
    pub fn listing(&self, files: &Files) -> Result<Vec<Listed>, String> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let c = Columns::of(segment)?;
            for doc in segment.doc_ids_alive() {
                let key = c.paths.first(doc).ok_or("a document has no path")?;
                let Some(path) = files.get(key) else {
                    continue;
                };
                let error = c.error.as_ref().and_then(|e| e.first_str(doc));
                let briefing = match error {
                    Some(headline) if !headline.is_empty() => Err(headline.to_string()),
                    _ => Ok(c.summary(doc)?),
                };
                out.push(Listed {
                    path: path.clone(),
                    briefing,
                });
            }
        }
        Ok(out)
    }

    /// The files that do not load, with their headlines.
    pub fn broken(&self, files: &Files) -> Result<Vec<(PathBuf, String)>, String> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let Some(errors) = Keyed::of(segment, "error")? else {
                continue;
            };
            let paths = Keyed::of(segment, "path")?.ok_or("it has no paths")?;
            for doc in segment.doc_ids_alive() {
                if let Some(headline) = errors.first_str(doc).filter(|h| !h.is_empty()) {
                    let key = paths.first(doc).ok_or("a document has no path")?;
                    if let Some(path) = files.get(key) {
                        out.push((path.clone(), headline.to_string()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The briefings matching `query`, best first, with their hits.
    pub fn search(
        &self,
        query: &Query,
        limit: Option<usize>,
        files: &Files,
    ) -> Result<Vec<Found>, String> {
        let searcher = self.reader.searcher();
        let phrases = query
            .terms
            .iter()
            .chain(&query.statuses)
            .any(|t| t.len() > 1)
            || !query.sections.is_empty();
        if phrases && let Some(dir) = self.dir() {
            self.positions_checked
                .get_or_init(|| check_positions(&self.index, dir))
                .clone()?;
        }
        let engine_query = self.engine_query(query);
        let mut matched = searcher
            .search(engine_query.as_ref(), &Everything)
            .map_err(text)?;
        // Best first; ties newest first, then by path.
        matched.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.date.cmp(&a.date))
                .then_with(|| a.key.cmp(&b.key))
        });
        let limit = limit.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        // Hits are found in the stored texts of each briefing, in batches
        // on every core; a batch is twice what the limit still wants, so a
        // picker that wants the first few reads little more than those.
        let mut rest = &matched[..];
        while out.len() < limit && !rest.is_empty() {
            let want = limit.saturating_sub(out.len()).saturating_mul(2).max(64);
            let (batch, after) = rest.split_at(want.min(rest.len()));
            rest = after;
            for found in self.verify(&searcher, batch, query, files)? {
                if out.len() >= limit {
                    break;
                }
                out.extend(found);
            }
        }
        Ok(out)
    }

    /// The hits in each of `batch`, in its order (`None` for a briefing
    /// without any: its words are in different places, or its case is not
    /// the query's).
    fn verify(
        &self,
        searcher: &tantivy::Searcher,
        batch: &[Match],
        query: &Query,
        files: &Files,
    ) -> Result<Vec<Option<Found>>, String> {
        // Each thread reads the stores through its own readers (a reader
        // keeps the last blocks it decompressed).
        let readers = || -> Vec<Option<StoreReader>> {
            (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect()
        };
        let one = |readers: &mut Vec<Option<StoreReader>>, m: &Match| {
            self.found_in(searcher, readers, m, query, files)
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = cores.min(batch.len() / 16).max(1);
        if threads == 1 {
            let mut readers = readers();
            return batch.iter().map(|m| one(&mut readers, m)).collect();
        }
        let chunk = batch.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(|| {
                        let mut readers = readers();
                        part.iter()
                            .map(|m| one(&mut readers, m))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(batch.len());
            for w in workers {
                let part = w.join().map_err(|_| "the index is damaged".to_string())?;
                for found in part {
                    out.push(found?);
                }
            }
            Ok(out)
        })
    }

    /// The hits of one match, read from its stored record through
    /// `readers` (one per segment, opened when first needed).
    fn found_in(
        &self,
        searcher: &tantivy::Searcher,
        readers: &mut [Option<StoreReader>],
        m: &Match,
        query: &Query,
        files: &Files,
    ) -> Result<Option<Found>, String> {
        let Some(path) = files.get(&m.key) else {
            return Ok(None);
        };
        let segment = usize::try_from(m.address.segment_ord).map_err(text)?;
        let slot = readers.get_mut(segment).ok_or("a match is in no segment")?;
        let reader = match slot {
            Some(reader) => reader,
            None => slot.insert(
                searcher
                    .segment_reader(m.address.segment_ord)
                    .get_store_reader(STORE_BLOCKS)
                    .map_err(text)?,
            ),
        };
        let bytes = reader.get_document_bytes(m.address.doc_id).map_err(text)?;
        let stored = Stored::parse(&bytes, &self.fields).ok_or("a stored briefing is damaged")?;
        let Some(bytes) = stored.record else {
            // A file that does not load has no texts.
            return Ok(None);
        };
        if stored.path != Some(m.key.as_slice()) {
            return Err("a stored briefing is not where its path says".to_string());
        }
        let record = Record::decode(bytes).ok_or("a stored briefing is damaged")?;
        let hits = record
            .hits(query)
            .ok_or("a stored briefing is of another version")?;
        Ok((!hits.is_empty()).then(|| Found {
            path: path.clone(),
            score: m.score,
            hits,
        }))
    }

    /// The query for the search engine: every word and phrase, ranked;
    /// every filter, not ranked. It finds every briefing that can hold a
    /// match (a place must then hold all of them, which the record says).
    fn engine_query(&self, query: &Query) -> Box<dyn EngineQuery> {
        let f = &self.fields;
        let words_in = |field, found: &[String]| -> Box<dyn EngineQuery> {
            let terms: Vec<Term> = found
                .iter()
                .map(|w| Term::from_field_text(field, &fold(w)))
                .collect();
            match terms.len() {
                1 => Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            }
        };
        let unranked = |q: Box<dyn EngineQuery>| -> Box<dyn EngineQuery> {
            Box::new(ConstScoreQuery::new(q, 0.0))
        };
        let mut clauses: Vec<(Occur, Box<dyn EngineQuery>)> = Vec::new();
        for term in &query.terms {
            clauses.push((Occur::Must, words_in(f.text, term)));
        }
        for tag in &query.tags {
            let q = TermQuery::new(Term::from_field_text(f.tag, tag), IndexRecordOption::Basic);
            clauses.push((Occur::Must, unranked(Box::new(q))));
        }
        for status in &query.statuses {
            clauses.push((Occur::Must, unranked(words_in(f.status, status))));
        }
        for section in &query.sections {
            let id = TermQuery::new(
                Term::from_field_text(f.section_id, &fold(section)),
                IndexRecordOption::Basic,
            );
            let mut either: Vec<(Occur, Box<dyn EngineQuery>)> =
                vec![(Occur::Should, Box::new(id))];
            let title = words::words(section, false);
            if !title.is_empty() {
                either.push((Occur::Should, words_in(f.section_title, &title)));
            }
            clauses.push((Occur::Must, unranked(Box::new(BooleanQuery::new(either)))));
        }
        if query.after.is_some() || query.before.is_some() {
            let bound = |d: Option<u32>, inclusive: bool| match d {
                Some(d) if inclusive => Bound::Included(Term::from_field_u64(f.date, u64::from(d))),
                Some(d) => Bound::Excluded(Term::from_field_u64(f.date, u64::from(d))),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(query.after, true), bound(query.before, false));
            clauses.push((Occur::Must, unranked(Box::new(range))));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }
}
