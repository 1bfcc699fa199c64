//! A real terminal for end-to-end tests, opened by the test itself.
//!
//! Each session opens a pseudo-terminal (`portable-pty`), starts an
//! interactive bash in it with job control, and types into the master side
//! the bytes a terminal sends for each key. A thread drains everything the
//! programs write into a terminal emulator (`vt100`) and into a raw byte
//! log, so the screen can be read as a person sees it, and the bytes can be
//! checked for what a screen never shows (a bell, a title, a sequence that
//! draws past the edge). Nothing but bash is needed: no terminal multiplexer, no procps.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// How long to wait for something to appear on screen: generous, as the
/// tests share two cores with the rest of `cargo test`.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// How often a wait looks at the screen again when nothing new arrived.
const POLL: Duration = Duration::from_millis(20);

/// The readline settings of the test shell: no bracketed paste of its own
/// (so a program that leaves it on is seen) and no bell.
const INPUTRC: &str = "set enable-bracketed-paste off\nset bell-style none\n";

/// How long the output must rest before a screen that is not at the end of
/// a frame is taken as whole.
const QUIET: Duration = Duration::from_millis(50);

/// The replacement character U+FFFD, which vt100 takes for a decoding
/// error and does not draw (a terminal draws it, one column wide), and the
/// character drawn for it instead and read back as U+FFFD.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();
const STAND_IN: &[u8] = "\u{E000}".as_bytes();

/// Feeds bytes to the emulator with every U+FFFD drawn as its stand-in.
/// `pending` holds the start of a U+FFFD cut off at the end of a read.
fn feed(parser: &mut vt100::Parser<Events>, pending: &mut Vec<u8>, bytes: &[u8]) {
    let mut data = std::mem::take(pending);
    data.extend_from_slice(bytes);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(REPLACEMENT) {
            out.extend_from_slice(STAND_IN);
            i += REPLACEMENT.len();
        } else if REPLACEMENT.starts_with(&data[i..]) {
            // The end of this read may be the start of a U+FFFD.
            pending.extend_from_slice(&data[i..]);
            break;
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    parser.process(&out);
}

/// What the emulator was told besides the screen.
#[derive(Default)]
struct Events {
    /// The window title, as set by OSC 0 or OSC 2.
    title: String,
    /// Answers owed to the program, as a terminal sends them.
    replies: Vec<u8>,
}

impl vt100::Callbacks for Events {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.title = String::from_utf8_lossy(title).into_owned();
    }

    /// Answers a cursor position request (`ESC [ 6 n`) as every terminal
    /// does: ratatui asks before it clears the screen, and waits.
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        if c == 'n' && i1.is_none() && i2.is_none() && params == [&[6][..]] {
            let (row, col) = screen.cursor_position();
            let (row, col) = (row.saturating_add(1), col.saturating_add(1));
            self.replies
                .extend_from_slice(format!("\x1b[{row};{col}R").as_bytes());
        }
    }
}

/// Everything read from the terminal so far.
struct Seen {
    parser: vt100::Parser<Events>,
    /// Every byte the programs wrote, in order.
    raw: Vec<u8>,
    /// No more bytes will come: every program closed the terminal, or the
    /// session hung up.
    closed: bool,
    /// When the last bytes arrived.
    changed_at: Instant,
    /// Bytes held back from the emulator (see [`feed`]).
    pending: Vec<u8>,
}

impl Seen {
    /// Whether the screen can be read as whole: the output ends a frame
    /// of the reader (ratatui hides the cursor, or shows it and moves it,
    /// and flushes), or it has rested a while. A frame arrives in pieces,
    /// and a screen read between two shows half of each.
    fn settled(&self) -> bool {
        // The end of the log is enough: `ESC [?25h ESC [row;colH` is short.
        let tail = &self.raw[self.raw.len().saturating_sub(32)..];
        if tail.ends_with(b"\x1b[?25l") {
            return true;
        }
        if let Some(at) = rfind(tail, b"\x1b[?25h")
            && let [(_, Piece::Csi { last: b'H', .. })] = pieces(&tail[at + 6..])[..]
        {
            return true;
        }
        self.closed || self.changed_at.elapsed() >= QUIET
    }
}

/// What the reader thread shares with the session.
struct Shared {
    seen: Mutex<Seen>,
    /// Signalled whenever bytes arrive or the terminal closes.
    changed: Condvar,
    /// Asks the reader thread to let go of the master side.
    stop: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Seen> {
        // A panic while holding the lock (a failed assertion elsewhere)
        // leaves the data as good as it was.
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A shell in a pseudo-terminal of its own, read through an emulator.
pub struct Pty {
    /// The folder the shell started in.
    pub dir: PathBuf,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    shell: Box<dyn Child + Send + Sync>,
    /// Files of the session itself (the shell's inputrc).
    _own: tempfile::TempDir,
}

/// A copy of `fd` that is closed on exec, so that no program a test starts
/// keeps the master side open (which would keep a hang-up from happening).
fn dup(fd: std::os::fd::RawFd) -> File {
    // SAFETY: `fd` is the master side's descriptor, open while the session
    // holds its master; the borrow ends before this function returns.
    #[allow(unsafe_code)]
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    File::from(fd.try_clone_to_owned().expect("duplicate the master side"))
}

/// Moves what the programs write into the emulator and the log, and sends
/// the answers a terminal owes, until the terminal closes or the session
/// lets go. Waiting in poll(2) with a short timeout (not a blocking read)
/// lets the thread notice a hang-up request.
fn drain(master: File, shared: Arc<Shared>) {
    let mut buf = vec![0u8; 64 * 1024];
    while !shared.stop.load(Ordering::Relaxed) {
        let mut fds = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(POLL.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd, and its count.
        #[allow(unsafe_code)]
        let n = unsafe { libc::poll(&mut fds, 1, ms) };
        if n == 0 {
            continue;
        }
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            break;
        }
        match (&master).read(&mut buf) {
            Ok(0) => break,
            Ok(k) => {
                let mut seen = shared.lock();
                seen.raw.extend_from_slice(&buf[..k]);
                let Seen {
                    parser, pending, ..
                } = &mut *seen;
                feed(parser, pending, &buf[..k]);
                seen.changed_at = Instant::now();
                let replies = std::mem::take(&mut seen.parser.callbacks_mut().replies);
                drop(seen);
                shared.changed.notify_all();
                if !replies.is_empty() && (&master).write_all(&replies).is_err() {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // EIO: every program on the terminal has closed it.
            Err(_) => break,
        }
    }
    shared.lock().closed = true;
    shared.changed.notify_all();
}

/// The screen as text: one line a row, trailing blanks cut (as a person
/// would copy it).
fn text_of(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    let mut out = String::new();
    for row in screen.rows(0, cols.get()) {
        out.push_str(&row.trim_end().replace('\u{E000}', "\u{FFFD}"));
        out.push('\n');
    }
    out
}

/// The bytes a terminal sends for a key, named as terminal multiplexers name them. Cursor
/// keys depend on whether the program asked for application mode.
fn key_bytes(name: &str, application_cursor: bool) -> Vec<u8> {
    let cursor = |c: u8| {
        if application_cursor {
            vec![0x1b, b'O', c]
        } else {
            vec![0x1b, b'[', c]
        }
    };
    match name {
        "Enter" => b"\r".to_vec(),
        "Escape" => b"\x1b".to_vec(),
        "Tab" => b"\t".to_vec(),
        "BTab" => b"\x1b[Z".to_vec(),
        "BSpace" => b"\x7f".to_vec(),
        "Space" => b" ".to_vec(),
        "Up" => cursor(b'A'),
        "Down" => cursor(b'B'),
        "Right" => cursor(b'C'),
        "Left" => cursor(b'D'),
        "Home" => cursor(b'H'),
        "End" => cursor(b'F'),
        "PPage" | "PageUp" => b"\x1b[5~".to_vec(),
        "NPage" | "PageDown" => b"\x1b[6~".to_vec(),
        "IC" | "Insert" => b"\x1b[2~".to_vec(),
        "DC" | "Delete" => b"\x1b[3~".to_vec(),
        "F1" => b"\x1bOP".to_vec(),
        "F2" => b"\x1bOQ".to_vec(),
        "F3" => b"\x1bOR".to_vec(),
        "F4" => b"\x1bOS".to_vec(),
        _ => {
            if let Some(c) = name.strip_prefix("C-")
                && let [c] = c.as_bytes()
                && c.is_ascii_alphabetic()
            {
                return vec![c.to_ascii_lowercase() & 0x1f];
            }
            if let Some(rest) = name.strip_prefix("M-") {
                let mut v = vec![0x1b];
                v.extend(key_bytes(rest, application_cursor));
                return v;
            }
            if name.chars().count() == 1 {
                return name.as_bytes().to_vec();
            }
            panic!("unknown key name {name:?}")
        }
    }
}

impl Pty {
    /// Starts an interactive bash of `w`×`h` in `dir`, with an environment
    /// as bare as `env -i` gives (PATH, HOME, TERM, PS1, and readline's
    /// settings; HOME a new empty folder), and waits for its prompt.
    pub fn start(dir: &Path, w: u16, h: u16) -> Pty {
        let own = tempfile::tempdir().expect("a folder for the session");
        let inputrc = own.path().join("inputrc");
        std::fs::write(&inputrc, INPUTRC).expect("write the inputrc");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: h,
                cols: w,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env_clear();
        // The test's own PATH: a PATH without a tool hides it from the shell too.
        let path =
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
        cmd.env("PATH", path);
        // A home of the session's own: what `brief` keeps there (reading
        // positions, snapshots, the index) starts empty for every test and
        // is removed with it, and writing it needs no rights the user lacks.
        let home = own.path().join("home");
        std::fs::create_dir(&home).expect("a home folder for the session");
        cmd.env("HOME", &home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PS1", "$ ");
        cmd.env("INPUTRC", &inputrc);
        cmd.env("HISTFILE", "");
        cmd.cwd(dir);
        let shell = pair.slave.spawn_command(cmd).expect("start bash");
        // Only the shell (and what it starts) keeps the terminal side open,
        // so the master reads end of file once they all exit.
        drop(pair.slave);
        let master = pair.master;
        let fd = master.as_raw_fd().expect("the master side's descriptor");
        let writer = dup(fd);
        let reader_fd = dup(fd);
        let rows = std::num::NonZeroU16::new(h.max(1)).expect("at least one row");
        let cols = std::num::NonZeroU16::new(w.max(1)).expect("at least one column");
        let shared = Arc::new(Shared {
            seen: Mutex::new(Seen {
                parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Events::default()),
                raw: Vec::new(),
                closed: false,
                changed_at: Instant::now(),
                pending: Vec::new(),
            }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
        });
        let reader = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || drain(reader_fd, shared))
                .expect("start the reader thread")
        };
        let t = Pty {
            dir: dir.to_path_buf(),
            master: Some(master),
            writer: Some(writer),
            shared,
            reader: Some(reader),
            shell,
            _own: own,
        };
        // The prompt, `$ ` (rows are read with trailing blanks cut).
        t.wait_until("the prompt", |s| s.lines().any(|l| l == "$"));
        t
    }

    /// Writes bytes as if typed.
    fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.as_ref().expect("the terminal has hung up");
        w.write_all(bytes).expect("write to the terminal");
    }

    /// Types literal text (no Enter).
    pub fn type_text(&self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Sends named keys (`Enter`, `Escape`, `C-c`, `Tab`, `BTab`, `Up`,
    /// `End`, `NPage` …), each as the bytes a terminal sends for it.
    pub fn keys(&self, keys: &[&str]) {
        let application_cursor = self.shared.lock().parser.screen().application_cursor();
        let mut bytes = Vec::new();
        for k in keys {
            bytes.extend(key_bytes(k, application_cursor));
        }
        self.send(&bytes);
    }

    /// Runs a shell command line.
    pub fn run(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        text_of(self.shared.lock().parser.screen())
    }

    /// Waits until `ok` holds of a whole screen (not one halfway through a
    /// frame), for at most `limit`; panics with the screen if it never
    /// does. `what` names the wait in the panic.
    pub fn wait_until_within(
        &self,
        limit: Duration,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        let mut seen = self.shared.lock();
        loop {
            let s = text_of(seen.parser.screen());
            if ok(&s) && seen.settled() {
                return s;
            }
            if seen.closed {
                panic!("the terminal closed while waiting for {what}; screen:\n{s}");
            }
            if start.elapsed() > limit {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            seen = self
                .shared
                .changed
                .wait_timeout(seen, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until nothing has been written for `rest` (within
    /// [`TIMEOUT`]): the programs are idle, with nothing left to handle.
    pub fn wait_quiet(&self, rest: Duration) {
        let start = Instant::now();
        let mut seen = self.shared.lock();
        while seen.changed_at.elapsed() < rest && !seen.closed {
            assert!(
                start.elapsed() < TIMEOUT,
                "the terminal never went quiet for {rest:?}; screen:\n{}",
                text_of(seen.parser.screen())
            );
            seen = self
                .shared
                .changed
                .wait_timeout(seen, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `ok` holds of the screen (within [`TIMEOUT`]).
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(TIMEOUT, what, ok)
    }

    /// Waits until the screen contains `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen no longer contains `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// Waits until the picker has listed its library: its index made (the
    /// first time, `indexing N/M`) and no file left loading.
    pub fn wait_listed(&self) -> String {
        self.wait_until("the picker's listing", |s| {
            s.contains(" brief — ") && !s.contains("indexing") && !s.contains("loading ")
        })
    }

    /// The window title a program set with OSC 0 or OSC 2 (empty if none
    /// did): a way to see whether an escape sequence reached the terminal.
    pub fn pane_title(&self) -> String {
        self.shared.lock().parser.callbacks().title.clone()
    }

    /// The size of the terminal, as (width, height).
    pub fn size(&self) -> (u16, u16) {
        let (rows, cols) = self.shared.lock().parser.screen().size();
        (cols.get(), rows.get())
    }

    /// Resizes the terminal: the emulator, then the pseudo-terminal, whose
    /// kernel side sends SIGWINCH to the program in the foreground.
    pub fn resize(&self, w: u16, h: u16) {
        let master = self.master.as_ref().expect("the terminal has hung up");
        let mut seen = self.shared.lock();
        let rows = std::num::NonZeroU16::new(h.max(1)).expect("at least one row");
        let cols = std::num::NonZeroU16::new(w.max(1)).expect("at least one column");
        seen.parser.set_size(rows, cols);
        master
            .resize(PtySize {
                rows: h,
                cols: w,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pseudo-terminal");
    }

    /// Whether the terminal is on the alternate screen.
    pub fn alternate_on(&self) -> bool {
        self.shared.lock().parser.screen().alternate_screen()
    }

    /// Asserts the shell's terminal is given back as it was lent: off the
    /// alternate screen, cursor shown, no mouse reporting, no bracketed
    /// paste, normal cursor keys (from the emulator), and cooked with echo
    /// (from the terminal's own settings, read while the shell runs a
    /// command: at its prompt, readline has settings of its own).
    pub fn assert_restored(&self) {
        {
            let seen = self.shared.lock();
            let s = seen.parser.screen();
            assert!(!s.alternate_screen(), "still on the alternate screen");
            assert!(!s.hide_cursor(), "the cursor is still hidden");
            assert_eq!(
                s.mouse_protocol_mode(),
                vt100::MouseProtocolMode::None,
                "the mouse is still reported"
            );
            assert!(!s.bracketed_paste(), "bracketed paste is still on");
            assert!(
                !s.application_cursor(),
                "the cursor keys are still in application mode"
            );
        }
        // `read` leaves the terminal as the program before it left it, and
        // holds the shell there while the settings are read.
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        self.run(&format!("printf 'TTY-%s-CHECK\\n' {n}; read -r"));
        // (At the end of a row, not the start: without output processing
        // a newline does not return the carriage.)
        self.wait_for(&format!("TTY-{n}-CHECK\n"));
        let termios = self.termios();
        self.send(b"\n");
        let flags = [
            ("icanon", termios.c_lflag & libc::ICANON),
            ("echo", termios.c_lflag & libc::ECHO),
            ("isig", termios.c_lflag & libc::ISIG),
            ("icrnl", termios.c_iflag & libc::ICRNL),
            ("opost", termios.c_oflag & libc::OPOST),
            ("onlcr", termios.c_oflag & libc::ONLCR),
        ];
        let off: Vec<&str> = flags
            .iter()
            .filter(|(_, bit)| *bit == 0)
            .map(|(name, _)| *name)
            .collect();
        assert!(off.is_empty(), "terminal not restored: {off:?} off");
    }

    /// The terminal's settings (the master side reports its other side's).
    fn termios(&self) -> libc::termios {
        let master = self.master.as_ref().expect("the terminal has hung up");
        let fd = master.as_raw_fd().expect("the master side's descriptor");
        // SAFETY: termios is plain data; tcgetattr fills it or fails.
        #[allow(unsafe_code)]
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a valid pointer.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr: {}", std::io::Error::last_os_error());
        t
    }

    /// How many bytes the programs have written so far: a mark to check
    /// what comes after with [`Pty::raw_since`] and friends.
    pub fn mark(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// The bytes written since `mark`.
    pub fn raw_since(&self, mark: usize) -> Vec<u8> {
        let seen = self.shared.lock();
        seen.raw.get(mark..).unwrap_or_default().to_vec()
    }

    /// Waits until the bytes written since `mark` contain `needle` (what
    /// comes after a frame, such as the hyperlinks drawn over it, comes
    /// after the screen is whole).
    pub fn wait_for_bytes(&self, mark: usize, needle: &[u8]) {
        let start = Instant::now();
        let mut seen = self.shared.lock();
        while find(seen.raw.get(mark..).unwrap_or_default(), needle).is_none() {
            assert!(
                !seen.closed && start.elapsed() < TIMEOUT,
                "never written: {:?}; screen:\n{}",
                String::from_utf8_lossy(needle),
                text_of(seen.parser.screen())
            );
            seen = self
                .shared
                .changed
                .wait_timeout(seen, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The texts copied with OSC 52 since `mark`, decoded, oldest first
    /// (data that is not base64 is kept as it came, to show in a failure).
    pub fn copies_since(&self, mark: usize) -> Vec<String> {
        use base64::Engine;
        let raw = self.raw_since(mark);
        pieces(&raw)
            .into_iter()
            .filter_map(|(_, p)| match p {
                Piece::Osc(payload) => payload.strip_prefix(b"52;").map(<[u8]>::to_vec),
                _ => None,
            })
            .map(|rest| {
                let data = rest.splitn(2, |&b| b == b';').nth(1).unwrap_or_default();
                match base64::engine::general_purpose::STANDARD.decode(data) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => format!("(not base64) {}", String::from_utf8_lossy(data)),
                }
            })
            .collect()
    }

    /// What the last OSC 52 copy put on the clipboard, waiting for one.
    pub fn paste_buffer(&self) -> String {
        let start = Instant::now();
        loop {
            if let Some(last) = self.copies_since(0).pop() {
                return last;
            }
            assert!(start.elapsed() < TIMEOUT, "nothing was copied with OSC 52");
            std::thread::sleep(POLL);
        }
    }

    /// What is wrong with the bytes written since `mark`, for a terminal
    /// that must not be reached by anything but the reader's own drawing:
    /// see [`problems`].
    pub fn problems_since(&self, mark: usize) -> Vec<String> {
        problems(&self.raw_since(mark))
    }

    /// Asserts nothing foreign reached the terminal since `mark` (see [`problems`]).
    pub fn assert_clean_since(&self, mark: usize) {
        let p = self.problems_since(mark);
        assert!(p.is_empty(), "the terminal was sent:\n{}", p.join("\n"));
    }

    /// What overflows the screen in the reader's drawing since it last
    /// cleared the screen (or entered the alternate screen): see [`overflows`].
    pub fn overflows(&self) -> Vec<String> {
        let seen = self.shared.lock();
        let (rows, cols) = seen.parser.screen().size();
        let raw = &seen.raw;
        let entered = rfind(raw, b"\x1b[?1049h").expect("the alternate screen was entered");
        let start = rfind(raw, b"\x1b[2J").map_or(entered, |c| c.max(entered));
        let end = find(&raw[start..], b"\x1b[?1049l").map_or(raw.len(), |e| start + e);
        overflows(&raw[start..end], cols.get(), rows.get())
    }

    /// Asserts the reader's latest frames fit the terminal's current size
    /// (see [`overflows`]). A captured screen is never wider than the
    /// terminal; the bytes written to it can be.
    pub fn assert_frames_fit(&self) {
        let o = self.overflows();
        assert!(o.is_empty(), "drawn past the screen:\n{}", o.join("\n"));
    }

    /// The pid of the program in the foreground whose command line contains
    /// `needle`, waiting for one: the terminal's foreground process group
    /// (a job-control shell gives each job its own).
    pub fn pid_of(&self, needle: &str) -> Option<u32> {
        let start = Instant::now();
        loop {
            if let Some(pid) = self.foreground_pid(needle) {
                return Some(pid);
            }
            if start.elapsed() > TIMEOUT {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    fn foreground_pid(&self, needle: &str) -> Option<u32> {
        let group = self.master.as_ref()?.process_group_leader()?;
        let group = u32::try_from(group).ok()?;
        if self.shell.process_id() == Some(group) {
            return None;
        }
        let matches = |pid: u32| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                String::from_utf8_lossy(&c)
                    .replace('\0', " ")
                    .contains(needle)
            })
        };
        if matches(group) {
            return Some(group);
        }
        // A job of several processes: the newest member that matches.
        std::fs::read_dir("/proc")
            .ok()?
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| process_group(pid) == Some(group) && matches(pid))
            .max()
    }

    /// Hangs the terminal up, as an SSH drop does: the master side is
    /// closed, the kernel sends SIGHUP to the shell, and reads on the
    /// terminal side fail. The screen stays as it was last seen.
    pub fn hang_up(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.writer = None;
        self.master = None;
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// The process group of `pid`, from /proc.
fn process_group(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: fields count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(2)?.parse().ok()
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.hang_up();
        // The hang-up ends the shell (and its jobs, which it sends SIGHUP);
        // reap it, or kill it if it lingers.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.shell.try_wait() {
                return;
            }
            std::thread::sleep(POLL);
        }
        let _ = self.shell.kill();
        let _ = self.shell.wait();
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// One piece of what a program writes to a terminal.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    /// A character to show.
    Text(char),
    /// A C0 control character other than ESC, or DEL.
    Control(u8),
    /// A control sequence: `ESC [`, parameters, intermediates, final byte.
    Csi {
        params: &'a [u8],
        intermediates: &'a [u8],
        last: u8,
    },
    /// An operating system command (`ESC ]` … BEL or ST), without its ends.
    Osc(&'a [u8]),
    /// A string command (DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`):
    /// its introducer and payload.
    Str(u8, &'a [u8]),
    /// Another escape sequence: intermediates and final byte.
    Esc(&'a [u8]),
    /// A byte that starts no character: an 8-bit C1 control, or broken UTF-8.
    Invalid(u8),
}

/// Splits terminal output into pieces, each with its offset. An unfinished
/// sequence at the end (still being written) is left out.
pub fn pieces(bytes: &[u8]) -> Vec<(usize, Piece<'_>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at = i;
        let b = bytes[i];
        if b == 0x1b {
            let Some(&next) = bytes.get(i + 1) else {
                break;
            };
            match next {
                b'[' => {
                    let mut j = i + 2;
                    while j < bytes.len() && (0x30..=0x3f).contains(&bytes[j]) {
                        j += 1;
                    }
                    let params = &bytes[i + 2..j];
                    let k = j;
                    while j < bytes.len() && (0x20..=0x2f).contains(&bytes[j]) {
                        j += 1;
                    }
                    let intermediates = &bytes[k..j];
                    let Some(&last) = bytes.get(j) else {
                        break;
                    };
                    out.push((
                        at,
                        Piece::Csi {
                            params,
                            intermediates,
                            last,
                        },
                    ));
                    i = j + 1;
                }
                b']' | b'P' | b'X' | b'^' | b'_' => {
                    // Up to BEL (OSC only) or ST (ESC \).
                    let body = i + 2;
                    let mut j = body;
                    let end = loop {
                        match bytes.get(j) {
                            None => break None,
                            Some(0x07) if next == b']' => break Some((j, j + 1)),
                            Some(0x1b) if bytes.get(j + 1) == Some(&b'\\') => {
                                break Some((j, j + 2));
                            }
                            Some(_) => j += 1,
                        }
                    };
                    let Some((stop, after)) = end else {
                        break;
                    };
                    let payload = &bytes[body..stop];
                    out.push((
                        at,
                        if next == b']' {
                            Piece::Osc(payload)
                        } else {
                            Piece::Str(next, payload)
                        },
                    ));
                    i = after;
                }
                _ => {
                    let mut j = i + 1;
                    while j < bytes.len() && (0x20..=0x2f).contains(&bytes[j]) {
                        j += 1;
                    }
                    if j >= bytes.len() {
                        break;
                    }
                    out.push((at, Piece::Esc(&bytes[i + 1..=j])));
                    i = j + 1;
                }
            }
        } else if b < 0x20 || b == 0x7f {
            out.push((at, Piece::Control(b)));
            i += 1;
        } else if b < 0x80 {
            out.push((at, Piece::Text(char::from(b))));
            i += 1;
        } else {
            let len = match b {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => 0,
            };
            if len > 0 && i + len > bytes.len() {
                break; // the rest of the character is still to come
            }
            match std::str::from_utf8(bytes.get(i..i + len).unwrap_or_default())
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) if len > 0 => {
                    out.push((at, Piece::Text(c)));
                    i += len;
                }
                _ => {
                    out.push((at, Piece::Invalid(b)));
                    i += 1;
                }
            }
        }
    }
    out
}

/// Bidirectional formatting characters, which reorder what a terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The control sequences the reader itself writes (ratatui and crossterm):
/// cursor moves, colours, clearing, the alternate screen, the cursor's
/// visibility, mouse capture. A sequence from a file that got through
/// (a report request, a title query, a screen alignment test) is none of these.
fn is_own_csi(params: &[u8], intermediates: &[u8], last: u8) -> bool {
    if !intermediates.is_empty() {
        return false;
    }
    match (params.first(), last) {
        (Some(b'?'), b'h' | b'l') => params[1..].split(|&b| b == b';').all(|p| {
            matches!(
                p,
                b"25" | b"1049" | b"1000" | b"1002" | b"1003" | b"1006" | b"1015"
            )
        }),
        (Some(b'?'), _) => false,
        (_, b'H' | b'm') => true,
        (_, b'J') => params == b"2",
        _ => false,
    }
}

/// Escape sequences and characters in `bytes` that nothing in a briefing,
/// a file name or a configuration may get onto the terminal, and that the
/// reader's own drawing never holds: a bell, a C0 control other than CR and
/// LF, a C1 control (as a byte or a character), a bidirectional formatting
/// character, a string command (DCS, SOS, PM, APC), an OSC other than the
/// reader's hyperlinks (OSC 8 around the URL itself or a piece of it, for
/// http, https and mailto only) — so no title and no clipboard — and on the alternate
/// screen, any control sequence the reader does not write itself.
pub fn problems(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let context = |at: usize| {
        let from = at.saturating_sub(30);
        let to = at.saturating_add(50).min(bytes.len());
        String::from_utf8_lossy(&bytes[from..to]).into_owned()
    };
    let ps = pieces(bytes);
    let mut alternate = false;
    // Just entered the alternate screen (mouse capture aside): where
    // ratatui's clear asks for the cursor's position.
    let mut entered = false;
    let mut i = 0;
    while i < ps.len() {
        let (at, ref p) = ps[i];
        i += 1;
        let was_entered = std::mem::take(&mut entered);
        let what = match p {
            Piece::Text(c) if ('\u{80}'..='\u{9f}').contains(c) => {
                Some(format!("C1 control {c:?}"))
            }
            Piece::Text(c) if is_bidi_control(*c) => Some(format!("bidi control {c:?}")),
            Piece::Text(_) => None,
            Piece::Control(b'\r' | b'\n') => None,
            Piece::Control(0x07) => Some("a bell".to_string()),
            Piece::Control(b) => Some(format!("control byte {b:#04x}")),
            Piece::Invalid(b) => Some(format!("byte {b:#04x} outside UTF-8")),
            Piece::Str(kind, _) => Some(format!("string command ESC {:?}", char::from(*kind))),
            Piece::Esc(seq) => Some(format!(
                "escape sequence ESC {:?}",
                String::from_utf8_lossy(seq)
            )),
            Piece::Csi {
                params,
                intermediates,
                last,
            } => {
                if *params == b"?1049" && *last == b'h' {
                    alternate = true;
                    entered = true;
                }
                if *params == b"?1049" && *last == b'l' {
                    alternate = false;
                }
                let mouse = matches!(
                    *params,
                    b"?1000" | b"?1002" | b"?1003" | b"?1006" | b"?1015"
                );
                if was_entered && mouse {
                    entered = true;
                }
                let asks_position = was_entered && *params == b"6" && *last == b'n';
                let own = asks_position || is_own_csi(params, intermediates, *last);
                (alternate && !own).then(|| {
                    format!(
                        "control sequence ESC [{}{}{}",
                        String::from_utf8_lossy(params),
                        String::from_utf8_lossy(intermediates),
                        char::from(*last)
                    )
                })
            }
            Piece::Osc(payload) => match payload.strip_prefix(b"8;") {
                Some(link) => {
                    // `params;URL`, then the URL as text, then `8;;`.
                    let url = link.splitn(2, |&b| b == b';').nth(1).unwrap_or_default();
                    let url = String::from_utf8_lossy(url).into_owned();
                    let mut text = String::new();
                    while let Some((_, Piece::Text(c))) = ps.get(i) {
                        text.push(*c);
                        i += 1;
                    }
                    let closed = matches!(ps.get(i), Some((_, Piece::Osc(b"8;;"))));
                    let linkable = ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| url.starts_with(s));
                    // A URL wrapped over lines links each piece of it.
                    if closed && linkable && !text.is_empty() && url.contains(&text) {
                        i += 1;
                        None
                    } else {
                        Some(format!("a hyperlink to {url:?} around {text:?}"))
                    }
                }
                None => Some(format!("OSC {:?}", String::from_utf8_lossy(payload))),
            },
        };
        if let Some(what) = what {
            out.push(format!("{what} at byte {at}: {:?}", context(at)));
        }
    }
    out
}

/// Where drawing `bytes` on a `w`×`h` screen goes past its edges: a cursor
/// move outside it, or a character written beyond the last column (which
/// a terminal wraps onto the next row, or drops). The reader moves the
/// cursor before each run of cells, so a frame never needs either.
pub fn overflows(bytes: &[u8], w: u16, h: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let (w, h) = (usize::from(w), usize::from(h));
    let mut out = Vec::new();
    let (mut row, mut col) = (0usize, 0usize);
    let mut line = String::new();
    let mut drawn = 0usize;
    for (at, p) in pieces(bytes) {
        match p {
            Piece::Csi {
                params,
                intermediates: b"",
                last: b'H' | b'f',
            } => {
                let mut n = params.split(|&b| b == b';').map(|p| {
                    std::str::from_utf8(p)
                        .ok()
                        .and_then(|s| s.parse::<usize>().ok())
                });
                let r = n.next().flatten().unwrap_or(1).max(1);
                let c = n.next().flatten().unwrap_or(1).max(1);
                if r > h || c > w {
                    out.push(format!(
                        "cursor moved to row {r}, column {c} of a {w}×{h} screen at byte {at}"
                    ));
                }
                (row, col) = (r - 1, c - 1);
                line.clear();
            }
            Piece::Control(b'\r') => col = 0,
            Piece::Control(b'\n') => row = row.saturating_add(1).min(h.saturating_sub(1)),
            Piece::Control(0x08) => col = col.saturating_sub(1),
            Piece::Text(c) => {
                let cw = c.width().unwrap_or(0);
                line.push(c);
                if cw > 0 && col.saturating_add(cw) > w {
                    out.push(format!(
                        "{c:?} written at row {}, column {} of a {w}×{h} screen at byte {at}, after {line:?}",
                        row + 1,
                        col + 1
                    ));
                }
                col = col.saturating_add(cw);
                drawn += 1;
            }
            _ => {}
        }
    }
    if drawn == 0 {
        out.push("nothing was drawn".to_string());
    }
    out
}

/// The `brief` binary under test.
pub fn brief() -> &'static str {
    env!("CARGO_BIN_EXE_brief")
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding a copy of the curated briefing, and the copy.
pub fn workdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summit.toml");
    std::fs::copy(repo().join("briefings/us-japan-summit-2024-04.toml"), &file).unwrap();
    (dir, file)
}
