//! Hostile briefings and configurations (`tests/hostile/`, one file per
//! attack; the huge ones are generated here): each is loaded, drawn at
//! several sizes on every tab, exported as text and Markdown, and its
//! diagnostics rendered; nothing may panic, and no control character other
//! than newline may come out.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/screen.rs"]
mod screen;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::briefing::{Briefing, LoadOptions, Report, load_bytes, load_file, load_str};
use brief::config::keymap::{Key, KeyName};
use brief::reader::app::Msg;
use screen::{app, assert_buffer_clean, assert_clean, draw};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Sizes every hostile briefing is drawn at: nothing, too small, the
/// smallest usable, narrow, usual and wide.
const SIZES: &[(u16, u16)] = &[
    (0, 0),
    (1, 1),
    (19, 4),
    (20, 5),
    (33, 9),
    (80, 24),
    (211, 57),
];

/// Renders a report both ways and checks the plain one is clean and the
/// coloured one holds nothing but its own SGR colour sequences.
fn assert_report_safe(what: &str, report: &Report) -> String {
    let plain = report.render(false);
    assert_clean(&format!("{what}: plain diagnostics"), &plain);
    let colored = report.render(true);
    assert_clean(
        &format!("{what}: coloured diagnostics without SGR"),
        &strip_sgr(&colored),
    );
    for d in &report.diagnostics {
        assert_clean(&format!("{what}: headline"), &report.headline(d));
    }
    plain
}

/// Removes `ESC [ digits/semicolons m` (colour) sequences, nothing else.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            let mut seq = String::from("\x1b[");
            chars.next();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == ';' {
                    seq.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek() == Some(&'m') {
                chars.next();
                continue;
            }
            out.push_str(&seq);
        } else {
            out.push(c);
        }
    }
    out
}

/// Draws every tab at every size (and after End), and checks each frame.
fn assert_screens_safe(what: &str, b: &Arc<Briefing>) {
    for &(w, h) in SIZES {
        let mut a = app(Arc::clone(b), w, h);
        let tabs = a.reading.as_ref().map_or(1, |r| r.pages.len());
        for tab in 0..tabs {
            for key in [None, Some(KeyName::End)] {
                if let Some(k) = key {
                    a.update(Msg::Key(Key::named(k)));
                }
                let buf = draw(&a);
                assert_buffer_clean(&format!("{what} at {w}x{h}, tab {tab}"), &buf);
                assert_hyperlinks_safe(&format!("{what} at {w}x{h}, tab {tab}"), &a);
            }
            a.update(Msg::Key(Key::named(KeyName::Tab)));
        }
        // The overlays draw briefing text too.
        for c in ['o', 'f', '?', 't'] {
            a.update(Msg::Key(Key::char(c)));
            assert_buffer_clean(&format!("{what} at {w}x{h}, overlay {c}"), &draw(&a));
            a.update(Msg::Key(Key::named(KeyName::Esc)));
        }
    }
}

/// Every OSC 8 link the reader would send is clean text with an http(s) or
/// mailto scheme.
fn assert_hyperlinks_safe(what: &str, a: &brief::reader::app::App) {
    let area = ratatui::layout::Rect::new(0, 0, a.size.0, a.size.1);
    for l in brief::reader::ui::hyperlinks(a, &brief::config::Theme::dark(), area) {
        if !brief::briefing::text::is_linkable_url(&l.url) {
            continue; // drawn as text only
        }
        assert_clean(&format!("{what}: link"), &l.url);
        let lower = l.url.to_ascii_lowercase();
        assert!(
            ["http://", "https://", "mailto:"]
                .iter()
                .any(|s| lower.starts_with(s)),
            "{what}: links {:?}",
            l.url
        );
    }
}

#[test]
fn only_http_and_mailto_urls_become_links() {
    for (url, linked) in [
        ("javascript:alert(1)", false),
        ("file:///etc/passwd", false),
        ("https://example.com/\u{1b}]8;;x", true), // the escape became U+FFFD on load
        ("https://example.com/a b", false),
        ("HTTPS://EXAMPLE.COM/", true),
        ("mailto:someone@example.com", true),
    ] {
        let text = format!(
            "{HEAD}[[sources]]\nid = \"s\"\ntitle = \"S\"\nurl = {}\n\n[[sections]]\nid = \"a\"\ntitle = \"A\"\n\n[[sections.items]]\ntitle = \"I\"\nsources = [\"s\"]\n",
            brief::config::print::toml_string(url)
        );
        let b = Arc::new(
            load_str(Path::new("u.toml"), &text, &LoadOptions::default())
                .unwrap_or_else(|r| panic!("{}", r.render(false)))
                .briefing,
        );
        let mut a = app(b, 100, 30);
        let mut found = Vec::new();
        let tabs = a.reading.as_ref().map_or(1, |r| r.pages.len());
        for _ in 0..tabs {
            let area = ratatui::layout::Rect::new(0, 0, 100, 30);
            found.extend(
                brief::reader::ui::hyperlinks(&a, &brief::config::Theme::dark(), area)
                    .into_iter()
                    .filter(|l| brief::briefing::text::is_linkable_url(&l.url))
                    .map(|l| l.url),
            );
            a.update(Msg::Key(Key::named(KeyName::Tab)));
        }
        for l in &found {
            assert_clean(url, l);
        }
        assert_eq!(!found.is_empty(), linked, "{url:?}: {found:?}");
    }
}

/// Exports every section and the whole briefing as text and Markdown.
fn assert_exports_safe(what: &str, b: &Briefing) {
    let all: Vec<usize> = (0..b.sections.len()).collect();
    for width in [0, 1, 20, 80] {
        let text = brief::export::export_text(b, &brief::export::Plan::sections(&all), width);
        assert_clean(&format!("{what}: text export at {width}"), &text);
        let md = brief::export::export_markdown(b, &brief::export::Plan::sections(&all), width);
        assert_clean(&format!("{what}: Markdown export at {width}"), &md);
        for s in 0..b.sections.len() {
            let text = brief::export::export_text(b, &brief::export::Plan::sections(&[s]), width);
            assert_clean(&format!("{what}: section {s} at {width}"), &text);
        }
    }
}

/// Loads a hostile file that must load (with warnings), and checks it all.
fn loads_safely(name: &str) -> Arc<Briefing> {
    let loaded = load_file(&hostile(name), &LoadOptions::default())
        .unwrap_or_else(|r| panic!("{name} should load:\n{}", r.render(false)));
    assert_report_safe(name, &loaded.warnings);
    let b = Arc::new(loaded.briefing);
    assert_screens_safe(name, &b);
    assert_exports_safe(name, &b);
    b
}

/// Loads a hostile file that must be refused, and checks its diagnostics.
fn refused_safely(name: &str) -> String {
    let report = load_file(&hostile(name), &LoadOptions::default())
        .err()
        .unwrap_or_else(|| panic!("{name} should be refused"));
    assert!(report.has_errors());
    assert_report_safe(name, &report)
}

/// Every string of a loaded briefing (via its Debug form, which prints
/// controls escaped) is free of what the loader promises to remove.
fn assert_model_clean(name: &str, b: &Briefing) {
    let debug = format!("{b:?}");
    for bad in [
        "\\u{1b}",
        "\\u{9b}",
        "\\u{7f}",
        "\\u{202e}",
        "\\u{2066}",
        "\\0",
        "\\u{7}",
    ] {
        assert!(!debug.contains(bad), "{name}: model holds {bad}");
    }
}

#[test]
fn c0_controls_are_replaced_everywhere() {
    let b = loads_safely("c0-controls.toml");
    assert_model_clean("c0", &b);
    assert!(b.meta.title.contains('\u{FFFD}'), "{:?}", b.meta.title);
}

#[test]
fn del_and_c1_controls_including_the_8_bit_csi_are_replaced() {
    let b = loads_safely("del-c1.toml");
    assert_model_clean("c1", &b);
    assert!(!b.sections[0].title.contains('\u{9b}'));
}

#[test]
fn escape_sequences_never_survive() {
    let b = loads_safely("escape-sequences.toml");
    assert_model_clean("esc", &b);
    // The visible rest of a sequence stays readable as plain text.
    assert!(
        b.sections[0].title.contains("[2J"),
        "{:?}",
        b.sections[0].title
    );
}

#[test]
fn bidi_overrides_and_isolates_are_removed() {
    let b = loads_safely("bidi.toml");
    assert_model_clean("bidi", &b);
    assert_eq!(b.meta.title, "Invoice fdp.exe");
}

#[test]
fn control_characters_in_ids_keys_and_references_are_errors_not_replays() {
    let text = refused_safely("hostile-ids.toml");
    assert!(
        text.contains("hostile-ids.toml:6:1: error: unknown key `?]52;c;aGk=?` in [briefing]"),
        "{text}"
    );
    // Every hostile line is quoted defanged: the rest of it is still there.
    assert!(text.contains("52;c;aGk="), "{text}");
}

#[test]
fn raw_control_bytes_in_the_file_are_reported_safely() {
    let text = refused_safely("raw-controls.toml");
    assert!(
        text.contains("raw-controls.toml:1:41: error: invalid TOML"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_safely() {
    let text = refused_safely("not-utf8.toml");
    assert!(text.contains("not UTF-8"), "{text}");
}

#[test]
fn hostile_file_names_are_printed_safely() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "evil\u{1b}]52;c;aGk=\u{7}.toml",
        "csi\u{9b}2J.toml",
        "bidi\u{202e}lmth.toml",
        "new\nline.toml",
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, "[briefing]\ntitel = 1\n").unwrap();
        let report = load_file(&path, &LoadOptions::default()).unwrap_err();
        assert_report_safe(name, &report);
        // Through the binary, as `brief check` prints it.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("check")
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_clean(name, &stdout);
        assert_clean(name, &stderr);
        // Refused, with the mistake and where it is, under the name
        // defanged (its controls shown as `?`).
        let said = format!("{stdout}{stderr}");
        assert_eq!(out.status.code(), Some(1), "{name:?}: {said}");
        assert!(
            said.contains(":2:1: error: unknown key `titel` in [briefing]"),
            "{name:?}: {said}"
        );
        let shown = name.replace(|c: char| c.is_control() || c == '\u{202e}', "?");
        assert!(said.contains(&shown), "{name:?} shown as {shown:?}: {said}");
    }
}

#[test]
fn cjk_and_full_width_text() {
    let b = loads_safely("cjk.toml");
    assert_unicode_consistent("cjk", &b);
}

#[test]
fn emoji_sequences() {
    let b = loads_safely("emoji.toml");
    assert_unicode_consistent("emoji", &b);
}

#[test]
fn combining_marks_and_nfd_text_are_normalized() {
    let b = loads_safely("combining-nfd.toml");
    assert_eq!(b.meta.title, "Caf\u{e9} M\u{fc}nchen \u{c5}ngstr\u{f6}m");
    assert!(
        b.sections[0].items[0].title.contains('\u{d55c}'),
        "Hangul composed"
    );
    assert_unicode_consistent("marks", &b);
}

#[test]
fn right_to_left_text_stays_in_logical_order() {
    let b = loads_safely("rtl.toml");
    assert_eq!(b.meta.title, "שלום עולם and مرحبا بالعالم");
    assert_unicode_consistent("rtl", &b);
}

#[test]
fn zero_width_characters() {
    let b = loads_safely("zero-width.toml");
    assert_unicode_consistent("zero-width", &b);
}

/// The export at a width and the reader's layout at that width are the same
/// lines (the reader breaks over-long words, the export keeps them, so
/// compare where nothing is over-long), no line is wider than the width
/// unless it is one word, and no line starts inside a grapheme.
fn assert_unicode_consistent(what: &str, b: &Briefing) {
    use brief::layout::{SectionLayout, WrapOptions, width};
    use unicode_segmentation::UnicodeSegmentation;
    for w in [8usize, 13, 21, 40, 80] {
        for s in 0..b.sections.len() {
            let export = SectionLayout::new(
                b,
                s,
                WrapOptions {
                    width: w,
                    break_long_words: false,
                },
            );
            let reader = SectionLayout::new(
                b,
                s,
                WrapOptions {
                    width: w,
                    break_long_words: true,
                },
            );
            for line in reader.lines.iter() {
                let t = line.text();
                assert!(
                    width(t) <= w || t.trim().graphemes(true).count() == 1,
                    "{what} reader at {w}: {t:?} is {} wide",
                    width(t)
                );
                assert_no_broken_grapheme(what, t);
            }
            for line in export.lines.iter() {
                let t = line.text();
                assert!(
                    width(t) <= w || !t.trim().trim_start_matches(['•', '│']).trim().contains(' '),
                    "{what} export at {w}: {t:?} is {} wide",
                    width(t)
                );
                assert_no_broken_grapheme(what, t);
            }
            if export.lines.iter().all(|l| l.width() <= w) {
                let a: Vec<&str> = export.lines.iter().map(|l| l.text()).collect();
                let r: Vec<&str> = reader.lines.iter().map(|l| l.text()).collect();
                assert_eq!(a, r, "{what} at {w}: reader and export differ");
            }
        }
    }
}

/// A line must not start with a character that only continues a grapheme
/// (a combining mark, a joiner, a modifier, a variation selector).
fn assert_no_broken_grapheme(what: &str, line: &str) {
    use unicode_segmentation::UnicodeSegmentation;
    let t = line.trim_start();
    if let Some(first) = t.graphemes(true).next() {
        let c = first.chars().next().unwrap();
        let alone = c.to_string();
        assert!(
            alone.graphemes(true).count() == 1
                && !matches!(c, '\u{200d}' | '\u{fe0f}' | '\u{fe0e}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{300}'..='\u{36f}'),
            "{what}: a line starts inside a grapheme: {line:?}"
        );
    }
}

#[test]
fn hostile_configuration_is_reported_without_replaying() {
    let path = hostile("config-hostile.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let report = brief::config::file::parse(&path, &text, false).unwrap_err();
    let out = assert_report_safe("config", &report);
    assert!(out.contains("error"), "{out}");
}

#[test]
fn hostile_folders_in_a_configuration_are_printed_escaped() {
    let path = hostile("config-escape-path.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["config", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_clean("brief config", &stdout);
    assert_clean("brief config stderr", &stderr);
    assert!(
        stdout.contains("\\u001B"),
        "escaped, not dropped:\n{stdout}"
    );
}

// ---- Input limits: generated at test time, never committed. ----

/// A valid header and one section, ready for more.
const HEAD: &str = "[briefing]\ntitle = \"Limits\"\ndate = 2024-04-10\n\n";

fn within(limit: Duration, what: &str, start: Instant) {
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}");
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: no 64 MiB of disk needed.
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
    let start = Instant::now();
    let report = load_file(&path, &LoadOptions::default()).unwrap_err();
    within(Duration::from_secs(1), "refusing a huge file", start);
    let text = assert_report_safe("huge", &report);
    assert!(
        text.contains("too large") && text.contains("64 MiB"),
        "{text}"
    );
}

#[test]
fn nesting_too_deep_is_refused_with_a_clear_message() {
    for (open, close) in [("[", "]"), ("{a=", "}")] {
        let deep = format!(
            "{HEAD}x = {}1{}\n",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let start = Instant::now();
        let report = load_str(Path::new("deep.toml"), &deep, &LoadOptions::default()).unwrap_err();
        within(Duration::from_secs(5), "deep nesting", start);
        let text = assert_report_safe("deep", &report);
        assert!(text.contains("nesting deeper than 64"), "{text}");
    }
}

const MB: usize = 1024 * 1024;

#[test]
fn a_one_megabyte_single_line_body_loads_draws_and_exports() {
    long_line(MB);
}

#[test]
#[ignore = "about 40 s in a debug build: cargo test --release --test hostile -- --ignored"]
fn a_ten_megabyte_single_line_body_loads_draws_and_exports() {
    long_line(10 * MB);
}

#[test]
fn a_single_one_megabyte_word_is_cut_in_the_reader_and_kept_in_the_export() {
    long_word(MB);
}

#[test]
#[ignore = "about 45 s in a debug build: cargo test --release --test hostile -- --ignored"]
fn a_single_ten_megabyte_word_is_cut_in_the_reader_and_kept_in_the_export() {
    long_word(10 * MB);
}

fn long_line(bytes: usize) {
    let word = "lorem ipsum dolor sit amet, 日本語 👩‍👩‍👧‍👦 ";
    let body = word.repeat(bytes / word.len());
    let text = format!(
        "{HEAD}[[sections]]\nid = \"long\"\ntitle = \"Long\"\n\n[[sections.items]]\ntitle = \"One line\"\nbody = \"{body}\"\n"
    );
    let start = Instant::now();
    let b = Arc::new(
        load_str(Path::new("long.toml"), &text, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    let mut a = app(Arc::clone(&b), 80, 24);
    a.update(Msg::Key(Key::named(KeyName::End)));
    assert_buffer_clean("long", &draw(&a));
    let out = brief::export::export_text(&b, &brief::export::Plan::sections(&[0]), 80);
    assert!(out.lines().all(|l| brief::layout::width(l) <= 80));
    // Every word is kept, and nothing breaks a grapheme (the family stays one).
    let count = |s: &str, w: &str| s.matches(w).count();
    assert_eq!(count(&out, "lorem"), count(&body, "lorem"));
    assert_eq!(count(&out, "👩‍👩‍👧‍👦"), count(&body, "👩‍👩‍👧‍👦"));
    assert!(out.contains("One line"), "the item's title");
    within(Duration::from_secs(60), "a long line", start);
}

fn long_word(bytes: usize) {
    let body = "x".repeat(bytes);
    let text = format!(
        "{HEAD}[[sections]]\nid = \"word\"\ntitle = \"Word\"\n\n[[sections.items]]\ntitle = \"One word\"\nbody = \"{body}\"\n"
    );
    let b = Arc::new(
        load_str(Path::new("word.toml"), &text, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    let mut a = app(Arc::clone(&b), 80, 24);
    a.update(Msg::Key(Key::named(KeyName::End)));
    // The reader cuts the word into rows of the text's width: the screen
    // (which cannot be wider than 80) shows full rows of it.
    let rows = screen::rows(&draw(&a));
    let pieces = rows.iter().filter(|r| r.contains(&"x".repeat(60))).count();
    assert!(
        pieces >= 10,
        "the word is drawn cut into rows:\n{}",
        rows.join("\n")
    );
    let out = brief::export::export_text(&b, &brief::export::Plan::sections(&[0]), 80);
    assert!(out.contains(&body), "the export keeps the word whole");
}

#[test]
fn a_hundred_thousand_tags_load_and_export() {
    let tags: Vec<String> = (0..100_000).map(|i| format!("\"t{i}\"")).collect();
    let text = format!(
        "{HEAD}[[sections]]\nid = \"tags\"\ntitle = \"Tags\"\n\n[[sections.items]]\ntitle = \"Many tags\"\ntags = [{}]\n",
        tags.join(", ")
    );
    let start = Instant::now();
    let b = Arc::new(
        load_str(Path::new("tags.toml"), &text, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    let a = app(Arc::clone(&b), 80, 24);
    assert_buffer_clean("tags", &draw(&a));
    let out = brief::export::export_text(&b, &brief::export::Plan::sections(&[0]), 80);
    assert!(out.contains("Many tags"), "the item's title");
    assert!(
        out.contains("t0") && out.contains("t99999"),
        "first and last tags"
    );
    within(Duration::from_secs(60), "100,000 tags", start);
}

#[test]
fn a_hundred_thousand_items_in_an_array_are_refused_or_loaded_quickly() {
    // An array of 100,000 inline tables where strings are expected: every
    // one is an error, so the report must cap its length.
    let items: Vec<&str> = vec!["{ a = 1 }"; 100_000];
    let text = format!(
        "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n\n[[sections.items]]\ntitle = \"I\"\ntags = [{}]\n",
        items.join(", ")
    );
    let start = Instant::now();
    let report = load_str(Path::new("items.toml"), &text, &LoadOptions::default()).unwrap_err();
    let rendered = assert_report_safe("items", &report);
    within(Duration::from_secs(60), "100,000 wrong items", start);
    assert!(
        report.diagnostics.len() <= 201,
        "{}",
        report.diagnostics.len()
    );
    assert!(rendered.contains("more errors not shown"), "capped");
}

#[test]
fn a_thousand_sections_load_draw_and_export() {
    let mut text = String::from(HEAD);
    for i in 0..1000 {
        text.push_str(&format!(
            "[[sections]]\nid = \"s{i}\"\ntitle = \"Section {i}\"\n\n[[sections.items]]\ntitle = \"Item {i}\"\nbody = \"Text of {i}.\"\n\n"
        ));
    }
    let start = Instant::now();
    let b = Arc::new(
        load_str(Path::new("many.toml"), &text, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    assert_eq!(b.sections.len(), 1000);
    let mut a = app(Arc::clone(&b), 80, 24);
    for _ in 0..3 {
        a.update(Msg::Key(Key::named(KeyName::BackTab)));
        assert_buffer_clean("sections", &draw(&a));
    }
    let all: Vec<usize> = (0..1000).collect();
    let out = brief::export::export_text(&b, &brief::export::Plan::sections(&all), 80);
    assert!(out.contains("Section 999"));
    within(Duration::from_secs(60), "1,000 sections", start);
}

#[test]
fn arbitrary_bytes_of_every_hostile_file_reload_equal() {
    // A second load of the same bytes gives an equal model.
    for entry in std::fs::read_dir(hostile("")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let a = load_bytes(&path, &bytes, &LoadOptions::default());
        let b = load_bytes(&path, &bytes, &LoadOptions::default());
        match (a, b) {
            (Ok(a), Ok(b)) => assert_eq!(a.briefing, b.briefing),
            (Err(a), Err(b)) => assert_eq!(a, b),
            _ => panic!("{}: two loads disagree", path.display()),
        }
    }
}

#[test]
fn command_line_errors_do_not_replay_an_argument_on_a_terminal() {
    // On a terminal clap writes colour: the command runs in a pseudo-terminal
    // (from a script, so that the terminal does not echo the argument as it
    // is typed).
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("run.sh");
    std::fs::write(
        &script,
        format!(
            "{} export x.toml --width '1\u{1b}[2J\u{1b}]52;c;aGk=\u{7}'\n",
            env!("CARGO_BIN_EXE_brief")
        ),
    )
    .unwrap();
    let t = pty::Pty::start(dir.path(), 100, 20);
    let mark = t.mark();
    t.run("bash run.sh; echo EXIT=$?");
    let s = t.wait_for("EXIT=2");
    assert!(s.contains("the width must be"), "the error is shown:\n{s}");
    let text = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    assert_clean(
        "clap error on a terminal",
        &strip_sgr(&text).replace('\r', ""),
    );
    assert!(!text.contains("]52;"), "no clipboard sequence: {text:?}");
}

#[test]
fn listing_and_searching_a_hostile_library_prints_nothing_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    // The index of the library goes here, not into the user's cache.
    let cache = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(hostile("")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("evil\u{1b}]2;pwned\u{7}\u{202e}.toml"),
        "[briefing]\ntitle = \"x\"\ndate = 2024-04-10\n\n[[sections]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"steel \\u001b[2J\"\n",
    )
    .unwrap();
    // Each command's exit status (1: some file is broken, or nothing
    // matched; 0: matches found) and what it must say, besides what it
    // must not.
    let evil = "evil?]2;pwned??.toml";
    let cases: [(&[&str], i32, Vec<String>); 5] = [
        (
            &["list"],
            1,
            vec![
                "Invoice fdp.exe".into(),
                "Café München Ångström".into(),
                evil.into(),
            ],
        ),
        (
            &["search", "2J"],
            0,
            vec![
                "c0-controls.toml › Section".into(),
                format!("{evil} › A: steel \u{fffd}[2J"),
            ],
        ),
        (&["search", "steel"], 0, vec![format!("{evil} › A: steel")]),
        (
            // A query of nothing but a control character has no words
            // for the index to find: a usage error, said safely.
            &["search", "\u{1b}"],
            2,
            vec!["error: the query has no words to find".into()],
        ),
        (
            &["check"],
            1,
            vec![
                "raw-controls.toml:1:41: error".into(),
                "not UTF-8".into(),
                format!("{evil}: ok — \"x\""),
            ],
        ),
    ];
    for (args, code, says) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .arg(dir.path())
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        let what = format!("brief {args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_clean(&what, &stdout);
        assert_clean(&what, &stderr);
        assert_eq!(out.status.code(), Some(code), "{what}: {stdout}{stderr}");
        for s in &says {
            assert!(
                stdout.contains(s.as_str()) || stderr.contains(s.as_str()),
                "{what} does not say {s:?}: {stdout}{stderr}"
            );
        }
    }
}
