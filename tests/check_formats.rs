//! `brief check --format json|github`: one line per diagnostic on standard
//! output, with the place, the code and the help; the same exit status as
//! for people; an unknown format is a usage error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brief(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(root())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("BRIEF_CONFIG");
    cmd
}

#[test]
fn json_is_one_object_per_diagnostic_with_every_field() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/invalid/unknown-key-item.toml",
            "tests/fixtures/valid/control-characters.toml",
            "tests/fixtures/valid/minimal.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        objects[0],
        json!({
            "path": "tests/fixtures/invalid/unknown-key-item.toml",
            "line": 17, "column": 1, "end": {"line": 17, "column": 4},
            "severity": "error", "code": "E0010",
            "message": "unknown key `bdy` in [[sections.items]] #1 of section `agenda`",
            "help": "did you mean `body`?",
        })
    );
    // The warnings of a valid file are there too; a clean file adds nothing.
    assert!(objects.len() > 2, "{stdout}");
    for o in &objects[1..] {
        assert_eq!(o["path"], "tests/fixtures/valid/control-characters.toml");
        assert_eq!(o["severity"], "warning");
        assert_eq!(o["code"], "W0001");
    }
}

#[test]
fn a_problem_without_a_place_has_null_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args(["check", "-f", "json", "tests/fixtures/invalid/empty.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], "E0006");
    assert_eq!(v["line"], Value::Null);
    assert_eq!(v["end"], Value::Null);
}

#[test]
fn github_annotations_name_file_line_and_code() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args([
            "check",
            "--format",
            "github",
            "tests/fixtures/invalid/dangling-see-also-item.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().next().unwrap(),
        "::error file=tests/fixtures/invalid/dangling-see-also-item.toml,line=18,col=13,\
         endLine=18,endColumn=28,title=E0027::see_also `agenda/dinner` does not resolve: \
         section `agenda` has no item `dinner`%0Ahelp: the item ids of section `agenda` are `visit`"
    );
}

#[test]
fn a_valid_library_prints_nothing_and_succeeds() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args(["check", "--format", "github", "briefings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args(["check", "--format", "xml", "briefings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid value 'xml'"), "{stderr}");
    assert!(stderr.contains("human, json, github"), "{stderr}");
}
