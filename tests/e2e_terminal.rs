//! End-to-end terminal resilience beyond `e2e.rs`: a panic (through the
//! hidden `BRIEF_TEST_PANIC` hook) and a storm of resizes. After each, the
//! shell's terminal must be cooked with echo and off the alternate screen.
//! Files whose text is escape sequences must never reach the terminal: that
//! is checked on the bytes the reader wrote, which show what a screen hides.

#[path = "support/pty.rs"]
mod pty;

use pty::{Pty, brief, repo, workdir};

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    // With and without mouse capture: two panic hooks are chained then.
    for mouse in [true, false] {
        let (dir, file) = workdir();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, format!("[reader]\nmouse = {mouse}\n")).unwrap();
        let t = Pty::start(dir.path(), 80, 24);
        let mark = t.mark();
        t.run(&format!(
            "BRIEF_TEST_PANIC=1 {} --config {} {}; echo EXIT=$?",
            brief(),
            config.display(),
            file.display()
        ));
        // The message is on the main screen: printed after leaving the
        // alternate one (printed before, it would have vanished with it).
        let s = t.wait_for("EXIT=101");
        let message = "BRIEF_TEST_PANIC: a panic after the first frame";
        assert!(
            s.contains(message),
            "panic message shown after restoring:\n{s}"
        );
        let raw = t.raw_since(mark);
        let at = |what: &[u8]| raw.windows(what.len()).position(|w| w == what);
        let entered = at(b"\x1b[?1049h").expect("the reader started");
        let left = at(b"\x1b[?1049l").expect("the alternate screen was left");
        let printed = at(message.as_bytes()).expect("the message was printed");
        assert!(
            entered < left && left < printed,
            "the message came before the restore"
        );
        t.assert_restored();
    }
}

#[test]
fn a_storm_of_a_thousand_resizes_leaves_a_working_reader() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 80, 24);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Summit agenda (1/7)");
    let sizes: [(u16, u16); 10] = [
        (1, 1),
        (300, 100),
        (19, 4),
        (20, 5),
        (2, 50),
        (200, 2),
        (45, 13),
        (120, 40),
        (7, 7),
        (81, 25),
    ];
    // 1,000 resizes back to back, each a SIGWINCH: they arrive faster than
    // the reader can draw.
    let mark = t.mark();
    for i in 0..1000 {
        let (w, h) = sizes[i % sizes.len()];
        t.resize(w, h);
    }
    t.resize(100, 30);
    // Once the reader has handled the last SIGWINCH (it is quiet), it still
    // answers keys, laid out at the final size. (Not sooner: a key that
    // arrives together with a SIGWINCH waits for the next key, as
    // crossterm's event source drops the terminal's readiness when it
    // returns the resize.)
    t.wait_quiet(std::time::Duration::from_millis(500));
    // Still answering keys, laid out at the final size: the frames drawn
    // since the reader last cleared the screen fit it, and the screen
    // holds what a frame of that size shows.
    t.type_text("2");
    let s = t.wait_for("Defense cooperation (2/7)");
    t.assert_frames_fit();
    assert!(s.contains("? help"), "the status line is whole:\n{s}");
    let raw = t.raw_since(mark);
    let clears = raw.windows(4).filter(|w| w == b"\x1b[2J").count();
    assert!(clears >= 1, "the reader never redrew for a new size");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn keys_arriving_while_the_file_reloads_and_hostile_versions_of_it() {
    let (dir, file) = workdir();
    let original = std::fs::read_to_string(&file).unwrap();
    let t = Pty::start(dir.path(), 100, 30);
    let mark = t.mark();
    t.run(&format!(
        "XDG_STATE_HOME={} {} {}; echo EXIT=$?",
        dir.path().join("state").display(),
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    let title_before = t.pane_title();
    // Versions written while keys arrive: good ones, broken ones, and ones
    // whose text (escaped in TOML) or keys are escape sequences that would
    // set the terminal's title if they reached it.
    let versions = [
        original.replace("Biden hosts Kishida", "Biden hosts Kishida again"),
        original.replace("[briefing]", "[briefing]\ntitel = 1"),
        original.replace(
            "[briefing]\n",
            "[briefing]\n\"\\u001b]2;pwned-key\\u0007\" = 1\n",
        ),
        original.replacen(
            "title = \"",
            "title = \"\\u001b]2;pwned-title\\u0007\\u009b2J",
            1,
        ),
        String::from("[briefing"),
        String::new(),
    ];
    let writer = {
        let file = file.clone();
        let dir = dir.path().to_path_buf();
        let versions = versions.clone();
        std::thread::spawn(move || {
            for round in 0..40 {
                let text = &versions[round % versions.len()];
                if round % 3 == 0 {
                    // As an editor that renames a new file over the old one.
                    let tmp = dir.join(".summit.toml.swp");
                    std::fs::write(&tmp, text).unwrap();
                    std::fs::rename(&tmp, &file).unwrap();
                } else {
                    std::fs::write(&file, text).unwrap();
                }
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
        })
    };
    for _ in 0..20 {
        // (Escape alone, not followed at once by another key, which the
        // terminal would read as Alt plus that key.)
        t.type_text("jj2G/steel");
        t.keys(&["Enter", "Tab", "End", "Home"]);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    writer.join().unwrap();
    // The last word: a known good version.
    std::fs::write(
        &file,
        original.replace("Biden hosts Kishida", "Biden hosts Kishida at last"),
    )
    .unwrap();
    t.type_text("1g");
    let s = t.wait_for("Biden hosts Kishida at last");
    // The edits opened the Changes view: closed first.
    if s.contains("Changes since you last read") {
        t.keys(&["Escape"]);
        t.wait_gone("Changes since you last read");
    }
    t.type_text("3");
    t.wait_for("Economic investments (3/7)");
    let title = t.pane_title();
    assert!(
        !title.contains("pwned") && title == title_before,
        "an escape sequence reached the terminal: title {title:?}"
    );
    t.type_text("q");
    t.wait_for("EXIT=0");
    // The title shows only the last OSC 2; the bytes show every sequence
    // (and a C1 CSI, which sets no title).
    t.assert_clean_since(mark);
    t.assert_restored();
}

#[test]
fn a_library_of_hostile_files_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    for entry in std::fs::read_dir(repo().join("tests/hostile")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, lib.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        lib.join("evil\u{1b}]2;pwned-name\u{7}.toml"),
        "[briefing]\ntitle = \"Evil name\"\ndate = 2024-04-10\n\n[[sections]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"x\"\n",
    )
    .unwrap();
    let t = Pty::start(dir.path(), 120, 40);
    let before = t.pane_title();
    let mark = t.mark();
    t.run(&format!(
        "XDG_STATE_HOME={} {} {}; echo EXIT=$?",
        dir.path().join("state").display(),
        brief(),
        lib.display()
    ));
    t.wait_for("Invoice fdp.exe");
    let s = t.wait_listed();
    let count: usize = s
        .split(" brief — ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the number of briefings in the picker's header");
    let files = std::fs::read_dir(&lib).unwrap().count();
    assert_eq!(count, files, "every file is listed:\n{s}");
    // Open every briefing in turn from the picker and draw each of its
    // tabs, top and bottom (waiting for each: a burst of keys draws only
    // the last); a broken one shows its diagnostics (which quote the file).
    let mut opened = 0;
    for i in 0..count {
        let mut keys = vec!["Home"];
        keys.extend(std::iter::repeat_n("Down", i));
        keys.push("Enter");
        t.keys(&keys);
        let s = t.wait_until("a briefing or its errors", |s| {
            s.contains("This file has errors") || !s.contains(" Filter: ")
        });
        if s.contains("This file has errors") {
            t.keys(&["Escape"]);
            t.wait_gone("This file has errors");
            continue;
        }
        opened += 1;
        let tabs: usize = s
            .split(" (1/")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the first of the tabs:\n{s}"));
        for k in 1..=tabs {
            if k > 1 {
                t.keys(&["Tab"]);
                t.wait_for(&format!("({k}/{tabs}) · "));
            }
            t.type_text("G");
            t.wait_until("the bottom of the tab", |s| {
                s.contains(&format!("({k}/{tabs}) · Bot"))
                    || s.contains(&format!("({k}/{tabs}) · All"))
            });
        }
        t.type_text("b");
        t.wait_for(" Filter: ");
    }
    assert!(
        opened >= count / 2,
        "only {opened} of {count} briefings opened"
    );
    let title = t.pane_title();
    assert!(
        title == before && !title.contains("pwned"),
        "an escape sequence reached the terminal: title {title:?}"
    );
    t.keys(&["C-c"]);
    t.wait_for("EXIT=0");
    // What a screen never shows (a bell, a title, a clipboard write, a
    // report request), the bytes do.
    t.assert_clean_since(mark);
    t.assert_restored();
}

#[test]
fn the_checks_on_the_bytes_see_what_a_screen_hides() {
    // The harness's own checks must be able to fail: a shell that sets a
    // title, rings the bell, copies, and draws past the edge is caught.
    let dir = tempfile::tempdir().unwrap();
    let t = Pty::start(dir.path(), 40, 10);
    let mark = t.mark();
    t.run("printf '\\033]2;pwned\\007\\007\\033]52;c;aGk=\\007SHOWN-%s\\n' 1");
    t.wait_for("SHOWN-1\n");
    assert_eq!(t.pane_title(), "pwned");
    assert_eq!(t.copies_since(mark), ["hi"]);
    let problems = t.problems_since(mark).join("\n");
    for what in ["OSC \"2;pwned\"", "a bell", "OSC \"52;c;aGk=\""] {
        assert!(problems.contains(what), "{what} not seen in:\n{problems}");
    }
    // On the alternate screen: a line of 50 on a screen of 40, a cursor
    // move below it, and a sequence the reader never writes.
    t.run("printf '\\033[?1049h\\033[2J\\033[1;1H%050d\\033[11;1H\\033[21tDRAWN-%s' 0 2");
    t.wait_for("DRAWN-2");
    assert!(t.alternate_on());
    let overflows = t.overflows().join("\n");
    assert!(overflows.contains("column 41 of a 40×10"), "{overflows}");
    assert!(overflows.contains("row 11, column 1"), "{overflows}");
    assert!(
        t.problems_since(mark).join("\n").contains("ESC [21t"),
        "a title report request on the alternate screen is not the reader's"
    );
    t.run("printf '\\033[?1049lMAIN-%s\\n' 3");
    t.wait_for("MAIN-3\n");
    assert!(!t.alternate_on());
}
