//! `brief import`: Markdown to a briefing that passes `brief check`; the
//! export of the bundled briefing comes back as the same export; what has
//! no place is a warning with its line; bad input is exit 2 and loses
//! nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[path = "support/tmpfs.rs"]
mod tmpfs;

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brief(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BRIEF_CONFIG");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn export_then_import_then_export_gives_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let curated = root().join(CURATED);
    let md = stdout_of(
        brief(dir.path())
            .arg("export")
            .arg(&curated)
            .args(["--all", "-f", "markdown"]),
    );
    std::fs::write(dir.path().join("summit.md"), &md).unwrap();
    let out = brief(dir.path())
        .args(["import", "summit.md", "-o", "summit.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The Timeline is the reader's: said, not imported.
    assert!(
        stderr.contains("warning: the Timeline is made by the reader"),
        "{stderr}"
    );
    let check = brief(dir.path())
        .args(["check", "summit.toml"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(
        check.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let again =
        stdout_of(brief(dir.path()).args(["export", "summit.toml", "--all", "-f", "markdown"]));
    assert!(
        again == md,
        "the Markdown export differs after the round trip"
    );
    for width in ["80", "40"] {
        let text = stdout_of(
            brief(dir.path())
                .arg("export")
                .arg(&curated)
                .args(["--all", "-w", width]),
        );
        let again =
            stdout_of(brief(dir.path()).args(["export", "summit.toml", "--all", "-w", width]));
        assert!(
            again == text,
            "the text export at {width} differs after the round trip"
        );
    }
}

#[test]
fn markdown_maps_onto_the_format_and_the_rest_is_told_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let md = root().join("tests/fixtures/import/harbour.md");
    let out = brief(dir.path()).arg("import").arg(&md).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let toml = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "title = \"Harbour expansion: council briefing\"",
        "[[sources]]\nid = \"consultation-report\"\ntitle = \"consultation report\"\nurl = \"https://example.org/report\"",
        "when = 2025-06-12\nstatus = \"scheduled\"\nsources = [\"consultation-report\"]",
        "- dredging the inner basin\n- a new ferry berth\n- with a waiting room",
        "{ label = \"Dredging\", value = 4200000, unit = \"EUR\" }",
        "{ label = \"Ferry berth\", value = 1.8, unit = \"million EUR\" }",
        "{ text = \"We cannot afford another year of delay.\", speaker = \"Maria Lopez\", role = \"harbour master\" }",
        "- Question | Owner\n- Maintenance | Council",
        "[[sections]]\nid = \"background\"",
    ] {
        assert!(toml.contains(expected), "no {expected:?} in\n{toml}");
    }
    assert!(!toml.contains("Empty section"));
    let warned: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{}:", md.display())))
        .filter_map(|l| l.split_once(": warning: ").map(|(line, _)| line))
        .collect();
    assert_eq!(
        warned,
        [
            "1", "3", "17", "19", "30", "32", "36", "38", "42", "48", "50"
        ],
        "{stderr}"
    );
    std::fs::write(dir.path().join("harbour.toml"), &toml).unwrap();
    brief(dir.path())
        .args(["check", "harbour.toml"])
        .assert()
        .code(0);
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("empty.md"), " \n\n").unwrap();
    std::fs::write(p.join("binary.md"), b"# x\n\x00\x01\x02").unwrap();
    std::fs::write(p.join("latin1.md"), b"# Caf\xe9\n").unwrap();
    std::fs::write(
        p.join("title-only.md"),
        "# Just a title\n\nAnd a summary.\n",
    )
    .unwrap();
    std::fs::File::create(p.join("huge.md"))
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    for (file, says) in [
        ("empty.md", "the Markdown file is empty"),
        (
            "binary.md",
            "holds a NUL byte at byte offset 4, so it is binary",
        ),
        ("latin1.md", "not UTF-8: invalid byte 0xE9 at line 1"),
        ("huge.md", "the file is too large: more than 64 MiB"),
        ("missing.md", "cannot read: No such file or directory"),
        (
            "title-only.md",
            "no section: a briefing needs at least one `## Section`",
        ),
    ] {
        let out = brief(p).args(["import", file]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.starts_with(&format!("{file}: error: ")),
            "{file}: {stderr}"
        );
        assert!(stderr.contains(says), "{file}: {stderr}");
        assert!(out.stdout.is_empty(), "{file}");
    }
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::copy(
        root().join("tests/fixtures/import/harbour.md"),
        p.join("h.md"),
    )
    .unwrap();
    std::fs::write(p.join("h.toml"), "precious").unwrap();
    let out = brief(p)
        .args(["import", "h.md", "-o", "h.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("h.toml already exists; use --force"));
    assert_eq!(
        std::fs::read_to_string(p.join("h.toml")).unwrap(),
        "precious"
    );
    let out = brief(p)
        .args(["import", "h.md", "-o", "h.md", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must end in `.toml`"));
    brief(p)
        .args(["import", "h.md", "-o", "h.toml", "--force"])
        .assert()
        .success();
    brief(p).args(["check", "h.toml"]).assert().success();
}

#[test]
fn a_read_only_target_is_a_clear_error() {
    let Some(fs) = tmpfs::Unwritable::new("brief import into a read-only folder") else {
        return;
    };
    std::fs::copy(
        root().join("tests/fixtures/import/harbour.md"),
        fs.path().join("h.md"),
    )
    .unwrap();
    std::fs::write(fs.path().join("h.toml"), "precious").unwrap();
    fs.lock();
    for args in [&["-o", "new.toml"][..], &["-o", "h.toml", "--force"]] {
        let out = brief(fs.path())
            .args(["import", "h.md"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(fs.words()), "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(fs.path().join("h.toml")).unwrap(),
        "precious"
    );
}

#[test]
fn the_mapping_is_documented() {
    let docs = std::fs::read_to_string(root().join("docs/import.md")).unwrap();
    for needle in [
        "`#`",
        "`##`",
        "`###`",
        "— Speaker",
        "figures",
        "sources",
        "warning",
        "round trip",
    ] {
        assert!(
            docs.contains(needle),
            "docs/import.md does not mention {needle}"
        );
    }
}
