//! Disk faults for the export writer, through the binary (`brief export -o`)
//! and the reader's writer (`write_new_in`): a full disk, a read-only
//! folder, a missing folder, a write error, and a process killed mid-write.
//! Each time the previous file stays intact, the error is clear, and no
//! temporary file is left behind.
//!
//! The faults are the kernel's. A full disk is a small tmpfs filled up
//! where mounting is allowed, and the file size limit (`RLIMIT_FSIZE`)
//! elsewhere. An unwritable folder is a tmpfs remounted read-only for root
//! (whom permission bits do not stop) and a folder without write
//! permission for anyone else. Root without the right to mount cannot run
//! the read-only case: that fails under CI. Every step refused in turn, on
//! any machine, is in `write_faults.rs`; the reading-position writer
//! (`brief::state`) is in `state_faults.rs`.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::export::write::{write_file, write_new_in};

#[path = "support/tmpfs.rs"]
mod tmpfs;
use tmpfs::{Tmpfs, Unwritable, fill, names};

fn summit() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml")
}

/// `brief export` of the whole curated briefing (well over 1 KiB) to `out`.
fn export_to(out: &Path, force: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.arg("export")
        .arg(summit())
        .args(["--all", "-o"])
        .arg(out);
    if force {
        cmd.arg("--force");
    }
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_full_disk_keeps_the_old_file_and_leaves_nothing_behind() {
    let fs = match Tmpfs::mount("64k") {
        Ok(fs) => fs,
        Err(why) => {
            // The same fault from the kernel by another way: the write
            // fails with EFBIG instead of ENOSPC.
            eprintln!("tmpfs not mounted ({why}); the disk fills up by RLIMIT_FSIZE instead");
            a_write_error_keeps_the_old_file(true);
            a_write_error_keeps_the_old_file(false);
            return;
        }
    };
    let out = fs.path().join("out.txt");
    std::fs::write(&out, "precious\n").unwrap();
    fill(fs.path());
    for force in [true, false] {
        let target = if force {
            out.clone()
        } else {
            fs.path().join("new.txt")
        };
        let res = export_to(&target, force).output().unwrap();
        let err = stderr(&res);
        assert_eq!(res.status.code(), Some(1), "{err}");
        assert!(err.contains("No space left on device"), "{err}");
        assert!(err.contains(&target.display().to_string()), "{err}");
    }
    let err = write_new_in(fs.path(), "b-all", "txt", &"x".repeat(100_000)).unwrap_err();
    assert!(err.to_string().contains("No space left on device"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    assert_eq!(names(fs.path()), vec!["filler", "out.txt"]);
}

#[test]
fn a_read_only_folder_keeps_the_old_file_and_leaves_nothing_behind() {
    let Some(fs) = Unwritable::new("an export into a read-only folder") else {
        return;
    };
    let words = fs.words();
    let out = fs.path().join("out.txt");
    std::fs::write(&out, "precious\n").unwrap();
    fs.lock();
    for (target, force) in [(out.clone(), true), (fs.path().join("new.txt"), false)] {
        let res = export_to(&target, force).output().unwrap();
        let err = stderr(&res);
        assert_eq!(res.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("cannot write {}: {words}", target.display())),
            "{err}"
        );
    }
    let err = write_file(&out, "new", true).unwrap_err().to_string();
    assert!(err.contains(words), "{err}");
    let err = write_new_in(fs.path(), "b-all", "txt", "x").unwrap_err();
    assert!(err.to_string().contains(words), "{err}");
    // A missing export folder inside a read-only one cannot be created.
    let err = write_new_in(&fs.path().join("exports"), "b", "txt", "x").unwrap_err();
    assert!(err.to_string().contains(words), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    assert_eq!(names(fs.path()), vec!["out.txt"]);
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing").join("out.txt");
    let res = export_to(&target, false).output().unwrap();
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains("missing/out.txt"), "{err}");
    assert!(err.contains("No such file or directory"), "{err}");
    assert!(names(dir.path()).is_empty());
}

/// Runs an export with the file size limit at 1 KiB: the write fails with
/// EFBIG when SIGXFSZ is ignored, and the kernel kills the process in the
/// middle of the write when it is not.
fn export_with_size_limit(target: &Path, force: bool, kill: bool) -> Output {
    let mut cmd = export_to(target, force);
    tmpfs::limit_file_size(&mut cmd, 1024, kill);
    cmd.output().unwrap()
}

fn a_write_error_keeps_the_old_file(force: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    std::fs::write(&out, "precious\n").unwrap();
    let target = if force {
        out.clone()
    } else {
        dir.path().join("new.txt")
    };
    let res = export_with_size_limit(&target, force, false);
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    assert_eq!(names(dir.path()), vec!["out.txt"]);
}

#[test]
fn a_write_error_keeps_the_old_file_and_leaves_nothing_behind() {
    a_write_error_keeps_the_old_file(true);
    a_write_error_keeps_the_old_file(false);
}

#[test]
fn a_process_killed_mid_write_keeps_the_old_file_and_leaves_nothing_behind() {
    for force in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.txt");
        std::fs::write(&out, "precious\n").unwrap();
        let target = if force {
            out.clone()
        } else {
            dir.path().join("new.txt")
        };
        let res = export_with_size_limit(&target, force, true);
        assert_eq!(
            res.status.signal(),
            Some(libc::SIGXFSZ),
            "killed by the kernel mid-write: {res:?}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
        assert_eq!(names(dir.path()), vec!["out.txt"], "nothing left behind");
    }
}
