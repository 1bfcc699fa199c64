//! What flows through the reader: messages in, outcomes of components up to
//! the root, effects out to the event loop.
//!
//! ```text
//! terminal event ──▶ Msg ──▶ App::update ──▶ key map ──▶ Action ──▶ component
//!                                   ▲                                  │
//!                                   └──────────── Outcome ◀────────────┘
//!                     Effect ◀── App::update (export, copy, reload …: done by the loop)
//! ```

use std::path::PathBuf;
use std::sync::Arc;

use crate::briefing::Line;
use crate::config::keymap::Key;
use crate::export::{Format, Plan};
use crate::layout::Target;
use crate::library::index::Listed;
use crate::library::{Entry, Hit};
use crate::state::SavedPosition;

use super::changes::Found;

/// Something that happened, as the reader sees it.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The terminal is now this size (columns, rows).
    Resize(u16, u16),
    /// The wheel turned: positive scrolls down.
    Wheel(i32),
    /// A mouse click at a cell (column, row).
    Click(u16, u16),
    /// A line for the status bar (the result of an effect).
    Message(String),
    /// This many files are being listed in the library.
    Loading(usize),
    /// The library's index is being built or brought up to date: this
    /// many of the files it has to read are read.
    Indexing {
        /// Files read.
        done: usize,
        /// Files to read.
        total: usize,
    },
    /// The library as its index lists it.
    Listed(Vec<Listed>),
    /// A file of the library loaded (or failed to): one asked for by the
    /// picker, or one more of a library loaded whole.
    Loaded(Box<Entry>),
    /// The index's answer to a search of the library: the hits of each
    /// briefing found, best first, or why it failed.
    Found {
        /// The query.
        query: String,
        /// The answer.
        found: Result<Vec<(PathBuf, Vec<Hit>)>, String>,
    },
    /// The open briefing's file was read again.
    Reloaded(Box<Entry>),
    /// The whole of a large briefing, loaded in the background after its
    /// first part was shown (or every problem found in it).
    Rest(Box<Entry>),
    /// The saved reading position of the open briefing (and a notice when
    /// the saved positions could not be read).
    Resume(Option<SavedPosition>, Option<String>),
    /// What changed in the open briefing since it was last read (found on
    /// opening it, or on a reload); an empty diff clears the markers.
    Changes(Arc<Found>),
    /// No input is waiting: a step of work left for later (laying out the
    /// rest of a long section) can be done. See [`super::app::App::has_work`].
    Idle,
}

/// Work the event loop does on the update's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Suspend to the shell; redraw fully on return.
    Suspend,
    /// Export pages of the open briefing into the export folder (`whole`:
    /// the briefing as a whole rather than the tab on screen).
    Export {
        /// What to export: the pages, and the tag filter on screen.
        plan: Plan,
        /// The whole briefing was asked for.
        whole: bool,
        /// The format asked for; `None`: the configured one.
        format: Option<Format>,
    },
    /// Copy pages' text to the clipboard.
    Copy {
        /// What to copy.
        plan: Plan,
    },
    /// A briefing was opened: watch its file and look up its saved position.
    Opened {
        /// Its file.
        path: PathBuf,
    },
    /// Load a file of the library for the picker (answered by
    /// [`Msg::Loaded`]).
    Load {
        /// Its file.
        path: PathBuf,
    },
    /// Search the library's index (answered by [`Msg::Found`]).
    Search {
        /// What was typed.
        query: String,
    },
    /// Read the open briefing's file again.
    Reload {
        /// Its file.
        path: PathBuf,
    },
    /// Open the briefing's file in the user's editor, then read it again.
    Edit {
        /// Its file.
        path: PathBuf,
        /// Where in the file the editor opens: the byte offset of the item
        /// (or section) on screen, made a line when the editor is started,
        /// from the file as it is then.
        offset: usize,
    },
    /// Remember the text on screen as read: its snapshot becomes it.
    MarkRead {
        /// The briefing's file.
        path: PathBuf,
    },
}

/// What a component asks of the root once it has handled a key: the root
/// carries it out on the other components, so that none reaches into
/// another.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing more to do.
    Done,
    /// Show a line on the status bar.
    Message(String),
    /// Work for the event loop.
    Effect(Effect),
    /// An overlay is done: close it.
    Close,
    /// Scroll the section on screen to item `.0` (an outline row was chosen).
    GotoItem(usize),
    /// Show a place of the briefing (a change was chosen).
    GotoTarget(Target),
    /// Show only the items with this tag, or every item when it is the
    /// filter already (a tag was chosen).
    ToggleTag(Line),
    /// Open library entry `entry`, at `hit` when it was found by a search.
    Open {
        /// Index into the library.
        entry: usize,
        /// Where to show it.
        hit: Option<Hit>,
    },
    /// Leave the picker for the briefing it was opened from.
    BackToReading,
    /// Show the key help.
    Help,
}
