//! The reader's defects found by trying it as a new user would, each seen
//! fixed in a real terminal: the binary in a pseudo-terminal this test
//! opens, under an interactive bash.

#[path = "support/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};

use pty::{Pty, brief, repo, workdir};

/// Runs the reader on `file` in `t` and waits for its first tab.
fn open(t: &Pty, file: &Path, first: &str) {
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for(first);
}

/// Quits the reader with q and checks the terminal is given back.
fn quit(t: &Pty) {
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

/// The number of matches the status line shows (`match K of N for …`).
fn match_count(s: &str) -> usize {
    let status = s.rsplit("match ").next().unwrap_or_default();
    status
        .split(" of ")
        .nth(1)
        .and_then(|r| r.split(|c: char| c.is_whitespace() || c == '…').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no match count on the status line:\n{s}"))
}

/// A copy of a fixture of the reader's in `dir`.
fn fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(repo().join("tests/fixtures/reader").join(name), &to).unwrap();
    to
}

/// Item 7: a phrase over a line break is found, and the count is the same
/// at every width.
#[test]
fn search_counts_the_same_at_every_width() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 60, 24);
    open(&t, &file, "Summit agenda (1/7)");
    for (query, widths) in [
        ("Japan cast", [60u16, 100, 120, 40]),
        ("state visit", [40, 80, 60, 140]),
    ] {
        t.resize(100, 24);
        t.wait_for("? help");
        t.type_text(&format!("/{query}"));
        t.keys(&["Enter"]);
        let first = match_count(&t.wait_for(&format!("for “{query}”")));
        assert!(first > 0, "{query}");
        for w in widths {
            t.resize(w, 24);
            // The search runs again at the new width.
            t.wait_until(&format!("{query} at {w} columns"), |s| {
                // Drawn again at the new width: the date ends the first row.
                s.lines().next().is_some_and(|l| {
                    l.trim_end().ends_with("Mon 8 Apr 2024")
                        && l.trim_end().chars().count() == usize::from(w) - 1
                }) && s.lines().last().is_some_and(|l| l.contains("match "))
            });
            t.wait_quiet(std::time::Duration::from_millis(100));
            let s = t.screen();
            assert_eq!(match_count(&s), first, "{query} at {w} columns:\n{s}");
        }
        t.keys(&["Escape"]);
        t.wait_gone("match ");
    }
    quit(&t);
}

/// Item 8: the briefing's bottom line is where a reader starts.
#[test]
fn the_bottom_line_opens_the_first_tab() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    open(&t, &file, "Summit agenda (1/7)");
    let s = t.wait_for("Bottom line");
    assert!(
        s.contains("Washington is using Kishida's 10 April state visit"),
        "{s}"
    );
    quit(&t);
}

/// Item 9: the generated tabs are searched, and a library hit among the
/// people opens the who's who at that person.
#[test]
fn a_library_hit_in_the_who_is_who_opens_there() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::copy(
        repo().join("briefings/us-japan-summit-2024-04.toml"),
        lib.join("summit.toml"),
    )
    .unwrap();
    let views = std::fs::read_to_string(repo().join("tests/fixtures/reader/views.toml"))
        .unwrap()
        .replace(
            "role = \"Council treasurer\"\n",
            "role = \"Council treasurer\"\nnote = \"Keeps a zephyrine ledger.\"\n",
        );
    std::fs::write(lib.join("harbour.toml"), views).unwrap();
    let t = Pty::start(dir.path(), 110, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), lib.display()));
    t.wait_for("brief — 2 briefings");
    t.wait_listed();
    t.keys(&["Tab"]);
    t.type_text("zephyrine");
    t.keys(&["Enter"]);
    t.wait_for("(1 match)");
    t.keys(&["Enter"]);
    let s = t.wait_for("Who's who (4/5)");
    assert!(s.contains("Tom Okafor — Council treasurer"), "{s}");
    assert!(s.contains("match 1 of 1 for “zephyrine”"), "{s}");
    quit(&t);
}

/// Item 10: a tag filter narrows the timeline too, and `e` exports what is
/// shown, saying so in the file.
#[test]
fn a_tag_filter_narrows_the_timeline_and_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture(dir.path(), "views.toml");
    let t = Pty::start(dir.path(), 100, 30);
    open(&t, &file, "Operations (1/5)");
    // The tags, by name: repairs, traffic.
    t.type_text("tj");
    t.keys(&["Enter"]);
    t.wait_for("showing only items tagged #traffic");
    t.type_text("3");
    let s = t.wait_for("Timeline · #traffic");
    assert!(s.contains("Reopening"), "{s}");
    assert!(!s.contains("Storm damage found"), "{s}");
    t.type_text("1e");
    let s = t.wait_for("exported to ");
    let name = s
        .split("exported to ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_string();
    assert!(name.ends_with("views-ops-traffic.txt"), "{name}");
    let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
    assert!(
        text.contains("Section: Operations · only the items tagged #traffic"),
        "{text}"
    );
    assert!(
        text.contains("Reopening") && !text.contains("Storm damage found"),
        "{text}"
    );
    quit(&t);
}

/// Item 11: a vague time is shown as precisely as it was written.
#[test]
fn the_timeline_never_invents_a_day() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 40);
    open(&t, &file, "Summit agenda (1/7)");
    t.type_text("5");
    let s = t.wait_for("Timeline (5/7)");
    assert!(s.contains("≈ Oct 2022 (“over the last 18 months”)"), "{s}");
    assert!(!s.contains("16 Oct 2022"), "{s}");
    t.type_text("G");
    let s = t.wait_for("Undated");
    assert!(s.contains("(“in recent years”)"), "{s}");
    assert!(!s.contains("9 Apr 2023"), "{s}");
    quit(&t);
}

/// Item 12: Esc clears a search and a message, and never quits.
#[test]
fn esc_clears_and_never_quits() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    open(&t, &file, "Summit agenda (1/7)");
    t.type_text("/steel");
    t.keys(&["Enter"]);
    t.wait_for("for “steel”");
    t.keys(&["Escape"]);
    t.wait_gone("for “steel”");
    t.type_text("9");
    t.wait_for("there is no section 9");
    t.keys(&["Escape"]);
    t.wait_gone("there is no section 9");
    t.keys(&["Escape"]);
    t.wait_for("nothing to close; q quits");
    t.keys(&["Escape", "Escape"]);
    assert!(t.alternate_on(), "still reading");
    assert!(!t.screen().contains("EXIT="), "still reading");
    quit(&t);
}

/// Item 13: F1 in the picker shows the picker's keys.
#[test]
fn f1_in_the_picker_shows_its_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    fixture(&lib, "views.toml");
    fixture(&lib, "one-section.toml");
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), lib.display()));
    t.wait_for("brief — 2 briefings");
    t.keys(&["F1"]);
    let s = t.wait_for("open the selected briefing");
    assert!(s.contains("filter the list / search every briefing"), "{s}");
    assert!(!s.contains("next match"), "{s}");
    t.keys(&["Escape"]);
    t.wait_gone("open the selected briefing");
    t.keys(&["C-c"]);
    t.wait_for("EXIT=0");
    t.assert_restored();
}

/// Item 14: a dumb terminal gets plain text, and one of eight colours
/// gets no 256-colour codes.
#[test]
fn a_dumb_or_eight_colour_terminal_gets_what_it_can_show() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    let mark = t.mark();
    t.run(&format!(
        "TERM=dumb {} {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("EXIT=0");
    let raw = t.raw_since(mark);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("Defense cooperation\r\n───"), "{text}");
    assert!(!raw.contains(&0x1b), "no escape sequence at all: {text:?}");
    let mark = t.mark();
    t.run(&format!(
        "TERM=xterm {} {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("/steel");
    t.keys(&["Enter"]);
    t.wait_for("for “steel”");
    let raw = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    assert!(raw.contains("\x1b[0;"), "colours are set");
    for code in ["38;5;", "48;5;", "38;2;", "48;2;"] {
        assert!(!raw.contains(code), "{code} sent to an 8-colour terminal");
    }
    quit(&t);
}

/// Item 6: every piece of a wrapped URL links to the whole URL.
#[test]
fn a_wrapped_url_links_to_the_whole_url_from_every_piece() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://example.org/reports/2025/harbour/a-rather-long-path-to-the-log-of-the-harbour-master.html";
    let text = std::fs::read_to_string(repo().join("tests/fixtures/reader/views.toml"))
        .unwrap()
        .replace(
            "url = \"https://example.org/log\"",
            &format!("url = \"{url}\""),
        );
    let file = dir.path().join("views.toml");
    std::fs::write(&file, text).unwrap();
    let t = Pty::start(dir.path(), 44, 30);
    open(&t, &file, "(1/5)");
    let mark = t.mark();
    t.type_text("5");
    t.wait_for("Sources (5/5)");
    t.wait_for_bytes(mark, b"\x1b]8;;");
    t.wait_quiet(std::time::Duration::from_millis(100));
    let raw = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    let opening = format!("\x1b]8;;{url}\x1b\\");
    let pieces: Vec<&str> = raw
        .split(&opening)
        .skip(1)
        .map(|rest| rest.split("\x1b]8;;\x1b\\").next().unwrap())
        .collect();
    assert!(pieces.len() >= 3, "the URL is cut in pieces: {pieces:?}");
    let last_frame: String = pieces[pieces.len() - 3..].concat();
    assert_eq!(last_frame, url, "{pieces:?}");
    t.assert_clean_since(mark);
    quit(&t);
}

/// Item 15: a double-width character at an overlay's edge leaves its
/// border whole on the terminal.
#[test]
fn an_overlay_border_survives_a_wide_character_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture(dir.path(), "japanese.toml");
    for w in [33u16, 34] {
        let t = Pty::start(dir.path(), w, 24);
        open(&t, &file, "(1/");
        t.type_text("o");
        let s = t.wait_for("┌");
        let rows: Vec<&str> = s.lines().collect();
        let top = rows.iter().position(|r| r.contains('┌')).unwrap();
        let bottom = rows.iter().position(|r| r.contains('└')).unwrap();
        // Both borders of every row of the box are on the screen.
        for row in &rows[top + 1..bottom] {
            assert!(row.matches('│').count() >= 2, "{w} columns:\n{s}");
        }
        t.keys(&["Escape"]);
        // Esc then q at once would read as Alt-q.
        t.wait_gone("┌");
        quit(&t);
    }
}

/// Item 14, without a terminal at all: standard output is a pipe, so the
/// briefing is printed as text rather than drawn.
#[test]
fn without_a_terminal_the_reader_prints_the_briefing() {
    let out = std::process::Command::new(brief())
        .arg(repo().join("briefings/us-japan-summit-2024-04.toml"))
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Kishida in Washington"), "{text}");
    assert!(text.contains("\nFriction points\n───"), "{text}");
    assert!(!text.contains('\u{1b}'), "no escape sequence");
}

/// Item 15, in a real terminal: the help's title names the keys that close
/// it as bound (none for Esc when `close = []`) and PgDn scrolls it; a date
/// with a time reads as one; twelve sections on a wide terminal keep their
/// whole titles.
#[test]
fn small_things_a_careful_user_notices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keys.toml"), "[keys]\nclose = []\n").unwrap();
    let views = std::fs::read_to_string(repo().join("tests/fixtures/reader/views.toml"))
        .unwrap()
        .replace(
            "date = 2025-03-03\n",
            "date = 2025-03-03\nas_of = 2025-09-14T18:00:00Z\n",
        );
    std::fs::write(dir.path().join("views.toml"), views).unwrap();
    let t = Pty::start(dir.path(), 60, 12);
    t.run(&format!(
        "{} --config keys.toml views.toml; echo EXIT=$?",
        brief()
    ));
    let s = t.wait_for("Operations (1/5)");
    assert!(
        s.contains("18:00 UTC") || s.contains("as of Sun 14 Sep"),
        "{s}"
    );
    assert!(!s.contains("T18:00:00Z"), "{s}");
    t.type_text("?");
    let s = t.wait_for("Keys — ");
    assert!(
        s.contains("? to close") && !s.contains("Esc to close"),
        "{s}"
    );
    let first = s
        .lines()
        .find(|l| l.contains("Keys — "))
        .unwrap()
        .to_string();
    t.keys(&["NPage"]);
    t.wait_until("the help scrolled a page", |s| {
        s.lines().any(|l| l.contains("Keys — ") && *l != first)
    });
    t.type_text("?");
    t.wait_gone("Keys — ");
    quit(&t);

    let twelve = fixture(dir.path(), "twelve-sections.toml");
    let t = Pty::start(dir.path(), 200, 20);
    open(&t, &twelve, "(1/");
    let s = t.screen();
    let bar = s.lines().nth(2).unwrap();
    assert!(!bar.contains('…'), "whole titles: {bar}");
    // The last tab is reached, its title whole.
    t.keys(&["BTab"]);
    let s = t.wait_until("the last tab", |s| {
        s.lines().last().is_some_and(|l| !l.contains("(1/"))
    });
    assert!(!s.lines().nth(2).unwrap().contains('…'), "{s}");
    quit(&t);
}
