//! Atomic files (placeholder until the export lands).

use std::io;
use std::path::{Path, PathBuf};

/// Writes `STEM.EXT` in `dir`, or `STEM-2.EXT` … when taken.
pub fn write_new_in(dir: &Path, stem: &str, ext: &str, contents: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(&path, contents)?;
            return Ok(path);
        }
        n += 1;
    }
}
