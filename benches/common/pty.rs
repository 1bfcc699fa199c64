//! A program as a person runs it: started in a pseudo-terminal of
//! `W`×`H`, its output read through a terminal emulator (`vt100`), timed
//! from the start of the process until some text is on screen.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::{H, W};

/// How long anything may take to show before the run is given up.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A program running in a pseudo-terminal of its own.
pub struct Session {
    start: Instant,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    // Held so that the terminal stays open while the program runs.
    _master: Box<dyn MasterPty + Send>,
}

/// Starts `program args` in a new pseudo-terminal, with only the
/// environment given (and `PATH`, `TERM` and a UTF-8 locale): no setting
/// of the machine's user changes what is measured.
pub fn start(program: &Path, args: &[&OsStr], env: &[(&str, OsString)]) -> Session {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: H,
            cols: W,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env_clear();
    cmd.env(
        "PATH",
        std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
    );
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let writer = pty.master.take_writer().expect("a writer");
    let (tx, output) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let child = pty.slave.spawn_command(cmd).expect("starts");
    drop(pty.slave);
    let rows = std::num::NonZeroU16::new(H).expect("rows");
    let cols = std::num::NonZeroU16::new(W).expect("columns");
    Session {
        start,
        child,
        writer,
        output,
        parser: vt100::Parser::new(rows, cols, 0),
        _master: pty.master,
    }
}

impl Session {
    /// Waits until `needle` is on screen: how long after the start of the
    /// process it showed.
    pub fn wait_for(&mut self, needle: &str) -> Duration {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if self.parser.screen().contents().contains(needle) {
                return self.start.elapsed();
            }
            match self.output.recv_timeout(Duration::from_millis(5)) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("the program ended before {needle:?} showed")
                }
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} never showed; the screen:\n{}",
                self.parser.screen().contents()
            );
        }
    }

    /// Waits until nothing has been drawn for `quiet`.
    pub fn settle(&mut self, quiet: Duration) {
        let deadline = Instant::now() + TIMEOUT;
        while let Ok(bytes) = self.output.recv_timeout(quiet) {
            self.parser.process(&bytes);
            assert!(Instant::now() < deadline, "the screen never settled");
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("types");
        self.writer.flush().expect("types");
    }

    /// What is on screen.
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// The peak resident memory of the program so far (Linux), or `None`
    /// where it cannot be read.
    pub fn peak_rss(&self) -> Option<u64> {
        peak_rss_of(self.child.process_id()?)
    }

    /// Types `keys` and waits for the program to end; ends it when it has
    /// not after ten seconds.
    pub fn quit(mut self, keys: &str) {
        self.send(keys);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // Drained, so that a program writing its last frame never blocks.
            while self.output.try_recv().is_ok() {}
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// The peak resident memory of a running process (`VmHWM`, Linux).
pub fn peak_rss_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A program on the `PATH`, if there is one.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
