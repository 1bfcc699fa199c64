//! Atomic files: an export is written to a temporary file in the target's
//! folder, flushed and synced, then renamed into place, so a reader of the
//! path sees the old file or the new one, never half of one; a failure leaves
//! the old file as it was and no temporary file behind (the temporary file
//! deletes itself when dropped).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::briefing::diagnostic::display_path;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and replacing it was not asked for.
    #[error("{} already exists; use --force to replace it", display_path(.path))]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The system refused (missing or read-only folder, full disk …).
    #[error("cannot write {}: {source}", display_path(.path))]
    Io {
        /// The file that was to be written.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
}

/// The folder a file goes in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file next to where `contents` will go, holding them, synced.
/// It is created with the permissions a plain new file would get (0666 less
/// the umask) or, when replacing a file, that file's permissions.
fn temp_with(dir: &Path, contents: &str, like: Option<&fs::Metadata>) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".brief-export-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = like.map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = like;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Makes a rename durable (best effort: not every system can sync a folder).
fn sync_folder(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `contents` to `path` atomically. Without `force` an existing file
/// is never replaced ([`WriteError::Exists`], even when it appears between
/// the check and the rename); with `force` it is replaced in one rename.
pub fn write_file(path: &Path, contents: &str, force: bool) -> Result<(), WriteError> {
    let io_err = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let existing = fs::symlink_metadata(path).ok();
    if existing.is_some() && !force {
        return Err(WriteError::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = folder(path);
    let like = existing.as_ref().filter(|m| m.is_file());
    let tmp = temp_with(dir, contents, like).map_err(io_err)?;
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => {
            sync_folder(dir);
            Ok(())
        }
        // Dropping `e.file` removes the temporary file.
        Err(e) if !force && e.error.kind() == io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(io_err(e.error)),
    }
}

/// Whether `name` can be used as a file name as it is: not empty, no path
/// separator, no `..`, no NUL or other control character, not too long.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name != "."
        && !name.contains("..")
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c == '\0' || c.is_control())
}

/// Writes `STEM.EXT` in `dir` (creating `dir` if missing), or `STEM-2.EXT`,
/// `STEM-3.EXT` … when the name is taken; never replaces a file, even one
/// created meanwhile by someone else. Returns the path written.
///
/// Refuses (`InvalidInput`) a stem or extension that is not a plain file name.
pub fn write_new_in(dir: &Path, stem: &str, ext: &str, contents: &str) -> io::Result<PathBuf> {
    for (what, name) in [("file name", stem), ("extension", ext)] {
        if !is_plain_file_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write an export: {what} {name:?} is not a plain file name"),
            ));
        }
    }
    let context = |path: &Path, e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", display_path(path)),
        )
    };
    fs::create_dir_all(dir).map_err(|e| context(dir, e))?;
    let mut tmp = temp_with(dir, contents, None).map_err(|e| context(dir, e))?;
    for n in 1..=10_000u32 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => {
                sync_folder(dir);
                return Ok(path);
            }
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(context(&path, e.error)),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "cannot write an export in {}: too many files named {stem}-N.{ext}",
            display_path(dir)
        ),
    ))
}

#[cfg(test)]
mod tests {
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
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        let err = write_file(&target, "x", true).unwrap_err().to_string();
        assert!(err.starts_with("cannot write "), "{err}");
        assert_eq!(names(dir.path()), vec!["out.txt"]);
        assert_eq!(names(&target), vec!["inside"]);
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
}
