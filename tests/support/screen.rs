//! Drawing a reader on ratatui's TestBackend and checking what comes out:
//! shared by the hostile-file tests and the property tests.
#![allow(dead_code)]

use std::sync::Arc;

use brief::briefing::Briefing;
use brief::briefing::clean::is_unsafe_char;
use brief::config::Theme;
use brief::config::keymap::KeyMap;
use brief::reader::app::{App, Msg, Settings};
use brief::reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Whether `c` must never reach a terminal or an export: any control
/// character (C0, DEL, C1) other than newline, and bidirectional formatting.
pub fn forbidden(c: char) -> bool {
    c != '\n' && (c.is_control() || is_unsafe_char(c))
}

/// The first forbidden character of `s`, with its position, for messages.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| forbidden(c))
}

/// Asserts that `s` holds no forbidden character.
pub fn assert_clean(what: &str, s: &str) {
    if let Some((at, c)) = first_forbidden(s) {
        let from = s.floor_char_boundary(at.saturating_sub(40));
        let to = s.ceil_char_boundary((at + 40).min(s.len()));
        panic!(
            "{what}: forbidden character {:?} at byte {at}: …{:?}…",
            c,
            &s[from..to]
        );
    }
}

/// A reader of one briefing at a size, as the event loop starts it.
pub fn app(b: Arc<Briefing>, w: u16, h: u16) -> App {
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (w, h));
    app.update(Msg::Resize(w, h));
    app
}

/// Draws the app on a `w`×`h` TestBackend (the size the app was told).
pub fn draw(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    term.draw(|f| ui::draw(f, app, &Theme::dark()))
        .expect("draw");
    term.backend().buffer().clone()
}

/// Asserts no cell of the buffer holds a forbidden character.
pub fn assert_buffer_clean(what: &str, buf: &Buffer) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(|c| c == '\n' || forbidden(c)),
                "{what}: cell ({x},{y}) holds {sym:?}"
            );
        }
    }
}

/// The buffer's rows as text (wide characters once), trailing spaces cut.
pub fn rows(buf: &Buffer) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x = x.saturating_add(u16::try_from(sym.width()).unwrap_or(1).max(1));
        }
        out.push(line.trim_end().to_string());
    }
    out
}
