//! The `brief` command: parse the command line and run it.

use std::process::ExitCode;

fn main() -> ExitCode {
    brief::cli::main()
}
