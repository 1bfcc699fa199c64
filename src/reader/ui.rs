//! Drawing: reads the state, changes nothing. Only the visible lines of a
//! section are turned into spans, so a frame costs the same at any depth.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::app::{App, FOOTER_ROWS, HEADER_ROWS, Overlay, Reading, Screen};
use crate::briefing::text::{counted, is_linkable_url};
use crate::config::Theme;
use crate::config::action::{Action, Context};
use crate::config::keymap::KeyMap;
use crate::layout::{Join, Line, Lines, Role, width};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.geometry().too_small {
        draw_too_small(frame, area);
        return;
    }
    match (app.screen, &app.reading) {
        (Screen::Reading, Some(r)) => draw_reading(frame, app, r, theme, area),
        _ => draw_picker(frame, app, theme, area),
    }
    match &app.overlay {
        Some(Overlay::Help) => draw_help(frame, app, theme, area),
        Some(Overlay::Outline { selected }) => {
            if let Some(r) = &app.reading {
                draw_outline(frame, r, *selected, theme, area)
            }
        }
        Some(Overlay::Tags { selected }) => {
            if let Some(r) = &app.reading {
                draw_tags(frame, r, *selected, theme, area)
            }
        }
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

fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, area.y.saturating_add(y), area.width, 1)
}

/// Left and right text on one row. The right part is kept when there is
/// room for it and a useful part of the left; the left is abbreviated with `…`.
fn left_right(left: Vec<Span<'static>>, right: Vec<Span<'static>>, total: u16) -> TLine<'static> {
    let rw: usize = right.iter().map(|s| width(&s.content)).sum();
    let total = usize::from(total);
    let keep_right = rw > 0 && rw + 12 <= total;
    let room = if keep_right { total - rw - 1 } else { total };
    let mut spans = Vec::new();
    let mut used = 0;
    for s in left {
        let w = width(&s.content);
        if used + w <= room {
            used += w;
            spans.push(s);
        } else {
            let cut = crate::layout::abbreviate(&s.content, room.saturating_sub(used));
            used += width(&cut);
            spans.push(Span::styled(cut, s.style));
            break;
        }
    }
    if keep_right {
        spans.push(Span::raw(" ".repeat(total - used - rw)));
        spans.extend(right);
    }
    TLine::from(spans)
}

fn draw_reading(frame: &mut Frame, app: &App, r: &Reading, theme: &Theme, area: Rect) {
    let b = &r.briefing;
    // Header: title and date; subtitle and as-of.
    let date = b.meta.date.long();
    let title = left_right(
        vec![Span::styled(format!(" {}", b.meta.title), theme.header)],
        vec![Span::styled(format!("{date} "), theme.header_meta)],
        area.width,
    );
    frame.render_widget(Paragraph::new(title), row(area, 0));
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
    }

    draw_tabs(frame, r, theme, row(area, HEADER_ROWS - 1));

    // Body.
    let body = Rect::new(
        area.x,
        area.y + HEADER_ROWS,
        area.width,
        area.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS),
    );
    if let Some(layout) = r.layout() {
        let top = r.scroll();
        let searched = !r.showing_figures();
        let focus = r.pane().focus;
        let focus_target = focus
            .and_then(|f| layout.lines.get(f))
            .and_then(|l| l.target);
        // The focused link: its first line and the lines that continue it.
        let focused = |n: usize| {
            focus.is_some_and(|f| {
                n >= f
                    && focus_target.is_some()
                    && (f..=n).all(|k| layout.lines.line(k).target == focus_target)
            })
        };
        let h = usize::from(body.height);
        let end = (top + h).min(layout.lines.len());
        // The matches on screen, and which of them is current.
        let current = app.search.as_ref().and_then(|s| s.current);
        let on_screen: Vec<(usize, std::ops::Range<usize>, bool)> = app
            .search
            .as_ref()
            .filter(|_| searched)
            .map(|s| {
                let bytes = layout.lines.start_of(top)..layout.lines.start_of(end);
                s.matches
                    .within(r.tab, bytes)
                    .flat_map(|(i, bytes)| {
                        // A match over a line break shows on both lines.
                        layout
                            .lines
                            .segments(bytes)
                            .map(move |(line, range)| (line, range, Some(i) == current))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let lines: Vec<TLine> = (top..end)
            .map(|n| {
                let here: Vec<(std::ops::Range<usize>, bool)> = on_screen
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
            body.x + 1,
            body.y,
            body.width.saturating_sub(3).max(1),
            body.height,
        );
        frame.render_widget(Paragraph::new(lines), text_area);
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

    draw_status(frame, app, r, theme, row(area, area.height - 1));
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

/// The URLs in the text on screen, where [`draw`] puts them; every piece
/// of a wrapped URL links to the whole of it.
pub fn hyperlinks(app: &App, theme: &Theme, area: Rect) -> Vec<Hyperlink> {
    let mut out = Vec::new();
    if app.geometry().too_small || app.overlay.is_some() || app.screen != Screen::Reading {
        return out;
    }
    let Some(r) = &app.reading else {
        return out;
    };
    let Some(layout) = r.layout() else {
        return out;
    };
    // The columns the text is drawn in (see `draw_reading`).
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

/// Spans of a laid-out line, with search matches marked.
fn styled_line(
    line: Line<'_>,
    matches: &[(std::ops::Range<usize>, bool)],
    theme: &Theme,
) -> TLine<'static> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for run in line.runs() {
        let base = theme.text(run.role);
        let start = offset;
        let end = offset + run.text.len();
        offset = end;
        // Cut points inside this run.
        let mut cuts = vec![start, end];
        for (r, _) in matches {
            for p in [r.start, r.end] {
                if p > start && p < end {
                    cuts.push(p);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, z) = (w[0], w[1]);
            let Some(text) = run.text.get(a - start..z - start) else {
                continue;
            };
            let hit = matches.iter().find(|(r, _)| r.start <= a && z <= r.end);
            let style = match hit {
                Some((_, true)) => theme.search_current,
                Some((_, false)) => theme.search_match,
                None => base,
            };
            spans.push(Span::styled(text.to_string(), style));
        }
    }
    TLine::from(spans)
}

fn draw_tabs(frame: &mut Frame, r: &Reading, theme: &Theme, area: Rect) {
    let bar = super::app::tab_bar(r, area.width);
    let buf = frame.buffer_mut();
    if bar.more_left {
        buf.set_string(area.x, area.y, "‹", theme.tab_key);
    }
    for t in &bar.tabs {
        let active = t.index == r.tab;
        let style = if active { theme.tab_active } else { theme.tab };
        let key_style = if active {
            theme.tab_active
        } else {
            theme.tab_key
        };
        let x = area.x + t.x;
        let max = area.right().saturating_sub(x);
        let spans = vec![
            Span::styled(" ", style),
            Span::styled(t.hint.clone(), key_style),
            Span::styled(format!(" {} ", t.label), style),
        ];
        buf.set_line(x, area.y, &TLine::from(spans), max);
    }
    if bar.more_right {
        buf.set_string(area.right().saturating_sub(1), area.y, "›", theme.tab_key);
    }
}

fn draw_status(frame: &mut Frame, app: &App, r: &Reading, theme: &Theme, area: Rect) {
    let n = r.pages.len();
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
        n,
        app.position_label()
    );
    let (middle, style) = if let Some(s) = app.search.as_ref().filter(|s| s.typing) {
        let count = match s.matches.len() {
            0 if s.query.is_empty() => String::new(),
            0 => "  (no match)".into(),
            m => format!("  ({})", counted(m, "match", "matches")),
        };
        (format!("/{}▏{count}", s.query), theme.status)
    } else if let Some(m) = &app.message {
        (m.clone(), theme.message)
    } else if let Some(s) = &app.search {
        match s.current {
            Some(c) => {
                // On a narrow screen the count matters more than the query.
                let count = format!("match {} of {}", c + 1, s.matches.len());
                let full = format!("{count} for “{}”", s.query);
                let room = usize::from(area.width).saturating_sub(width(&left));
                let shown = if width(&full) <= room { full } else { count };
                (shown, theme.status)
            }
            None => (String::new(), theme.status),
        }
    } else {
        (String::new(), theme.status)
    };
    let keys = &app.settings.keys;
    let hint = |a: Action, word: &str| {
        keys.keys(a)
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

fn draw_picker(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    use super::picker::Mode;
    let p = &app.picker;
    let (done, total) = p.progress;
    let count = format!(
        " brief — {} briefing{}",
        total,
        if total == 1 { "" } else { "s" }
    );
    let progress = if done < total {
        vec![Span::styled(
            format!("loading {done}/{total} "),
            theme.message,
        )]
    } else {
        Vec::new()
    };
    frame.render_widget(
        Paragraph::new(left_right(
            vec![Span::styled(count, theme.header)],
            progress,
            area.width,
        )),
        row(area, 0),
    );
    let prompt = match p.mode {
        Mode::Filter => format!(" Filter: {}▏", p.query),
        Mode::Search => {
            let hint = if p.searched.as_deref() == Some(p.query.as_str()) {
                format!("  ({})", counted(p.hits.len(), "match", "matches"))
            } else {
                "  (Enter searches every briefing)".to_string()
            };
            format!(" Search all: {}▏{hint}", p.query)
        }
    };
    frame.render_widget(
        Paragraph::new(Span::styled(prompt, theme.header_meta)),
        row(area, 1),
    );
    let body = Rect::new(
        area.x,
        area.y + 2,
        area.width,
        area.height.saturating_sub(3),
    );
    let preview = area.width >= 100 && p.mode == Mode::Filter;
    let list_w = if preview {
        body.width * 11 / 20
    } else {
        body.width
    };
    let list_area = Rect::new(body.x, body.y, list_w, body.height);
    let h = usize::from(list_area.height);
    let top = p.selected.saturating_sub(h.saturating_sub(1));
    let selected_style = |i: usize| {
        if i == p.selected {
            theme.selection
        } else {
            Style::new()
        }
    };
    let lines: Vec<TLine> = match p.mode {
        Mode::Filter => p
            .shown
            .iter()
            .enumerate()
            .skip(top)
            .take(h)
            .map(|(row, &i)| {
                let e = &app.entries[i];
                let style = selected_style(row);
                match e.briefing() {
                    Some(b) => {
                        let sections = b.sections.len();
                        TLine::from(vec![
                            Span::styled(
                                format!(" {}  ", b.meta.date),
                                style.patch(theme.header_meta),
                            ),
                            Span::styled(b.meta.title.clone(), style),
                            Span::styled(
                                format!("  ({})", counted(sections, "section", "sections")),
                                style.patch(theme.header_meta),
                            ),
                        ])
                    }
                    None => TLine::from(vec![
                        Span::styled(" broken      ", style.patch(theme.error)),
                        Span::styled(crate::briefing::diagnostic::display_path(&e.path), style),
                    ]),
                }
            })
            .collect(),
        Mode::Search => p
            .hits
            .iter()
            .enumerate()
            .skip(top)
            .take(h)
            .map(|(row, hit)| {
                let style = selected_style(row);
                let e = &app.entries[hit.entry];
                // Where the hit is, each part cut to its share of the row,
                // so that a long title never pushes the match out of sight.
                let w = usize::from(list_area.width);
                let share = |text: &str, percent: usize| {
                    crate::layout::abbreviate(text, (w * percent / 100).max(8))
                };
                let title = e.briefing().map_or(String::new(), |b| b.meta.title.clone());
                let mut place = format!(" {} › {}", share(&title, 25), share(&hit.hit.section, 15));
                if let Some(item) = &hit.hit.item {
                    place.push_str(" › ");
                    place.push_str(&share(item, 20));
                }
                place.push_str(": ");
                let sn = &hit.hit.snippet;
                let room = w.saturating_sub(width(&place));
                let (a, m, z) = around_match(&sn.text, sn.start..sn.end, room);
                TLine::from(vec![
                    Span::styled(place, style.patch(theme.header_meta)),
                    Span::styled(a, style),
                    Span::styled(m, theme.search_current),
                    Span::styled(z, style),
                ])
            })
            .collect(),
    };
    if lines.is_empty() {
        let empty = if done < total {
            " loading…"
        } else if p.query.is_empty() && p.mode == Mode::Search {
            " type words to find, then Enter"
        } else {
            " nothing matches"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(empty, theme.header_meta)),
            list_area,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), list_area);
    }
    if preview && let Some(i) = p.selected_entry() {
        let rect = Rect::new(
            body.x + list_w + 1,
            body.y,
            body.width.saturating_sub(list_w + 1),
            body.height,
        );
        draw_preview(frame, &app.entries[i], theme, rect);
    }
    let status = app
        .message
        .clone()
        .unwrap_or_else(|| picker_hints(&app.settings.keys));
    frame.render_widget(
        Paragraph::new(status).style(theme.status),
        row(area, area.height - 1),
    );
    if let Some(i) = p.diagnostics
        && let Some(report) = app.entries.get(i).and_then(|e| e.report())
    {
        let text = report.render(false);
        let lines: Vec<TLine> = text.lines().map(|l| TLine::from(l.to_string())).collect();
        let rect = centered(
            area,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        overlay_box(
            frame,
            rect,
            lines,
            " This file has errors — Esc to close ",
            theme.error,
        );
    }
}

/// A snippet cut to `room` columns around its match: the text before, the
/// match, the text after, `…` where cut. The match stays whole when it can.
fn around_match(text: &str, m: std::ops::Range<usize>, room: usize) -> (String, String, String) {
    let get = |r: std::ops::Range<usize>| text.get(r).unwrap_or_default();
    let (before, hit, after) = (get(0..m.start), get(m.clone()), get(m.end..text.len()));
    if width(text) <= room {
        return (before.into(), hit.into(), after.into());
    }
    let hit = crate::layout::abbreviate(hit, room);
    let left = room.saturating_sub(width(&hit));
    // Context before the match: up to half of what is left, from its end.
    let mut keep_before = String::new();
    let mut used = 0;
    let want = left / 2;
    for c in before.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw + 1 > want {
            break;
        }
        keep_before.insert(0, c);
        used += cw;
    }
    if keep_before.len() < before.len() {
        keep_before.insert(0, '…');
        used += 1;
    }
    let after = crate::layout::abbreviate(after, left.saturating_sub(used));
    (keep_before, hit, after)
}

/// The picker's key hints, as bound: " ↑↓ choose  Enter open  Tab filter/search all  Esc clear/quit  F1 help ".
fn picker_hints(keys: &KeyMap) -> String {
    let first = |a: Action| {
        keys.keys_in(a, Context::Picker)
            .first()
            .map(ToString::to_string)
    };
    let choose = match (first(Action::SelectPrev), first(Action::SelectNext)) {
        (Some(up), Some(down)) if up.chars().count() == 1 && down.chars().count() == 1 => {
            Some(format!("{up}{down}"))
        }
        (Some(up), Some(down)) => Some(format!("{up}/{down}")),
        (one, other) => one.or(other),
    };
    let hints = [
        (choose, "choose"),
        (first(Action::Open), "open"),
        (first(Action::SwitchMode), "filter/search all"),
        (first(Action::PickerBack), "clear/quit"),
        (first(Action::Help), "help"),
    ];
    let mut out = String::from(" ");
    for (key, word) in hints {
        if let Some(k) = key {
            out.push_str(&format!("{k} {word}  "));
        }
    }
    out.truncate(out.trim_end().len());
    out.push(' ');
    out
}

/// The summary of a briefing beside the picker's list.
fn draw_preview(frame: &mut Frame, e: &crate::library::Entry, theme: &Theme, area: Rect) {
    use crate::layout::{Block as B, DocBlock, Role, WrapOptions, wrap_blocks};
    let Some(b) = e.briefing() else {
        let head = e.headline().unwrap_or_default();
        frame.render_widget(
            Paragraph::new(Span::styled(head, theme.error))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            area,
        );
        return;
    };
    let text = |text: String, role: Role| DocBlock::new(B::Text { text, role }, None);
    let mut blocks = vec![text(b.meta.title.clone(), Role::ItemTitle)];
    let mut meta = b.meta.date.long();
    if let Some(a) = &b.meta.as_of {
        meta.push_str(&format!(" · as of {}", a.long()));
    }
    blocks.push(text(meta, Role::Meta));
    if let Some(sub) = &b.meta.subtitle {
        blocks.push(text(sub.clone(), Role::Meta));
    }
    if let Some(summary) = &b.meta.summary {
        blocks.push(DocBlock::new(B::Blank, None));
        blocks.push(text(summary.clone(), Role::Summary));
    }
    blocks.push(DocBlock::new(B::Blank, None));
    for (i, s) in b.sections.iter().enumerate() {
        blocks.push(text(
            format!(
                "{}. {} ({})",
                i + 1,
                s.title,
                counted(s.items.len(), "item", "items")
            ),
            Role::Plain,
        ));
    }
    let lines = wrap_blocks(
        &blocks,
        WrapOptions {
            width: usize::from(area.width.saturating_sub(1)).max(1),
            break_long_words: true,
        },
    );
    let lines: Vec<TLine> = lines
        .iter()
        .take(usize::from(area.height))
        .map(|l| styled_line(l, &[], theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// An overlay: a bordered, titled box drawn over what is beneath it.
fn overlay_box<'a>(
    frame: &mut Frame,
    rect: Rect,
    lines: Vec<TLine<'a>>,
    title: impl Into<TLine<'a>>,
    border: Style,
) {
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(border)
                .title(title),
        ),
        rect,
    );
    // A wide character just left of the box has its second half under the
    // left border, and a terminal would draw it over the border: blank it.
    if let Some(x) = rect.x.checked_sub(1) {
        let buf = frame.buffer_mut();
        for y in rect.y..rect.bottom() {
            let cell = &mut buf[(x, y)];
            if width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// A list overlay (outline, tags), as wide as its widest row (at least
/// `min_w`) and as tall as its rows, within the screen.
fn list_box<'a>(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<TLine<'a>>,
    title: impl Into<TLine<'a>>,
    min_w: u16,
    theme: &Theme,
) {
    let w = (lines.iter().map(TLine::width).max().unwrap_or(10) as u16 + 2)
        .max(min_w)
        .min(area.width.saturating_sub(4).max(10));
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2).max(3));
    overlay_box(frame, centered(area, w, h), lines, title, theme.border);
}

/// A centred box of at most `w`×`h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Where the help was opened: the keys it lists.
pub fn help_context(app: &App) -> Context {
    match app.screen {
        Screen::Picker => Context::Picker,
        Screen::Reading => Context::Reading,
    }
}

/// The help's rows: (keys, description) of the view it was opened from,
/// generated from the key map; while reading, then the open briefing's
/// own section keys.
pub fn help_rows(app: &App) -> Vec<(String, String)> {
    let context = help_context(app);
    let mut rows = Vec::new();
    if context == Context::Picker {
        rows.push((
            "letters".into(),
            "filter the list (or the words to search)".into(),
        ));
    }
    rows.extend(key_rows(&app.settings.keys, context));
    if context == Context::Picker {
        rows.push(("Ctrl-c".into(), "quit".into()));
    }
    if let (Context::Reading, Some(r)) = (context, &app.reading) {
        for s in &r.briefing.sections {
            if let Some(k) = s.key {
                rows.push((k.to_string(), format!("section: {}", s.title)));
            }
        }
    }
    rows
}

/// Every action bound in `context` as (keys, description); the nine
/// position keys share one row.
pub fn key_rows(keys: &KeyMap, context: Context) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for info in Action::ALL.iter().filter(|i| i.contexts.contains(&context)) {
        match info.action {
            Action::Section(1) => {
                let all: Vec<String> = (1..=9)
                    .filter_map(|i| keys.keys(Action::Section(i)).first().map(|k| k.to_string()))
                    .collect();
                if !all.is_empty() {
                    rows.push((all.join(" "), "tab by position".to_string()));
                }
            }
            Action::Section(_) => {}
            action => {
                let k = keys.describe_in(action, context);
                if !k.is_empty() {
                    rows.push((k, action.help_in(context).to_string()));
                }
            }
        }
    }
    rows
}

/// The key tables of the README, one per context, from the same rows as
/// the help.
pub fn key_table_markdown(keys: &KeyMap) -> String {
    let mut out = String::new();
    for context in Context::ALL {
        out.push_str(&format!(
            "**{}**\n\n| keys | action |\n|---|---|\n",
            context.title()
        ));
        for (k, d) in key_rows(keys, context) {
            let k = k
                .split(' ')
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!("| {k} | {d} |\n"));
        }
        out.push('\n');
    }
    out
}

/// The help as drawn on a screen of `area`: its lines (one column, or two
/// side by side when the screen is wide enough and one would not fit), the
/// rows of them shown at once, and the widest line.
fn help_lines(app: &App, theme: &Theme, area: Rect) -> (Vec<TLine<'static>>, usize) {
    let rows = help_rows(app);
    let kw = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let row_w = rows
        .iter()
        .map(|(_, d)| kw + 2 + width(d))
        .max()
        .unwrap_or(10);
    let cell = |(k, d): &(String, String)| {
        vec![
            Span::styled(format!("{k:>kw$}"), theme.tab_key),
            Span::raw("  "),
            Span::raw(format!("{d:<w$}", w = row_w - kw - 2)),
        ]
    };
    // One column when it fits the height; two side by side when the screen
    // is wide enough; otherwise one column that scrolls.
    let avail = usize::from(area.height.saturating_sub(2)).max(1);
    let two = rows.len() > avail && usize::from(area.width) >= 2 * row_w + 7;
    let lines: Vec<TLine> = if two {
        let half = rows.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut spans = cell(&rows[i]);
                if let Some(r) = rows.get(i + half) {
                    spans.push(Span::raw("   "));
                    spans.extend(cell(r));
                }
                TLine::from(spans)
            })
            .collect()
    } else {
        rows.iter().map(|r| TLine::from(cell(r))).collect()
    };
    (lines, avail)
}

/// How far the help can scroll on the current screen: its real length
/// less what shows at once.
pub fn help_max_scroll(app: &App) -> usize {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let (lines, avail) = help_lines(app, &Theme::default(), area);
    lines.len().saturating_sub(avail)
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (lines, avail) = help_lines(app, theme, area);
    let total = lines.len();
    let top = app.help_scroll.min(total.saturating_sub(avail));
    let w = lines.iter().map(TLine::width).max().unwrap_or(10) as u16 + 4;
    let h = (total.min(avail) as u16).saturating_add(2);
    let rect = centered(area, w, h);
    let keys = &app.settings.keys;
    // The keys that close it, as bound (none when unbound).
    let close: Vec<String> = [Action::Help, Action::Close]
        .iter()
        .filter_map(|a| {
            keys.keys_in(*a, Context::List)
                .first()
                .map(ToString::to_string)
        })
        .collect();
    let close = match close.as_slice() {
        [] => String::new(),
        keys => format!(" — {} to close", keys.join(" or ")),
    };
    let title = if total > avail {
        let scroll: Vec<String> = [Action::LineDown, Action::LineUp]
            .iter()
            .filter_map(|a| {
                keys.keys_in(*a, Context::List)
                    .first()
                    .map(ToString::to_string)
            })
            .collect();
        format!(
            " Keys — {} scroll ({}/{}){close} ",
            scroll.join("/"),
            top + 1,
            total - avail + 1
        )
    } else {
        format!(" Keys{close} ")
    };
    overlay_box(
        frame,
        rect,
        lines.into_iter().skip(top).take(avail).collect::<Vec<_>>(),
        title,
        theme.border,
    );
}

fn draw_tags(frame: &mut Frame, r: &Reading, selected: usize, theme: &Theme, area: Rect) {
    let tags = crate::layout::views::tags(&r.briefing);
    let inner_h = usize::from(area.height.saturating_sub(4)).max(1);
    let top = selected.saturating_sub(inner_h.saturating_sub(1));
    let lines: Vec<TLine> = tags
        .iter()
        .enumerate()
        .skip(top)
        .take(inner_h)
        .map(|(i, (tag, count))| {
            let on = r.filter.as_deref() == Some(tag.as_str());
            let style = if i == selected {
                theme.selection
            } else {
                Style::new()
            };
            let mark = if on { "●" } else { " " };
            TLine::from(Span::styled(format!(" {mark} #{tag} ({count}) "), style))
        })
        .collect();
    list_box(
        frame,
        area,
        lines,
        " Tags — Enter: filter on/off ",
        34,
        theme,
    );
}

fn draw_outline(frame: &mut Frame, r: &Reading, selected: usize, theme: &Theme, area: Rect) {
    let crate::reader::app::Page::Section(s) = r.page() else {
        return;
    };
    let section = &r.briefing.sections[s];
    let inner_h = usize::from(area.height.saturating_sub(4)).max(1);
    let max_w = usize::from(area.width.saturating_sub(6)).max(8);
    let top = selected.saturating_sub(inner_h.saturating_sub(1));
    let lines: Vec<TLine> = r
        .outline()
        .into_iter()
        .enumerate()
        .skip(top)
        .take(inner_h)
        .map(|(row, i)| {
            let style = if row == selected {
                theme.selection
            } else {
                Style::new()
            };
            let label = format!(" {:>2}. {} ", i + 1, section.items[i].title);
            TLine::from(Span::styled(
                crate::layout::abbreviate(&label, max_w),
                style,
            ))
        })
        .collect();
    let title = format!(" Outline: {} ", section.title);
    let min_w = width(&title) as u16 + 2;
    list_box(frame, area, lines, title, min_w, theme);
}
