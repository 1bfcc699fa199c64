//! Laid-out lines, stored compactly: one text buffer for all of them.
//!
//! A long section is hundreds of thousands of lines. Holding each as its own
//! vector of owned strings costs two allocations and about 200 bytes per
//! line, and scatters the text over the heap. [`Lines`] keeps every line's
//! text in one `String` (each line followed by a newline, so that a search
//! of the buffer never matches across lines and an export can copy it), a
//! small fixed-size record per line, and one record per styled run.
//! [`Line`] is a borrowed view of one line.

use super::Role;
use super::doc::Target;
use super::wrap::width;

/// "None" in the compact records.
const NONE: u32 = u32::MAX;

/// A line's record: where its text and runs start, and where it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Meta {
    /// Byte offset of its text in [`Lines::text`].
    start: usize,
    /// Index of its first run in [`Lines::runs`].
    run: u32,
    /// The item it belongs to, or [`NONE`].
    item: u32,
    /// Index of its target in [`Lines::targets`], or [`NONE`].
    target: u32,
    /// Bytes at its start that the layout put there (an indent, a bullet,
    /// a quotation bar) rather than text of the briefing; [`NO_TEXT`] for a
    /// line that is all layout (a rule, a table's heading row).
    lead: u16,
    /// How its text goes on at the start of the next line ([`Join`]).
    join: u8,
}

/// [`Meta::lead`] of a line that holds no text of the briefing.
const NO_TEXT: u16 = u16::MAX;
/// [`Meta::join`] of a line that ends a paragraph.
const JOIN_HARD: u8 = 0;
/// [`Meta::join`] of a line that ends inside a word.
const JOIN_WORD: u8 = u8::MAX;

/// How the text of a line goes on at the start of the next one: what a
/// search treats as lying between them, so that a phrase is found the same
/// whichever width the text is wrapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// The paragraph (or whatever the line is part of) ends here.
    Hard,
    /// The text was wrapped where it had this many spaces.
    Space(usize),
    /// The text was wrapped inside a word (one longer than the width, or
    /// text of a script written without spaces).
    Word,
}

impl Join {
    fn code(self) -> u8 {
        match self {
            Join::Hard => JOIN_HARD,
            Join::Word => JOIN_WORD,
            Join::Space(n) => u8::try_from(n.clamp(1, usize::from(JOIN_WORD - 1))).unwrap_or(1),
        }
    }

    fn from_code(code: u8) -> Join {
        match code {
            JOIN_HARD => Join::Hard,
            JOIN_WORD => Join::Word,
            n => Join::Space(usize::from(n)),
        }
    }
}

/// A run's record: where it starts in its line, and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RunMark {
    /// Byte offset from the start of the line.
    at: u32,
    role: Role,
}

/// A piece of a line with one meaning (and so one style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// The text; never contains a newline or a control character.
    pub text: &'a str,
    /// What it is.
    pub role: Role,
}

/// One laid-out line, borrowed from its [`Lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    text: &'a str,
    runs: &'a [RunMark],
    /// The item (index within the section) the line belongs to.
    pub item: Option<usize>,
    /// Where the line leads, when it is part of a link.
    pub target: Option<Target>,
}

impl Line<'static> {
    /// An empty line of no item.
    pub const BLANK: Line<'static> = Line {
        text: "",
        runs: &[],
        item: None,
        target: None,
    };
}

impl<'a> Line<'a> {
    /// The line's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Its pieces, left to right (none for a blank line).
    pub fn runs(&self) -> impl Iterator<Item = Run<'a>> + 'a {
        let text = self.text;
        let runs = self.runs;
        runs.iter().enumerate().map(move |(k, r)| {
            let end = runs.get(k + 1).map_or(text.len(), |n| n.at as usize);
            Run {
                text: &text[r.at as usize..end],
                role: r.role,
            }
        })
    }

    /// Display width in columns: the sum of its runs' widths.
    pub fn width(&self) -> usize {
        self.runs().map(|r| width(r.text)).sum()
    }

    /// Whether the line is empty.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Laid-out lines: one text buffer, a record per line and one per run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lines {
    /// Every line's text, each followed by `\n`.
    text: String,
    metas: Vec<Meta>,
    runs: Vec<RunMark>,
    targets: Vec<Target>,
    /// The spaces of the breaks that were not all ASCII spaces, by line
    /// (in order): few, so kept aside rather than on every line.
    gaps: Vec<(usize, Box<str>)>,
}

impl Lines {
    /// No lines, with room for about `lines` lines of `bytes` bytes in all.
    pub fn with_capacity(lines: usize, bytes: usize) -> Lines {
        Lines {
            text: String::with_capacity(bytes),
            metas: Vec::with_capacity(lines),
            runs: Vec::with_capacity(lines + lines / 8),
            targets: Vec::new(),
            gaps: Vec::new(),
        }
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// Line `n`, if there is one.
    pub fn get(&self, n: usize) -> Option<Line<'_>> {
        let m = self.metas.get(n)?;
        let (end, run_end) = match self.metas.get(n + 1) {
            Some(next) => (next.start - 1, next.run as usize),
            None => (self.text.len() - 1, self.runs.len()),
        };
        Some(Line {
            text: &self.text[m.start..end],
            runs: &self.runs[m.run as usize..run_end],
            item: (m.item != NONE).then_some(m.item as usize),
            target: (m.target != NONE).then(|| self.targets[m.target as usize]),
        })
    }

    /// Line `n`.
    ///
    /// # Panics
    /// If there is no line `n`.
    pub fn line(&self, n: usize) -> Line<'_> {
        self.get(n)
            .unwrap_or_else(|| panic!("line {n} of {}", self.len()))
    }

    /// The last line.
    pub fn last(&self) -> Option<Line<'_>> {
        self.len().checked_sub(1).and_then(|n| self.get(n))
    }

    /// Every line, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Line<'_>> + ExactSizeIterator + '_ {
        (0..self.len()).map(|n| self.line(n))
    }

    /// All the text: every line followed by a newline.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where line `n` starts in [`Lines::text`] (its length for `n` past the end).
    pub fn start_of(&self, n: usize) -> usize {
        self.metas.get(n).map_or(self.text.len(), |m| m.start)
    }

    /// Where a byte range of [`Lines::text`] (a search match) shows: its
    /// first line that shows some of it, and the range within that line's text.
    pub fn locate(&self, bytes: std::ops::Range<usize>) -> (usize, std::ops::Range<usize>) {
        self.segments(bytes.clone()).next().unwrap_or_else(|| {
            let (n, start) = self.line_at(bytes.start);
            let len = self.get(n).map_or(0, |l| l.text.len());
            (
                n,
                (bytes.start - start).min(len)..(bytes.end - start).min(len),
            )
        })
    }

    /// The parts of a byte range of [`Lines::text`] on each line it covers
    /// (a match over a line break covers two): each line with the range
    /// within its text, leaving out newlines and what the layout put at the
    /// start of a line.
    pub fn segments(
        &self,
        bytes: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        let (first, _) = self.line_at(bytes.start);
        (first..self.len())
            .take_while(move |&n| self.start_of(n) < bytes.end.max(bytes.start + 1))
            .filter_map(move |n| {
                let start = self.start_of(n);
                let from = bytes.start.max(self.text_start(n).unwrap_or(start));
                let to = bytes.end.min(self.end_of(n));
                (from < to).then(|| (n, from - start..to - start))
            })
    }

    /// The line holding byte `offset` of [`Lines::text`], and where that
    /// line starts.
    pub fn line_at(&self, offset: usize) -> (usize, usize) {
        let n = self.metas.partition_point(|m| m.start <= offset).max(1) - 1;
        (n, self.metas.get(n).map_or(0, |m| m.start))
    }

    /// Starts a line: then its runs ([`Lines::push_run`]), then
    /// [`Lines::finish_line`], before another line starts or any is read.
    pub fn start_line(&mut self, item: Option<usize>, target: Option<Target>) {
        let target = match target {
            None => NONE,
            Some(t) => {
                // Consecutive lines of one link share their target.
                let shared = self
                    .metas
                    .last()
                    .filter(|m| m.target != NONE && self.targets[m.target as usize] == t);
                match shared {
                    Some(m) => m.target,
                    None => {
                        self.targets.push(t);
                        u32::try_from(self.targets.len() - 1).expect("fewer than 4 billion links")
                    }
                }
            }
        };
        self.metas.push(Meta {
            start: self.text.len(),
            run: u32::try_from(self.runs.len()).expect("fewer than 4 billion runs"),
            item: item.map_or(NONE, |i| u32::try_from(i).unwrap_or(NONE)),
            target,
            lead: 0,
            join: JOIN_HARD,
        });
    }

    /// Says that the first `bytes` of the line started last are the
    /// layout's (an indent, a bullet), not text of the briefing.
    pub fn set_lead(&mut self, bytes: usize) {
        if let Some(m) = self.metas.last_mut() {
            m.lead = u16::try_from(bytes).unwrap_or(NO_TEXT - 1).min(NO_TEXT - 1);
        }
    }

    /// Says that the line started last holds no text of the briefing (a
    /// rule, the heading row of a table): a search never finds anything in it.
    pub fn set_no_text(&mut self) {
        if let Some(m) = self.metas.last_mut() {
            m.lead = NO_TEXT;
        }
    }

    /// Says how the text of the last line goes on at the start of the next,
    /// and, for a break that took other spaces than ASCII ones, which.
    pub fn set_join(&mut self, join: Join, gap: Option<&str>) {
        let n = self.metas.len().wrapping_sub(1);
        if let Some(m) = self.metas.last_mut() {
            m.join = join.code();
            if self.gaps.last().is_some_and(|(at, _)| *at == n) {
                self.gaps.pop();
            }
            if let (Join::Space(_), Some(gap)) = (join, gap) {
                self.gaps.push((n, gap.into()));
            }
        }
    }

    /// The spaces of the break after line `n` when they were not all ASCII
    /// spaces (its [`Join::Space`] counts them); `None` otherwise.
    pub fn gap(&self, n: usize) -> Option<&str> {
        self.gaps
            .binary_search_by_key(&n, |(at, _)| *at)
            .ok()
            .map(|i| &*self.gaps[i].1)
    }

    /// How the text of line `n` goes on at the start of the next line.
    pub fn join(&self, n: usize) -> Join {
        self.metas
            .get(n)
            .map_or(Join::Hard, |m| Join::from_code(m.join))
    }

    /// Where the briefing's text of line `n` starts in [`Lines::text`]
    /// (after what the layout put before it), or `None` when the line
    /// holds none.
    pub fn text_start(&self, n: usize) -> Option<usize> {
        let m = self.metas.get(n)?;
        (m.lead != NO_TEXT).then(|| (m.start + usize::from(m.lead)).min(self.end_of(n)))
    }

    /// Where line `n` ends in [`Lines::text`]: the offset of its newline.
    pub fn end_of(&self, n: usize) -> usize {
        self.start_of(n + 1).saturating_sub(1)
    }

    /// Appends a run to the line started last (an empty run adds nothing).
    pub fn push_run(&mut self, text: &str, role: Role) {
        if text.is_empty() {
            return;
        }
        let start = self.metas.last().map_or(0, |m| m.start);
        self.runs.push(RunMark {
            at: u32::try_from(self.text.len() - start).expect("a line under 4 GB"),
            role,
        });
        self.text.push_str(text);
    }

    /// Ends the line started last.
    pub fn finish_line(&mut self) {
        self.text.push('\n');
    }

    /// Adds a whole line of one run.
    pub fn push_line(
        &mut self,
        text: &str,
        role: Role,
        item: Option<usize>,
        target: Option<Target>,
    ) {
        self.start_line(item, target);
        self.push_run(text, role);
        self.finish_line();
    }

    /// Removes the last line.
    pub fn pop(&mut self) {
        if let Some(m) = self.metas.pop() {
            let n = self.metas.len();
            self.gaps.retain(|(at, _)| *at < n);
            self.text.truncate(m.start);
            self.runs.truncate(m.run as usize);
            let shared = self.metas.last().is_some_and(|o| o.target == m.target);
            if m.target != NONE && !shared {
                self.targets.truncate(m.target as usize);
            }
        }
    }

    /// Removes every line but the last, which becomes the first.
    pub fn keep_last(&mut self) {
        let Some(m) = self.metas.last().copied() else {
            return;
        };
        let target = (m.target != NONE).then(|| self.targets[m.target as usize]);
        let last = self.metas.len() - 1;
        self.gaps.retain(|(at, _)| *at == last);
        if let Some(gap) = self.gaps.first_mut() {
            gap.0 = 0;
        }
        self.text.drain(..m.start);
        self.runs.drain(..m.run as usize);
        self.metas.clear();
        self.targets.clear();
        self.targets.extend(target);
        self.metas.push(Meta {
            start: 0,
            run: 0,
            target: if target.is_some() { 0 } else { NONE },
            ..m
        });
    }

    /// Gives back spare room (the lines are complete) when there is much of
    /// it: shrinking copies, and a little room is cheaper than a copy.
    pub fn shrink_to_fit(&mut self) {
        fn shrink<T>(v: &mut Vec<T>) {
            if v.capacity() - v.len() > v.len() / 8 + 64 {
                v.shrink_to_fit();
            }
        }
        if self.text.capacity() - self.text.len() > self.text.len() / 8 + 64 {
            self.text.shrink_to_fit();
        }
        shrink(&mut self.metas);
        shrink(&mut self.runs);
        shrink(&mut self.targets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(section: usize) -> Option<Target> {
        Some(Target {
            section,
            item: None,
        })
    }

    #[test]
    fn lines_keep_their_text_runs_items_and_targets() {
        let mut l = Lines::default();
        l.push_line("Title", Role::ItemTitle, Some(0), None);
        l.push_line("", Role::Body, Some(0), None);
        l.start_line(Some(1), target(2));
        l.push_run("• ", Role::Bullet);
        l.push_run("", Role::Body);
        l.push_run("point", Role::Body);
        l.finish_line();
        l.push_line("→ more", Role::Link, None, target(2));
        assert_eq!(l.len(), 4);
        assert_eq!(l.text(), "Title\n\n• point\n→ more\n");
        let third = l.line(2);
        assert_eq!(third.text(), "• point");
        let runs: Vec<(&str, Role)> = third.runs().map(|r| (r.text, r.role)).collect();
        assert_eq!(runs, vec![("• ", Role::Bullet), ("point", Role::Body)]);
        assert_eq!((third.item, third.target), (Some(1), target(2)));
        assert!(l.line(1).is_blank() && l.line(1).runs().next().is_none());
        assert_eq!(l.line(3).target, target(2));
        assert_eq!(l.line(3).item, None);
        assert_eq!(l.line(2).width(), 7);
        assert_eq!(l.line_at(0), (0, 0));
        assert_eq!(l.line_at(6), (1, 6));
        assert_eq!(l.line_at(9), (2, 7));
        assert!(l.get(4).is_none());
        assert_eq!(l.iter().next_back().map(|x| x.text()), Some("→ more"));
    }

    #[test]
    fn pop_and_keep_last() {
        let mut l = Lines::default();
        l.push_line("a", Role::Body, Some(3), None);
        l.push_line("b", Role::Link, Some(4), target(1));
        let mut popped = l.clone();
        popped.pop();
        let mut one = Lines::default();
        one.push_line("a", Role::Body, Some(3), None);
        assert_eq!(popped, one);
        l.keep_last();
        let mut last = Lines::default();
        last.push_line("b", Role::Link, Some(4), target(1));
        assert_eq!(l, last);
        // A link's lines around an unlinked one: popping the last keeps the first's.
        let mut l = Lines::default();
        l.push_line("a", Role::Link, None, target(1));
        l.push_line("b", Role::Body, None, None);
        l.push_line("c", Role::Link, None, target(1));
        l.push_line("d", Role::Link, None, target(1));
        l.pop();
        l.pop();
        assert_eq!(l.line(0).target, target(1));
        assert_eq!(l.targets.len(), 1);
        let mut empty = Lines::default();
        empty.keep_last();
        empty.pop();
        assert!(empty.is_empty());
    }

    #[test]
    fn a_break_keeps_its_own_spaces_through_pop_and_keep_last() {
        let mut l = Lines::default();
        for (text, gap) in [
            ("a", Some("\u{3000}")),
            ("b", None),
            ("c", Some(" \u{3000}")),
        ] {
            l.push_line(text, Role::Body, None, None);
            l.set_join(Join::Space(gap.map_or(1, |g| g.chars().count())), gap);
        }
        l.push_line("d", Role::Body, None, None);
        assert_eq!(
            (l.gap(0), l.gap(1), l.gap(2)),
            (Some("\u{3000}"), None, Some(" \u{3000}"))
        );
        // Said again, the last line's join replaces its gap.
        l.set_join(Join::Word, None);
        assert_eq!(l.gap(3), None);
        l.pop();
        assert_eq!(l.gap(2), Some(" \u{3000}"));
        l.pop();
        assert_eq!(l.gap(2), None, "gone with its line");
        l.keep_last();
        assert_eq!((l.len(), l.gap(0)), (1, None));
        let mut l = Lines::default();
        l.push_line("a", Role::Body, None, None);
        l.push_line("b", Role::Body, None, None);
        l.set_join(Join::Space(1), Some("\u{3000}"));
        l.keep_last();
        assert_eq!(l.gap(0), Some("\u{3000}"), "the kept line's gap is its own");
    }
}
