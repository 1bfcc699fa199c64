//! Briefing files: the model, the loader, its diagnostics and text rules.

pub mod clean;
pub mod code;
pub mod diagnostic;
pub mod first;
pub mod fmt;
pub mod load;
pub mod model;
pub mod schema;
pub mod skeleton;
pub mod spec;
pub mod text;
mod validate;

pub use code::Code;
pub use diagnostic::{Diagnostic, Report, Severity};
pub use load::{LoadOptions, Loaded, load_bytes, load_file, load_owned, load_str, read_file};
pub use model::*;
