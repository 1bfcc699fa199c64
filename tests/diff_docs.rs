//! The documentation of `brief diff` is what it does: the README's example
//! is the command's real output, and docs/diff.md names every field and
//! every kind of change of the JSON shape.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap()
}

fn brief(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("brief")
        .unwrap()
        .current_dir(root())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("BRIEF_CONFIG")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_readme_example_is_the_real_output() {
    let readme = read("README.md");
    let command = "brief diff briefings/us-japan-summit-2024-04.toml \
                   tests/fixtures/diff/us-japan-summit-2024-04-11.toml";
    let start = readme
        .find(&format!("$ {command}\n"))
        .expect("the README shows the example");
    let shown = &readme[start..];
    let shown = &shown[shown.find('\n').unwrap() + 1..];
    let shown = &shown[..shown.find("```").unwrap()];
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    assert_eq!(
        shown,
        brief(&args),
        "README.md's `brief diff` example is out of date"
    );
}

/// Every key of every object in a JSON value, and every `kind` and `op`.
fn names(v: &serde_json::Value, keys: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                keys.insert(k.clone());
                if k == "kind" || k == "op" || k == "status" {
                    values.insert(v.as_str().unwrap_or_default().to_string());
                }
                names(v, keys, values);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| names(v, keys, values)),
        _ => {}
    }
}

#[test]
fn docs_name_every_field_and_kind_of_the_json_shape() {
    let json = brief(&[
        "diff",
        "tests/fixtures/diff/every-kind-old.toml",
        "tests/fixtures/diff/every-kind-new.toml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (mut keys, mut values) = (BTreeSet::new(), BTreeSet::new());
    names(&v, &mut keys, &mut values);
    let docs = read("docs/diff.md");
    for name in keys.iter().chain(&values) {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/diff.md does not name `{name}`"
        );
    }
    // The fixture shows every kind of change there is.
    for kind in [
        "text",
        "value",
        "moved",
        "figure",
        "added",
        "removed",
        "quote-added",
        "quote-removed",
    ] {
        assert!(values.contains(kind), "no `{kind}` in the fixture's diff");
    }
}

/// The diff engine sits beside the export and the library: it may use the
/// briefing and the layout, never the configuration, the reader or the
/// command line above it (the reader will show its result).
#[test]
fn the_diff_module_uses_no_layer_above_it() {
    let dir = root().join("src/diff");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for above in [
            "crate::config",
            "crate::reader",
            "crate::cli",
            "crate::export",
            "crate::library",
            "crate::state",
        ] {
            assert!(!text.contains(above), "{} uses {above}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 5, "the module's files were found");
}
