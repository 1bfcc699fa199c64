//! The fuzz targets' bodies, as plain functions of the input bytes.
//!
//! Each target in `fuzz_targets/` is one line that calls its function here,
//! and `tests/fuzz_corpus.rs` in the main crate includes this same file and
//! calls the same functions on every committed corpus file and crash
//! reproducer: so `cargo test`, on stable Rust, replays what the fuzzer
//! found, and a crash once fixed stays fixed.
//!
//! This file is compiled in two crates (the fuzz crate and a test of the
//! main one), so it names nothing through `crate::`.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use arbitrary::{Result as Decoded, Unstructured};
use brief::briefing::clean::is_unsafe_char;
use brief::briefing::{Briefing, LoadOptions, load_bytes};
use brief::config::Theme;
use brief::config::action::Action;
use brief::config::keymap::{Key, KeyMap, KeyName};
use brief::layout::panes::Steps;
use brief::layout::{Block, DocBlock, Role, WrapOptions, width, wrap_blocks};
use brief::library::Entry;
use brief::library::index::Listed;
use brief::reader::app::{App, Effect, Msg, Screen, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_segmentation::UnicodeSegmentation;

/// What a target does with one input; it panics on a failure.
pub type Body = fn(&[u8]);

/// Every target, by the name of its folder under `fuzz/corpus/` and
/// `fuzz/artifacts/`, with its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("load", load),
    ("layout", layout),
    ("config", config),
    ("state", state),
    ("app", app),
    ("search", search),
];

/// Whether a character may be drawn into a cell or printed: not a control
/// character, and nothing else [`is_unsafe_char`] keeps from a terminal.
fn safe(c: char) -> bool {
    !c.is_control() && !is_unsafe_char(c)
}

/// Whether printed text is safe, its line breaks (and tabs, where `tabs`)
/// aside.
fn safe_text(text: &str, tabs: bool) -> bool {
    text.chars()
        .all(|c| c == '\n' || (tabs && c == '\t') || safe(c))
}

/// The briefings the reader targets read: the bundled one and the reader's
/// fixtures, loaded once (a fuzz run calls the targets millions of times).
/// Their files are part of the binary, so the targets read no file.
fn fixtures() -> &'static [Arc<Briefing>] {
    static FIXTURES: OnceLock<Vec<Arc<Briefing>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let files: [(&str, &str); 6] = [
            (
                "summit.toml",
                include_str!("../../briefings/us-japan-summit-2024-04.toml"),
            ),
            (
                "twelve-sections.toml",
                include_str!("../../tests/fixtures/reader/twelve-sections.toml"),
            ),
            (
                "views.toml",
                include_str!("../../tests/fixtures/reader/views.toml"),
            ),
            (
                "japanese.toml",
                include_str!("../../tests/fixtures/reader/japanese.toml"),
            ),
            (
                "complete.toml",
                include_str!("../../tests/fixtures/valid/complete.toml"),
            ),
            ("bidi.toml", include_str!("../../tests/hostile/bidi.toml")),
        ];
        files
            .iter()
            .map(|(name, text)| {
                let loaded = load_bytes(Path::new(name), text.as_bytes(), &LoadOptions::default())
                    .unwrap_or_else(|_| panic!("the fixture {name} loads"));
                Arc::new(loaded.briefing)
            })
            .collect()
    })
}

/// A terminal of `w`×`h` cells that keeps what is drawn in memory.
fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("a test backend never fails")
}

/// Draws one frame of the reader, as the event loop does, and checks it:
/// no cell holds a control character or a character unsafe for a
/// terminal, and the text on screen starts within its section's lines.
fn draw_and_check(term: &mut Terminal<TestBackend>, app: &App, theme: &Theme) {
    let size = term.size().expect("a test backend has a size");
    if (size.width, size.height) != app.size {
        term.backend_mut().resize(app.size.0, app.size.1);
    }
    term.draw(|f| brief::reader::ui::draw(f, app, theme))
        .expect("a test backend never fails");
    let buf = term.backend().buffer();
    for (i, cell) in buf.content().iter().enumerate() {
        assert!(
            cell.symbol().chars().all(safe),
            "cell {i} of a {}x{} frame holds {:?}",
            buf.area.width,
            buf.area.height,
            cell.symbol()
        );
    }
    if let Some(r) = &app.reading {
        assert!(r.tab < r.pages.len(), "tab {} of {}", r.tab, r.pages.len());
        let g = app.geometry();
        assert!(
            r.scroll() <= r.max_scroll(g.body_height),
            "top line {} past the last top {} of tab {} ({:?})",
            r.scroll(),
            r.max_scroll(g.body_height),
            r.tab,
            r.page()
        );
    }
}

/// Arbitrary bytes into the loader: it must never panic, and every string in
/// a briefing it accepts must be clean; a refusal must render safely. An
/// accepted briefing is exported and read in the reader, every tab drawn at
/// a few sizes.
pub fn load(data: &[u8]) {
    let path = Path::new("fuzz.toml");
    match load_bytes(path, data, &LoadOptions::default()) {
        Ok(loaded) => {
            let b = &loaded.briefing;
            let all = brief::export::Plan::all(b);
            for width in [0, 1, 20, 80] {
                let text = brief::export::export_text(b, &all, width);
                assert!(safe_text(&text, false), "{text:?}");
                let md = brief::export::export_markdown(b, &all, width);
                assert!(safe_text(&md, false), "{md:?}");
            }
            let again = load_bytes(path, data, &LoadOptions::default()).expect("loads twice");
            assert_eq!(&again.briefing, b);
            let b = Arc::new(loaded.briefing);
            for (w, h) in [(80, 24), (23, 7), (3, 2)] {
                read_every_tab(&b, w, h);
            }
        }
        Err(report) => {
            let out = report.render(false);
            assert!(safe_text(&out, true), "{out:?}");
        }
    }
}

/// Opens a briefing in the reader at `w`×`h` and draws each of its tabs,
/// its figures and its key help.
fn read_every_tab(b: &Arc<Briefing>, w: u16, h: u16) {
    let theme = Theme::dark();
    let mut app = App::new(
        vec![Arc::clone(b)],
        Settings::new(KeyMap::default()),
        (w, h),
    );
    app.update(Msg::Resize(w, h));
    let mut term = terminal(w, h);
    let pages = app.reading.as_ref().map_or(0, |r| r.pages.len());
    for _ in 0..pages {
        draw_and_check(&mut term, &app, &theme);
        // The end of the tab, then its figures, then back.
        app.update(Msg::Key(Key::char('G')));
        draw_and_check(&mut term, &app, &theme);
        app.update(Msg::Key(Key::char('f')));
        draw_and_check(&mut term, &app, &theme);
        app.update(Msg::Key(Key::char('f')));
        app.update(Msg::Key(Key::named(KeyName::Tab)));
    }
    app.update(Msg::Key(Key::char('?')));
    draw_and_check(&mut term, &app, &theme);
}

/// Arbitrary text and widths into the layout engine: it must never panic,
/// never emit a control character, and never draw a line wider than the
/// width unless that line is a single grapheme that is itself wider.
pub fn layout(data: &[u8]) {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    // Text as the model gives it to the layout: every block is one line
    // (a body's paragraphs, bullets and quotations are split at its line
    // breaks, each one's lines joined by a space), sanitized.
    let raw = String::from_utf8_lossy(rest);
    let text = brief::briefing::clean::Line::new(&raw).as_str().to_string();
    let w = usize::from(w % 128);
    let blocks = vec![
        DocBlock::new(
            Block::Heading {
                level: 2,
                text: text.clone(),
            },
            None,
        ),
        DocBlock::new(
            Block::Text {
                text: text.clone(),
                role: Role::Body,
            },
            Some(0),
        ),
        DocBlock::new(Block::Bullet(text.clone()), Some(0)),
        DocBlock::new(Block::Quotation(text.clone()), Some(0)),
    ];
    let lines = wrap_blocks(
        &blocks,
        WrapOptions {
            width: w,
            break_long_words: true,
        },
    );
    for l in lines.iter() {
        let t = l.text();
        assert!(!t.chars().any(char::is_control), "{t:?}");
        if w >= 8 {
            assert!(
                width(t) <= w || t.trim().graphemes(true).count() == 1,
                "width {w}: {t:?}"
            );
        }
    }
}

/// Arbitrary bytes as a configuration file: a refusal must render safely;
/// an accepted configuration must print as TOML that reads back to the
/// same settings, and the reader must draw with its theme and keys
/// (the key help is made from the key map).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("config.toml");
    let no_color = text.len() % 2 == 1;
    match brief::config::file::parse(path, text, no_color) {
        Err(report) => {
            let out = report.render(false);
            assert!(safe_text(&out, true), "{out:?}");
        }
        Ok(config) => {
            let printed = brief::config::print::effective(&config);
            assert!(safe_text(&printed, false), "{printed:?}");
            let again = brief::config::file::parse(path, &printed, no_color).unwrap_or_else(|r| {
                panic!(
                    "the printed settings do not read back: {}\n{printed}",
                    r.render(false)
                )
            });
            assert_eq!(again.keys, config.keys, "{printed}");
            assert_eq!(again.theme, config.theme, "{printed}");
            assert_eq!(again.max_width, config.max_width, "{printed}");
            assert_eq!(again.export_width, config.export_width, "{printed}");
            assert_eq!(again.mouse, config.mouse, "{printed}");
            assert_eq!(again.generated_tabs, config.generated_tabs, "{printed}");

            let mut settings = Settings::new(config.keys.clone());
            settings.max_width = config.max_width;
            settings.generated_tabs = config.generated_tabs;
            let (w, h) = (90, 30);
            let mut app = App::new(vec![Arc::clone(&fixtures()[0])], settings, (w, h));
            app.update(Msg::Resize(w, h));
            let mut term = terminal(w, h);
            draw_and_check(&mut term, &app, &config.theme);
            // The key help, in the reading view and over it.
            for key in config.keys.keys(Action::Help).to_vec() {
                app.update(Msg::Key(key));
                draw_and_check(&mut term, &app, &config.theme);
            }
        }
    }
}

/// Arbitrary bytes as a saved-position file (after a first byte that picks
/// the briefing it is for): a refusal must give a one-line reason; an
/// accepted position must write back to the same bytes' meaning, and the
/// reader must resume there, within its lines, and save where it resumed.
pub fn state(data: &[u8]) {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    let b = &fixtures()[usize::from(pick) % fixtures().len()];
    let canonical = b.path.to_string_lossy();
    let position = match brief::state::parse(json, &canonical) {
        Err(why) => {
            let line = brief::briefing::clean::defang(&why);
            assert!(safe_text(&line, false) && !line.contains('\n'), "{line:?}");
            return;
        }
        Ok(None) => return,
        Ok(Some(position)) => position,
    };
    let written = brief::state::serialize(&canonical, &position).expect("a position serialises");
    assert_eq!(
        brief::state::parse(written.as_bytes(), &canonical),
        Ok(Some(position.clone()))
    );

    let (w, h) = match pick / 8 % 3 {
        0 => (80, 24),
        1 => (30, 8),
        _ => (150, 50),
    };
    let theme = Theme::dark();
    let mut app = App::new(
        vec![Arc::clone(b)],
        Settings::new(KeyMap::default()),
        (w, h),
    );
    app.update(Msg::Resize(w, h));
    app.update(Msg::Resume(Some(position), None));
    let mut term = terminal(w, h);
    draw_and_check(&mut term, &app, &theme);
    // Where the reader is now is a position it can resume at exactly.
    let Some((_, here)) = app.position() else {
        return;
    };
    let mut again = App::new(
        vec![Arc::clone(b)],
        Settings::new(KeyMap::default()),
        (w, h),
    );
    again.update(Msg::Resize(w, h));
    again.update(Msg::Resume(Some(here.clone()), None));
    draw_and_check(&mut term, &again, &theme);
    assert_eq!(again.position().map(|(_, p)| p), Some(here));
}

/// Keys worth pressing: every key the default key map binds, and the
/// named keys.
fn keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let map = KeyMap::default();
        let mut keys: Vec<Key> = Action::ALL
            .iter()
            .flat_map(|info| map.keys(info.action).iter().copied())
            .collect();
        keys.extend(
            [
                KeyName::Enter,
                KeyName::Esc,
                KeyName::Tab,
                KeyName::BackTab,
                KeyName::Backspace,
                KeyName::Delete,
                KeyName::Up,
                KeyName::Down,
                KeyName::Left,
                KeyName::Right,
                KeyName::Home,
                KeyName::End,
                KeyName::PageUp,
                KeyName::PageDown,
                KeyName::Insert,
                KeyName::F(1),
            ]
            .map(Key::named),
        );
        keys.sort();
        keys.dedup();
        keys
    })
}

/// A key: mostly one the reader binds, else any character a terminal can
/// send as a key (crossterm turns C0 controls into named or Ctrl keys),
/// with any modifiers.
fn arbitrary_key(u: &mut Unstructured) -> Decoded<Key> {
    if u.ratio(3, 4)? {
        return Ok(*u.choose(keys())?);
    }
    let c: char = u.arbitrary()?;
    let c = if c.is_ascii_control() { 'x' } else { c };
    Ok(Key {
        code: KeyName::Char(c),
        ctrl: u.ratio(1, 8)?,
        alt: u.ratio(1, 8)?,
    })
}

/// A message of the terminal or of the loop: a key (most often), a resize,
/// a moment without input, the wheel or a click.
fn arbitrary_msg(u: &mut Unstructured, size: (u16, u16)) -> Decoded<Msg> {
    Ok(match u.int_in_range(0..=15u8)? {
        0 => Msg::Resize(u.int_in_range(0..=220)?, u.int_in_range(0..=70)?),
        1 | 2 => Msg::Idle,
        3 => Msg::Wheel(u.int_in_range(-3..=3)?),
        4 => Msg::Click(
            u.int_in_range(0..=size.0.saturating_add(1))?,
            u.int_in_range(0..=size.1.saturating_add(1))?,
        ),
        _ => Msg::Key(arbitrary_key(u)?),
    })
}

/// A library entry for `path` that did not load, as the reader gets it
/// when a watched file is saved broken.
fn broken(path: &Path) -> Entry {
    let report = load_bytes(path, b"[briefing]\ntitle = 1\n", &LoadOptions::default())
        .expect_err("a number for a title is refused");
    Entry {
        path: path.to_path_buf(),
        content_hash: Some(1),
        result: Err(Arc::new(report)),
    }
}

/// The reader driven by arbitrary messages on a test backend: the first
/// bytes choose the library (one to three briefings, sometimes a broken
/// file), the settings (how long sections are laid out in steps, the
/// widest text, the generated tabs) and the screen; the rest is a sequence
/// of keys, resizes, idle moments, wheel turns and clicks. Every frame is
/// drawn and checked (see [`draw_and_check`]); effects are answered as the
/// event loop answers them, without touching the disk.
pub fn app(data: &[u8]) {
    let _ = drive(&mut Unstructured::new(data));
}

/// [`app`], stopping where the bytes run out.
fn drive(u: &mut Unstructured) -> Decoded<()> {
    let all = fixtures();
    let mut library: Vec<Entry> = Vec::new();
    for _ in 0..u.int_in_range(1..=3u8)? {
        let b = u.choose(all)?;
        library.push(Entry {
            path: b.path.clone(),
            content_hash: Some(0),
            result: Ok(Arc::clone(b)),
        });
    }
    if u.ratio(1, 4)? {
        library.push(broken(Path::new("broken.toml")));
    }
    let mut settings = Settings::new(KeyMap::default());
    if u.arbitrary()? {
        // Small steps, so that the fixtures are laid out as a long
        // section is: in steps, between frames.
        settings.steps = Steps {
            lazy_bytes: u.int_in_range(0..=4096)?,
            step_bytes: u.int_in_range(1..=4096)?,
            first_lines: u.int_in_range(0..=64)?,
        };
    }
    settings.max_width = u.int_in_range(1..=200)?;
    settings.generated_tabs = u.ratio(3, 4)?;
    let size = (u.int_in_range(0..=200)?, u.int_in_range(0..=60)?);
    // A library listed by its index: rows without their files, loaded
    // when the picker asks.
    let indexed = u.ratio(1, 3)?;
    let theme = Theme::dark();
    let mut app = if indexed {
        App::with_library(Vec::new(), settings, size)
    } else {
        App::with_library(library.clone(), settings, size)
    };
    let mut effect = app.update(Msg::Resize(size.0, size.1));
    if indexed {
        effect = effect.or(app.update(Msg::Listed(library.iter().map(Listed::of).collect())));
    }
    answer(&mut app, effect, u, all, &library);
    let mut term = terminal(size.0, size.1);
    draw_and_check(&mut term, &app, &theme);
    for _ in 0..2000 {
        if u.is_empty() {
            break;
        }
        let msg = arbitrary_msg(u, app.size)?;
        let effect = app.update(msg);
        answer(&mut app, effect, u, all, &library);
        draw_and_check(&mut term, &app, &theme);
        if app.screen == Screen::Reading {
            assert!(app.reading.is_some(), "reading with nothing open");
        }
    }
    Ok(())
}

/// Answers `effect` as the event loop would, without touching the disk,
/// and each effect its answer brings.
fn answer(
    app: &mut App,
    mut effect: Option<Effect>,
    u: &mut Unstructured,
    all: &[Arc<Briefing>],
    library: &[Entry],
) {
    while let Some(e) = effect.take() {
        effect = match e {
            Effect::Quit => None,
            Effect::Suspend => app.update(Msg::Resize(app.size.0, app.size.1)),
            Effect::Export { .. } => {
                app.update(Msg::Message("exported to exports/fuzz.txt".into()))
            }
            Effect::Copy { .. } => {
                app.update(Msg::Message("copied 3 lines to the clipboard".into()))
            }
            Effect::Opened { .. } => app.update(Msg::Resume(None, None)),
            // The editor comes back; the file is then read again.
            Effect::Edit { path, .. } => Some(Effect::Reload { path }),
            Effect::MarkRead { .. } => app.update(Msg::Message("marked as read".into())),
            Effect::Reload { path } => {
                // The file again: another briefing, or broken.
                let entry = match u.choose(all) {
                    Ok(b) if u.arbitrary().unwrap_or(false) => {
                        let mut b = Briefing::clone(b);
                        b.path = path;
                        Entry {
                            path: b.path.clone(),
                            content_hash: Some(2),
                            result: Ok(Arc::new(b)),
                        }
                    }
                    _ => broken(&path),
                };
                app.update(Msg::Reloaded(Box::new(entry)))
            }
            Effect::Load { path } => {
                let entry = library
                    .iter()
                    .find(|e| e.path == path)
                    .cloned()
                    .unwrap_or_else(|| broken(&path));
                app.update(Msg::Loaded(Box::new(entry)))
            }
            Effect::Search { query } => {
                // The index's answer: the briefings with a hit, in
                // library order.
                let found = library
                    .iter()
                    .filter_map(|e| {
                        let hits = brief::library::search(e.briefing()?, &query);
                        (!hits.is_empty()).then(|| (e.path.clone(), hits))
                    })
                    .collect();
                app.update(Msg::Found {
                    query,
                    found: Ok(found),
                })
            }
        };
    }
}

/// A query (up to the first NUL, or all of the bytes when there is none)
/// and a briefing (after the NUL; one of the fixtures when it is not one)
/// into the library search: every hit must be where the query is, in
/// order, with a safe one-line snippet that shows it; and the smart-case
/// finding under it must agree with a plain scan written here.
pub fn search(data: &[u8]) {
    let (query, rest) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let query = String::from_utf8_lossy(query);
    let loaded;
    let b: &Briefing = match load_bytes(Path::new("fuzz.toml"), rest, &LoadOptions::default()) {
        Ok(l) => {
            loaded = l.briefing;
            &loaded
        }
        Err(_) => &fixtures()[rest.len() % fixtures().len()],
    };
    let hits = brief::library::search(b, &query);
    if query.is_empty() {
        assert!(hits.is_empty());
    }
    for hit in &hits {
        assert!(hit.range.start < hit.range.end, "{hit:?}");
        let s = &hit.snippet;
        assert!(s.start <= s.end && s.end <= s.text.len(), "{hit:?}");
        assert!(
            s.text.is_char_boundary(s.start) && s.text.is_char_boundary(s.end),
            "{hit:?}"
        );
        assert!(
            !s.text.contains('\n') && safe_text(&s.text, false),
            "{hit:?}"
        );
    }

    // The finding itself, on the text of every field the search reads.
    let case_sensitive = brief::layout::find::smart_case(&query);
    let mut texts: Vec<&str> = vec![&b.meta.title];
    texts.extend(b.meta.summary.as_deref());
    for section in &b.sections {
        texts.push(&section.title);
        texts.extend(section.summary.as_deref());
        for item in &section.items {
            texts.push(&item.title);
            texts.extend(item.body.as_deref());
        }
    }
    texts.push(&query);
    for text in texts {
        let found = brief::layout::find::find_all(text, &query, case_sensitive);
        assert_eq!(
            found,
            plain_find(text, &query, case_sensitive),
            "{query:?} in {text:?}"
        );
    }
}

/// Every non-overlapping occurrence of `needle` in `hay`, left to right,
/// the slow obvious way: at each character, compare character by character
/// (by their first lowercase letter unless `case_sensitive`).
fn plain_find(hay: &str, needle: &str, case_sensitive: bool) -> Vec<std::ops::Range<usize>> {
    let fold = |c: char| {
        if case_sensitive {
            c
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let mut from = 0;
    while from < hay.len() {
        let mut hay_chars = hay[from..].char_indices();
        let mut end = None;
        for p in needle.chars() {
            match hay_chars.next() {
                Some((o, c)) if fold(c) == fold(p) => end = Some(from + o + c.len_utf8()),
                _ => {
                    end = None;
                    break;
                }
            }
        }
        match end {
            Some(end) => {
                out.push(from..end);
                from = end;
            }
            None => {
                from += hay[from..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}
