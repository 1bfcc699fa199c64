use super::*;

/// Names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    write_file(&path, "hello\n", false).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "hello\n");
    assert_eq!(names(dir.path()), vec!["out.txt"]);
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    fs::write(&path, "precious").unwrap();
    let err = write_file(&path, "new", false).unwrap_err();
    assert!(matches!(err, WriteError::Exists { .. }));
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "precious");
    assert_eq!(names(dir.path()), vec!["out.txt"]);
}

#[test]
fn replaces_with_force_keeping_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    fs::write(&path, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    write_file(&path, "new", true).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    assert_eq!(names(dir.path()), vec!["out.txt"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}

#[test]
fn a_streamed_export_arrives_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    let line = "<p>a line of an export, written piece by piece</p>\n";
    write_file_with(&path, false, |w| {
        for _ in 0..50_000 {
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), line.repeat(50_000));
    assert_eq!(names(dir.path()), vec!["out.html"]);
}

#[test]
fn a_stream_that_fails_leaves_the_old_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    fs::write(&path, "precious").unwrap();
    let err = write_file_with(&path, true, |w| {
        w.write_all(&[b'x'; 100_000])?;
        Err(io::Error::other("the briefing ran away"))
    })
    .unwrap_err();
    assert!(matches!(err, WriteError::Io { .. }), "{err}");
    assert!(
        err.to_string().ends_with("out.html: the briefing ran away"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "precious");
    assert_eq!(names(dir.path()), vec!["out.html"]);
}

#[test]
fn missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("out.txt");
    let err = write_file(&path, "x", false).unwrap_err().to_string();
    assert!(err.contains("missing/out.txt"), "{err}");
    assert!(err.contains("No such file or directory"), "{err}");
}

#[test]
fn a_failed_rename_leaves_no_temporary_file() {
    // The temporary file is written, then the rename onto a non-empty
    // folder fails: the folder stays and the temporary file goes.
    // (`write_file` refuses a folder before this; the rename is tried
    // here directly, as a folder appearing meanwhile would meet it.)
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.txt");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside"), "x").unwrap();
    let tmp = temp_with(dir.path(), None, bytes("x"), &no_faults).unwrap();
    assert!(tmp.replace(&target, &no_faults).is_err());
    assert_eq!(names(dir.path()), vec!["out.txt"]);
    assert_eq!(names(&target), vec!["inside"]);
}

#[test]
fn a_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.txt");
    fs::create_dir(&target).unwrap();
    for force in [false, true] {
        let err = write_file(&target, "x", force).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile { .. }), "{err}");
        assert!(
            err.to_string()
                .ends_with("out.txt: it is a folder, not a file"),
            "{err}"
        );
    }
    assert_eq!(names(dir.path()), vec!["out.txt"]);
    assert!(names(&target).is_empty());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_is_followed_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    fs::write(&file, "old").unwrap();
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    assert!(matches!(
        write_file(&link, "new", false),
        Err(WriteError::Exists { .. })
    ));
    write_file(&link, "new", true).unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), "new");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.txt"));
    assert_eq!(names(dir.path()), vec!["link.txt", "real.txt"]);
}

#[test]
fn a_parent_that_is_a_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), "x").unwrap();
    let path = dir.path().join("file").join("out.txt");
    let err = write_file(&path, "x", true).unwrap_err().to_string();
    assert!(err.contains("file/out.txt"), "{err}");
    assert_eq!(names(dir.path()), vec!["file"]);
}

#[test]
fn new_names_count_up() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("exports").join("deep");
    let a = write_new_in(&sub, "b-agenda", "txt", "1").unwrap();
    let b = write_new_in(&sub, "b-agenda", "txt", "2").unwrap();
    let c = write_new_in(&sub, "b-agenda", "txt", "3").unwrap();
    assert_eq!(a, sub.join("b-agenda.txt"));
    assert_eq!(b, sub.join("b-agenda-2.txt"));
    assert_eq!(c, sub.join("b-agenda-3.txt"));
    assert_eq!(fs::read_to_string(&a).unwrap(), "1");
    assert_eq!(fs::read_to_string(&c).unwrap(), "3");
    assert_eq!(
        names(&sub),
        vec!["b-agenda-2.txt", "b-agenda-3.txt", "b-agenda.txt"]
    );
}

#[test]
fn bad_stems_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for stem in ["", "a/b", "a\\b", "..", "x..y", "a\0b", ".", "a\nb"] {
        let err = write_new_in(dir.path(), stem, "txt", "x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{stem:?}");
    }
    assert!(write_new_in(dir.path(), "ok", "../x", "x").is_err());
    assert!(names(dir.path()).is_empty());
}
