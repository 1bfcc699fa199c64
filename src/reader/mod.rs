//! The reader: a tabbed terminal UI.

pub mod action;
pub mod keymap;
