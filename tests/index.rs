//! The library's index through the binary: `brief search` and `brief list`
//! kept right while files change, the index damaged or shared by several
//! processes; the query language (filters, phrases, ranking); the cache's
//! bound and `brief cache clear`.
//!
//! Every run has its own cache folder (`XDG_CACHE_HOME`), never the user's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A library folder, a cache folder and a home, all temporary; `brief` runs
/// in the library's parent, so paths print as `lib/…`.
struct Lib {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

/// One briefing's file: a title, a date, tags, and items of
/// (title, body, status, tags) in one section `news` (title "News").
fn briefing(
    title: &str,
    date: &str,
    tags: &[&str],
    items: &[(&str, &str, &str, &[&str])],
) -> String {
    let list = |t: &[&str]| {
        t.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!(
        "format = 1\n[briefing]\ntitle = \"{title}\"\ndate = {date}\ntags = [{}]\n\
         [[sections]]\nid = \"news\"\ntitle = \"News\"\n",
        list(tags)
    );
    for (title, body, status, tags) in items {
        out.push_str(&format!(
            "[[sections.items]]\ntitle = \"{title}\"\nbody = \"{body}\"\n"
        ));
        if !status.is_empty() {
            out.push_str(&format!("status = \"{status}\"\n"));
        }
        out.push_str(&format!("tags = [{}]\n", list(tags)));
    }
    out
}

impl Lib {
    fn new() -> Lib {
        let lib = Lib {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(lib.root()).unwrap();
        lib
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("lib")
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Sets every briefing's modification time to `when`.
    fn set_times(&self, when: std::time::SystemTime) {
        for path in brief::library::discover(&self.root()).unwrap() {
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(when).unwrap();
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_CACHE_HOME", self.cache.path())
            .env_remove("BRIEF_CONFIG")
            .args(args);
        cmd
    }

    /// `brief ARGS`: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        parts(self.command(args).output().unwrap())
    }

    /// `brief search QUERY lib`: (exit code, stdout, stderr).
    fn search(&self, query: &str) -> (i32, String, String) {
        self.run(&["search", query, "lib"])
    }

    /// The files of the index (one library, one index).
    fn index_dir(&self) -> PathBuf {
        let parent = self.cache.path().join("brief/index");
        std::fs::read_dir(&parent)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .expect("an index in the cache")
    }
}

fn parts(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The paths of the lines of a search's output, in order, each once.
fn paths(out: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for line in out.lines() {
        let path = line.split(" › ").next().unwrap().to_string();
        if seen.last() != Some(&path) {
            seen.push(path);
        }
    }
    seen
}

/// Three briefings about a harbour, a strike and tariffs.
fn three(lib: &Lib) {
    lib.write(
        "harbour.toml",
        &briefing(
            "Harbour reopens",
            "2025-03-01",
            &["port"],
            &[(
                "Cranes return",
                "The harbour cranes are back after the storm.",
                "done",
                &["weather"],
            )],
        ),
    );
    lib.write(
        "2024/strike.toml",
        &briefing(
            "Rail strike",
            "2024-11-03",
            &["labour"],
            &[(
                "Drivers walk out",
                "Drivers strike for two days; the harbour line stops.",
                "in progress",
                &[],
            )],
        ),
    );
    lib.write(
        "2025/tariffs.toml",
        &briefing(
            "Steel tariffs",
            "2025-06-30",
            &["trade"],
            &[(
                "Duties rise",
                "Tariffs on steel rise to a quarter.",
                "announced",
                &["steel"],
            )],
        ),
    );
}

// ------------------------------------------------------------ staleness

#[test]
fn edits_renames_and_deletions_while_brief_is_closed_are_seen() {
    let lib = Lib::new();
    three(&lib);
    let (code, out, err) = lib.search("harbour");
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(paths(&out).len(), 2, "{out}");

    // Edit one (the word leaves it), rename one, delete one, add one.
    lib.write(
        "harbour.toml",
        &briefing(
            "Port reopens",
            "2025-03-01",
            &["port"],
            &[(
                "Cranes return",
                "The cranes are back after the storm.",
                "done",
                &[],
            )],
        ),
    );
    std::fs::rename(
        lib.root().join("2024/strike.toml"),
        lib.root().join("strike-2024.toml"),
    )
    .unwrap();
    std::fs::remove_file(lib.root().join("2025/tariffs.toml")).unwrap();
    lib.write(
        "new.toml",
        &briefing(
            "Harbour dues",
            "2025-07-01",
            &[],
            &[("Dues", "Harbour dues go up.", "", &[])],
        ),
    );

    let (code, out, err) = lib.search("harbour");
    assert_eq!((code, err.as_str()), (0, ""));
    let mut found = paths(&out);
    found.sort();
    assert_eq!(found, ["lib/new.toml", "lib/strike-2024.toml"], "{out}");
    let (code, _, _) = lib.search("tariffs");
    assert_eq!(code, 1, "a deleted file is gone from the index");
    let (_, list, _) = lib.run(&["list", "lib"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(
        list.contains("Port reopens") && !list.contains("Steel tariffs"),
        "{list}"
    );
}

#[test]
fn an_edit_between_two_runs_in_the_same_tick_is_seen() {
    // A coarse clock gives an edit right after a run the time the file had:
    // same size, same time, different words. The content hash tells.
    let lib = Lib::new();
    let path = lib.write(
        "a.toml",
        &briefing(
            "Alpha",
            "2025-01-01",
            &[],
            &[("One", "The falcon flies.", "", &[])],
        ),
    );
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(lib.search("falcon").0, 0);
    lib.write(
        "a.toml",
        &briefing(
            "Alpha",
            "2025-01-01",
            &[],
            &[("One", "The pelican flies.", "", &[])],
        )
        .replace("pelican", "pelica"),
    );
    // Same length as before ("falcon" and "pelica"), and the old time.
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(time).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), time);
    assert_eq!(lib.search("falcon").0, 1, "the old word is gone");
    assert_eq!(lib.search("pelica").0, 0, "the new word is found");
}

#[test]
fn a_run_after_a_run_reads_nothing_again() {
    let lib = Lib::new();
    three(&lib);
    // Written a while ago: a file written just before the first run is
    // read once more when its time can vouch for it (see the next test).
    lib.set_times(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
    assert_eq!(lib.search("steel").0, 0);
    let meta = std::fs::read_to_string(lib.index_dir().join("meta.json")).unwrap();
    assert_eq!(lib.search("steel").0, 0);
    let again = std::fs::read_to_string(lib.index_dir().join("meta.json")).unwrap();
    assert_eq!(meta, again, "nothing changed, nothing was committed");
}

#[test]
fn files_written_just_before_a_run_are_indexed_once_more_then_left_alone() {
    // A library copied in and searched at once: each file's time is too
    // close to when it was read to vouch for its content, so the next run
    // reads it again; once its time can vouch, it is indexed once more
    // and from then on left alone, not read on every run.
    let lib = Lib::new();
    three(&lib);
    // Their times a second ahead, so that the first run reads them within
    // the two seconds however slowly it starts.
    let written = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
    lib.set_times(written);
    assert_eq!(lib.search("steel").0, 0);
    let first = std::fs::read_to_string(lib.index_dir().join("meta.json")).unwrap();
    let vouched = written + std::time::Duration::from_millis(2100);
    std::thread::sleep(
        vouched
            .duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    );
    assert_eq!(lib.search("steel").0, 0);
    let second = std::fs::read_to_string(lib.index_dir().join("meta.json")).unwrap();
    assert_ne!(
        first, second,
        "indexed once more, with their times now vouching"
    );
    assert_eq!(lib.search("steel").0, 0);
    let third = std::fs::read_to_string(lib.index_dir().join("meta.json")).unwrap();
    assert_eq!(second, third, "then left alone");
}

// ------------------------------------------------------------ damage

/// Runs a search on a fresh index, damages one of its files with `damage`,
/// and checks that the next search rebuilds it, says so in one line, and
/// answers as the undamaged index did.
fn survives(name_ends: &str, damage: impl Fn(&Path)) {
    let lib = Lib::new();
    three(&lib);
    let (code, clean, _) = lib.search("harbour");
    assert_eq!(code, 0);
    let dir = lib.index_dir();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(name_ends))
        .unwrap_or_else(|| panic!("no *{name_ends} in the index"));
    damage(&file);
    let (code, out, err) = lib.search("harbour");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, clean, "{name_ends}: the same answer");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{name_ends}: one line: {err}");
    assert!(
        lines[0].starts_with("note: rebuilt the search index "),
        "{err}"
    );
    // And the next run finds it sound.
    let (_, again, err) = lib.search("harbour");
    assert_eq!((again.as_str(), err.as_str()), (clean.as_str(), ""));
}

fn garbage(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let junk: Vec<u8> = (0..len)
        .map(|i| ((i * 7 + 13) % 256).to_le_bytes()[0])
        .collect();
    std::fs::write(path, junk).unwrap();
}

fn truncate(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
}

#[test]
fn a_meta_file_of_garbage_is_rebuilt() {
    survives("meta.json", garbage);
}

#[test]
fn a_truncated_meta_file_is_rebuilt() {
    survives("meta.json", truncate);
}

#[test]
fn segment_files_of_garbage_are_rebuilt() {
    for ext in [".store", ".term", ".idx", ".pos", ".fast", ".fieldnorm"] {
        survives(ext, garbage);
    }
}

#[test]
fn truncated_segment_files_are_rebuilt() {
    for ext in [".store", ".term", ".fast"] {
        survives(ext, truncate);
    }
}

#[test]
fn a_bit_flipped_inside_a_segment_is_rebuilt() {
    // Damage that leaves the file's length and footer whole: its checksum
    // tells.
    for ext in [".store", ".term", ".idx", ".pos"] {
        survives(ext, |path| {
            let mut bytes = std::fs::read(path).unwrap();
            let middle = bytes.len() / 3;
            bytes[middle] ^= 0x55;
            std::fs::write(path, bytes).unwrap();
        });
    }
}

#[test]
fn an_index_of_another_version_is_rebuilt() {
    let lib = Lib::new();
    three(&lib);
    let (_, clean, _) = lib.search("steel");
    let meta = lib.index_dir().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let foreign = text.replace("\"brief-index ", "\"brief-index 999");
    assert_ne!(text, foreign, "{text}");
    std::fs::write(&meta, foreign).unwrap();
    let (code, out, err) = lib.search("steel");
    assert_eq!((code, out.as_str()), (0, clean.as_str()));
    assert!(err.contains("another version of brief wrote it"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn other_key_bindings_rebuild_the_index() {
    // A section key that clashes with a bound key breaks a briefing; with
    // other bindings it loads. The index remembers which bindings it saw.
    let lib = Lib::new();
    let text = briefing(
        "Keys",
        "2025-01-01",
        &[],
        &[("One", "Quail eggs.", "", &[])],
    )
    .replace("title = \"News\"\n", "title = \"News\"\nkey = \"x\"\n");
    lib.write("k.toml", &text);
    assert_eq!(lib.search("quail").0, 0);
    let config = lib.dir.path().join("c.toml");
    std::fs::write(&config, "[keys]\nquit = [\"x\"]\n").unwrap();
    let (code, _, err) = parts(
        lib.command(&[
            "--config",
            config.to_str().unwrap(),
            "search",
            "quail",
            "lib",
        ])
        .output()
        .unwrap(),
    );
    assert_eq!(code, 1, "the briefing no longer loads: {err}");
    assert!(err.contains("key bindings changed"), "{err}");
    assert!(err.contains("clashes") || err.contains("key"), "{err}");
}

// ------------------------------------------------------------ processes

#[test]
fn two_processes_updating_at_once_agree() {
    let lib = Lib::new();
    for i in 0..150 {
        lib.write(
            &format!("d{}/b{i:03}.toml", i % 5),
            &briefing(
                &format!("Number {i}"),
                "2025-01-01",
                &[],
                &[(
                    "Item",
                    &format!("Common words and the token w{i} here."),
                    "",
                    &[],
                )],
            ),
        );
    }
    // Cold: both find no index and want to build it.
    let spawn = || lib.command(&["search", "common", "lib"]).output();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    let (a, b) = (parts(a), parts(b));
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(b.0, 0, "{}", b.2);
    assert_eq!(a.1, b.1);
    assert_eq!(a.1.lines().count(), 150);
    for err in [&a.2, &b.2] {
        assert!(err.lines().all(|l| l.starts_with("note: waited")), "{err}");
    }

    // While files change under them: each run answers for the files as
    // they were at some moment, never with an error.
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for round in 0..20 {
                let i = round * 7 % 150;
                lib.write(
                    &format!("d{}/b{i:03}.toml", i % 5),
                    &briefing(
                        &format!("Number {i}"),
                        "2025-01-01",
                        &[],
                        &[("Item", "Rare words now.", "", &[])],
                    ),
                );
                std::fs::remove_file(lib.root().join(format!(
                    "d{}/b{:03}.toml",
                    (i + 1) % 5,
                    i + 1
                )))
                .ok();
            }
        });
        let runs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| parts(lib.command(&["search", "common", "lib"]).output().unwrap())))
            .collect();
        writer.join().unwrap();
        for run in runs {
            let (code, out, err) = run.join().unwrap();
            assert_eq!(code, 0, "{err}");
            assert!(err.lines().all(|l| l.starts_with("note: waited")), "{err}");
            assert!(out.lines().count() <= 150);
        }
    });
    // Afterwards, one run sees exactly the files there are.
    let expected = (0..150)
        .filter(|i| {
            let path = lib.root().join(format!("d{}/b{i:03}.toml", i % 5));
            std::fs::read_to_string(path).is_ok_and(|t| t.contains("Common words"))
        })
        .count();
    let (_, out, err) = lib.search("common");
    assert_eq!(err, "");
    assert_eq!(out.lines().count(), expected);
}

// ------------------------------------------------------------ queries

#[test]
fn filters_narrow_the_matches() {
    let lib = Lib::new();
    three(&lib);
    let lines = |q: &str| {
        let (code, out, err) = lib.search(q);
        assert!(code == 0 || code == 1, "{q}: {err}");
        out.lines().map(str::to_string).collect::<Vec<_>>()
    };
    // tag: an item's own tag, or the briefing's.
    assert_eq!(
        lines("tag:weather"),
        ["lib/harbour.toml › News › Cranes return: weather"]
    );
    assert_eq!(
        paths(&lines("tag:trade steel").join("\n")),
        ["lib/2025/tariffs.toml"]
    );
    assert_eq!(lines("tag:labour steel"), Vec::<String>::new());
    // status: words of an item's status.
    assert_eq!(
        lines("status:progress"),
        ["lib/2024/strike.toml › News › Drivers walk out: in progress"]
    );
    assert_eq!(
        paths(&lines("status:\"in progress\" harbour").join("\n")),
        ["lib/2024/strike.toml"]
    );
    // section: an id or a title.
    assert_eq!(lines("section:news harbour").len(), 2);
    assert_eq!(lines("section:sports harbour").len(), 0);
    // Dates: after is the day or later, before is earlier.
    assert_eq!(
        paths(&lines("harbour after:2025").join("\n")),
        ["lib/harbour.toml"]
    );
    assert_eq!(
        paths(&lines("harbour before:2025-03-01").join("\n")),
        ["lib/2024/strike.toml"]
    );
    assert_eq!(
        lines("after:2025-06-30"),
        ["lib/2025/tariffs.toml › (briefing): Steel tariffs"]
    );
    // Filters only, newest first.
    assert_eq!(
        paths(&lines("after:2024").join("\n")),
        [
            "lib/2025/tariffs.toml",
            "lib/harbour.toml",
            "lib/2024/strike.toml"
        ]
    );
}

#[test]
fn phrases_must_stand_together() {
    let lib = Lib::new();
    three(&lib);
    let (code, out, _) = lib.search("\"harbour line\"");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "lib/2024/strike.toml › News › Drivers walk out: Drivers strike for two days; the harbour line stops.\n"
    );
    assert_eq!(lib.search("\"line harbour\"").0, 1);
    // Unquoted, the words need only share a place.
    assert_eq!(lib.search("line harbour").0, 0);
}

#[test]
fn the_briefing_most_about_the_words_comes_first() {
    let lib = Lib::new();
    let filler = "Other news of the week, of ports and roads and weather and markets.";
    lib.write(
        "a-once.toml",
        &briefing(
            "Weekly",
            "2025-01-01",
            &[],
            &[(
                "Roundup",
                &format!("{filler} Lentils were mentioned once. {filler}"),
                "",
                &[],
            )],
        ),
    );
    lib.write(
        "b-about.toml",
        &briefing(
            "Lentils",
            "2025-01-01",
            &[],
            &[(
                "Lentil harvest",
                "Lentils, lentils: the lentils harvest is the best in years.",
                "",
                &[],
            )],
        ),
    );
    lib.write(
        "c-none.toml",
        &briefing(
            "Beans",
            "2025-01-01",
            &[],
            &[("Beans", "Nothing here.", "", &[])],
        ),
    );
    let (code, out, _) = lib.search("lentils");
    assert_eq!(code, 0);
    assert_eq!(
        paths(&out),
        ["lib/b-about.toml", "lib/a-once.toml"],
        "{out}"
    );
    let (_, json, _) = lib.run(&["search", "lentils", "lib", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[0] > *scores.last().unwrap(), "{scores:?}");
}

#[test]
fn usage_errors_exit_2() {
    let lib = Lib::new();
    three(&lib);
    for (query, says) in [
        ("after:yesterday", "is not a date"),
        ("tag:", "needs a value"),
        ("— …", "no words to find"),
        ("", "the query is empty"),
    ] {
        let (code, out, err) = lib.search(query);
        assert_eq!((code, out.as_str()), (2, ""), "{query}");
        assert!(
            err.starts_with("error: ") && err.contains(says),
            "{query}: {err}"
        );
    }
}

// ------------------------------------------------------------ the cache

#[test]
fn the_cache_can_be_cleared_and_bounded() {
    let lib = Lib::new();
    three(&lib);
    assert_eq!(lib.search("steel").0, 0);
    let (code, out, _) = lib.run(&["cache"]);
    assert_eq!(code, 0);
    assert!(out.contains(": 1 index, "), "{out}");
    let (code, out, _) = lib.run(&["cache", "clear"]);
    assert_eq!(code, 0);
    assert!(out.contains("removed"), "{out}");
    assert!(!lib.cache.path().join("brief/index").exists());
    let (_, out, _) = lib.run(&["cache", "clear"]);
    assert!(out.contains("already empty"), "{out}");

    // No cache at all: the same answers, nothing written.
    let config = lib.dir.path().join("none.toml");
    std::fs::write(&config, "[cache]\nmax_mb = 0\n").unwrap();
    let cfg = config.to_str().unwrap();
    let (code, out, err) = parts(
        lib.command(&["--config", cfg, "search", "steel", "lib"])
            .output()
            .unwrap(),
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(paths(&out), ["lib/2025/tariffs.toml"]);
    assert!(!lib.cache.path().join("brief/index").exists());
}

#[test]
fn an_index_over_the_bound_is_not_kept() {
    let lib = Lib::new();
    // Words that do not compress: an index of a few megabytes.
    let mut x: u64 = 7;
    for i in 0..40 {
        let body: Vec<String> = (0..4000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("w{:x}", x >> 40)
            })
            .collect();
        lib.write(
            &format!("b{i}.toml"),
            &briefing(
                &format!("N{i}"),
                "2025-01-01",
                &[],
                &[("I", &body.join(" "), "", &[])],
            ),
        );
    }
    let config = lib.dir.path().join("small.toml");
    std::fs::write(&config, "[cache]\nmax_mb = 1\n").unwrap();
    let cfg = config.to_str().unwrap();
    let run = || {
        parts(
            lib.command(&["--config", cfg, "list", "lib"])
                .output()
                .unwrap(),
        )
    };
    let (code, out, err) = run();
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 40);
    assert!(
        err.contains(
            "more than the cache may hold (1 MB); raise `max_mb` under `[cache]` in the configuration"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // The next run does not build it again on disk.
    let (code, again, err) = run();
    assert_eq!((code, again), (0, out));
    assert!(err.contains("more than the cache may hold"), "{err}");
    assert!(
        !std::fs::read_dir(lib.cache.path().join("brief/index"))
            .unwrap()
            .any(|e| e.unwrap().path().is_dir())
    );
}
