//! `brief`: a terminal reader for curated briefings.
//!
//! Data flows one way: a file is loaded into an immutable [`briefing::Briefing`],
//! the [`layout`] engine turns a section into wrapped, styled lines, and the
//! [`reader`] draws them while the [`export`] writes them out. [`diff`]
//! compares two versions of a briefing, and reads its history from git.

pub mod briefing;
pub mod cli;
pub mod config;
pub mod diff;
pub mod export;
pub mod import;
pub mod layout;
pub mod library;
pub mod reader;
pub mod state;
