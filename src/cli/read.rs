//! `brief [PATH]`: open the reader.

use std::path::Path;
use std::process::ExitCode;

use crate::config::Config;

/// Opens the reader on a briefing file or a folder of them.
pub fn run(path: Option<&Path>, config: &Config) -> ExitCode {
    let _ = (path, config);
    ExitCode::FAILURE
}
