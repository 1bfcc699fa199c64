//! The archive and the library: 2,000 generated briefings loaded on every
//! core beside reading and parsing them, and the library's index (the real
//! `brief list` and `brief search`) beside `grep` on the same folder.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use brief::briefing::{LoadOptions, load_file};

use crate::common::{ARCHIVED, generator, pty};
use crate::{Met, Row, ms, ratio, row, time};

/// Writes the archive of 2,000 briefings into `dir/archive` and measures
/// its load.
pub fn archive_rows(rows: &mut Vec<Row>, dir: &Path, budget: Duration) {
    let archive = dir.join("archive");
    generator::write_archive(&archive, ARCHIVED, 2_000).expect("writes the archive");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&archive)
        .expect("lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let in_parallel = |work: &(dyn Fn(&Path) + Sync)| {
        std::thread::scope(|s| {
            for chunk in files.chunks(files.len().div_ceil(threads)) {
                s.spawn(move || chunk.iter().for_each(|f| work(f)));
            }
        })
    };
    let floor = time(3, budget, || {
        in_parallel(&|f| {
            let text = std::fs::read_to_string(f).expect("reads");
            std::hint::black_box(toml::from_str::<toml::Table>(&text).expect("parses"));
        })
    });
    let opts = LoadOptions::default();
    let archive_t = time(3, budget, || {
        in_parallel(&|f| {
            std::hint::black_box(load_file(f, &opts).expect("loads"));
        })
    });
    rows.push(row(
        &format!(
            "Load an archive of {} briefings ({:.0} MB), {threads} threads",
            files.len(),
            total as f64 / 1e6
        ),
        ms(archive_t),
        format!("read + toml::from_str {}", ms(floor)),
        Some(ratio(archive_t, floor)),
        "< 1 s",
        archive_t < Duration::from_secs(1),
    ));
}

/// `brief ARGS` on a library, with its own cache folder and no
/// configuration but a cache large enough for 100,000 briefings.
fn brief(program: &Path, scratch: &Path, args: &[&OsStr]) -> Command {
    let config = scratch.join("bench-config.toml");
    if !config.exists() {
        std::fs::write(&config, "[cache]\nmax_mb = 100000\n").expect("writes the configuration");
    }
    let mut cmd = Command::new(program);
    cmd.current_dir(scratch)
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .env_remove("BRIEF_CONFIG")
        .arg("--config")
        .arg(&config)
        .args(args);
    cmd
}

/// Runs a command to its end, its output thrown away; whether it ran.
fn run_quiet(cmd: &mut Command) -> bool {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok()
}

/// `grep ARGS`, timed like the rest, or `None` where there is no grep.
fn grep_time(min: usize, budget: Duration, args: &[&OsStr]) -> Option<Duration> {
    tool_time("grep", min, budget, args)
}

/// `PROGRAM ARGS`, timed like the rest, or `None` where it is not installed.
fn tool_time(program: &str, min: usize, budget: Duration, args: &[&OsStr]) -> Option<Duration> {
    if !run_quiet(Command::new(program).arg("--version")) {
        return None;
    }
    Some(time(min, budget, || {
        run_quiet(Command::new(program).args(args))
    }))
}

/// A figure beside grep's on the same folder: the floor column, the ratio,
/// and whether the figure is below grep's (`None` where grep could not be
/// run).
fn beside_grep(
    figure: Duration,
    grep: Option<Duration>,
    what: &str,
) -> (String, Option<f64>, Option<bool>) {
    match grep {
        Some(g) => (
            format!("{what} {}", ms(g)),
            Some(ratio(figure, g)),
            Some(figure < g),
        ),
        None => (format!("{what}: not measured (no grep)"), None, None),
    }
}

/// Lines printed by `brief search QUERY FOLDER`.
fn lines_of(program: &Path, scratch: &Path, query: &str, folder: &Path) -> usize {
    brief(
        program,
        scratch,
        &[OsStr::new("search"), OsStr::new(query), folder.as_os_str()],
    )
    .output()
    .map_or(0, |o| o.stdout.iter().filter(|b| **b == b'\n').count())
}

/// The rows of the library's index over `folder`: a cold build, warm
/// searches for a rare name and a common word, an update after one file
/// changes, the listing; each beside grep on the same folder, measured in
/// the same run. A zero `budget` measures each once (the big library).
pub fn index_rows(
    rows: &mut Vec<Row>,
    program: &Path,
    scratch: &Path,
    folder: &Path,
    budget: Duration,
) {
    let files = brief::library::discover(folder).expect("lists the folder");
    let n = files.len();
    let mb = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6;
    // A cold index of 100,000 files (no budget) is built once; every warm
    // row is the median of at least three runs, which a single run of a
    // busy machine cannot sway.
    let colds_wanted = if budget.is_zero() { 1 } else { 3 };
    let min = 3;
    let cache = scratch.join("cache");
    let f = folder.as_os_str();
    let s = |t: &'static str| OsStr::new(t);

    // Cold: no index, every file read and indexed.
    let mut colds: Vec<Duration> = (0..colds_wanted)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&cache);
            let t = Instant::now();
            run_quiet(&mut brief(program, scratch, &[s("list"), f]));
            t.elapsed()
        })
        .collect();
    colds.sort();
    let cold = colds[colds.len() / 2];
    let size = dir_size(&cache) as f64 / 1e6;
    let grep_all = grep_time(min, budget, &[s("-rilF"), s("zebrafish"), f]);
    let (floor, r, _) = beside_grep(cold, grep_all, "grep -ril (no match)");
    rows.push(row(
        &format!("Index {n} briefings ({mb:.0} MB), cold, into {size:.0} MB"),
        ms(cold),
        floor,
        r,
        "—",
        Met::NoTarget,
    ));

    // Warm searches.
    let target = if n <= 10_000 { 50 } else { 300 };
    for (query, what) in [("\"Björn Abara\"", "a name"), ("tariffs", "a common word")] {
        if n > 10_000 && what == "a common word" {
            // Over a million lines to print: not a search anyone waits for.
            continue;
        }
        let lines = lines_of(program, scratch, query, folder);
        let warm = time(min, budget, || {
            run_quiet(&mut brief(
                program,
                scratch,
                &[s("search"), OsStr::new(query), f],
            ))
        });
        let plain = query.trim_matches('"');
        let grep = grep_time(min, budget, &[s("-rilF"), OsStr::new(plain), f]);
        let (mut floor, r, faster) = beside_grep(warm, grep, "grep -ril");
        // grep -ril stops at each file's first match and prints its name;
        // brief prints every line. grep printing every line (with its
        // file's name and number) is said beside it, for what each costs.
        if let Some(every) = grep_time(min, budget, &[s("-rinF"), OsStr::new(plain), f]) {
            floor.push_str(&format!(" (grep -rin, every line: {})", ms(every)));
        }
        let under = warm < Duration::from_millis(target);
        rows.push(row(
            &format!("Search {n} briefings, warm, {what} ({query}: {lines} lines)"),
            ms(warm),
            floor,
            r,
            &if n <= 10_000 {
                format!("< {target} ms, < grep")
            } else {
                format!("< {target} ms")
            },
            if n > 10_000 {
                Met::from(under)
            } else {
                Met::from(faster.map(|f| under && f))
            },
        ));
    }

    // What every run does before it answers, to see edits made while brief
    // was closed: each file's size and time read. `find` doing only that is
    // the floor of any answer that sees them.
    let stat = tool_time(
        "find",
        min,
        budget,
        &[f, s("-name"), s("*.toml"), s("-printf"), s("%s %T@\\n")],
    );
    rows.push(row(
        &format!(
            "Read the size and time of {n} files (find -printf), as every run does to see edits"
        ),
        stat.map_or_else(|| "not measured (no find)".to_string(), ms),
        "—".to_string(),
        None,
        "—",
        Met::NoTarget,
    ));

    // One file changes, then a search: the update is part of the answer.
    let changed = &files[n / 2];
    let original = std::fs::read_to_string(changed).expect("reads a briefing");
    let mut flip = false;
    let warm = time(min, budget, || {
        run_quiet(&mut brief(
            program,
            scratch,
            &[s("search"), s("zebrafish"), f],
        ))
    });
    let update = time(min, budget, || {
        flip = !flip;
        let text = if flip {
            original.replace("format = 1", "format = 1\n# edited")
        } else {
            original.clone()
        };
        std::fs::write(changed, text).expect("writes a briefing");
        run_quiet(&mut brief(
            program,
            scratch,
            &[s("search"), s("zebrafish"), f],
        ))
    });
    std::fs::write(changed, &original).expect("restores a briefing");
    // The update is what the search took beyond the same search unchanged
    // (a difference of two medians).
    let extra = update.saturating_sub(warm);
    rows.push(row(
        &format!(
            "Search {n} briefings after one file changed (update included: {} more)",
            ms(extra)
        ),
        ms(update),
        format!("the same search unchanged {}", ms(warm)),
        Some(ratio(update, warm)),
        "update < 100 ms",
        extra < Duration::from_millis(100),
    ));

    // The listing, beside grep printing each file's title line.
    let list = time(min, budget, || {
        run_quiet(&mut brief(program, scratch, &[s("list"), f]))
    });
    let grep = grep_time(min, budget, &[s("-rm1"), s("^title"), f]);
    picker_row(rows, program, scratch, folder, n, min, grep);
    let (floor, r, faster) = beside_grep(list, grep, "grep -rm1 ^title");
    rows.push(row(
        &format!("List {n} briefings, warm"),
        ms(list),
        floor,
        r,
        if n <= 10_000 { "< grep" } else { "< 1 s" },
        if n <= 10_000 {
            Met::from(faster)
        } else {
            Met::from(list < Duration::from_secs(1))
        },
    ));
}

/// The picker over `folder`, warm, as a person opens it: `brief FOLDER`
/// in a pseudo-terminal, from the start of the process until the first row
/// of the listing (the newest briefing's title) is on screen; beside grep
/// printing each file's title line.
fn picker_row(
    rows: &mut Vec<Row>,
    program: &Path,
    scratch: &Path,
    folder: &Path,
    n: usize,
    min: usize,
    grep: Option<Duration>,
) {
    let out = brief(
        program,
        scratch,
        &[OsStr::new("list"), OsStr::new("--json"), folder.as_os_str()],
    )
    .output()
    .expect("brief list --json");
    let listing: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("brief list --json prints JSON");
    let Some(title) = listing[0]["title"].as_str() else {
        return;
    };
    let needle: String = title.chars().take(20).collect();
    let config = scratch.join("bench-config.toml");
    let env = [("XDG_CACHE_HOME", scratch.join("cache").into_os_string())];
    let args = [
        OsStr::new("--config"),
        config.as_os_str(),
        folder.as_os_str(),
    ];
    // One open not counted, then `min` (at least 3) counted.
    let mut times: Vec<Duration> = (0..=min.max(3))
        .map(|_| {
            let mut session = pty::start(program, &args, &env);
            let shown = session.wait_for(&needle);
            // Ctrl-c: q would be typed into the filter.
            session.quit("\u{3}");
            shown
        })
        .skip(1)
        .collect();
    times.sort();
    let picker = times[times.len() / 2];
    let (floor, r, _) = beside_grep(picker, grep, "grep -rm1 ^title");
    rows.push(row(
        &format!("Picker over {n} briefings, warm: process start to its first rows on screen"),
        ms(picker),
        floor,
        r,
        "< 1 s",
        picker < Duration::from_secs(1),
    ));
}

/// Bytes under `path`.
fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    dir_size(&p)
                } else {
                    std::fs::metadata(&p).map_or(0, |m| m.len())
                }
            })
            .sum()
    })
}
