//! Colours and text attributes for every kind of text and every part of the
//! screen.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

/// How the reader paints text. Readable without colour: matches and the
/// selection are also marked by reverse video or bold.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (`dark`, `light`, `mono`).
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
