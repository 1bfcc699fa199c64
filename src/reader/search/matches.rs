//! The matches of a search, kept compact and in reading order.

use std::ops::Range;

use crate::layout::Lines;
use crate::layout::search::each_match_in_lines;

/// A match: a byte range of a section's laid-out text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: u32,
    end: u32,
}

/// Matches per chunk of [`Hits`].
const CHUNK: usize = 1 << 14;

/// A section's matches in order: where each starts, kept in chunks of
/// [`CHUNK`] (growing never copies them or holds twice their room, as a
/// vector growing by doubling would: a one-letter query in a long section
/// has millions), and where each ends, told by one length for all but the
/// few of another (a letter whose other case has more bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Hits {
    starts: Vec<Vec<u32>>,
    len: usize,
    /// The length in bytes of the first match, and of every other but `odd`.
    width: u32,
    /// The matches of another length: their index and end, in order.
    odd: Vec<(usize, u32)>,
}

impl Hits {
    fn push(&mut self, hit: Hit) {
        let width = hit.end - hit.start;
        if self.len == 0 {
            self.width = width;
        } else if width != self.width {
            self.odd.push((self.len, hit.end));
        }
        match self.starts.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(hit.start),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(hit.start);
                self.starts.push(c);
            }
        }
        self.len += 1;
    }

    fn get(&self, k: usize) -> Option<Hit> {
        let start = *self.starts.get(k / CHUNK)?.get(k % CHUNK)?;
        let end = match self.odd.binary_search_by_key(&k, |&(i, _)| i) {
            Ok(at) => self.odd[at].1,
            Err(_) => start + self.width,
        };
        Some(Hit { start, end })
    }

    /// How many matches start before byte `offset`.
    fn before(&self, offset: usize) -> usize {
        self.count_while(|h| (h.start as usize) < offset)
    }

    /// How many matches end at or before byte `offset` (matches do not
    /// overlap, so their ends are in order too).
    fn ended_by(&self, offset: usize) -> usize {
        self.count_while(|h| (h.end as usize) <= offset)
    }

    /// How many matches from the first pass `holds` (true for a first
    /// stretch of them, false after): a binary search.
    fn count_while(&self, holds: impl Fn(&Hit) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(h) if holds(&h) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    fn shrink_to_fit(&mut self) {
        if let Some(c) = self.starts.last_mut() {
            c.shrink_to_fit();
        }
        self.odd.shrink_to_fit();
    }
}

/// Every match of a search, in reading order: for each section, the byte
/// ranges of its matches in that section's laid-out text ([`Lines::text`]).
///
/// Four bytes a match, found in one pass over each section's text: a
/// one-letter query in a long briefing has millions of matches, and the
/// reader only ever looks at those on screen and the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Indexed by section.
    sections: Vec<Hits>,
    total: usize,
}

impl Matches {
    /// Finds the matches of `needle` in `section`'s lines, after those of
    /// the sections before it (search sections in order).
    pub fn search_section(
        &mut self,
        section: usize,
        lines: &Lines,
        needle: &str,
        case_sensitive: bool,
    ) {
        if self.sections.len() <= section {
            self.sections.resize_with(section + 1, Hits::default);
        }
        let hits = &mut self.sections[section];
        *hits = Hits::default();
        each_match_in_lines(lines, needle, case_sensitive, |r| {
            // Layouts of more than 4 GB do not occur (the reader wraps at
            // most a 64 MB file to a screen's width); past that, no match is
            // kept rather than a wrong one.
            if let (Ok(start), Ok(end)) = (u32::try_from(r.start), u32::try_from(r.end)) {
                hits.push(Hit { start, end });
            }
        });
        hits.shrink_to_fit();
        self.total = self.sections.iter().map(|h| h.len).sum();
    }

    /// How many matches.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Match `i`: its section and byte range in that section's text.
    pub fn get(&self, mut i: usize) -> Option<(usize, Range<usize>)> {
        for (section, hits) in self.sections.iter().enumerate() {
            match hits.get(i) {
                Some(h) => return Some((section, h.start as usize..h.end as usize)),
                None => i -= hits.len,
            }
        }
        None
    }

    /// How many matches the sections before `section` have.
    fn before_section(&self, section: usize) -> usize {
        self.sections.iter().take(section).map(|h| h.len).sum()
    }

    /// The index of the first match of `section` that starts at or after
    /// byte `offset`, or else the first of a later section.
    pub fn first_from(&self, section: usize, offset: usize) -> Option<usize> {
        let k = self.sections.get(section).map_or(0, |h| h.before(offset));
        let i = self.before_section(section) + k;
        (i < self.total).then_some(i)
    }

    /// The matches of `section` that show within `bytes` (those that start
    /// there, and one that starts before and runs into it), with their indexes.
    pub fn within(
        &self,
        section: usize,
        bytes: Range<usize>,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let before = self.before_section(section);
        let hits = self.sections.get(section);
        let from = hits.map_or(0, |h| h.ended_by(bytes.start));
        let to = hits.map_or(0, |h| h.before(bytes.end)).max(from);
        (from..to).filter_map(move |k| {
            let h = hits?.get(k)?;
            Some((before + k, h.start as usize..h.end as usize))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Role;

    fn lines(texts: &[&str]) -> Lines {
        let mut l = Lines::default();
        for t in texts {
            l.push_line(t, Role::Body, None, None);
        }
        l
    }

    #[test]
    fn matches_in_reading_order_across_sections() {
        let a = lines(&["Steel and steel", "", "no"]);
        let b = lines(&["steel"]);
        let mut m = Matches::default();
        m.search_section(0, &a, "steel", false);
        m.search_section(1, &b, "steel", false);
        assert_eq!(m.len(), 3);
        assert_eq!(m.get(0), Some((0, 0..5)));
        assert_eq!(m.get(1), Some((0, 10..15)));
        assert_eq!(m.get(2), Some((1, 0..5)));
        assert_eq!(m.get(3), None);
        assert_eq!(m.first_from(0, 1), Some(1));
        assert_eq!(m.first_from(0, 11), Some(2));
        assert_eq!(m.first_from(1, 1), None);
        let on_screen: Vec<_> = m.within(0, 5..16).collect();
        assert_eq!(on_screen, vec![(1, 10..15)]);
        assert_eq!(m.within(1, 0..6).count(), 1);
        assert_eq!(m.within(7, 0..6).count(), 0);
        // Searching a section again replaces its matches.
        m.search_section(0, &a, "Steel", true);
        assert_eq!(m.len(), 2);
        assert_eq!(m.get(1), Some((1, 0..5)));
    }

    #[test]
    fn many_matches_across_chunks() {
        let text = "ab ".repeat(3 * CHUNK + 5);
        let l = lines(&[&text]);
        let mut m = Matches::default();
        m.search_section(0, &l, "a", false);
        assert_eq!(m.len(), 3 * CHUNK + 5);
        for i in [0, CHUNK - 1, CHUNK, 2 * CHUNK + 1, 3 * CHUNK + 4] {
            assert_eq!(m.get(i), Some((0, 3 * i..3 * i + 1)));
            assert_eq!(m.first_from(0, 3 * i), Some(i));
            assert_eq!(m.first_from(0, 3 * i - usize::from(i > 0)), Some(i));
        }
        assert_eq!(m.first_from(0, 3 * (3 * CHUNK + 5)), None);
        let near: Vec<usize> = m
            .within(0, 3 * CHUNK - 4..3 * CHUNK + 4)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(near, vec![CHUNK - 1, CHUNK, CHUNK + 1]);
    }

    #[test]
    fn matches_of_another_length_keep_their_ends() {
        // The Kelvin sign (three bytes) matches `k` in any case.
        let text = "k K \u{212A} k \u{212A}\u{212A} k".repeat(CHUNK / 4);
        let l = lines(&[&text]);
        let mut m = Matches::default();
        m.search_section(0, &l, "k", false);
        let expected: Vec<Range<usize>> = text
            .char_indices()
            .filter(|&(_, c)| matches!(c, 'k' | 'K' | '\u{212A}'))
            .map(|(i, c)| i..i + c.len_utf8())
            .collect();
        assert_eq!(m.len(), expected.len());
        for (i, r) in expected.iter().enumerate() {
            assert_eq!(m.get(i), Some((0, r.clone())), "match {i}");
            assert_eq!(m.first_from(0, r.start), Some(i));
        }
        // On screen: the Kelvin signs' ends, not one byte past their start.
        let at = expected[2].clone();
        let shown: Vec<_> = m.within(0, at.end..at.end + 1).collect();
        assert!(shown.iter().all(|(_, r)| r.start >= at.end), "{shown:?}");
        let shown: Vec<_> = m.within(0, at.end - 1..at.end).collect();
        assert_eq!(shown, vec![(2, at)]);
    }

    #[test]
    fn no_match_across_lines() {
        let a = lines(&["ab", "cd"]);
        let mut m = Matches::default();
        m.search_section(0, &a, "bc", false);
        m.search_section(0, &a, "b\nc", false);
        assert!(m.is_empty());
    }
}
