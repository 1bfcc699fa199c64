//! The event loop: terminal event → message → update → effect → draw.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use super::app::{App, Effect, Msg};
use super::keymap::Key;
use super::terminal;
use super::ui;
use crate::config::Config;

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

/// Runs the reader until the user quits. The terminal is restored whatever happens.
pub fn run(mut app: App, config: &Config) -> io::Result<()> {
    let signals = Signals::install();
    let mut term = terminal::enter(config.mouse)?;
    let result = event_loop(&mut term, &mut app, config, &signals);
    terminal::leave(config.mouse);
    result
}

fn event_loop(
    term: &mut ratatui::DefaultTerminal,
    app: &mut App,
    config: &Config,
    signals: &Signals,
) -> io::Result<()> {
    let size = term.size()?;
    app.update(Msg::Resize(size.width, size.height));
    // A hidden hook for the end-to-end test of a panic: the terminal must be
    // restored and the message printed after it.
    let panic_for_test = std::env::var_os("BRIEF_TEST_PANIC").is_some_and(|v| v == "1");
    loop {
        term.draw(|f| ui::draw(f, app, &config.theme))?;
        if panic_for_test {
            panic!("BRIEF_TEST_PANIC: a panic after the first frame");
        }
        // Wait for input, waking up regularly to notice signals and a
        // terminal that went away.
        let msg = loop {
            if signals.stopped() {
                return Ok(());
            }
            if event::poll(Duration::ZERO)? {
                if let Some(msg) = to_msg(event::read()?) {
                    break msg;
                }
                continue;
            }
            if wait_for_terminal(Duration::from_millis(100)) == TtyState::HungUp {
                return Ok(());
            }
        };
        let mut effect = app.update(msg);
        // Drain input that is already waiting before drawing again, so a
        // burst of keys or resizes costs one frame.
        while effect.is_none() && event::poll(Duration::ZERO)? {
            if let Some(msg) = to_msg(event::read()?) {
                effect = app.update(msg);
            }
        }
        if let Some(effect) = effect {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Suspend => {
                    terminal::suspend(term, config.mouse)?;
                    let size = term.size()?;
                    app.update(Msg::Resize(size.width, size.height));
                }
                Effect::Export { sections, whole } => {
                    let msg = export(app, config, &sections, whole);
                    app.update(Msg::Message(msg));
                }
                Effect::Copy { sections } => {
                    let msg = match &app.reading {
                        Some(r) => {
                            let text = crate::export::export_text(
                                &r.briefing,
                                &sections,
                                config.export_width,
                            );
                            match terminal::copy_osc52(&text) {
                                Ok(()) => format!(
                                    "copied {} lines to the clipboard",
                                    text.lines().count()
                                ),
                                Err(e) => format!("copy failed: {e}"),
                            }
                        }
                        None => String::new(),
                    };
                    app.update(Msg::Message(msg));
                }
            }
        }
    }
}

fn export(app: &App, config: &Config, sections: &[usize], whole: bool) -> String {
    let Some(r) = &app.reading else {
        return String::new();
    };
    let b = &r.briefing;
    let text = crate::export::export_text(b, sections, config.export_width);
    let section = if whole {
        None
    } else {
        sections.first().copied()
    };
    let stem = crate::export::file_stem(b, section);
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
