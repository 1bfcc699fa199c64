//! The key help: the keys of the view it was opened from, generated from
//! the key map, so that help and behaviour never disagree.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use crate::briefing::Briefing;
use crate::config::Theme;
use crate::config::action::{Action, Context};
use crate::config::keymap::KeyMap;
use crate::layout::width;

use super::msg::Outcome;
use super::outline::move_selection;
use super::widgets::{centered, overlay_box};

/// The help's state: its rows and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// (keys, description) of each row.
    rows: Vec<(String, String)>,
    /// First line shown (when it is taller than the screen).
    pub scroll: usize,
    /// The keys that scroll it and close it, as bound, for its title.
    scroll_keys: Vec<String>,
    close_keys: Vec<String>,
}

impl Help {
    /// The help of `context`: every key bound there; in the list of
    /// briefings, what typing does; while reading, the open briefing's
    /// own section keys too.
    pub fn open(keys: &KeyMap, context: Context, briefing: Option<&Briefing>) -> Help {
        let mut rows = Vec::new();
        if context == Context::Picker {
            rows.push((
                "letters".into(),
                "filter the list (or the words to search)".into(),
            ));
        }
        rows.extend(key_rows(keys, context));
        if context == Context::Picker {
            rows.push(("Ctrl-c".into(), "quit".into()));
        }
        if let (Context::Reading, Some(b)) = (context, briefing) {
            for s in &b.sections {
                if let Some(k) = s.key {
                    rows.push((k.to_string(), format!("section: {}", s.title)));
                }
            }
        }
        let first = |actions: &[Action]| -> Vec<String> {
            actions
                .iter()
                .filter_map(|a| {
                    keys.keys_in(*a, Context::List)
                        .first()
                        .map(ToString::to_string)
                })
                .collect()
        };
        Help {
            rows,
            scroll: 0,
            scroll_keys: first(&[Action::LineDown, Action::LineUp]),
            close_keys: first(&[Action::Help, Action::Close]),
        }
    }

    /// Its rows: (keys, description).
    pub fn rows(&self) -> &[(String, String)] {
        &self.rows
    }

    /// A key in the help, on a screen of `area`: scroll (by a line, half a
    /// page, a page, to an end: no further than its real length) or close.
    pub fn update(&mut self, action: Option<Action>, area: Rect) -> Outcome {
        match action {
            Some(Action::Close | Action::Quit | Action::Help) => Outcome::Close,
            Some(a) => {
                let (lines, avail) = self.lines(&Theme::default(), area);
                let max = lines.len().saturating_sub(avail);
                self.scroll = move_selection(self.scroll, max + 1, a, avail);
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    /// How far the help can scroll on a screen of `area`: its real length
    /// less what shows at once.
    pub fn max_scroll(&self, area: Rect) -> usize {
        let (lines, avail) = self.lines(&Theme::default(), area);
        lines.len().saturating_sub(avail)
    }

    /// The help as drawn on a screen of `area`: its lines (one column, or
    /// two side by side when the screen is wide enough and one would not
    /// fit), and the rows of them shown at once.
    fn lines(&self, theme: &Theme, area: Rect) -> (Vec<TLine<'static>>, usize) {
        let rows = &self.rows;
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

    /// Draws the help over the screen.
    pub fn draw(&self, frame: &mut Frame, theme: &Theme, area: Rect) {
        let (lines, avail) = self.lines(theme, area);
        let total = lines.len();
        let top = self.scroll.min(total.saturating_sub(avail));
        let w = lines
            .iter()
            .map(TLine::width)
            .max()
            .unwrap_or(10)
            .saturating_add(4);
        let w = u16::try_from(w).unwrap_or(u16::MAX);
        let h = u16::try_from(total.min(avail))
            .unwrap_or(u16::MAX)
            .saturating_add(2);
        let rect = centered(area, w, h);
        let close = match self.close_keys.as_slice() {
            [] => String::new(),
            keys => format!(" — {} to close", keys.join(" or ")),
        };
        let title = if total > avail {
            format!(
                " Keys — {} scroll ({}/{}){close} ",
                self.scroll_keys.join("/"),
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
