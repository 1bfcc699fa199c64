//! `brief read`: the plain reader for screen readers and plain terminals
//! (`--plain`, `--section`, a dumb terminal or a pipe), and the reader
//! itself in a real terminal. The plain text has no escape sequence and no
//! box drawing; sections are chosen as `brief export --section` chooses
//! them; `brief PATH` still prints the text export when piped.

#[path = "support/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pty::{Pty, brief, workdir};

fn summit() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml")
}

/// `brief ARGS` with its output in a pipe and no user configuration.
fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(brief())
        .args(args)
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("BRIEF_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Box drawing (U+2500–U+257F) and block elements (U+2580–U+259F).
fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{259f}').contains(&c)
}

#[test]
fn plain_text_has_the_whole_briefing_in_order_and_no_box_drawing() {
    let path = summit();
    let out = run(&["read", "--plain", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.chars().any(is_box_drawing), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "no escape sequence or other control"
    );
    let lines: Vec<&str> = text.lines().collect();
    // The title underlined with `=`, each part's heading with `-`.
    let title_end = lines.iter().position(|l| l.starts_with("===")).unwrap();
    assert!(lines[title_end].chars().all(|c| c == '='));
    let mut at = 0;
    for heading in [
        "Summit agenda",
        "Defense cooperation",
        "Economic investments",
        "Friction points",
        "Timeline",
        "Who's who",
        "Sources",
    ] {
        let k = lines
            .iter()
            .skip(at)
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("no heading {heading} after line {at}"))
            + at;
        assert_eq!(
            lines[k + 1],
            "-".repeat(heading.chars().count()),
            "{heading}"
        );
        assert_eq!(lines[k - 1], "", "a blank line before {heading}");
        assert_ne!(
            lines[k - 2],
            "",
            "one blank line, not two, before {heading}"
        );
        at = k + 1;
    }
    // Items, bullets, quotes, figures as a text table, citations.
    for expected in [
        "Biden hosts Kishida for a state visit",
        "• he built backing for Ukraine;",
        "  “the cornerstone of our engagement in the Indo-Pacific”",
        "    — Kurt Campbell, U.S. Deputy Secretary of State [1]",
        "  Figure ",
        "[1] News report",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        text.lines().any(|l| l.starts_with("  > ")),
        "quotations marked with >"
    );
}

#[test]
fn sections_are_chosen_as_export_chooses_them() {
    let path = summit();
    let path = path.to_str().unwrap();
    let out = run(&[
        "read",
        "--section",
        "defense",
        "-s",
        "1",
        "--section",
        "2",
        path,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Sections: Defense cooperation · Summit agenda\n"),
        "{text}"
    );
    let defense = text.find("\nDefense cooperation\n---").unwrap();
    let agenda = text.find("\nSummit agenda\n---").unwrap();
    assert!(defense < agenda, "in the order given");
    assert!(!text.contains("\nEconomic investments\n---"), "{text}");
    assert_eq!(
        text.matches("\nDefense cooperation\n---").count(),
        1,
        "once"
    );

    let out = run(&["read", "--section", "nope", path]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: no section `nope` in "), "{err}");
    assert!(
        err.contains("   3  economy   [i]  Economic investments\n"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // The same message as export's.
    let export = run(&["export", path, "--section", "nope"]);
    assert_eq!(stderr(&export), err);
}

#[test]
fn a_folder_is_listed_and_a_section_of_a_folder_is_refused() {
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
    let library = library.to_str().unwrap();
    let out = run(&["read", "--plain", library]);
    let listed = stdout(&out);
    assert!(
        listed.contains("Orchard cooperative: spring report"),
        "{listed}"
    );
    assert!(stderr(&out).contains("briefings; they are listed (give a file to read one)"));
    let out = run(&["read", "--section", "1", library]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: --section needs one briefing, and "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_briefing_or_a_missing_path_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[briefing]\ntitel = \"x\"\n").unwrap();
    let out = run(&["read", "--plain", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("broken.toml:2:1: error: unknown key `titel` in [briefing]"));
    assert!(out.stdout.is_empty());
    let missing = dir.path().join("missing.toml");
    let out = run(&["read", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.toml: error: cannot read: No such file or directory"));
}

#[test]
fn a_pipe_gets_plain_text_without_asking_and_brief_path_is_unchanged() {
    let path = summit();
    let path = path.to_str().unwrap();
    let asked = run(&["read", "--plain", path]);
    let piped = run(&["read", path]);
    assert_eq!(stdout(&piped), stdout(&asked));
    // `brief PATH` into a pipe prints the text export as it always has.
    let old = run(&[path]);
    let export = run(&["export", path, "--all"]);
    assert_eq!(stdout(&old), stdout(&export));
    assert!(stdout(&old).contains("────"));
}

#[test]
fn a_full_or_closed_output_is_handled_as_every_command_handles_it() {
    let path = summit();
    let path = path.to_str().unwrap();
    for args in [
        vec!["read", "--plain", path],
        vec!["export", path, "--all", "--format", "html"],
    ] {
        let full = Command::new(brief())
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(full.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&full),
            "brief: error: cannot write to standard output: No space left on device\n",
            "{args:?}"
        );
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let closed = Command::new(brief())
            .args(&args)
            .stdout(Stdio::from(writer))
            .output()
            .unwrap();
        assert_eq!(closed.status.code(), Some(0), "{args:?}");
        assert!(closed.stderr.is_empty(), "{args:?}: {}", stderr(&closed));
    }
}

#[test]
fn in_a_terminal_read_draws_the_reader_and_a_dumb_one_gets_plain_text() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!(
        "{} read {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    assert!(t.alternate_on(), "the reader is drawn");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();

    let mark = t.mark();
    t.run(&format!(
        "TERM=dumb {} read {}; echo DUMB=$?",
        brief(),
        file.display()
    ));
    t.wait_for("DUMB=0");
    let raw = t.raw_since(mark);
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("Defense cooperation\r\n-------------------"),
        "{text}"
    );
    assert!(!raw.contains(&0x1b), "no escape sequence at all: {text:?}");
    assert!(!text.chars().any(is_box_drawing), "{text}");

    // --plain on a terminal that could be drawn on: wrapped to its width.
    let mark = t.mark();
    t.run(&format!(
        "{} read --plain -s economy {}; echo PLAIN=$?",
        brief(),
        file.display()
    ));
    t.wait_for("PLAIN=0");
    let text = String::from_utf8_lossy(&t.raw_since(mark)).into_owned();
    assert!(
        text.contains("Economic investments\r\n--------------------"),
        "{text}"
    );
    assert!(!t.alternate_on());
    let widest = text
        .split("\r\n")
        .filter(|l| !l.contains("PLAIN=") && !l.contains(brief()))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        widest <= 100 && widest > 80,
        "wrapped at the terminal's 100 columns: {widest}"
    );
}
