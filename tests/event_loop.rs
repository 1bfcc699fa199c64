//! The reader's real event loop, effects included, on ratatui's
//! `TestBackend` with scripted input: what a key does all the way to the
//! file an export writes and the text a copy puts on the clipboard.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use brief::briefing::{LoadOptions, load_file};
use brief::config::keymap::{Key, KeyMap, KeyName};
use brief::reader::app::{App, Msg, Settings};
use brief::reader::console::{Console, Input};
use brief::reader::feeds::Feeds;
use brief::reader::librarian::Librarian;
use brief::reader::run::{Env, event_loop};
use brief::reader::ui::Hyperlink;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A console of the test's own: a test backend to draw on, the input it
/// is given, and a record of what the loop did to the terminal.
struct Script {
    term: Terminal<TestBackend>,
    input: VecDeque<Input>,
    /// Every frame drawn, as text.
    frames: Vec<String>,
    copies: Vec<String>,
    suspended: usize,
    links: Vec<Hyperlink>,
    /// Programs the terminal was handed over to.
    handed_over: usize,
    /// A file written with this text when the loop first asks for input:
    /// an edit made while the briefing is open.
    edit: Option<(PathBuf, String)>,
    /// How long the terminal waits on each `Input::Nothing` (for work on
    /// other threads to answer).
    nap: Duration,
}

impl Script {
    fn new(w: u16, h: u16, input: Vec<Input>) -> Script {
        Script {
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
            input: input.into(),
            frames: Vec::new(),
            copies: Vec::new(),
            suspended: 0,
            links: Vec::new(),
            handed_over: 0,
            edit: None,
            nap: Duration::ZERO,
        }
    }

    fn last_frame(&self) -> &str {
        self.frames.last().map_or("", String::as_str)
    }
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl Console for Script {
    fn size(&mut self) -> io::Result<(u16, u16)> {
        let s = self.term.size().map_err(io::Error::other)?;
        Ok((s.width, s.height))
    }

    fn draw(&mut self, render: &mut dyn FnMut(&mut ratatui::Frame)) -> io::Result<Rect> {
        let area = self
            .term
            .draw(|f| render(f))
            .map_err(io::Error::other)?
            .area;
        self.frames.push(text(self.term.backend().buffer()));
        Ok(area)
    }

    fn next(&mut self, _busy: bool) -> io::Result<Input> {
        if let Some((path, text)) = self.edit.take() {
            std::fs::write(path, text)?;
        }
        // When the script runs out, the terminal goes away.
        let input = self.input.pop_front().unwrap_or(Input::Gone);
        if matches!(input, Input::Nothing) {
            std::thread::sleep(self.nap);
        }
        Ok(input)
    }

    fn waiting(&mut self) -> io::Result<Option<Msg>> {
        Ok(None)
    }

    fn suspend(&mut self) -> io::Result<()> {
        self.suspended += 1;
        Ok(())
    }

    fn hand_over(
        &mut self,
        program: &mut std::process::Command,
    ) -> io::Result<std::process::ExitStatus> {
        self.handed_over += 1;
        program.status()
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.copies.push(text.to_string());
        Ok(())
    }

    fn link(&mut self, links: &[Hyperlink]) -> io::Result<()> {
        self.links = links.to_vec();
        Ok(())
    }
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn key(c: char) -> Input {
    Input::Msg(Msg::Key(Key::char(c)))
}

fn env(export_dir: &Path) -> Env {
    Env {
        theme: brief::config::Theme::dark(),
        hyperlinks: true,
        export_dir: export_dir.to_path_buf(),
        export_width: 80,
        export_format: brief::export::Format::Text,
        load: LoadOptions::default(),
        editor: None,
    }
}

#[test]
fn keys_run_through_the_loop_to_their_effects() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    let b = Arc::new(load_file(&file, &LoadOptions::default()).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut console = Script::new(
        100,
        30,
        vec![
            key('2'),
            key('e'),
            key('y'),
            Input::Msg(Msg::Key(Key::ctrl('z'))),
            key('r'),
            key('q'),
            key('j'),
        ],
    );
    let exports = dir.path().join("exports");
    event_loop(
        &mut console,
        &mut app,
        &env(&exports),
        &mut Feeds::default(),
    )
    .unwrap();

    // e: the tab on screen, written into the export folder.
    let written = exports.join("summit-defense.txt");
    let text = std::fs::read_to_string(&written).expect("the export is written");
    assert!(text.contains("Section: Defense cooperation"), "{text}");
    assert!(
        console.frames.iter().any(|f| f.contains("exported to ")),
        "the status line says where"
    );
    // y: the same text on the clipboard.
    assert_eq!(console.copies, vec![text.clone()]);
    assert!(
        console
            .frames
            .iter()
            .any(|f| f.contains("to the clipboard"))
    );
    // Ctrl-z: suspended once, and drawn again on return.
    assert_eq!(console.suspended, 1);
    // r: the file read again.
    assert!(console.frames.iter().any(|f| f.contains("reloaded")));
    // q ends the loop: the key after it is never read.
    assert_eq!(console.input.len(), 1, "the loop stopped at q");
    assert!(console.last_frame().contains("Defense cooperation (2/7)"));
}

#[test]
fn export_keys_write_the_configured_format_and_h_writes_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    let b = Arc::new(load_file(&file, &LoadOptions::default()).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut console = Script::new(100, 30, vec![key('2'), key('e'), key('H'), key('q')]);
    let exports = dir.path().join("exports");
    let mut env = env(&exports);
    // `[export] format = "markdown"`: e writes Markdown.
    env.export_format = brief::export::Format::Markdown;
    event_loop(&mut console, &mut app, &env, &mut Feeds::default()).unwrap();

    let md = std::fs::read_to_string(exports.join("summit-defense.md"))
        .expect("e writes the configured format, under its extension");
    assert!(md.starts_with("# "), "Markdown: {md}");
    assert!(md.contains("Defense cooperation"), "{md}");
    let names: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let page = std::fs::read_to_string(exports.join("summit-all.html"))
        .unwrap_or_else(|e| panic!("H writes the whole briefing as a page ({e}): {names:?}"));
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..80]);
    for section in [
        "Summit agenda",
        "Defense cooperation",
        "Economic investments",
        "Friction points",
    ] {
        assert!(
            page.contains(section),
            "every section is on the page: {section}"
        );
    }
    assert!(
        console.frames.iter().any(|f| f.contains("summit-all.html")),
        "the status line names the page"
    );
}

/// An editor of the test's own: it notes its arguments beside itself and
/// retitles the economy section, as a curator would.
fn fake_editor(dir: &Path) -> String {
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n\
         sed -i 's/^title = \"Economic investments\"/title = \"Investments and chips\"/' \"$2\"\n",
    )
    .unwrap();
    format!("sh {}", script.display())
}

#[test]
fn v_opens_the_editor_at_the_item_on_screen_and_reads_the_file_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    let b = Arc::new(load_file(&file, &LoadOptions::default()).unwrap().briefing);
    let second_item = b.sections[2].items[1].title.to_string();
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    // The economy tab, its second item at the top (o: outline, j, Enter).
    let keys = vec![
        key('3'),
        key('o'),
        key('j'),
        Input::Msg(Msg::Key(Key::named(KeyName::Enter))),
        key('v'),
        key('q'),
    ];
    let mut console = Script::new(100, 30, keys);
    let mut env = env(&dir.path().join("exports"));
    env.editor = Some(fake_editor(dir.path()));
    event_loop(&mut console, &mut app, &env, &mut Feeds::default()).unwrap();

    assert_eq!(
        console.handed_over, 1,
        "the terminal was handed to the editor"
    );
    let args = std::fs::read_to_string(dir.path().join("args")).expect("the editor ran");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 2, "+LINE FILE: {args:?}");
    assert_eq!(args[1], file.display().to_string());
    let line: usize = args[0].strip_prefix('+').expect("+LINE").parse().unwrap();
    // The line is the item's own table.
    let source = std::fs::read_to_string(&file).unwrap();
    let from_there: Vec<&str> = source.lines().skip(line - 1).take(3).collect();
    assert!(
        from_there.iter().any(|l| l.contains(&second_item)),
        "line {line} is where “{second_item}” is written: {from_there:?}"
    );
    // Read again when the editor exits: the new title is on screen.
    assert!(
        console.last_frame().contains("Investments and chips (3/7)"),
        "{}",
        console.last_frame()
    );
}

#[test]
fn without_an_editor_v_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    let before = std::fs::read(&file).unwrap();
    let b = Arc::new(load_file(&file, &LoadOptions::default()).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut console = Script::new(100, 30, vec![key('v'), key('q')]);
    let env = env(&dir.path().join("exports"));
    event_loop(&mut console, &mut app, &env, &mut Feeds::default()).unwrap();
    assert_eq!(console.handed_over, 0);
    assert!(
        console
            .last_frame()
            .contains("no editor: set VISUAL or EDITOR"),
        "{}",
        console.last_frame()
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_long_section_is_laid_out_between_inputs() {
    // A section long enough to be laid out in steps.
    let mut src = String::from(
        "format = 1\n[briefing]\ntitle = \"Long\"\ndate = 2025-01-01\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for i in 0..3000 {
        src.push_str(&format!(
            "[[sections.items]]\ntitle = \"Item {i}\"\nbody = \"{}\"\n",
            "words of the body ".repeat(20)
        ));
    }
    let b = Arc::new(
        brief::briefing::load_str(Path::new("long.toml"), &src, &LoadOptions::default())
            .unwrap()
            .briefing,
    );
    let mut settings = Settings::new(KeyMap::default());
    settings.steps.lazy_bytes = 1024;
    settings.steps.step_bytes = 64 * 1024;
    let mut app = App::new(vec![b], settings, (80, 24));
    // Nothing but moments without input, then G and q.
    let mut input: Vec<Input> = (0..200).map(|_| Input::Nothing).collect();
    input.extend([key('G'), key('q')]);
    let mut console = Script::new(80, 24, input);
    let dir = tempfile::tempdir().unwrap();
    event_loop(
        &mut console,
        &mut app,
        &env(dir.path()),
        &mut Feeds::default(),
    )
    .unwrap();
    assert!(!app.has_work(), "laid out whole while no key was pressed");
    assert!(
        console.last_frame().contains("Item 2999"),
        "{}",
        console.last_frame()
    );
    assert!(console.last_frame().contains("· Bot"));
}

#[test]
fn the_librarian_lists_a_folder_from_its_index_and_loads_the_file_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    for (from, to) in [
        ("tests/fixtures/reader/views.toml", "harbour.toml"),
        ("tests/fixtures/reader/one-section.toml", "note.toml"),
    ] {
        std::fs::copy(repo(from), lib.join(to)).unwrap();
    }
    let settings = brief::library::index::Settings {
        cache_dir: Some(dir.path().join("cache")),
        ..brief::library::index::Settings::new(LoadOptions::default())
    };
    let files = brief::library::index::Index::discover(&lib).unwrap();
    let librarian = Librarian::spawn(lib.clone(), files, settings).unwrap();
    let mut app = App::with_library(Vec::new(), Settings::new(KeyMap::default()), (110, 20));
    app.update(Msg::Loading(2));
    let mut feeds = Feeds::default();
    feeds.librarian = Some(librarian);
    let mut script: Vec<Input> = (0..200).map(|_| Input::Nothing).collect();
    script.push(Input::Msg(Msg::Key(Key::named(KeyName::Enter))));
    script.extend((0..200).map(|_| Input::Nothing));
    let mut console = Script::new(110, 20, script);
    console.nap = Duration::from_millis(5);
    event_loop(&mut console, &mut app, &env(dir.path()), &mut feeds).unwrap();
    let listed = console
        .frames
        .iter()
        .find(|f| f.contains("Harbour week") && f.contains("Harbour closure"))
        .unwrap_or_else(|| panic!("{}", console.frames.join("\n----\n")));
    assert!(listed.contains("brief — 2 briefings"), "{listed}");
    assert!(
        dir.path().join("cache/index").exists(),
        "the index is kept in the cache folder"
    );
    let r = app
        .reading
        .as_ref()
        .expect("Enter opened the first briefing");
    assert_eq!(r.briefing.meta.title.to_string(), "Harbour week");
}

#[test]
fn a_changed_file_read_again_opens_the_changes_view_and_leaving_marks_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    let snapshots = brief::state::Snapshots::at(dir.path().join("snapshots"));
    let opts = LoadOptions::default();

    // First opening: no snapshot yet, so one is recorded and nothing shows.
    let b = Arc::new(load_file(&file, &opts).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut feeds = Feeds::default();
    feeds.snapshots = Some(snapshots.clone());
    let mut console = Script::new(100, 30, vec![key('j')]);
    event_loop(&mut console, &mut app, &env(dir.path()), &mut feeds).unwrap();
    let first = std::fs::read_to_string(&file).unwrap();
    assert_eq!(snapshots.load(&file).as_deref(), Some(first.as_str()));
    assert!(!console.last_frame().contains("Changes since"));

    // The file changes while it is open; r reads it again.
    let b = Arc::new(load_file(&file, &opts).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut feeds = Feeds::default();
    feeds.snapshots = Some(snapshots.clone());
    let later =
        std::fs::read_to_string(repo("tests/fixtures/diff/us-japan-summit-2024-04-11.toml"))
            .unwrap();
    let mut console = Script::new(
        100,
        30,
        vec![
            key('r'),
            Input::Msg(Msg::Key(Key::named(KeyName::Esc))),
            key('q'),
        ],
    );
    // The file is edited once the briefing is open, before r is pressed.
    console.edit = Some((file.clone(), later.clone()));
    event_loop(&mut console, &mut app, &env(dir.path()), &mut feeds).unwrap();
    let opened = console
        .frames
        .iter()
        .find(|f| f.contains("Changes since you last read"))
        .expect("the reload opens the Changes view");
    assert!(opened.contains("status: planned → completed"), "{opened}");
    assert!(
        opened.contains("+ new Leaders publish a joint statement"),
        "{opened}"
    );
    // Closed, the section view is at the first change, marked in words.
    let last = console.last_frame();
    assert!(
        last.contains("Biden hosts Kishida") && last.contains("~ changed"),
        "{last}"
    );
    // Quitting after the changes were shown: they are read now.
    assert_eq!(snapshots.load(&file).as_deref(), Some(later.as_str()));

    // Reopened unchanged: nothing to show.
    let b = Arc::new(load_file(&file, &opts).unwrap().briefing);
    let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
    let mut feeds = Feeds::default();
    feeds.snapshots = Some(snapshots.clone());
    let mut console = Script::new(100, 30, vec![key('C')]);
    event_loop(&mut console, &mut app, &env(dir.path()), &mut feeds).unwrap();
    assert!(
        console
            .last_frame()
            .contains("nothing changed since you last read"),
        "{}",
        console.last_frame()
    );
}

#[test]
fn reopening_a_changed_briefing_shows_its_changes_and_a_damaged_snapshot_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    let later =
        std::fs::read_to_string(repo("tests/fixtures/diff/us-japan-summit-2024-04-11.toml"))
            .unwrap();
    std::fs::write(&file, &later).unwrap();
    let snapshots = brief::state::Snapshots::at(dir.path().join("snapshots"));
    let earlier = std::fs::read_to_string(repo("briefings/us-japan-summit-2024-04.toml")).unwrap();
    snapshots.save(&file, &earlier).unwrap();
    let opts = LoadOptions::default();
    // The briefing opened and `input` played; `edit` is written to the
    // file while it is open (and not read again).
    let run = |input: Vec<Input>, edit: Option<String>| {
        let b = Arc::new(load_file(&file, &opts).unwrap().briefing);
        let mut app = App::new(vec![b], Settings::new(KeyMap::default()), (100, 30));
        let mut feeds = Feeds::default();
        feeds.snapshots = Some(snapshots.clone());
        let mut console = Script::new(100, 30, input);
        console.edit = edit.map(|text| (file.clone(), text));
        event_loop(&mut console, &mut app, &env(dir.path()), &mut feeds).unwrap();
        console
    };
    let esc_then_mark = || vec![Input::Msg(Msg::Key(Key::named(KeyName::Esc))), key('M')];
    // Opening shows the changes; closed, M marks them read at once.
    let console = run(esc_then_mark(), None);
    assert!(console.frames[0].contains("Changes since you last read"));
    assert!(console.last_frame().contains("everything marked as read"));
    assert_eq!(snapshots.load(&file).as_deref(), Some(later.as_str()));

    // The file edited while open, and not read again: what it now says
    // was not shown, so M does not record it, and says why.
    snapshots.save(&file, &earlier).unwrap();
    let console = run(esc_then_mark(), Some(format!("{later}\n# edited\n")));
    assert!(
        console
            .last_frame()
            .contains("could not mark as read: the file changed since it was shown"),
        "{}",
        console.last_frame()
    );
    assert_eq!(snapshots.load(&file).as_deref(), Some(earlier.as_str()));
    std::fs::write(&file, &later).unwrap();

    // A damaged snapshot: ignored, replaced by the text on screen.
    std::fs::write(snapshots.file_for(&file), "{ not json").unwrap();
    let console = run(vec![key('j')], None);
    assert!(!console.frames.iter().any(|f| f.contains("Changes since")));
    assert_eq!(snapshots.load(&file).as_deref(), Some(later.as_str()));
    // A snapshot that no longer loads as a briefing: the same.
    snapshots.save(&file, "title = ").unwrap();
    let console = run(vec![key('j')], None);
    assert!(!console.frames.iter().any(|f| f.contains("Changes since")));
    assert_eq!(snapshots.load(&file).as_deref(), Some(later.as_str()));
}
