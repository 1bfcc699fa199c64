//! Real disk faults for tests: a small tmpfs (mounting needs root), filling
//! it up, and a folder the process cannot write into, however it runs.
//!
//! A case that cannot run here fails under CI (`CI=true`) rather than
//! passing, and says so elsewhere ([`cannot_run`]): a green run never hides a
//! fault case that was not tried.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A tmpfs mounted on a temporary folder, unmounted when dropped.
pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. "64k"), or says why it could not.
    pub fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(Tmpfs { dir })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(ok.success(), "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills a file system until a write fails.
pub fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![b'x'; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

/// Whether the tests run under CI (`CI` set to anything but empty, `0` or
/// `false`, as every CI service sets it).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Says that `case` could not run here, and why: a failure under CI, a note
/// on standard error elsewhere (a developer's machine may lack the rights).
/// A CI that knowingly runs without root's rights (to mount, to make device
/// nodes) says so with `BRIEF_TEST_UNPRIVILEGED=1`, and gets the note: the
/// faults themselves are then still tried, through the writers' seam
/// (`write_faults.rs`), only not on a real tmpfs.
pub fn cannot_run(case: &str, why: &str) {
    let declared = std::env::var_os("BRIEF_TEST_UNPRIVILEGED").is_some_and(|v| v == "1");
    assert!(
        !under_ci() || declared,
        "{case} cannot run here, and CI must run it \
         (or say BRIEF_TEST_UNPRIVILEGED=1 where root's rights are missing): {why}"
    );
    eprintln!("NOT RUN: {case}: {why}");
}

/// Limits the files `cmd` may write to `bytes` (`RLIMIT_FSIZE`): a write
/// past it fails with EFBIG ("File too large"), the kernel's own fault
/// where no tmpfs can be filled, for any user. With `kill`, the kernel
/// kills the process there instead (`SIGXFSZ`), mid-write.
pub fn limit_file_size(cmd: &mut Command, bytes: u64, kill: bool) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let action = if kill { libc::SIG_DFL } else { libc::SIG_IGN };
            libc::signal(libc::SIGXFSZ, action);
            Ok(())
        });
    }
}

/// Whether this process runs as root (permission bits do not stop it).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    let uid = unsafe { libc::geteuid() };
    uid == 0
}

/// A tmpfs of `size` for `case`, or `None` after [`cannot_run`].
pub fn tmpfs_for(case: &str, size: &str) -> Option<Tmpfs> {
    match Tmpfs::mount(size) {
        Ok(fs) => Some(fs),
        Err(why) => {
            cannot_run(case, &format!("no tmpfs could be mounted: {why}"));
            None
        }
    }
}

/// A folder that a test fills, then makes unwritable with [`Unwritable::lock`]:
/// a tmpfs remounted read-only for root (whom permission bits do not stop),
/// a folder without write permission for anyone else.
pub enum Unwritable {
    /// Root: a tmpfs, remounted read-only (`EROFS`).
    ReadOnly(Tmpfs),
    /// Not root: mode 0555 (`EACCES`).
    Forbidden(tempfile::TempDir),
}

impl Unwritable {
    /// One for `case`, or `None` after [`cannot_run`] (root without the
    /// right to mount).
    pub fn new(case: &str) -> Option<Unwritable> {
        if is_root() {
            tmpfs_for(case, "1m").map(Unwritable::ReadOnly)
        } else {
            Some(Unwritable::Forbidden(tempfile::tempdir().unwrap()))
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        match self {
            Unwritable::ReadOnly(fs) => fs.path(),
            Unwritable::Forbidden(dir) => dir.path(),
        }
    }

    /// Makes the folder (and, for the tmpfs, all below it) unwritable.
    pub fn lock(&self) {
        match self {
            Unwritable::ReadOnly(fs) => fs.remount_read_only(),
            Unwritable::Forbidden(dir) => set_mode(dir.path(), 0o555),
        }
    }

    /// The system's words for a write refused here.
    pub fn words(&self) -> &'static str {
        match self {
            Unwritable::ReadOnly(_) => "Read-only file system",
            Unwritable::Forbidden(_) => "Permission denied",
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        // So that the temporary folder can be removed.
        if let Unwritable::Forbidden(dir) = self {
            set_mode(dir.path(), 0o755);
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
