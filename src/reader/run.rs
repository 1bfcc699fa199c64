//! The event loop: terminal event → message → update → effect → draw.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use super::app::{App, Effect, Msg};
use super::palette::Depth;
use super::terminal;
use super::ui;
use super::watch::Watcher;
use crate::config::keymap::Key;
use crate::config::{Config, Theme};
use crate::library::Entry;
use crate::state::Store;

/// Signals that end the reader cleanly (terminal restored).
struct Signals {
    stop: Arc<AtomicBool>,
}

impl Signals {
    fn install() -> Signals {
        let stop = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
        }
        Signals { stop }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// What the loop watches besides the terminal.
struct Feeds {
    /// Files of the library still loading (the picker fills in as they arrive).
    loading: Option<Receiver<(usize, Entry)>>,
    /// Changes of the open briefing's file.
    watch: Option<(Watcher, Receiver<()>)>,
    /// Saved reading positions.
    store: Option<Store>,
    /// The last known position of the open briefing (saved when leaving
    /// it; shared with the watchdog, which saves it if the terminal dies).
    position: Arc<Mutex<Option<(PathBuf, crate::state::State)>>>,
}

impl Feeds {
    /// Messages that arrived from the background, without waiting.
    fn drain(&mut self, config: &Config, app: &App) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(rx) = &self.loading {
            loop {
                match rx.try_recv() {
                    Ok((_, entry)) => out.push(Msg::Loaded(Box::new(entry))),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.loading = None;
                        break;
                    }
                }
            }
        }
        if let Some((_, rx)) = &self.watch {
            let mut changed = false;
            while rx.try_recv().is_ok() {
                changed = true;
            }
            if changed && let Some(r) = &app.reading {
                out.push(reload(&r.briefing.path, config));
            }
        }
        out
    }

    /// Saves the position of the briefing being left, when the open one changed.
    fn track(&mut self, app: &App) {
        let Some(now) = app.position() else {
            return;
        };
        let left = self
            .position
            .lock()
            .is_ok_and(|p| p.as_ref().is_some_and(|(old, _)| *old != now.0));
        if left {
            // Leaving one briefing for another: a failure to save its place
            // is not worth interrupting the reader (the final save reports).
            let _ = self.save();
        }
        if let Ok(mut p) = self.position.lock() {
            *p = Some(now);
        }
    }

    fn save(&self) -> io::Result<()> {
        save_position(self.store.as_ref(), &self.position)
    }

    /// A briefing was opened: watch its file and restore its saved position.
    fn opened(&mut self, path: &Path, app: &mut App) {
        self.watch = None;
        let (tx, rx) = mpsc::channel();
        match Watcher::new(path, tx) {
            Ok(w) => self.watch = Some((w, rx)),
            Err(e) => {
                app.update(Msg::Message(format!(
                    "not watching the file for changes: {e}"
                )));
            }
        }
        if let Some(store) = &self.store {
            let loaded = store.load(path);
            app.update(Msg::Resume(loaded.state, loaded.notice));
        }
    }
}

/// Saves a reading position.
fn save_position(
    store: Option<&Store>,
    position: &Mutex<Option<(PathBuf, crate::state::State)>>,
) -> io::Result<()> {
    if let (Some(store), Ok(p)) = (store, position.lock())
        && let Some((path, state)) = p.as_ref()
    {
        store.save(path, state)?;
    }
    Ok(())
}

/// Whether the terminal on standard input has hung up (an SSH drop, a
/// closed window). Asks for no events, so it consumes nothing.
fn tty_hung_up() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            let mut fds = libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, and its count; no waiting.
            let n = unsafe { libc::poll(&mut fds, 1, 0) };
            return n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
        }
    }
    false
}

/// Ends the process when the reader cannot. crossterm's event reader loops
/// without end once its terminal hangs up (each read returns end-of-file and
/// it reads again), and a hang-up can come while it is inside that loop. So
/// a thread checks the terminal ten times a second and, when it is gone,
/// saves the reading position and exits: there is no terminal left to restore.
fn spawn_watchdog(
    store: Option<Store>,
    position: Arc<Mutex<Option<(PathBuf, crate::state::State)>>>,
) {
    let _ = std::thread::Builder::new()
        .name("brief-watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(100));
                if tty_hung_up() {
                    let _ = save_position(store.as_ref(), &position);
                    std::process::exit(0);
                }
            }
        });
}

fn reload(path: &Path, config: &Config) -> Msg {
    let entry = crate::library::load_entry(path, &config.load_options());
    Msg::Reloaded(Box::new(entry))
}

/// Runs the reader until the user quits. The terminal is restored whatever
/// happens. `loading` brings library files that are still being read.
pub fn run(
    mut app: App,
    config: &Config,
    loading: Option<Receiver<(usize, Entry)>>,
) -> io::Result<()> {
    let signals = Signals::install();
    let mut feeds = Feeds {
        loading,
        watch: None,
        store: Store::open_default().ok(),
        position: Arc::new(Mutex::new(None)),
    };
    spawn_watchdog(feeds.store.clone(), Arc::clone(&feeds.position));
    let look = Look::detect(config);
    let mut term = terminal::enter(config.mouse, look.depth)?;
    let result = event_loop(&mut term, &mut app, config, &look, &signals, &mut feeds);
    terminal::leave(config.mouse);
    if let Some(message) = terminal::background_panic() {
        eprintln!("brief: a background task failed: {message}");
    }
    feeds.track(&app);
    if let Err(e) = feeds.save() {
        eprintln!("brief: the reading position was not saved: {e}");
    }
    result
}

/// How the screen is painted on this terminal.
struct Look {
    /// How many colours it shows.
    depth: Depth,
    /// The theme: the configured one, or without colours where the
    /// terminal has none (a highlight must still show).
    theme: Theme,
    /// Whether URLs are made clickable (OSC 8).
    hyperlinks: bool,
}

impl Look {
    fn detect(config: &Config) -> Look {
        let depth = Depth::detect();
        Look {
            depth,
            theme: if depth == Depth::Mono {
                Theme::mono()
            } else {
                config.theme.clone()
            },
            hyperlinks: terminal::supports_hyperlinks(),
        }
    }
}

fn event_loop(
    term: &mut terminal::Screen,
    app: &mut App,
    config: &Config,
    look: &Look,
    signals: &Signals,
    feeds: &mut Feeds,
) -> io::Result<()> {
    let size = term.size()?;
    app.update(Msg::Resize(size.width, size.height));
    if let Some(path) = app.reading.as_ref().map(|r| r.briefing.path.clone()) {
        feeds.opened(&path, app);
    }
    // A hidden hook for the end-to-end test of a panic: the terminal must be
    // restored and the message printed after it.
    let panic_for_test = std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "1");
    loop {
        feeds.track(app);
        let frame = term.draw(|f| ui::draw(f, app, &look.theme))?;
        if panic_for_test {
            panic!("BRIEF_TEST_PANIC: a panic after the first frame");
        }
        if look.hyperlinks {
            let links = ui::hyperlinks(app, &look.theme, frame.area);
            terminal::link(&links, look.depth)?;
        }
        // Wait for input, waking up regularly to notice signals, files that
        // loaded or changed, and a terminal that went away.
        let msgs = loop {
            if signals.stopped() {
                return Ok(());
            }
            let background = feeds.drain(config, app);
            if !background.is_empty() {
                break background;
            }
            // Never enter crossterm's reader on a dead terminal (see spawn_watchdog).
            if tty_hung_up() {
                return Ok(());
            }
            if event::poll(Duration::ZERO)? {
                if let Some(msg) = to_msg(event::read()?) {
                    break vec![msg];
                }
                continue;
            }
            // No input waiting: a step of the work left (a long section's
            // layout), then a frame, then input again.
            if app.has_work() {
                break vec![Msg::Idle];
            }
            if wait_for_terminal(Duration::from_millis(100)) == TtyState::HungUp {
                return Ok(());
            }
        };
        let mut effect = None;
        for msg in msgs {
            effect = effect.or(app.update(msg));
        }
        // Drain input that is already waiting before drawing again, so a
        // burst of keys or resizes costs one frame.
        while effect.is_none() && !tty_hung_up() && event::poll(Duration::ZERO)? {
            if let Some(msg) = to_msg(event::read()?) {
                effect = app.update(msg);
            }
        }
        if let Some(effect) = effect {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Suspend => {
                    feeds.track(app);
                    let _ = feeds.save();
                    terminal::suspend(term, config.mouse, look.depth)?;
                    let size = term.size()?;
                    app.update(Msg::Resize(size.width, size.height));
                }
                Effect::Export { plan, whole } => {
                    let msg = export(app, config, &plan, whole);
                    app.update(Msg::Message(msg));
                }
                Effect::Copy { plan } => {
                    let msg = match &app.reading {
                        Some(r) => {
                            let text =
                                crate::export::export_text(&r.briefing, &plan, config.export_width);
                            match terminal::copy_osc52(&text) {
                                Ok(()) => {
                                    format!(
                                        "copied {} lines to the clipboard",
                                        text.lines().count()
                                    )
                                }
                                Err(e) => format!("copy failed: {e}"),
                            }
                        }
                        None => String::new(),
                    };
                    app.update(Msg::Message(msg));
                }
                Effect::Opened { path } => {
                    feeds.track(app);
                    feeds.opened(&path, app);
                }
                Effect::Reload { path } => {
                    let msg = reload(&path, config);
                    app.update(msg);
                }
            }
        }
    }
}

fn export(app: &App, config: &Config, plan: &crate::export::Plan, whole: bool) -> String {
    let Some(r) = &app.reading else {
        return String::new();
    };
    let b = &r.briefing;
    let text = crate::export::export_text(b, plan, config.export_width);
    let page = if whole {
        None
    } else {
        plan.pages.first().copied()
    };
    let stem = crate::export::file_stem(b, page, plan.tag.as_deref());
    match crate::export::write::write_new_in(&config.export_dir, &stem, "txt", &text) {
        Ok(path) => format!("exported to {}", display(&path)),
        Err(e) => format!("export failed: {}: {e}", display(&config.export_dir)),
    }
}

fn display(path: &std::path::Path) -> String {
    let p: PathBuf = path
        .strip_prefix(std::env::current_dir().unwrap_or_default())
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf());
    crate::briefing::diagnostic::display_path(&p)
}

/// What waiting on the terminal found.
#[derive(Debug, PartialEq, Eq)]
enum TtyState {
    /// Input may be waiting, or the wait timed out (a resize arrives as a
    /// signal, which crossterm queues; the next round picks it up).
    Alive,
    /// The terminal is gone (an SSH drop, a closed window).
    HungUp,
}

/// Waits up to `timeout` for input on the terminal.
///
/// crossterm's own `poll` spins without end when the terminal hangs up (its
/// reads return end-of-file at once), so the reader waits with poll(2)
/// itself and leaves when the terminal reports a hang-up.
fn wait_for_terminal(timeout: Duration) -> TtyState {
    #[cfg(unix)]
    {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            let mut fds = libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            };
            let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
            // SAFETY: one valid pollfd, and its count.
            let n = unsafe { libc::poll(&mut fds, 1, ms) };
            if n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return TtyState::HungUp;
            }
            return TtyState::Alive;
        }
    }
    // Not a terminal on standard input (crossterm reads /dev/tty): just wait.
    let _ = event::poll(timeout);
    TtyState::Alive
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Key::from_event(&k).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::Wheel(1)),
            MouseEventKind::ScrollUp => Some(Msg::Wheel(-1)),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}
