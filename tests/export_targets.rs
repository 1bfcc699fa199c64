//! `brief export -o PATH` for every kind of thing PATH can be: a FIFO and a
//! character device are written into (they are never replaced, so they need
//! no `--force`); a link to a file is followed, the file replaced and the
//! link kept; folders, sockets, block devices and links to nothing are
//! refused with one line, and left as they were; `-o -` is standard output.

#![cfg(unix)]

#[path = "support/tmpfs.rs"]
mod tmpfs;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn curated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(CURATED)
}

/// `brief export CURATED --section 1 …` run in `dir`, with no user
/// configuration in reach.
fn export(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BRIEF_CONFIG")
        .timeout(Duration::from_secs(30))
        .arg("export")
        .arg(curated())
        .args(["--section", "1"]);
    cmd
}

/// What the export writes to standard output: what every target must get.
fn expected() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path()).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Makes a device node with `mknod`, when this process may (root may).
fn mknod(path: &Path, kind: &str, major: u32, minor: u32) -> bool {
    std::process::Command::new("mknod")
        .arg(path)
        .args([kind, &major.to_string(), &minor.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads everything written into the FIFO at `path` on a thread; the bytes
/// arrive on the channel once the writer closes it.
fn read_fifo(path: &Path) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        // Opening a FIFO for reading waits for a writer.
        if let Ok(bytes) = fs::read(&path) {
            let _ = tx.send(bytes);
        }
    });
    rx
}

#[test]
fn a_fifo_is_written_into_with_or_without_force() {
    let expected = expected();
    for force in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        mkfifo(&fifo);
        let got = read_fifo(&fifo);
        let mut cmd = export(dir.path());
        cmd.arg("-o").arg(&fifo);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "force {force}: {}",
            stderr(&out)
        );
        let bytes = got
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("force {force}: nothing was written into the FIFO"));
        assert!(bytes == expected, "force {force}: the FIFO got other bytes");
        let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "force {force}: the FIFO was replaced");
        assert_eq!(names(dir.path()), ["pipe"], "force {force}");
    }
}

/// A character device made in a folder of the test's own, when allowed:
/// `/dev/null`'s numbers, so writing into it is harmless.
#[test]
fn a_character_device_is_written_into_and_stays_a_device() {
    use portable_pty::{PtySize, native_pty_system};
    use std::io::Read;
    // A pseudo-terminal: a character device of the test's own that any
    // user may open, whose other side reads back what the export wrote.
    let pair = native_pty_system()
        .openpty(PtySize::default())
        .expect("open a pseudo-terminal");
    let dev = pair.master.tty_name().expect("the terminal's device");
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    // The terminal turns each newline into a carriage return and a newline.
    let want = String::from_utf8(expected()).unwrap().replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    for force in [false, true] {
        let mut cmd = export(dir.path());
        cmd.arg("-o").arg(&dev);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "force {force}: {}",
            stderr(&out)
        );
        let mut got = Vec::new();
        while got.len() < want.len() {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(bytes) => got.extend(bytes),
                Err(e) => panic!("force {force}: {} of {} bytes ({e})", got.len(), want.len()),
            }
        }
        assert_eq!(String::from_utf8_lossy(&got), want, "force {force}");
        let kind = fs::symlink_metadata(&dev).unwrap().file_type();
        assert!(
            kind.is_char_device(),
            "force {force}: the device was replaced"
        );
        // Nothing was written where the export ran.
        assert!(names(dir.path()).is_empty());
    }
    drop(pair.slave);
}

#[test]
fn dev_null_is_written_into_and_stays_a_character_device() {
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/null is not a character device on this machine"
    );
    // Guard: /dev/null is used only when a stand-in proves that the export
    // writes into a device or FIFO rather than renaming a file over it.
    let dir = tempfile::tempdir().unwrap();
    let stand_in = dir.path().join("stand-in");
    if !mknod(&stand_in, "c", 1, 3) {
        mkfifo(&stand_in);
        // Something must read the FIFO; it ends when the export closes it.
        let _reader = read_fifo(&stand_in);
    }
    let out = export(dir.path())
        .arg("-o")
        .arg(&stand_in)
        .arg("--force")
        .output()
        .unwrap();
    let kind = fs::symlink_metadata(&stand_in).unwrap().file_type();
    assert!(
        out.status.success() && (kind.is_char_device() || kind.is_fifo()),
        "the stand-in was replaced or refused ({}); /dev/null left alone",
        stderr(&out)
    );

    for force in [false, true] {
        let mut cmd = export(dir.path());
        cmd.args(["-o", "/dev/null"]);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "force {force}: {}",
            stderr(&out)
        );
        let kind = fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device(), "/dev/null is no longer a device!");
    }
}

#[test]
fn dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path()).args(["-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected())
    );
    assert!(names(dir.path()).is_empty(), "a file named `-` was made");
}

#[test]
fn a_link_to_a_file_is_followed_with_force_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let here = dir.path().join("here");
    fs::create_dir(&elsewhere).unwrap();
    fs::create_dir(&here).unwrap();
    let file = elsewhere.join("real.txt");
    fs::write(&file, "precious\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let link = here.join("link.txt");
    std::os::unix::fs::symlink("../elsewhere/real.txt", &link).unwrap();

    // Without --force: refused, nothing changed.
    let out = export(dir.path()).arg("-o").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&file).unwrap(), "precious\n");

    // With --force: the file the link points to is replaced; the link stays.
    let out = export(dir.path())
        .arg("-o")
        .arg(&link)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("../elsewhere/real.txt")
    );
    assert!(
        fs::read(&file).unwrap() == expected(),
        "the file was not replaced"
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the file's permissions are kept");
    assert_eq!(names(&elsewhere), ["real.txt"]);
    assert_eq!(names(&here), ["link.txt"]);
}

/// Runs the export to `target` with and without `--force`: each time exit 1,
/// one line on stderr that contains `what`, and nothing on stdout.
fn refused(dir: &Path, target: &Path, what: &str) {
    for force in [false, true] {
        let mut cmd = export(dir);
        cmd.arg("-o").arg(target);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{what}, force {force}: {err}");
        assert!(out.stdout.is_empty());
        assert_eq!(err.lines().count(), 1, "{what}, force {force}: {err}");
        assert!(err.contains(what), "{what}, force {force}: {err}");
    }
}

#[test]
fn a_folder_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    let full = dir.path().join("full");
    fs::create_dir(&empty).unwrap();
    fs::create_dir(&full).unwrap();
    fs::write(full.join("inside"), "x").unwrap();
    refused(dir.path(), &empty, "empty: it is a folder");
    refused(dir.path(), &full, "full: it is a folder");
    assert!(names(&empty).is_empty());
    assert_eq!(names(&full), ["inside"]);
    assert_eq!(names(dir.path()), ["empty", "full"]);
}

#[test]
fn a_socket_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    refused(dir.path(), &sock, "sock: it is a socket");
    assert!(fs::symlink_metadata(&sock).unwrap().file_type().is_socket());
    assert_eq!(names(dir.path()), ["sock"]);
}

#[test]
fn a_block_device_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let node = dir.path().join("disk");
    // A loop device's numbers, where this process may make a node (root
    // may); the node is never opened. Any other user tries a block device
    // of the machine's that it cannot write, so that a refusal that failed
    // could do no harm.
    let (dev, beside) = if mknod(&node, "b", 7, 0) {
        (node, vec!["disk".to_string()])
    } else if let Some(dev) = unwritable_block_device() {
        (dev, Vec::new())
    } else {
        tmpfs::cannot_run(
            "an export onto a block device",
            "mknod refused, and no block device in /dev",
        );
        return;
    };
    let name = dev.file_name().unwrap().to_string_lossy().into_owned();
    refused(dir.path(), &dev, &format!("{name}: it is a block device"));
    assert!(
        fs::symlink_metadata(&dev)
            .unwrap()
            .file_type()
            .is_block_device()
    );
    assert_eq!(names(dir.path()), beside);
}

/// A block device in /dev that this process may not write.
fn unwritable_block_device() -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    fs::read_dir("/dev").ok()?.flatten().find_map(|e| {
        let path = e.path();
        let block = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_block_device());
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
        // SAFETY: `c` is a NUL-terminated path that outlives the call.
        #[allow(unsafe_code)]
        let writable = unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0;
        (block && !writable).then_some(path)
    })
}

#[test]
fn a_link_to_nothing_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink("nowhere.txt", &link).unwrap();
    refused(dir.path(), &link, "dangling.txt: it is a link to nothing");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("nowhere.txt"));
    assert_eq!(names(dir.path()), ["dangling.txt"]);
}
