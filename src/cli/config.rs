//! `brief config`: the effective configuration, or the commented default.

use std::io::Write;
use std::process::ExitCode;

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
    let mut out = std::io::stdout().lock();
    match out
        .write_all(text(default, config).as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`brief config | head`) is not worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("brief: cannot write the configuration: {e}");
            ExitCode::FAILURE
        }
    }
}
