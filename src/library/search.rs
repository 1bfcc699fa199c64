//! Finding a query anywhere in a briefing: front matter, sections, items,
//! quotes, figures, people and sources.
//!
//! Matching is the reader's: smart case ([`crate::layout::find::smart_case`])
//! and every non-overlapping occurrence ([`crate::layout::find::find_all`]).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::briefing::{Briefing, When};
use crate::layout::find::{find_all, smart_case};

/// Columns of text a [`Snippet`] shows around a match (ellipses aside).
pub const SNIPPET_WIDTH: usize = 60;

/// The label of hits in the front matter, in place of a section title.
pub const BRIEFING_LABEL: &str = "(briefing)";
/// The label of hits among the people, in place of a section title.
pub const PEOPLE_LABEL: &str = "Who's who";
/// The label of hits among the sources, in place of a section title.
pub const SOURCES_LABEL: &str = "Sources";

/// Where in a briefing a hit is, by index, for the reader to go there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The front matter (`[briefing]`).
    Briefing,
    /// A section's own title or summary.
    Section {
        /// Index into [`Briefing::sections`].
        section: usize,
    },
    /// An item, its quotes or its figures.
    Item {
        /// Index into [`Briefing::sections`].
        section: usize,
        /// Index into the section's items.
        item: usize,
    },
    /// A person of the who's who.
    Person {
        /// Index into [`Briefing::people`].
        person: usize,
    },
    /// A source.
    Source {
        /// Index into [`Briefing::sources`].
        source: usize,
    },
}

/// Which text of its place a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A title (briefing, section, item or source).
    Title,
    /// The briefing's subtitle.
    Subtitle,
    /// A summary (briefing or section).
    Summary,
    /// An author (of the briefing or of a source).
    Author,
    /// A tag.
    Tag,
    /// An item's body.
    Body,
    /// An item's status.
    Status,
    /// An item's `when`, when it is free text.
    When,
    /// The words of a quote.
    Quote,
    /// Who said a quote.
    Speaker,
    /// The role of who said a quote.
    SpeakerRole,
    /// What a figure measures.
    Figure,
    /// A figure's qualifier.
    FigureNote,
    /// A person's name.
    Name,
    /// A person's office.
    Role,
    /// A note on a person.
    Note,
    /// Who published a source.
    Publisher,
}

impl Field {
    /// Every field, each once.
    pub const ALL: [Field; 17] = [
        Field::Title,
        Field::Subtitle,
        Field::Summary,
        Field::Author,
        Field::Tag,
        Field::Body,
        Field::Status,
        Field::When,
        Field::Quote,
        Field::Speaker,
        Field::SpeakerRole,
        Field::Figure,
        Field::FigureNote,
        Field::Name,
        Field::Role,
        Field::Note,
        Field::Publisher,
    ];

    /// The field's name in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Subtitle => "subtitle",
            Field::Summary => "summary",
            Field::Author => "author",
            Field::Tag => "tag",
            Field::Body => "body",
            Field::Status => "status",
            Field::When => "when",
            Field::Quote => "quote",
            Field::Speaker => "speaker",
            Field::SpeakerRole => "speaker_role",
            Field::Figure => "figure",
            Field::FigureNote => "figure_note",
            Field::Name => "name",
            Field::Role => "role",
            Field::Note => "note",
            Field::Publisher => "publisher",
        }
    }
}

/// A stretch of text around a match, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text: whitespace runs collapsed to one space, `…` where cut.
    pub text: String,
    /// Byte offset of the match in `text`.
    pub start: usize,
    /// Byte offset of the end of the match in `text`.
    pub end: usize,
}

/// One occurrence of a query in a briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Where it is.
    pub place: Place,
    /// The section's title, or [`BRIEFING_LABEL`], [`PEOPLE_LABEL`], [`SOURCES_LABEL`].
    pub section: String,
    /// The item's title, the person's name or the source's title.
    pub item: Option<String>,
    /// Which text it is in.
    pub field: Field,
    /// Byte range of the match in that text.
    pub range: Range<usize>,
    /// The match in context, [`SNIPPET_WIDTH`] columns wide.
    pub snippet: Snippet,
}

/// Every occurrence of `query` in the briefing, in reading order (one hit
/// for occurrences that share a snippet, the first one marked): front
/// matter, sections (title, summary, then each item: title, body, status,
/// when, tags, quotes, figures), people, sources. Case-insensitive unless the
/// query has a capital. An empty query finds nothing.
pub fn search(briefing: &Briefing, query: &str) -> Vec<Hit> {
    let case_sensitive = smart_case(query);
    let mut hits = Vec::new();
    each_text(briefing, |place, section, item, field, text| {
        // The part of `text` the last snippet shows: a match inside it is
        // already on screen, and a second line would repeat the first.
        let mut shown = 0..0;
        for range in find_all(text, query, case_sensitive) {
            if range.end <= shown.end {
                continue;
            }
            let (snippet, extent) = cut(text, range.clone(), SNIPPET_WIDTH);
            shown = extent;
            hits.push(Hit {
                place,
                section: section.to_string(),
                item: item.map(str::to_string),
                field,
                snippet,
                range,
            });
        }
    });
    hits
}

/// Calls `visit(place, section, item, field, text)` with every text of the
/// briefing that a search looks at, in reading order: front matter, sections
/// (title, summary, then each item: title, body, status, when, tags, quotes,
/// figures), people, sources. `section` and `item` are the labels of a
/// [`Hit`] there. The one list of what is searched: the library's index
/// holds the same texts.
pub fn each_text(
    briefing: &Briefing,
    mut visit: impl FnMut(Place, &str, Option<&str>, Field, &str),
) {
    let mut look = |place: Place, section: &str, item: Option<&str>, field: Field, text: &str| {
        visit(place, section, item, field, text);
    };

    let meta = &briefing.meta;
    let front = |look: &mut dyn FnMut(Field, &str)| {
        look(Field::Title, &meta.title);
        if let Some(text) = &meta.subtitle {
            look(Field::Subtitle, text);
        }
        if let Some(text) = &meta.summary {
            look(Field::Summary, text);
        }
        for text in &meta.authors {
            look(Field::Author, text);
        }
        for text in &meta.tags {
            look(Field::Tag, text);
        }
    };
    front(&mut |field, text| look(Place::Briefing, BRIEFING_LABEL, None, field, text));

    for (si, section) in briefing.sections.iter().enumerate() {
        let place = Place::Section { section: si };
        look(place, &section.title, None, Field::Title, &section.title);
        if let Some(text) = &section.summary {
            look(place, &section.title, None, Field::Summary, text);
        }
        for (ii, item) in section.items.iter().enumerate() {
            let place = Place::Item {
                section: si,
                item: ii,
            };
            let mut at = |field: Field, text: &str| {
                look(place, &section.title, Some(&item.title), field, text);
            };
            at(Field::Title, &item.title);
            if let Some(text) = &item.body {
                at(Field::Body, text);
            }
            if let Some(text) = &item.status {
                at(Field::Status, text);
            }
            if let Some(When::Text(text)) = &item.when {
                at(Field::When, text);
            }
            for text in &item.tags {
                at(Field::Tag, text);
            }
            for quote in &item.quotes {
                at(Field::Quote, &quote.text);
                at(Field::Speaker, &quote.speaker);
                if let Some(text) = &quote.role {
                    at(Field::SpeakerRole, text);
                }
            }
            for figure in &item.figures {
                at(Field::Figure, &figure.label);
                if let Some(text) = &figure.note {
                    at(Field::FigureNote, text);
                }
            }
        }
    }

    for (pi, person) in briefing.people.iter().enumerate() {
        let place = Place::Person { person: pi };
        let mut at = |field: Field, text: &str| {
            look(place, PEOPLE_LABEL, Some(&person.name), field, text);
        };
        at(Field::Name, &person.name);
        if let Some(text) = &person.role {
            at(Field::Role, text);
        }
        if let Some(text) = &person.note {
            at(Field::Note, text);
        }
    }

    for (si, source) in briefing.sources.iter().enumerate() {
        let place = Place::Source { source: si };
        let mut at = |field: Field, text: &str| {
            look(place, SOURCES_LABEL, Some(&source.title), field, text);
        };
        at(Field::Title, &source.title);
        if let Some(text) = &source.publisher {
            at(Field::Publisher, text);
        }
        if let Some(text) = &source.author {
            at(Field::Author, text);
        }
    }
}

/// The match at `range` of `text` with about `width` columns of context,
/// shared between both sides. Cuts fall between grapheme clusters and are
/// marked `…`; runs of whitespace (newlines included) become one space. The
/// match itself is never cut.
pub fn snippet(text: &str, range: Range<usize>, width: usize) -> Snippet {
    cut(text, range, width).0
}

/// [`snippet`], with the byte range of `text` it shows.
///
/// Only a window of `text` around the match is split into grapheme
/// clusters: a snippet of `width` columns never needs more than a few bytes
/// a column on each side, and a long body split whole for every match made
/// a search of a large library spend most of its time here.
///
/// Where the characters around the match are plain ([`plain`]: most of
/// most briefings), each is a cluster of one column: the context, at most
/// `width` columns on either side, is at most `width` characters, and a
/// window one character wider than that on each side gives the snippet a
/// wider one gives, with a fraction of the clusters to look at.
pub(crate) fn cut(text: &str, range: Range<usize>, width: usize) -> (Snippet, Range<usize>) {
    let near = width.saturating_add(1);
    let window = match (
        plain_back(text, range.start, near),
        plain_ahead(text, range.end, near),
    ) {
        (Some(lo), Some(hi)) => lo..hi,
        _ => wide_window(text, &range, width),
    };
    cut_in(text, range, width, window)
}

/// Whether `c` is a grapheme cluster of one column whatever stands beside
/// it (a mark after it may join it, but then the mark is no plain
/// character): printable ASCII, a newline, the Latin letters and signs of
/// Latin-1 and Latin Extended-A and -B but the soft hyphen, and the dashes,
/// quotation marks, bullets and ellipsis of General Punctuation.
fn plain(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{24F}' | '\u{2010}'..='\u{2027}')
}

/// Where `n` characters before byte `at` of `text` start (or the text's
/// start, if it comes first), when all of them are [`plain`].
fn plain_back(text: &str, at: usize, n: usize) -> Option<usize> {
    let mut lo = at;
    for c in text.get(..at)?.chars().rev().take(n) {
        if !plain(c) {
            return None;
        }
        lo -= c.len_utf8();
    }
    Some(lo)
}

/// Where `n` characters after byte `at` of `text` end (or the text's end,
/// if it comes first), when all of them are [`plain`].
fn plain_ahead(text: &str, at: usize, n: usize) -> Option<usize> {
    let mut hi = at;
    for c in text.get(at..)?.chars().take(n) {
        if !plain(c) {
            return None;
        }
        hi += c.len_utf8();
    }
    Some(hi)
}

/// The window of `text` around `range` for any text: four bytes a column
/// on each side, which holds every script's letters but a few emoji
/// sequences (where those crowd a side, its snippet is a little shorter).
fn wide_window(text: &str, range: &Range<usize>, width: usize) -> Range<usize> {
    let reach = width.saturating_mul(4).max(64);
    let mut lo = range.start.saturating_sub(reach).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = range.end.saturating_add(reach).min(text.len()).max(lo);
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    lo..hi
}

/// [`cut`] within `window` of `text`.
fn cut_in(
    text: &str,
    range: Range<usize>,
    width: usize,
    Range { start: lo, end: hi }: Range<usize>,
) -> (Snippet, Range<usize>) {
    let window = &text[lo..hi];
    let local = range.start.saturating_sub(lo)..range.end.saturating_sub(lo);
    let (snippet, extent) = cut_window(window, local, width, lo > 0, hi < text.len());
    (snippet, extent.start + lo..extent.end + lo)
}

/// The grapheme clusters of `text` with their byte offsets, as
/// `text.grapheme_indices(true)` gives them. Two ASCII characters side by
/// side are always two clusters (but a carriage return and the line feed
/// after it), and no rule of segmentation looks back past them: only the
/// stretches around other characters are segmented by the rules, which
/// cost many times a byte's look, and of those only the ones with a
/// character that is not [`plain`]; the rest is split a character at a time.
fn clusters(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut start = 0;
    for end in 1..=bytes.len() {
        let split = bytes.get(end).is_none_or(|&next| {
            let last = bytes[end - 1];
            last.is_ascii() && next.is_ascii() && !(last == b'\r' && next == b'\n')
        });
        if !split {
            continue;
        }
        // Both sides of `start` and of `end` are ASCII, or the text's ends.
        let piece = &text[start..end];
        if piece.len() == 1 {
            out.push((start, piece));
        } else if piece.chars().all(plain) {
            // Each a cluster of its own, whatever the rules would look at.
            out.extend(piece.char_indices().map(|(at, c)| {
                let at = start + at;
                (at, &text[at..at + c.len_utf8()])
            }));
        } else {
            out.extend(piece.grapheme_indices(true).map(|(at, g)| (start + at, g)));
        }
        start = end;
    }
    out
}

/// [`cut`] in a window of the text; `more_before` and `more_after` say
/// whether the text goes on past the window's ends.
fn cut_window(
    text: &str,
    range: Range<usize>,
    width: usize,
    more_before: bool,
    more_after: bool,
) -> (Snippet, Range<usize>) {
    let graphemes = clusters(text);
    // The clusters the match touches: [first, last).
    let first = graphemes.partition_point(|(at, g)| at + g.len() <= range.start);
    let last = graphemes
        .partition_point(|(at, _)| *at < range.end)
        .max(first);
    let columns = |g: &str| {
        if g.contains('\n') { 1 } else { g.width() }
    };
    let matched: usize = graphemes[first..last].iter().map(|(_, g)| columns(g)).sum();
    let mut budget = width.saturating_sub(matched);
    let (mut from, mut to) = (first, last);
    // Grow one cluster at a time on each side while the columns last.
    loop {
        let mut grew = false;
        if let Some(w) = from.checked_sub(1).map(|i| columns(graphemes[i].1))
            && w <= budget
        {
            from -= 1;
            budget -= w;
            grew = true;
        }
        if let Some(w) = graphemes.get(to).map(|(_, g)| columns(g))
            && w <= budget
        {
            to += 1;
            budget -= w;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    // Rather than cut a word, drop its part, unless the part is long (text
    // without spaces, such as Japanese, is cut anywhere).
    let space = |i: usize| graphemes[i].1.chars().all(char::is_whitespace);
    let span_columns = |r: Range<usize>| -> usize { r.map(|i| columns(graphemes[i].1)).sum() };
    let most = width / 4;
    // Past a window's end the text is not known: taken as a word going on.
    let word_before = if from > 0 {
        !space(from - 1)
    } else {
        more_before
    };
    let word_after = if to < graphemes.len() {
        !space(to)
    } else {
        more_after
    };
    if word_before
        && let Some(k) = (from..first).find(|&k| space(k))
        && span_columns(from..k) <= most
    {
        from = k + 1;
    }
    if word_after
        && let Some(k) = (last..to).rev().find(|&k| space(k))
        && span_columns(k..to) <= most
    {
        to = k;
    }

    let mut out = String::new();
    if from > 0 || more_before {
        out.push('…');
    }
    let (mut start, mut end) = (0, 0);
    for (i, (_, g)) in graphemes.iter().enumerate().take(to).skip(from) {
        if i == first {
            start = out.len();
        }
        if i == last {
            end = out.len();
        }
        if g.chars().all(char::is_whitespace) {
            if !(out.is_empty() || out.ends_with(' ') || out.ends_with('…')) {
                out.push(' ');
            }
        } else {
            out.push_str(g);
        }
    }
    if last >= to {
        end = out.len();
    }
    while out.len() > end && out.ends_with(' ') {
        out.pop();
    }
    if to < graphemes.len() || more_after {
        out.push('…');
    }
    let byte = |i: usize| graphemes.get(i).map_or(text.len(), |(at, _)| *at);
    let extent = byte(from)..byte(to);
    (
        Snippet {
            text: out,
            start,
            end,
        },
        extent,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(text: &str, query: &str, width: usize) -> (String, String) {
        let range = find_all(text, query, false)[0].clone();
        let s = snippet(text, range, width);
        let matched = s.text[s.start..s.end].to_string();
        (s.text, matched)
    }

    #[test]
    fn short_text_is_whole() {
        assert_eq!(
            snip("The harbour is closed.", "harbour", 60),
            ("The harbour is closed.".to_string(), "harbour".to_string())
        );
    }

    #[test]
    fn long_text_is_cut_on_both_sides() {
        let text = "a ".repeat(100) + "needle" + &" b".repeat(100);
        let (s, m) = snip(&text, "needle", 20);
        assert_eq!(m, "needle");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.width() <= 22, "{s}");
    }

    #[test]
    fn newlines_collapse_and_match_offsets_stay_right() {
        let text = "First line.\n\n- second   point\n> quoted Needle here";
        let (s, m) = snip(text, "needle", 60);
        assert_eq!(s, "First line. - second point > quoted Needle here");
        assert_eq!(m, "Needle");
    }

    #[test]
    fn cuts_fall_between_graphemes_and_count_columns() {
        let text =
            "日本、米国、オーストラリア、フィリピンの四か国が日曜日に共同訓練を実施した。👩‍👩‍👧‍👦 end";
        let (s, m) = snip(text, "共同訓練", 16);
        assert_eq!(m, "共同訓練");
        assert!(s.width() <= 18, "{s}");
        let (s, _) = snip(text, "end", 6);
        assert!(!s.contains('\u{200d}') || s.contains("👩‍👩‍👧‍👦"), "{s}");
    }

    fn briefing() -> Briefing {
        let text = "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2025-01-01\n\
            [[people]]\nname = \"Ana\"\nnote = \"Runs the orchard on the east slope.\"\n\
            [[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.items]]\ntitle = \"I\"\n\
            body = \""
            .to_string()
            + &"the word ".repeat(20)
            + "\"\n";
        crate::briefing::load_str(std::path::Path::new("t.toml"), &text, &Default::default())
            .unwrap()
            .briefing
    }

    #[test]
    fn occurrences_in_one_snippet_make_one_hit() {
        let b = briefing();
        let hits = search(&b, "the");
        let note: Vec<_> = hits.iter().filter(|h| h.field == Field::Note).collect();
        assert_eq!(note.len(), 1);
        assert_eq!(note[0].place, Place::Person { person: 0 });
        assert_eq!(note[0].section, PEOPLE_LABEL);
        assert_eq!(note[0].range, 5..8);
        // 20 occurrences in 180 columns of body: a few lines, not twenty.
        let body = hits.iter().filter(|h| h.field == Field::Body).count();
        assert!((2..=5).contains(&body), "{body}");
    }

    #[test]
    fn a_long_text_is_cut_as_if_split_whole() {
        // The window around the match gives the snippet the whole text gives.
        let text = "word ".repeat(2000) + "needle" + &" tail".repeat(2000);
        let at = text.find("needle").unwrap();
        let (s, extent) = cut(&text, at..at + 6, 20);
        let (whole, whole_extent) = cut_window(&text, at..at + 6, 20, false, false);
        assert_eq!((s, extent), (whole, whole_extent));
        // Zero-width characters do not stretch it past its window.
        let zw = "\u{200b}".repeat(5000) + "x" + &"\u{200b}".repeat(5000);
        let at = zw.find('x').unwrap();
        let (s, _) = cut(&zw, at..at + 1, 20);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.len() < 5000);
    }

    #[test]
    fn clusters_are_the_grapheme_clusters() {
        for text in [
            "",
            "a",
            "plain ascii text",
            "line\r\nnext\r\r\n\n\r",
            "Bj\u{f6}rn Jovanovi\u{107} \u{2014} caf\u{e9}",
            "S\u{e3}o \u{2018}Krak\u{f3}w\u{2019}\u{2026} \u{a9}\u{ae}\u{2022}",
            "\u{a9}\u{200d}\u{a9} \u{e9}\u{301}\u{e9}",
            "e\u{301}e\u{301}\u{301} x\u{301}",
            "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467} a\u{1f1eb}\u{1f1f7}\u{1f1e9}b",
            "\u{600}1 \u{915}\u{94d}\u{937} \u{d55c}\u{ad6d}\u{c5b4}",
            "\u{1100}\u{1161}\u{11a8}a\u{200d}b\r\u{301}",
        ] {
            let expected: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            assert_eq!(clusters(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_match_wider_than_the_snippet_is_whole() {
        let (s, m) = snip("xx abcdefghij yy", "abcdefghij", 4);
        assert_eq!(m, "abcdefghij");
        assert_eq!(s, "…abcdefghij…");
    }

    proptest::proptest! {
        /// The narrow window of plain text gives the snippet the wide
        /// window gives, beside marks, zero-width spaces, wide letters and
        /// separators.
        #[test]
        fn a_plain_window_cuts_as_a_wide_one(
            text in "[ab \n.,é\u{301}\u{200b}\u{ad}\u{2028}漢]{0,30}[ab \n.,xyãŁ—’…-]{0,200}[ab \n\u{301}\u{200b}]{0,30}",
            start in 0usize..260,
            len in 1usize..6,
            width in 1usize..80,
        ) {
            let mut start = start.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let wide = wide_window(&text, &(start..end), width);
            proptest::prop_assert_eq!(
                cut(&text, start..end, width),
                cut_in(&text, start..end, width, wide)
            );
        }
    }
}
