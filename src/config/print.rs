//! The configuration written back as TOML: the settings in effect
//! (`brief config`) and the commented default file (`brief config --default`,
//! the repository's `config.toml`).

use std::fmt::Write as _;

use ratatui::style::Style;

use super::Config;
use super::action::{Action, Context};
use super::keymap::KeyMap;
use super::keys::key_to_string;
use super::theme::{ELEMENTS, Theme, color_to_string};
use crate::briefing::clean::is_unsafe_char;

/// A TOML basic string. Controls, bidi overrides and anything else unsafe
/// for a terminal are written as `\uXXXX` escapes, so printed values can
/// neither act on the terminal nor stop being valid TOML.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_unsafe_char(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A list of keys as TOML: `["j", "down"]`.
fn key_list(keys: &KeyMap, action: Action) -> String {
    let items: Vec<String> = keys
        .keys(action)
        .iter()
        .map(|k| toml_string(&key_to_string(*k)))
        .collect();
    format!("[{}]", items.join(", "))
}

/// An element's colours as TOML: `"cyan"`, or `{ fg = "black", bg = "cyan" }`
/// when it has a background.
fn colors(style: Style) -> String {
    let name = |c: Option<ratatui::style::Color>| {
        toml_string(&c.map_or_else(|| "default".to_string(), color_to_string))
    };
    match style.bg {
        None => name(style.fg),
        Some(_) => format!("{{ fg = {}, bg = {} }}", name(style.fg), name(style.bg)),
    }
}

fn path(p: &std::path::Path) -> String {
    toml_string(&p.to_string_lossy())
}

/// Every setting in effect, as a TOML file that reads back to the same settings.
pub fn effective(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[paths]");
    let _ = writeln!(out, "briefings = {}", path(&config.briefings_dir));
    let _ = writeln!(out, "export = {}", path(&config.export_dir));
    let _ = writeln!(
        out,
        "\n[export]\nwidth = {}\nformat = \"{}\"",
        config.export_width,
        config.export_format.name()
    );
    let _ = writeln!(
        out,
        "\n[reader]\nmax_width = {}\nmouse = {}\ngenerated_tabs = {}",
        config.max_width, config.mouse, config.generated_tabs
    );
    let _ = writeln!(out, "\n[cache]\nmax_mb = {}", config.cache_max_mb);
    let _ = writeln!(out, "\n[theme]\nname = {}", toml_string(&config.theme.name));
    let _ = writeln!(out, "\n[theme.colors]");
    for (name, style) in config.theme.elements() {
        let _ = writeln!(out, "{name} = {}", colors(style));
    }
    let _ = writeln!(out, "\n[keys]");
    for info in Action::ALL {
        let _ = writeln!(
            out,
            "{} = {}",
            info.name,
            key_list(&config.keys, info.action)
        );
    }
    out
}

/// The fully commented default configuration: every setting with its
/// default value and what it does. Generated from the defaults, so the
/// documentation cannot drift from them.
pub fn default_file() -> String {
    let d = Config::default();
    let dark = Theme::dark();
    let mut out = String::new();
    out.push_str(
        "\
# Settings of brief, a terminal reader for curated briefings.
#
# brief reads the first of these files it finds:
#   1. the file given with `--config FILE` (with any command);
#   2. the file named by the BRIEF_CONFIG environment variable;
#   3. config.toml in the current folder;
#   4. brief/config.toml in your configuration folder:
#      $XDG_CONFIG_HOME/brief/config.toml, else ~/.config/brief/config.toml.
# With none, it uses the built-in defaults, which are the values below.
# Leave out any setting you do not want to change.
#
# `brief config` shows which file is used and every setting in effect;
# `brief config --default` prints this file.

[paths]
# Folders written here are relative to the folder of this file, unless
# absolute or starting with ~, your home folder (\"~/briefings\"; another
# user's, ~name, is not supported). Left out, they are relative to the
# current folder.
",
    );
    let _ = writeln!(
        out,
        "# Briefings opened when brief is run without a path.\nbriefings = {}",
        path(&d.briefings_dir)
    );
    let _ = writeln!(
        out,
        "# Where the reader's exports (`export-section`, `export-all`) are written.\nexport = {}",
        path(&d.export_dir)
    );
    let _ = writeln!(
        out,
        "\n[export]\n# Wrap width of `brief export`, in columns: 0 (no wrapping) or {} to {}.\nwidth = {}",
        super::file::WIDTHS.start(),
        super::file::WIDTHS.end(),
        d.export_width
    );
    let _ = writeln!(
        out,
        "# What the reader's `export-section` and `export-all` write, and `brief export`\n\
         # without --format: \"text\", \"markdown\" or \"html\" (one page for a browser).\n\
         format = \"{}\"",
        d.export_format.name()
    );
    let _ = writeln!(
        out,
        "\n[reader]\n# Widest the reader lets text run, in columns ({} to {}).\nmax_width = {}",
        super::file::WIDTHS.start(),
        super::file::WIDTHS.end(),
        d.max_width
    );
    let _ = writeln!(
        out,
        "# Use the mouse (wheel, clicks). false leaves it to the terminal, to select text.\nmouse = {}",
        d.mouse
    );
    let _ = writeln!(
        out,
        "# Show the generated tabs after the briefing's sections: Timeline, Who's who\n\
         # and Sources (each only when the briefing has dates, people or sources).\n\
         generated_tabs = {}",
        d.generated_tabs
    );
    let _ = writeln!(
        out,
        "\n[cache]\n\
         # brief search and brief list answer from an index of each library folder,\n\
         # kept in $XDG_CACHE_HOME/brief/index/ (else ~/.cache/brief/index/) and\n\
         # brought up to date with the files before each answer. The most the cache\n\
         # may hold, in megabytes (0 to {}): past it, the indexes used longest ago\n\
         # are removed; an index larger than that alone is not kept, and the library\n\
         # is read in full each time. 0 keeps no index on disk. `brief cache clear`\n\
         # removes the cache.\n\
         max_mb = {}",
        super::MAX_CACHE_MB,
        d.cache_max_mb
    );
    out.push_str(
        "
[theme]
# dark: light text on a dark background; light: dark text on a light
# background; mono: no colours at all, only bold, underline and reverse video;
# high-contrast: the terminal's own colours, never dimmed, bold and underline
# for emphasis, black on white or bright yellow for marks (for low vision).
# Unset, the theme is dark, or mono when the NO_COLOR environment variable is
# set (https://no-color.org); naming a theme here overrides NO_COLOR.
# name = \"dark\"

# The colour of single elements, over the theme's. A colour is a name
# (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red,
# light-green, light-yellow, light-blue, light-magenta, light-cyan, white),
# \"#rrggbb\", an index 0-255 (\"42\"), or \"default\" for the terminal's own.
# A single colour sets the text; { fg = \"...\", bg = \"...\" } sets text and
# background. The values shown are the dark theme's.
[theme.colors]
",
    );
    let width = ELEMENTS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for ((name, what), (_, style)) in ELEMENTS.iter().zip(dark.elements()) {
        let line = format!("# {name:width$} = {}", colors(style));
        let _ = writeln!(out, "{line:58} # {what}");
    }
    out.push_str(
        "
[keys]
# Each action takes one key or a list of keys, which replace its default keys;
# [] leaves an action without a key. Keys are written as a character (\"j\",
# \"G\", \"?\"), a name (enter, esc, tab, shift-tab, backspace, delete, insert,
# up, down, left, right, home, end, pageup, pagedown, space, f1 to f24), with
# ctrl- or alt- in front if needed (\"ctrl-d\", \"alt-x\"). Shifted letters are
# written as capitals: \"G\".
#
# A key does one thing in each place: Enter follows a link while reading,
# chooses in a list, confirms a search, and opens a briefing in the list of
# briefings. Two actions that work in the same place may not share a key.
# Where text is typed (the search prompt, the list of briefings), a letter
# is always text: bind those actions to other keys. Ctrl-c always quits.
",
    );
    let lines: Vec<(String, &str, Context)> = Action::ALL
        .iter()
        .map(|i| {
            let line = format!("{} = {}", i.name, key_list(&d.keys, i.action));
            (line, i.help, i.contexts[0])
        })
        .collect();
    let width = lines
        .iter()
        .map(|(l, _, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut heading = None;
    for (line, what, context) in lines {
        if heading != Some(context) {
            let _ = writeln!(out, "# {}", context.title());
            heading = Some(context);
        }
        let pad = width.saturating_sub(line.chars().count());
        let _ = writeln!(out, "{line}{:pad$}  # {what}", "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn strings_are_escaped_for_toml_and_terminals() {
        assert_eq!(toml_string("a\"b\\c"), r#""a\"b\\c""#);
        let evil = toml_string("x\u{1b}]52;c;aGk=\u{7}\u{9b}\u{202e}y");
        assert!(
            !evil.chars().any(|c| c.is_control() || is_unsafe_char(c)),
            "{evil}"
        );
        let back: toml::Value = toml::from_str(&format!("v = {evil}")).unwrap();
        assert_eq!(
            back["v"].as_str(),
            Some("x\u{1b}]52;c;aGk=\u{7}\u{9b}\u{202e}y")
        );
    }

    #[test]
    fn default_file_reads_back_to_the_defaults() {
        let text = default_file();
        let config = super::super::file::parse(Path::new("config.toml"), &text, false).unwrap();
        assert_eq!(
            Config {
                file: None,
                ..config
            },
            Config::default()
        );
        for (name, _) in ELEMENTS {
            assert!(text.contains(&format!("# {name} ")), "{name} undocumented");
        }
        for info in Action::ALL {
            assert!(
                text.contains(&format!("\n{} = ", info.name)),
                "{} undocumented",
                info.name
            );
        }
    }

    #[test]
    fn effective_settings_read_back_to_the_same() {
        let source = r##"
[paths]
briefings = "/srv/b"
export = "/tmp/out"
[export]
width = 0
[reader]
max_width = 72
mouse = false
generated_tabs = false
[cache]
max_mb = 20
[theme]
name = "light"
[theme.colors]
item_title = "#ff8800"
tab_active = { bg = "42" }
body = "default"
[keys]
line-down = ["ctrl-n", "J"]
quit = "Q"
help = []
"##;
        let config = super::super::file::parse(Path::new("c.toml"), source, true).unwrap();
        let printed = effective(&config);
        let again = super::super::file::parse(Path::new("c.toml"), &printed, false).unwrap();
        assert_eq!(again, config, "{printed}");
        assert!(
            printed.contains("line-down = [\"ctrl-n\", \"J\"]"),
            "{printed}"
        );
        assert!(printed.contains("help = []"), "{printed}");
        assert!(printed.contains("item_title = \"#ff8800\""), "{printed}");
    }
}
