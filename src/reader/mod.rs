//! The reader: a tabbed terminal UI.

pub mod app;
pub mod matches;
pub mod palette;
pub mod picker;
pub mod run;
pub mod tabs;
pub mod terminal;
pub mod ui;
pub mod watch;

#[cfg(test)]
mod app_tests;
