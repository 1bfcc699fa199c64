//! What commands share: writing to standard output, and the words of an
//! I/O error.
//!
//! Every command prints through [`print`] and ends through [`finish`] (or
//! [`output_failed`]), so each treats a failed write the same way: a closed
//! pipe (`brief list | head`) ends the command quietly with success, as
//! other Unix tools end; any other failure (a full disk) is one line on
//! standard error and exit status 1. `println!` would panic instead.

use std::io::{self, Write};
use std::process::ExitCode;

/// Why standard output did not take what a command printed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The reader of the pipe has gone (`| head`): nothing more is wanted.
    #[error("standard output was closed")]
    Closed,
    /// Any other failure: a full disk, an I/O error.
    #[error("cannot write to standard output: {}", reason(.0))]
    Failed(io::Error),
}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            OutputError::Closed
        } else {
            OutputError::Failed(e)
        }
    }
}

/// Writes `text` to standard output and flushes it, so that a failure is
/// known before the command goes on.
pub fn print(text: impl AsRef<[u8]>) -> Result<(), OutputError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_ref())?;
    out.flush()?;
    Ok(())
}

/// The exit status of a command whose output failed, after saying why: a
/// closed pipe is success and says nothing; anything else is one line on
/// standard error and exit status 1.
pub fn output_failed(e: OutputError) -> ExitCode {
    match e {
        OutputError::Closed => ExitCode::SUCCESS,
        OutputError::Failed(_) => {
            eprintln!("brief: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `code` when the output was written, else the status of its failure
/// (see [`output_failed`]).
pub fn finish(written: Result<(), OutputError>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) => output_failed(e),
    }
}

/// Leaves `value` to the end of the process rather than freeing it now: a
/// command about to exit gains nothing from freeing an index of 100,000
/// files and its answer piece by piece (a tenth of `brief search`'s time
/// on such a library), and the system takes the memory back at once.
pub fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// The system's reason for an I/O error, without the "(os error 28)" that
/// follows it.
pub fn reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_a_closed_output_and_the_rest_failures() {
        let closed = OutputError::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(closed, OutputError::Closed));
        let full = OutputError::from(io::Error::from_raw_os_error(28));
        assert!(matches!(full, OutputError::Failed(_)));
        assert_eq!(
            full.to_string(),
            "cannot write to standard output: No space left on device"
        );
    }
}
