//! When a section's `key` is a reader command's letter, `brief check`
//! suggests letters to use instead: only letters that no section (before or
//! after it) and no command takes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys/reserved-key-hint.toml")
}

/// The section keys of the fixture.
const SECTION_KEYS: [char; 6] = ['m', 'j', 'a', 'c', 'd', 'i'];

/// Runs `brief check` on the fixture (with the configuration `config`, if
/// any) and returns the letters its hint suggests.
fn suggested(config: Option<&str>) -> Vec<char> {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("BRIEF_CONFIG");
    if let Some(text) = config {
        let file = home.path().join("config.toml");
        std::fs::write(&file, text).unwrap();
        cmd.arg("--config").arg(file);
    }
    let out = cmd.arg("check").arg(fixture()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("section key `j` is bound to the reader command `line-down`"),
        "{err}"
    );
    let help = err
        .lines()
        .find_map(|l| {
            l.split("choose a letter the reader leaves free, such as ")
                .nth(1)
        })
        .unwrap_or_else(|| panic!("no suggestion in {err}"));
    help.split(", ")
        .map(|s| {
            let mut chars = s.trim().chars();
            let c = chars.next().unwrap();
            assert!(chars.next().is_none(), "{help}");
            c
        })
        .collect()
}

#[test]
fn the_hint_suggests_only_letters_nobody_uses() {
    let letters = suggested(None);
    let reserved: Vec<char> = brief::config::Config::default()
        .reserved_keys()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    for c in &letters {
        assert!(
            !SECTION_KEYS.contains(c),
            "{c} is a section's key: {letters:?}"
        );
        assert!(!reserved.contains(c), "{c} is a command's: {letters:?}");
    }
    assert_eq!(letters, ['p', 's', 'u', 'w', 'x', 'z']);
}

#[test]
fn the_hint_follows_the_configured_keys() {
    // `quit` moved from q to p: p is taken, q is free.
    let letters = suggested(Some("[keys]\nquit = \"p\"\n"));
    assert!(!letters.contains(&'p'), "{letters:?}");
    assert!(letters.contains(&'q'), "{letters:?}");
    for c in &letters {
        assert!(
            !SECTION_KEYS.contains(c),
            "{c} is a section's key: {letters:?}"
        );
    }
}
