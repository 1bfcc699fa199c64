//! The reader: a tabbed terminal UI.

pub mod action;
pub mod keymap;
pub mod app;
pub mod search;
pub mod tabs;
pub mod ui;
pub mod run;
pub mod terminal;
