//! `brief check PATH...`: report every problem of every briefing.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;

/// Runs `brief check`.
pub fn run(paths: &[PathBuf], config: &Config) -> ExitCode {
    let _ = (paths, config);
    ExitCode::FAILURE
}
