//! `brief schema`: the JSON Schema of the briefing format.

use std::process::ExitCode;

use super::common;
use crate::briefing::schema::schema_json;

/// Prints the schema; it needs no configuration.
pub fn run() -> ExitCode {
    common::finish(common::print(schema_json()), ExitCode::SUCCESS)
}
