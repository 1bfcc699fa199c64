//! `brief schema` and the loader agree: the checked-in schema is the
//! command's output; every valid briefing of the repository validates
//! against it, and every fixture that is invalid for its structure (an
//! unknown key, a wrong type, a missing key) fails it. The fixtures only the
//! loader can reject are listed, and must still pass the schema, so that
//! the list in the docs stays true.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Invalid fixtures whose problem no JSON Schema can see: a real calendar
/// day, references, unique ids and keys, the letters the reader binds, and
/// a time of day where a `when` may also be free text (a schema sees TOML
/// times as strings).
const LOADER_ONLY: &[&str] = &[
    "bad-date",
    "bad-when",
    "dangling-quote-source",
    "dangling-see-also-item",
    "dangling-see-also-section",
    "dangling-source",
    "duplicate-item-id",
    "duplicate-person-id",
    "duplicate-section-id",
    "duplicate-section-key",
    "duplicate-source-id",
    "reserved-section-key",
    "when-is-time",
];

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("docs/briefing.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A TOML document as taplo hands it to a schema: dates and times as the
/// strings they are written as. A number JSON cannot hold (nan, inf) is a
/// string too, so that it is not a number. `None` when it is not TOML.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    Some(convert(toml::Value::Table(doc)))
}

fn convert(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(convert).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
        }
    }
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(toml_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Whether the loader takes the file (with the default configuration).
fn loads(path: &Path) -> bool {
    let opts = brief::config::Config::default().load_options();
    brief::briefing::load_file(path, &opts).is_ok()
}

/// The schema's verdict, with its first complaint.
fn validate(validator: &jsonschema::Validator, path: &Path) -> Result<(), String> {
    let Some(doc) = as_json(path) else {
        return Err("not TOML".into());
    };
    match validator.iter_errors(&doc).next() {
        None => Ok(()),
        Some(e) => Err(format!("{e} at {}", e.instance_path())),
    }
}

#[test]
fn the_checked_in_schema_is_what_brief_schema_prints() {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let file = std::fs::read_to_string(root().join("docs/briefing.schema.json")).unwrap();
    assert!(
        printed == file,
        "docs/briefing.schema.json is out of date: run `brief schema > docs/briefing.schema.json`"
    );
}

#[test]
fn every_valid_briefing_validates() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let mut files = vec![];
    for dir in [
        "briefings",
        "tests/fixtures/valid",
        "tests/fixtures/reader",
        "tests/fixtures/library",
    ] {
        files.extend(toml_files(&root().join(dir)));
    }
    let mut checked = 0;
    for file in files {
        if !loads(&file) {
            // The library holds a broken draft on purpose.
            assert!(validate(&validator, &file).is_err(), "{}", file.display());
            continue;
        }
        if let Err(e) = validate(&validator, &file) {
            panic!("{} loads but fails the schema: {e}", file.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn every_structurally_invalid_fixture_fails_the_schema() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let files = toml_files(&root().join("tests/fixtures/invalid"));
    assert!(files.len() > 50);
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(!loads(&file), "{name} loads");
        let verdict = validate(&validator, &file);
        if LOADER_ONLY.contains(&name.as_str()) {
            assert!(
                verdict.is_ok(),
                "{name} is listed as the loader's alone, but the schema rejects it: {verdict:?}"
            );
        } else {
            assert!(verdict.is_err(), "{name} passes the schema");
        }
    }
}

#[test]
fn the_loader_only_rules_are_listed_in_the_docs() {
    let docs = std::fs::read_to_string(root().join("docs/briefing-format.md")).unwrap();
    let section = docs
        .split("## What the schema cannot check")
        .nth(1)
        .expect("docs/briefing-format.md has a section on what the schema cannot check");
    for rule in [
        "exist",
        "`see_also`",
        "source",
        "unique",
        "key",
        "time of day",
    ] {
        assert!(
            section.contains(rule),
            "the section does not mention {rule}"
        );
    }
}

#[test]
fn the_bundled_briefing_names_the_schema_and_still_loads() {
    for file in toml_files(&root().join("briefings")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("#:schema ../docs/briefing.schema.json"),
            "{}",
            file.display()
        );
        assert!(loads(&file), "{}", file.display());
    }
}
