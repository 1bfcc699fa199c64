//! `brief export`: sections as text or Markdown, to stdout or a file.

use std::process::ExitCode;

use super::ExportArgs;
use crate::config::Config;

/// Runs `brief export`.
pub fn run(args: &ExportArgs, config: &Config) -> ExitCode {
    let _ = (args, config);
    ExitCode::FAILURE
}
