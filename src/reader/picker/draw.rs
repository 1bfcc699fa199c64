//! Drawing the picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::Paragraph;

use super::{Mode, Picker};
use crate::briefing::text::counted;
use crate::config::Theme;
use crate::config::action::{Action, Context};
use crate::config::keymap::KeyMap;
use crate::layout::width;
use crate::reader::widgets::{centered, left_right, overlay_box, row, styled_line};

/// Draws the picker: the count and progress, the prompt, the list (or the
/// hits of a search), a preview of the selected briefing on a wide screen,
/// and a broken file's diagnostics when asked for.
pub fn draw(
    frame: &mut Frame,
    p: &Picker,
    message: Option<&str>,
    keys: &KeyMap,
    theme: &Theme,
    area: Rect,
) {
    let (done, total) = p.progress;
    let count = format!(" brief — {}", counted(total, "briefing", "briefings"));
    // Indexing shows its count until the listing comes, the files all
    // read or not (the index is then written).
    let progress = if done < total || p.indexing {
        vec![Span::styled(
            format!(
                "{} {done}/{total} ",
                if p.indexing { "indexing" } else { "loading" }
            ),
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
                let r = &p.rows[i];
                let style = selected_style(row);
                match &r.listed.briefing {
                    Ok(b) => TLine::from(vec![
                        Span::styled(format!(" {}  ", b.date), style.patch(theme.header_meta)),
                        Span::styled(b.title.clone(), style),
                        Span::styled(
                            format!("  ({})", counted(b.sections, "section", "sections")),
                            style.patch(theme.header_meta),
                        ),
                    ]),
                    Err(_) => TLine::from(vec![
                        Span::styled(" broken      ", style.patch(theme.error)),
                        Span::styled(crate::briefing::diagnostic::display_path(r.path()), style),
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
                let r = &p.rows[hit.entry];
                // Where the hit is, each part cut to its share of the row,
                // so that a long title never pushes the match out of sight.
                let w = usize::from(list_area.width);
                let share = |text: &str, percent: usize| {
                    crate::layout::abbreviate(text, (w * percent / 100).max(8))
                };
                let title = r.listed.briefing.as_ref().map_or("", |b| b.title.as_str());
                let mut place = format!(" {} › {}", share(title, 25), share(&hit.hit.section, 15));
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
        let empty = if p.indexing {
            " indexing… (a new or changed briefing is read once, then listed from the index)"
        } else if done < total {
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
        draw_preview(frame, &p.rows[i], theme, rect);
    }
    let status = message.map_or_else(|| picker_hints(keys), str::to_string);
    frame.render_widget(
        Paragraph::new(status).style(theme.status),
        row(area, area.height - 1),
    );
    if let Some(i) = p.diagnostics
        && let Some(report) = p.rows.get(i).and_then(super::Row::report)
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
pub fn around_match(
    text: &str,
    m: std::ops::Range<usize>,
    room: usize,
) -> (String, String, String) {
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

/// The summary of a briefing beside the picker's list: from its file once
/// loaded, from the index's summary until then.
fn draw_preview(frame: &mut Frame, row: &super::Row, theme: &Theme, area: Rect) {
    use crate::layout::{Block as B, DocBlock, Role};
    let headline = match (&row.entry, &row.listed.briefing) {
        (Some(e), _) if e.briefing().is_none() => Some(e.headline().unwrap_or_default()),
        (None, Err(headline)) => Some(headline.clone()),
        _ => None,
    };
    if let Some(head) = headline {
        frame.render_widget(
            Paragraph::new(Span::styled(head, theme.error))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            area,
        );
        return;
    }
    let text = |text: String, role: Role| DocBlock::new(B::Text { text, role }, None);
    let Some(b) = row.briefing() else {
        // Not loaded yet: what the index knows.
        let mut blocks = Vec::new();
        if let Ok(s) = &row.listed.briefing {
            blocks.push(text(s.title.clone(), Role::ItemTitle));
            blocks.push(text(s.date.long(), Role::Meta));
            blocks.push(DocBlock::new(B::Blank, None));
            blocks.push(text(
                format!(
                    "{} · {}",
                    counted(s.sections, "section", "sections"),
                    counted(s.items, "item", "items")
                ),
                Role::Plain,
            ));
        }
        draw_blocks(frame, &blocks, theme, area);
        return;
    };
    let mut blocks = vec![text(b.meta.title.to_string(), Role::ItemTitle)];
    let mut meta = b.meta.date.long();
    if let Some(a) = &b.meta.as_of {
        meta.push_str(&format!(" · as of {}", a.long()));
    }
    blocks.push(text(meta, Role::Meta));
    if let Some(sub) = &b.meta.subtitle {
        blocks.push(text(sub.to_string(), Role::Meta));
    }
    if let Some(summary) = &b.meta.summary {
        blocks.push(DocBlock::new(B::Blank, None));
        blocks.push(text(summary.to_string(), Role::Summary));
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
    draw_blocks(frame, &blocks, theme, area);
}

/// Blocks of text wrapped to `area`, as many lines as fit.
fn draw_blocks(frame: &mut Frame, blocks: &[crate::layout::DocBlock], theme: &Theme, area: Rect) {
    use crate::layout::{WrapOptions, wrap_blocks};
    let lines = wrap_blocks(
        blocks,
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
