//! `brief completions SHELL` and `brief man`, from the same clap definition.

use std::process::ExitCode;

/// Prints a completion script.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let _ = shell;
    ExitCode::FAILURE
}

/// Prints the man page.
pub fn man() -> ExitCode {
    ExitCode::FAILURE
}
