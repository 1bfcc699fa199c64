//! One table of every performance figure beside its floor, measured in the
//! same run on the same input (`scripts/bench` runs this).
//!
//! Each figure is the median of several runs, and each floor is the same
//! work done with nothing of `brief` in it, on the same input:
//!
//! - the open: the release binary in a pseudo-terminal, from the start of
//!   the process to the text on screen, with a configuration file and a
//!   saved reading position, beside `less` on the briefing's exported text
//!   (`open`);
//! - loading: `toml::from_str` into a `toml::Table`;
//! - layout and resize: textwrap's first fit over the same text at the
//!   same width (`layout`);
//! - search: `memchr::memmem` finding the same query in the same laid-out
//!   text (`search`);
//! - export: the same bytes written and synced to a file the same way
//!   (`export`);
//! - the library: `grep` on the same folder (`library`).
//!
//! A figure that could not be measured says so, and is never "met".
//! `BENCH_QUICK=1` runs each measurement fewer times; `BENCH_BIG=1` adds
//! the rows of a library of 100,000 briefings (2.5 GB of disk, several
//! minutes), each measured once; `BENCH_BRIEF=path` measures another build
//! of `brief` in the rows that run the binary.

mod common;
#[path = "table/diff.rs"]
mod diff;
#[path = "table/export.rs"]
mod export;
#[path = "table/layout.rs"]
mod layout;
#[path = "table/library.rs"]
mod library;
#[path = "table/memory.rs"]
mod memory;
#[path = "table/open.rs"]
mod open;
#[path = "table/search.rs"]
mod search;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

/// Whether to run each measurement fewer times.
fn quick() -> bool {
    std::env::var_os("BENCH_QUICK").is_some()
}

/// How many runs of a measurement that is run a fixed number of times.
fn runs(full: usize) -> usize {
    if quick() { full.min(3) } else { full }
}

/// Median time of `f`, run at least `min` times and for about `budget`.
fn time<T>(min: usize, budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    let (min, budget) = if quick() {
        (min.min(3), budget / 4)
    } else {
        (min, budget)
    };
    std::hint::black_box(f());
    let mut runs = Vec::new();
    let start = Instant::now();
    while runs.len() < min || (start.elapsed() < budget && runs.len() < 10_000) {
        let t = Instant::now();
        std::hint::black_box(f());
        runs.push(t.elapsed());
    }
    median(runs)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1.0 {
        format!("{:.0} µs", ms * 1e3)
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn mbps(bytes: usize, d: Duration) -> String {
    format!("{:.0} MB/s", bytes as f64 / 1e6 / d.as_secs_f64())
}

/// A size in MB, to one decimal.
fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Whether a figure met its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Met {
    Yes,
    No,
    /// The figure (or the floor its target names) could not be measured.
    NotMeasured,
    /// The row has no target.
    NoTarget,
}

impl From<bool> for Met {
    fn from(met: bool) -> Met {
        if met { Met::Yes } else { Met::No }
    }
}

impl From<Option<bool>> for Met {
    fn from(met: Option<bool>) -> Met {
        met.map_or(Met::NotMeasured, Met::from)
    }
}

struct Row {
    what: String,
    figure: String,
    floor: String,
    ratio: String,
    target: String,
    met: Met,
}

fn row(
    what: &str,
    figure: String,
    floor: String,
    ratio: Option<f64>,
    target: &str,
    met: impl Into<Met>,
) -> Row {
    let met = met.into();
    assert_eq!(
        target == "—",
        met == Met::NoTarget,
        "{what}: a row has a target exactly when it can be met"
    );
    Row {
        what: what.into(),
        figure,
        floor,
        ratio: ratio.map_or("—".into(), |r| format!("{r:.2}×")),
        target: target.into(),
        met,
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// The `brief` measured where the binary is run: `BENCH_BRIEF`, else the
/// release build of this package.
fn brief_binary() -> PathBuf {
    std::env::var_os("BENCH_BRIEF")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_brief")), PathBuf::from)
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brief-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        memory::child(&args[i + 1], args.get(i + 2).map(String::as_str));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let dir = scratch();
    let brief = brief_binary();
    let mut rows = Vec::new();
    let budget = Duration::from_secs(3);
    let say = |s: &str| {
        eprintln!("… {s}");
    };

    // Inputs.
    say("generating inputs");
    let big = generate(BIG);
    let big_path = dir.join("big.toml");
    std::fs::write(&big_path, &big).expect("writes");
    let small = generate(SMALL_SECTION);
    let fifty = generate(FIFTY_KB);
    let fifty_path = dir.join("fifty.toml");
    std::fs::write(&fifty_path, &fifty).expect("writes");
    let b = Arc::new(load(&big));

    // `BENCH_ONLY=open,search`: only those groups of rows (the peak
    // memory of `brief diff` needs the diff's inputs, so "memory" runs
    // "diff"; the index needs the archive, so "index" runs "archive").
    let only = std::env::var("BENCH_ONLY").ok();
    let run = |group: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|g| g.trim() == group))
    };
    if run("open") {
        say("open, in a terminal");
        open::rows(
            &mut rows,
            &brief,
            &dir,
            (&fifty_path, &fifty),
            (&big_path, &big, &b),
        );
    }
    if run("load") {
        say("load");
        layout::load_rows(&mut rows, &big, &b, budget);
    }
    if run("layout") {
        say("layout");
        layout::rows(&mut rows, &big, &b, budget);
    }
    if run("frames") {
        say("frames");
        layout::frame_rows(&mut rows, &small, &b, budget);
    }
    if run("search") {
        say("search");
        search::rows(&mut rows, &b, budget);
    }
    if run("export") {
        say("export");
        export::rows(&mut rows, &dir, &b, budget);
    }
    if run("diff") || run("memory") {
        say("diff");
        let later_path = diff::rows(&mut rows, &brief, &dir, (&big_path, &big), &fifty, budget);
        say("peak memory");
        memory::rows(&mut rows, &brief, &big_path, &later_path, big.len());
    }
    drop(b);
    drop(big);
    if run("archive") || run("index") {
        say("archive");
        library::archive_rows(&mut rows, &dir, budget);
    }
    if run("index") {
        say("library index, 2,000 briefings");
        library::index_rows(&mut rows, &brief, &dir, &dir.join("archive"), budget);
    }
    if std::env::var_os("BENCH_BIG").is_some() {
        say("library index, 100,000 briefings (generating 2.5 GB)");
        let big = dir.join("archive-100k");
        generator::write_archive(&big, ARCHIVED, 100_000).expect("writes the big archive");
        library::index_rows(&mut rows, &brief, &dir, &big, Duration::ZERO);
        let _ = std::fs::remove_dir_all(&big);
    }
    let _ = std::fs::remove_dir_all(&dir);

    // The table.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "| measure | figure | floor | ratio | target | met |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Met::Yes => "yes",
            Met::No => "**no**",
            Met::NotMeasured => "not measured",
            Met::NoTarget => "—",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {met} |",
            r.what, r.figure, r.floor, r.ratio, r.target,
        );
    }
}
