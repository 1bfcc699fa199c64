//! A path that does not exist, or a folder where a file is needed, is told
//! as such by every command (never as a file with the wrong name), in one
//! clean message, before anything else happens.

use std::path::Path;

use assert_cmd::Command;

/// `brief ARGS` in a fresh folder holding `folder/` (with one briefing in
/// it) and nothing else: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let curated =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml");
    std::fs::copy(curated, folder.join("summit.toml")).unwrap();
    let out = Command::cargo_bin("brief")
        .unwrap()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env_remove("BRIEF_CONFIG")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The message is about the path, not its name, and has no "(os error 2)".
fn says(args: &[&str], code: i32, words: &str) {
    let (got, out, err) = run(args);
    assert_eq!(got, Some(code), "{args:?}: {err}");
    assert!(out.is_empty(), "{args:?} printed {out}");
    assert!(err.contains(words), "{args:?}: {err}");
    assert!(
        !err.contains(".toml`") && !err.contains("rename"),
        "{args:?}: {err}"
    );
    assert!(!err.contains("os error"), "{args:?}: {err}");
}

#[test]
fn export_of_a_missing_path_says_there_is_no_such_file() {
    says(
        &["export", "missing-dir", "--all"],
        1,
        "missing-dir: error: cannot read: No such file or directory",
    );
    says(
        &["export", "missing.toml", "--all"],
        1,
        "missing.toml: error: cannot read: No such file or directory",
    );
}

#[test]
fn export_of_a_folder_says_it_is_a_folder() {
    says(
        &["export", "folder", "--all"],
        1,
        "folder: error: cannot read: it is a folder, not a briefing file",
    );
}

#[test]
fn check_list_and_search_of_a_missing_path_say_so() {
    says(
        &["check", "missing-dir"],
        2,
        "missing-dir: cannot read: No such file or directory",
    );
    says(
        &["list", "missing-dir"],
        2,
        "missing-dir: no such file or folder",
    );
    says(
        &["search", "steel", "missing-dir"],
        2,
        "missing-dir: no such file or folder",
    );
}

#[test]
fn the_reader_on_a_missing_path_says_so_before_opening() {
    says(
        &["missing-dir"],
        1,
        "missing-dir: error: cannot read: No such file or directory",
    );
}

#[test]
fn a_missing_or_folder_configuration_says_so() {
    says(
        &["--config", "missing.toml", "list", "folder"],
        1,
        "cannot read the configuration file: No such file or directory",
    );
    says(
        &["--config", "folder", "list", "folder"],
        1,
        "cannot read the configuration file: it is a folder",
    );
}
