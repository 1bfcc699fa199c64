//! End-to-end terminal resilience beyond `e2e.rs`: a panic (through the
//! hidden `BRIEF_TEST_PANIC` hook) and a storm of resizes. After each, the
//! shell's terminal must be cooked with echo and off the alternate screen.

#[path = "support/tmux.rs"]
mod tmux;

use tmux::{Tmux, brief, repo, workdir};

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    // With and without mouse capture: two panic hooks are chained then.
    for mouse in [true, false] {
        let (dir, file) = workdir();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, format!("[reader]\nmouse = {mouse}\n")).unwrap();
        let t = Tmux::start(dir.path(), 80, 24);
        t.run(&format!(
            "BRIEF_TEST_PANIC=1 {} --config {} {}; echo EXIT=$?",
            brief(),
            config.display(),
            file.display()
        ));
        // The message is on the main screen: printed after leaving the
        // alternate one (printed before, it would have vanished with it).
        let s = t.wait_for("EXIT=101");
        assert!(
            s.contains("BRIEF_TEST_PANIC: a panic after the first frame"),
            "panic message shown after restoring:\n{s}"
        );
        t.assert_restored();
    }
}

#[test]
fn a_storm_of_a_thousand_resizes_leaves_a_working_reader() {
    let (dir, file) = workdir();
    let t = Tmux::start(dir.path(), 80, 24);
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
    // 1,000 resizes in ten bursts of 100, each burst one tmux invocation so
    // they arrive faster than the reader can draw.
    for burst in 0..10 {
        let mut args: Vec<String> = Vec::new();
        for i in 0..100 {
            let (w, h) = sizes[(burst * 100 + i) % sizes.len()];
            if !args.is_empty() {
                args.push(";".into());
            }
            args.extend([
                "resize-window".into(),
                "-x".into(),
                w.to_string(),
                "-y".into(),
                h.to_string(),
            ]);
        }
        t.tmux(&args);
    }
    t.resize(100, 30);
    // Still answering keys, laid out at the final size.
    t.type_text("2");
    let s = t.wait_for("Defense cooperation (2/7)");
    for line in s.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn keys_arriving_while_the_file_reloads_and_hostile_versions_of_it() {
    let (dir, file) = workdir();
    let original = std::fs::read_to_string(&file).unwrap();
    let t = Tmux::start(dir.path(), 100, 30);
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
    t.wait_for("Biden hosts Kishida at last");
    t.type_text("3");
    t.wait_for("Economic investments (3/7)");
    let title = t.pane_title();
    assert!(
        !title.contains("pwned") && title == title_before,
        "an escape sequence reached the terminal: title {title:?}"
    );
    t.type_text("q");
    t.wait_for("EXIT=0");
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
    let t = Tmux::start(dir.path(), 120, 40);
    let before = t.pane_title();
    t.run(&format!(
        "XDG_STATE_HOME={} {} {}; echo EXIT=$?",
        dir.path().join("state").display(),
        brief(),
        lib.display()
    ));
    t.wait_for("Invoice fdp.exe");
    // Open every briefing in turn from the picker, visiting each tab.
    for i in 0..12 {
        t.keys(&["Enter"]);
        std::thread::sleep(std::time::Duration::from_millis(150));
        for _ in 0..4 {
            t.keys(&["Tab"]);
            t.type_text("G");
        }
        t.type_text("b");
        std::thread::sleep(std::time::Duration::from_millis(150));
        for _ in 0..=i {
            t.keys(&["Down"]);
        }
    }
    let title = t.pane_title();
    assert!(
        title == before && !title.contains("pwned"),
        "an escape sequence reached the terminal: title {title:?}"
    );
    t.keys(&["C-c"]);
    t.wait_for("EXIT=0");
    let s = t.screen();
    assert!(!s.contains("pwned-name\u{7}"), "{s}");
    t.assert_restored();
}
