//! `brief config`: the effective configuration, or the commented default.

use std::process::ExitCode;

use crate::config::Config;

/// Runs `brief config [--default]`.
pub fn run(default: bool, config: &Config) -> ExitCode {
    let _ = (default, config);
    ExitCode::FAILURE
}
