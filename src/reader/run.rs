//! The event loop: terminal event → message → update → effect → draw.
//!
//! [`event_loop`] is generic over the [`Console`] it draws on and reads
//! from, so tests run the real loop, effects included, on ratatui's
//! `TestBackend` with scripted events; [`run`] gives it the terminal.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use super::app::{App, Effect, Msg};
use super::console::{Console, Input, Signals, TerminalConsole, tty_hung_up};
use super::editor;
use super::feeds::{self, Background, Feeds, Shared};
use super::librarian::Librarian;
use super::palette::Depth;
use super::terminal;
use super::ui;
use crate::briefing::LoadOptions;
use crate::config::{Config, Theme};
use crate::export::{self, Plan};
use crate::library;
use crate::state::{Snapshots, Store};

/// How the screen is painted, and where effects put what they make.
#[derive(Debug, Clone)]
pub struct Env {
    /// The theme: the configured one, or without colours where the
    /// terminal has none (a highlight must still show).
    pub theme: Theme,
    /// Whether URLs are made clickable (OSC 8).
    pub hyperlinks: bool,
    /// Where the reader's exports go.
    pub export_dir: PathBuf,
    /// The width exports and copies are wrapped at.
    pub export_width: usize,
    /// The format the export keys write unless they name one.
    pub export_format: export::Format,
    /// How briefing files are loaded (a reload).
    pub load: LoadOptions,
    /// The editor the edit key opens: `$VISUAL`, else `$EDITOR`.
    pub editor: Option<String>,
}

impl Env {
    /// The settings of a run, for a terminal of `depth` colours.
    pub fn new(config: &Config, depth: Depth) -> Env {
        Env {
            theme: if depth == Depth::Mono {
                Theme::mono()
            } else {
                config.theme.clone()
            },
            hyperlinks: terminal::supports_hyperlinks(),
            export_dir: config.export_dir.clone(),
            export_width: config.export_width,
            export_format: config.export_format,
            editor: editor::chosen(
                std::env::var_os("VISUAL").as_deref(),
                std::env::var_os("EDITOR").as_deref(),
            ),
            load: config.load_options(),
        }
    }
}

/// Runs the reader until the user quits, and gives it back (to tell what
/// it ended on). The terminal is restored whatever happens. `loading`
/// brings library files that are still being read; `rest`, the whole of a
/// large briefing whose first part is open.
pub fn run(
    mut app: App,
    config: &Config,
    librarian: Option<Librarian>,
    rest: Option<Background>,
) -> io::Result<App> {
    let signals = Signals::install();
    let mut feeds = Feeds::new(true, Store::open_default().ok());
    feeds.librarian = librarian;
    feeds.rest = rest;
    feeds.snapshots = Snapshots::open_default().ok();
    spawn_watchdog(feeds.store.clone(), feeds.position.clone());
    let depth = Depth::detect();
    let env = Env::new(config, depth);
    let mut console = TerminalConsole::enter(config.mouse, depth, signals)?;
    #[cfg(unix)]
    if let Some(librarian) = &feeds.librarian {
        console.wake_on(librarian.wake());
    }
    let result = event_loop(&mut console, &mut app, &env, &mut feeds);
    console.leave();
    if let Some(message) = terminal::background_panic() {
        eprintln!("brief: a background task failed: {message}");
    }
    feeds.track(&app);
    if let Err(e) = feeds.save() {
        eprintln!("brief: the reading position was not saved: {e}");
    }
    result.map(|()| app)
}

/// Ends the process when the reader cannot. crossterm's event reader loops
/// without end once its terminal hangs up (each read returns end-of-file and
/// it reads again), and a hang-up can come while it is inside that loop. So
/// a thread checks the terminal ten times a second and, when it is gone,
/// saves the reading position and exits: there is no terminal left to restore.
fn spawn_watchdog(store: Option<Store>, position: Shared) {
    let _ = std::thread::Builder::new()
        .name("brief-watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(100));
                if tty_hung_up() {
                    let _ = feeds::save_position(store.as_ref(), &position);
                    std::process::exit(0);
                }
            }
        });
}

/// Draws, waits for input (or background news, or a moment to do some
/// work), updates, and carries out the effects, until the reader ends.
pub fn event_loop<C: Console>(
    console: &mut C,
    app: &mut App,
    env: &Env,
    feeds: &mut Feeds,
) -> io::Result<()> {
    let (w, h) = console.size()?;
    app.update(Msg::Resize(w, h));
    if let Some(path) = app.reading.as_ref().map(|r| r.briefing.path.clone()) {
        feeds.opened(&path, app, &env.load);
    }
    // A hidden hook for the end-to-end test of a panic: the terminal must be
    // restored and the message printed after it.
    let panic_for_test = std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "1");
    loop {
        feeds.track(app);
        feeds.leave(app, false);
        let area = console.draw(&mut |f| ui::draw(f, app, &env.theme))?;
        if let Some(rest) = feeds.rest.as_mut() {
            rest.drawn();
        }
        if panic_for_test {
            panic!("BRIEF_TEST_PANIC: a panic after the first frame");
        }
        if env.hyperlinks {
            console.link(&ui::hyperlinks(app, &env.theme, area))?;
        }
        // Wait for input, waking up regularly to notice signals, files
        // that loaded or changed, and a terminal that went away.
        let msgs = loop {
            let background = feeds.drain(&env.load, app);
            if !background.is_empty() {
                break background;
            }
            match console.next(app.has_work())? {
                Input::Gone => {
                    feeds.leave(app, true);
                    return Ok(());
                }
                Input::Msg(msg) => break vec![msg],
                // No input waiting: a step of the work left (a long
                // section's layout), then a frame, then input again.
                Input::Nothing if app.has_work() => break vec![Msg::Idle],
                Input::Nothing => {}
            }
        };
        let mut effect = None;
        for msg in msgs {
            effect = effect.or(app.update(msg));
        }
        // Take the input that is already waiting before drawing again, so
        // that a burst of keys or resizes costs one frame.
        while effect.is_none()
            && let Some(msg) = console.waiting()?
        {
            effect = app.update(msg);
        }
        if let Some(effect) = effect
            && carry_out(effect, console, app, env, feeds)? == Done::Quit
        {
            feeds.leave(app, true);
            return Ok(());
        }
    }
}

/// Whether the loop goes on after an effect.
#[derive(Debug, PartialEq, Eq)]
enum Done {
    Continue,
    Quit,
}

/// Carries out an effect the update asked for; its result comes back to
/// the reader as a message.
fn carry_out<C: Console>(
    effect: Effect,
    console: &mut C,
    app: &mut App,
    env: &Env,
    feeds: &mut Feeds,
) -> io::Result<Done> {
    match effect {
        Effect::Quit => return Ok(Done::Quit),
        Effect::Suspend => {
            feeds.track(app);
            let _ = feeds.save();
            console.suspend()?;
            let (w, h) = console.size()?;
            app.update(Msg::Resize(w, h));
        }
        Effect::Export {
            plan,
            whole,
            format,
        } => {
            let format = format.unwrap_or(env.export_format);
            let msg = export_to_file(app, env, &plan, whole, format);
            app.update(Msg::Message(msg));
        }
        Effect::Copy { plan } => {
            let msg = match &app.reading {
                Some(r) => {
                    let text = export::export_text(&r.briefing, &plan, env.export_width);
                    match console.copy(&text) {
                        Ok(()) => format!(
                            "copied {} to the clipboard",
                            crate::briefing::text::counted(text.lines().count(), "line", "lines")
                        ),
                        Err(e) => format!("copy failed: {e}"),
                    }
                }
                None => String::new(),
            };
            app.update(Msg::Message(msg));
        }
        Effect::Opened { path } => {
            feeds.track(app);
            feeds.leave(app, false);
            feeds.opened(&path, app, &env.load);
        }
        Effect::Load { path } => {
            // Without a librarian (a library loaded whole), here.
            let unasked = match &feeds.librarian {
                Some(librarian) => (!librarian.load(path.clone())).then_some(path),
                None => Some(path),
            };
            if let Some(path) = unasked
                && let Some(next) =
                    app.update(Msg::Loaded(Box::new(library::load_entry(&path, &env.load))))
            {
                return carry_out(next, console, app, env, feeds);
            }
        }
        Effect::Search { query } => {
            let asked = feeds
                .librarian
                .as_ref()
                .is_some_and(|l| l.search(query.clone()));
            if !asked {
                let found = Err("the library's index is not available".to_string());
                app.update(Msg::Found { query, found });
            }
        }
        Effect::Reload { path } => {
            for msg in feeds.reload(&path, &env.load) {
                app.update(msg);
            }
        }
        Effect::MarkRead { path } => {
            let msg = feeds.mark_read(&path);
            app.update(Msg::Message(msg));
        }
        Effect::Edit { path, offset } => {
            feeds.track(app);
            let _ = feeds.save();
            match edit(console, env.editor.as_deref(), &path, offset) {
                Ok(()) => {
                    let (w, h) = console.size()?;
                    app.update(Msg::Resize(w, h));
                    // What the editor wrote is on screen at once, with what
                    // it changed, or the last good version stays with the
                    // reload's banner.
                    for msg in feeds.reload(&path, &env.load) {
                        app.update(msg);
                    }
                }
                Err(message) => {
                    app.update(Msg::Message(message));
                }
            }
        }
    }
    Ok(Done::Continue)
}

/// Writes an export into the export folder under a name of its own (a
/// second export of the same gets `-2`); the message says where, or why not.
fn export_to_file(
    app: &App,
    env: &Env,
    plan: &Plan,
    whole: bool,
    format: export::Format,
) -> String {
    let Some(r) = &app.reading else {
        return String::new();
    };
    let b = &r.briefing;
    let text = export::export(b, plan, format, env.export_width);
    let page = if whole {
        None
    } else {
        plan.pages.first().copied()
    };
    let stem = export::file_stem(b, page, plan.tag.as_deref());
    match export::write::write_new_in(&env.export_dir, &stem, format.extension(), &text) {
        Ok(path) => format!("exported to {}", display(&path)),
        Err(e) => format!("export failed: {}: {e}", display(&env.export_dir)),
    }
}

/// Opens the file in the user's editor at the line of `offset`; why not,
/// as a message for the status line.
fn edit<C: Console>(
    console: &mut C,
    editor: Option<&str>,
    path: &std::path::Path,
    offset: usize,
) -> Result<(), String> {
    let Some(editor) = editor else {
        return Err("no editor: set VISUAL or EDITOR (for example EDITOR=vim)".into());
    };
    let line =
        editor::line_at(path, offset).map_err(|e| format!("cannot edit {}: {e}", display(path)))?;
    let shown = crate::briefing::clean::defang(editor).into_owned();
    match console.hand_over(&mut editor::command(editor, path, line)) {
        Ok(status) if status.success() => Ok(()),
        // The shell's status for a command it cannot find or run.
        Ok(status) if matches!(status.code(), Some(126 | 127)) => {
            Err(format!("cannot start the editor `{shown}`"))
        }
        // An editor that exits with an error may still have saved.
        Ok(_) => Ok(()),
        Err(e) => Err(format!("cannot start the editor `{shown}`: {e}")),
    }
}

/// A path as the user wrote it: relative to the current folder when it is
/// inside it.
fn display(path: &std::path::Path) -> String {
    let p: PathBuf = path
        .strip_prefix(std::env::current_dir().unwrap_or_default())
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf());
    crate::briefing::diagnostic::display_path(&p)
}
