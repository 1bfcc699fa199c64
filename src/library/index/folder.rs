//! The index's folder on disk: tantivy's memory-mapped folder, without
//! waiting for the disk.
//!
//! Tantivy makes every file it writes durable before it goes on (`fsync`),
//! about twenty waits for one update, which on a busy disk took most of the
//! time of a command that changed one file. The index is a cache, made
//! again from the briefings whenever it cannot be read: a commit cut short
//! by a crash of the system leaves files that fail to open or fail their
//! checksums, and the index is built again, with one line that says so.
//! Writes still reach the files through the page cache, in the same order
//! for every process, and a commit is still one atomic rename.
//!
//! The stored records (`.store`) are read a block at a time with `pread`
//! rather than through the map: a search reads a few kilobytes for each
//! briefing it shows, scattered over hundreds of megabytes, and through the
//! map each took a page fault or two and left 64 KB mapped (a search that
//! showed 4,000 briefings held 350 MB of the index as its own memory).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

/// [`MmapDirectory`], its writes left to the system to flush.
#[derive(Debug, Clone)]
pub(super) struct Folder {
    inner: MmapDirectory,
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`, which exists.
    pub(super) fn open(root: &Path) -> tantivy::Result<Folder> {
        Ok(Folder {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// A file being written, flushed to the system when done.
struct Unsynced(File);

impl Write for Unsynced {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for Unsynced {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

/// The largest piece of a stored-records file read with a copy rather
/// than through its memory map: a search reads one block per briefing it
/// shows (a few kilobytes each, scattered over the file).
#[cfg(unix)]
const COPIED: usize = 256 * 1024;

/// A file of stored records: its blocks read with `pread`, into memory of
/// their own, where the memory map would take a page fault or two for each
/// (most of what reading thousands of them cost); larger reads, such as a
/// checksum of the whole file, still go through the map.
#[cfg(unix)]
#[derive(Debug)]
struct Blocks {
    file: File,
    mapped: Arc<dyn FileHandle>,
}

#[cfg(unix)]
impl HasLen for Blocks {
    fn len(&self) -> usize {
        self.mapped.len()
    }
}

#[cfg(unix)]
impl FileHandle for Blocks {
    fn read_bytes(&self, range: std::ops::Range<usize>) -> io::Result<OwnedBytes> {
        if range.len() > COPIED || range.end > self.len() {
            return self.mapped.read_bytes(range);
        }
        let mut bytes = vec![0; range.len()];
        std::os::unix::fs::FileExt::read_exact_at(&self.file, &mut bytes, range.start as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

impl Directory for Folder {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let mapped = self.inner.get_file_handle(path)?;
        #[cfg(unix)]
        if path.extension().is_some_and(|e| e == "store")
            && let Ok(file) = File::open(self.root.join(path))
        {
            return Ok(Arc::new(Blocks { file, mapped }));
        }
        Ok(mapped)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let full = self.root.join(path);
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&full)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        Ok(BufWriter::new(Box::new(Unsynced(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        // A temporary file in the same folder, renamed over the old one.
        let mut temp = tempfile::NamedTempFile::new_in(&self.root)?;
        temp.write_all(data)?;
        temp.flush()?;
        temp.persist(self.root.join(path)).map_err(|e| e.error)?;
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A stored-records file reads the same bytes by block as through the
    /// map, and a read too large to copy, or past the end, as the map does.
    #[test]
    fn stored_records_read_as_the_map_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("a.store"), &bytes).unwrap();
        std::fs::write(dir.path().join("a.idx"), &bytes).unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        let store = folder.get_file_handle(Path::new("a.store")).unwrap();
        let mapped = folder.get_file_handle(Path::new("a.idx")).unwrap();
        assert!(format!("{store:?}").starts_with("Blocks"));
        assert_eq!(store.len(), bytes.len());
        for range in [
            0..0,
            0..10,
            4_090..4_200,
            100_000..356_000,
            0..600_000,
            599_990..600_000,
        ] {
            let read = store.read_bytes(range.clone()).unwrap();
            assert_eq!(read.as_slice(), &bytes[range.clone()], "{range:?}");
            assert_eq!(
                read.as_slice(),
                mapped.read_bytes(range).unwrap().as_slice()
            );
        }
    }
}
