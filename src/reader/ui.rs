//! Drawing the reader: reads the state, changes nothing. Each component
//! draws itself; this is the order they are drawn in.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::Paragraph;

use super::app::{App, Overlay, Screen};
use super::reading::draw::Around;
pub use super::reading::draw::Hyperlink;
use crate::config::Theme;
use crate::config::action::{Action, Context};

/// Draws the whole screen: the picker or the open briefing, then the list
/// over it, if one is open.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let g = app.geometry();
    if g.too_small {
        draw_too_small(frame, area);
        return;
    }
    let keys = &app.settings.keys;
    match (app.screen, &app.reading) {
        (Screen::Reading, Some(r)) => {
            let around = Around {
                search: app.search.as_ref(),
                message: app.message.as_deref(),
                keys,
                body_height: g.body_height,
            };
            super::reading::draw::draw(frame, r, around, theme, area);
        }
        _ => super::picker::draw::draw(
            frame,
            &app.picker,
            app.message.as_deref(),
            keys,
            theme,
            area,
        ),
    }
    match &app.overlay {
        Some(Overlay::Help(h)) => h.draw(frame, theme, area),
        Some(Overlay::Outline(o)) => o.draw(frame, theme, area),
        Some(Overlay::Changes(c)) => c.draw(frame, theme, area),
        Some(Overlay::Tags(t)) => {
            let choose = keys
                .keys_in(Action::Choose, Context::List)
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            t.draw(frame, &choose, theme, area);
        }
        Some(Overlay::Problems(p)) => p.draw(frame, theme, area),
        None => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = "terminal too small";
    let msg = if usize::from(area.width) >= text.len() {
        text
    } else {
        "too small"
    };
    let y = area.y + area.height / 2;
    frame.render_widget(
        Paragraph::new(msg).alignment(Alignment::Center),
        Rect::new(area.x, y, area.width, 1),
    );
}

/// The URLs on screen that the terminal can make clickable (OSC 8): none
/// while a list covers the text or the picker shows.
pub fn hyperlinks(app: &App, theme: &Theme, area: Rect) -> Vec<Hyperlink> {
    match &app.reading {
        Some(r)
            if !app.geometry().too_small
                && app.overlay.is_none()
                && app.screen == Screen::Reading =>
        {
            super::reading::draw::hyperlinks(r, theme, area)
        }
        _ => Vec::new(),
    }
}
