//! Pieces of drawing that the components share: rows, a line with text at
//! both ends, laid-out lines as styled spans, overlay boxes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::config::Theme;
use crate::layout::{Line, abbreviate, width};

/// Row `y` of `area`.
pub fn row(area: Rect, y: u16) -> Rect {
    Rect::new(area.x, area.y.saturating_add(y), area.width, 1)
}

/// Left and right text on one row. The right part is kept when there is
/// room for it and a useful part of the left; the left is abbreviated with `…`.
pub fn left_right(
    left: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
    total: u16,
) -> TLine<'static> {
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
            let cut = abbreviate(&s.content, room.saturating_sub(used));
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

/// Spans of a laid-out line, with search matches marked.
pub fn styled_line(
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

/// An overlay: a bordered, titled box drawn over what is beneath it.
pub fn overlay_box<'a>(
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
pub fn list_box<'a>(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<TLine<'a>>,
    title: impl Into<TLine<'a>>,
    min_w: u16,
    theme: &Theme,
) {
    let columns = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).saturating_add(2);
    let w = columns(lines.iter().map(TLine::width).max().unwrap_or(10))
        .max(min_w)
        .min(area.width.saturating_sub(4).max(10));
    let h = columns(lines.len()).min(area.height.saturating_sub(2).max(3));
    overlay_box(frame, centered(area, w, h), lines, title, theme.border);
}

/// A centred box of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
