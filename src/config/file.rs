//! Reading one configuration file: TOML with spans, checked against the
//! known settings, every problem collected in one pass.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::Config;
use super::theme::{self, ELEMENTS, THEME_NAMES, Theme};
use crate::briefing::{Diagnostic, Report};
use crate::export::Format;

/// The settings each table holds, as the file names them.
pub(super) const SCHEMA: &[(&str, &[&str])] = &[
    ("paths", &["briefings", "export"]),
    ("export", &["width", "format"]),
    ("reader", &["max_width", "mouse", "generated_tabs"]),
    ("theme", &["name", "colors"]),
    ("keys", &[]),
    ("cache", &["max_mb"]),
];

/// Widths the reader and the export accept (0, for the export, means no wrapping).
pub(super) const WIDTHS: RangeInclusive<usize> = 20..=1000;

/// The closest of `candidates` to `word`, when one is close enough to be a typo.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::briefing::diagnostic::closest(word, candidates)
}

/// Collects diagnostics while the file is walked.
#[derive(Default)]
pub(super) struct Checker {
    diagnostics: Vec<Diagnostic>,
}

type Value<'i> = Spanned<DeValue<'i>>;

fn a_type(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Checker {
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub(super) fn wrong_type(&mut self, v: &Value<'_>, what: &str, expected: &str) {
        self.push(
            Diagnostic::error(
                format!("`{what}` must be {expected}, not {}", a_type(v.get_ref())),
                Some(v.span()),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    pub(super) fn string<'a>(&mut self, v: &'a Value<'_>, what: &str) -> Option<&'a str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(v, what, "a string");
                None
            }
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, what, "a table");
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value<'_>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, what, "true or false");
                None
            }
        }
    }

    /// A width: a whole number in `range`, or 0 when `zero_ok`.
    fn width(&mut self, v: &Value<'_>, what: &str, zero_ok: bool) -> Option<usize> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong_type(v, what, "a whole number");
            return None;
        };
        let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
        match n.and_then(|n| usize::try_from(n).ok()) {
            Some(0) if zero_ok => Some(0),
            Some(n) if WIDTHS.contains(&n) => Some(n),
            _ => {
                let allowed = if zero_ok {
                    format!("0 (no wrapping) or {} to {}", WIDTHS.start(), WIDTHS.end())
                } else {
                    format!("{} to {}", WIDTHS.start(), WIDTHS.end())
                };
                self.push(
                    Diagnostic::error(
                        format!("`{what}` must be {allowed} columns"),
                        Some(v.span()),
                    )
                    .with_label("out of range"),
                );
                None
            }
        }
    }

    /// A size in megabytes: a whole number from 0 to [`super::MAX_CACHE_MB`].
    fn megabytes(&mut self, v: &Value<'_>, what: &str) -> Option<u64> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong_type(v, what, "a whole number");
            return None;
        };
        let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
        match n.and_then(|n| u64::try_from(n).ok()) {
            Some(n) if n <= super::MAX_CACHE_MB => Some(n),
            _ => {
                self.push(
                    Diagnostic::error(
                        format!(
                            "`{what}` must be 0 (no cache) to {} megabytes",
                            super::MAX_CACHE_MB
                        ),
                        Some(v.span()),
                    )
                    .with_label("out of range"),
                );
                None
            }
        }
    }

    /// A folder: a non-empty string, resolved against the file's folder,
    /// or against `home` when it starts with `~` (see [`Start`]).
    fn folder(
        &mut self,
        v: &Value<'_>,
        what: &str,
        base: &Path,
        home: Option<&Path>,
    ) -> Option<PathBuf> {
        let text = self.string(v, what)?;
        if text.is_empty() {
            self.push(
                Diagnostic::error(format!("`{what}` must name a folder"), Some(v.span()))
                    .with_label("empty")
                    .with_help("write \".\" for the folder of this file"),
            );
            return None;
        }
        match start(text) {
            Start::Plain => Some(resolve(base, Path::new(text))),
            Start::Home(rest) => {
                let Some(home) = home else {
                    self.push(
                        Diagnostic::error(
                            format!("`{what}` starts with `~`, but the home folder is unknown"),
                            Some(v.span()),
                        )
                        .with_label("no home folder")
                        .with_help("set HOME, or write the folder in full"),
                    );
                    return None;
                };
                // `home.join("")` would add a trailing separator.
                Some(if rest.is_empty() {
                    home.to_path_buf()
                } else {
                    home.join(rest)
                })
            }
            Start::OtherHome(user) => {
                self.push(
                    Diagnostic::error(
                        format!(
                            "`{what}` starts with `{user}`, another user's home folder, \
                             which brief does not look up"
                        ),
                        Some(v.span()),
                    )
                    .with_label("not supported")
                    .with_help(format!(
                        "write the folder in full, or `~/…` for your own home folder \
                         (a folder named `{user}` beside this file is `./{user}`)"
                    )),
                );
                None
            }
        }
    }

    fn unknown_key(&mut self, key: &Spanned<DeString<'_>>, section: Option<&str>, is_table: bool) {
        let name = key.get_ref().as_ref();
        let (message, label, known): (String, String, Vec<&str>) = match section {
            Some(section) => (
                format!("unknown setting `{name}` in [{section}]"),
                format!("not a setting of [{section}]"),
                SCHEMA
                    .iter()
                    .find(|(s, _)| *s == section)
                    .map(|(_, keys)| keys.to_vec())
                    .unwrap_or_default(),
            ),
            None if is_table => (
                format!("unknown table `{name}`"),
                "not a table of the configuration".to_string(),
                SCHEMA.iter().map(|(s, _)| *s).collect(),
            ),
            None => (
                format!("unknown setting `{name}` outside any table"),
                "not in a table".to_string(),
                SCHEMA.iter().map(|(s, _)| *s).collect(),
            ),
        };
        let mut d = Diagnostic::error(message, Some(key.span())).with_label(label);
        let elsewhere = SCHEMA
            .iter()
            .find(|(s, keys)| Some(*s) != section && keys.contains(&name))
            .map(|(s, _)| *s);
        d = if let Some(s) = suggest(name, known.iter().copied()) {
            d.with_help(format!("did you mean `{s}`?"))
        } else if let Some(table) = elsewhere {
            d.with_help(format!("`{name}` belongs in [{table}]"))
        } else if known.is_empty() {
            d
        } else {
            d.with_help(format!(
                "expected one of {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        };
        self.push(d);
    }
}

/// What a folder written in the file starts from.
#[derive(Debug, PartialEq, Eq)]
enum Start<'a> {
    /// `~` or `~/rest`: the user's home folder, then `rest` (without its
    /// leading separators, which would make it absolute).
    Home(&'a str),
    /// `~name` or `~name/rest`: another user's home folder, as a shell
    /// reads it. Refused rather than looked up in the system's user
    /// database; nor is it read as a folder named `~name`, which is
    /// rarely what was meant (`./~name` says that).
    OtherHome(&'a str),
    /// Anything else: an absolute path, or one relative to the file's folder.
    Plain,
}

/// How `text`, a folder written in the file, starts.
fn start(text: &str) -> Start<'_> {
    use std::path::is_separator;
    let Some(rest) = text.strip_prefix('~') else {
        return Start::Plain;
    };
    match rest.chars().next() {
        None => Start::Home(""),
        Some(c) if is_separator(c) => Start::Home(rest.trim_start_matches(is_separator)),
        Some(_) => {
            let end = text.find(is_separator).unwrap_or(text.len());
            Start::OtherHome(&text[..end])
        }
    }
}

/// A path from the file, relative to the file's folder unless absolute.
pub(super) fn resolve(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// One colour override: an element and the colours it is given.
struct ColorOverride {
    element: &'static str,
    fg: Option<Color>,
    bg: Option<Color>,
}

/// Reads the text of a configuration file. `no_color` is whether
/// `NO_COLOR` asks for no colour (it picks the theme when the file names none).
/// A folder that starts with `~` starts at the user's home folder.
pub fn parse(path: &Path, text: &str, no_color: bool) -> Result<Config, Report> {
    let home = etcetera::home_dir()
        .ok()
        .filter(|h| !h.as_os_str().is_empty());
    parse_with_home(path, text, no_color, home.as_deref())
}

/// [`parse`], with the home folder that `~` stands for given (`None`: not
/// known), so that tests need not change the environment.
fn parse_with_home(
    path: &Path,
    text: &str,
    no_color: bool,
    home: Option<&Path>,
) -> Result<Config, Report> {
    let report = |diagnostics| Report {
        path: path.to_path_buf(),
        source: text.to_string(),
        diagnostics,
    };
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let message = format!("invalid TOML: {}", e.message());
            return Err(report(vec![
                Diagnostic::error(message, e.span()).with_label("here"),
            ]));
        }
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut ck = Checker::default();
    let mut config = Config {
        file: Some(path.to_path_buf()),
        ..Config::default()
    };
    let mut theme_name: Option<String> = None;
    let mut colors: Vec<ColorOverride> = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let section = key.get_ref().as_ref();
        if !SCHEMA.iter().any(|(s, _)| *s == section) {
            ck.unknown_key(key, None, value.get_ref().is_table());
            continue;
        }
        let Some(table) = ck.table(value, section) else {
            continue;
        };
        if section == "keys" {
            config.keys = super::keys::read(table, &mut ck);
            continue;
        }
        for (key, v) in table.iter() {
            let what = format!("{section}.{}", key.get_ref());
            match (section, key.get_ref().as_ref()) {
                ("paths", "briefings") => {
                    if let Some(p) = ck.folder(v, &what, base, home) {
                        config.briefings_dir = p;
                    }
                }
                ("paths", "export") => {
                    if let Some(p) = ck.folder(v, &what, base, home) {
                        config.export_dir = p;
                    }
                }
                ("export", "width") => {
                    if let Some(n) = ck.width(v, &what, true) {
                        config.export_width = n;
                    }
                }
                ("export", "format") => {
                    if let Some(f) = read_format(v, &mut ck) {
                        config.export_format = f;
                    }
                }
                ("reader", "max_width") => {
                    if let Some(n) = ck.width(v, &what, false) {
                        config.max_width = n;
                    }
                }
                ("reader", "mouse") => {
                    if let Some(b) = ck.boolean(v, &what) {
                        config.mouse = b;
                    }
                }
                ("reader", "generated_tabs") => {
                    if let Some(b) = ck.boolean(v, &what) {
                        config.generated_tabs = b;
                    }
                }
                ("cache", "max_mb") => {
                    if let Some(n) = ck.megabytes(v, &what) {
                        config.cache_max_mb = n;
                    }
                }
                ("theme", "name") => theme_name = read_theme_name(v, &mut ck),
                ("theme", "colors") => {
                    if let Some(t) = ck.table(v, &what) {
                        colors = read_colors(t, &mut ck);
                    }
                }
                _ => ck.unknown_key(key, Some(section), false),
            }
        }
    }
    let name = theme::resolve_name(theme_name.as_deref(), no_color);
    config.theme = Theme::by_name(name).unwrap_or_default();
    for o in colors {
        // "default" takes the theme's colour away, leaving the terminal's own.
        let own = |c: Color| Some(c).filter(|c| *c != Color::Reset);
        if let Some(style) = config.theme.element_mut(o.element) {
            if let Some(fg) = o.fg {
                style.fg = own(fg);
            }
            if let Some(bg) = o.bg {
                style.bg = own(bg);
            }
        }
    }
    if ck.diagnostics.is_empty() {
        Ok(config)
    } else {
        let mut diagnostics = ck.diagnostics;
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(report(diagnostics))
    }
}

fn read_format(v: &Value<'_>, ck: &mut Checker) -> Option<Format> {
    let name = ck.string(v, "export.format")?;
    if let Some(f) = Format::named(name) {
        return Some(f);
    }
    let names = Format::ALL.map(Format::name);
    let d = Diagnostic::error(format!("unknown export format `{name}`"), Some(v.span()))
        .with_label("not a format");
    ck.push(match suggest(name, names) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help("the formats are `text`, `markdown` and `html`"),
    });
    None
}

fn read_theme_name(v: &Value<'_>, ck: &mut Checker) -> Option<String> {
    let name = ck.string(v, "theme.name")?;
    if THEME_NAMES.contains(&name) {
        return Some(name.to_string());
    }
    let d = Diagnostic::error(format!("unknown theme `{name}`"), Some(v.span()))
        .with_label("not a theme");
    ck.push(match suggest(name, THEME_NAMES.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "the themes are {}",
            THEME_NAMES
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    });
    None
}

fn read_colors(table: &DeTable<'_>, ck: &mut Checker) -> Vec<ColorOverride> {
    let mut out = Vec::new();
    for (key, v) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some(element) = ELEMENTS.iter().map(|(n, _)| *n).find(|n| *n == name) else {
            let d = Diagnostic::error(
                format!("unknown element `{name}` in [theme.colors]"),
                Some(key.span()),
            )
            .with_label("not an element");
            ck.push(match suggest(name, ELEMENTS.iter().map(|(n, _)| *n)) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("`brief config --default` lists every element"),
            });
            continue;
        };
        let what = format!("theme.colors.{name}");
        match v.get_ref() {
            DeValue::Table(t) => {
                let mut o = ColorOverride {
                    element,
                    fg: None,
                    bg: None,
                };
                for (k, cv) in t.iter() {
                    match k.get_ref().as_ref() {
                        "fg" => o.fg = read_color(cv, &format!("{what}.fg"), ck),
                        "bg" => o.bg = read_color(cv, &format!("{what}.bg"), ck),
                        other => {
                            let d = Diagnostic::error(
                                format!("unknown setting `{other}` in `{what}`"),
                                Some(k.span()),
                            )
                            .with_label("not `fg` or `bg`");
                            ck.push(match suggest(other, ["fg", "bg"]) {
                                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                                None => d.with_help(
                                    "write { fg = \"colour\", bg = \"colour\" } or just \"colour\"",
                                ),
                            });
                        }
                    }
                }
                out.push(o);
            }
            _ => {
                if let Some(fg) = read_color(v, &what, ck) {
                    out.push(ColorOverride {
                        element,
                        fg: Some(fg),
                        bg: None,
                    });
                }
            }
        }
    }
    out
}

fn read_color(v: &Value<'_>, what: &str, ck: &mut Checker) -> Option<Color> {
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().to_string(),
        _ => {
            ck.wrong_type(v, what, "a colour");
            return None;
        }
    };
    match theme::parse_color(&text) {
        Ok(c) => Some(c),
        Err(e) => {
            let d = Diagnostic::error(e.to_string(), Some(v.span())).with_label("not a colour");
            let help = match suggest(&text.to_ascii_lowercase(), theme::color_names()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "a colour is a name such as `yellow` or `light-blue`, \
                         \"#rrggbb\", an index 0-255, or \"default\""
                    .to_string(),
            };
            ck.push(d.with_help(help));
            None
        }
    }
}

#[cfg(test)]
mod tests;
