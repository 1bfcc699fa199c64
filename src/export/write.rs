//! Atomic files: an export is written to a temporary file in the target's
//! folder, flushed and synced, then renamed into place, so a reader of the
//! path sees the old file or the new one, never half of one; a failure leaves
//! the old file as it was and no temporary file behind (the temporary file
//! deletes itself when dropped).
//!
//! Only regular files are replaced. A link to one is followed: the file it
//! points to is replaced, and the link stays. A character device or a FIFO
//! (`/dev/stdout`, `/dev/null`, a named pipe) is written into, as a shell's
//! `>` would, and never replaced. Anything else (a folder, a socket, a
//! block device, a link to nothing) is refused before anything is written.
//!
//! On Linux the temporary file has no name while it is written (`O_TMPFILE`)
//! and is linked into the folder only when complete, so even a process
//! killed mid-write leaves nothing behind. Elsewhere, or on a file system
//! without `O_TMPFILE`, it is a named hidden file (`.brief-export-*.tmp`).
//!
//! Every step that the system can refuse asks a [`Faults`] first. The real
//! writers ask [`no_faults`]; the tests ask one that refuses a chosen step
//! with the error a full disk or a read-only or forbidden folder gives, so
//! that every failure path runs on any machine, as root or not, with or
//! without the right to mount a small file system.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::briefing::diagnostic::display_path;

/// A step of an atomic write at which the system can refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Creating the folder the file goes in ([`write_new_in`] and the saved
    /// reading positions create it when missing).
    Folder,
    /// Creating the temporary file without a name (Linux `O_TMPFILE`).
    /// Refused with `EOPNOTSUPP`, the write falls back to a named hidden
    /// file, as on a file system without `O_TMPFILE`.
    Unnamed,
    /// Creating the temporary file (the named one, or the unnamed one after
    /// [`Step::Unnamed`]).
    Create,
    /// One write of a buffer-full into the file: a refusal after the first
    /// leaves part of the file written, as a disk that fills up does.
    Write,
    /// Syncing the complete file to the disk.
    Sync,
    /// Giving the complete file a name in the folder: its final name when
    /// nothing is replaced, else a hidden name before the rename.
    Link,
    /// Renaming the complete file over the one it replaces.
    Rename,
}

/// Asked before each [`Step`]: an error stands for the system's refusal of
/// that step, and the write fails as it would. A seam rather than a mock:
/// the real calls run when it answers `Ok`, so the cleanup a test sees is
/// the real one.
pub type Faults<'a> = &'a dyn Fn(Step) -> io::Result<()>;

/// The [`Faults`] of the real writers: every step goes to the system.
///
/// # Errors
/// Never.
pub fn no_faults(_: Step) -> io::Result<()> {
    Ok(())
}

/// A writer that asks [`Faults`] before each write reaches the file. It
/// sits below the buffer, so a refusal comes where a full disk's would:
/// when a buffer-full is written, after the ones before it.
struct Checked<'a, W> {
    inner: W,
    faults: Faults<'a>,
}

impl<W: Write> Write for Checked<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (self.faults)(Step::Write)?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and replacing it was not asked for.
    #[error("{} already exists; use --force to replace it", display_path(.path))]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The path holds something that is neither a file to replace nor a
    /// device or FIFO to write into (a folder, a socket …).
    #[error("cannot write {}: it is {what}, not a file", display_path(.path))]
    NotAFile {
        /// The path asked for.
        path: PathBuf,
        /// What it is instead: "a folder", "a socket" …
        what: &'static str,
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

/// A complete temporary file, waiting to be put in place.
enum Pending {
    /// A named hidden file that removes itself when dropped.
    Named(NamedTempFile),
    /// A file with no name yet (Linux `O_TMPFILE`): the kernel frees it if
    /// it is never linked, even when the process is killed.
    #[cfg(target_os = "linux")]
    Unnamed { file: File, dir: PathBuf },
}

/// A temporary file in `dir`, filled by `fill` through a buffer, synced.
/// It is created with the permissions a plain new file would get (0666 less
/// the umask) or, when replacing a file, that file's permissions. A `fill`
/// that fails leaves no file behind.
fn temp_with(
    dir: &Path,
    like: Option<&fs::Metadata>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    faults: Faults,
) -> io::Result<Pending> {
    #[cfg(target_os = "linux")]
    if let Some(file) = unnamed::create(dir, like, faults)? {
        let mut w = io::BufWriter::with_capacity(
            BUFFER,
            Checked {
                inner: file,
                faults,
            },
        );
        fill(&mut w)?;
        let file = w
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .inner;
        faults(Step::Sync)?;
        file.sync_all()?;
        return Ok(Pending::Unnamed {
            file,
            dir: dir.to_path_buf(),
        });
    }
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
    faults(Step::Create)?;
    let mut tmp = builder.tempfile_in(dir)?;
    {
        let mut w = io::BufWriter::with_capacity(
            BUFFER,
            Checked {
                inner: &mut tmp,
                faults,
            },
        );
        fill(&mut w)?;
        w.flush()?;
    }
    faults(Step::Sync)?;
    tmp.as_file().sync_all()?;
    Ok(Pending::Named(tmp))
}

/// How much of a streamed export is held before it is written: enough that
/// a long export makes few system calls, small beside any export.
const BUFFER: usize = 1 << 16;

/// `contents`, as a filler of a file.
fn bytes(contents: &str) -> impl FnOnce(&mut dyn Write) -> io::Result<()> + '_ {
    move |w| w.write_all(contents.as_bytes())
}

impl Pending {
    /// Gives the file the name `path` unless that name is taken
    /// (`AlreadyExists`, and the file comes back for another try).
    fn link_new(self, path: &Path, faults: Faults) -> Result<(), (Pending, io::Error)> {
        if let Err(e) = faults(Step::Link) {
            return Err((self, e));
        }
        match self {
            Pending::Named(tmp) => tmp
                .persist_noclobber(path)
                .map(drop)
                .map_err(|e| (Pending::Named(e.file), e.error)),
            #[cfg(target_os = "linux")]
            Pending::Unnamed { file, dir } => match unnamed::link(&file, path) {
                Ok(()) => Ok(()),
                Err(e) => Err((Pending::Unnamed { file, dir }, e)),
            },
        }
    }

    /// Puts the file at `path`, replacing what is there in one rename.
    fn replace(self, path: &Path, faults: Faults) -> io::Result<()> {
        match self {
            Pending::Named(tmp) => {
                faults(Step::Rename)?;
                tmp.persist(path).map(drop).map_err(|e| e.error)
            }
            #[cfg(target_os = "linux")]
            Pending::Unnamed { file, dir } => {
                // Name it in the folder, then rename that over the target.
                let mut n = 0u32;
                let tmp = loop {
                    let name = dir.join(unnamed::temp_name(n));
                    match faults(Step::Link).and_then(|()| unnamed::link(&file, &name)) {
                        Ok(()) => break name,
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                        Err(e) => return Err(e),
                    }
                };
                faults(Step::Rename)
                    .and_then(|()| fs::rename(&tmp, path))
                    .inspect_err(|_| {
                        let _ = fs::remove_file(&tmp);
                    })
            }
        }
    }
}

#[cfg(target_os = "linux")]
mod unnamed {
    //! `O_TMPFILE` files and `linkat(2)` through `/proc/self/fd`.
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    use super::{Faults, Step};

    /// An unnamed file in `dir`, or `None` when this system or file system
    /// cannot make one (the caller falls back to a named file).
    pub fn create(
        dir: &Path,
        like: Option<&std::fs::Metadata>,
        faults: Faults,
    ) -> io::Result<Option<File>> {
        if !Path::new("/proc/self/fd").is_dir() {
            return Ok(None);
        }
        let opened = faults(Step::Unnamed)
            .and_then(|()| faults(Step::Create))
            .and_then(|()| {
                OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_TMPFILE)
                    .mode(0o666)
                    .open(dir)
            });
        let file = match opened {
            Ok(f) => f,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if let Some(m) = like {
            file.set_permissions(std::fs::Permissions::from_mode(
                m.permissions().mode() & 0o7777,
            ))?;
        }
        Ok(Some(file))
    }

    /// Links the unnamed `file` at `path`; fails with `AlreadyExists` when
    /// the name is taken (never replaces).
    pub fn link(file: &File, path: &Path) -> io::Result<()> {
        let from = format!("/proc/self/fd/{}\0", file.as_raw_fd());
        let mut to = path.as_os_str().as_bytes().to_vec();
        if to.contains(&0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a file name with a NUL byte",
            ));
        }
        to.push(0);
        // SAFETY: both paths are NUL-terminated and outlive the call. (No
        // safe wrapper links a file by its descriptor: std has none.)
        #[allow(unsafe_code)]
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr().cast(),
                libc::AT_FDCWD,
                to.as_ptr().cast(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// A hidden name for the moment between linking and renaming.
    pub fn temp_name(n: u32) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!(".brief-export-{}-{nanos:x}-{n}.tmp", std::process::id())
    }
}

/// Makes a rename durable (best effort: not every system can sync a folder).
fn sync_folder(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// What is at the path an export is to be written to.
enum Target {
    /// Nothing yet: a new file.
    Missing,
    /// A regular file, at `real` once links are followed; `meta` is its own.
    File { real: PathBuf, meta: fs::Metadata },
    /// A character device or a FIFO: written into, never replaced.
    Stream,
}

/// Looks at `path`, following links, and says what the export may do there.
fn target(path: &Path) -> Result<Target, WriteError> {
    let io_err = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_a_file = |what| WriteError::NotAFile {
        path: path.to_path_buf(),
        what,
    };
    let own = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Missing),
        Err(e) => return Err(io_err(e)),
    };
    let is_link = own.file_type().is_symlink();
    let meta = if is_link {
        match fs::metadata(path) {
            Ok(m) => m,
            // Writing would create a file somewhere the link says, which
            // nobody asked for by name.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(not_a_file("a link to nothing"));
            }
            Err(e) => return Err(io_err(e)),
        }
    } else {
        own
    };
    let kind = meta.file_type();
    if kind.is_file() {
        let real = if is_link {
            fs::canonicalize(path).map_err(io_err)?
        } else {
            path.to_path_buf()
        };
        return Ok(Target::File { real, meta });
    }
    if kind.is_dir() {
        return Err(not_a_file("a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Ok(Target::Stream);
        }
        if kind.is_socket() {
            return Err(not_a_file("a socket"));
        }
        if kind.is_block_device() {
            return Err(not_a_file("a block device"));
        }
    }
    Err(not_a_file("neither a file nor a folder"))
}

/// Writes into the character device or FIFO at `path` what `fill` writes:
/// opened for writing only (never created, never truncated), and checked
/// once open, so that a regular file put there meanwhile is left alone.
fn write_into(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    faults: Faults,
) -> Result<(), WriteError> {
    let io_err = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io_err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = file.metadata().map_err(io_err)?.file_type();
        if !(kind.is_char_device() || kind.is_fifo()) {
            return Err(WriteError::NotAFile {
                path: path.to_path_buf(),
                what: "no longer a device or FIFO",
            });
        }
    }
    let mut w = io::BufWriter::with_capacity(
        BUFFER,
        Checked {
            inner: &mut file,
            faults,
        },
    );
    fill(&mut w).map_err(io_err)?;
    w.flush().map_err(io_err)
}

/// Writes `contents` to `path`.
///
/// A regular file is written atomically: without `force` an existing one
/// is never replaced ([`WriteError::Exists`], even when it appears between
/// the check and the rename); with `force` it is replaced in one rename,
/// keeping its permissions. Through a link, the file the link points to is
/// replaced and the link kept. A character device or a FIFO is written
/// into, with or without `force` (nothing is replaced). Anything else is
/// refused ([`WriteError::NotAFile`]) and left as it was.
pub fn write_file(path: &Path, contents: &str, force: bool) -> Result<(), WriteError> {
    write_file_with(path, force, bytes(contents))
}

/// Writes to `path` what `fill` writes into the writer it is given (a
/// buffered one), as [`write_file`] writes its contents: a long export is
/// streamed to its file rather than held whole in memory first. When
/// `fill` fails, the error is the file's ([`WriteError::Io`]) and nothing
/// is left behind: a file being replaced stays as it was.
pub fn write_file_with(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    write_file_with_faults(path, force, fill, &no_faults)
}

/// [`write_file_with`], asking `faults` before each step (see [`Faults`]).
pub fn write_file_with_faults(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    faults: Faults,
) -> Result<(), WriteError> {
    let io_err = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let (real, like) = match target(path)? {
        Target::Stream => return write_into(path, fill, faults),
        Target::File { .. } if !force => {
            return Err(WriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        Target::File { real, meta } => (real, Some(meta)),
        Target::Missing => (path.to_path_buf(), None),
    };
    let dir = folder(&real);
    let tmp = temp_with(dir, like.as_ref(), fill, faults).map_err(io_err)?;
    let persisted = if force {
        tmp.replace(&real, faults)
    } else {
        // Dropping the file that comes back removes it.
        tmp.link_new(&real, faults).map_err(|(_, e)| e)
    };
    match persisted {
        Ok(()) => {
            sync_folder(dir);
            Ok(())
        }
        Err(e) if !force && e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Exists {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(io_err(e)),
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
    write_new_in_with_faults(dir, stem, ext, contents, &no_faults)
}

/// [`write_new_in`], asking `faults` before each step (see [`Faults`]).
pub fn write_new_in_with_faults(
    dir: &Path,
    stem: &str,
    ext: &str,
    contents: &str,
    faults: Faults,
) -> io::Result<PathBuf> {
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
    faults(Step::Folder)
        .and_then(|()| fs::create_dir_all(dir))
        .map_err(|e| context(dir, e))?;
    let mut tmp = temp_with(dir, None, bytes(contents), faults).map_err(|e| context(dir, e))?;
    for n in 1..=10_000u32 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        match tmp.link_new(&path, faults) {
            Ok(()) => {
                sync_folder(dir);
                return Ok(path);
            }
            Err((back, e)) if e.kind() == io::ErrorKind::AlreadyExists => tmp = back,
            Err((_, e)) => return Err(context(&path, e)),
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
mod tests;
