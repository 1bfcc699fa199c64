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
