//! Snapshot tests of drawn screens on ratatui's TestBackend.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change, review
//! and accept new ones with `INSTA_UPDATE=always cargo test --test screens`
//! (or `cargo insta review`).

use std::path::Path;
use std::sync::Arc;

use brief::briefing::{Briefing, LoadOptions, load_file};
use brief::config::Theme;
use brief::config::action::Action;
use brief::config::keymap::{Key, KeyMap, KeyName};
use brief::reader::app::{App, Msg, Settings};
use brief::reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

fn load(rel: &str) -> Arc<Briefing> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    Arc::new(
        load_file(&path, &LoadOptions::default())
            .expect("fixture loads")
            .briefing,
    )
}

fn summit() -> Arc<Briefing> {
    load("briefings/us-japan-summit-2024-04.toml")
}

fn app(b: Arc<Briefing>, keys: KeyMap, w: u16, h: u16) -> App {
    let mut app = App::new(vec![b], Settings::new(keys), (w, h));
    app.update(Msg::Resize(w, h));
    app
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// The buffer as text, one line per row, wide characters once.
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += u16::try_from(sym.width()).unwrap_or(1).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::draw(f, app, &Theme::dark())).unwrap();
    term.backend().buffer().clone()
}

fn screen(app: &App, w: u16, h: u16) -> String {
    text(&draw(app, w, h))
}

#[test]
fn summit_at_80x24() {
    let app = app(summit(), KeyMap::default(), 80, 24);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn summit_at_40x12() {
    let app = app(summit(), KeyMap::default(), 40, 12);
    insta::assert_snapshot!(screen(&app, 40, 12));
}

#[test]
fn summit_at_120x40_on_the_economy_tab() {
    let mut app = app(summit(), KeyMap::default(), 120, 40);
    keys(&mut app, "3");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn summit_help_overlay() {
    let mut app = app(summit(), KeyMap::default(), 80, 40);
    keys(&mut app, "?");
    insta::assert_snapshot!(screen(&app, 80, 40));
}

#[test]
fn summit_outline_overlay() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    keys(&mut app, "2o");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn search_prompt_and_highlight() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    keys(&mut app, "/steel");
    let buf = draw(&app, 80, 24);
    insta::assert_snapshot!(text(&buf));
    // The current match is drawn differently from the text around it.
    let s = app.search.as_ref().unwrap();
    let r = app.reading.as_ref().unwrap();
    let m = s.locate(&r.panes, s.current.unwrap()).unwrap();
    let row = 3 + u16::try_from(m.line - r.scroll()).unwrap();
    let line = r.layout().unwrap().lines.line(m.line).text();
    let col = 1 + u16::try_from(line[..m.range.start].width()).unwrap();
    let cell = &buf[(col, row)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "match at ({col},{row}) not marked: {cell:?}"
    );
}

#[test]
fn rebinding_shows_in_the_help() {
    let keys_map = KeyMap::with_overrides([(Action::LineDown, vec![Key::char('x')])]).unwrap();
    let mut app = app(summit(), keys_map, 80, 40);
    keys(&mut app, "?");
    let s = screen(&app, 80, 40);
    assert!(
        s.contains("x ↓") || s.contains("x  scroll down a line"),
        "{s}"
    );
    assert!(!s.contains("j ↓"), "{s}");
}

#[test]
fn one_section_briefing() {
    let app = app(
        load("tests/fixtures/reader/one-section.toml"),
        KeyMap::default(),
        80,
        24,
    );
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn twelve_sections_scroll_the_tab_bar() {
    let mut app = app(
        load("tests/fixtures/reader/twelve-sections.toml"),
        KeyMap::default(),
        80,
        24,
    );
    for _ in 0..10 {
        app.update(Msg::Key(Key::named(KeyName::Tab)));
    }
    let s = screen(&app, 80, 24);
    let tabs = s.lines().nth(2).unwrap();
    assert!(tabs.starts_with('‹'), "{tabs}");
    assert!(tabs.contains("Open questions"), "{tabs}");
    insta::assert_snapshot!(s);
}

#[test]
fn japanese_text_wraps_by_columns() {
    let app = app(
        load("tests/fixtures/reader/japanese.toml"),
        KeyMap::default(),
        40,
        20,
    );
    let buf = draw(&app, 40, 20);
    let s = text(&buf);
    // (A drawn row cannot be wider than the screen; what can overflow is
    // a laid-out line, which the drawing would then cut.)
    let room = app.geometry().text_width;
    let r = app.reading.as_ref().unwrap();
    let lines = &r.layout().unwrap().lines;
    assert!(lines.iter().count() > 10);
    for line in lines.iter() {
        let t = line.text();
        assert!(t.width() <= room, "{t:?} is wider than {room}");
    }
    // And the summary's every character is on the screen, in order.
    let summary: String =
        "岸田首相は水曜日にワシントンを国賓として訪問し、翌日には初の日米比首脳会談が開かれる。"
            .into();
    // (Without the scroll bar at the right edge.)
    let shown: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '█' | '║'))
        .collect();
    assert!(shown.contains(&summary), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn tiny_terminals_show_a_notice_and_never_panic() {
    for (w, h) in [(0, 0), (1, 1), (10, 3), (19, 24), (80, 4)] {
        let app = app(summit(), KeyMap::default(), w, h);
        let s = screen(&app, w, h);
        if w >= 18 {
            assert!(s.contains("terminal too small"), "{w}x{h}: {s}");
        }
    }
}

#[test]
fn no_color_gives_a_screen_without_colour_that_still_marks_matches() {
    use brief::config::Config;
    use ratatui::style::Color;
    let config = Config::defaults(true);
    let mut app = app(summit(), config.keys.clone(), 80, 24);
    keys(&mut app, "/steel");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| ui::draw(f, &app, &config.theme)).unwrap();
    let buf = term.backend().buffer();
    let mut marked = 0;
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        if cell.modifier.contains(Modifier::REVERSED) {
            marked += 1;
        }
    }
    assert!(
        marked > 0,
        "matches and the active tab are marked without colour"
    );
    // Overlays too.
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    keys(&mut app, "?");
    term.draw(|f| ui::draw(f, &app, &config.theme)).unwrap();
    for cell in term.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn summit_figures_view_of_the_economy() {
    let mut app = app(summit(), KeyMap::default(), 100, 24);
    keys(&mut app, "3f");
    let s = screen(&app, 100, 24);
    assert!(s.contains("Figures · Economic investments"), "{s}");
    assert!(s.contains("In billion USD"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn summit_timeline_people_and_sources_tabs() {
    let mut app = app(summit(), KeyMap::default(), 100, 30);
    keys(&mut app, "5");
    insta::assert_snapshot!("timeline", screen(&app, 100, 30));
    keys(&mut app, "6");
    insta::assert_snapshot!("people", screen(&app, 100, 30));
    keys(&mut app, "7");
    insta::assert_snapshot!("sources", screen(&app, 100, 30));
}

#[test]
fn a_selected_link_is_marked() {
    let mut app = app(summit(), KeyMap::default(), 100, 30);
    keys(&mut app, "]");
    let buf = draw(&app, 100, 30);
    let r = app.reading.as_ref().unwrap();
    let focus = r.pane().focus.expect("a link is selected");
    let row = 3 + u16::try_from(focus - r.scroll()).unwrap();
    assert!(
        buf[(2, row)].modifier.contains(Modifier::REVERSED),
        "{:?}",
        buf[(2, row)]
    );
    assert!(text(&buf).lines().nth(row as usize).unwrap().contains("→ "));
}

#[test]
fn help_on_a_short_screen_uses_two_columns_or_scrolls() {
    let mut app = app(summit(), KeyMap::default(), 140, 24);
    keys(&mut app, "?");
    let s = screen(&app, 140, 24);
    assert!(s.contains("next tab") && s.contains("quit"), "{s}");
    insta::assert_snapshot!("help_two_columns", s);
    let mut small = self::app(summit(), KeyMap::default(), 50, 14);
    keys(&mut small, "?");
    let first = screen(&small, 50, 14);
    assert!(first.contains("j/k scroll"), "{first}");
    assert!(!first.contains("suspend to the shell"), "{first}");
    keys(&mut small, "GG");
    for _ in 0..40 {
        keys(&mut small, "j");
    }
    let last = screen(&small, 50, 14);
    assert!(last.contains("section: Friction points"), "{last}");
}

#[test]
fn source_urls_become_hyperlinks_only_for_web_and_mail_addresses() {
    use brief::briefing::load_str;
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader/views.toml"),
    )
    .unwrap()
    .replace(
        "title = \"Council memo\"",
        "title = \"Council memo\"\nurl = \"javascript:alert(1)\"",
    );
    let b = load_str(Path::new("views.toml"), &source, &LoadOptions::default())
        .unwrap()
        .briefing;
    let mut app = app(Arc::new(b), KeyMap::default(), 100, 30);
    keys(&mut app, "5"); // Timeline, Who's who, Sources: Sources is the 5th tab
    let r = app.reading.as_ref().unwrap();
    assert_eq!(r.page(), brief::layout::views::Page::Sources);
    let buf = draw(&app, 100, 30);
    let links = ui::hyperlinks(&app, &Theme::dark(), buf.area);
    assert_eq!(links.len(), 1, "{links:?}");
    let l = &links[0];
    assert_eq!(l.url, "https://example.org/log");
    let shown: String = (l.x..l.x + u16::try_from(l.text.len()).unwrap())
        .map(|x| buf[(x, l.y)].symbol().to_string())
        .collect();
    assert_eq!(shown, l.url, "the link sits exactly on its text");
    assert!(
        text(&buf).contains("javascript:alert(1)"),
        "shown, but not linked"
    );
    assert!(!brief::briefing::text::is_linkable_url(
        "javascript:alert(1)"
    ));
    assert!(!brief::briefing::text::is_linkable_url(
        "https://example.org/\u{1b}]52;c;x"
    ));
    assert!(brief::briefing::text::is_linkable_url(
        "mailto:desk@example.org"
    ));
}

#[test]
fn every_piece_of_a_wrapped_url_links_to_the_whole_url() {
    use brief::briefing::load_str;
    let url = "https://example.org/reports/2025/harbour/a-rather-long-path-to-the-log-of-the-harbour-master.html";
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader/views.toml"),
    )
    .unwrap()
    .replace(
        "url = \"https://example.org/log\"",
        &format!("url = \"{url}\""),
    );
    let b = Arc::new(
        load_str(Path::new("views.toml"), &source, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    // At every width the URL is cut somewhere else (or not at all).
    for w in 24..=110u16 {
        let mut app = app(Arc::clone(&b), KeyMap::default(), w, 30);
        keys(&mut app, "5");
        let buf = draw(&app, w, 30);
        let links = ui::hyperlinks(&app, &Theme::dark(), buf.area);
        assert!(!links.is_empty(), "no link at {w} columns");
        let mut shown = String::new();
        for l in &links {
            assert_eq!(l.url, url, "at {w} columns");
            let on_screen: String = (0..width_of(&l.text))
                .map(|dx| buf[(l.x + dx, l.y)].symbol().to_string())
                .collect();
            assert_eq!(on_screen, l.text, "the link sits on its text at {w}");
            shown.push_str(&l.text);
        }
        assert_eq!(shown, url, "the pieces make the whole URL at {w}");
    }
}

fn width_of(s: &str) -> u16 {
    u16::try_from(s.chars().count()).unwrap()
}

#[test]
fn an_as_of_with_a_time_reads_as_a_date_and_a_time_in_the_header() {
    use brief::briefing::load_str;
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader/views.toml"),
    )
    .unwrap()
    .replace(
        "date = 2025-03-03\n",
        "date = 2025-03-03\nas_of = 2025-09-14T18:00:00Z\n",
    );
    let b = load_str(Path::new("views.toml"), &source, &LoadOptions::default())
        .unwrap()
        .briefing;
    let app = app(Arc::new(b), KeyMap::default(), 100, 30);
    let s = screen(&app, 100, 30);
    let header: Vec<&str> = s.lines().take(2).collect();
    assert!(
        header[1].ends_with("as of Sun 14 Sep 2025, 18:00 UTC"),
        "{header:#?}"
    );
    assert!(!s.contains("T18:00:00Z"), "{s}");
}

#[test]
fn a_wide_character_at_an_overlay_edge_never_covers_its_border() {
    let b = load("tests/fixtures/reader/japanese.toml");
    let (mut broken, mut straddled) = (Vec::new(), 0);
    for w in 30..=90u16 {
        for overlay in ["o", "?"] {
            let mut a = app(Arc::clone(&b), KeyMap::default(), w, 24);
            keys(&mut a, overlay);
            // What the terminal is sent (the test backend keeps it).
            let buf = draw(&a, w, 24);
            let Some((left, top)) = (0..24u16)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .find(|&(x, y)| buf[(x, y)].symbol() == "┌")
            else {
                panic!("no overlay at {w} columns");
            };
            let bottom = (top + 1..24)
                .find(|&y| buf[(left, y)].symbol() == "└")
                .unwrap_or_else(|| panic!("no bottom corner at {w} columns:\n{}", text(&buf)));
            for y in top + 1..bottom {
                if left > 0 && buf[(left - 1, y)].symbol() == " " {
                    straddled += 1;
                }
                if buf[(left, y)].symbol() != "│" {
                    broken.push(format!("{w} cols {overlay:?} row {y}:\n{}", text(&buf)));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(straddled > 0, "some wide character was cut at the border");
}

/// The screen drawn with the `mono` theme: what a terminal without colour
/// (or a reader who cannot tell colours apart) gets.
fn draw_mono(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::draw(f, app, &Theme::mono())).unwrap();
    term.backend().buffer().clone()
}

/// The screen as text, each row that has attributes followed by a row
/// that marks them under each column: `R` reverse video, `S` reverse video
/// with bold or underline, `#` bold and underlined, `B` bold, `U`
/// underlined, `I` italic. What marks a thing
/// without colour is then in the snapshot, under the thing.
fn text_and_attributes(buf: &Buffer) -> String {
    use ratatui::style::Color;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let (mut line, mut marks) = (String::new(), String::new());
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "colour at ({x},{y})"
            );
            let sym = cell.symbol();
            let wide = cells(sym.width()).max(1);
            let m = cell.modifier;
            let mark = if m.contains(Modifier::REVERSED)
                && m.intersects(Modifier::BOLD | Modifier::UNDERLINED)
            {
                'S'
            } else if m.contains(Modifier::REVERSED) {
                'R'
            } else if m.contains(Modifier::BOLD | Modifier::UNDERLINED) {
                '#'
            } else if m.contains(Modifier::BOLD) {
                'B'
            } else if m.contains(Modifier::UNDERLINED) {
                'U'
            } else if m.contains(Modifier::ITALIC) {
                'I'
            } else {
                ' '
            };
            line.push_str(sym);
            for _ in 0..wide {
                marks.push(mark);
            }
            x += wide;
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if !marks.trim().is_empty() {
            out.push_str(marks.trim_end());
            out.push('\n');
        }
    }
    out
}

/// A count or an offset on a test screen, as a cell coordinate.
fn cells(n: usize) -> u16 {
    u16::try_from(n).expect("a test screen is narrower than 65,536 cells")
}

/// The marks of the cells of `row` from `from` on, `n` of them.
fn marks_at(buf: &Buffer, row: u16, from: u16, n: u16) -> Vec<Modifier> {
    (from..from + n).map(|x| buf[(x, row)].modifier).collect()
}

#[test]
fn without_colour_the_search_marks_every_match_and_the_current_one_apart() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    keys(&mut app, "/steel");
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    let buf = draw_mono(&app, 80, 24);
    let s = app.search.as_ref().unwrap();
    let r = app.reading.as_ref().unwrap();
    let current = s.current.unwrap();
    let at = |i: usize| {
        let m = s.locate(&r.panes, i).unwrap();
        let row = 3 + cells(m.line - r.scroll());
        let line = r.layout().unwrap().lines.line(m.line).text();
        let col = 1 + cells(line[..m.range.start].width());
        (row, col)
    };
    let (row, col) = at(current);
    let mark = marks_at(&buf, row, col, 5);
    assert!(mark.iter().all(|m| *m == mark[0]), "{mark:?}");
    assert!(mark[0].contains(Modifier::REVERSED), "{mark:?}");
    // Another match on screen is marked, and differently.
    let other = (0..s.matches.len())
        .filter(|&i| i != current)
        .map(at)
        .find(|&(row, _)| (3..22).contains(&row))
        .expect("a second match on screen");
    let other_mark = marks_at(&buf, other.0, other.1, 5)[0];
    assert!(other_mark.contains(Modifier::REVERSED));
    assert_ne!(other_mark, mark[0], "the current match stands out");
    insta::assert_snapshot!(text_and_attributes(&buf));
}

#[test]
fn without_colour_a_selected_link_is_marked() {
    let mut app = app(summit(), KeyMap::default(), 100, 40);
    keys(&mut app, "]]");
    let buf = draw_mono(&app, 100, 40);
    let r = app.reading.as_ref().unwrap();
    let focus = r.pane().focus.expect("a link is selected");
    let row = 3 + cells(focus - r.scroll());
    let text = text(&buf);
    let line = text.lines().nth(usize::from(row)).unwrap();
    let start = cells(line.find("→ ").expect("the link's line"));
    assert!(buf[(start, row)].modifier.contains(Modifier::REVERSED));
    // The other links on screen are underlined, not reversed.
    let others = (3..38u16)
        .filter(|&y| y != row)
        .filter(|&y| {
            text.lines()
                .nth(usize::from(y))
                .is_some_and(|l| l.contains("→ "))
        })
        .collect::<Vec<_>>();
    assert!(!others.is_empty(), "{}", text_and_attributes(&buf));
    for y in others {
        let x = text
            .lines()
            .nth(usize::from(y))
            .unwrap()
            .find("→ ")
            .map(cells)
            .unwrap();
        let m = buf[(x + 2, y)].modifier;
        assert!(
            !m.contains(Modifier::REVERSED) && m.contains(Modifier::UNDERLINED),
            "{m:?}"
        );
    }
    insta::assert_snapshot!(text_and_attributes(&buf));
}

#[test]
fn without_colour_the_tag_filter_says_what_it_shows() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    keys(&mut app, "t");
    let list = draw_mono(&app, 80, 24);
    let listed = text_and_attributes(&list);
    assert!(listed.contains(" Tags — Enter: filter on/off "), "{listed}");
    // Choose the second tag: its row is marked with a dot, as text.
    keys(&mut app, "j");
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    let r = app.reading.as_ref().unwrap();
    let tag = r.filter.clone().expect("a tag filter");
    keys(&mut app, "t");
    let buf = draw_mono(&app, 80, 24);
    let s = text(&buf);
    assert!(s.contains(&format!("● #{tag} (")), "{s}");
    assert!(
        s.contains(&format!(" · #{tag} ")),
        "the status line names the tag: {s}"
    );
    insta::assert_snapshot!(text_and_attributes(&buf));
}

#[test]
fn without_colour_the_banner_of_a_reload_with_errors_stands_out() {
    use brief::library::load_entry;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summit.toml");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml"),
    )
    .unwrap();
    std::fs::write(&path, &good).unwrap();
    let b = Arc::new(
        load_file(&path, &LoadOptions::default())
            .expect("loads")
            .briefing,
    );
    let mut app = app(b, KeyMap::default(), 80, 24);
    std::fs::write(&path, good.replacen("title = ", "titel = ", 1)).unwrap();
    let entry = load_entry(&path, &LoadOptions::default());
    assert!(entry.briefing().is_none(), "the new version has errors");
    app.update(Msg::Reloaded(Box::new(entry)));
    let buf = draw_mono(&app, 80, 24);
    let s = text(&buf);
    let row = s
        .lines()
        .position(|l| l.contains("showing the last good version"))
        .map(cells)
        .unwrap_or_else(|| panic!("no banner:\n{s}"));
    let line = s.lines().nth(usize::from(row)).unwrap();
    let x = cells(line.find("The file has errors").unwrap());
    let m = buf[(x, row)].modifier;
    assert!(m.contains(Modifier::REVERSED | Modifier::BOLD), "{m:?}");
    insta::assert_snapshot!(text_and_attributes(&buf));
}

// ------------------------------------------------- error and edge screens

#[test]
fn the_banner_of_a_reload_with_errors() {
    // In colour, as most readers see it (the `mono` snapshot above shows
    // how it stands out without colour).
    use brief::library::load_entry;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summit.toml");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml"),
    )
    .unwrap();
    std::fs::write(&path, &good).unwrap();
    let b = Arc::new(
        load_file(&path, &LoadOptions::default())
            .expect("loads")
            .briefing,
    );
    let mut app = app(b, KeyMap::default(), 100, 16);
    std::fs::write(&path, good.replacen("title = ", "titel = ", 1)).unwrap();
    app.update(Msg::Reloaded(Box::new(load_entry(
        &path,
        &LoadOptions::default(),
    ))));
    let s = screen(&app, 100, 16);
    let banner = s.lines().nth(1).unwrap();
    assert!(
        banner.contains("The file has errors; showing the last good version.")
            && banner.contains("summit.toml:4:1: error"),
        "{s}"
    );
    assert!(
        s.contains("Kishida in Washington"),
        "the last good version: {s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn a_terminal_too_small() {
    for (w, h) in [(19, 24), (80, 4)] {
        let app = app(summit(), KeyMap::default(), w, h);
        let s = screen(&app, w, h);
        assert!(s.contains("terminal too small"), "{w}x{h}:\n{s}");
        insta::assert_snapshot!(format!("terminal_too_small_{w}x{h}"), s);
    }
}

#[test]
fn the_diagnostics_of_a_broken_briefing_in_the_picker() {
    use brief::briefing::load_str;
    use brief::library::Entry;
    // Loaded under short relative names, so that the screen is the same
    // wherever the test runs.
    let summit = summit();
    let broken = Path::new("broken.toml");
    let report = load_str(
        broken,
        "[briefing]\ntitel = \"Typo\"\ndate = 2024-04-10\n\n[[sections]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"x\"\n",
        &LoadOptions::default(),
    )
    .expect_err("a typo in a key");
    let entries = vec![
        Entry {
            path: "summit.toml".into(),
            content_hash: None,
            result: Ok(summit),
        },
        Entry {
            path: broken.to_path_buf(),
            content_hash: None,
            result: Err(Arc::new(report)),
        },
    ];
    let mut app = App::with_library(entries, Settings::new(KeyMap::default()), (90, 24));
    app.update(Msg::Resize(90, 24));
    let list = screen(&app, 90, 24);
    assert!(list.contains("broken.toml"), "{list}");
    let row = app
        .picker
        .rows
        .iter()
        .position(brief::reader::picker::Row::is_broken);
    assert_eq!(row, Some(1), "the broken file is listed last");
    // Choose it: its diagnostics, not a briefing.
    app.update(Msg::Key(Key::named(KeyName::End)));
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    let s = screen(&app, 90, 24);
    assert!(s.contains("This file has errors"), "{s}");
    assert!(
        s.contains("broken.toml:2:1: error: unknown key `titel`"),
        "{s}"
    );
    assert!(s.contains("did you mean `title`?"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn a_tag_filter_that_leaves_a_section_empty() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    // `space` is carried by one item of the summit's agenda only.
    let row = brief::layout::views::tags(&summit())
        .iter()
        .position(|(tag, _)| tag.as_str() == "space")
        .expect("the summit has the tag `space`");
    keys(&mut app, "t");
    for _ in 0..row {
        keys(&mut app, "j");
    }
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    assert_eq!(
        app.reading.as_ref().unwrap().filter.as_deref(),
        Some("space")
    );
    // A section without an item tagged `space`.
    keys(&mut app, "2");
    let s = screen(&app, 80, 24);
    assert!(s.contains("#space"), "the filter is named: {s}");
    let b = summit();
    let items = &b.sections[1].items;
    assert!(!items.is_empty());
    for item in items {
        let title = item.title.as_str();
        assert!(!s.contains(title), "{title} is not tagged `space`: {s}");
    }
    insta::assert_snapshot!(s);
}

#[test]
fn a_tag_list_of_a_briefing_without_tags() {
    let mut app = app(
        load("tests/fixtures/reader/one-section.toml"),
        KeyMap::default(),
        80,
        12,
    );
    keys(&mut app, "t");
    let s = screen(&app, 80, 12);
    assert!(s.contains("no item of this briefing has tags"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn a_search_without_a_match() {
    let mut app = app(summit(), KeyMap::default(), 80, 24);
    keys(&mut app, "/zyzzyva");
    let typing = screen(&app, 80, 24);
    assert!(typing.contains("(no match)"), "while typing: {typing}");
    insta::assert_snapshot!("a_search_without_a_match_while_typing", typing);
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    let s = screen(&app, 80, 24);
    assert!(s.contains("no match for “zyzzyva”"), "{s}");
    insta::assert_snapshot!(s);
}

/// The reader told what changed from `old` to the briefing it shows, as
/// the event loop tells it on opening a briefing that changed since.
fn with_changes(old: Arc<Briefing>, new: Arc<Briefing>, w: u16, h: u16) -> App {
    let mut app = app(Arc::clone(&new), KeyMap::default(), w, h);
    let found = brief::reader::changes::Found {
        path: new.path.clone(),
        diff: brief::diff::diff(&old, &new),
        old,
        live: false,
        news: true,
    };
    app.update(Msg::Changes(Arc::new(found)));
    app
}

#[test]
fn changes_view_of_the_summit_since_the_8th() {
    let later = load("tests/fixtures/diff/us-japan-summit-2024-04-11.toml");
    let mut app = with_changes(summit(), later, 100, 40);
    insta::assert_snapshot!(screen(&app, 100, 40));
    // Esc closes it; the section view marks what changed, in words.
    app.update(Msg::Key(Key::named(KeyName::Esc)));
    let s = screen(&app, 100, 40);
    assert!(s.contains("~ changed"), "{s}");
    assert!(s.contains('▌'), "{s}");
}

#[test]
fn changes_view_enter_shows_the_item_and_markers_go_with_it() {
    let later = load("tests/fixtures/diff/us-japan-summit-2024-04-11.toml");
    let mut app = with_changes(summit(), later, 100, 40);
    // The first entry is the briefing's own `as_of`; down to the first item.
    keys(&mut app, "j");
    app.update(Msg::Key(Key::named(KeyName::Enter)));
    assert!(app.overlay.is_none(), "Enter closes the view");
    insta::assert_snapshot!(screen(&app, 100, 30));
    // } and { walk the changed items in reading order.
    keys(&mut app, "}");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("change 2 of"),
        "{:?}",
        app.message
    );
    keys(&mut app, "{");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("change 1 of"),
        "{:?}",
        app.message
    );
    // M: markers cleared, and the loop is asked to record the text as read.
    let effect = app.update(Msg::Key(Key::char('M')));
    assert!(matches!(
        effect,
        Some(brief::reader::app::Effect::MarkRead { .. })
    ));
    assert!(app.reading.as_ref().unwrap().changes.is_none());
    assert!(!screen(&app, 100, 30).contains("~ changed"));
}

#[test]
fn changes_view_keeps_a_removed_item_readable() {
    let later = load("tests/fixtures/diff/us-japan-summit-2024-04-11.toml");
    // Back from the later version: its joint statement is gone.
    let app = with_changes(later, summit(), 100, 60);
    let s = screen(&app, 100, 60);
    assert!(
        s.contains("− removed Leaders publish a joint statement"),
        "{s}"
    );
    assert!(
        s.contains("The statement gathers the week's agreements"),
        "{s}"
    );
}
