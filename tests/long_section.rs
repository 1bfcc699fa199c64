//! A section of more than 100,000 lines: its end is reachable and drawn
//! as it should be (no 16-bit offset, no lines lost on the way).

use std::path::Path;
use std::sync::Arc;

use brief::briefing::{LoadOptions, load_str};
use brief::config::Theme;
use brief::config::keymap::{Key, KeyMap};
use brief::reader::app::{App, Msg, Settings};
use brief::reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

const ITEMS: usize = 10;
const BULLETS: usize = 10_050;

/// A briefing of one section whose items hold ten thousand one-line bullets each.
fn long_briefing() -> String {
    let mut s = String::from(
        "format = 1\n\n[briefing]\ntitle = \"A long read\"\ndate = 2024-04-10\n\n\
         [[sections]]\nid = \"long\"\ntitle = \"Everything\"\n",
    );
    for i in 1..=ITEMS {
        s.push_str(&format!(
            "\n[[sections.items]]\nid = \"item-{i}\"\ntitle = \"Item {i}\"\nbody = \"\"\"\n"
        ));
        for n in 1..=BULLETS {
            s.push_str(&format!("- point {n} of item {i}\n"));
        }
        if i == ITEMS {
            s.push_str("- the very last point\n");
        }
        s.push_str("\"\"\"\n");
    }
    s
}

fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::draw(f, app, &Theme::dark())).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < w {
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                x += u16::try_from(sym.width()).unwrap_or(1).max(1);
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[test]
fn the_end_of_a_100000_line_section_is_reachable_and_drawn() {
    let text = long_briefing();
    let b = load_str(Path::new("long.toml"), &text, &LoadOptions::default())
        .expect("loads")
        .briefing;
    let (w, h) = (80, 24);
    let mut app = App::new(vec![Arc::new(b)], Settings::new(KeyMap::default()), (w, h));
    app.update(Msg::Resize(w, h));
    app.update(Msg::Key(Key::char('G')));

    let r = app.reading.as_ref().expect("reading");
    let layout = r.layout().expect("laid out");
    let total = layout.lines.len();
    assert!(total > 100_000, "only {total} lines");
    assert!(
        r.scroll() > 65_535,
        "the top line is past any 16-bit offset"
    );

    let rows = screen(&app, w, h);
    // The status line says the bottom.
    let status = rows.last().unwrap();
    assert!(status.contains("Bot"), "status: {status:?}");
    // The last lines of the section fill the bottom of the text area, in order.
    let last = rows
        .iter()
        .rposition(|row| row.contains("• the very last point"))
        .unwrap_or_else(|| panic!("the last line is not on screen:\n{}", rows.join("\n")));
    for k in 0..5 {
        let expected = layout.lines.line(total - 1 - k).text();
        let row = &rows[last - k];
        assert!(
            row.contains(expected.trim()),
            "row {} is {row:?}, expected {expected:?}",
            last - k
        );
    }
    assert!(rows[last - 1].contains(&format!("• point {BULLETS} of item {ITEMS}")));
    // Nothing of the section is drawn below its last line.
    assert!(
        rows[last + 1..rows.len() - 1]
            .iter()
            .all(|r| r.trim().is_empty() || !r.contains("point"))
    );
}
