//! The size limits hold while a file is read, whatever the file claims its
//! size is: a link to `/dev/zero` (size 0, endless) named as a briefing or
//! as the configuration ends quickly with an error that names the limit.
//!
//! Each run is bounded in time and, so that a reader without the limit
//! fails fast instead of taking the machine's memory, in address space.

#![cfg(unix)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Address space allowed to each run: far more than the 64 MiB a briefing
/// may take, far less than an endless file would.
const ADDRESS_SPACE: u64 = 2 << 30;

/// `brief ARGS` in `dir`, with no user configuration, limited in time and
/// memory: (exit code, stdout and stderr).
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_CACHE_HOME", dir)
        .env_remove("BRIEF_CONFIG")
        .args(args);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    // `list` lists a broken file with its error on stdout; the others
    // report on stderr.
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

/// A folder with `zero.toml`, a link to `/dev/zero`.
fn zero_link() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    dir
}

#[test]
fn an_endless_briefing_stops_at_the_limit() {
    let dir = zero_link();
    for args in [
        &["check", "zero.toml"][..],
        &["export", "zero.toml", "--all"],
        &["list", "zero.toml"],
        &["search", "x", "zero.toml"],
    ] {
        let (code, err) = run(dir.path(), args);
        assert!(
            matches!(code, Some(1 | 2)),
            "{args:?}: exit {code:?} (a timeout or a crash): {err}"
        );
        assert!(
            err.contains("zero.toml") && err.contains("too large") && err.contains("64 MiB"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn an_endless_configuration_stops_at_the_limit() {
    let dir = zero_link();
    let curated = root().join(CURATED);
    let (code, err) = run(
        dir.path(),
        &["--config", "zero.toml", "check", curated.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "exit {code:?} (a timeout or a crash): {err}");
    assert!(
        err.contains("zero.toml") && err.contains("too large") && err.contains("1 MiB"),
        "{err}"
    );
}

#[test]
fn a_briefing_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    // The limit is 64 MiB; whitespace of that size is read (and is empty),
    // one byte more is refused before it is parsed.
    let dir = tempfile::tempdir().unwrap();
    let limit = 64 * 1024 * 1024;
    let at = dir.path().join("at.toml");
    let over = dir.path().join("over.toml");
    std::fs::write(&at, vec![b'\n'; limit]).unwrap();
    std::fs::write(&over, vec![b'\n'; limit + 1]).unwrap();
    let (code, err) = run(dir.path(), &["check", "at.toml"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("the file is empty"), "{err}");
    let (code, err) = run(dir.path(), &["check", "over.toml"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("too large") && err.contains("64 MiB"), "{err}");
}
