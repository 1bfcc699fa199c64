//! What the benchmarks share: generated inputs, the reader driven as a
//! user drives it (messages in, frames drawn on a `TestBackend`), and
//! programs run in a pseudo-terminal ([`pty`]).

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use brief::briefing::{Briefing, LoadOptions, load_str};
use brief::config::Theme;
use brief::config::keymap::{Key, KeyMap};
use brief::reader::app::{App, Msg, Settings};
use brief::reader::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[allow(dead_code, clippy::all)]
#[path = "../../examples/gen.rs"]
pub mod generator;

pub use generator::{Params, generate};

pub mod pty;

/// The terminal the reader benchmarks draw on.
pub const W: u16 = 100;
/// Its height.
pub const H: u16 = 40;

/// A 25 MB briefing of one section (about 400,000 lines at 97 columns).
pub const BIG: Params = Params {
    sections: 1,
    items: 7_800,
    body_words: 400,
    seed: 25,
};

/// A briefing whose one section is about 100 lines.
pub const SMALL_SECTION: Params = Params {
    sections: 1,
    items: 2,
    body_words: 380,
    seed: 100,
};

/// A 50 KB briefing of three sections.
pub const FIFTY_KB: Params = Params {
    sections: 3,
    items: 5,
    body_words: 400,
    seed: 50,
};

/// One briefing of the archive: 25 KB, so 2,000 of them are 50 MB.
pub const ARCHIVED: Params = Params {
    sections: 3,
    items: 4,
    body_words: 220,
    seed: 1_000,
};

/// Loads a briefing from text, as the loader loads a file.
pub fn load(text: &str) -> Briefing {
    load_str(Path::new("bench.toml"), text, &LoadOptions::default())
        .expect("generated briefings load")
        .briefing
}

/// The reader with `b` open on a `W`×`H` terminal.
pub fn app(b: Arc<Briefing>) -> App {
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (W, H));
    app.update(Msg::Resize(W, H));
    app
}

/// Presses keys, one message per character.
pub fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// A terminal to draw frames on.
pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(W, H)).expect("a test terminal")
}

/// Draws one frame of the reader.
pub fn frame(term: &mut Terminal<TestBackend>, app: &App) {
    let theme = Theme::dark();
    term.draw(|f| ui::draw(f, app, &theme)).expect("draws");
}

/// Lines of the layout on screen.
pub fn lines_on_screen(app: &App) -> usize {
    app.reading
        .as_ref()
        .and_then(|r| r.layout())
        .map_or(0, |l| l.lines.len())
}
