//! `brief new`: a skeleton that passes `brief check`, dated today, with the
//! sections asked for; it never replaces a file without `--force`, and a
//! target it cannot write is a clear error with exit 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[path = "support/tmpfs.rs"]
mod tmpfs;

fn brief(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BRIEF_CONFIG");
    cmd
}

fn check(dir: &Path, file: &Path) -> String {
    let out = brief(dir).arg("check").arg(file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "warnings: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn today() -> String {
    let out = std::process::Command::new("date")
        .arg("+%F")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_skeleton_passes_check_with_four_sections_dated_today() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief(dir.path())
        .args(["new", "draft.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let file = dir.path().join("draft.toml");
    let summary = check(dir.path(), &file);
    assert!(summary.contains("4 sections, 4 items"), "{summary}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("\ndate = {}\n", today())), "{text}");
    for id in ["agenda", "defense", "economy", "friction"] {
        assert!(text.contains(&format!("id = \"{id}\"")), "{id}");
    }
    assert_eq!(text.matches("[[sources]]").count(), 1);
    assert!(
        text.matches("\n#").count() > 10,
        "a skeleton explains itself"
    );
}

#[test]
fn title_and_sections_are_the_curators() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief(dir.path())
        .args([
            "new",
            "g7.toml",
            "--title",
            "G7 \"summit\" week",
            "--sections",
        ])
        .arg("Leaders' agenda, Trade, Trade ,Energy")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let file = dir.path().join("g7.toml");
    let summary = check(dir.path(), &file);
    assert!(
        summary.contains("\"G7 \"summit\" week\" — 4 sections"),
        "{summary}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for id in ["leaders-agenda", "trade", "trade-2", "energy"] {
        assert!(text.contains(&format!("id = \"{id}\"")), "{id}: {text}");
    }
}

#[test]
fn inside_the_repository_it_names_the_schema() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir_in(root.join("target")).unwrap();
    brief(dir.path()).args(["new", "x.toml"]).assert().success();
    let text = std::fs::read_to_string(dir.path().join("x.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../docs/briefing.schema.json\n"),
        "{text}"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draft.toml");
    std::fs::write(&file, "precious").unwrap();
    let out = brief(dir.path())
        .args(["new", "draft.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("draft.toml already exists; use --force to replace it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    brief(dir.path())
        .args(["new", "draft.toml", "--force"])
        .assert()
        .success();
    check(dir.path(), &file);
}

#[test]
fn bad_arguments_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["new", "draft.md"][..], "must end in `.toml`"),
        (&["new", "a.toml", "--sections", " , "], "names no section"),
        (&["new", "a.toml", "--title", "  "], "--title is blank"),
        (&["new", "missing/a.toml"], "cannot write missing/a.toml"),
    ] {
        let out = brief(dir.path()).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(tmpfs::names(dir.path()).is_empty());
}

#[test]
fn a_read_only_folder_is_a_clear_error() {
    let Some(fs) = tmpfs::Unwritable::new("brief new in a read-only folder") else {
        return;
    };
    std::fs::write(fs.path().join("old.toml"), "precious").unwrap();
    fs.lock();
    let out = brief(fs.path()).args(["new", "new.toml"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(fs.words()), "{stderr}");
    let forced = brief(fs.path())
        .args(["new", "old.toml", "--force"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert_eq!(forced.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(fs.words()), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(fs.path().join("old.toml")).unwrap(),
        "precious"
    );
    assert_eq!(tmpfs::names(fs.path()), ["old.toml"]);
}
