//! Keys and the key map: which key triggers which [`Action`].
//!
//! The default bindings, the configuration's overrides, the help overlay,
//! the README's key table and the loader's section-key check all read the
//! same [`KeyMap`], so they cannot disagree.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Context};

/// A key press as the key map sees it: a code and the modifiers that matter.
///
/// Shift is folded into the character for printable keys (`G`, `?`), so
/// `shift-g` and `G` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Which key.
    pub code: KeyName,
    /// Ctrl held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

/// The keys the reader knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    /// A printable character (already shifted).
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Insert.
    Insert,
    /// A function key F1–F24.
    F(u8),
}

/// Why a key description could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {text:?} as a key: {reason}")]
pub struct KeyParseError {
    /// The description as written.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

const NAMED: &[(&str, KeyName)] = &[
    ("enter", KeyName::Enter),
    ("return", KeyName::Enter),
    ("esc", KeyName::Esc),
    ("escape", KeyName::Esc),
    ("tab", KeyName::Tab),
    ("backtab", KeyName::BackTab),
    ("backspace", KeyName::Backspace),
    ("delete", KeyName::Delete),
    ("del", KeyName::Delete),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("pageup", KeyName::PageUp),
    ("pgup", KeyName::PageUp),
    ("pagedown", KeyName::PageDown),
    ("pgdn", KeyName::PageDown),
    ("insert", KeyName::Insert),
    ("space", KeyName::Char(' ')),
    ("minus", KeyName::Char('-')),
];

impl Key {
    /// A plain character key.
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyName::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    /// A named key without modifiers.
    pub const fn named(code: KeyName) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Ctrl plus a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyName::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Reads a key description such as `"ctrl-d"`, `"G"`, `"pagedown"`,
    /// `"shift-tab"`, `"alt-x"`, `"f5"`, `"space"`, `"?"`.
    pub fn parse(text: &str) -> Result<Key, KeyParseError> {
        let err = |reason: &str| KeyParseError {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        // Modifiers are `ctrl-`, `alt-`, `shift-` prefixes; a lone `-` is the key itself.
        loop {
            let lower = rest.to_ascii_lowercase();
            let strip = [
                "ctrl-", "control-", "c-", "alt-", "meta-", "m-", "shift-", "s-",
            ]
            .iter()
            .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            match strip {
                Some(p) => {
                    match *p {
                        "ctrl-" | "control-" | "c-" => ctrl = true,
                        "alt-" | "meta-" | "m-" => alt = true,
                        _ => shift = true,
                    }
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if c.is_control() {
                    return Err(err("control characters cannot be bound; write ctrl-x"));
                }
                if ctrl && shift && c.is_alphabetic() {
                    // Terminals send the same byte for both.
                    return Err(err(
                        "a terminal cannot tell Ctrl-Shift and a letter from Ctrl and the letter; \
                         write ctrl- and the letter",
                    ));
                }
                let c = if shift { c.to_ascii_uppercase() } else { c };
                // Ctrl chords are case-insensitive in terminals.
                let c = if ctrl { c.to_ascii_lowercase() } else { c };
                KeyName::Char(c)
            }
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, k)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    if *k == KeyName::Tab && shift {
                        KeyName::BackTab
                    } else {
                        *k
                    }
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n))
                {
                    KeyName::F(n)
                } else {
                    return Err(err(
                        "expected one character or a key name such as enter, esc, tab, \
                         backtab, up, down, left, right, home, end, pageup, pagedown, space, f1",
                    ));
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// Converts a terminal key event; `None` for keys the reader never binds.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) => KeyName::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::Enter => KeyName::Enter,
            KeyCode::Esc => KeyName::Esc,
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyName::BackTab,
            KeyCode::Tab => KeyName::Tab,
            KeyCode::BackTab => KeyName::BackTab,
            KeyCode::Backspace => KeyName::Backspace,
            KeyCode::Delete => KeyName::Delete,
            KeyCode::Up => KeyName::Up,
            KeyCode::Down => KeyName::Down,
            KeyCode::Left => KeyName::Left,
            KeyCode::Right => KeyName::Right,
            KeyCode::Home => KeyName::Home,
            KeyCode::End => KeyName::End,
            KeyCode::PageUp => KeyName::PageUp,
            KeyCode::PageDown => KeyName::PageDown,
            KeyCode::Insert => KeyName::Insert,
            KeyCode::F(n) => KeyName::F(n),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// The plain letter of this key, when it is one with no modifier
    /// (what a section's own `key` could clash with).
    pub fn plain_char(&self) -> Option<char> {
        match self.code {
            KeyName::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Whether this key types text where text is typed (a character
    /// without Ctrl or Alt): there it is never a command.
    pub fn is_text(&self) -> bool {
        self.plain_char().is_some()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyName::Char(' ') => f.write_str("Space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::Enter => f.write_str("Enter"),
            KeyName::Esc => f.write_str("Esc"),
            KeyName::Tab => f.write_str("Tab"),
            KeyName::BackTab => f.write_str("Shift-Tab"),
            KeyName::Backspace => f.write_str("Backspace"),
            KeyName::Delete => f.write_str("Delete"),
            KeyName::Up => f.write_str("↑"),
            KeyName::Down => f.write_str("↓"),
            KeyName::Left => f.write_str("←"),
            KeyName::Right => f.write_str("→"),
            KeyName::Home => f.write_str("Home"),
            KeyName::End => f.write_str("End"),
            KeyName::PageUp => f.write_str("PgUp"),
            KeyName::PageDown => f.write_str("PgDn"),
            KeyName::Insert => f.write_str("Insert"),
            KeyName::F(n) => write!(f, "F{n}"),
        }
    }
}

/// Which keys trigger which actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use KeyName as K;
        let c = Key::char;
        let n = Key::named;
        let mut bindings = BTreeMap::new();
        let mut bind = |a: Action, keys: &[Key]| {
            bindings.insert(a, keys.to_vec());
        };
        bind(Action::Quit, &[c('q'), Key::ctrl('c')]);
        bind(Action::Close, &[n(K::Esc)]);
        bind(Action::Suspend, &[Key::ctrl('z')]);
        bind(Action::Choose, &[n(K::Enter)]);
        bind(Action::Confirm, &[n(K::Enter)]);
        bind(Action::Cancel, &[n(K::Esc)]);
        bind(Action::DeleteChar, &[n(K::Backspace)]);
        bind(Action::Open, &[n(K::Enter)]);
        bind(Action::SwitchMode, &[n(K::Tab), n(K::BackTab)]);
        bind(Action::SelectNext, &[n(K::Down), Key::ctrl('n')]);
        bind(Action::SelectPrev, &[n(K::Up), Key::ctrl('p')]);
        bind(Action::SelectPageDown, &[n(K::PageDown)]);
        bind(Action::SelectPageUp, &[n(K::PageUp)]);
        bind(Action::SelectFirst, &[n(K::Home)]);
        bind(Action::SelectLast, &[n(K::End)]);
        bind(Action::PickerBack, &[n(K::Esc)]);
        bind(Action::Help, &[c('?'), n(K::F(1))]);
        bind(Action::NextSection, &[n(K::Tab), n(K::Right), c('l')]);
        bind(Action::PrevSection, &[n(K::BackTab), n(K::Left), c('h')]);
        for i in 1..=9u8 {
            bind(Action::Section(i), &[c(char::from(b'0' + i))]);
        }
        bind(Action::LineDown, &[c('j'), n(K::Down)]);
        bind(Action::LineUp, &[c('k'), n(K::Up)]);
        bind(Action::HalfPageDown, &[Key::ctrl('d')]);
        bind(Action::HalfPageUp, &[Key::ctrl('u')]);
        bind(Action::PageDown, &[c(' '), n(K::PageDown)]);
        bind(Action::PageUp, &[n(K::PageUp)]);
        bind(Action::Top, &[c('g'), n(K::Home)]);
        bind(Action::Bottom, &[c('G'), n(K::End)]);
        bind(Action::Search, &[c('/')]);
        bind(Action::NextMatch, &[c('n')]);
        bind(Action::PrevMatch, &[c('N')]);
        bind(Action::Outline, &[c('o')]);
        bind(Action::Figures, &[c('f')]);
        bind(Action::NextLink, &[c(']')]);
        bind(Action::PrevLink, &[c('[')]);
        bind(Action::Follow, &[n(K::Enter)]);
        bind(Action::Back, &[n(K::Backspace), Key::ctrl('o')]);
        bind(Action::Tags, &[c('t')]);
        bind(Action::Changes, &[c('C')]);
        bind(Action::NextChange, &[c('}')]);
        bind(Action::PrevChange, &[c('{')]);
        bind(Action::MarkRead, &[c('M')]);
        bind(Action::ExportSection, &[c('e')]);
        bind(Action::ExportAll, &[c('E')]);
        bind(Action::ExportHtml, &[c('H')]);
        bind(Action::CopySection, &[c('y')]);
        bind(Action::Picker, &[c('b')]);
        bind(Action::Reload, &[c('r')]);
        // As in less.
        bind(Action::Edit, &[c('v')]);
        KeyMap { bindings }
    }
}

/// Two actions bound to one key where both work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyClash {
    /// The key bound twice.
    pub key: Key,
    /// The action that had it first (in [`Action::ALL`] order).
    pub first: Action,
    /// The action that also claims it.
    pub second: Action,
    /// Where both work.
    pub context: Context,
}

/// Whether `key` does anything in `context` (a plain character types text
/// where text is typed).
fn active(key: &Key, context: Context) -> bool {
    // Ctrl-c quits wherever it is pressed, before any lookup: only the
    // reading keys list it (as quit).
    if *key == Key::ctrl('c') {
        return context == Context::Reading;
    }
    !(context.takes_text() && key.is_text())
}

impl KeyMap {
    /// The default bindings with some actions' keys replaced.
    ///
    /// Returns every key that ends up bound to two actions.
    pub fn with_overrides(
        overrides: impl IntoIterator<Item = (Action, Vec<Key>)>,
    ) -> Result<KeyMap, Vec<KeyClash>> {
        let mut map = KeyMap::default();
        for (action, keys) in overrides {
            map.bindings.insert(action, keys);
        }
        let clashes = map.clashes();
        if clashes.is_empty() {
            Ok(map)
        } else {
            Err(clashes)
        }
    }

    /// Every key bound to more than one action in a context where both
    /// work (one clash for each pair of actions and key).
    pub fn clashes(&self) -> Vec<KeyClash> {
        let mut owner: BTreeMap<(Context, Key), Action> = BTreeMap::new();
        let mut out: Vec<KeyClash> = Vec::new();
        for info in Action::ALL {
            for &context in info.contexts {
                for key in self.keys(info.action) {
                    if !active(key, context) {
                        continue;
                    }
                    match owner.get(&(context, *key)) {
                        Some(&first) if first != info.action => {
                            let seen = out.iter().any(|c| {
                                c.key == *key && c.first == first && c.second == info.action
                            });
                            if !seen {
                                out.push(KeyClash {
                                    key: *key,
                                    first,
                                    second: info.action,
                                    context,
                                });
                            }
                        }
                        _ => {
                            owner.insert((context, *key), info.action);
                        }
                    }
                }
            }
        }
        out
    }

    /// The action a key triggers in a context, if any.
    pub fn action(&self, context: Context, key: &Key) -> Option<Action> {
        if !active(key, context) {
            return None;
        }
        // Iterate in ALL order so the result is deterministic.
        Action::ALL
            .iter()
            .filter(|i| i.contexts.contains(&context))
            .map(|i| i.action)
            .find(|a| self.keys(*a).contains(key))
    }

    /// The keys bound to an action (possibly none).
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The keys of an action as the help shows them: `"j ↓"`.
    pub fn describe(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The keys of an action that work in `context`, as the help shows
    /// them (where text is typed, a plain letter is text, not a command).
    pub fn describe_in(&self, action: Action, context: Context) -> String {
        self.keys_in(action, context)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The keys of an action that work in `context`.
    pub fn keys_in(&self, action: Action, context: Context) -> Vec<Key> {
        self.keys(action)
            .iter()
            .filter(|k| active(k, context))
            .copied()
            .collect()
    }

    /// The plain letters bound to commands while reading, with the action
    /// that owns each: a section's own `key` must not be one of these.
    pub fn reserved_letters(&self) -> Vec<(char, Action)> {
        let mut out: Vec<(char, Action)> = Action::ALL
            .iter()
            .filter(|i| i.contexts.contains(&Context::Reading))
            .map(|i| i.action)
            .flat_map(|a| {
                self.keys(a)
                    .iter()
                    .filter_map(|k| k.plain_char())
                    .filter(|c| c.is_ascii_alphabetic())
                    .map(move |c| (c, a))
            })
            .collect();
        out.sort();
        out.dedup_by_key(|(c, _)| *c);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEventKind, KeyEventState};

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(Key::parse("ctrl-d").unwrap(), Key::ctrl('d'));
        assert_eq!(Key::parse("Ctrl-D").unwrap(), Key::ctrl('d'));
        assert_eq!(Key::parse("G").unwrap(), Key::char('G'));
        assert_eq!(Key::parse("shift-g").unwrap(), Key::char('G'));
        assert_eq!(
            Key::parse("pagedown").unwrap(),
            Key::named(KeyName::PageDown)
        );
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            Key::named(KeyName::BackTab)
        );
        assert_eq!(Key::parse("space").unwrap(), Key::char(' '));
        assert_eq!(Key::parse("-").unwrap(), Key::char('-'));
        assert_eq!(Key::parse("f5").unwrap(), Key::named(KeyName::F(5)));
        assert_eq!(
            Key::parse("alt-x").unwrap(),
            Key {
                code: KeyName::Char('x'),
                ctrl: false,
                alt: true
            }
        );
        assert!(Key::parse("").is_err());
        assert!(Key::parse("ctrl-").is_err());
        let e = Key::parse("ctrl-shift-q").unwrap_err();
        assert!(e.reason.contains("cannot tell"), "{e}");
        assert!(Key::parse("shift-ctrl-Q").is_err());
        assert_eq!(
            Key::parse("alt-shift-q").unwrap(),
            Key {
                code: KeyName::Char('Q'),
                ctrl: false,
                alt: true
            }
        );
        assert!(Key::parse("pagedwn").is_err());
        assert!(Key::parse("f99").is_err());
    }

    #[test]
    fn events_map_to_keys() {
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Key::ctrl('d'))
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Key::char('G'))
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Key::named(KeyName::BackTab))
        );
    }

    #[test]
    fn default_map_has_no_clash_and_documented_keys() {
        let map = KeyMap::default();
        assert!(map.clashes().is_empty());
        assert_eq!(
            map.action(Context::Reading, &Key::char('j')),
            Some(Action::LineDown)
        );
        assert_eq!(
            map.action(Context::Reading, &Key::char('2')),
            Some(Action::Section(2))
        );
        assert_eq!(
            map.action(Context::Reading, &Key::ctrl('d')),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            map.action(Context::Reading, &Key::char('G')),
            Some(Action::Bottom)
        );
        assert_eq!(map.action(Context::Reading, &Key::char('a')), None);
        assert_eq!(map.describe(Action::LineDown), "j ↓");
    }

    #[test]
    fn a_key_does_what_its_context_says() {
        use Context::*;
        let map = KeyMap::default();
        let enter = Key::named(KeyName::Enter);
        assert_eq!(map.action(Reading, &enter), Some(Action::Follow));
        assert_eq!(map.action(List, &enter), Some(Action::Choose));
        assert_eq!(map.action(Prompt, &enter), Some(Action::Confirm));
        assert_eq!(map.action(Picker, &enter), Some(Action::Open));
        let esc = Key::named(KeyName::Esc);
        assert_eq!(map.action(Reading, &esc), Some(Action::Close));
        assert_eq!(map.action(Prompt, &esc), Some(Action::Cancel));
        assert_eq!(map.action(Picker, &esc), Some(Action::PickerBack));
        // Where text is typed, letters are text: `?` types, F1 helps.
        assert_eq!(map.action(Picker, &Key::char('?')), None);
        assert_eq!(map.action(Picker, &Key::char('q')), None);
        assert_eq!(
            map.action(Picker, &Key::named(KeyName::F(1))),
            Some(Action::Help)
        );
        assert_eq!(map.describe_in(Action::Help, Picker), "F1");
        assert_eq!(map.action(Prompt, &Key::char('n')), None);
        // In a list, the reading keys move the selection.
        assert_eq!(map.action(List, &Key::char('j')), Some(Action::LineDown));
        assert_eq!(map.action(List, &Key::char('n')), None);
    }

    #[test]
    fn keys_clash_only_where_both_actions_work() {
        // Enter opens in the picker and follows while reading: no clash.
        assert!(KeyMap::default().clashes().is_empty());
        // The same key for two picker actions clashes.
        let clash =
            KeyMap::with_overrides([(Action::SelectNext, vec![Key::named(KeyName::Enter)])])
                .unwrap_err();
        assert_eq!(
            (clash[0].first, clash[0].second, clash[0].context),
            (Action::Open, Action::SelectNext, Context::Picker)
        );
        // A letter for a picker action is only ever text there: it does nothing.
        let map = KeyMap::with_overrides([(Action::SelectNext, vec![Key::char('j')])]).unwrap();
        assert_eq!(map.action(Context::Picker, &Key::char('j')), None);
    }

    #[test]
    fn overrides_replace_defaults_and_report_clashes() {
        let map = KeyMap::with_overrides([(Action::LineDown, vec![Key::char('x')])]).unwrap();
        assert_eq!(
            map.action(Context::Reading, &Key::char('x')),
            Some(Action::LineDown)
        );
        assert_eq!(map.action(Context::Reading, &Key::char('j')), None);
        let clash = KeyMap::with_overrides([(Action::LineDown, vec![Key::char('k')])]).unwrap_err();
        assert_eq!(clash[0].key, Key::char('k'));
    }

    #[test]
    fn reserved_letters_follow_the_bindings() {
        let letters: Vec<char> = KeyMap::default()
            .reserved_letters()
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        for c in [
            'q', 'h', 'l', 'j', 'k', 'g', 'G', 'n', 'N', 'o', 'e', 'E', 'y', 'b',
        ] {
            assert!(letters.contains(&c), "{c} should be reserved");
        }
        assert!(!letters.contains(&'a'));
    }
}
