//! The layout engine: a section becomes wrapped, styled lines.

mod role;

pub use role::Role;
