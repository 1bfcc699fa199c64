//! Drawing the open briefing: the header, the tab bar, the text on screen
//! (with search matches and the selected link marked) and the status line.
//! Only the visible lines are turned into spans, so a frame costs the same
//! at any depth.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::{Reading, tabs};
use crate::briefing::text::is_linkable_url;
use crate::config::Theme;
use crate::config::action::Action;
use crate::config::keymap::KeyMap;
use crate::layout::{Join, Lines, Role, width};
use crate::reader::geometry::{FOOTER_ROWS, HEADER_ROWS};
use crate::reader::search::Search;
use crate::reader::widgets::{left_right, row, styled_line};

/// What the reading view shows from the rest of the reader.
#[derive(Debug, Clone, Copy)]
pub struct Around<'a> {
    /// The search, whose matches are marked and whose state the status
    /// line shows.
    pub search: Option<&'a Search>,
    /// A one-off line for the status bar.
    pub message: Option<&'a str>,
    /// The key map, for the status line's hints.
    pub keys: &'a KeyMap,
    /// Rows of the text on screen.
    pub body_height: usize,
}

/// Draws the whole reading screen.
pub fn draw(frame: &mut Frame, r: &Reading, around: Around<'_>, theme: &Theme, area: Rect) {
    header(frame, r, theme, area);
    tabs::draw(frame, r, theme, row(area, HEADER_ROWS - 1));
    let body = Rect::new(
        area.x,
        area.y.saturating_add(HEADER_ROWS),
        area.width,
        area.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS),
    );
    text(frame, r, around.search, theme, body);
    status(
        frame,
        r,
        around,
        theme,
        row(area, area.height.saturating_sub(1)),
    );
}

/// Title and date; subtitle and as-of, or the banner of a newer version
/// of the file that failed to load.
fn header(frame: &mut Frame, r: &Reading, theme: &Theme, area: Rect) {
    let b = &r.briefing;
    let date = b.meta.date.long();
    let title = left_right(
        vec![Span::styled(format!(" {}", b.meta.title), theme.header)],
        vec![Span::styled(format!("{date} "), theme.header_meta)],
        area.width,
    );
    frame.render_widget(Paragraph::new(title), row(area, 0));
    if let Some(banner) = &r.banner {
        let text = format!(" The file has errors; showing the last good version. {banner}");
        frame.render_widget(
            Paragraph::new(left_right(
                vec![Span::styled(text, theme.error)],
                vec![],
                area.width,
            ))
            .style(theme.error),
            row(area, 1),
        );
        return;
    }
    let mut sub = Vec::new();
    if let Some(s) = &b.meta.subtitle {
        sub.push(Span::styled(format!(" {s}"), theme.header_meta));
    }
    let as_of = b
        .meta
        .as_of
        .as_ref()
        .map(|a| {
            vec![Span::styled(
                format!("as of {} ", a.long()),
                theme.header_meta,
            )]
        })
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(left_right(sub, as_of, area.width)),
        row(area, 1),
    );
}

/// The lines on screen, with the search's matches and the selected link
/// marked, and a scrollbar when they do not all fit.
fn text(frame: &mut Frame, r: &Reading, search: Option<&Search>, theme: &Theme, body: Rect) {
    let Some(layout) = r.layout() else {
        return;
    };
    let top = r.scroll();
    let focus = r.pane().focus;
    let focus_target = focus
        .and_then(|f| layout.lines.get(f))
        .and_then(|l| l.target);
    // The selected link: its first line and the lines that continue it.
    let focused = |n: usize| {
        focus.is_some_and(|f| {
            n >= f
                && focus_target.is_some()
                && (f..=n).all(|k| layout.lines.line(k).target == focus_target)
        })
    };
    let h = usize::from(body.height);
    let end = top.saturating_add(h).min(layout.lines.len());
    // The matches on screen (a figures view is not searched); one over a
    // line break shows on both lines.
    let on_screen: Vec<(usize, Range<usize>, bool)> = search
        .filter(|_| !r.showing_figures())
        .map(|s| {
            let bytes = layout.lines.start_of(top)..layout.lines.start_of(end);
            s.on_screen(r.tab, bytes)
                .flat_map(|(bytes, current)| {
                    layout
                        .lines
                        .segments(bytes)
                        .map(move |(line, range)| (line, range, current))
                })
                .collect()
        })
        .unwrap_or_default();
    let lines: Vec<TLine> = (top.min(end)..end)
        .map(|n| {
            let here: Vec<(Range<usize>, bool)> = on_screen
                .iter()
                .filter(|m| m.0 == n)
                .map(|m| (m.1.clone(), m.2))
                .collect();
            let line = styled_line(layout.lines.line(n), &here, theme);
            if focused(n) {
                line.patch_style(theme.selection)
            } else {
                line
            }
        })
        .collect();
    let text_area = Rect::new(
        body.x.saturating_add(1),
        body.y,
        body.width.saturating_sub(3).max(1),
        body.height,
    );
    frame.render_widget(Paragraph::new(lines), text_area);
    change_marks(frame, r, theme, body, text_area);
    // A long section still being laid out has an estimated length.
    let total = layout.estimated_len();
    if total > h {
        let mut state = ScrollbarState::new(total.saturating_sub(h))
            .position(top)
            .viewport_content_length(h);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .style(theme.scrollbar),
            body,
            &mut state,
        );
    }
}

/// Marks the items on screen that are new or changed since the last
/// reading: a bar in the left margin along the item, and on its first line
/// a word (`+ new`, `~ changed`) at the right where the line leaves room,
/// so that the mark does not rely on colour.
fn change_marks(frame: &mut Frame, r: &Reading, theme: &Theme, body: Rect, text_area: Rect) {
    let (Some(found), Some(layout), super::Page::Section(s)) = (&r.changes, r.layout(), r.page())
    else {
        return;
    };
    if r.showing_figures() {
        return;
    }
    let top = r.scroll();
    let end = top
        .saturating_add(usize::from(body.height))
        .min(layout.lines.len());
    let starts: Vec<(usize, usize)> = layout
        .item_starts
        .iter()
        .enumerate()
        .filter_map(|(i, st)| st.map(|st| (i, st)))
        .collect();
    let room = usize::from(text_area.width);
    let style = theme.roles.tag.add_modifier(Modifier::BOLD);
    for (k, &(item, start)) in starts.iter().enumerate() {
        let Some(mark) = found.mark(s, item) else {
            continue;
        };
        let stop = starts.get(k + 1).map_or(layout.lines.len(), |&(_, st)| st);
        let first = start.max(top);
        let last = stop.min(end);
        let buf = frame.buffer_mut();
        for n in first..last {
            let y = body
                .y
                .saturating_add(u16::try_from(n - top).unwrap_or(u16::MAX));
            if y >= body.bottom() {
                break;
            }
            buf[(body.x, y)].set_symbol("▌").set_style(style);
        }
        // The word goes on the item's first line with text: its title.
        let title_line = (start..stop).find(|&n| !layout.lines.line(n).text().trim().is_empty());
        if let Some(n) = title_line.filter(|n| (top..end).contains(n)) {
            let label = format!(" {} ", mark.label());
            let used = width(layout.lines.line(n).text());
            if used + width(&label) < room {
                let x = text_area
                    .right()
                    .saturating_sub(u16::try_from(width(&label)).unwrap_or(u16::MAX));
                let y = body
                    .y
                    .saturating_add(u16::try_from(n - top).unwrap_or(u16::MAX));
                buf.set_string(x, y, &label, style.add_modifier(Modifier::REVERSED));
            }
        }
    }
}

/// The status line: where the reader is, then the prompt, a message or the
/// current match, then key hints when there is room for them.
fn status(frame: &mut Frame, r: &Reading, around: Around<'_>, theme: &Theme, area: Rect) {
    let mut title = r.page().title(&r.briefing);
    if r.showing_figures() {
        title.push_str(" · figures");
    }
    if let Some(tag) = &r.filter {
        title.push_str(&format!(" · #{tag}"));
    }
    let left = format!(
        " {} ({}/{}) · {} ",
        title,
        r.tab + 1,
        r.pages.len(),
        r.position_label(around.body_height)
    );
    let room = usize::from(area.width).saturating_sub(width(&left));
    let (middle, style) = match (around.search, around.message) {
        (Some(s), _) if s.typing => (s.status(room), theme.status),
        (_, Some(m)) => (m.to_string(), theme.message),
        (Some(s), None) => (s.status(room), theme.status),
        (None, None) => (String::new(), theme.status),
    };
    let hint = |a: Action, word: &str| {
        around
            .keys
            .keys(a)
            .first()
            .map(|k| format!("{k} {word}"))
            .unwrap_or_default()
    };
    let hints = [
        hint(Action::Help, "help"),
        hint(Action::Search, "search"),
        hint(Action::Outline, "outline"),
        hint(Action::Quit, "quit"),
    ]
    .into_iter()
    .filter(|h| !h.is_empty())
    .collect::<Vec<_>>()
    .join("  ");
    // A message matters more than the key hints: the hints give way first.
    let hints = if width(&left) + width(&middle) + width(&hints) + 2 <= usize::from(area.width) {
        format!("{hints} ")
    } else {
        String::new()
    };
    let line = left_right(
        vec![
            Span::styled(left, theme.status.add_modifier(Modifier::BOLD)),
            Span::styled(middle, style),
        ],
        vec![Span::styled(hints, theme.status)],
        area.width,
    );
    frame.render_widget(Paragraph::new(line).style(theme.status), area);
}

/// A URL on screen that the terminal can make clickable (OSC 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    /// Column of its first character.
    pub x: u16,
    /// Row.
    pub y: u16,
    /// The text shown there: the URL, or the piece of it on this row when
    /// the URL is wrapped over several.
    pub text: String,
    /// Where it links to: the whole URL.
    pub url: String,
    /// How it is drawn (to draw it again, linked, in the same style).
    pub style: Style,
}

/// The text of the link runs of line `n` (a URL, or the piece of one).
fn link_text(lines: &Lines, n: usize) -> Option<String> {
    let text: String = lines
        .get(n)?
        .runs()
        .filter(|r| r.role == Role::Link)
        .map(|r| r.text)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// The whole of the link text that line `n` shows a piece of: a URL longer
/// than the width is cut over several lines, each joined to the next inside
/// the word.
fn whole_link(lines: &Lines, n: usize) -> String {
    let continues = |k: usize| lines.join(k) == Join::Word && link_text(lines, k + 1).is_some();
    let mut first = n;
    while first > 0 && continues(first - 1) {
        first -= 1;
    }
    let mut whole = String::new();
    let mut k = first;
    loop {
        whole.push_str(&link_text(lines, k).unwrap_or_default());
        if !continues(k) {
            return whole;
        }
        k += 1;
    }
}

/// The URLs in the text on screen of `area`, where [`draw`] puts them;
/// every piece of a wrapped URL links to the whole of it.
pub fn hyperlinks(r: &Reading, theme: &Theme, area: Rect) -> Vec<Hyperlink> {
    let mut out = Vec::new();
    let Some(layout) = r.layout() else {
        return out;
    };
    // The columns the text is drawn in (see `text`).
    let text_w = usize::from(area.width.saturating_sub(3).max(1));
    let body_h = usize::from(area.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS));
    let top = r.scroll();
    let end = top.saturating_add(body_h).min(layout.lines.len());
    for row in top.min(end)..end {
        let mut x = 0usize;
        let mut whole = None;
        for run in layout.lines.line(row).runs() {
            let w = width(run.text);
            if run.role == Role::Link && x + w <= text_w {
                let url = whole.get_or_insert_with(|| whole_link(&layout.lines, row));
                if is_linkable_url(url) {
                    out.push(Hyperlink {
                        x: area
                            .x
                            .saturating_add(1)
                            .saturating_add(u16::try_from(x).unwrap_or(u16::MAX)),
                        y: area
                            .y
                            .saturating_add(HEADER_ROWS)
                            .saturating_add(u16::try_from(row - top).unwrap_or(u16::MAX)),
                        text: run.text.to_string(),
                        url: url.clone(),
                        style: theme.text(run.role),
                    });
                }
            }
            x += w;
        }
    }
    out
}
