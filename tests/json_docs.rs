//! The `--json` output of `brief search` and `brief list` is documented as
//! it is: the fields, and that a match's `start` and `end` are byte offsets
//! into its snippet.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brief(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(root())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home)
        .env_remove("BRIEF_CONFIG");
    cmd
}

/// The help of one option in `brief SUBCOMMAND --help`.
fn option_help(subcommand: &str, option: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = brief(home.path())
        .args([subcommand, "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let rest = help
        .split(&format!("  {option}"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {option} in {help}"));
    // Up to the next option, or the end.
    rest.split("\n  -").next().unwrap_or_default().to_string()
}

/// The README's paragraph that starts with `start`.
fn readme_paragraph(start: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme
        .find(start)
        .unwrap_or_else(|| panic!("README has no {start:?}"));
    readme[at..]
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ")
}

#[test]
fn search_json_help_says_start_and_end_are_byte_offsets() {
    let help = option_help("search", "--json").replace('\n', " ");
    assert!(help.contains("byte offsets"), "{help}");
    for field in [
        "path", "section", "item", "field", "snippet", "start", "end",
    ] {
        assert!(help.contains(field), "`{field}` missing from {help}");
    }
}

#[test]
fn readme_says_search_start_and_end_are_byte_offsets() {
    let text = readme_paragraph("`brief search QUERY [PATH] [--json]`");
    assert!(text.contains("byte offsets"), "{text}");
}

#[test]
fn list_json_is_documented_with_its_fields() {
    let help = option_help("list", "--json").replace('\n', " ");
    for field in ["path", "date", "title", "sections", "items", "error"] {
        assert!(help.contains(field), "`{field}` missing from {help}");
    }
    let text = readme_paragraph("`brief list [PATH] [--json]`");
    for field in [
        "`path`",
        "`date`",
        "`title`",
        "`sections`",
        "`items`",
        "`error`",
    ] {
        assert!(text.contains(field), "{field} missing from {text}");
    }
}

#[test]
fn search_json_offsets_are_bytes_of_the_snippet() {
    // What the documentation says, checked against a snippet with
    // characters of more than one byte before the match.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        "format = 1\n[briefing]\ntitle = \"Ünïcödé first, then frost\"\ndate = 2024-01-01\n\
         [[sections]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"x\"\n",
    )
    .unwrap();
    let out = brief(dir.path())
        .args(["search", "frost", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &rows[0];
    let snippet = row["snippet"].as_str().unwrap();
    let start = usize::try_from(row["start"].as_u64().unwrap()).unwrap();
    let end = usize::try_from(row["end"].as_u64().unwrap()).unwrap();
    assert_eq!(&snippet[start..end], "frost");
}
