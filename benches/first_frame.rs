//! The first frame of a 25 MB briefing as a person sees it: the real
//! binary in a pseudo-terminal, from the start of the process to the first
//! item's title on screen, beside `less` showing the same briefing's
//! exported text in the same run; and the peak memory of the reader until
//! the whole file is read.
//!
//! ```text
//! cargo bench --bench first_frame            # 7 runs of each
//! BENCH_QUICK=1 cargo bench --bench first_frame
//! BENCH_BRIEF=path/to/older/brief cargo bench --bench first_frame
//! ```
//!
//! `scripts/bench` does not run this yet: its table has an owner, and this
//! is the measurement the rows of issue 17 can take over.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{BIG, generate};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const W: u16 = 100;
const H: u16 = 40;

/// What one run saw: how long until `needle` was on screen, and the peak
/// resident memory of the program (when it could be read).
struct Run {
    first: Duration,
    peak: Option<u64>,
}

/// Runs `program args` in a pseudo-terminal of `W`×`H` until `needle` shows
/// on screen, then (once `settled` shows too, when given) types `quit` and
/// waits for it to end.
fn run(
    program: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
    needle: &str,
    settled: Option<&str>,
    quit: &str,
) -> Run {
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
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let mut writer = pty.master.take_writer().expect("a writer");
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("starts");
    let pid = child.process_id();
    let rows = std::num::NonZeroU16::new(H).expect("rows");
    let cols = std::num::NonZeroU16::new(W).expect("columns");
    let mut parser = vt100::Parser::new(rows, cols, 0);
    let mut first = None;
    let deadline = start + Duration::from_secs(60);
    loop {
        let Ok(bytes) = rx.recv_timeout(Duration::from_millis(5)) else {
            assert!(Instant::now() < deadline, "{needle} never showed");
            continue;
        };
        parser.process(&bytes);
        let screen = parser.screen().contents();
        if first.is_none() && screen.contains(needle) {
            first = Some(start.elapsed());
        }
        if first.is_some() && settled.is_none_or(|s| screen.contains(s)) {
            break;
        }
        assert!(Instant::now() < deadline, "the screen never settled");
    }
    let peak = pid.and_then(peak_rss);
    writer.write_all(quit.as_bytes()).expect("types");
    writer.flush().expect("types");
    let _ = child.wait();
    Run {
        first: first.expect("seen"),
        peak,
    }
}

/// The peak resident memory of a running process (Linux).
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let runs = if quick { 3 } else { 7 };
    let dir = tempfile::tempdir().expect("a scratch folder");
    let home: PathBuf = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("a home");
    let big = generate(BIG);
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &big).expect("writes");
    // The first item's title: what the reader shows of the section first.
    let title = big
        .split("[[sections.items]]")
        .nth(1)
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("title = \"")))
        .and_then(|t| t.split('"').next())
        .expect("a first item")
        .to_string();
    let needle: String = title.chars().take(30).collect();
    // Another build of brief to measure (an older one, for a before and after).
    let brief = std::env::var_os("BENCH_BRIEF")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_brief")), PathBuf::from);
    let env: Vec<(&str, &Path)> = vec![
        ("HOME", &home),
        ("XDG_CONFIG_HOME", &home),
        ("XDG_STATE_HOME", &home),
        ("XDG_CACHE_HOME", &home),
    ];
    let text = dir.path().join("big.txt");
    let out = Command::new(&brief)
        .args(["export", "--all", "-o"])
        .arg(&text)
        .arg(&path)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .output()
        .expect("exports");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mb = big.len() as f64 / 1e6;
    eprintln!("… {mb:.1} MB briefing, {runs} runs each");

    let mut brief_first = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        let r = run(
            &brief,
            &[path.to_str().expect("utf-8")],
            &env,
            &needle,
            None,
            "q",
        );
        brief_first.push(r.first);
    }
    // The peak once the whole file is read: the tab list has settled when
    // the generated tabs (Timeline) are in it.
    for _ in 0..runs.min(3) {
        let r = run(
            &brief,
            &[path.to_str().expect("utf-8")],
            &env,
            &needle,
            Some("Timeline"),
            "q",
        );
        peaks.extend(r.peak);
    }
    let less = which("less");
    let mut less_first = Vec::new();
    if let Some(less) = &less {
        for _ in 0..runs {
            let r = run(
                less,
                &[text.to_str().expect("utf-8")],
                &env,
                &needle,
                None,
                "q",
            );
            less_first.push(r.first);
        }
    }
    let brief_t = median(brief_first);
    println!("first frame of {mb:.0} MB, process start to the first item on screen:");
    println!("  brief  {}", ms(brief_t));
    if !less_first.is_empty() {
        let less_t = median(less_first);
        println!(
            "  less   {} (on the exported text)  ratio {:.2}×",
            ms(less_t),
            brief_t.as_secs_f64() / less_t.as_secs_f64()
        );
    }
    if let Some(peak) = peaks.iter().max() {
        println!(
            "peak memory until the whole file is read: {:.1} MB ({:.2}× the file)",
            *peak as f64 / 1e6,
            *peak as f64 / big.len() as f64
        );
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}
