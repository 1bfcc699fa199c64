//! A large briefing through the reader's real event loop on `TestBackend`:
//! its first part shows at once, the whole replaces it when the background
//! load is done, and errors that load finds deep in the file are shown over
//! the screen with the same diagnostics as `brief check`.

use std::collections::VecDeque;
use std::io;
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use brief::briefing::LoadOptions;
use brief::briefing::first::{FIRST_READ, LARGE_FILE, Shown, load_first};
use brief::config::keymap::{Key, KeyMap};
use brief::library::{Entry, load_entry};
use brief::reader::app::{App, Msg, READING_REST, Settings};
use brief::reader::console::{Console, Input};
use brief::reader::feeds::{Background, Feeds, first_part};
use brief::reader::run::{Env, event_loop};
use brief::reader::ui::Hyperlink;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

const W: u16 = 100;
const H: u16 = 30;

/// A console that draws on a test backend and plays `input`; when the
/// input asks for it, the whole briefing (`whole`) is sent as the
/// background load would send it.
struct Script {
    term: Terminal<TestBackend>,
    input: VecDeque<Step>,
    frames: Vec<String>,
    whole: Option<(mpsc::Sender<Entry>, Entry)>,
}

enum Step {
    Input(Input),
    /// The background load is done now.
    Done,
    /// Nothing for a moment (a real background load is on its way).
    Wait,
}

impl Console for Script {
    fn size(&mut self) -> io::Result<(u16, u16)> {
        Ok((W, H))
    }

    fn draw(&mut self, render: &mut dyn FnMut(&mut ratatui::Frame)) -> io::Result<Rect> {
        let area = self
            .term
            .draw(|f| render(f))
            .map_err(io::Error::other)?
            .area;
        let buf = self.term.backend().buffer();
        let mut text = String::new();
        for y in 0..buf.area.height {
            let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            text.push_str(line.trim_end());
            text.push('\n');
        }
        self.frames.push(text);
        Ok(area)
    }

    fn next(&mut self, _busy: bool) -> io::Result<Input> {
        Ok(match self.input.pop_front() {
            Some(Step::Input(input)) => input,
            Some(Step::Done) => {
                if let Some((tx, entry)) = self.whole.take() {
                    tx.send(entry).unwrap();
                }
                Input::Nothing
            }
            Some(Step::Wait) => {
                std::thread::sleep(Duration::from_millis(20));
                Input::Nothing
            }
            None => Input::Gone,
        })
    }

    fn waiting(&mut self) -> io::Result<Option<Msg>> {
        Ok(None)
    }

    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn hand_over(
        &mut self,
        _program: &mut std::process::Command,
    ) -> io::Result<std::process::ExitStatus> {
        Err(io::Error::other("no editor in these tests"))
    }

    fn copy(&mut self, _text: &str) -> io::Result<()> {
        Ok(())
    }

    fn link(&mut self, _links: &[Hyperlink]) -> io::Result<()> {
        Ok(())
    }
}

fn env() -> Env {
    Env {
        theme: brief::config::Theme::dark(),
        hyperlinks: false,
        export_dir: std::env::temp_dir(),
        export_width: 80,
        export_format: brief::export::Format::Text,
        load: LoadOptions::default(),
        editor: None,
    }
}

/// About 2 MB: two sections of 300 items.
fn large() -> String {
    let text = generator::generate(generator::Params {
        sections: 2,
        items: 300,
        body_words: 400,
        seed: 17,
    });
    assert!(text.len() > LARGE_FILE, "{}", text.len());
    text
}

/// The title of item `n` (from 1) of the first section.
fn item_title(text: &str, n: usize) -> String {
    let at = text
        .find(&format!(
            "[[sections.items]]\nid = \"item-{n}\"\ntitle = \""
        ))
        .expect("the item");
    let rest = &text[at..];
    let start = rest.find("title = \"").unwrap() + 9;
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

/// The reader on the first part of the briefing at `path`, and the
/// channel its whole comes through.
fn first(path: &Path, text: &str) -> (App, Entry) {
    let part = load_first(
        path,
        &text[..FIRST_READ],
        false,
        &LoadOptions::default(),
        &Shown::default(),
    )
    .expect("a first part");
    let entry = Entry {
        path: path.to_path_buf(),
        content_hash: None,
        result: Ok(Arc::new(part.briefing)),
    };
    let app = App::with_first_part(entry, Settings::new(KeyMap::default()), (W, H));
    (app, load_entry(path, &LoadOptions::default()))
}

fn run(app: &mut App, whole: Option<Entry>, rest: Background, steps: Vec<Step>) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    let mut console = Script {
        term: Terminal::new(TestBackend::new(W, H)).unwrap(),
        input: steps.into(),
        frames: Vec::new(),
        whole: whole.map(|w| (tx, w)),
    };
    let mut feeds = Feeds::new(false, None);
    feeds.rest = Some(if console.whole.is_some() {
        Background {
            whole: rx,
            start: None,
        }
    } else {
        rest
    });
    event_loop(&mut console, app, &env(), &mut feeds).unwrap();
    console.frames
}

#[test]
fn the_first_section_shows_before_the_whole_and_the_tabs_settle_after() {
    let text = large();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.toml");
    std::fs::write(&path, &text).unwrap();
    let (mut app, whole) = first(&path, &text);
    let (_tx, unused) = mpsc::channel();
    let unused = Background {
        whole: unused,
        start: None,
    };
    let frames = run(
        &mut app,
        Some(whole),
        unused,
        vec![
            Step::Input(Input::Msg(Msg::Key(Key::char('j')))),
            Step::Done,
            Step::Input(Input::Msg(Msg::Key(Key::char('q')))),
        ],
    );
    let first = &frames[0];
    assert!(first.contains(&item_title(&text, 1)), "{first}");
    assert!(first.contains(READING_REST), "{first}");
    // Only the sections' own tabs: the generated ones need every item.
    assert!(!first.contains("Timeline"), "{first}");
    let settled = frames.last().unwrap();
    assert!(settled.contains("Timeline"), "{settled}");
    assert!(!settled.contains(READING_REST), "{settled}");
    let r = app.reading.as_ref().unwrap();
    assert_eq!(r.briefing.sections[0].items.len(), 300);
    assert!(r.content_hash.is_some());
    // Where the reader was (one line down) is kept.
    assert_eq!(r.scroll(), 1);
}

#[test]
fn going_to_the_end_waits_for_the_whole() {
    let text = large();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.toml");
    std::fs::write(&path, &text).unwrap();
    let (mut app, whole) = first(&path, &text);
    let (_tx, unused) = mpsc::channel();
    let unused = Background {
        whole: unused,
        start: None,
    };
    let frames = run(
        &mut app,
        Some(whole),
        unused,
        vec![
            Step::Input(Input::Msg(Msg::Key(Key::char('G')))),
            Step::Done,
        ],
    );
    assert!(frames[1].contains(READING_REST), "{}", frames[1]);
    // At the end of the whole section, not of the part.
    let end = frames.last().unwrap();
    assert!(end.contains("· Bot"), "{end}");
    let r = app.reading.as_ref().unwrap();
    assert_eq!(r.current_item(), Some(299));
}

#[test]
fn an_error_deep_in_a_large_file_is_shown_over_the_screen_with_its_line() {
    let text = large();
    // A title that is no string, deep in the second section.
    let bad = format!("title = \"{}\"", item_title_of(&text, 2, 250));
    let at = text.find(&bad).expect("the item");
    let broken = text.replacen(&bad, "title = 42", 1);
    let line = text[..at].lines().count() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.toml");
    std::fs::write(&path, &broken).unwrap();
    // The real background load, on its own thread.
    let start = &broken[..FIRST_READ];
    let (entry, rest) = first_part(
        &path,
        start,
        false,
        &LoadOptions::default(),
        &Shown::default(),
    )
    .expect("a first part");
    let mut app = App::with_first_part(entry, Settings::new(KeyMap::default()), (W, H));
    let mut steps: Vec<Step> = (0..1500).map(|_| Step::Wait).collect();
    steps.push(Step::Input(Input::Msg(Msg::Key(Key::char('q')))));
    let frames = run(&mut app, None, rest, steps);
    assert!(frames[0].contains(&item_title(&text, 1)), "{}", frames[0]);
    let shown = frames.last().unwrap();
    assert!(shown.contains("This file has errors"), "{shown}");
    assert!(shown.contains(&format!("large.toml:{line}:")), "{shown}");
    let report = app.problems().expect("the problems");
    assert!(report.render(false).contains(&format!(":{line}:")));
    // The same diagnostics as `brief check`.
    let check = brief::briefing::load_file(&path, &LoadOptions::default()).unwrap_err();
    assert_eq!(report.render(false), check.render(false));
}

/// The title of item `n` (from 1) of section `s` (from 1).
fn item_title_of(text: &str, s: usize, n: usize) -> String {
    let section = text
        .find(&format!("id = \"section-{s}\""))
        .expect("the section");
    item_title(&text[section..], n)
}
