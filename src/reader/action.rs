//! What the reader can be asked to do. Keys map to these through the key
//! map; the configuration binds keys to them by name; the help overlay lists
//! them with their descriptions. One table ([`Action::ALL`]) serves all three.

/// A reader command, independent of the key that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Quit the reader.
    Quit,
    /// Close the open overlay or prompt; quit when nothing is open.
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
    /// Scroll down one line.
    LineDown,
    /// Scroll up one line.
    LineUp,
    /// Scroll down half a screen.
    HalfPageDown,
    /// Scroll up half a screen.
    HalfPageUp,
    /// Scroll down a screen.
    PageDown,
    /// Scroll up a screen.
    PageUp,
    /// Go to the top of the section.
    Top,
    /// Go to the bottom of the section.
    Bottom,
    /// Start a search.
    Search,
    /// Go to the next search match (across sections).
    NextMatch,
    /// Go to the previous search match (across sections).
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
    /// Export the section on screen into the export folder.
    ExportSection,
    /// Export the whole briefing into the export folder.
    ExportAll,
    /// Copy the section's text to the clipboard (OSC 52).
    CopySection,
    /// Return to the briefing picker.
    Picker,
    /// Read the briefing's file again.
    Reload,
}

impl Action {
    /// Every action with its configuration name and a one-line description,
    /// in the order the help overlay lists them.
    pub const ALL: &'static [(Action, &'static str, &'static str)] = &[
        (Action::NextSection, "next-section", "next section"),
        (Action::PrevSection, "prev-section", "previous section"),
        (Action::Section(1), "section-1", "section 1"),
        (Action::Section(2), "section-2", "section 2"),
        (Action::Section(3), "section-3", "section 3"),
        (Action::Section(4), "section-4", "section 4"),
        (Action::Section(5), "section-5", "section 5"),
        (Action::Section(6), "section-6", "section 6"),
        (Action::Section(7), "section-7", "section 7"),
        (Action::Section(8), "section-8", "section 8"),
        (Action::Section(9), "section-9", "section 9"),
        (Action::LineDown, "line-down", "scroll down a line"),
        (Action::LineUp, "line-up", "scroll up a line"),
        (
            Action::HalfPageDown,
            "half-page-down",
            "scroll down half a screen",
        ),
        (
            Action::HalfPageUp,
            "half-page-up",
            "scroll up half a screen",
        ),
        (Action::PageDown, "page-down", "scroll down a screen"),
        (Action::PageUp, "page-up", "scroll up a screen"),
        (Action::Top, "top", "go to the top"),
        (Action::Bottom, "bottom", "go to the bottom"),
        (Action::Search, "search", "search all sections"),
        (Action::NextMatch, "next-match", "next match"),
        (Action::PrevMatch, "prev-match", "previous match"),
        (Action::Outline, "outline", "outline of the section's items"),
        (
            Action::Figures,
            "figures",
            "figures of the section: table and charts",
        ),
        (
            Action::NextLink,
            "next-link",
            "select the next link on screen",
        ),
        (
            Action::PrevLink,
            "prev-link",
            "select the previous link on screen",
        ),
        (Action::Follow, "follow", "follow the selected link"),
        (Action::Back, "back", "go back after following a link"),
        (Action::Tags, "tags", "show only items with a tag"),
        (
            Action::ExportSection,
            "export-section",
            "export this section to a file",
        ),
        (
            Action::ExportAll,
            "export-all",
            "export the whole briefing to a file",
        ),
        (
            Action::CopySection,
            "copy-section",
            "copy this section to the clipboard",
        ),
        (Action::Picker, "picker", "back to the list of briefings"),
        (Action::Reload, "reload", "read the briefing's file again"),
        (Action::Help, "help", "show or hide this help"),
        (Action::Close, "close", "close the overlay, or quit"),
        (Action::Suspend, "suspend", "suspend to the shell"),
        (Action::Quit, "quit", "quit"),
    ];

    /// The configuration name of this action (`"line-down"`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("unknown")
    }

    /// The help text of this action.
    pub fn description(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, _, d)| *d)
            .unwrap_or("")
    }

    /// Looks an action up by its configuration name.
    pub fn from_name(name: &str) -> Option<Action> {
        Self::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// All configuration names, for "did you mean" suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|(_, n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (action, name, desc) in Action::ALL {
            assert!(seen.insert(*name), "duplicate name {name}");
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), *name);
            assert!(!desc.is_empty());
        }
        assert_eq!(Action::from_name("no-such-action"), None);
    }
}
