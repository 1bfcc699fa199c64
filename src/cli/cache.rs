//! `brief cache [clear]`: where the search index cache is and what it
//! holds, or remove it.

use std::process::ExitCode;

use super::common;
use crate::briefing::diagnostic::display_path;
use crate::library::index;

/// Runs `brief cache` (`clear`: remove the cache).
pub fn run(clear: bool) -> ExitCode {
    let Some(dir) = index::default_cache_dir() else {
        eprintln!("error: no cache folder: set HOME or XDG_CACHE_HOME");
        return ExitCode::FAILURE;
    };
    let shown = display_path(&dir.join("index"));
    if clear {
        return match index::clear(&dir) {
            Ok(0) => common::finish(
                common::print(format!("{shown}: already empty\n")),
                ExitCode::SUCCESS,
            ),
            Ok(bytes) => common::finish(
                common::print(format!("{shown}: removed ({})\n", megabytes(bytes))),
                ExitCode::SUCCESS,
            ),
            Err(e) => {
                eprintln!("error: cannot clear the cache: {}", common::reason(&e));
                ExitCode::FAILURE
            }
        };
    }
    let (count, bytes) = index::usage(&dir);
    common::finish(
        common::print(format!(
            "{shown}: {count} index{}, {}\n",
            if count == 1 { "" } else { "es" },
            megabytes(bytes)
        )),
        ExitCode::SUCCESS,
    )
}

/// Bytes as megabytes (10⁶), as the configuration's `[cache] max_mb` counts.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
