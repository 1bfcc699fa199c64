//! Disk faults for the reading-position writer (`brief::state::Store`): a
//! full disk, a read-only folder, a folder that cannot be created, and a
//! process killed mid-write. The previous position stays readable, the
//! error says what failed, and no temporary file is left behind.
//!
//! The faults are the kernel's. A full disk is a small tmpfs filled up
//! where mounting is allowed, and the file size limit (`RLIMIT_FSIZE`, in a
//! child process) elsewhere. An unwritable folder is a tmpfs remounted
//! read-only for root and a folder without write permission for anyone
//! else; root without the right to mount cannot run that case, which fails
//! under CI. Every step refused in turn, on any machine, is in
//! `write_faults.rs`.

#[path = "support/tmpfs.rs"]
mod tmpfs;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use brief::state::{SavedPosition, Store};
use tmpfs::{Tmpfs, Unwritable, fill, names};

fn state(line: usize) -> SavedPosition {
    SavedPosition {
        tab: 3,
        section_id: "friction".into(),
        item_id: Some("steel".into()),
        item_index: Some(1),
        line_offset: line,
        content_hash: 42,
    }
}

/// A briefing file for the store to key on (its canonical path).
fn briefing(dir: &Path) -> PathBuf {
    let file = dir.join("b.toml");
    std::fs::write(&file, "").unwrap();
    file
}

#[test]
fn a_full_disk_keeps_the_previous_position_and_leaves_nothing_behind() {
    let fs = match Tmpfs::mount("64k") {
        Ok(fs) => fs,
        Err(why) => {
            // The same fault from the kernel by another way (EFBIG).
            eprintln!("tmpfs not mounted ({why}); the disk fills up by RLIMIT_FSIZE instead");
            let (out, dir, store, file) = save_with_size_limit(false);
            let err = String::from_utf8_lossy(&out.stdout);
            assert!(err.contains("SAVE-ERROR: File too large"), "{out:?}");
            assert_eq!(store.load(&file).position, Some(state(10)));
            assert_eq!(names(&dir.path().join("positions")).len(), 1);
            return;
        }
    };
    let home = tempfile::tempdir().unwrap();
    let file = briefing(home.path());
    let store = Store::at(fs.path().join("positions"));
    store.save(&file, &state(10)).unwrap();
    fill(fs.path());
    // A position that does not fit (a long id makes it large).
    let mut big = state(20);
    big.section_id = "x".repeat(200_000);
    let err = store.save(&file, &big).unwrap_err();
    assert!(err.to_string().contains("No space left on device"), "{err}");
    assert_eq!(store.load(&file).position, Some(state(10)));
    assert_eq!(
        names(&fs.path().join("positions")).len(),
        1,
        "no temporary file"
    );
}

#[test]
fn a_read_only_folder_keeps_the_previous_position_and_leaves_nothing_behind() {
    let Some(fs) = Unwritable::new("a position saved in a read-only folder") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let file = briefing(home.path());
    let store = Store::at(fs.path().join("positions"));
    store.save(&file, &state(10)).unwrap();
    let saved = std::fs::read(store.file_for(&file)).unwrap();
    // Read-only or forbidden, the folder of positions as well.
    if let Unwritable::Forbidden(_) = fs {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o555);
        std::fs::set_permissions(fs.path().join("positions"), mode).unwrap();
    }
    fs.lock();
    let err = store.save(&file, &state(20)).unwrap_err();
    assert!(err.to_string().contains(fs.words()), "{err}");
    assert_eq!(store.load(&file).position, Some(state(10)));
    assert_eq!(std::fs::read(store.file_for(&file)).unwrap(), saved);
    assert_eq!(names(&fs.path().join("positions")).len(), 1);
    // A store whose folder cannot be created on a read-only disk.
    let other = Store::at(fs.path().join("elsewhere"));
    let err = other.save(&file, &state(1)).unwrap_err();
    assert!(err.to_string().contains(fs.words()), "{err}");
    if let Unwritable::Forbidden(_) = fs {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(fs.path().join("positions"), mode).unwrap();
    }
}

#[test]
fn a_folder_that_cannot_be_created_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let file = briefing(dir.path());
    std::fs::write(dir.path().join("not-a-folder"), "x").unwrap();
    let store = Store::at(dir.path().join("not-a-folder").join("positions"));
    let err = store.save(&file, &state(1)).unwrap_err();
    assert!(
        err.kind() == std::io::ErrorKind::NotADirectory
            || err.to_string().contains("Not a directory"),
        "{err}"
    );
    assert_eq!(store.load(&file).position, None);
}

/// Run in a child process by the tests below: saves a large position with
/// the file size limit at 1 KiB, and prints how that went.
#[test]
#[ignore = "helper: run by the tests of a size limit below"]
fn helper_save_a_large_position() {
    // (Nothing to do when run by hand, with `--ignored`.)
    let Some(dir) = std::env::var_os("BRIEF_STATE_TEST_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let store = Store::at(dir.join("positions"));
    let mut big = state(20);
    big.section_id = "x".repeat(100_000);
    match store.save(&dir.join("b.toml"), &big) {
        Ok(()) => println!("SAVED"),
        Err(e) => println!("SAVE-ERROR: {e}"),
    }
}

/// A position saved in a folder with a previous one, by the helper above
/// with the file size limit at 1 KiB: when `kill`, the kernel kills it in
/// the middle of the write (SIGXFSZ); else the write fails with EFBIG.
/// (output, folder, store, briefing)
fn save_with_size_limit(kill: bool) -> (std::process::Output, tempfile::TempDir, Store, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = briefing(dir.path());
    let store = Store::at(dir.path().join("positions"));
    store.save(&file, &state(10)).unwrap();
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "helper_save_a_large_position",
        "--ignored",
        "--nocapture",
    ])
    .env("BRIEF_STATE_TEST_DIR", dir.path());
    tmpfs::limit_file_size(&mut cmd, 1024, kill);
    (cmd.output().unwrap(), dir, store, file)
}

#[test]
fn a_write_error_keeps_the_previous_position_and_leaves_nothing_behind() {
    let (out, dir, store, file) = save_with_size_limit(false);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("SAVE-ERROR: File too large"), "{out:?}");
    assert_eq!(store.load(&file).position, Some(state(10)));
    assert_eq!(names(&dir.path().join("positions")).len(), 1);
}

#[test]
fn a_process_killed_mid_write_leaves_the_previous_position_and_nothing_else() {
    let (out, dir, store, file) = save_with_size_limit(true);
    assert_eq!(out.status.signal(), Some(libc::SIGXFSZ), "{out:?}");
    assert_eq!(store.load(&file).position, Some(state(10)));
    assert_eq!(
        names(&dir.path().join("positions")).len(),
        1,
        "{:?}",
        names(&dir.path().join("positions"))
    );
}
