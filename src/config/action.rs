//! What the reader can be asked to do. Keys map to these through the key
//! map; the configuration binds keys to them by name; the help lists them
//! with their descriptions. One table ([`Action::ALL`]) serves all three.

/// Where a key is pressed. Each action works in one or more of these, and a
/// key may do one thing in each (Enter follows a link while reading, opens
/// a briefing in the picker, confirms a search at the prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Reading a briefing.
    Reading,
    /// A list over the text: the outline, the tags, the key help, a file's
    /// diagnostics.
    List,
    /// The search prompt: typed letters are the query.
    Prompt,
    /// The list of briefings: typed letters filter it.
    Picker,
}

impl Context {
    /// Every context, in the order the help and the README list them.
    pub const ALL: [Context; 4] = [
        Context::Reading,
        Context::List,
        Context::Prompt,
        Context::Picker,
    ];

    /// Whether typed letters are text here (a letter without Ctrl or Alt
    /// is never a command in these).
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Prompt | Context::Picker)
    }

    /// The heading of this context's keys in the help and the README.
    pub fn title(self) -> &'static str {
        match self {
            Context::Reading => "Reading",
            Context::List => "Lists (outline, tags, this help)",
            Context::Prompt => "The search prompt",
            Context::Picker => "The list of briefings",
        }
    }
}

/// A command, independent of the key that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Quit (in a list: close it).
    Quit,
    /// Close the open list; while reading, clear the search or the message.
    Close,
    /// Suspend to the shell (resume with `fg`).
    Suspend,
    /// Show or hide the key help.
    Help,
    /// Next section tab (wraps around).
    NextSection,
    /// Previous section tab (wraps around).
    PrevSection,
    /// Jump to the section at this 1-based position (1–9).
    Section(u8),
    /// Scroll down one line (in a list: select the next row).
    LineDown,
    /// Scroll up one line (in a list: select the row before).
    LineUp,
    /// Scroll down half a screen.
    HalfPageDown,
    /// Scroll up half a screen.
    HalfPageUp,
    /// Scroll down a screen.
    PageDown,
    /// Scroll up a screen.
    PageUp,
    /// Go to the top of the section (in a list: its first row).
    Top,
    /// Go to the bottom of the section (in a list: its last row).
    Bottom,
    /// Start a search.
    Search,
    /// Go to the next search match (across tabs).
    NextMatch,
    /// Go to the previous search match (across tabs).
    PrevMatch,
    /// Show the section's outline of items.
    Outline,
    /// Switch the section between its text and its figures (table and bar charts).
    Figures,
    /// Select the next link on screen.
    NextLink,
    /// Select the previous link on screen.
    PrevLink,
    /// Follow the selected link.
    Follow,
    /// Go back to where the last followed link was.
    Back,
    /// Choose a tag to show only the items that carry it.
    Tags,
    /// Show what changed since the briefing was last read.
    Changes,
    /// Go to the next item that changed since the last reading.
    NextChange,
    /// Go to the previous item that changed since the last reading.
    PrevChange,
    /// Mark everything as read: the changes shown are forgotten.
    MarkRead,
    /// Export the tab on screen into the export folder.
    ExportSection,
    /// Export the whole briefing into the export folder.
    ExportAll,
    /// Export the whole briefing as one HTML page, to share or print.
    ExportHtml,
    /// Copy the tab's text to the clipboard (OSC 52).
    CopySection,
    /// Return to the briefing picker.
    Picker,
    /// Read the briefing's file again.
    Reload,
    /// Open the briefing's file in the editor (`$VISUAL`, else `$EDITOR`)
    /// at the item on screen; read it again when the editor exits.
    Edit,
    /// Choose the selected row of a list.
    Choose,
    /// Search for what was typed and close the prompt.
    Confirm,
    /// Close the prompt and go back to where the search started.
    Cancel,
    /// Delete the last character typed.
    DeleteChar,
    /// Open the selected briefing (searching all briefings: search first).
    Open,
    /// Switch between filtering the list and searching every briefing.
    SwitchMode,
    /// Select the next row.
    SelectNext,
    /// Select the row before.
    SelectPrev,
    /// Select a screen further down.
    SelectPageDown,
    /// Select a screen further up.
    SelectPageUp,
    /// Select the first row.
    SelectFirst,
    /// Select the last row.
    SelectLast,
    /// Clear what was typed; with nothing typed, go back to the open
    /// briefing, or quit.
    PickerBack,
}

/// One row of [`Action::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    /// The action.
    pub action: Action,
    /// Its name in the configuration's `[keys]` table (`"line-down"`).
    pub name: &'static str,
    /// What it does, for the help.
    pub help: &'static str,
    /// Where it works.
    pub contexts: &'static [Context],
}

const fn info(
    action: Action,
    name: &'static str,
    help: &'static str,
    contexts: &'static [Context],
) -> ActionInfo {
    ActionInfo {
        action,
        name,
        help,
        contexts,
    }
}

use Context::{List, Picker, Prompt, Reading};

const R: &[Context] = &[Reading];
const RL: &[Context] = &[Reading, List];
const P: &[Context] = &[Picker];

impl Action {
    /// Every action with its configuration name, its description and where
    /// it works, in the order the help lists them.
    pub const ALL: &'static [ActionInfo] = &[
        info(Action::NextSection, "next-section", "next tab", R),
        info(Action::PrevSection, "prev-section", "previous tab", R),
        info(Action::Section(1), "section-1", "tab 1", R),
        info(Action::Section(2), "section-2", "tab 2", R),
        info(Action::Section(3), "section-3", "tab 3", R),
        info(Action::Section(4), "section-4", "tab 4", R),
        info(Action::Section(5), "section-5", "tab 5", R),
        info(Action::Section(6), "section-6", "tab 6", R),
        info(Action::Section(7), "section-7", "tab 7", R),
        info(Action::Section(8), "section-8", "tab 8", R),
        info(Action::Section(9), "section-9", "tab 9", R),
        info(Action::LineDown, "line-down", "scroll down a line", RL),
        info(Action::LineUp, "line-up", "scroll up a line", RL),
        info(
            Action::HalfPageDown,
            "half-page-down",
            "scroll down half a screen",
            RL,
        ),
        info(
            Action::HalfPageUp,
            "half-page-up",
            "scroll up half a screen",
            RL,
        ),
        info(Action::PageDown, "page-down", "scroll down a screen", RL),
        info(Action::PageUp, "page-up", "scroll up a screen", RL),
        info(Action::Top, "top", "go to the top", RL),
        info(Action::Bottom, "bottom", "go to the bottom", RL),
        info(Action::Search, "search", "search every tab", R),
        info(Action::NextMatch, "next-match", "next match", R),
        info(Action::PrevMatch, "prev-match", "previous match", R),
        info(
            Action::Outline,
            "outline",
            "outline of the section's items",
            RL,
        ),
        info(
            Action::Figures,
            "figures",
            "figures of the section: table and charts",
            R,
        ),
        info(
            Action::NextLink,
            "next-link",
            "select the next link on screen",
            R,
        ),
        info(
            Action::PrevLink,
            "prev-link",
            "select the previous link on screen",
            R,
        ),
        info(Action::Follow, "follow", "follow the selected link", R),
        info(Action::Back, "back", "go back after following a link", R),
        info(Action::Tags, "tags", "show only items with a tag", RL),
        info(
            Action::Changes,
            "changes",
            "what changed since you last read",
            RL,
        ),
        info(Action::NextChange, "next-change", "next changed item", R),
        info(
            Action::PrevChange,
            "prev-change",
            "previous changed item",
            R,
        ),
        info(
            Action::MarkRead,
            "mark-read",
            "mark every change as read",
            R,
        ),
        info(
            Action::ExportSection,
            "export-section",
            "export this tab to a file",
            R,
        ),
        info(
            Action::ExportAll,
            "export-all",
            "export the whole briefing to a file",
            R,
        ),
        info(
            Action::ExportHtml,
            "export-html",
            "export the whole briefing as an HTML page",
            R,
        ),
        info(
            Action::CopySection,
            "copy-section",
            "copy this tab to the clipboard",
            R,
        ),
        info(Action::Picker, "picker", "back to the list of briefings", R),
        info(
            Action::Reload,
            "reload",
            "read the briefing's file again",
            R,
        ),
        info(
            Action::Edit,
            "edit",
            "edit the briefing at the item on screen",
            R,
        ),
        info(Action::Choose, "choose", "choose the selected row", &[List]),
        info(
            Action::Confirm,
            "confirm",
            "search for what was typed",
            &[Prompt],
        ),
        info(
            Action::Cancel,
            "cancel",
            "cancel, back to where the search started",
            &[Prompt],
        ),
        info(
            Action::DeleteChar,
            "delete-char",
            "delete the last character typed",
            &[Prompt, Picker],
        ),
        info(Action::Open, "open", "open the selected briefing", P),
        info(
            Action::SwitchMode,
            "switch-mode",
            "filter the list / search every briefing",
            P,
        ),
        info(Action::SelectNext, "select-next", "select the next row", P),
        info(
            Action::SelectPrev,
            "select-prev",
            "select the row before",
            P,
        ),
        info(
            Action::SelectPageDown,
            "select-page-down",
            "select a screen further down",
            P,
        ),
        info(
            Action::SelectPageUp,
            "select-page-up",
            "select a screen further up",
            P,
        ),
        info(
            Action::SelectFirst,
            "select-first",
            "select the first row",
            P,
        ),
        info(Action::SelectLast, "select-last", "select the last row", P),
        info(
            Action::PickerBack,
            "picker-back",
            "clear the filter; empty: back to the briefing, or quit",
            P,
        ),
        info(
            Action::Help,
            "help",
            "show or hide this help",
            &[Reading, List, Picker],
        ),
        info(
            Action::Close,
            "close",
            "close the list; clear the search or the message",
            RL,
        ),
        info(
            Action::Suspend,
            "suspend",
            "suspend to the shell",
            &[Reading, List, Prompt, Picker],
        ),
        info(Action::Quit, "quit", "quit (in a list: close it)", RL),
    ];

    fn info(self) -> Option<&'static ActionInfo> {
        Self::ALL.iter().find(|i| i.action == self)
    }

    /// The configuration name of this action (`"line-down"`).
    pub fn name(self) -> &'static str {
        self.info().map_or("unknown", |i| i.name)
    }

    /// The help text of this action.
    pub fn description(self) -> &'static str {
        self.info().map_or("", |i| i.help)
    }

    /// What this action does in `context`, for the help there (a key that
    /// scrolls the text selects rows in a list).
    pub fn help_in(self, context: Context) -> &'static str {
        if context == Context::List {
            match self {
                Action::LineDown => return "next row (the help: scroll down)",
                Action::LineUp => return "row before (the help: scroll up)",
                Action::HalfPageDown => return "half a screen down",
                Action::HalfPageUp => return "half a screen up",
                Action::PageDown => return "a screen down",
                Action::PageUp => return "a screen up",
                Action::Top => return "first row",
                Action::Bottom => return "last row",
                Action::Outline => return "close the outline",
                Action::Tags => return "close the tags",
                Action::Changes => return "close the changes",
                Action::Help => return "close the help",
                Action::Close | Action::Quit => return "close the list",
                _ => {}
            }
        }
        if context == Context::Reading {
            match self {
                Action::Close => return "clear the search or the message",
                Action::Quit => return "quit",
                _ => {}
            }
        }
        self.description()
    }

    /// Where this action works.
    pub fn contexts(self) -> &'static [Context] {
        self.info().map_or(&[], |i| i.contexts)
    }

    /// Whether this action works in `context`.
    pub fn works_in(self, context: Context) -> bool {
        self.contexts().contains(&context)
    }

    /// Looks an action up by its configuration name.
    pub fn from_name(name: &str) -> Option<Action> {
        Self::ALL.iter().find(|i| i.name == name).map(|i| i.action)
    }

    /// All configuration names, for "did you mean" suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|i| i.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in Action::ALL {
            assert!(seen.insert(i.name), "duplicate name {}", i.name);
            assert_eq!(Action::from_name(i.name), Some(i.action));
            assert_eq!(i.action.name(), i.name);
            assert!(!i.help.is_empty());
            assert!(!i.contexts.is_empty(), "{} works nowhere", i.name);
        }
        assert_eq!(Action::from_name("no-such-action"), None);
    }
}
