//! Property tests of the layout, the drawing and the update function with
//! arbitrary text, sizes, keys and resizes. (Arbitrary bytes into the loader
//! are in the loader's own tests.) Properties: no panic; no drawn or
//! exported line wider than its width; no control character out; the end of
//! every section reachable; a second load gives an equal model.

#[path = "support/screen.rs"]
mod screen;

use std::path::Path;
use std::sync::Arc;

use brief::briefing::{Briefing, LoadOptions, load_str};
use brief::config::keymap::KeyMap;
use brief::config::keymap::{Key, KeyName};
use brief::config::print::toml_string;
use brief::layout::panes::{Steps, View};
use brief::layout::views::Page;
use brief::layout::{SectionLayout, WrapOptions, width};
use brief::reader::app::{App, Msg, Settings};
use proptest::prelude::*;
use screen::{app, assert_buffer_clean, assert_clean, draw, rows};
use unicode_segmentation::UnicodeSegmentation;

/// A briefing of two sections whose every text is `text` (and a variant).
fn briefing_source(text: &str) -> String {
    let t = toml_string(&format!("x{text}"));
    let b = toml_string(text);
    format!(
        "[briefing]\ntitle = {t}\nsubtitle = {t}\ndate = 2024-04-10\nsummary = {b}\n\n\
         [[sections]]\nid = \"one\"\ntitle = {t}\nsummary = {b}\n\n\
         [[sections.items]]\ntitle = {t}\nbody = {b}\nwhen = {t}\ntags = [\"tag\"]\n\
         figures = [{{ label = {t}, value = 12.5, unit = {t}, note = {t} }}]\n\
         quotes = [{{ text = {t}, speaker = {t} }}]\n\n\
         [[sections.items]]\ntitle = \"second\"\nbody = \"- {{a}}\\n- {{b}}\\n\\n> q\"\n\n\
         [[sections]]\nid = \"two\"\ntitle = \"Two\"\n\n[[sections.items]]\ntitle = {t}\nbody = {b}\n"
    )
}

fn load(text: &str) -> Arc<Briefing> {
    let src = briefing_source(text);
    let loaded = load_str(Path::new("p.toml"), &src, &LoadOptions::default());
    match loaded {
        Ok(l) => Arc::new(l.briefing),
        Err(r) => panic!("{}\n{src}", r.render(false)),
    }
}

/// Text of every kind: anything printable, controls, escapes, bidi, wide,
/// combining, joiners, long words.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        proptest::collection::vec(
            prop_oneof![
                Just("日本語".to_string()),
                Just("👩‍👩‍👧‍👦".to_string()),
                Just("👍🏽".to_string()),
                Just("🇯🇵🇺🇸".to_string()),
                Just("e\u{301}".to_string()),
                Just("\u{200b}".to_string()),
                Just("\u{200d}".to_string()),
                Just("\u{1b}[2J".to_string()),
                Just("\u{9b}31m".to_string()),
                Just("\u{202e}".to_string()),
                Just("\t".to_string()),
                Just("\n".to_string()),
                Just("\n\n- ".to_string()),
                Just("\n> ".to_string()),
                Just(" ".to_string()),
                Just("https://example.com/a-very-long-path/with-hyphens".to_string()),
                "[a-z]{1,12}",
                "[a-z]{30,90}",
            ],
            0..60,
        )
        .prop_map(|v| v.concat()),
    ]
}

fn assert_line_fits(what: &str, t: &str, w: usize, whole_words: bool) {
    let trimmed = t.trim().trim_start_matches(['•', '│']).trim();
    let one_unit = if whole_words {
        !trimmed.contains(' ')
    } else {
        trimmed.graphemes(true).count() <= 1
    };
    assert!(
        width(t) <= w || one_unit,
        "{what}: {t:?} is {} columns at width {w}",
        width(t)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn layout_lines_fit_their_width(text in any_text(), w in 0usize..=300) {
        let b = load(&text);
        for s in 0..b.sections.len() {
            for break_long_words in [true, false] {
                let layout = SectionLayout::new(&b, s, WrapOptions { width: w, break_long_words });
                for line in layout.lines.iter() {
                    let t = line.text();
                    assert_clean("layout", t);
                    // Width 0 does not wrap; below the widest indent (6) a
                    // line holds at least its indent and one unit.
                    if w >= 8 {
                        assert_line_fits("layout", t, w, !break_long_words);
                    }
                }
            }
        }
    }

    #[test]
    fn exports_fit_and_are_clean(text in any_text(), w in 0usize..=300) {
        let b = load(&text);
        let all: Vec<usize> = (0..b.sections.len()).collect();
        let out = brief::export::export_text(&b, &brief::export::Plan::sections(&all), w);
        assert_clean("text export", &out);
        assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
        if w >= 8 {
            for line in out.lines() {
                assert!(line == line.trim_end(), "trailing space: {line:?}");
                assert_line_fits("export", line, w, true);
            }
        }
        assert_clean("Markdown export", &brief::export::export_markdown(&b, &brief::export::Plan::sections(&all), w));
    }

    #[test]
    fn drawing_at_any_size_is_clean_and_the_end_is_reachable(
        text in any_text(),
        w in 0u16..=300,
        h in 0u16..=100,
    ) {
        let b = load(&text);
        let mut a = app(Arc::clone(&b), w, h);
        for tab in 0..b.sections.len() {
            assert_buffer_clean(&format!("tab {tab} at {w}x{h}"), &draw(&a));
            a.update(Msg::Key(Key::named(KeyName::End)));
            let buf = draw(&a);
            assert_buffer_clean(&format!("tab {tab} at {w}x{h}, End"), &buf);
            if !a.geometry().too_small {
                assert_end_on_screen(&a, &buf);
            }
            a.update(Msg::Key(Key::named(KeyName::Tab)));
        }
    }

    #[test]
    fn a_second_load_gives_an_equal_model(text in any_text()) {
        let src = briefing_source(&text);
        let one = load_str(Path::new("p.toml"), &src, &LoadOptions::default()).unwrap();
        let two = load_str(Path::new("p.toml"), &src, &LoadOptions::default()).unwrap();
        prop_assert_eq!(&one.briefing, &two.briefing);
        prop_assert_eq!(&one.warnings, &two.warnings);
    }

    #[test]
    fn any_keys_and_resizes_never_panic_and_draw_clean(
        text in any_text(),
        msgs in proptest::collection::vec(msg(), 0..60),
    ) {
        let b = load(&text);
        let mut a = app(b, 80, 24);
        for (i, m) in msgs.into_iter().enumerate() {
            let _ = a.update(m);
            if i % 8 == 0 {
                assert_buffer_clean("after messages", &draw(&a));
            }
        }
        assert_buffer_clean("at the end", &draw(&a));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// With every section laid out in the smallest steps, any keys, resizes
    /// and idle moments between them never panic or draw unclean, keep the
    /// top within the lines, and, once the work is done, every layout is the
    /// whole layout at the current width.
    #[test]
    fn layouts_in_steps_end_as_whole_layouts(
        text in any_text(),
        msgs in proptest::collection::vec(
            prop_oneof![3 => msg(), 2 => Just(Msg::Idle)],
            0..60,
        ),
    ) {
        let b = load(&text);
        let mut settings = Settings::new(KeyMap::default());
        settings.steps = Steps { lazy_bytes: 0, step_bytes: 1, first_lines: 1 };
        let mut a = App::new(vec![Arc::clone(&b)], settings, (80, 24));
        a.update(Msg::Resize(80, 24));
        for (i, m) in msgs.into_iter().enumerate() {
            let _ = a.update(m);
            if let Some(r) = &a.reading
                && let Some(l) = r.layout()
            {
                prop_assert!(r.scroll() <= l.estimated_len(), "top within the lines");
            }
            if i % 8 == 0 {
                assert_buffer_clean("after messages", &draw(&a));
            }
        }
        let mut steps = 0;
        while a.has_work() {
            a.update(Msg::Idle);
            steps += 1;
            prop_assert!(steps < 10_000, "the work ends");
        }
        assert_buffer_clean("at the end", &draw(&a));
        let Some(r) = &a.reading else { return Ok(()) };
        let opts = WrapOptions {
            width: a.geometry().text_width,
            break_long_words: true,
        };
        let filter = r.filter.clone();
        for tab in 0..r.panes.len() {
            let pane = r.panes.pane(tab, View::Text);
            let (Page::Section(s), Some(layout)) = (r.pages[tab], &pane.layout) else {
                continue;
            };
            prop_assert!(pane.pending.is_none());
            let keep = |item: &brief::briefing::Item| {
                filter.as_deref().is_none_or(|t| item.tags.iter().any(|x| x == t))
            };
            // The first tab starts with the briefing's bottom line.
            let mut whole = if tab == 0 {
                SectionLayout::start_with_summary(&b, s, opts)
            } else {
                SectionLayout::start(&b, s, opts)
            };
            whole.grow(&b, keep, brief::layout::Until::End);
            prop_assert_eq!(layout, &whole);
        }
    }
}

/// After End, the pane's last line is within the rows on screen (and, when
/// it is plain ASCII, it is drawn).
fn assert_end_on_screen(a: &App, buf: &ratatui::buffer::Buffer) {
    let Some(r) = &a.reading else { return };
    let Some(layout) = r.layout() else { return };
    let body = a.geometry().body_height;
    let last = layout.lines.len();
    assert!(
        r.scroll() + body >= last,
        "End leaves the last line off screen: scroll {} + {body} rows < {last} lines",
        r.scroll()
    );
    if let Some(line) = layout.lines.last() {
        let t = line.text();
        let t = t.trim();
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            let shown = rows(buf);
            assert!(
                shown.iter().any(|row| row.contains(t)),
                "last line {t:?} not drawn:\n{}",
                shown.join("\n")
            );
        }
    }
}

fn msg() -> impl Strategy<Value = Msg> {
    let named = prop_oneof![
        Just(KeyName::Enter),
        Just(KeyName::Esc),
        Just(KeyName::Tab),
        Just(KeyName::BackTab),
        Just(KeyName::Backspace),
        Just(KeyName::Up),
        Just(KeyName::Down),
        Just(KeyName::Left),
        Just(KeyName::Right),
        Just(KeyName::Home),
        Just(KeyName::End),
        Just(KeyName::PageUp),
        Just(KeyName::PageDown),
        Just(KeyName::F(1)),
    ];
    prop_oneof![
        4 => proptest::sample::select(
            "jkgGnNoftyeEb?/]q[123456789 axz\u{1b}\u{9b}日".chars().collect::<Vec<_>>()
        )
        .prop_map(|c| Msg::Key(Key::char(c))),
        2 => named.prop_map(|k| Msg::Key(Key::named(k))),
        1 => proptest::sample::select(vec!['d', 'u', 'o', 'z', 'l'])
            .prop_map(|c| Msg::Key(Key::ctrl(c))),
        2 => (0u16..=300, 0u16..=100).prop_map(|(w, h)| Msg::Resize(w, h)),
        1 => (-20i32..=20).prop_map(Msg::Wheel),
        1 => (0u16..=300, 0u16..=100).prop_map(|(x, y)| Msg::Click(x, y)),
    ]
}

#[test]
fn sizes_from_nothing_to_a_thousand_square() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml");
    let b = Arc::new(
        brief::briefing::load_file(&path, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    for (w, h) in [
        (0, 0),
        (0, 1000),
        (1000, 0),
        (1, 1),
        (19, 5),
        (20, 4),
        (20, 5),
        (1000, 1),
        (1, 1000),
        (1000, 1000),
    ] {
        let mut a = app(Arc::clone(&b), w, h);
        assert_buffer_clean(&format!("{w}x{h}"), &draw(&a));
        a.update(Msg::Key(Key::named(KeyName::End)));
        let buf = draw(&a);
        assert_buffer_clean(&format!("{w}x{h}, End"), &buf);
        if !a.geometry().too_small {
            assert_end_on_screen(&a, &buf);
        }
    }
}

/// A word the loader keeps as it is: Latin letters, digits and punctuation,
/// starting with a letter or digit (so that a body never starts a list or a
/// quotation).
fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9éßœ][A-Za-z0-9éßœ,.;:!?'’()-]{0,11}"
}

/// Words joined by single spaces.
fn words(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(word(), 1..max)
}

/// A generated briefing: sections of items, each item with a title and a body.
type Generated = Vec<(Vec<String>, Vec<(Vec<String>, Vec<String>)>)>;

fn generated() -> impl Strategy<Value = Generated> {
    proptest::collection::vec(
        (
            words(6),
            proptest::collection::vec((words(8), words(60)), 1..4),
        ),
        1..4,
    )
}

/// The TOML of a generated briefing.
fn generated_source(g: &Generated) -> String {
    let mut src = String::from("[briefing]\ntitle = \"Generated\"\ndate = 2024-04-10\n");
    for (i, (title, items)) in g.iter().enumerate() {
        src.push_str(&format!(
            "\n[[sections]]\nid = \"s{i}\"\ntitle = {}\n",
            toml_string(&title.join(" "))
        ));
        for (title, body) in items {
            src.push_str(&format!(
                "\n[[sections.items]]\ntitle = {}\nbody = {}\n",
                toml_string(&title.join(" ")),
                toml_string(&body.join(" "))
            ));
        }
    }
    src
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The model round-trips through the export: a generated briefing,
    /// loaded and exported as text, holds every word of every section
    /// title, item title and body, in order, and no other word but the
    /// layout's decoration.
    #[test]
    fn a_loaded_briefing_exports_every_word_in_order(
        g in generated(),
        width in prop_oneof![Just(0usize), 20usize..120],
    ) {
        let src = generated_source(&g);
        let b = load_str(Path::new("g.toml"), &src, &LoadOptions::default())
            .unwrap_or_else(|r| panic!("{}\n{src}", r.render(false)))
            .briefing;
        prop_assert_eq!(b.sections.len(), g.len());
        let all: Vec<usize> = (0..b.sections.len()).collect();
        let out = brief::export::export_text(&b, &brief::export::Plan::sections(&all), width);
        let expected: Vec<&str> = g
            .iter()
            .flat_map(|(title, items)| {
                title.iter().chain(items.iter().flat_map(|(t, body)| t.iter().chain(body)))
            })
            .map(String::as_str)
            .collect();
        // The header names the briefing, its date and its sections; the
        // pages follow the first rule.
        let rule = out
            .lines()
            .position(|l| !l.is_empty() && l.chars().all(|c| c == '─'))
            .unwrap_or_else(|| panic!("no rule after the header:\n{out}"));
        let header: Vec<&str> = out.lines().take(rule).flat_map(str::split_whitespace).collect();
        let titles: Vec<&str> = g.iter().flat_map(|(t, _)| t).map(String::as_str).collect();
        let label = if g.len() == 1 { "Section:" } else { "Sections:" };
        let mut want = vec!["Generated", "=========", "Date:", "Wed", "10", "Apr", "2024", label];
        want.extend(&titles);
        let header: Vec<&str> = header.into_iter().filter(|&w| w != "·").collect();
        prop_assert_eq!(header, want, "export:\n{}", out);
        let pages: Vec<&str> = out
            .lines()
            .skip(rule)
            .flat_map(str::split_whitespace)
            .filter(|w| !decoration(w))
            .collect();
        prop_assert_eq!(pages, expected, "export:\n{}", out);
    }
}

/// A token the layout adds around text: a bullet, a rule under a heading,
/// a quotation bar.
fn decoration(token: &str) -> bool {
    token
        .chars()
        .all(|c| matches!(c, '•' | '│' | '─' | '═' | '—'))
}
