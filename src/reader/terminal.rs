//! Entering and leaving the terminal's reading mode, so that it is always
//! restored: on quit, on error, on panic, on signals, and around Ctrl-z.

use std::io::{self, Write};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use crate::briefing::text::is_linkable_url;
use ratatui::Terminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::EnterAlternateScreen;

use super::palette::{Depth, PaletteBackend, sgr};

/// The reader's terminal: standard output, with colours as it can show them.
pub type Screen = Terminal<PaletteBackend>;

/// A panic in a background thread (loading files), kept to be printed once
/// the terminal is restored: the reader goes on, and the screen stays intact.
static BACKGROUND_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Whether the mouse was captured (the panic hook releases it).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Installs, once, a panic hook that restores the terminal before the
/// message is printed, for a panic on the reader's own thread. A panic on a
/// background thread leaves the terminal alone (the reader goes on) and its
/// message is printed after the reader ends.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("main") {
                if MOUSE.load(Ordering::Relaxed) {
                    let _ = execute!(io::stdout(), DisableMouseCapture);
                }
                let _ = ratatui::try_restore();
                default(info);
            } else if let Ok(mut slot) = BACKGROUND_PANIC.lock() {
                slot.get_or_insert_with(|| info.to_string());
            }
        }));
    });
}

/// The message of a panic on a background thread, if one happened.
pub fn background_panic() -> Option<String> {
    BACKGROUND_PANIC.lock().ok().and_then(|mut s| s.take())
}

/// Puts the terminal in raw mode on the alternate screen (and captures the
/// mouse if asked), with a panic hook that restores it first; colours are
/// written as a terminal of `depth` shows them.
pub fn enter(mouse: bool, depth: Depth) -> io::Result<Screen> {
    install_panic_hook();
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    MOUSE.store(mouse, Ordering::Relaxed);
    Terminal::new(PaletteBackend::new(depth))
}

/// Gives the terminal back: cooked mode, main screen, cursor shown.
pub fn leave(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    MOUSE.store(false, Ordering::Relaxed);
    ratatui::restore();
    let _ = execute!(io::stdout(), Show);
    let _ = io::stdout().flush();
}

/// Suspends the process (as Ctrl-z does in a shell) with the terminal
/// restored, and sets it up again when the shell resumes it.
pub fn suspend(terminal: &mut Screen, mouse: bool, depth: Depth) -> io::Result<()> {
    leave(mouse);
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Resumed by `fg`.
    *terminal = enter(mouse, depth)?;
    terminal.clear()?;
    Ok(())
}

/// Runs `program` with the terminal as it was before the reader (main
/// screen, cooked mode, no mouse), then takes the terminal again, whether
/// the program ran or not.
pub fn hand_over(
    terminal: &mut Screen,
    mouse: bool,
    depth: Depth,
    program: &mut std::process::Command,
) -> io::Result<std::process::ExitStatus> {
    leave(mouse);
    let status = program.status();
    *terminal = enter(mouse, depth)?;
    terminal.clear()?;
    status
}

/// Writes an OSC 52 "copy to clipboard" sequence; terminals that support it
/// (most, and over SSH) put the text on the system clipboard.
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Whether to send OSC 8 hyperlinks: not on the Linux console or a dumb
/// terminal (which would show them as text), and not when
/// `BRIEF_HYPERLINKS=0`. Most other terminals either link or ignore them.
pub fn supports_hyperlinks() -> bool {
    if std::env::var_os("BRIEF_HYPERLINKS").is_some_and(|v| v == "0") {
        return false;
    }
    !matches!(
        std::env::var("TERM").as_deref(),
        Ok("dumb" | "linux") | Err(_)
    )
}

/// Draws the URLs on screen again, over themselves, wrapped in OSC 8 so the
/// terminal makes them clickable. The text and style are those just drawn,
/// so a terminal without hyperlinks shows exactly the same screen. URLs are
/// checked by [`is_linkable_url`] (sanitized text, http(s) or mailto).
pub fn link(links: &[super::ui::Hyperlink], depth: Depth) -> io::Result<()> {
    use ratatui::crossterm::cursor::MoveTo;
    use ratatui::crossterm::queue;
    use ratatui::crossterm::style::Print;
    if links.is_empty() {
        return Ok(());
    }
    let mut out = io::stdout();
    for l in links {
        if !is_linkable_url(&l.url) {
            continue;
        }
        queue!(
            out,
            MoveTo(l.x, l.y),
            Print(sgr(l.style, depth)),
            Print(format!("\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", l.url, l.text)),
            Print("\x1b[0m"),
        )?;
    }
    out.flush()
}
