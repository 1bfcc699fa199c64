//! Finding a query in text: smart case, and every non-overlapping occurrence, by SIMD scans.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::arch::all::packedpair::Pair;
use memchr::memmem;

/// Whether a query should match case-sensitively: only when it has a capital
/// (the "smart case" of less and vim).
pub fn smart_case(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// A character as the search compares it: its first lowercase letter when
/// case does not matter.
pub(crate) fn fold(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The two characters beyond ASCII whose lowercase starts with an ASCII
/// letter, with that letter: İ (U+0130, C4 B0 in UTF-8) to i and the Kelvin
/// sign (U+212A, E2 84 AA) to k. Elsewhere, text can match an ASCII query
/// only in its ASCII bytes.
const FOLDING_TO_ASCII: [(&str, u8); 2] = [("\u{130}", b'i'), ("\u{212A}", b'k')];

/// Searchers for the characters of [`FOLDING_TO_ASCII`], set up once.
static FOLDING_FINDERS: LazyLock<[memmem::Finder<'static>; 2]> =
    LazyLock::new(|| FOLDING_TO_ASCII.map(|(c, _)| memmem::Finder::new(c)));

/// The characters of [`FOLDING_TO_ASCII`] that fold to a letter of a query,
/// found in text left to right by SIMD scans (memchr), each text byte
/// scanned once for each.
struct FoldingToAscii<'h> {
    hay: &'h [u8],
    /// Where each character is next, `None` when nowhere further or when
    /// the query lacks its letter.
    ahead: [Option<usize>; 2],
}

impl<'h> FoldingToAscii<'h> {
    fn new(hay: &'h [u8], pat: &[u8]) -> FoldingToAscii<'h> {
        let ahead = std::array::from_fn(|k| {
            let (_, letter) = FOLDING_TO_ASCII[k];
            if pat.iter().any(|b| b.to_ascii_lowercase() == letter) {
                FOLDING_FINDERS[k].find(hay)
            } else {
                None
            }
        });
        FoldingToAscii { hay, ahead }
    }

    /// The first of them at byte `from` or after: where it starts, and its
    /// length.
    fn next(&mut self, from: usize) -> Option<(usize, usize)> {
        let mut first: Option<(usize, usize)> = None;
        for (k, ahead) in self.ahead.iter_mut().enumerate() {
            if let Some(at) = *ahead
                && at < from
            {
                *ahead = FOLDING_FINDERS[k].find(&self.hay[from..]).map(|i| from + i);
            }
            if let Some(at) = *ahead
                && first.is_none_or(|(f, _)| at < f)
            {
                first = Some((at, FOLDING_TO_ASCII[k].0.len()));
            }
        }
        first
    }
}

/// Folds a character the fast way for ASCII (the same result).
fn fold_caseless(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        fold(c, false)
    }
}

/// Where a match of `needle` at byte `i` of `hay` ends, characters compared
/// by their first lowercase letter; `None` if there is none.
fn caseless_at(hay: &str, i: usize, needle: &str) -> Option<usize> {
    let mut chars = hay[i..].char_indices();
    let mut end = i;
    for p in needle.chars() {
        let (o, c) = chars.next()?;
        if fold_caseless(c) != fold_caseless(p) {
            return None;
        }
        end = i + o + c.len_utf8();
    }
    Some(end)
}

/// Calls `found` with the byte range of every non-overlapping occurrence of
/// `needle` in `hay`, left to right; with `case_sensitive` false, characters
/// are compared by their first lowercase letter. Allocates nothing.
///
/// ASCII queries, and every query matched case-sensitively, are found by
/// SIMD scans of the bytes, at several GB/s: `hay` may be a whole section.
pub fn each_match(
    hay: &str,
    needle: &str,
    case_sensitive: bool,
    mut found: impl FnMut(Range<usize>),
) {
    if needle.is_empty() || hay.len() < needle.chars().count() {
        return;
    }
    if case_sensitive {
        // Equal characters are equal bytes: memchr's substring search, or
        // for one byte the scan of ASCII queries (memchr's iterator costs
        // several times as much a match, and one letter matches often).
        match needle.as_bytes() {
            [_] => ascii_matches(hay.as_bytes(), needle.as_bytes(), false, found),
            pat => {
                for i in memmem::find_iter(hay.as_bytes(), pat) {
                    found(i..i + pat.len());
                }
            }
        }
        return;
    }
    if needle.is_ascii() {
        caseless_ascii(hay, needle, found);
        return;
    }
    if hay.is_ascii() {
        // Only a query that folds to ASCII can match ASCII text.
        if !needle.chars().all(|c| fold_caseless(c).is_ascii()) {
            return;
        }
    }
    let first = needle.chars().next().map(fold_caseless);
    let b = hay.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // An ASCII byte that cannot start a match is passed at once.
        if b[i].is_ascii() && Some(char::from(b[i].to_ascii_lowercase())) != first {
            i += 1;
            continue;
        }
        match caseless_at(hay, i, needle) {
            Some(end) => {
                found(i..end);
                i = end;
            }
            None => i += hay[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
}

/// Matches of an ASCII `needle` in `hay`, ignoring case: a byte scan
/// between the characters beyond ASCII that fold to a letter of `needle`
/// (none in most text, and none at all for a query without i or k), and a
/// character by character check of the few places that may take one in.
fn caseless_ascii(hay: &str, needle: &str, mut found: impl FnMut(Range<usize>)) {
    let pat = needle.as_bytes();
    let b = hay.as_bytes();
    let mut folding = FoldingToAscii::new(b, pat);
    // Where the byte scan resumes; the end of the last match.
    let mut from = 0;
    let mut next = 0;
    loop {
        let special = folding.next(from);
        let end = special.map_or(b.len(), |(at, _)| at);
        ascii_matches(&b[from..end], pat, true, |r| {
            next = from + r.end;
            found(from + r.start..next);
        });
        let Some((at, len)) = special else {
            return;
        };
        // A match that takes in the character at `at` starts at it, or
        // before it by fewer ASCII characters than the query has.
        let mut i = next.max(at.saturating_sub(pat.len() - 1));
        while !hay.is_char_boundary(i) {
            i += 1;
        }
        while i <= at {
            match caseless_at(hay, i, needle) {
                Some(end) => {
                    found(i..end);
                    next = end;
                    i = end;
                }
                None => i += hay[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        from = next.max(at + len);
    }
}

/// A byte of a query as [`ascii_matches`] compares it: an ASCII letter
/// differs from its other case only in the bit 0x20, which a caseless
/// comparison sets on both sides.
#[derive(Clone, Copy)]
struct Byte {
    case_bit: u8,
    byte: u8,
}

impl Byte {
    fn new(b: u8, caseless: bool) -> Byte {
        if caseless && b.is_ascii_alphabetic() {
            Byte {
                case_bit: 0x20,
                byte: b | 0x20,
            }
        } else {
            Byte {
                case_bit: 0,
                byte: b,
            }
        }
    }

    fn matches(self, b: u8) -> bool {
        b | self.case_bit == self.byte
    }
}

/// Starts of possible matches looked at together: one bit each of a mask.
const LANES: usize = 64;

/// Of `LANES` starts, those (as the bits of a mask, bit k for start k)
/// where `K` bytes of the query are in place: `bytes[j][k]` is the byte that
/// start k has where the query has `wanted[j]`. Written for the compiler to
/// make SIMD of it (16 bytes compared at once with SSE2), with an early
/// return when no start is a candidate. Inlined, for the compiler to keep
/// the wanted bytes in registers across chunks (a third faster).
#[inline(always)]
fn candidates<const K: usize>(bytes: [&[u8; LANES]; K], wanted: [Byte; K]) -> u64 {
    let hits: [u8; LANES] = std::array::from_fn(|k| {
        let all = (0..K).fold(true, |all, j| all & wanted[j].matches(bytes[j][k]));
        0u8.wrapping_sub(u8::from(all))
    });
    let words: [u64; LANES / 8] = std::array::from_fn(|j| {
        let mut w = [0; 8];
        w.copy_from_slice(&hits[8 * j..8 * j + 8]);
        u64::from_le_bytes(w)
    });
    if words.iter().fold(0, |any, w| any | w) == 0 {
        return 0;
    }
    words
        .iter()
        .enumerate()
        .fold(0, |mask, (j, &w)| mask | byte_mask(w) << (8 * j))
}

/// Eight bytes that are each 0 or 0xFF as eight bits, bit k for byte k:
/// keeps bit k of byte k, and the product adds them all up in the top byte
/// (with no carry, each bit being another).
fn byte_mask(w: u64) -> u64 {
    (w & 0x8040_2010_0804_0201).wrapping_mul(0x0101_0101_0101_0101) >> 56
}

/// Non-overlapping matches of an ASCII pattern in bytes, left to right,
/// ignoring ASCII case if `caseless`.
fn ascii_matches(hay: &[u8], pat: &[u8], caseless: bool, found: impl FnMut(Range<usize>)) {
    let n = pat.len();
    if hay.len() < n {
        return;
    }
    // One byte is its own candidate; else the rarest pair of bytes by
    // memchr's table of byte frequencies, and from three bytes on a third:
    // the last, or else the first, or else the second.
    let Some(pair) = Pair::new(pat) else {
        return scan(hay, pat, caseless, [0], found);
    };
    let (i1, i2) = (usize::from(pair.index1()), usize::from(pair.index2()));
    match [n - 1, 0, 1].into_iter().find(|&i| i != i1 && i != i2) {
        Some(i3) => scan(hay, pat, caseless, [i1, i2, i3], found),
        None => scan(hay, pat, caseless, [i1, i2], found),
    }
}

/// [`ascii_matches`] with candidates: the starts where the bytes at
/// `offsets` in the pattern are in place, found [`LANES`] at a time, then
/// checked whole.
fn scan<const K: usize>(
    hay: &[u8],
    pat: &[u8],
    caseless: bool,
    offsets: [usize; K],
    mut found: impl FnMut(Range<usize>),
) {
    let n = pat.len();
    let starts = hay.len() + 1 - n;
    let wanted = offsets.map(|i| Byte::new(pat[i], caseless));
    // Candidates are matches when the offsets are the whole pattern.
    let whole = n <= K;
    let mut next = 0;
    // The bytes at each offset, of every start.
    let mut columns = offsets.map(|i| hay[i..i + starts].chunks_exact(LANES));
    let mut base = 0;
    while base < starts {
        let mut mask = if starts - base >= LANES {
            let bytes = columns.each_mut().map(|c| {
                c.next()
                    .and_then(|c| c.try_into().ok())
                    .expect("LANES bytes")
            });
            candidates(bytes, wanted)
        } else {
            // The last starts, padded; the padding's lanes dropped.
            let rest = starts - base;
            let padded = columns.each_ref().map(|c| {
                let mut p = [0; LANES];
                p[..rest].copy_from_slice(c.remainder());
                p
            });
            candidates(padded.each_ref(), wanted) & ((1 << rest) - 1)
        };
        while mask != 0 {
            let at = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if at >= next && (whole || same(&hay[at..at + n], pat, caseless)) {
                found(at..at + n);
                next = at + n;
            }
        }
        base += LANES;
    }
}

/// Whether `a` and `b` are the same bytes, ignoring ASCII case if `caseless`.
fn same(a: &[u8], b: &[u8], caseless: bool) -> bool {
    if caseless {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// Byte ranges of every non-overlapping occurrence of `needle` in `hay`.
pub fn find_all(hay: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_match(hay, needle, case_sensitive, |r| out.push(r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case_search() {
        assert_eq!(
            find_all("Steel and steel", "steel", false),
            vec![0..5, 10..15]
        );
        assert!(smart_case("Steel"));
        assert_eq!(find_all("Steel and steel", "Steel", true), vec![0..5]);
        assert_eq!(find_all("東京と東京", "東京", false), vec![0..6, 9..15]);
        assert!(find_all("abc", "", false).is_empty());
        assert_eq!(find_all("aaaa", "aa", false), vec![0..2, 2..4]);
    }

    #[test]
    fn folding_beyond_ascii() {
        // The Kelvin sign folds to an ASCII k.
        assert_eq!(find_all("1 \u{212A}m", "km", false), vec![2..6]);
        assert_eq!(find_all("ÉTÉ été", "été", false), vec![0..5, 6..11]);
        assert_eq!(find_all("a STEEL", "steel", false), vec![2..7]);
        assert_eq!(find_all("a", "ab", false), Vec::<Range<usize>>::new());
    }

    /// The search as it was: every character folded, compared one by one.
    fn reference(hay: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
        let pat: Vec<char> = needle.chars().map(|c| fold(c, case_sensitive)).collect();
        if pat.is_empty() {
            return Vec::new();
        }
        let chars: Vec<(usize, char)> = hay.char_indices().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i + pat.len() <= chars.len() {
            if chars[i..i + pat.len()]
                .iter()
                .zip(&pat)
                .all(|((_, c), p)| fold(*c, case_sensitive) == *p)
            {
                let start = chars[i].0;
                let end = chars.get(i + pat.len()).map_or(hay.len(), |(b, _)| *b);
                out.push(start..end);
                i += pat.len();
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn only_two_characters_beyond_ascii_fold_to_ascii() {
        let folding: Vec<(char, char)> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && fold(*c, false).is_ascii())
            .map(|c| (c, fold(c, false)))
            .collect();
        let table: Vec<(char, char)> = FOLDING_TO_ASCII
            .iter()
            .map(|(s, letter)| {
                assert_eq!(s.chars().count(), 1);
                (s.chars().next().unwrap(), char::from(*letter))
            })
            .collect();
        assert_eq!(folding, table);
        let first = |hay: &str, pat: &str, from| {
            FoldingToAscii::new(hay.as_bytes(), pat.as_bytes()).next(from)
        };
        assert_eq!(first("ab\u{212A}", "k", 0), Some((2, 3)));
        assert_eq!(first("ab\u{212A}", "KI", 0), Some((2, 3)));
        assert_eq!(first("ab\u{212A}", "i", 0), None);
        assert_eq!(first("\u{130} ab \u{130}", "i", 1), Some((6, 2)));
        assert_eq!(first("\u{130}\u{212A}", "ik", 1), Some((2, 3)));
        assert_eq!(first("— “quoted” é ć \u{212A}", "i", 0), None);
        // Each character is looked for again only once passed.
        let mut f = FoldingToAscii::new("\u{212A}\u{130}\u{212A}\u{130}".as_bytes(), b"ki");
        assert_eq!(f.next(0), Some((0, 3)));
        assert_eq!(f.next(3), Some((3, 2)));
        assert_eq!(f.next(5), Some((5, 3)));
        assert_eq!(f.next(8), Some((8, 2)));
        assert_eq!(f.next(10), None);
    }

    #[test]
    fn long_lines_and_boundaries() {
        let hay = format!("{}Steel{}steeL", "x".repeat(40), "é".repeat(20));
        assert_eq!(find_all(&hay, "steel", false), vec![40..45, 85..90]);
        let hay = "s".repeat(70) + "teel";
        assert_eq!(find_all(&hay, "steel", false), vec![69..74]);
        assert_eq!(find_all("a.b", ".", false), vec![1..2]);
        assert_eq!(find_all("x@x`", "`", false), vec![3..4]);
    }

    /// Both modes against the reference, with the query as given and in
    /// lowercase (the case-insensitive search of smart case).
    fn check_both(hay: &str, needle: &str) {
        assert_eq!(
            find_all(hay, needle, true),
            reference(hay, needle, true),
            "{needle:?} in {hay:?}"
        );
        let lower = needle.to_lowercase();
        assert_eq!(
            find_all(hay, &lower, false),
            reference(hay, &lower, false),
            "{lower:?} in {hay:?}"
        );
    }

    #[test]
    fn matches_anywhere_in_long_text() {
        // Every place around the 64-byte chunks, up to the very end.
        for len in [63, 64, 65, 127, 128, 129, 200] {
            for at in 0..=len - 5 {
                let mut hay = "x".repeat(len);
                hay.replace_range(at..at + 5, "Steel");
                assert_eq!(find_all(&hay, "Steel", true), vec![at..at + 5]);
                assert_eq!(find_all(&hay, "steel", false), vec![at..at + 5]);
                check_both(&hay, "Steel");
                check_both(&hay, "x");
                check_both(&hay, "xS");
                check_both(&hay, "xxx");
            }
        }
        let hay = "x".repeat(130) + "steel";
        assert_eq!(find_all(&hay, "steel", false), vec![130..135]);
        // Overlapping candidates: left to right, none overlapping.
        let hay = "a".repeat(131);
        let pairs: Vec<Range<usize>> = (0..65).map(|i| 2 * i..2 * i + 2).collect();
        assert_eq!(find_all(&hay, "aa", false), pairs);
        assert_eq!(find_all(&hay, "aa", true), pairs);
        check_both(&hay, "aaa");
        check_both(&("ab".repeat(100) + "a"), "aba");
    }

    #[test]
    fn characters_folding_to_ascii_far_from_the_match() {
        let far = "x".repeat(300);
        // İ or the Kelvin sign elsewhere in the text: a query with i or k
        // still finds its ASCII matches, and the matches through them.
        let hay = format!("\u{130}{far}kilo{far}\u{212A}{far}KILO{far}\u{212A}\u{130}lo");
        assert_eq!(
            find_all(&hay, "kilo", false),
            vec![302..306, 909..913, 1213..hay.len()]
        );
        check_both(&hay, "kilo");
        check_both(&hay, "ilo");
        check_both(&hay, "xk");
        check_both(&hay, "k");
        check_both(&hay, "xx");
        // A query without i or k never matches through them.
        assert_eq!(find_all(&hay, "lo", false).len(), 3);
        let turkish = format!("{far}İSTANBUL, istanbul{far}İstanbul");
        assert_eq!(
            find_all(&turkish, "istanbul", false),
            vec![300..309, 311..319, 619..628]
        );
        check_both(&turkish, "istanbul");
        check_both(&turkish, "stan");
    }

    #[test]
    fn ascii_matches_among_other_scripts() {
        let hay = format!(
            "{}STEEL—steel“Steel”{}steel",
            "é".repeat(40),
            "東京".repeat(30)
        );
        assert_eq!(
            find_all(&hay, "steel", false),
            vec![80..85, 88..93, 96..101, 284..289]
        );
        assert_eq!(find_all(&hay, "steel", true), vec![88..93, 284..289]);
        check_both(&hay, "steel");
        check_both(&hay, "—");
        check_both(&hay, "東京");
        check_both(&hay, "é");
        check_both(&hay, "Éé");
    }

    proptest::proptest! {
        #[test]
        fn same_matches_as_before(
            hay in "(a|A|b|B|é|É|\\u{212A}|k|K|東|京| |İ|i|@|`){0,80}",
            needle in "(a|A|b|é|É|k|K|\\u{212A}|東|İ|i|@|`){1,3}",
            case_sensitive in proptest::bool::ANY,
        ) {
            proptest::prop_assert_eq!(
                find_all(&hay, &needle, case_sensitive),
                reference(&hay, &needle, case_sensitive)
            );
        }

        #[test]
        fn same_matches_as_before_in_long_text(
            hay in "(a|b|k|i|K|I| |é|İ|\\u{212A}|—|東){0,300}",
            needle in "(a|b|k|i|A|K|I| |—){1,6}",
            case_sensitive in proptest::bool::ANY,
        ) {
            proptest::prop_assert_eq!(
                find_all(&hay, &needle, case_sensitive),
                reference(&hay, &needle, case_sensitive)
            );
        }
    }
}
