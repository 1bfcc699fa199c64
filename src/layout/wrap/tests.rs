use super::*;
use proptest::strategy::Strategy as _;
use textwrap::{Options, WordSplitter, WrapAlgorithm};

/// The lines of [`wrap_text`].
fn wrapped(text: &str, first: &str, rest: &str, opts: WrapOptions) -> Vec<String> {
    let mut out = Vec::new();
    wrap_text(text, first, rest, opts, &mut |l, _| out.push(l.to_string()));
    out
}

/// The words of a line as the layout defines them, for textwrap: split
/// at ASCII spaces, and inside a word of a script written without
/// spaces (wide characters, flags) where Unicode line breaking allows;
/// each as wide as the terminal shows it. Written from textwrap's two
/// separators, apart from the layout's own [`find_words`].
fn spec_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    fn measured(mut w: Word<'_>) -> Word<'_> {
        w.width = UnicodeWidthStr::width(w.word);
        w
    }
    let mut out = Vec::new();
    for word in WordSeparator::AsciiSpace.find_words(line) {
        let wide = word.word.chars().any(|c| {
            unicode_width::UnicodeWidthChar::width(c) == Some(2)
                || ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
        });
        if !wide {
            out.push(measured(word));
            continue;
        }
        let mut parts: Vec<Word<'_>> = WordSeparator::UnicodeBreakProperties
            .find_words(word.word)
            .map(measured)
            .collect();
        if let Some(last) = parts.last_mut() {
            last.whitespace = word.whitespace;
        }
        out.extend(parts);
    }
    Box::new(out.into_iter())
}

/// The oracle: `textwrap::wrap`, first fit, words never broken or
/// hyphenated, the layout's words and indents, trailing spaces cut (the
/// layout keeps none). Nothing of the layout's wrapping is in it.
///
/// It is given one line of the text at a time: given several, textwrap
/// measures the first wrapped line after each newline against the
/// first indent's width while it prints the rest indent there, so that
/// line can come out wider than the width. The layout measures every
/// line against the indent it prints.
fn textwrap_lines(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let options = Options::new(width)
            .wrap_algorithm(WrapAlgorithm::FirstFit)
            .break_words(false)
            .word_splitter(WordSplitter::NoHyphenation)
            .word_separator(WordSeparator::Custom(spec_words))
            .initial_indent(if i == 0 { first } else { rest })
            .subsequent_indent(rest);
        out.extend(
            textwrap::wrap(line, options)
                .iter()
                .map(|l| l.trim_end().to_string()),
        );
    }
    out
}

/// The one documented difference of the reader (`break_long_words`):
/// a line still wider than the width after first-fit (one over-long
/// word) is cut between graphemes into pieces of at most `width`
/// columns, each piece after the first starting with `rest`; the lines
/// around it are as they were.
fn cut_long_lines(lines: Vec<String>, rest: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        if UnicodeWidthStr::width(line.as_str()) <= width {
            out.push(line);
            continue;
        }
        let mut cur = String::new();
        for g in line.graphemes(true) {
            let gw = UnicodeWidthStr::width(g);
            if UnicodeWidthStr::width(cur.as_str()) + gw > width && !cur.is_empty() {
                out.push(cur.trim_end().to_string());
                cur = rest.to_string();
            }
            cur.push_str(g);
        }
        out.push(cur.trim_end().to_string());
    }
    out
}

/// Whether a text holds what makes the widths of its words not add up
/// to the width of its lines: a joiner or a variation selector, which
/// join or widen what is beside them across a word's edge.
fn widths_add_up(text: &str) -> bool {
    !text.contains(['\u{200d}', '\u{fe0f}', '\u{fe0e}'])
}

#[test]
fn simple_characters_are_one_column_in_any_company() {
    let simple: Vec<char> = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| simple_char(c))
        .collect();
    assert!(simple.len() > 1000);
    for &c in &simple {
        for s in [
            format!("{c}"),
            format!("a{c}b"),
            format!("{c}{c}"),
            format!("{c}\u{300}"),
        ] {
            let n = s.chars().filter(|&x| x != '\u{300}').count();
            assert_eq!(width(&s), n, "{c:?}");
            assert_eq!(textwrap::core::display_width(&s), n, "{c:?}");
        }
        assert!(!breaks_inside(&format!("{c}")), "{c:?}");
    }
    // Arabic lam-alef is one column for two characters: not simple.
    assert!(!one_column_per_char("\u{644}\u{627}"));
}

#[test]
fn the_cheap_width_is_an_upper_bound() {
    for s in [
        "plain",
        "é",
        "e\u{301}",
        "東京",
        "👩‍👩‍👧",
        "🇯🇵",
        "1\u{fe0f}\u{20e3}",
        "#\u{fe0f}",
        "\u{2764}\u{fe0f}",
        "a\u{200d}b",
        "\u{3000}",
        "\u{a4fc}\u{a4fd}",
        "ﷺ",
        "\u{1f3fb}",
    ] {
        assert!(at_most_columns(s) >= width(s), "{s:?}");
    }
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        for s in [format!("{c}"), format!("{c}\u{fe0f}")] {
            assert!(at_most_columns(&s) >= width(&s), "{c:?}");
        }
    }
}

/// The indents a layout gives: none, a bullet, a quote, a figure …
const INDENTS: [(&str, &str); 6] = [
    ("", ""),
    ("• ", "  "),
    ("  │ ", "  │ "),
    ("    ", "      "),
    ("", "  "),
    ("  ", "    "),
];

/// The layout's lines of `text` under an indent, and textwrap's first fit
/// of it with the same options (over-long words cut as the reader cuts
/// them, when it breaks them).
fn wrapped_and_textwraps(
    text: &str,
    (first, rest): (&str, &str),
    width: usize,
    break_long_words: bool,
) -> (Vec<String>, Vec<String>) {
    let opts = WrapOptions {
        width,
        break_long_words,
    };
    let mut expected = textwrap_lines(text, first, rest, width);
    if break_long_words {
        expected = cut_long_lines(expected, rest, width);
    }
    (wrapped(text, first, rest, opts), expected)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    /// Every line is textwrap's, at every width with room for the
    /// widest indent (6) and a wide character (the reader's text is
    /// never narrower; below that a line holds its indent and one unit,
    /// tested with the layout), the reader's cutting of an over-long
    /// word being the one difference.
    #[test]
    fn wraps_exactly_as_textwrap(
        // (No tab: the cleaning rule turns each into spaces before any
        // text reaches the layout.)
        text in "([a-z]{1,12}|[A-Z]|  ?|   |\n|é|e\u{301}|東京|日本の|🇯🇵|—|https://x\\.org/a/b/c|\u{3000}){0,40}",
        indents in 0usize..6,
        width in 8usize..40,
        break_long_words in proptest::bool::ANY,
    ) {
        let (got, expected) = wrapped_and_textwraps(&text, INDENTS[indents], width, break_long_words);
        proptest::prop_assert_eq!(got, expected);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// Printable ASCII and one-column characters take the fast path: the same lines.
    #[test]
    fn ascii_wraps_exactly_as_textwrap(
        // (A no-break space only inside a word: at the end of a line
        // the layout cuts it as it cuts any trailing space, so a line
        // ending in one fits where textwrap, which counts it, breaks.)
        text in "([a-z]{1,15}|[A-Z0-9.,;:!?()/-]|é|—|“|ß|Ж|a\u{a0}b|\u{2019}| |  |   |\n){0,60}",
        indents in 0usize..6,
        width in 8usize..50,
        break_long_words in proptest::bool::ANY,
    ) {
        let (got, expected) = wrapped_and_textwraps(&text, INDENTS[indents], width, break_long_words);
        proptest::prop_assert_eq!(got, expected);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    /// Where joiners and selectors meet a word's edge, the widths of
    /// words do not always add up to the width of a line, and textwrap's
    /// lines can be wider than the width: the layout packs those again,
    /// measuring each line whole. Then, and only then, its lines differ
    /// from textwrap's: the words in order, each line within the width
    /// unless it holds one word (lines may hold less than first fit
    /// measured whole would put on them; they never overflow).
    #[test]
    fn with_joiners_lines_fit_and_keep_every_word(
        text in proptest::collection::vec(
            "([a-z]{1,8}|\u{200d}|\u{fe0f}|❤\u{fe0f}|#\u{fe0f}\u{20e3}|e\u{301}){1,3}",
            0..20,
        ).prop_map(|v| v.join(" ")),
        indents in 0usize..6,
        width in 7usize..30,
    ) {
        let (first, rest) = INDENTS[indents];
        let opts = WrapOptions { width, break_long_words: false };
        let got = wrapped(&text, first, rest, opts);
        if widths_add_up(&text) {
            proptest::prop_assert_eq!(&got, &textwrap_lines(&text, first, rest, width));
        }
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        let got_words: Vec<&str> = got
            .iter()
            .enumerate()
            .flat_map(|(i, l)| {
                let indent = if i == 0 { first } else { rest };
                l.strip_prefix(indent.trim_end()).unwrap_or(l).split(' ')
            })
            .filter(|w| !w.is_empty())
            .collect();
        proptest::prop_assert_eq!(got_words, words);
        for (i, line) in got.iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            let body = line.strip_prefix(indent.trim_end()).unwrap_or(line).trim();
            let w = UnicodeWidthStr::width(line.as_str());
            proptest::prop_assert!(w <= width || !body.contains(' '), "{:?} at {}", line, width);
        }
    }
}

#[test]
fn width_zero_does_not_wrap() {
    let opts = WrapOptions {
        width: 0,
        break_long_words: true,
    };
    assert_eq!(
        wrapped("a long line that would wrap", "• ", "  ", opts),
        ["• a long line that would wrap"]
    );
}
