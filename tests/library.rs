//! The library from the outside: `brief list`, `brief search`, loading many
//! files, saved reading positions and the file watch.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use brief::briefing::LoadOptions;
use brief::library::{self, Entry};
use brief::reader::watch::Watcher;
use brief::state::{SavedPosition, Store};

/// A copy of `tests/fixtures/library` in a fresh folder, which is also the
/// current folder of `brief` (so paths print as `library/…`), with an empty
/// home and no configuration.
struct Sandbox {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
        copy_dir(&fixtures, &dir.path().join("library"));
        Sandbox {
            dir,
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn brief(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("brief").unwrap();
        cmd.current_dir(self.dir.path())
            .env("HOME", self.home.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_STATE_HOME")
            .env("XDG_CACHE_HOME", self.home.path().join("cache"))
            .env_remove("BRIEF_CONFIG")
            .args(args);
        cmd
    }

    /// Runs `brief`: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.brief(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const BROKEN_HEADLINE: &str =
    "library/drafts/unfinished.toml:3:1: error: missing required key `title` in [briefing]";

// ---------------------------------------------------------------- brief list

#[test]
fn list_is_newest_first_aligned_with_broken_files_last() {
    let sandbox = Sandbox::new();
    let (code, out, err) = sandbox.run(&["list", "library"]);
    assert_eq!(code, 1, "a broken file makes the exit status 1");
    assert_eq!(err, "");
    let expected = "\
2025-06-30  Hill observatory reopens            1 section   2 items  library/observatory.toml
2025-04-14  Orchard cooperative: spring report  2 sections  2 items  library/2025/spring/orchard.toml
2024-11-03  Regional rail strike                1 section   1 item   library/2024/rail-strike.toml
broken      library/drafts/unfinished.toml:3:1: error: missing required key `title` in [briefing]
";
    assert_eq!(out, expected);
}

#[test]
fn list_json_has_every_briefing_and_the_broken_file() {
    let sandbox = Sandbox::new();
    let (code, out, _) = sandbox.run(&["list", "library", "--json"]);
    assert_eq!(code, 1);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        serde_json::json!({
            "path": "library/observatory.toml",
            "date": "2025-06-30",
            "title": "Hill observatory reopens",
            "sections": 1,
            "items": 2,
        })
    );
    let dates: Vec<_> = rows[..3]
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-06-30", "2025-04-14", "2024-11-03"]);
    assert_eq!(
        rows[3],
        serde_json::json!({
            "path": "library/drafts/unfinished.toml",
            "error": BROKEN_HEADLINE,
        })
    );
}

#[test]
fn list_of_good_files_succeeds() {
    let sandbox = Sandbox::new();
    let (code, out, _) = sandbox.run(&["list", "library/2024"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    let (code, out, _) = sandbox.run(&["list", "library/observatory.toml"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("2025-06-30  Hill observatory reopens"),
        "{out}"
    );
}

#[test]
fn list_of_a_missing_path_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let (code, out, err) = sandbox.run(&["list", "no-such-folder"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(err, "error: no-such-folder: no such file or folder\n");
    // Without PATH, the configured folder ("briefings") is listed.
    let (code, _, err) = sandbox.run(&["list"]);
    assert_eq!(code, 2);
    assert!(err.contains("briefings: no such folder"), "{err}");
}

// -------------------------------------------------------------- brief search

#[test]
fn search_prints_one_line_per_match_in_path_order() {
    let sandbox = Sandbox::new();
    let (code, out, err) = sandbox.run(&["search", "rows", "library"]);
    assert_eq!(code, 0);
    assert_eq!(err, format!("{BROKEN_HEADLINE}\n"));
    let expected = "\
library/2025/spring/orchard.toml › Weather › Late frost on the lower rows: Late frost on the lower rows
library/2025/spring/orchard.toml › Weather › Late frost on the lower rows: …lit burners along the lower rows for two nights. - Upper…
library/2025/spring/orchard.toml › Weather › Late frost on the lower rows: …for two nights. - Upper rows escaped damage. - Lower…
library/2025/spring/orchard.toml › Weather › Late frost on the lower rows: …escaped damage. - Lower rows lost about a fifth of the…
";
    assert_eq!(out, expected);
    assert!(
        !out.contains('\x1b'),
        "no highlighting when not on a terminal"
    );
}

#[test]
fn search_places_matches_outside_sections() {
    let sandbox = Sandbox::new();
    let (_, out, _) = sandbox.run(&["search", "lines", "library"]);
    assert_eq!(
        out,
        "library/2024/rail-strike.toml › Sources › Strike notice to passengers: Northern Lines\n"
    );
    let (_, out, _) = sandbox.run(&["search", "union", "library"]);
    assert_eq!(
        out,
        "library/2024/rail-strike.toml › Who's who › Tomas Adeyemi: Union secretary\n"
    );
    let (_, out, _) = sandbox.run(&["search", "buses", "library"]);
    assert_eq!(
        out.lines().next(),
        Some(
            "library/2024/rail-strike.toml › (briefing): …work for two days over rosters; buses replace some trains."
        )
    );
    let (_, out, _) = sandbox.run(&["search", "cold nights", "library"]);
    assert_eq!(
        out,
        "library/2025/spring/orchard.toml › Weather: Two cold nights in early April.\n"
    );
}

#[test]
fn search_is_smart_case() {
    let sandbox = Sandbox::new();
    let (_, lower, _) = sandbox.run(&["search", "orchard", "library"]);
    let (_, upper, _) = sandbox.run(&["search", "Orchard", "library"]);
    assert_eq!(lower.lines().count(), 2, "{lower}");
    assert!(lower.contains("Runs the orchard on the east slope."));
    assert_eq!(
        upper,
        "library/2025/spring/orchard.toml › (briefing): Orchard cooperative: spring report\n"
    );
}

/// The hits of `--json` for a query, with the matched text of each.
fn json_hits(sandbox: &Sandbox, query: &str) -> Vec<(serde_json::Value, String)> {
    let (code, out, _) = sandbox.run(&["search", query, "library", "--json"]);
    assert_eq!(code, 0, "{query}: {out}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    rows.into_iter()
        .map(|row| {
            let snippet = row["snippet"].as_str().unwrap();
            let start = usize::try_from(row["start"].as_u64().unwrap()).unwrap();
            let end = usize::try_from(row["end"].as_u64().unwrap()).unwrap();
            let matched = snippet[start..end].to_string();
            (row, matched)
        })
        .collect()
}

#[test]
fn search_json_finds_quotes_figures_people_and_sources() {
    let sandbox = Sandbox::new();

    let hits = json_hits(&sandbox, "worse springs");
    assert_eq!(hits.len(), 1);
    let (row, matched) = &hits[0];
    assert_eq!(matched, "worse springs");
    // The briefing's rank comes beside the fields that were there before.
    let mut row = row.clone();
    let score = row.as_object_mut().unwrap().remove("score").unwrap();
    assert!(score.as_f64().unwrap() > 0.0, "{score}");
    assert_eq!(
        row,
        serde_json::json!({
            "path": "library/2025/spring/orchard.toml",
            "section": "Weather",
            "item": "Late frost on the lower rows",
            "field": "quote",
            "snippet": "We have seen worse springs, and the trees will recover.",
            "start": 13,
            "end": 26,
        })
    );

    let hits = json_hits(&sandbox, "apples pressed");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0["field"], "figure");
    assert_eq!(hits[0].0["item"], "The new press doubles capacity");
    assert_eq!(hits[0].1, "apples pressed");

    let hits = json_hits(&sandbox, "adeyemi");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0["section"], "Who's who");
    assert_eq!(hits[0].0["field"], "name");
    assert_eq!(hits[0].1, "Adeyemi");

    let hits = json_hits(&sandbox, "growers");
    let fields: Vec<_> = hits
        .iter()
        .map(|(row, _)| {
            (
                row["section"].as_str().unwrap(),
                row["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("Weather", "body"),
            ("Sources", "title"),
            ("Sources", "publisher")
        ]
    );
    assert!(hits.iter().all(|(_, m)| m.eq_ignore_ascii_case("growers")));
    assert_eq!(hits[2].0["item"], "Valley Growers Bulletin, April issue");
}

#[test]
fn search_without_a_match_exits_1() {
    let sandbox = Sandbox::new();
    let (code, out, _) = sandbox.run(&["search", "zeppelin", "library"]);
    assert_eq!((code, out.as_str()), (1, ""));
    let (code, out, _) = sandbox.run(&["search", "zeppelin", "library", "--json"]);
    assert_eq!((code, out.as_str()), (1, "[]\n"));
    let (code, _, err) = sandbox.run(&["search", "", "library"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = sandbox.run(&["search", "x", "no-such-folder"]);
    assert_eq!(code, 2);
}

// ------------------------------------------------------------------ loading

fn generated_library(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let sub = dir.path().join(format!("d{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        let text = if i % 10 == 3 {
            format!("[briefing]\ntitle = \"broken {i}\"\nnonsense = 1\n")
        } else {
            format!(
                "format = 1\n[briefing]\ntitle = \"Number {i}\"\ndate = 2024-{:02}-{:02}\n\
                 [[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.items]]\ntitle = \"Item {i}\"\n",
                i % 12 + 1,
                i % 28 + 1
            )
        };
        std::fs::write(sub.join(format!("b{i:03}.toml")), text).unwrap();
    }
    let paths = library::discover(dir.path()).unwrap();
    assert_eq!(paths.len(), n);
    (dir, paths)
}

fn same(a: &Entry, b: &Entry) -> bool {
    a.path == b.path && a.content_hash == b.content_hash && a.result == b.result
}

#[test]
fn load_all_keeps_the_order_and_equals_loading_one_by_one() {
    let (_dir, paths) = generated_library(60);
    let opts = LoadOptions::default();
    let progress = std::sync::atomic::AtomicUsize::new(0);
    let parallel = library::load_all(&paths, &opts, |done, total| {
        assert!(done <= total && total == 60);
        progress.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    assert_eq!(progress.into_inner(), 60);
    let sequential: Vec<Entry> = paths
        .iter()
        .map(|p| library::load_entry(p, &opts))
        .collect();
    assert_eq!(parallel.len(), sequential.len());
    assert!(parallel.iter().zip(&sequential).all(|(a, b)| same(a, b)));
    assert_eq!(
        parallel.iter().filter(|e| e.briefing().is_none()).count(),
        6
    );
}

#[test]
fn streaming_sends_every_file_once() {
    let (_dir, paths) = generated_library(40);
    let (tx, rx) = mpsc::channel();
    let to_load = paths.clone();
    let handle = std::thread::spawn(move || {
        library::load_streaming(&to_load, &LoadOptions::default(), &tx);
    });
    let mut seen: Vec<(usize, Entry)> = rx.iter().collect();
    handle.join().unwrap();
    seen.sort_by_key(|(i, _)| *i);
    assert_eq!(seen.len(), 40);
    for (n, (i, entry)) in seen.iter().enumerate() {
        assert_eq!(*i, n);
        assert_eq!(entry.path, paths[n]);
    }
}

#[test]
fn streaming_stops_when_the_receiver_is_gone() {
    // Each loading thread stops after the first entry it cannot send, so no
    // more files are opened than there are threads (one per core). Past
    // those, every path is a FIFO with no writer: opening one waits for
    // ever, so a loader that went on would never return.
    let (dir, mut paths) = generated_library(30);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    paths.truncate(cores.min(paths.len()));
    let fifo = dir.path().join("never-written.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    paths.extend(std::iter::repeat_n(fifo.clone(), 100));
    let (tx, rx) = mpsc::channel();
    drop(rx);
    let (done_tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        library::load_streaming(&paths, &LoadOptions::default(), &tx);
        let _ = done_tx.send(());
    });
    if done.recv_timeout(Duration::from_secs(30)).is_err() {
        // Release the loader stuck on the FIFO before failing.
        let _ = std::fs::write(&fifo, "");
        panic!("loading went on past a closed receiver, into the FIFO");
    }
}

// ------------------------------------------------------------------- state

fn position() -> SavedPosition {
    SavedPosition {
        tab: 2,
        section_id: "press".to_string(),
        item_id: Some("capacity".to_string()),
        item_index: Some(0),
        line_offset: 17,
        content_hash: brief::state::content_hash(b"format = 1\n"),
    }
}

#[test]
fn state_round_trip_and_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("positions"));
    let briefing = dir.path().join("a.toml");
    std::fs::write(&briefing, "x").unwrap();
    let nothing = store.load(&briefing);
    assert_eq!((nothing.position, nothing.notice), (None, None));

    store.save(&briefing, &position()).unwrap();
    let loaded = store.load(&briefing);
    assert_eq!(loaded.position, Some(position()));
    assert_eq!(loaded.notice, None);
    // The same file by another spelling of its path.
    let other_spelling = dir.path().join(".").join("a.toml");
    assert_eq!(store.load(&other_spelling).position, Some(position()));
    // Another briefing has no position.
    assert_eq!(store.load(&dir.path().join("b.toml")).position, None);

    // Saving again replaces, and no temporary file is left behind.
    let moved = SavedPosition {
        line_offset: 3,
        ..position()
    };
    store.save(&briefing, &moved).unwrap();
    assert_eq!(store.load(&briefing).position, Some(moved));
    let names: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].ends_with(".json") && names[0].len() == 21,
        "{names:?}"
    );
}

#[test]
fn a_corrupt_state_file_is_ignored_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let briefing = dir.path().join("a.toml");
    std::fs::write(&briefing, "x").unwrap();
    for junk in [
        "{\"version\": 1, \"path\"",
        "\u{1b}[2J not json\n",
        "{\"version\": 99}",
    ] {
        std::fs::write(store.file_for(&briefing), junk).unwrap();
        let loaded = store.load(&briefing);
        assert_eq!(loaded.position, None);
        let notice = loaded.notice.expect("a notice");
        assert!(
            notice.starts_with("ignored the saved reading position"),
            "{notice}"
        );
        assert!(
            !notice.contains('\n') && !notice.contains('\x1b'),
            "{notice:?}"
        );
    }
}

// ------------------------------------------------------------------- watch

/// Long enough for a loaded machine, short next to a person waiting.
const NOTICE: Duration = Duration::from_secs(1);

fn watched() -> (tempfile::TempDir, PathBuf, Watcher, mpsc::Receiver<()>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("briefing.toml");
    std::fs::write(&file, "one").unwrap();
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::new(&file, tx).unwrap();
    (dir, file, watcher, rx)
}

#[test]
fn watch_notices_a_write() {
    let (_dir, file, _watcher, rx) = watched();
    std::fs::write(&file, "two").unwrap();
    rx.recv_timeout(NOTICE).expect("notified of the write");
    // One notification for the burst.
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
}

#[test]
fn watch_notices_a_rename_over_the_file() {
    let (dir, file, _watcher, rx) = watched();
    let tmp = dir.path().join(".briefing.toml.swp");
    std::fs::write(&tmp, "three").unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    rx.recv_timeout(NOTICE).expect("notified of the rename");
    // The watch survives the inode change.
    std::thread::sleep(Duration::from_millis(200));
    while rx.try_recv().is_ok() {}
    std::fs::write(&file, "four").unwrap();
    rx.recv_timeout(NOTICE)
        .expect("notified after the rename too");
}

#[test]
fn watch_ignores_other_files_and_reads() {
    let (dir, file, _watcher, rx) = watched();
    std::fs::write(dir.path().join("other.toml"), "x").unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), b"one");
    assert!(rx.recv_timeout(Duration::from_millis(500)).is_err());
}
