use std::process::ExitCode;

fn main() -> ExitCode {
    brief::cli::main()
}
