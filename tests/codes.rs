//! Every diagnostic code is documented, every documented code exists, and
//! every code is produced by some file: a fixture, or (for the few that no
//! file in the repository can be) a file the test makes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use brief::briefing::{Code, LoadOptions, load_file};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The codes in the tables of the Messages section of the format's docs.
fn documented() -> BTreeSet<String> {
    let docs = std::fs::read_to_string(root().join("docs/briefing-format.md")).unwrap();
    let messages = docs.split("\n## Messages").nth(1).unwrap();
    messages
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|c| c.len() == 5 && (c.starts_with('E') || c.starts_with('W')))
        .map(String::from)
        .collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The codes `load_file` gives the file.
fn codes_of(path: &Path, opts: &LoadOptions) -> Vec<Code> {
    let report = match load_file(path, opts) {
        Ok(loaded) => loaded.warnings,
        Err(report) => report,
    };
    report
        .diagnostics
        .iter()
        .map(|d| {
            d.code
                .unwrap_or_else(|| panic!("{}: {d:?} has no code", path.display()))
        })
        .collect()
}

#[test]
fn every_code_is_documented_and_every_documented_code_exists() {
    let all: BTreeSet<String> = Code::ALL.iter().map(|c| c.to_string()).collect();
    let docs = documented();
    let undocumented: Vec<_> = all.difference(&docs).collect();
    let unknown: Vec<_> = docs.difference(&all).collect();
    assert!(
        undocumented.is_empty(),
        "not in docs/briefing-format.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "documented but no such code: {unknown:?}"
    );
}

#[test]
fn every_code_is_produced_by_some_file() {
    let opts = brief::config::Config::default().load_options();
    let mut paths = Vec::new();
    files(&root().join("tests/fixtures"), &mut paths);
    files(&root().join("tests/hostile"), &mut paths);
    // What no file of the repository can be: missing, a folder, 65 MiB.
    let tmp = tempfile::tempdir().unwrap();
    paths.push(tmp.path().join("missing.toml"));
    let folder = tmp.path().join("folder.toml");
    std::fs::create_dir(&folder).unwrap();
    paths.push(folder);
    let big = tmp.path().join("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    paths.push(big);

    let mut produced = BTreeSet::new();
    for path in &paths {
        produced.extend(codes_of(path, &opts).into_iter().map(|c| c.to_string()));
    }
    let all: BTreeSet<String> = Code::ALL.iter().map(|c| c.to_string()).collect();
    let never: Vec<_> = all.difference(&produced).collect();
    assert!(never.is_empty(), "no file produces {never:?}");
}
