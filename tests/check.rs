//! `brief check`: every broken fixture fails with its message at its place;
//! valid files pass; exit codes say what happened.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn brief() -> Command {
    Command::cargo_bin("brief").expect("the brief binary")
}

fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(format!("{name}.toml"))
}

/// One fixture per rule of the format: its file name, where the (first)
/// error is, and its message.
/// Line and column of a diagnostic, when it has a place.
type At = Option<(u32, u32)>;

const INVALID: &[(&str, At, &str)] = &[
    (
        "authors-not-strings",
        Some((4, 19)),
        "expected a string for `authors` entry 2 in [briefing], found an integer",
    ),
    (
        "bad-as-of",
        Some((4, 9)),
        "invalid date or datetime `last Monday` for `as_of` in [briefing]",
    ),
    (
        "bad-date",
        Some((3, 8)),
        "invalid date `2024-02-30` for `date` in [briefing]",
    ),
    (
        "bad-see-also-form",
        Some((18, 13)),
        "see_also `agenda/visit/extra` is not of the form SECTION or SECTION/ITEM",
    ),
    (
        "bad-slug-item",
        Some((15, 6)),
        "invalid id `the visit` for `id` in [[sections.items]] #1 of section `agenda`",
    ),
    (
        "bad-slug-person",
        Some((20, 6)),
        "invalid id `Joe Biden` for `id` in [[people]] #1",
    ),
    (
        "bad-slug-section",
        Some((10, 6)),
        "invalid id `-agenda` for `id` in [[sections]] #1",
    ),
    (
        "bad-slug-source",
        Some((6, 6)),
        "invalid id `Report_1` for `id` in [[sources]] #1",
    ),
    (
        "bad-when",
        Some((17, 8)),
        "invalid date `2024-02-30` for `when` in [[sections.items]] #1 of section `agenda`",
    ),
    (
        "blank-item-title",
        Some((16, 9)),
        "blank `title` in [[sections.items]] #1 of section `agenda`",
    ),
    (
        "blank-section-title",
        Some((11, 9)),
        "blank `title` in [[sections]] #1",
    ),
    ("blank-title", Some((2, 9)), "blank `title` in [briefing]"),
    (
        "briefing-not-a-table",
        Some((1, 12)),
        "expected a table for `briefing` at the top level, found a string",
    ),
    (
        "dangling-quote-source",
        Some((18, 59)),
        "source `wire` not found: `source` names an id that no [[sources]] entry has",
    ),
    (
        "dangling-see-also-item",
        Some((18, 13)),
        "see_also `agenda/dinner` does not resolve: section `agenda` has no item `dinner`",
    ),
    (
        "dangling-see-also-section",
        Some((18, 13)),
        "see_also `economy` does not resolve: there is no section `economy`",
    ),
    (
        "dangling-source",
        Some((17, 12)),
        "source `reuters` not found: `sources` names an id that no [[sources]] entry has",
    ),
    (
        "date-is-datetime",
        Some((3, 8)),
        "expected a date for `date` in [briefing], found a datetime",
    ),
    (
        "date-is-time",
        Some((3, 8)),
        "expected a date for `date` in [briefing], found a time",
    ),
    (
        "duplicate-item-id",
        Some((20, 6)),
        "duplicate item id `visit` in [[sections.items]] #2 of section `agenda`",
    ),
    (
        "duplicate-key",
        Some((3, 1)),
        "invalid TOML: duplicate key `title`",
    ),
    (
        "duplicate-person-id",
        Some((24, 6)),
        "duplicate person id `biden` in [[people]] #2",
    ),
    (
        "duplicate-section-id",
        Some((20, 6)),
        "duplicate section id `agenda` in [[sections]] #2",
    ),
    (
        "duplicate-section-key",
        Some((23, 7)),
        "section key `a` in [[sections]] #2 is already used by [[sections]] #1",
    ),
    (
        "duplicate-source-id",
        Some((10, 6)),
        "duplicate source id `report` in [[sources]] #2",
    ),
    (
        "empty-sections",
        Some((1, 12)),
        "no [[sections]]: a briefing needs at least one section",
    ),
    ("empty", None, "the file is empty"),
    (
        "figure-missing-label",
        Some((18, 12)),
        "missing required key `label` in figure #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "figure-missing-value",
        Some((18, 12)),
        "missing required key `value` in figure #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "figure-value-not-finite",
        Some((18, 40)),
        "`value` in figure #1 of [[sections.items]] #1 of section `agenda` is not a finite number",
    ),
    (
        "figure-value-not-number",
        Some((18, 40)),
        "expected a number for `value` in figure #1 of [[sections.items]] #1 of section `agenda`, found a string",
    ),
    (
        "format-2",
        Some((1, 10)),
        "format 2 is not supported: this version of brief reads format 1",
    ),
    (
        "format-not-integer",
        Some((1, 10)),
        "expected an integer for `format` at the top level, found a string",
    ),
    (
        "item-missing-title",
        Some((14, 1)),
        "missing required key `title` in [[sections.items]] #1 of section `agenda`",
    ),
    (
        "key-more-than-one-letter",
        Some((12, 7)),
        "section key `ag` in [[sections]] #1 is not one ASCII letter",
    ),
    (
        "key-not-a-letter",
        Some((12, 7)),
        "section key `1` in [[sections]] #1 is not one ASCII letter",
    ),
    (
        "missing-briefing",
        Some((1, 1)),
        "missing required key `briefing` at the top level",
    ),
    (
        "missing-date",
        Some((1, 1)),
        "missing required key `date` in [briefing]",
    ),
    (
        "missing-title",
        Some((1, 1)),
        "missing required key `title` in [briefing]",
    ),
    (
        "nesting-too-deep",
        Some((1, 69)),
        "nesting deeper than 64 arrays or inline tables",
    ),
    (
        "no-sections",
        Some((1, 1)),
        "no [[sections]]: a briefing needs at least one section",
    ),
    (
        "not-utf8",
        Some((2, 14)),
        "the file is not UTF-8: invalid byte 0xFF at line 2, column 14 (byte offset 24)",
    ),
    (
        "person-missing-name",
        Some((19, 1)),
        "missing required key `name` in [[people]] #1",
    ),
    (
        "quote-without-speaker",
        Some((18, 11)),
        "missing required key `speaker` in quote #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "quote-without-text",
        Some((18, 11)),
        "missing required key `text` in quote #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "reserved-section-key",
        Some((12, 7)),
        "section key `j` is bound to the reader command `line-down`",
    ),
    (
        "section-missing-id",
        Some((9, 1)),
        "missing required key `id` in [[sections]] #1",
    ),
    (
        "section-missing-title",
        Some((9, 1)),
        "missing required key `title` in [[sections]] #1",
    ),
    (
        "section-without-summary-or-items",
        Some((19, 1)),
        "[[sections]] #2 has neither a `summary` nor any items",
    ),
    (
        "sections-not-tables",
        Some((1, 13)),
        "expected a table for `sections` entry 1 at the top level, found a string",
    ),
    (
        "source-bad-date",
        Some((8, 8)),
        "invalid date `8 April 2024` for `date` in [[sources]] #1",
    ),
    (
        "source-missing-id",
        Some((5, 1)),
        "missing required key `id` in [[sources]] #1",
    ),
    (
        "source-missing-title",
        Some((5, 1)),
        "missing required key `title` in [[sources]] #1",
    ),
    (
        "sources-not-strings",
        Some((17, 12)),
        "expected a string for `sources` entry 1 in [[sections.items]] #1 of section `agenda`, found an integer",
    ),
    (
        "syntax-error",
        Some((2, 17)),
        "invalid TOML: invalid basic string, expected `\"`",
    ),
    (
        "tags-not-array",
        Some((4, 8)),
        "expected an array of strings for `tags` in [briefing], found a string",
    ),
    (
        "unknown-key-briefing",
        Some((2, 1)),
        "unknown key `titel` in [briefing]",
    ),
    (
        "unknown-key-figure",
        Some((18, 43)),
        "unknown key `units` in figure #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "unknown-key-item",
        Some((17, 1)),
        "unknown key `bdy` in [[sections.items]] #1 of section `agenda`",
    ),
    (
        "unknown-key-person",
        Some((21, 1)),
        "unknown key `rank` in [[people]] #1",
    ),
    (
        "unknown-key-quote",
        Some((18, 50)),
        "unknown key `said` in quote #1 of [[sections.items]] #1 of section `agenda`",
    ),
    (
        "unknown-key-section",
        Some((13, 1)),
        "unknown key `sumary` in [[sections]] #1",
    ),
    (
        "unknown-key-source",
        Some((8, 1)),
        "unknown key `published` in [[sources]] #1",
    ),
    (
        "unknown-key-top",
        Some((1, 1)),
        "unknown key `colour` at the top level",
    ),
    (
        "when-is-time",
        Some((17, 8)),
        "expected a date or datetime for `when` in [[sections.items]] #1 of section `agenda`, found a time",
    ),
    ("whitespace-only", Some((1, 1)), "the file is empty"),
    (
        "wrong-type",
        Some((2, 9)),
        "expected a string for `title` in [briefing], found an integer",
    ),
];

#[test]
fn every_invalid_fixture_fails_with_its_message_at_its_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for (name, at, message) in INVALID {
        let output = brief()
            .current_dir(&dir)
            .args(["check", &format!("{name}.toml")])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}");
        let headline = match at {
            Some((line, col)) => format!("{name}.toml:{line}:{col}: error: {message}"),
            None => format!("{name}.toml: error: {message}"),
        };
        assert_eq!(
            stderr.lines().next(),
            Some(headline.as_str()),
            "{name}:\n{stderr}"
        );
    }
}

#[test]
fn every_invalid_fixture_is_in_the_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut table: Vec<&str> = INVALID.iter().map(|(n, _, _)| *n).collect();
    table.sort();
    assert_eq!(names, table);
}

#[test]
fn the_curated_briefing_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml");
    brief()
        .args(["check"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": ok — \"Kishida in Washington"))
        .stdout(predicate::str::contains("4 sections, 21 items"))
        .stderr(predicate::str::contains("error").not());
}

#[test]
fn valid_fixtures_pass() {
    brief()
        .args(["check"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("minimal.toml: ok"))
        .stdout(predicate::str::contains("complete.toml: ok"))
        .stderr(
            predicate::str::contains("files checked:")
                .and(predicate::str::contains("0 with errors")),
        );
}

#[test]
fn a_folder_with_valid_and_invalid_files_reports_both() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("nested");
    std::fs::create_dir(&nested).unwrap();
    std::fs::copy(fixture("valid", "minimal"), dir.path().join("a-good.toml")).unwrap();
    std::fs::copy(
        fixture("invalid", "dangling-source"),
        nested.join("b-bad.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a briefing").unwrap();
    let output = brief().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("a-good.toml: ok — \"Smallest briefing\" — 1 section, 0 items"),
        "{stdout}"
    );
    assert!(
        stderr.contains("b-bad.toml:17:12: error: source `reuters` not found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 files checked: 1 valid, 1 with errors"),
        "{stderr}"
    );
    assert!(!stderr.contains("notes.txt"));
}

#[test]
fn usage_errors_exit_2() {
    brief()
        .args(["check", "no/such/briefing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/briefing.toml: cannot read: No such file or directory",
        ));
    let empty = tempfile::tempdir().unwrap();
    brief()
        .arg("check")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no briefing files"));
    brief().arg("check").assert().code(2);
}

#[test]
fn control_characters_give_warnings_with_lines_and_exit_0() {
    let path = fixture("valid", "control-characters");
    let output = brief().arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("control-characters.toml:10:9: warning: `title` in [[sections.items]] #1 of section `cleaned` contains a tab"), "{stderr}");
    assert!(stderr.contains("control-characters.toml:11:8: warning: `body` in [[sections.items]] #1 of section `cleaned` contains a control character and a bidirectional formatting character"), "{stderr}");
    // Nothing that could act on a terminal is printed.
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'));
    assert!(!output.stdout.contains(&0x1b));
}

#[test]
fn all_errors_of_a_file_are_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.toml");
    std::fs::write(
        &path,
        r#"[briefing]
titel = "Many problems"
date = "2024-13-01"

[[sections]]
id = "Agenda"
title = ""
key = "q"

[[sections.items]]
title = "One"
sources = ["nowhere"]
see_also = ["economy/batteries"]
figures = [{ label = "Plants", value = "two" }]
"#,
    )
    .unwrap();
    let output = brief().arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    let headlines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split_once("many.toml:").unwrap().1)
        .collect();
    assert_eq!(
        headlines,
        vec![
            "1:1: error: missing required key `title` in [briefing]",
            "2:1: error: unknown key `titel` in [briefing]",
            "3:8: error: invalid date `2024-13-01` for `date` in [briefing]",
            "6:6: error: invalid id `Agenda` for `id` in [[sections]] #1",
            "7:9: error: blank `title` in [[sections]] #1",
            "8:7: error: section key `q` is bound to the reader command `quit`",
            "12:12: error: source `nowhere` not found: `sources` names an id that no [[sources]] entry has",
            "13:13: error: see_also `economy/batteries` does not resolve: there is no section `economy`",
            "14:40: error: expected a number for `value` in figure #1 of [[sections.items]] #1 of [[sections]] #1, found a string",
        ],
        "{stderr}"
    );
}

#[test]
fn a_file_not_named_toml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minimal.txt");
    std::fs::copy(fixture("valid", "minimal"), &path).unwrap();
    brief()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "minimal.txt: error: not a briefing file: the name must end in `.toml`",
        ));
}

#[test]
fn files_over_64_mib_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    brief()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "huge.toml: error: the file is too large: 65 MiB, and a briefing may be at most 64 MiB",
        ));
}

#[test]
fn the_example_in_the_format_documentation_is_valid() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/briefing-format.md"),
    )
    .unwrap();
    let start = doc
        .find("```toml\n# A complete briefing")
        .expect("the complete example");
    let body = &doc[start + "```toml\n".len()..];
    let example = &body[..body.find("```").unwrap()];
    let complete = std::fs::read_to_string(fixture("valid", "complete")).unwrap();
    assert_eq!(
        example, complete,
        "docs example and tests/fixtures/valid/complete.toml differ"
    );
}
