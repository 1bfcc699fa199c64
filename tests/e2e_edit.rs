//! Editing from the reader, end to end: the real binary in a pseudo-terminal
//! hands the terminal to `$EDITOR` at the item on screen, takes it back when
//! the editor exits, and shows the edit (or, when the edit broke the file,
//! keeps the last good version under a banner).

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;

use pty::{Pty, brief, workdir};

/// An editor that shows its arguments on the main screen, waits for Enter,
/// then runs `change` (a shell command over the file, `$2`).
fn editor(dir: &Path, change: &str) -> String {
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!("printf 'EDITING %s %s\\n' \"$1\" \"$2\"\nread answer\n{change}\n"),
    )
    .unwrap();
    format!("sh {}", script.display())
}

#[test]
fn v_hands_the_terminal_to_the_editor_and_shows_the_edit() {
    let (dir, file) = workdir();
    let ed = editor(
        dir.path(),
        r#"sed -i 's/^title = "Defense cooperation"/title = "Defence and deterrence"/' "$2""#,
    );
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!(
        "VISUAL='{ed}' {} {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("2");
    t.wait_for("Defense cooperation (2/7)");
    t.type_text("v");
    // The editor has the main screen, with the line and the file.
    let s = t.wait_for("EDITING +");
    assert!(!t.alternate_on(), "the reader left the alternate screen");
    let line: usize = s
        .lines()
        .find_map(|l| l.strip_prefix("EDITING +"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("+LINE");
    let source = std::fs::read_to_string(&file).unwrap();
    let at: Vec<&str> = source.lines().skip(line - 1).take(4).collect();
    assert!(
        at.iter().any(|l| l.contains("defense")) || at.iter().any(|l| l.contains("[[sections")),
        "line {line} is the defense section's table: {at:?}"
    );
    assert!(s.contains(&file.display().to_string()), "{s}");
    t.keys(&["Enter"]);
    // Back in the reader, the file read again.
    t.wait_for("Defence and deterrence (2/7)");
    assert!(t.alternate_on());
    // What the edit changed is listed, as after any change to the file.
    let s = t.wait_for("Changes since you last read");
    assert!(s.contains("Defence"), "{s}");
    t.keys(&["Escape"]);
    t.wait_gone("Changes since you last read");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn an_edit_that_breaks_the_file_keeps_the_last_good_version_under_a_banner() {
    let (dir, file) = workdir();
    let ed = editor(dir.path(), r#"printf '[[sections]]\nid = 7\n' >> "$2""#);
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!(
        "EDITOR='{ed}' {} {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("v");
    t.wait_for("EDITING +");
    t.keys(&["Enter"]);
    // The briefing is still there; the banner names the problem and its line.
    let s = t.wait_for("showing the last good version");
    assert!(s.contains("summit.toml:"), "{s}");
    assert!(s.contains("Summit agenda (1/7)"), "{s}");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn without_an_editor_v_says_so_and_the_reader_stays() {
    let (dir, file) = workdir();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!(
        "unset VISUAL EDITOR; {} {}; echo EXIT=$?",
        brief(),
        file.display()
    ));
    t.wait_for("Summit agenda (1/7)");
    t.type_text("v");
    t.wait_for("no editor: set VISUAL or EDITOR");
    assert!(t.alternate_on());
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn a_briefing_edited_while_open_shows_its_changes_and_marks_the_items() {
    let (dir, file) = workdir();
    let state = dir.path().join("state");
    let t = Pty::start(dir.path(), 100, 40);
    let run = format!(
        "XDG_STATE_HOME={} {} {}; echo EXIT=$?",
        state.display(),
        brief(),
        file.display()
    );
    t.run(&run);
    t.wait_for("Summit agenda (1/7)");
    // A curator saves a new version while the reader is open: a status
    // moves on and a title changes.
    let original = std::fs::read_to_string(&file).unwrap();
    let item = "title = \"Kishida addresses Congress in joint session\"";
    assert!(original.contains(item), "the fixture has the item");
    let edited = original.replacen(
        "Biden hosts Kishida for a state visit",
        "Biden welcomes Kishida for a state visit",
        1,
    );
    std::fs::write(&file, &edited).unwrap();
    // The Changes view opens, with the change in the briefing's own terms.
    let s = t.wait_for("Changes since you last read");
    assert!(s.contains("~ changed"), "{s}");
    assert!(
        s.contains("{+welcomes+}"),
        "the inserted word is marked: {s}"
    );
    // Closed, the section view marks the changed item, not by colour alone.
    t.keys(&["Escape"]);
    let s = t.wait_gone("Changes since you last read");
    assert!(
        s.contains("Biden welcomes Kishida for a state visit"),
        "{s}"
    );
    assert!(s.contains("~ changed"), "the marker beside the title: {s}");
    assert!(s.contains('▌'), "the bar along the item: {s}");
    // Quitting records the version as read: reopened, nothing is new.
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.run(&run);
    let s = t.wait_for("Summit agenda (1/7)");
    t.wait_quiet(std::time::Duration::from_millis(300));
    let s2 = t.screen();
    assert!(!s2.contains("Changes since you last read"), "{s}\n{s2}");
    assert!(!s2.contains("~ changed"), "{s2}");
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}
