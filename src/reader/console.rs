//! What the event loop draws on and reads from: a [`Console`]. The real one
//! is the terminal ([`TerminalConsole`]); tests give the loop a console of
//! their own, on ratatui's `TestBackend`, with scripted events.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use super::msg::Msg;
use super::palette::Depth;
use super::terminal;
use super::ui::Hyperlink;
use crate::config::keymap::Key;
use ratatui::layout::Rect;

/// What waiting for input found.
#[derive(Debug)]
pub enum Input {
    /// Something happened.
    Msg(Msg),
    /// Nothing yet (the wait timed out, or the loop has work to do).
    Nothing,
    /// The reader must end: a signal, or the terminal hung up.
    Gone,
}

/// The terminal side of the event loop.
pub trait Console {
    /// Its size (columns, rows).
    fn size(&mut self) -> io::Result<(u16, u16)>;

    /// Draws a frame; returns the area drawn.
    fn draw(&mut self, render: &mut dyn FnMut(&mut Frame)) -> io::Result<Rect>;

    /// The next input: at once when `busy` (the loop has work to do between
    /// inputs), else after waiting a moment for one.
    fn next(&mut self, busy: bool) -> io::Result<Input>;

    /// Input that is already waiting, if any (never waits).
    fn waiting(&mut self) -> io::Result<Option<Msg>>;

    /// Suspends the process to the shell (Ctrl-z) with the terminal given
    /// back, and takes it again on return.
    fn suspend(&mut self) -> io::Result<()>;

    /// Runs a program that takes the terminal (an editor): the terminal is
    /// given back to it, and taken again, redrawn fully, when it exits.
    fn hand_over(
        &mut self,
        program: &mut std::process::Command,
    ) -> io::Result<std::process::ExitStatus>;

    /// Puts text on the clipboard (OSC 52).
    fn copy(&mut self, text: &str) -> io::Result<()>;

    /// Makes URLs on screen clickable (OSC 8), after a frame is drawn.
    fn link(&mut self, links: &[Hyperlink]) -> io::Result<()>;
}

/// Signals that end the reader cleanly (terminal restored).
#[derive(Debug, Clone)]
pub struct Signals {
    stop: Arc<AtomicBool>,
}

impl Signals {
    /// Catches SIGTERM, SIGHUP and SIGINT.
    pub fn install() -> Signals {
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

/// The terminal on standard output, its input, and the signals that end
/// the reader.
pub struct TerminalConsole {
    term: terminal::Screen,
    signals: Signals,
    mouse: bool,
    depth: Depth,
    /// The size last reported as a [`Msg::Resize`].
    size: (u16, u16),
    /// Waits in a row in which the terminal had input that crossterm did
    /// not read (see [`TerminalConsole::unstick`]).
    stuck: u32,
    /// A descriptor that becomes readable when news comes from a thread
    /// (see [`TerminalConsole::wake_on`]).
    wake: Option<Wake>,
}

/// A descriptor to wake up on, besides the terminal.
#[cfg(unix)]
pub type Wake = std::os::fd::RawFd;
/// A descriptor to wake up on, besides the terminal (none here).
#[cfg(not(unix))]
pub type Wake = ();

impl TerminalConsole {
    /// Wakes up from waiting for input when `wake` becomes readable, so
    /// that a thread's news is taken at once rather than at the next tick
    /// (whoever writes to it drains it when the news is taken).
    pub fn wake_on(&mut self, wake: Wake) {
        self.wake = Some(wake);
    }

    /// Takes the terminal: raw mode, the alternate screen, the mouse if
    /// asked; colours as a terminal of `depth` shows them.
    pub fn enter(mouse: bool, depth: Depth, signals: Signals) -> io::Result<TerminalConsole> {
        let term = terminal::enter(mouse, depth)?;
        let size = term.size().map(|s| (s.width, s.height))?;
        Ok(TerminalConsole {
            term,
            signals,
            mouse,
            depth,
            size,
            stuck: 0,
            wake: None,
        })
    }

    /// Gives the terminal back.
    pub fn leave(self) {
        terminal::leave(self.mouse);
    }

    /// A resize the reader missed, if the terminal's size changed since the
    /// last one it was told of. crossterm drops a resize that arrives with
    /// a key in the same wakeup, and one that arrives before its reader
    /// starts; the size itself is asked of the terminal at each wakeup.
    fn missed_resize(&mut self) -> Option<Msg> {
        let (w, h) = ratatui::crossterm::terminal::size().ok()?;
        (self.size != (w, h)).then(|| {
            self.size = (w, h);
            Msg::Resize(w, h)
        })
    }

    /// crossterm drops the notice that the terminal has input when a resize
    /// comes in the same wakeup, and is then not told again until more
    /// input arrives: the key waits, and the loop would spin on a terminal
    /// that keeps saying it has input. Asking the terminal where its cursor
    /// is makes it answer, which is more input: crossterm reads all of it,
    /// the key included.
    fn unstick(&mut self) {
        self.stuck += 1;
        if self.stuck >= 2 {
            self.stuck = 0;
            let _ = ratatui::crossterm::cursor::position();
        }
    }

    /// An event crossterm has ready, as a message.
    fn read(&mut self) -> io::Result<Option<Msg>> {
        let msg = to_msg(event::read()?);
        if let Some(Msg::Resize(w, h)) = msg {
            self.size = (w, h);
        }
        Ok(msg)
    }
}

impl Console for TerminalConsole {
    fn size(&mut self) -> io::Result<(u16, u16)> {
        self.term.size().map(|s| (s.width, s.height))
    }

    fn draw(&mut self, render: &mut dyn FnMut(&mut Frame)) -> io::Result<Rect> {
        Ok(self.term.draw(|f| render(f))?.area)
    }

    fn next(&mut self, busy: bool) -> io::Result<Input> {
        if self.signals.stopped() || tty_hung_up() {
            return Ok(Input::Gone);
        }
        // Never enter crossterm's reader on a dead terminal (see the
        // watchdog in `run`).
        if event::poll(Duration::ZERO)? {
            self.stuck = 0;
            return Ok(self.read()?.map_or(Input::Nothing, Input::Msg));
        }
        if let Some(resize) = self.missed_resize() {
            return Ok(Input::Msg(resize));
        }
        if busy {
            return Ok(Input::Nothing);
        }
        match wait_for_terminal(Duration::from_millis(100), self.wake) {
            Tty::HungUp => Ok(Input::Gone),
            Tty::Input if !event::poll(Duration::ZERO)? => {
                self.unstick();
                Ok(Input::Nothing)
            }
            Tty::Input | Tty::Quiet => Ok(Input::Nothing),
        }
    }

    fn waiting(&mut self) -> io::Result<Option<Msg>> {
        if tty_hung_up() || !event::poll(Duration::ZERO)? {
            return Ok(None);
        }
        self.read()
    }

    fn suspend(&mut self) -> io::Result<()> {
        terminal::suspend(&mut self.term, self.mouse, self.depth)
    }

    fn hand_over(
        &mut self,
        program: &mut std::process::Command,
    ) -> io::Result<std::process::ExitStatus> {
        terminal::hand_over(&mut self.term, self.mouse, self.depth, program)
    }

    fn copy(&mut self, text: &str) -> io::Result<()> {
        terminal::copy_osc52(text)
    }

    fn link(&mut self, links: &[Hyperlink]) -> io::Result<()> {
        terminal::link(links, self.depth)
    }
}

/// Whether the terminal on standard input has hung up (an SSH drop, a
/// closed window). Asks for no events, so it consumes nothing.
pub fn tty_hung_up() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: isatty only inspects the descriptor.
        #[allow(unsafe_code)]
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            let mut fds = libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, and its count; no waiting.
            #[allow(unsafe_code)]
            let n = unsafe { libc::poll(&mut fds, 1, 0) };
            return n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
        }
    }
    false
}

/// What waiting on the terminal found.
#[derive(Debug, PartialEq, Eq)]
enum Tty {
    /// Input is waiting.
    Input,
    /// The wait timed out (a resize arrives as a signal, which crossterm
    /// queues; the next round picks it up).
    Quiet,
    /// The terminal is gone (an SSH drop, a closed window).
    HungUp,
}

/// Waits up to `timeout` for input on the terminal, or for `wake` to
/// become readable (news from a thread: the wait ends, quiet).
///
/// crossterm's own `poll` spins without end when the terminal hangs up (its
/// reads return end-of-file at once), so the reader waits with poll(2)
/// itself and leaves when the terminal reports a hang-up.
#[cfg_attr(not(unix), allow(unused_variables))]
fn wait_for_terminal(timeout: Duration, wake: Option<Wake>) -> Tty {
    #[cfg(unix)]
    {
        // SAFETY: isatty only inspects the descriptor.
        #[allow(unsafe_code)]
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            let pollfd = |fd| libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // A negative descriptor is left out by poll(2).
            let mut fds = [pollfd(libc::STDIN_FILENO), pollfd(wake.unwrap_or(-1))];
            let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
            // SAFETY: two valid pollfds, and their count.
            #[allow(unsafe_code)]
            let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
            let tty = fds[0].revents;
            if n > 0 && tty & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Tty::HungUp;
            }
            if n > 0 && tty & libc::POLLIN != 0 {
                return Tty::Input;
            }
            return Tty::Quiet;
        }
    }
    // Not a terminal on standard input (crossterm reads /dev/tty): just wait.
    let _ = event::poll(timeout);
    Tty::Quiet
}

/// A terminal event as the reader sees it; `None` for events it ignores.
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
