//! A real terminal for end-to-end tests: tmux on a private socket.
//!
//! Each test gets its own tmux server (`-L` socket), starts a plain shell in
//! it, types commands with `send-keys`, and reads the screen with
//! `capture-pane`. The server is killed when the session is dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// How long to wait for something to appear on screen.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// A tmux server with one window running a shell.
pub struct Tmux {
    socket: String,
    /// The folder the shell started in.
    pub dir: PathBuf,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Tmux {
    /// Starts a shell of `w`×`h` in `dir`.
    pub fn start(dir: &Path, w: u16, h: u16) -> Tmux {
        assert!(
            tmux_available(),
            "tmux is required for the end-to-end tests (.ci/run installs it)"
        );
        let socket = format!(
            "brief-e2e-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux {
            socket,
            dir: dir.to_path_buf(),
        };
        let out = t.cmd(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
            "-c",
            dir.to_str().unwrap(),
            "env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent TERM=xterm-256color PS1='$ ' bash --norc --noprofile",
        ]);
        assert!(out.status.success(), "tmux failed: {out:?}");
        t.cmd(&["set-option", "-g", "status", "off"]);
        // A wider history keeps the whole screen capturable.
        t.wait_for("$");
        t
    }

    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Types literal text (no Enter).
    pub fn type_text(&self, text: &str) {
        self.cmd(&["send-keys", "-l", text]);
    }

    /// Sends named keys (`Enter`, `Escape`, `C-c`, `Tab`, `BTab` …).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    /// Runs a shell command line.
    pub fn run(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Waits until the screen contains `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer contains `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if !s.contains(text) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?} to go; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a tmux command (or several, separated by `;` arguments) on this server.
    pub fn tmux(&self, args: &[String]) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.cmd(&args);
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
    }

    /// The pane's title, which a program sets with OSC 0 or OSC 2: a way
    /// to see whether an escape sequence reached the terminal.
    pub fn pane_title(&self) -> String {
        let out = self.cmd(&["display-message", "-p", "#{pane_title}"]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Resizes the window.
    pub fn resize(&self, w: u16, h: u16) {
        self.cmd(&["resize-window", "-x", &w.to_string(), "-y", &h.to_string()]);
    }

    /// Whether the pane is on the alternate screen.
    pub fn alternate_on(&self) -> bool {
        let out = self.cmd(&["display-message", "-p", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Asserts the shell's terminal is back in cooked mode with echo, off
    /// the alternate screen, by running `stty -a` in it.
    pub fn assert_restored(&self) {
        assert!(!self.alternate_on(), "still on the alternate screen");
        let file = self.dir.join(format!(
            "stty-{}.txt",
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        self.run(&format!("stty -a > '{}'; echo STTY-DONE", file.display()));
        self.wait_for("STTY-DONE\n");
        let start = Instant::now();
        let stty = loop {
            if let Ok(s) = std::fs::read_to_string(&file)
                && !s.is_empty()
            {
                break s;
            }
            assert!(start.elapsed() < TIMEOUT, "stty wrote nothing");
            std::thread::sleep(Duration::from_millis(50));
        };
        let words: Vec<&str> = stty.split_whitespace().collect();
        for flag in ["icanon", "echo", "isig", "icrnl"] {
            assert!(
                words.contains(&flag),
                "terminal not restored: {flag} is off:\n{stty}"
            );
        }
    }

    /// Lets programs in the pane set tmux's clipboard with OSC 52.
    pub fn set_clipboard(&self) {
        self.cmd(&["set-option", "-g", "set-clipboard", "on"]);
    }

    /// The newest tmux paste buffer (where an OSC 52 copy lands).
    pub fn paste_buffer(&self) -> String {
        let start = Instant::now();
        loop {
            let out = self.cmd(&["show-buffer"]);
            if out.status.success() {
                return String::from_utf8_lossy(&out.stdout).into_owned();
            }
            assert!(start.elapsed() < TIMEOUT, "no paste buffer");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the tmux server: every pane's terminal hangs up, as on an SSH drop.
    pub fn hang_up(&self) {
        self.cmd(&["kill-server"]);
    }

    /// The pid of the newest process whose command line contains `needle`.
    pub fn pid_of(&self, needle: &str) -> Option<u32> {
        let out = Command::new("pgrep")
            .args(["-n", "-f", needle])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
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
