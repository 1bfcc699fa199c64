//! `brief diff OLD NEW` through the binary: exit status as `diff(1)` has
//! it, the three formats, colour only on a terminal and never under
//! NO_COLOR, and a side that does not load.

#[path = "support/pty.rs"]
mod pty;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const OLD: &str = "tests/fixtures/diff/every-kind-old.toml";
const NEW: &str = "tests/fixtures/diff/every-kind-new.toml";
const SUMMIT: &str = "briefings/us-japan-summit-2024-04.toml";
const SUMMIT_LATER: &str = "tests/fixtures/diff/us-japan-summit-2024-04-11.toml";

fn brief(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(root())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("BRIEF_CONFIG")
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn no_changes_exits_0() {
    let home = tempfile::tempdir().unwrap();
    brief(home.path())
        .args(["diff", OLD, OLD])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("\nno changes\n"))
        .stderr("");
}

#[test]
fn changes_exit_1_and_read_as_plain_text_in_a_pipe() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args(["diff", OLD, NEW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b'),
        "no escape sequences in a pipe: {text}"
    );
    for line in [
        "--- tests/fixtures/diff/every-kind-old.toml (as of 2024-05-01)",
        "+++ tests/fixtures/diff/every-kind-new.toml (as of 2024-05-03)",
        "  title: Harbour talks {+resume+}",
        "  summary: Two ministers [-meet-] {+met+} to settle the harbour dispute.",
        "  ~ “Ministers meet in the harbour city” [talks/meeting]",
        "      status: planned → completed",
        "      figure Fee: 40 USD → 35 USD (-5, -12.5%)",
        "      moved: from The talks #4 to The ports and berths #4",
        "  - “A side meeting that was dropped” [talks/dropped]",
        "  + “A joint statement” [talks/statement]",
        "+ Section “Outcome” [outcome] (added)",
        "- Section “Old notes” [old-notes] (removed)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    assert!(text.ends_with("7 fields\n"), "{text}");
}

#[test]
fn markdown_and_json_formats() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args(["diff", SUMMIT, SUMMIT_LATER, "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Changes to Kishida in Washington"), "{md}");
    assert!(md.contains("\n## Summit agenda (`agenda`)\n"), "{md}");
    assert!(md.contains("  - `status`: planned → completed\n"), "{md}");
    assert!(md.contains("~~receives~~ **received**"), "{md}");

    let out = brief(home.path())
        .args(["diff", SUMMIT, SUMMIT_LATER, "-f", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], 1);
    assert_eq!(v["old"]["as_of"], "2024-04-08");
    assert_eq!(v["new"]["as_of"], "2024-04-11");
    assert_eq!(v["sections"][0]["items"][1]["status"], "added");
    assert_eq!(v["sections"][0]["items"][1]["id"], "joint-statement");
}

#[test]
fn a_side_that_does_not_load_prints_its_diagnostics_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("draft.toml");
    std::fs::write(
        &broken,
        "[briefing]\ntitel = \"Draft\"\ndate = 2024-01-01\n[[sections]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"x\"\n",
    )
    .unwrap();
    for args in [[OLD, "BROKEN"], ["BROKEN", OLD]] {
        let args: Vec<&Path> = args
            .iter()
            .map(|a| {
                if *a == "BROKEN" {
                    broken.as_path()
                } else {
                    Path::new(a)
                }
            })
            .collect();
        brief(dir.path())
            .arg("diff")
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "draft.toml:2:1: error: unknown key `titel` in [briefing]",
            ))
            .stderr(predicate::str::contains("help: did you mean `title`?"));
    }
    // Both broken: both reported.
    let missing = dir.path().join("missing.toml");
    brief(dir.path())
        .arg("diff")
        .arg(&missing)
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.toml: error: cannot read: No such file or directory",
        ))
        .stderr(predicate::str::contains("unknown key `titel`"));
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    // Neither NEW nor --since.
    brief(home.path()).args(["diff", OLD]).assert().code(2);
    // Both.
    brief(home.path())
        .args(["diff", OLD, NEW, "--since", "HEAD"])
        .assert()
        .code(2);
    brief(home.path())
        .args(["diff", OLD, NEW, "--format", "html"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_configuration_is_an_error_not_a_difference() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[reader]\nno_such_setting = 1\n").unwrap();
    brief(home.path())
        .arg("--config")
        .arg(&config)
        .args(["diff", OLD, NEW])
        .assert()
        .code(2);
}

#[test]
fn diff_and_log_are_in_the_help() {
    let home = tempfile::tempdir().unwrap();
    brief(home.path())
        .args(["diff", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("brief diff OLD NEW"))
        .stdout(predicate::str::contains("brief diff PATH --since REV"));
    brief(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("diff"))
        .stdout(predicate::str::contains("log"));
}

/// Colour on a terminal, none under NO_COLOR: run in a real terminal.
#[test]
fn colour_on_a_terminal_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    for f in [OLD, NEW] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(root().join(f), dir.path().join(name)).unwrap();
    }
    let term = pty::Pty::start(dir.path(), 120, 40);
    let green = b"\x1b[32m{+resume+}\x1b[0m";
    let mark = term.mark();
    term.run(&format!(
        "{} diff every-kind-old.toml every-kind-new.toml; echo status=$?",
        pty::brief()
    ));
    term.wait_for("status=1");
    let raw = term.raw_since(mark);
    assert!(
        raw.windows(green.len()).any(|w| w == green),
        "inserted words are green on a terminal"
    );

    let mark = term.mark();
    term.run(&format!(
        "NO_COLOR=1 {} diff every-kind-old.toml every-kind-new.toml; echo done=$?",
        pty::brief()
    ));
    term.wait_for("done=1");
    let raw = term.raw_since(mark);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("{+resume+}"), "{text}");
    assert!(
        !raw.windows(5).any(|w| w == b"\x1b[32m"),
        "NO_COLOR: no colour"
    );
}
