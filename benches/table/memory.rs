//! Peak memory: of the layout and of the exports, measured in a child
//! process of this bench (the modes of [`child`]), and of the real `brief
//! diff` (its `ru_maxrss`). A peak that cannot be read is "not measured".

use std::path::Path;
use std::process::{Command, Stdio};

use brief::briefing::{LoadOptions, load_file};
use brief::layout::SectionLayout;
use brief::reader::search::Matches;

use crate::layout::wrap_options;
use crate::{Met, Row, row};

/// Starts measuring this process's peak resident memory again from what
/// it holds now (Linux: `5` into `clear_refs`), so that the peak of one step
/// is measured apart from the steps before it.
fn reset_peak_rss() -> Option<()> {
    std::fs::write("/proc/self/clear_refs", "5").ok()
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    crate::common::pty::peak_rss_of(std::process::id())
}

/// A peak as the child prints it: bytes, or `-` when it could not be read.
fn print_peak(peak: Option<u64>) -> String {
    peak.map_or("-".into(), |p| p.to_string())
}

/// The modes this binary runs in as a child process, so that peak memory
/// is measured on its own.
pub fn child(mode: &str, path: Option<&str>) {
    let opts = LoadOptions::default();
    match (mode, path) {
        ("rss-layout", Some(p)) => {
            // The briefing and the section laid out block by block,
            // searched in place.
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let layout = SectionLayout::filtered(&b, 0, |_| true, wrap_options());
            let mut found = Matches::default();
            found.search_section(0, &layout.lines, "steel", false);
            std::hint::black_box((&layout, &found));
            println!("{}", print_peak(peak_rss()));
        }
        ("rss-export-text" | "rss-export-html", Some(p)) => {
            // What `brief export --section 1 -o FILE` holds: the briefing,
            // then the export on its way to the file. The peak is measured
            // from the loaded briefing on, so the load's own peak (the same
            // for every format) does not hide the export's.
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let plan = brief::export::Plan::sections(&[0]);
            let out = Path::new(p).with_extension(mode);
            let reset = reset_peak_rss();
            let held = peak_rss();
            if mode == "rss-export-text" {
                let text = brief::export::export_text(&b, &plan, 80);
                brief::export::write::write_file(&out, &text, true).expect("writes");
            } else {
                brief::export::write::write_file_with(&out, true, |w| {
                    brief::export::write_html(&b, &plan, w)
                })
                .expect("writes");
            }
            let _ = std::fs::remove_file(&out);
            let peak = reset.and(peak_rss());
            println!("{} {}", print_peak(peak), print_peak(held));
        }
        _ => panic!("unknown child mode {mode}"),
    }
}

/// Runs a child mode: the peaks it printed (`None` for each it could not read).
fn spawn(mode: &str, path: &Path) -> Vec<Option<u64>> {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .arg("--child")
        .arg(mode)
        .arg(path)
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child {mode} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect()
}

/// The peak resident memory of a command run to its end (`ru_maxrss` of
/// `wait4`), or `None` where the system does not say.
// The child is waited for by `wait4`, which std's `Child` cannot do.
#[allow(clippy::zombie_processes)]
fn peak_of(cmd: &mut Command) -> Option<u64> {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        let _ = child.wait();
        return None;
    };
    let mut status = 0;
    // SAFETY: zeroed `rusage` is a valid value of a plain C struct.
    #[allow(unsafe_code)]
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for (std's `Child`
    // is dropped without waiting); both pointers are to live locals. std
    // has no way to read a child's resource usage.
    #[allow(unsafe_code)]
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    drop(child);
    if waited != pid {
        return None;
    }
    u64::try_from(usage.ru_maxrss)
        .ok()
        .filter(|&kb| kb > 0)
        .map(|kb| kb * 1024)
}

/// A peak beside a size: the figure, the ratio, whether within `times`.
fn against(peak: Option<u64>, size: usize, times: f64) -> (String, Option<f64>, Met) {
    match peak {
        Some(p) => {
            let r = p as f64 / size as f64;
            (
                format!("{:.0} MB", p as f64 / 1e6),
                Some(r),
                Met::from(r <= times),
            )
        }
        None => ("not measured".into(), None, Met::NotMeasured),
    }
}

pub fn rows(rows: &mut Vec<Row>, brief: &Path, big_path: &Path, later_path: &Path, big: usize) {
    let mb = big as f64 / 1e6;
    let peak = spawn("rss-layout", big_path)[0];
    let (figure, ratio, met) = against(peak, big, 4.0);
    rows.push(row(
        &format!("Peak RSS: load {mb:.0} MB, SectionLayout::filtered, search (in a child process)"),
        figure,
        format!("file {mb:.0} MB"),
        ratio,
        "≤ 4× file",
        met,
    ));
    let text = spawn("rss-export-text", big_path);
    let html = spawn("rss-export-html", big_path);
    let (figure, ratio, met) = match (html[0], html[1], text[0]) {
        (Some(h), Some(held), Some(t)) => (
            format!(
                "{:.0} MB (briefing {:.0} MB)",
                h as f64 / 1e6,
                held as f64 / 1e6
            ),
            Some(h as f64 / t.max(1) as f64),
            Met::from(h <= t),
        ),
        _ => ("not measured".into(), None, Met::NotMeasured),
    };
    rows.push(row(
        &format!("Peak RSS exporting {mb:.0} MB as HTML to a file, from the loaded briefing"),
        figure,
        text[0].map_or("text: not measured".into(), |t| {
            format!("text {:.0} MB", t as f64 / 1e6)
        }),
        ratio,
        "≤ 1× floor",
        met,
    ));
    let later = std::fs::metadata(later_path).map_or(0, |m| m.len());
    let both = big + usize::try_from(later).unwrap_or(0);
    let peak = peak_of(
        Command::new(brief)
            .arg("diff")
            .arg(big_path)
            .arg(later_path)
            .env_clear()
            .env("HOME", big_path.with_file_name("home")),
    );
    let (figure, ratio, met) = against(peak, both, 3.0);
    rows.push(row(
        &format!("Peak RSS: brief diff of two {mb:.0} MB versions (process)"),
        figure,
        format!("both files {:.0} MB", both as f64 / 1e6),
        ratio,
        "≤ 3× both files",
        met,
    ));
}
