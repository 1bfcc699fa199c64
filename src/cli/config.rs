//! `brief config`: the effective configuration, or the commented default.

use std::process::ExitCode;

use super::common;
use crate::briefing::diagnostic::display_path;
use crate::config::{Config, print};

/// The text `brief config [--default]` prints.
pub fn text(default: bool, config: &Config) -> String {
    if default {
        return print::default_file();
    }
    // A TOML comment, so the whole output stays a valid configuration file.
    let from = match &config.file {
        Some(path) => format!("# Settings from {}\n\n", display_path(path)),
        None => "# Settings from built-in defaults (no configuration file found)\n\n".to_string(),
    };
    from + &print::effective(config)
}

/// Runs `brief config [--default]`.
pub fn run(default: bool, config: &Config) -> ExitCode {
    common::finish(common::print(text(default, config)), ExitCode::SUCCESS)
}
