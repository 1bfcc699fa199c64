//! `brief export --width N`: the bounds of the configuration's `[export]
//! width` hold on the command line too, and Markdown says that it is not
//! wrapped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary in the repository's folder, with no user configuration.
fn brief(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(root())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("BRIEF_CONFIG")
        .timeout(Duration::from_secs(30));
    cmd
}

/// Runs `brief export CURATED --section 1 --width WIDTH`: (exit code, stdout, stderr).
fn export_at(home: &Path, width: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let out = brief(home)
        .args(["export", CURATED, "--section", "1", "--width", width])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn widths_out_of_bounds_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    // In this order: a width that would panic or print little comes before
    // those that would eat memory or write hundreds of megabytes.
    for width in [
        "18446744073709551615",
        "19",
        "1",
        "1001",
        "-1",
        "ten",
        "",
        "100000000",
        "4294967296",
    ] {
        let (code, out, err) = export_at(home.path(), width, &[]);
        assert_eq!(code, Some(2), "--width {width:?}: {err}");
        assert!(out.is_empty(), "--width {width:?} printed an export");
        assert!(
            err.contains("0 (no wrapping) or 20 to 1000"),
            "--width {width:?}: {err}"
        );
        assert!(!err.contains("panicked"), "--width {width:?}: {err}");
    }
}

#[test]
fn widths_in_bounds_export() {
    let home = tempfile::tempdir().unwrap();
    for width in ["0", "20", "80", "1000"] {
        let (code, out, err) = export_at(home.path(), width, &[]);
        assert_eq!(code, Some(0), "--width {width}: {err}");
        assert!(out.starts_with("Kishida in"), "--width {width}: {out}");
    }
}

#[test]
fn the_command_line_takes_the_widths_the_configuration_takes() {
    let home = tempfile::tempdir().unwrap();
    for n in [0usize, 1, 19, 20, 21, 999, 1000, 1001] {
        let text = format!("[export]\nwidth = {n}\n");
        let config = brief::config::file::parse(Path::new("config.toml"), &text, false).is_ok();
        let (code, _, err) = export_at(home.path(), &n.to_string(), &[]);
        assert_eq!(
            code == Some(0),
            config,
            "width {n}: configuration takes it: {config}; command line: {err}"
        );
    }
}

#[test]
fn markdown_says_once_that_it_does_not_take_a_width() {
    let home = tempfile::tempdir().unwrap();
    let plain = brief(home.path())
        .args(["export", CURATED, "--section", "1", "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(0));
    assert!(plain.stderr.is_empty(), "no --width, no note");

    let (code, out, err) = export_at(home.path(), "60", &["--format", "markdown"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        String::from_utf8_lossy(&plain.stdout),
        "the width changes nothing"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("note: "), "{err}");
    assert!(err.contains("--width") && err.contains("Markdown"), "{err}");

    // Text takes the width without a word.
    let (code, _, err) = export_at(home.path(), "60", &["--format", "text"]);
    assert_eq!(code, Some(0));
    assert!(err.is_empty(), "{err}");
}

#[test]
fn help_and_readme_say_that_markdown_is_not_wrapped() {
    let home = tempfile::tempdir().unwrap();
    let help = brief(home.path())
        .args(["export", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let width = help
        .split("--width <N>")
        .nth(1)
        .and_then(|rest| rest.split("\n  -").next())
        .unwrap_or_default();
    assert!(width.contains("Markdown is not wrapped"), "{help}");

    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let exporting = readme
        .split("## Exporting")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    assert!(
        exporting.contains("Markdown is not wrapped")
            && exporting.contains("paragraphs are one line each"),
        "README's Exporting section should say how Markdown takes --width"
    );
}
