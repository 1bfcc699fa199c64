//! Standard output that cannot take what a command prints: a closed pipe
//! ends the command quietly, as other Unix tools end (exit 0, nothing on
//! standard error); any other write error (a full disk, here `/dev/full`) is
//! one line on standard error and a non-zero exit, for every command.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every command that prints to standard output, with arguments that make
/// it print something and succeed.
const COMMANDS: &[(&str, &[&str])] = &[
    ("check", &["check", "briefings"]),
    ("export", &["export", CURATED, "--all"]),
    ("list", &["list", "briefings"]),
    ("list --json", &["list", "briefings", "--json"]),
    ("search", &["search", "steel", "briefings"]),
    ("search --json", &["search", "steel", "briefings", "--json"]),
    ("import", &["import", "tests/fixtures/import/clean.md"]),
    ("schema", &["schema"]),
    ("config", &["config"]),
    ("config --default", &["config", "--default"]),
    ("completions", &["completions", "bash"]),
    ("man", &["man"]),
    ("--help", &["--help"]),
    ("export --help", &["export", "--help"]),
    ("--version", &["--version"]),
];

/// `brief ARGS` with standard output going to `stdout`, and no user
/// configuration in reach.
fn run(args: &[&str], stdout: Stdio, home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .current_dir(root())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home)
        .env_remove("BRIEF_CONFIG")
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// The write end of a pipe whose read end is already closed: every write to
/// it fails with a broken pipe, whenever the command makes it.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn every_command_succeeds_with_a_normal_stdout() {
    // The arguments above are good ones: the failures below are the output's.
    let home = tempfile::tempdir().unwrap();
    for (name, args) in COMMANDS {
        let out = run(args, Stdio::piped(), home.path());
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        assert!(!out.stdout.is_empty(), "{name} printed nothing");
    }
}

#[test]
fn a_full_disk_is_one_line_on_stderr_and_a_failure_for_every_command() {
    let home = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, args) in COMMANDS {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let out = run(args, Stdio::from(full), home.path());
        let err = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        let expected = "brief: error: cannot write to standard output: No space left on device\n";
        if code != Some(1) || err != expected {
            failures.push(format!("{name}: exit {code:?}, stderr {err:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_closed_pipe_ends_quietly_for_every_command() {
    let home = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, args) in COMMANDS {
        let out = run(args, closed_pipe(), home.path());
        let err = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        if code != Some(0) || !err.is_empty() {
            failures.push(format!("{name}: exit {code:?}, stderr {err:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A folder of `n` small valid briefings, each mentioning "harvest".
fn generated_library(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let text = format!(
            "format = 1\n[briefing]\ntitle = \"Harvest report {i}\"\ndate = 2024-05-{:02}\n\
             [[sections]]\nid = \"a\"\ntitle = \"Fields\"\n\
             [[sections.items]]\ntitle = \"The harvest, part {i}\"\nbody = \"The harvest came in early.\"\n",
            i % 28 + 1
        );
        std::fs::write(dir.path().join(format!("b{i:03}.toml")), text).unwrap();
    }
    dir
}

#[test]
fn a_pipe_closed_while_output_is_on_its_way_ends_quietly() {
    // `brief … | head -1`: the reader takes one line and goes, and the
    // command is still writing: each prints well over the 64 KiB a pipe
    // holds, so it cannot finish before the reader has gone.
    let home = tempfile::tempdir().unwrap();
    let lib = generated_library(1500);
    let folder = lib.path().to_str().unwrap();
    for args in [
        vec!["check", folder],
        vec!["list", folder],
        vec!["search", "harvest", folder],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .current_dir(root())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path())
            .env("XDG_CACHE_HOME", home.path())
            .env_remove("BRIEF_CONFIG")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err:?}");
    }
}

#[test]
fn no_command_prints_to_stdout_without_handling_errors() {
    // Every command writes through `cli::common`; a stray `println!` would
    // panic on a full disk or a closed pipe.
    let mut files = Vec::new();
    let mut dirs = vec![root().join("src/cli")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            assert!(
                !code.contains("println!(") || code.contains("eprintln!("),
                "{}:{}: {line}",
                path.display(),
                n + 1
            );
            assert!(
                !code.contains("print!(")
                    || code.contains("eprint!(")
                    || code.contains("eprintln!("),
                "{}:{}: {line}",
                path.display(),
                n + 1
            );
        }
    }
}
