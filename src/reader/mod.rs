//! The reader: a tabbed terminal UI.

pub mod action;
pub mod app;
pub mod keymap;
pub mod matches;
pub mod picker;
pub mod run;
pub mod tabs;
pub mod terminal;
pub mod ui;
pub mod watch;

#[cfg(test)]
mod app_tests;
