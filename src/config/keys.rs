//! The `[keys]` table: actions bound by name to key descriptions.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::action::Action;
use super::file::Checker;
use super::keymap::{Key, KeyMap, KeyName};
use crate::briefing::Diagnostic;

/// Key names [`Key::parse`] reads, for "did you mean".
const KEY_NAMES: &[&str] = &[
    "enter",
    "esc",
    "tab",
    "shift-tab",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "space",
    "minus",
];

/// One `action = keys` line of the file.
struct Binding {
    action: Action,
    /// Where the action's name is written, to order bindings by their place in the file.
    at: usize,
    /// Each key with the span of its description.
    keys: Vec<(Key, Range<usize>)>,
}

/// Reads `[keys]` into a key map, reporting unknown actions, unreadable
/// keys and keys bound to two actions. With problems, the result is the
/// default map (the caller discards it anyway).
pub(super) fn read(table: &DeTable<'_>, ck: &mut Checker) -> KeyMap {
    let mut bindings = Vec::new();
    for (name, value) in table.iter() {
        let Some(action) = Action::from_name(name.get_ref()) else {
            let mut d = Diagnostic::error(
                format!("unknown action `{}` in [keys]", name.get_ref()),
                Some(name.span()),
            )
            .with_label("not an action");
            d = match super::file::suggest(name.get_ref(), Action::names()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("`brief config --default` lists every action"),
            };
            ck.push(d);
            continue;
        };
        let what = format!("keys.{}", name.get_ref());
        let items: Vec<&toml::Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => items.iter().collect(),
            _ => {
                ck.wrong_type(value, &what, "a key or a list of keys");
                continue;
            }
        };
        let mut keys = Vec::new();
        for item in items {
            let Some(text) = ck.string(item, &what) else {
                continue;
            };
            match Key::parse(text) {
                Ok(key) => keys.push((key, item.span())),
                Err(e) => {
                    let help = match super::file::suggest(&text.to_ascii_lowercase(), KEY_NAMES.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "write keys like \"j\", \"G\", \"ctrl-d\", \"alt-x\", \"pagedown\", \"space\", \"f1\"".to_string(),
                    };
                    ck.push(
                        Diagnostic::error(e.to_string(), Some(item.span()))
                            .with_label("not a key")
                            .with_help(help),
                    );
                }
            }
        }
        bindings.push(Binding {
            action,
            at: name.span().start,
            keys,
        });
    }
    let overrides = bindings
        .iter()
        .map(|b| (b.action, b.keys.iter().map(|(k, _)| *k).collect()));
    match KeyMap::with_overrides(overrides) {
        Ok(map) => map,
        Err(clashes) => {
            for clash in clashes {
                report_clash(&bindings, clash.key, clash.first, clash.second, ck);
            }
            KeyMap::default()
        }
    }
}

/// Reports one key bound to two actions, at the binding the file wrote
/// (the later one when the file binds both).
fn report_clash(bindings: &[Binding], key: Key, first: Action, second: Action, ck: &mut Checker) {
    let find = |a: Action| bindings.iter().find(|b| b.action == a);
    let (culprit, other, other_in_file) = match (find(first), find(second)) {
        (Some(f), Some(s)) if f.at > s.at => (f, second, true),
        (Some(_), Some(s)) => (s, first, true),
        (Some(f), None) => (f, second, false),
        (None, Some(s)) => (s, first, false),
        (None, None) => return,
    };
    let span = culprit
        .keys
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, span)| span.clone());
    let (this, other) = (culprit.action.name(), other.name());
    let help = if other_in_file {
        format!("give `{this}` or `{other}` another key")
    } else {
        format!(
            "`{other}` has this key by default: choose another key here, or bind `{other}` to other keys too"
        )
    };
    ck.push(
        Diagnostic::error(
            format!(
                "key `{}` is bound to both `{}` and `{}`",
                key_to_string(key),
                first.name(),
                second.name()
            ),
            span,
        )
        .with_label(format!("also bound to `{other}`"))
        .with_help(help),
    );
}

/// A key as a configuration writes it (`"ctrl-d"`, `"G"`, `"pagedown"`);
/// [`Key::parse`] reads it back.
pub fn key_to_string(key: Key) -> String {
    let mut out = String::new();
    if key.ctrl {
        out.push_str("ctrl-");
    }
    if key.alt {
        out.push_str("alt-");
    }
    match key.code {
        KeyName::Char(' ') => out.push_str("space"),
        KeyName::Char(c) => out.push(c),
        KeyName::Enter => out.push_str("enter"),
        KeyName::Esc => out.push_str("esc"),
        KeyName::Tab => out.push_str("tab"),
        KeyName::BackTab => out.push_str("shift-tab"),
        KeyName::Backspace => out.push_str("backspace"),
        KeyName::Delete => out.push_str("delete"),
        KeyName::Up => out.push_str("up"),
        KeyName::Down => out.push_str("down"),
        KeyName::Left => out.push_str("left"),
        KeyName::Right => out.push_str("right"),
        KeyName::Home => out.push_str("home"),
        KeyName::End => out.push_str("end"),
        KeyName::PageUp => out.push_str("pageup"),
        KeyName::PageDown => out.push_str("pagedown"),
        KeyName::Insert => out.push_str("insert"),
        KeyName::F(n) => out.push_str(&format!("f{n}")),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_keys_read_back() {
        let map = KeyMap::default();
        let mut keys: Vec<Key> = Action::ALL
            .iter()
            .flat_map(|i| map.keys(i.action).to_vec())
            .collect();
        keys.extend([
            Key::char('-'),
            Key::char('"'),
            Key::ctrl('-'),
            Key::named(KeyName::F(24)),
            Key {
                code: KeyName::Char('x'),
                ctrl: true,
                alt: true,
            },
        ]);
        for key in keys {
            assert_eq!(Key::parse(&key_to_string(key)), Ok(key), "{key:?}");
        }
    }
}
