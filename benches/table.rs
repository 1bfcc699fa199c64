//! One table of every performance figure beside its floor, measured in the
//! same run on the same input (`scripts/bench` runs this).
//!
//! Each figure is the median of several runs. The floors are what the
//! same work costs with nothing of `brief` in it: `toml::from_str` into a
//! `toml::Table` for loading, a bare byte scan or copy for search and
//! export. `BENCH_QUICK=1` runs each measurement fewer times. The library's
//! index is measured beside `grep` on the same folder; `BENCH_BIG=1` adds
//! the rows of a library of 100,000 briefings (2.5 GB of disk, several
//! minutes), each measured once.

mod common;

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::briefing::{LoadOptions, load_file};
use brief::cli::{DiffArgs, DiffFormat};
use brief::config::keymap::{Key, KeyName};
use brief::layout::{SectionLayout, WrapOptions};
use brief::reader::app::Msg;
use brief::reader::search::Matches;
use common::*;

/// Median time of `f`, run at least `min` times and for about `budget`.
fn time<T>(min: usize, budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let (min, budget) = if quick {
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
    runs.sort();
    runs[runs.len() / 2]
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

struct Row {
    what: String,
    figure: String,
    floor: String,
    ratio: String,
    target: String,
    met: bool,
}

fn row(
    what: &str,
    figure: String,
    floor: String,
    ratio: Option<f64>,
    target: &str,
    met: bool,
) -> Row {
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

/// Starts measuring this process's peak resident memory again from what
/// it holds now (Linux: `5` into `clear_refs`), so that the peak of one step
/// is measured apart from the steps before it.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The modes this binary runs in as a child process, so that process start
/// and peak memory are measured on their own.
fn child(mode: &str, path: Option<&str>, other: Option<&str>) {
    let opts = LoadOptions::default();
    match (mode, path) {
        ("noop", _) => {}
        ("first-frame", Some(p)) => {
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let app = app(Arc::new(b));
            frame(&mut terminal(), &app);
        }
        ("rss", Some(p)) => {
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let mut app = app(Arc::new(b));
            let mut term = terminal();
            frame(&mut term, &app);
            keys(&mut app, "G");
            frame(&mut term, &app);
            keys(&mut app, "/steel");
            app.update(Msg::Key(Key::named(KeyName::Enter)));
            frame(&mut term, &app);
            println!("{}", peak_rss().unwrap_or(0));
        }
        ("rss-layout", Some(p)) => {
            // What the reader needs with the proposed change: the briefing
            // and the section laid out block by block, searched in place.
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let opts = WrapOptions {
                width: usize::from(W) - 3,
                break_long_words: true,
            };
            let layout = SectionLayout::filtered(&b, 0, |_| true, opts);
            let mut found = Matches::default();
            found.search_section(0, &layout.lines, "steel", false);
            std::hint::black_box((&layout, &found));
            println!("{}", peak_rss().unwrap_or(0));
        }
        ("rss-export-text" | "rss-export-html", Some(p)) => {
            // What `brief export --section 1 -o FILE` holds: the briefing,
            // then the export on its way to the file. The peak is measured
            // from the loaded briefing on, so the load's own peak (the same
            // for every format) does not hide the export's.
            let b = load_file(Path::new(p), &opts).expect("loads").briefing;
            let plan = brief::export::Plan::sections(&[0]);
            let out = Path::new(p).with_extension(mode);
            reset_peak_rss();
            let held = peak_rss().unwrap_or(0);
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
            println!("{} {held}", peak_rss().unwrap_or(0));
        }
        ("diff" | "rss-diff", Some(p)) => {
            // The command itself, as `brief diff OLD NEW` runs it.
            let args = DiffArgs {
                old: PathBuf::from(p),
                new: other.map(PathBuf::from),
                since: None,
                format: DiffFormat::Text,
            };
            let code = brief::cli::diff::run(&args, &brief::config::Config::default());
            assert_eq!(code, std::process::ExitCode::FAILURE, "the versions differ");
            if mode == "rss-diff" {
                println!("\n{}", peak_rss().unwrap_or(0));
            }
        }
        _ => panic!("unknown child mode {mode}"),
    }
}

fn spawn(mode: &str, path: Option<&Path>) -> String {
    spawn2(mode, path, None)
}

fn spawn2(mode: &str, path: Option<&Path>, other: Option<&Path>) -> String {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.arg("--child").arg(mode);
    for p in [path, other].into_iter().flatten() {
        cmd.arg(p);
    }
    let out = cmd.output().expect("child runs");
    assert!(
        out.status.success(),
        "child {mode} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A second version of a generated briefing with 1% of its items
/// changed: every 200th item gets a sentence more in its body, every 200th
/// (offset by 100) a new status, and a new item follows every 400th.
fn one_percent_changed(text: &str) -> String {
    const ITEM: &str = "\n[[sections.items]]\n";
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for (k, chunk) in text.split(ITEM).enumerate() {
        if k > 0 {
            out.push_str(ITEM);
        }
        match k % 200 {
            1 => out.push_str(&chunk.replacen(
                "body = \"\"\"\n",
                "body = \"\"\"\nA sentence added in the later version.\n",
                1,
            )),
            101 if chunk.contains("status = ") => {
                out.push_str(&chunk.replacen("status = \"", "status = \"revised-", 1))
            }
            101 => out.push_str(&chunk.replacen("title = ", "status = \"new\"\ntitle = ", 1)),
            _ => out.push_str(chunk),
        }
        if k > 0 && k % 400 == 0 {
            out.push_str(&format!(
                "\n[[sections.items]]\nid = \"added-{k}\"\ntitle = \"An item added in the later version\"\nbody = \"Its text.\"\n"
            ));
        }
    }
    out
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brief-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// `brief ARGS` on a library, with its own cache folder and no
/// configuration but a cache large enough for 100,000 briefings.
fn brief(scratch: &Path, args: &[&OsStr]) -> Command {
    let config = scratch.join("bench-config.toml");
    if !config.exists() {
        std::fs::write(&config, "[cache]\nmax_mb = 100000\n").expect("writes the configuration");
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
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
    if !run_quiet(Command::new("grep").arg("--version")) {
        return None;
    }
    Some(time(min, budget, || {
        run_quiet(Command::new("grep").args(args))
    }))
}

/// A figure beside grep's on the same folder: the floor column, the ratio,
/// and whether the figure is below grep's.
fn beside_grep(
    figure: Duration,
    grep: Option<Duration>,
    what: &str,
) -> (String, Option<f64>, bool) {
    match grep {
        Some(g) => (
            format!("{what} {}", ms(g)),
            Some(ratio(figure, g)),
            figure < g,
        ),
        None => (format!("{what}: not measured (no grep)"), None, true),
    }
}

/// Lines printed by `brief search QUERY FOLDER`.
fn lines_of(scratch: &Path, query: &str, folder: &Path) -> usize {
    brief(
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
fn index_rows(rows: &mut Vec<Row>, scratch: &Path, folder: &Path, budget: Duration) {
    let files = brief::library::discover(folder).expect("lists the folder");
    let n = files.len();
    let mb = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6;
    let min = if budget.is_zero() { 1 } else { 3 };
    let cache = scratch.join("cache");
    let f = folder.as_os_str();
    let s = |t: &'static str| OsStr::new(t);

    // Cold: no index, every file read and indexed.
    let mut colds: Vec<Duration> = (0..min)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&cache);
            let t = Instant::now();
            run_quiet(&mut brief(scratch, &[s("list"), f]));
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
        true,
    ));

    // Warm searches.
    let target = if n <= 10_000 { 50 } else { 300 };
    for (query, what) in [("\"Björn Abara\"", "a name"), ("tariffs", "a common word")] {
        if n > 10_000 && what == "a common word" {
            // Over a million lines to print: not a search anyone waits for.
            continue;
        }
        let lines = lines_of(scratch, query, folder);
        let warm = time(min, budget, || {
            run_quiet(&mut brief(scratch, &[s("search"), OsStr::new(query), f]))
        });
        let plain = query.trim_matches('"');
        let grep = grep_time(min, budget, &[s("-rilF"), OsStr::new(plain), f]);
        let (floor, r, faster) = beside_grep(warm, grep, "grep -ril");
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
            under && (faster || n > 10_000),
        ));
    }

    // One file changes, then a search: the update is part of the answer.
    let changed = &files[n / 2];
    let original = std::fs::read_to_string(changed).expect("reads a briefing");
    let mut flip = false;
    let warm = time(min, budget, || {
        run_quiet(&mut brief(scratch, &[s("search"), s("zebrafish"), f]))
    });
    let update = time(min, budget, || {
        flip = !flip;
        let text = if flip {
            original.replace("format = 1", "format = 1\n# edited")
        } else {
            original.clone()
        };
        std::fs::write(changed, text).expect("writes a briefing");
        run_quiet(&mut brief(scratch, &[s("search"), s("zebrafish"), f]))
    });
    std::fs::write(changed, &original).expect("restores a briefing");
    rows.push(row(
        &format!("Search {n} briefings after one file changed (update included)"),
        ms(update),
        format!("the same search unchanged {}", ms(warm)),
        Some(ratio(update, warm)),
        "< 100 ms",
        update < Duration::from_millis(100),
    ));

    // The listing, beside grep printing each file's title line.
    let list = time(min, budget, || {
        run_quiet(&mut brief(scratch, &[s("list"), f]))
    });
    let grep = grep_time(min, budget, &[s("-rm1"), s("^title"), f]);
    let (floor, r, faster) = beside_grep(list, grep, "grep -rm1 ^title");
    rows.push(row(
        &format!("List {n} briefings, warm"),
        ms(list),
        floor,
        r,
        if n <= 10_000 { "< grep" } else { "< 1 s" },
        if n <= 10_000 {
            faster
        } else {
            list < Duration::from_secs(1)
        },
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(
            &args[i + 1],
            args.get(i + 2).map(String::as_str),
            args.get(i + 3).map(String::as_str),
        );
        return;
    }
    let dir = scratch();
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
    let mb = big.len() as f64 / 1e6;

    // Load, and the open to a first frame.
    say("load");
    let parse = time(3, budget, || {
        toml::from_str::<toml::Table>(&big).expect("parses")
    });
    let load_t = time(3, budget, || load(&big));
    rows.push(row(
        &format!("Load {mb:.0} MB (parse, validate, sanitize)"),
        format!("{} ({})", ms(load_t), mbps(big.len(), load_t)),
        format!("toml::from_str {} ({})", ms(parse), mbps(big.len(), parse)),
        Some(ratio(load_t, parse)),
        "—",
        true,
    ));
    say("open");
    let open = time(3, budget, || {
        let app = app(Arc::new(load(&big)));
        frame(&mut terminal(), &app);
        app
    });
    rows.push(row(
        &format!("Open {mb:.0} MB to first frame"),
        ms(open),
        format!("toml::from_str {}", ms(parse)),
        Some(ratio(open, parse)),
        "≤ 1.3× floor",
        ratio(open, parse) <= 1.3,
    ));
    // The rest of the section is laid out in steps while no key waits.
    let b = Arc::new(load(&big));
    let mut steps = 0;
    let mut longest = Duration::ZERO;
    let rest = time(3, budget, || {
        let mut app = app(Arc::clone(&b));
        steps = 0;
        longest = Duration::ZERO;
        while app.has_work() {
            let t = Instant::now();
            app.update(Msg::Idle);
            longest = longest.max(t.elapsed());
            steps += 1;
        }
        app
    });
    rows.push(row(
        &format!("Open {mb:.0} MB: the rest laid out while idle ({steps} steps)"),
        format!("{} (longest step {})", ms(rest), ms(longest)),
        "—".into(),
        None,
        "steps ≪ a frame at 60 Hz",
        longest < Duration::from_millis(16),
    ));
    say("first frame of 50 KB from process start");
    let noop = time(10, budget, || spawn("noop", None));
    let first = time(10, budget, || spawn("first-frame", Some(&fifty_path)));
    rows.push(row(
        &format!(
            "Open {:.0} KB, process start to first frame",
            fifty.len() as f64 / 1e3
        ),
        ms(first),
        format!("empty process {}", ms(noop)),
        Some(ratio(first, noop)),
        "< 20 ms",
        first < Duration::from_millis(20),
    ));

    // Layout and frames.
    say("layout");
    let width = usize::from(W) - 3;
    let opts = WrapOptions {
        width,
        break_long_words: true,
    };
    let copy = time(5, budget, || big.as_bytes().to_vec());
    let n_lines = SectionLayout::new(&b, 0, opts).lines.len();
    // The reader lays the section out again when the width changes: the old
    // layout stays on screen while the new one is laid out in steps, input
    // being read between them.
    let mut r_app = app(Arc::clone(&b));
    keys(&mut r_app, "G");
    let at = r_app.reading.as_ref().unwrap().current_item();
    let mut narrow = false;
    let mut pause = Duration::ZERO;
    let resize_t = time(3, budget, || {
        narrow = !narrow;
        let t = Instant::now();
        r_app.update(Msg::Resize(if narrow { W - 1 } else { W }, H));
        pause = pause.max(t.elapsed());
        while r_app.has_work() {
            let t = Instant::now();
            r_app.update(Msg::Idle);
            pause = pause.max(t.elapsed());
        }
    });
    assert_eq!(
        r_app.reading.as_ref().unwrap().current_item(),
        at,
        "the item at the top is kept"
    );
    drop(r_app);
    rows.push(row(
        &format!("Resize: re-layout of a {mb:.0} MB section (reader), until in place"),
        format!("{} ({})", ms(resize_t), mbps(big.len(), resize_t)),
        format!("copy {}", ms(copy)),
        Some(ratio(resize_t, copy)),
        "< 250 ms",
        resize_t < Duration::from_millis(250),
    ));
    rows.push(row(
        "Resize: longest time input waits (one step)",
        ms(pause),
        "—".into(),
        None,
        "steps ≪ a frame at 60 Hz",
        pause < Duration::from_millis(16),
    ));
    let layout_t = time(3, budget, || SectionLayout::new(&b, 0, opts));
    rows.push(row(
        &format!("Layout of a {mb:.0} MB section, block by block (SectionLayout::new)"),
        format!("{} ({})", ms(layout_t), mbps(big.len(), layout_t)),
        format!("copy {}", ms(copy)),
        Some(ratio(layout_t, copy)),
        "< 250 ms",
        layout_t < Duration::from_millis(250),
    ));

    say("frames");
    let small_app = app(Arc::new(load(&small)));
    let small_lines = lines_on_screen(&small_app);
    let mut term = terminal();
    let floor = time(100, budget, || frame(&mut term, &small_app));
    let mut big_app = app(Arc::clone(&b));
    while big_app.has_work() {
        big_app.update(Msg::Idle);
    }
    let items = b.sections[0].items.len();
    for (place, setup) in [("top", 0), ("middle", 1), ("bottom", 2)] {
        match setup {
            0 => keys(&mut big_app, "g"),
            1 => {
                let g = big_app.geometry();
                big_app.reading.as_mut().unwrap().goto_item(items / 2, g)
            }
            _ => keys(&mut big_app, "G"),
        }
        if setup == 2 {
            assert_eq!(
                big_app
                    .reading
                    .as_ref()
                    .unwrap()
                    .position_label(big_app.geometry().body_height),
                "Bot",
                "the end is reachable"
            );
        }
        let mut term = terminal();
        let t = time(100, budget, || frame(&mut term, &big_app));
        rows.push(row(
            &format!("Frame at the {place} of a {n_lines}-line section"),
            ms(t),
            format!("{small_lines}-line section {}", ms(floor)),
            Some(ratio(t, floor)),
            "≤ 2× floor, < 1 ms",
            ratio(t, floor) <= 2.0 && t < Duration::from_millis(1),
        ));
    }

    // Search: one keystroke of the prompt searches every section again.
    say("search");
    let scan = time(10, budget, || {
        memchr::memchr_iter(b'\n', big.as_bytes()).count()
    });
    let mut s_app = app(Arc::clone(&b));
    keys(&mut s_app, "/stee");
    let mut flip = false;
    let search_t = time(5, budget, || {
        flip = !flip;
        if flip {
            s_app.update(Msg::Key(Key::char('l')));
        } else {
            s_app.update(Msg::Key(Key::named(KeyName::Backspace)));
        }
    });
    rows.push(row(
        &format!("Search {mb:.0} MB, one keystroke (reader)"),
        ms(search_t),
        format!("memchr scan {}", ms(scan)),
        Some(ratio(search_t, scan)),
        "< 100 ms, ≤ 5× floor",
        search_t < Duration::from_millis(100) && ratio(search_t, scan) <= 5.0,
    ));

    // The same search of one section's laid-out text, without the reader
    // around it (what the reader does for each section).
    let layout = SectionLayout::new(&b, 0, opts);
    let lines_t = time(5, budget, || {
        let mut found = Matches::default();
        found.search_section(0, &layout.lines, "steel", false);
        found
    });
    drop(layout);
    rows.push(row(
        &format!("Search {mb:.0} MB of laid-out text (Matches::search_section)"),
        ms(lines_t),
        format!("memchr scan {}", ms(scan)),
        Some(ratio(lines_t, scan)),
        "< 100 ms, ≤ 5× floor",
        lines_t < Duration::from_millis(100) && ratio(lines_t, scan) <= 5.0,
    ));

    // Export.
    say("export");
    let text = brief::export::export_text(&b, &brief::export::Plan::sections(&[0]), 80);
    let export_t = time(3, budget, || {
        brief::export::export_text(&b, &brief::export::Plan::sections(&[0]), 80)
    });
    let copy_out = time(5, budget, || text.as_bytes().to_vec());
    rows.push(row(
        &format!("Export {mb:.0} MB as text at 80 columns"),
        format!("{} ({})", ms(export_t), mbps(text.len(), export_t)),
        format!("copy {} ({})", ms(copy_out), mbps(text.len(), copy_out)),
        Some(ratio(export_t, copy_out)),
        "≥ 50 MB/s, ≤ 5× floor",
        text.len() as f64 / export_t.as_secs_f64() >= 50e6 && ratio(export_t, copy_out) <= 5.0,
    ));
    drop(text);
    // HTML: the same plan marked up rather than wrapped; at least as fast
    // as the text export.
    let html = brief::export::export_html(&b, &brief::export::Plan::sections(&[0]), 80);
    let html_t = time(3, budget, || {
        brief::export::export_html(&b, &brief::export::Plan::sections(&[0]), 80)
    });
    rows.push(row(
        &format!("Export {mb:.0} MB as HTML (export_html)"),
        format!("{} ({})", ms(html_t), mbps(html.len(), html_t)),
        format!("text export {}", ms(export_t)),
        Some(ratio(html_t, export_t)),
        "≤ 1× floor",
        html_t <= export_t,
    ));
    drop(html);

    // Diff: two versions of the 25 MB briefing that differ in 1% of their
    // items, compared by the command itself (a child process).
    say("diff");
    let later = one_percent_changed(&big);
    let later_path = dir.join("big-later.toml");
    std::fs::write(&later_path, &later).expect("writes");
    // `brief diff` loads the two versions one after the other (two loads
    // at once would hold two peaks of memory): so does its floor.
    let parse_both = time(3, budget, || {
        let one = toml::from_str::<toml::Table>(&big).expect("parses");
        drop(one);
        toml::from_str::<toml::Table>(&later).expect("parses")
    });
    let diff_t = time(3, budget, || {
        spawn2("diff", Some(&big_path), Some(&later_path))
    });
    rows.push(row(
        &format!("Diff two {mb:.0} MB versions, 1% of items changed (brief diff, process)"),
        ms(diff_t),
        format!("toml::from_str of both {}", ms(parse_both)),
        Some(ratio(diff_t, parse_both)),
        "< 1 s",
        diff_t < Duration::from_secs(1),
    ));
    // The engine alone, on the two loaded versions, beside a full walk of
    // two equal models (`==` stops at the first difference of unequal ones).
    let (one, other, same) = (load(&big), load(&later), load(&big));
    let walk = time(5, budget, || one == same);
    let engine = time(5, budget, || brief::diff::diff(&one, &other));
    rows.push(row(
        &format!(
            "Diff engine alone: {} items matched, {} changed (diff::diff)",
            one.item_count(),
            brief::diff::diff(&one, &other)
                .sections
                .iter()
                .map(|s| s.items.len())
                .sum::<usize>()
        ),
        ms(engine),
        format!("== of two equal models {}", ms(walk)),
        Some(ratio(engine, walk)),
        "—",
        true,
    ));
    drop((one, other, same));
    // What the reader will do on reopening a briefing that changed: load
    // the two versions of a 50 KB briefing and find what changed.
    let fifty_later = one_percent_changed(&fifty);
    let small_floor = time(20, budget, || {
        (
            toml::from_str::<toml::Table>(&fifty).expect("parses"),
            toml::from_str::<toml::Table>(&fifty_later).expect("parses"),
        )
    });
    let small = time(20, budget, || {
        let (a, b) = (load(&fifty), load(&fifty_later));
        brief::diff::diff(&a, &b)
    });
    assert!(!brief::diff::diff(&load(&fifty), &load(&fifty_later)).is_empty());
    rows.push(row(
        &format!(
            "Changes in a {:.0} KB briefing: load both versions, diff",
            fifty.len() as f64 / 1e3
        ),
        ms(small),
        format!("toml::from_str of both {}", ms(small_floor)),
        Some(ratio(small, small_floor)),
        "< 20 ms",
        small < Duration::from_millis(20),
    ));
    // A pathological edit: a 10 MB body rewritten word for word.
    let rewritten = |w: &str| {
        load(&format!(
            "[briefing]\ntitle = \"T\"\ndate = 2024-01-01\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.items]]\nid = \"i\"\ntitle = \"I\"\nbody = \"{}\"\n",
            format!("{w} ")
                .repeat(10_000_000 / (w.len() + 1))
                .trim_end()
        ))
    };
    let (a, z) = (rewritten("alpha"), rewritten("omega"));
    let body_copy = time(5, budget, || {
        (
            a.sections[0].items[0].body.clone(),
            z.sections[0].items[0].body.clone(),
        )
    });
    let capped = time(3, budget, || brief::diff::diff(&a, &z));
    rows.push(row(
        "Diff of a 10 MB body rewritten whole (beyond the word-diff cap)",
        ms(capped),
        format!("copy of both bodies {}", ms(body_copy)),
        Some(ratio(capped, body_copy)),
        "< 1 s",
        capped < Duration::from_secs(1),
    ));
    drop((a, z));

    // Memory.
    say("peak memory");
    let peak: u64 = spawn("rss", Some(&big_path)).parse().unwrap_or(0);
    let rss_ratio = peak as f64 / big.len() as f64;
    rows.push(row(
        &format!("Peak RSS reading {mb:.0} MB (open, end, search)"),
        format!("{:.0} MB", peak as f64 / 1e6),
        format!("file {mb:.0} MB"),
        Some(rss_ratio),
        "≤ 4× file",
        rss_ratio <= 4.0,
    ));
    let peak: u64 = spawn("rss-layout", Some(&big_path)).parse().unwrap_or(0);
    let rss_ratio = peak as f64 / big.len() as f64;
    rows.push(row(
        &format!("Peak RSS: load {mb:.0} MB, SectionLayout::filtered, search"),
        format!("{:.0} MB", peak as f64 / 1e6),
        format!("file {mb:.0} MB"),
        Some(rss_ratio),
        "≤ 4× file",
        rss_ratio <= 4.0,
    ));
    let export_peak = |mode: &str| -> (u64, u64) {
        let out = spawn(mode, Some(&big_path));
        let mut figures = out.split_whitespace().map(|n| n.parse().unwrap_or(0));
        (figures.next().unwrap_or(0), figures.next().unwrap_or(0))
    };
    let (text_peak, held) = export_peak("rss-export-text");
    let (html_peak, _) = export_peak("rss-export-html");
    rows.push(row(
        &format!("Peak RSS exporting {mb:.0} MB as HTML to a file, from the loaded briefing"),
        format!(
            "{:.0} MB (briefing {:.0} MB)",
            html_peak as f64 / 1e6,
            held as f64 / 1e6
        ),
        format!("text {:.0} MB", text_peak as f64 / 1e6),
        Some(html_peak as f64 / text_peak.max(1) as f64),
        "≤ 1× floor",
        html_peak <= text_peak,
    ));
    let out = spawn2("rss-diff", Some(&big_path), Some(&later_path));
    let peak: u64 = out.lines().last().and_then(|l| l.parse().ok()).unwrap_or(0);
    let both = big.len() + later.len();
    let rss_ratio = peak as f64 / both as f64;
    rows.push(row(
        &format!("Peak RSS: brief diff of two {mb:.0} MB versions"),
        format!("{:.0} MB", peak as f64 / 1e6),
        format!("both files {:.0} MB", both as f64 / 1e6),
        Some(rss_ratio),
        "≤ 3× both files",
        rss_ratio <= 3.0,
    ));
    drop(big_app);
    drop(s_app);
    drop(b);

    // Archive.
    say("archive");
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

    // The library's index, beside grep on the same folder.
    say("library index, 2,000 briefings");
    index_rows(&mut rows, &dir, &archive, budget);
    if std::env::var_os("BENCH_BIG").is_some() {
        say("library index, 100,000 briefings (generating 2.5 GB)");
        let big = dir.join("archive-100k");
        generator::write_archive(&big, ARCHIVED, 100_000).expect("writes the big archive");
        index_rows(&mut rows, &dir, &big, Duration::ZERO);
        let _ = std::fs::remove_dir_all(&big);
    }
    let _ = std::fs::remove_dir_all(&dir);

    // The table.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "| measure | figure | floor | ratio | target | met |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.what,
            r.figure,
            r.floor,
            r.ratio,
            r.target,
            if r.met { "yes" } else { "**no**" }
        );
    }
}
