//! The reader: a tabbed terminal UI.
//!
//! A small root ([`app::App`]) holds the components and routes messages to
//! them; each component owns its state, its keys (through the key map),
//! its update and its drawing:
//!
//! - [`picker`]: the library's briefings, filtered or searched;
//! - [`reading`]: the open briefing (tabs, the text on screen, the status line);
//! - [`search`]: the prompt and the matches;
//! - [`outline`], [`tags`], [`help`]: lists over the text;
//! - [`changes`]: what is new since the briefing was last read;
//! - [`links`]: following cross-references and coming back;
//! - [`problems`]: the errors the background check of a large file found.
//!
//! [`run`] is the event loop: terminal event → [`msg::Msg`] → update →
//! [`msg::Effect`] → draw.

pub mod app;
pub mod changes;
pub mod console;
pub mod editor;
pub mod feeds;
pub mod geometry;
pub mod help;
pub mod librarian;
pub mod links;
pub mod msg;
pub mod outline;
pub mod palette;
pub mod picker;
pub mod problems;
pub mod reading;
pub mod run;
pub mod search;
pub mod tags;
pub mod terminal;
pub mod ui;
pub mod watch;
pub mod widgets;

#[cfg(test)]
mod tests;
