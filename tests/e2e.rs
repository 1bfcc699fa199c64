//! End-to-end tests: the real binary in a pseudo-terminal the test opens,
//! under an interactive bash with job control.

#[path = "support/pty.rs"]
mod pty;

use pty::{Pty, brief, repo, workdir};

#[test]
fn read_switch_tabs_search_help_outline_resize_and_quit() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    let mark = t.mark();
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    let s = t.wait_for("Summit agenda (1/7)");
    assert!(s.contains("Kishida in Washington"), "{s}");
    for tab in [
        "Defense cooperation",
        "Economic investments",
        "Friction points",
    ] {
        assert!(s.contains(tab), "tab {tab} visible:\n{s}");
    }
    assert!(t.alternate_on());

    t.type_text("2");
    t.wait_for("Defense cooperation (2/7)");
    t.type_text("i");
    t.wait_for("Economic investments (3/7)");
    t.keys(&["Tab"]);
    t.wait_for("Friction points (4/7)");
    t.keys(&["BTab"]);
    t.wait_for("Economic investments (3/7)");

    t.type_text("/steel");
    t.wait_for("/steel");
    t.keys(&["Enter"]);
    // Every tab is searched: the sections, the bottom line above them,
    // and the generated tabs.
    let s = t.wait_for(" of 24 for “steel”");
    let k: usize = s
        .split("match ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("match number on the status line");
    t.type_text("n");
    t.wait_for(&format!("match {} of 24", k % 24 + 1));

    t.type_text("?");
    t.wait_for("Keys — ");
    t.keys(&["Escape"]);
    t.wait_gone("Keys — ");

    t.type_text("o");
    t.wait_for("Outline:");
    t.keys(&["Escape"]);
    t.wait_gone("Outline:");

    // A captured screen is never wider than the terminal: what must fit
    // is what the reader wrote, from its redraw at the new size on.
    t.resize(60, 20);
    t.wait_for("the U.S.–Japan stat…");
    t.assert_frames_fit();
    t.resize(15, 4);
    t.wait_for("too small");
    t.assert_frames_fit();
    t.resize(100, 30);
    t.wait_for("? help");
    t.assert_frames_fit();

    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
    t.assert_clean_since(mark);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 80, 24);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    t.keys(&["C-c"]);
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn signals_from_outside_restore_the_terminal() {
    for (signal, number) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
    ] {
        let (dir, file) = workdir();
        let t = Pty::start(dir.path(), 80, 24);
        t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
        t.wait_for("Summit agenda (1/7)");
        let pid = t
            .pid_of(&file.display().to_string())
            .expect("brief is running");
        let pid = libc::pid_t::try_from(pid).unwrap();
        // SAFETY: kill(2) with a pid and a signal number.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::kill(pid, number) };
        assert_eq!(rc, 0, "kill -{signal}");
        t.wait_for("EXIT=0");
        t.assert_restored();
    }
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 80, 24);
    t.run(&format!("{} {}", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("2");
    t.wait_for("Defense cooperation (2/7)");
    t.keys(&["C-z"]);
    t.wait_for("Stopped");
    t.assert_restored();
    t.run("fg");
    let s = t.wait_for("Defense cooperation (2/7)");
    assert!(
        s.contains("Kishida in Washington"),
        "full redraw after fg:\n{s}"
    );
    t.type_text("q");
    t.wait_gone("Defense cooperation (2/7)");
    t.assert_restored();
}

#[test]
fn a_broken_briefing_prints_diagnostics_without_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.toml");
    std::fs::write(&file, "[briefing]\ntitel = \"x\"\n").unwrap();
    let t = Pty::start(dir.path(), 100, 24);
    let mark = t.mark();
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    let s = t.wait_for("EXIT=1");
    assert!(s.contains("broken.toml:2:1: error"), "{s}");
    let raw = t.raw_since(mark);
    assert!(
        !raw.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the alternate screen was entered"
    );
    t.assert_restored();
}

#[test]
fn e_exports_the_section_on_screen() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("3");
    t.wait_for("Economic investments (3/7)");
    t.type_text("e");
    t.wait_for("exported to");
    t.type_text("e");
    t.wait_for("-2.txt");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
    let first = dir.path().join("exports/summit-economy.txt");
    let text = std::fs::read_to_string(&first).expect("export written");
    assert!(text.contains("Economic investments"), "{text}");
    assert!(text.contains("Toyota"), "{text}");
    assert!(dir.path().join("exports/summit-economy-2.txt").exists());
}

#[test]
fn a_config_that_rebinds_a_key_is_used_by_the_reader() {
    let (dir, file) = workdir();
    let config = dir.path().join("mine.toml");
    std::fs::write(&config, "[keys]\nbottom = \"z\"\nquit = \"Q\"\n").unwrap();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!(
        "{} --config {} {}; echo EXIT=$?",
        brief(),
        config.display(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7) · Top");
    // Keys are read in order: once the help that follows a key shows,
    // the key has been handled.
    t.type_text("G?");
    t.wait_for("Keys — ");
    t.keys(&["Escape"]);
    let s = t.wait_gone("Keys — ");
    assert!(
        s.contains("Summit agenda (1/7) · Top"),
        "G is no longer bound:\n{s}"
    );
    t.type_text("z");
    t.wait_for("Summit agenda (1/7) · Bot");
    t.type_text("q?");
    let s = t.wait_until("the help, or the shell", |s| {
        s.contains("Keys — ") || s.contains("EXIT=")
    });
    assert!(
        s.contains("Keys — ") && t.alternate_on(),
        "q still quits, though Q replaced it:\n{s}"
    );
    t.keys(&["Escape"]);
    t.wait_gone("Keys — ");
    t.type_text("Q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn y_copies_the_section_through_osc_52() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    let mark = t.mark();
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("4");
    t.wait_for("Friction points (4/7)");
    assert!(t.copies_since(mark).is_empty(), "copied before y");
    t.type_text("y");
    let s = t.wait_for("copied");
    let copied = t.paste_buffer();
    assert_eq!(t.copies_since(mark).len(), 1, "one copy");
    let lines = copied.lines().count();
    assert!(
        s.contains(&format!("copied {lines} lines to the clipboard")),
        "the message counts what was copied ({lines} lines):\n{s}"
    );
    assert!(copied.contains("Friction points"), "{copied}");
    assert!(copied.contains("Nippon Steel"), "{copied}");
    assert!(
        !copied.contains("Summit agenda\n"),
        "only the section on screen"
    );
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn a_terminal_that_hangs_up_ends_the_reader() {
    let (dir, file) = workdir();
    let mut t = Pty::start(dir.path(), 80, 24);
    t.run(&format!("{} {}", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    let needle = file.display().to_string();
    let pid = t.pid_of(&needle).expect("brief is running");
    t.hang_up();
    let start = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.split_whitespace().nth(2) == Some("Z") {
            break; // exited, waiting to be reaped
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "brief still running after its terminal hung up"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn figures_view_and_following_a_cross_reference() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("3f");
    let s = t.wait_for("Economic investments · figures (3/7)");
    assert!(s.contains("In billion USD"), "{s}");
    assert!(s.contains("████"), "bars are drawn:\n{s}");
    t.type_text("f");
    t.wait_for("Economic investments (3/7)");
    // The first item's cross-references: select the first link and follow it.
    // The state visit's second cross-reference leads to the Toyota plant.
    t.type_text("1");
    t.wait_for("Summit agenda (1/7)");
    // Past the briefing's bottom line, the first item's links are on screen.
    t.type_text("jj]]");
    t.keys(&["Enter"]);
    let s = t.wait_for("Economic investments (3/7) · ");
    assert!(s.contains("Toyota: battery plant in Liberty"), "{s}");
    t.keys(&["BSpace"]);
    t.wait_for("Summit agenda (1/7) · ");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn editing_the_open_briefing_reloads_it_and_a_broken_save_shows_a_banner() {
    let (dir, file) = workdir();
    let original = std::fs::read_to_string(&file).unwrap();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    // An editor that writes in place.
    let edited = original.replace(
        "Biden hosts Kishida for a state visit",
        "Biden welcomes Kishida for a state visit",
    );
    std::fs::write(&file, &edited).unwrap();
    t.wait_for("Biden welcomes Kishida for a state visit");
    // An editor that writes a new file and renames it over the old one.
    let renamed = edited.replace("Biden welcomes Kishida", "Biden receives Kishida");
    let tmp = dir.path().join(".summit.toml.swp");
    std::fs::write(&tmp, &renamed).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    t.wait_for("Biden receives Kishida for a state visit");
    // A broken save: the last good version stays, with a banner.
    std::fs::write(
        &file,
        renamed.replace("[briefing]", "[briefing]\ntitel = 1"),
    )
    .unwrap();
    let s = t.wait_for("The file has errors");
    assert!(
        s.contains("Biden receives Kishida for a state visit"),
        "{s}"
    );
    assert!(s.contains("unknown key `titel`"), "{s}");
    // Fixing it clears the banner.
    std::fs::write(&file, &renamed).unwrap();
    t.wait_gone("The file has errors");
    // The Changes view opened by the edits: q closes it, then quits.
    t.type_text("q");
    t.wait_gone("Changes since you last read");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn reopening_a_briefing_resumes_where_the_reader_left_it() {
    let (dir, file) = workdir();
    let state = dir.path().join("state");
    let t = Pty::start(dir.path(), 100, 30);
    let cmd = format!(
        "XDG_STATE_HOME={} {} {}; echo EXIT=$?",
        state.display(),
        brief(),
        file.display()
    );
    t.run(&cmd);
    t.wait_for("Summit agenda (1/7)");
    t.type_text("4");
    t.wait_for("Friction points (4/7)");
    t.keys(&["C-d"]);
    let s = t.wait_gone("Friction points (4/7) · Top");
    let position = s
        .lines()
        .rfind(|l| l.contains("Friction points (4/7) · "))
        .unwrap()
        .to_string();
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.run("printf '\\033[H\\033[2J'");
    t.run(&cmd);
    let s = t.wait_for("Friction points (4/7)");
    let again = s
        .lines()
        .rfind(|l| l.contains("Friction points (4/7) · "))
        .unwrap();
    assert_eq!(again, position, "same tab and position:\n{s}");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn a_folder_of_briefings_opens_the_picker_and_marks_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("older")).unwrap();
    std::fs::copy(
        repo().join("briefings/us-japan-summit-2024-04.toml"),
        lib.join("older/summit.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/reader/views.toml"),
        lib.join("harbour.toml"),
    )
    .unwrap();
    std::fs::write(lib.join("draft.toml"), "[briefing]\ntitel = \"x\"\n").unwrap();
    let t = Pty::start(dir.path(), 120, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), lib.display()));
    t.wait_for("brief — 3 briefings");
    let s = t.wait_listed();
    assert!(s.contains("Harbour week"), "{s}");
    assert!(s.contains("broken"), "{s}");
    // The preview shows the selected briefing's sections, once its file
    // (which the list does not need: it comes from the index) is read.
    t.wait_for("1. Operations");
    // Filter by typing, open, come back with b.
    t.type_text("kish");
    t.wait_gone("Harbour week");
    t.keys(&["Enter"]);
    t.wait_for("Summit agenda (1/7)");
    t.type_text("b");
    t.wait_for("Filter: kish");
    // The broken file shows its diagnostics.
    t.keys(&["Escape"]);
    t.wait_for("Harbour week");
    t.keys(&["End", "Enter"]);
    t.wait_for("This file has errors");
    t.wait_for("draft.toml:2:1: error: unknown key `titel`");
    t.keys(&["Escape"]);
    t.wait_gone("This file has errors");
    // Esc on an empty filter goes back to the briefing it was opened from.
    t.keys(&["Escape"]);
    t.wait_for("Summit agenda (1/7)");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn the_picker_lists_the_library_as_it_is_after_edits_while_closed_and_opens_edits_made_while_open()
{
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    for (from, to) in [
        ("tests/fixtures/reader/views.toml", "harbour.toml"),
        ("tests/fixtures/reader/one-section.toml", "note.toml"),
        ("tests/fixtures/reader/twelve-sections.toml", "long.toml"),
    ] {
        std::fs::copy(repo().join(from), lib.join(to)).unwrap();
    }
    let t = Pty::start(dir.path(), 120, 30);
    let cmd = format!("{} {}; echo EXIT=$?", brief(), lib.display());
    t.run(&cmd);
    t.wait_for("Twelve sections of a long week");
    t.wait_for("Harbour closure: one-page note");
    t.keys(&["Escape"]);
    t.wait_for("EXIT=0");

    // While it was closed: one retitled, one renamed, one deleted.
    let views = std::fs::read_to_string(lib.join("harbour.toml")).unwrap();
    std::fs::write(
        lib.join("harbour.toml"),
        views.replace("title = \"Harbour week\"", "title = \"Quayside fortnight\""),
    )
    .unwrap();
    std::fs::rename(lib.join("note.toml"), lib.join("memo.toml")).unwrap();
    std::fs::remove_file(lib.join("long.toml")).unwrap();
    t.run("clear");
    t.run(&cmd);
    t.wait_for("brief — 2 briefings");
    let s = t.wait_for("Quayside fortnight");
    assert!(
        !s.contains("Twelve sections"),
        "the deleted file is gone:\n{s}"
    );
    assert!(!s.contains("Harbour week"), "the old title is gone:\n{s}");

    // While it runs: the file chosen is read as it is when opened.
    let memo = std::fs::read_to_string(lib.join("memo.toml")).unwrap();
    std::fs::write(
        lib.join("memo.toml"),
        memo.replace(
            "title = \"Harbour closure: one-page note\"",
            "title = \"Harbour reopening: one-page note\"",
        ),
    )
    .unwrap();
    t.type_text("memo");
    t.wait_gone("Quayside fortnight");
    t.keys(&["Enter"]);
    let s = t.wait_for("q quit");
    assert!(s.contains("Harbour reopening: one-page note"), "{s}");
    assert!(!s.contains("Filter:"), "the reader, not the picker:\n{s}");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn a_first_index_on_a_terminal_counts_the_files_it_reads_then_clears_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    // Enough files for the first build to take longer than the quarter of
    // a second after which the count shows (seconds, in a test build).
    let summit =
        std::fs::read_to_string(repo().join("briefings/us-japan-summit-2024-04.toml")).unwrap();
    for i in 0..400 {
        std::fs::write(
            lib.join(format!("b{i:03}.toml")),
            summit.replacen("title = \"", &format!("title = \"No. {i}: "), 1),
        )
        .unwrap();
    }
    let t = Pty::start(dir.path(), 100, 30);
    // Old files: their times vouch for them once read (a file written
    // just before a run is read once more by the next).
    t.run(&format!(
        "touch -d 2024-01-01T00:00:00 {}/*.toml; echo TOUCH''ED",
        lib.display()
    ));
    t.wait_for("TOUCHED");
    let cmd = format!(
        "{} list {} > /dev/null; echo EXIT=$?",
        brief(),
        lib.display()
    );
    let mark = t.mark();
    t.run(&cmd);
    let s = t.wait_for("EXIT=0");
    let raw = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    assert!(raw.contains("/400 briefings…"), "{raw:?}");
    assert!(raw.contains("briefings…\x1b[K\r\x1b[K"), "{raw:?}");
    assert!(!s.contains("indexing"), "the line is cleared:\n{s}");
    // Up to date: nothing to count.
    let mark = t.mark();
    t.run("clear");
    t.run(&cmd);
    t.wait_for("EXIT=0");
    let raw = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    assert!(!raw.contains("indexing"), "{raw:?}");
}

#[test]
fn urls_on_screen_become_hyperlinks_drawn_within_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harbour.toml");
    std::fs::copy(repo().join("tests/fixtures/reader/views.toml"), &file).unwrap();
    let t = Pty::start(dir.path(), 60, 20);
    let mark = t.mark();
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Operations (1/5)");
    t.keys(&["BTab"]);
    t.wait_for("Sources (5/5)");
    t.wait_for("https://example.org/log");
    // Drawn again over itself inside OSC 8, after the frame: the only
    // drawing that ratatui does not keep within the screen.
    let url = "https://example.org/log";
    t.wait_for_bytes(
        mark,
        format!("\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\").as_bytes(),
    );
    t.assert_frames_fit();
    t.resize(40, 20);
    t.wait_gone("Sources (5/5) · All    ? help");
    t.wait_for("Sources (5/5)");
    let again = t.mark();
    t.type_text("G");
    t.wait_for_bytes(again, format!("\x1b]8;;{url}\x1b\\").as_bytes());
    t.assert_frames_fit();
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_clean_since(mark);
    t.assert_restored();
}
