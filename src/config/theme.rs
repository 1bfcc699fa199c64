//! Colours and text attributes for every kind of text and every part of the
//! screen.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

/// How the reader paints text. Readable without colour: matches and the
/// selection are also marked by reverse video or bold.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (`dark`, `light`, `mono`, `high-contrast`).
    pub name: String,
    /// Briefing title line.
    pub header: Style,
    /// Subtitle, dates in the header.
    pub header_meta: Style,
    /// An inactive tab.
    pub tab: Style,
    /// The active tab.
    pub tab_active: Style,
    /// A tab's hotkey hint.
    pub tab_key: Style,
    /// Status line.
    pub status: Style,
    /// Messages in the status line.
    pub message: Style,
    /// Errors and warnings (banner, failed export).
    pub error: Style,
    /// A search match.
    pub search_match: Style,
    /// The current search match.
    pub search_current: Style,
    /// The selected row of a list (outline, picker).
    pub selection: Style,
    /// Borders of overlays.
    pub border: Style,
    /// Scrollbar.
    pub scrollbar: Style,
    /// Text styles by role.
    pub roles: RoleStyles,
}

/// Styles for laid-out text, by [`Role`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleStyles {
    /// [`Role::Plain`] and [`Role::Body`].
    pub body: Style,
    /// [`Role::BriefingTitle`] and [`Role::SectionTitle`].
    pub title: Style,
    /// [`Role::Summary`].
    pub summary: Style,
    /// [`Role::ItemTitle`].
    pub item_title: Style,
    /// [`Role::Meta`].
    pub meta: Style,
    /// [`Role::Tag`].
    pub tag: Style,
    /// [`Role::Bullet`].
    pub bullet: Style,
    /// [`Role::Quotation`] and [`Role::Quote`].
    pub quote: Style,
    /// [`Role::Attribution`].
    pub attribution: Style,
    /// [`Role::FigureHeader`].
    pub figure_header: Style,
    /// [`Role::Figure`].
    pub figure: Style,
    /// [`Role::Citation`].
    pub citation: Style,
    /// [`Role::Link`].
    pub link: Style,
    /// [`Role::Rule`].
    pub rule: Style,
}

impl Theme {
    /// The style of laid-out text of this role.
    pub fn text(&self, role: Role) -> Style {
        let r = &self.roles;
        match role {
            Role::Plain | Role::Body => r.body,
            Role::BriefingTitle | Role::SectionTitle => r.title,
            Role::Summary => r.summary,
            Role::ItemTitle => r.item_title,
            Role::Meta => r.meta,
            Role::Tag => r.tag,
            Role::Bullet => r.bullet,
            Role::Quotation | Role::Quote => r.quote,
            Role::Attribution => r.attribution,
            Role::FigureHeader => r.figure_header,
            Role::Figure => r.figure,
            Role::Citation => r.citation,
            Role::Link => r.link,
            Role::Rule => r.rule,
        }
    }

    /// Light text on a dark terminal (the default).
    pub fn dark() -> Theme {
        let b = Modifier::BOLD;
        Theme {
            name: "dark".into(),
            header: Style::new().fg(Color::White).add_modifier(b),
            header_meta: Style::new().fg(Color::Gray),
            tab: Style::new().fg(Color::Gray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(b),
            tab_key: Style::new().fg(Color::Yellow),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            message: Style::new().fg(Color::Yellow).bg(Color::DarkGray),
            error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(b),
            search_match: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::REVERSED),
            search_current: Style::new()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::REVERSED | b),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::Cyan),
            scrollbar: Style::new().fg(Color::DarkGray),
            roles: RoleStyles {
                body: Style::new(),
                title: Style::new().fg(Color::Cyan).add_modifier(b),
                summary: Style::new().add_modifier(Modifier::ITALIC),
                item_title: Style::new().fg(Color::LightYellow).add_modifier(b),
                meta: Style::new().fg(Color::DarkGray),
                tag: Style::new().fg(Color::Magenta),
                bullet: Style::new().fg(Color::Cyan),
                quote: Style::new().fg(Color::LightGreen),
                attribution: Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
                figure_header: Style::new().add_modifier(b | Modifier::UNDERLINED),
                figure: Style::new().fg(Color::LightBlue),
                citation: Style::new().fg(Color::DarkGray),
                link: Style::new()
                    .fg(Color::Blue)
                    .add_modifier(Modifier::UNDERLINED),
                rule: Style::new().fg(Color::DarkGray),
            },
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

/// The names of the built-in themes, in the order the documentation lists them.
pub const THEME_NAMES: &[&str] = &["dark", "light", "mono", "high-contrast"];

/// Every element a colour can be set for, as `[theme.colors]` names it,
/// with what it paints.
pub const ELEMENTS: &[(&str, &str)] = &[
    ("header", "briefing title line"),
    ("header_meta", "subtitle and dates in the header"),
    ("tab", "an inactive section tab"),
    ("tab_active", "the active section tab"),
    ("tab_key", "a tab's hotkey hint"),
    ("status", "status line"),
    ("message", "messages in the status line"),
    ("error", "errors and warnings"),
    ("search_match", "a search match"),
    ("search_current", "the current search match"),
    ("selection", "the selected row of a list"),
    ("border", "borders of overlays"),
    ("scrollbar", "scrollbar"),
    ("body", "body text"),
    ("title", "briefing and section titles"),
    ("summary", "a section's summary"),
    ("item_title", "an item's title"),
    ("meta", "an item's dates and source"),
    ("tag", "tags"),
    ("bullet", "list bullets"),
    ("quote", "quotations"),
    ("attribution", "who said a quotation"),
    ("figure_header", "a figure's heading"),
    ("figure", "figures (tables and charts)"),
    ("citation", "citations"),
    ("link", "links"),
    ("rule", "horizontal rules"),
];

impl Theme {
    /// Dark text for a light terminal background.
    pub fn light() -> Theme {
        let b = Modifier::BOLD;
        Theme {
            name: "light".into(),
            header: Style::new().fg(Color::Black).add_modifier(b),
            header_meta: Style::new().fg(Color::DarkGray),
            tab: Style::new().fg(Color::DarkGray),
            tab_active: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(b),
            tab_key: Style::new().fg(Color::Magenta),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            message: Style::new().fg(Color::Blue).bg(Color::Gray),
            error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(b),
            search_match: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::REVERSED),
            search_current: Style::new()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::REVERSED | b),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::Blue),
            scrollbar: Style::new().fg(Color::DarkGray),
            roles: RoleStyles {
                body: Style::new(),
                title: Style::new().fg(Color::Blue).add_modifier(b),
                summary: Style::new().add_modifier(Modifier::ITALIC),
                item_title: Style::new().fg(Color::Black).add_modifier(b),
                meta: Style::new().fg(Color::DarkGray),
                tag: Style::new().fg(Color::Magenta),
                bullet: Style::new().fg(Color::Blue),
                quote: Style::new().fg(Color::Green),
                attribution: Style::new()
                    .fg(Color::DarkGray)
                    .add_modifier(Modifier::ITALIC),
                figure_header: Style::new().add_modifier(b | Modifier::UNDERLINED),
                figure: Style::new().fg(Color::Blue),
                citation: Style::new().fg(Color::DarkGray),
                link: Style::new()
                    .fg(Color::Blue)
                    .add_modifier(Modifier::UNDERLINED),
                rule: Style::new().fg(Color::DarkGray),
            },
        }
    }

    /// No colours at all: for `NO_COLOR` and monochrome terminals. Emphasis,
    /// the selection and search matches are carried by bold, underline and
    /// reverse video alone.
    pub fn mono() -> Theme {
        let b = Modifier::BOLD;
        let u = Modifier::UNDERLINED;
        let r = Modifier::REVERSED;
        let i = Modifier::ITALIC;
        let m = |modifier: Modifier| Style::new().add_modifier(modifier);
        Theme {
            name: "mono".into(),
            header: m(b),
            header_meta: Style::new(),
            tab: Style::new(),
            tab_active: m(r | b),
            tab_key: m(u),
            status: m(r),
            message: m(r | b),
            error: m(r | b),
            search_match: m(r),
            search_current: m(r | b | u),
            selection: m(r),
            border: Style::new(),
            scrollbar: Style::new(),
            roles: RoleStyles {
                body: Style::new(),
                title: m(b),
                summary: m(i),
                item_title: m(b),
                meta: Style::new(),
                tag: m(i),
                bullet: m(b),
                quote: m(i),
                attribution: m(i),
                figure_header: m(b | u),
                figure: Style::new(),
                citation: m(i),
                link: m(u),
                rule: Style::new(),
            },
        }
    }

    /// The most contrast a terminal can give, on any background, for low
    /// vision: text in the terminal's own foreground (which its own
    /// background is chosen to contrast with), never dimmed and never in
    /// italics; emphasis by bold and underline; every coloured mark a pair
    /// of foreground and background whose contrast does not depend on the
    /// terminal (black on white, on bright yellow or bright cyan; bright
    /// white on red); and each mark also carried by an attribute, so that
    /// it reads the same without colour.
    pub fn high_contrast() -> Theme {
        let b = Modifier::BOLD;
        let u = Modifier::UNDERLINED;
        let r = Modifier::REVERSED;
        let m = |modifier: Modifier| Style::new().add_modifier(modifier);
        let on = |fg: Color, bg: Color, modifier: Modifier| {
            Style::new().fg(fg).bg(bg).add_modifier(modifier)
        };
        Theme {
            name: "high-contrast".into(),
            header: m(b),
            header_meta: Style::new(),
            tab: Style::new(),
            tab_active: on(Color::Black, Color::White, b),
            tab_key: m(b | u),
            status: on(Color::Black, Color::White, Modifier::empty()),
            message: on(Color::Black, Color::LightYellow, b),
            error: on(Color::White, Color::Red, b),
            search_match: on(Color::Black, Color::LightYellow, u),
            search_current: on(Color::Black, Color::LightCyan, b | u),
            selection: m(r | b),
            border: m(b),
            scrollbar: Style::new(),
            roles: RoleStyles {
                body: Style::new(),
                title: m(b | u),
                summary: Style::new(),
                item_title: m(b),
                meta: Style::new(),
                tag: Style::new(),
                bullet: m(b),
                quote: Style::new(),
                attribution: Style::new(),
                figure_header: m(b | u),
                figure: Style::new(),
                citation: Style::new(),
                link: m(u),
                rule: Style::new(),
            },
        }
    }

    /// A built-in theme by name (see [`THEME_NAMES`]).
    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "mono" => Some(Theme::mono()),
            "high-contrast" => Some(Theme::high_contrast()),
            _ => None,
        }
    }

    /// Every element's style, by its `[theme.colors]` name, in [`ELEMENTS`] order.
    pub fn elements(&self) -> Vec<(&'static str, Style)> {
        let mut copy = self.clone();
        copy.elements_mut()
            .into_iter()
            .map(|(name, style)| (name, *style))
            .collect()
    }

    /// The style of one element, by its `[theme.colors]` name.
    pub fn element_mut(&mut self, name: &str) -> Option<&mut Style> {
        self.elements_mut()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }

    fn elements_mut(&mut self) -> [(&'static str, &mut Style); 27] {
        let r = &mut self.roles;
        [
            ("header", &mut self.header),
            ("header_meta", &mut self.header_meta),
            ("tab", &mut self.tab),
            ("tab_active", &mut self.tab_active),
            ("tab_key", &mut self.tab_key),
            ("status", &mut self.status),
            ("message", &mut self.message),
            ("error", &mut self.error),
            ("search_match", &mut self.search_match),
            ("search_current", &mut self.search_current),
            ("selection", &mut self.selection),
            ("border", &mut self.border),
            ("scrollbar", &mut self.scrollbar),
            ("body", &mut r.body),
            ("title", &mut r.title),
            ("summary", &mut r.summary),
            ("item_title", &mut r.item_title),
            ("meta", &mut r.meta),
            ("tag", &mut r.tag),
            ("bullet", &mut r.bullet),
            ("quote", &mut r.quote),
            ("attribution", &mut r.attribution),
            ("figure_header", &mut r.figure_header),
            ("figure", &mut r.figure),
            ("citation", &mut r.citation),
            ("link", &mut r.link),
            ("rule", &mut r.rule),
        ]
    }
}

/// The theme a run uses: the one the configuration names, else `mono` when
/// `NO_COLOR` asks for no colour, else `dark`.
pub fn resolve_name(named: Option<&str>, no_color: bool) -> &str {
    match named {
        Some(name) => name,
        None if no_color => "mono",
        None => "dark",
    }
}

/// Whether a `NO_COLOR` value asks for no colour: set and not empty
/// (<https://no-color.org>).
pub fn no_color(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Colour names as configurations write them, canonical spelling first.
const COLOR_NAMES: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
    ("default", Color::Reset),
];

/// Other spellings accepted for the same colours (compared without `-`, `_`, spaces).
const COLOR_ALIASES: &[(&str, Color)] = &[
    ("grey", Color::Gray),
    ("darkgrey", Color::DarkGray),
    ("brightblack", Color::DarkGray),
    ("brightred", Color::LightRed),
    ("brightgreen", Color::LightGreen),
    ("brightyellow", Color::LightYellow),
    ("brightblue", Color::LightBlue),
    ("brightmagenta", Color::LightMagenta),
    ("brightcyan", Color::LightCyan),
    ("brightwhite", Color::White),
    ("reset", Color::Reset),
];

/// The canonical colour names, for documentation and "did you mean".
pub fn color_names() -> impl Iterator<Item = &'static str> {
    COLOR_NAMES.iter().map(|(n, _)| *n).chain(["reset"])
}

/// Why a colour could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown colour `{text}`")]
pub struct ColorParseError {
    /// The colour as written.
    pub text: String,
}

/// Reads a colour: a name (`yellow`, `dark-gray`), `#rrggbb`, an index
/// `0`–`255`, or `default` / `reset` for the terminal's own colour.
pub fn parse_color(text: &str) -> Result<Color, ColorParseError> {
    let err = || ColorParseError {
        text: text.to_string(),
    };
    let trimmed = text.trim();
    if let Some(hex) = trimmed.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(err());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        return Ok(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse::<u8>().map(Color::Indexed).map_err(|_| err());
    }
    let squashed: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    COLOR_NAMES
        .iter()
        .map(|(n, c)| (n.replace('-', ""), *c))
        .chain(COLOR_ALIASES.iter().map(|(n, c)| (n.to_string(), *c)))
        .find(|(n, _)| *n == squashed)
        .map(|(_, c)| c)
        .ok_or_else(err)
}

/// A colour as a configuration writes it; [`parse_color`] reads it back.
pub fn color_to_string(color: Color) -> String {
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        other => COLOR_NAMES
            .iter()
            .find(|(_, c)| *c == other)
            .map_or("default", |(n, _)| n)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_cover_every_style_once() {
        let theme = Theme::dark();
        let names: Vec<&str> = theme.elements().iter().map(|(n, _)| *n).collect();
        let documented: Vec<&str> = ELEMENTS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, documented);
        // Every element is reachable by name, and writing it changes only it.
        for (name, _) in ELEMENTS {
            let mut t = Theme::dark();
            t.element_mut(name).unwrap().fg = Some(Color::Indexed(201));
            let changed: Vec<&str> = t
                .elements()
                .iter()
                .zip(Theme::dark().elements())
                .filter(|((_, a), (_, b))| a != b)
                .map(|((n, _), _)| *n)
                .collect();
            assert_eq!(changed, vec![*name]);
        }
        assert!(theme.clone().element_mut("nope").is_none());
    }

    #[test]
    fn mono_has_no_colour_anywhere() {
        let mono = Theme::mono();
        for (name, style) in mono.elements() {
            assert_eq!(style.fg, None, "{name} has a foreground");
            assert_eq!(style.bg, None, "{name} has a background");
            assert_eq!(
                style.underline_color, None,
                "{name} has an underline colour"
            );
        }
        // Without colour, the selection and matches must still stand out.
        for style in [mono.selection, mono.search_match, mono.search_current] {
            assert!(
                style
                    .add_modifier
                    .intersects(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
                "{style:?}"
            );
        }
        assert_ne!(mono.search_match, mono.search_current);
    }

    #[test]
    fn high_contrast_never_leaves_contrast_to_the_terminal() {
        let hc = Theme::high_contrast();
        for (name, style) in hc.elements() {
            // A colour comes with the other half of its pair.
            assert_eq!(style.fg.is_some(), style.bg.is_some(), "{name}: {style:?}");
            for c in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    !matches!(c, Color::DarkGray | Color::Gray),
                    "{name} is dimmed: {style:?}"
                );
            }
            assert!(!style.add_modifier.contains(Modifier::ITALIC), "{name}");
            assert!(!style.add_modifier.contains(Modifier::DIM), "{name}");
        }
        // Marks read the same without colour.
        for style in [
            hc.selection,
            hc.search_match,
            hc.search_current,
            hc.tab_active,
            hc.error,
        ] {
            assert!(
                style
                    .add_modifier
                    .intersects(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
                "{style:?}"
            );
        }
        assert_ne!(hc.search_match.add_modifier, hc.search_current.add_modifier);
    }

    #[test]
    fn themes_by_name() {
        for name in THEME_NAMES {
            assert_eq!(Theme::by_name(name).unwrap().name, *name);
        }
        assert!(Theme::by_name("solarized").is_none());
        assert_ne!(Theme::light(), Theme::dark());
    }

    #[test]
    fn no_color_selects_mono_unless_a_theme_is_named() {
        use std::ffi::OsStr;
        assert!(no_color(Some(OsStr::new("1"))));
        assert!(!no_color(Some(OsStr::new(""))));
        assert!(!no_color(None));
        assert_eq!(resolve_name(None, false), "dark");
        assert_eq!(resolve_name(None, true), "mono");
        assert_eq!(resolve_name(Some("light"), true), "light");
        assert_eq!(resolve_name(Some("dark"), true), "dark");
        assert_eq!(resolve_name(Some("mono"), false), "mono");
    }

    #[test]
    fn colours_parse_and_print_back() {
        assert_eq!(parse_color("yellow"), Ok(Color::Yellow));
        assert_eq!(parse_color("Dark-Gray"), Ok(Color::DarkGray));
        assert_eq!(parse_color("dark_grey"), Ok(Color::DarkGray));
        assert_eq!(parse_color("lightblue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("#ff8800"), Ok(Color::Rgb(0xff, 0x88, 0)));
        assert_eq!(parse_color("42"), Ok(Color::Indexed(42)));
        assert_eq!(parse_color("default"), Ok(Color::Reset));
        assert_eq!(parse_color("reset"), Ok(Color::Reset));
        for bad in ["", "yelow", "#ff88", "#gg0000", "256", "-1", "#ff8800ff"] {
            assert!(parse_color(bad).is_err(), "{bad}");
        }
        let mut all: Vec<Color> = COLOR_NAMES.iter().map(|(_, c)| *c).collect();
        all.extend([
            Color::Rgb(1, 2, 255),
            Color::Indexed(0),
            Color::Indexed(255),
        ]);
        for color in all {
            assert_eq!(parse_color(&color_to_string(color)), Ok(color));
        }
    }
}
