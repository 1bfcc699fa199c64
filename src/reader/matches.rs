//! The matches of a search, kept compact and in reading order.

use std::ops::Range;

use super::search::each_match;
use crate::layout::Lines;

/// A match: a byte range of a section's laid-out text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: u32,
    end: u32,
}

/// Every match of a search, in reading order: for each section, the byte
/// ranges of its matches in that section's laid-out text ([`Lines::text`]).
///
/// Eight bytes a match, found in one pass over each section's text: a
/// one-letter query in a long briefing has millions of matches, and the
/// reader only ever looks at those on screen and the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Indexed by section.
    sections: Vec<Vec<Hit>>,
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
            self.sections.resize_with(section + 1, Vec::new);
        }
        let hits = &mut self.sections[section];
        *hits = Vec::new();
        // A query cannot match across lines: each line ends in a newline.
        if !needle.contains('\n') {
            // Counted first, so that a query with millions of matches takes
            // only the room it needs (a second pass costs a few milliseconds;
            // growing by doubling would hold up to twice the room).
            let mut n = 0;
            each_match(lines.text(), needle, case_sensitive, |_| n += 1);
            hits.reserve_exact(n);
            each_match(lines.text(), needle, case_sensitive, |r| {
                // Layouts of more than 4 GB do not occur (the reader wraps
                // at most a 64 MB file to a screen's width); past that, no
                // match is kept rather than a wrong one.
                if let (Ok(start), Ok(end)) = (u32::try_from(r.start), u32::try_from(r.end)) {
                    hits.push(Hit { start, end });
                }
            });
        }
        self.total = self.sections.iter().map(Vec::len).sum();
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
                None => i -= hits.len(),
            }
        }
        None
    }

    /// The index of the first match of `section` that starts at or after
    /// byte `offset`, or else the first of a later section.
    pub fn first_from(&self, section: usize, offset: usize) -> Option<usize> {
        let before: usize = self.sections.iter().take(section).map(Vec::len).sum();
        let hits = self.sections.get(section).map_or(&[][..], Vec::as_slice);
        let k = hits.partition_point(|h| (h.start as usize) < offset);
        let i = before + k;
        (i < self.total).then_some(i)
    }

    /// The matches of `section` that start within `bytes`, with their indexes.
    pub fn within(
        &self,
        section: usize,
        bytes: Range<usize>,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let before: usize = self.sections.iter().take(section).map(Vec::len).sum();
        let hits = self.sections.get(section).map_or(&[][..], Vec::as_slice);
        let from = hits.partition_point(|h| (h.start as usize) < bytes.start);
        let to = hits.partition_point(|h| (h.start as usize) < bytes.end);
        hits[from..to.max(from)]
            .iter()
            .enumerate()
            .map(move |(k, h)| (before + from + k, h.start as usize..h.end as usize))
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
    fn no_match_across_lines() {
        let a = lines(&["ab", "cd"]);
        let mut m = Matches::default();
        m.search_section(0, &a, "bc", false);
        m.search_section(0, &a, "b\nc", false);
        assert!(m.is_empty());
    }
}
