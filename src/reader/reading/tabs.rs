//! The tab bar: where each tab sits, and its drawing. Drawing and mouse
//! clicks both use [`bar`], so a click always lands on the tab drawn there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line as TLine, Span};

use super::{Page, Reading};
use crate::config::Theme;
use crate::layout::{abbreviate, width};

/// Longest a tab's title is shown before it is abbreviated: one long title
/// does not take the bar.
pub const MAX_LABEL: usize = 40;
/// Shortest a title is abbreviated to so that every tab fits.
pub const READABLE_LABEL: usize = 16;

/// One tab as placed on the bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedTab {
    /// Index of the section.
    pub index: usize,
    /// First column.
    pub x: u16,
    /// The label as drawn (possibly abbreviated).
    pub label: String,
    /// The hotkey hint drawn before the label (`1`, `a`, `1·a`).
    pub hint: String,
}

impl PlacedTab {
    /// Width in columns: " hint label ".
    pub fn width(&self) -> u16 {
        let w = 1 + width(&self.hint) + 1 + width(&self.label) + 1;
        u16::try_from(w).unwrap_or(u16::MAX)
    }
}

/// The tab bar: which tabs are visible and whether some are hidden to the left or right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TabBar {
    /// The visible tabs, left to right.
    pub tabs: Vec<PlacedTab>,
    /// Tabs are hidden to the left (drawn as `‹`).
    pub more_left: bool,
    /// Tabs are hidden to the right (drawn as `›`).
    pub more_right: bool,
}

/// Places tabs on a bar `total` columns wide so that the active one is
/// visible. `tabs` are (hint, title) pairs.
///
/// Every tab shows with its whole title when they all fit; else every tab
/// shows with titles cut to no fewer than [`READABLE_LABEL`] columns when
/// that fits; else whole titles show in a window around the active tab, as
/// many as fit, with `‹` and `›` for the others. A title is only cut when
/// that brings every tab into view.
pub fn place(tabs: &[(String, String)], active: usize, total: u16) -> TabBar {
    let total = usize::from(total);
    if tabs.is_empty() || total < 4 {
        return TabBar::default();
    }
    let label_of = |i: usize, max: usize| abbreviate(&tabs[i].1, max.max(1));
    let tab_w = |i: usize, max: usize| 3 + width(&tabs[i].0) + width(&label_of(i, max));
    let fits =
        |n: usize, max: usize, room: usize| (0..n).map(|i| tab_w(i, max)).sum::<usize>() <= room;
    let whole = tabs
        .iter()
        .map(|t| width(&t.1))
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    // Every tab with its whole title; else every tab with titles cut to no
    // less than a readable length; else whole titles in a window around the
    // active tab (as many as fit): titles are only cut when that shows
    // every tab.
    let mut max_label = if fits(tabs.len(), whole, total) {
        whole
    } else {
        (READABLE_LABEL..whole)
            .rev()
            .find(|&m| fits(tabs.len(), m, total))
            .unwrap_or(whole)
    };
    // Abbreviate more when the active tab alone does not fit.
    while max_label > 4 && tab_w(active, max_label) + 2 > total {
        max_label -= 1;
    }
    let widths: Vec<usize> = (0..tabs.len()).map(|i| tab_w(i, max_label)).collect();
    let active = active.min(tabs.len() - 1);
    // Grow a window around the active tab, preferring tabs to the right.
    // Room for ‹ and › unless every tab fits.
    let avail = if widths.iter().sum::<usize>() <= total {
        total
    } else {
        total.saturating_sub(2)
    };
    let (mut lo, mut hi) = (active, active + 1);
    let mut used = widths[active];
    loop {
        let mut grew = false;
        if hi < tabs.len() && used + widths[hi] <= avail {
            used += widths[hi];
            hi += 1;
            grew = true;
        }
        if lo > 0 && used + widths[lo - 1] <= avail {
            lo -= 1;
            used += widths[lo];
            grew = true;
        }
        if !grew {
            break;
        }
    }
    let more_left = lo > 0;
    let more_right = hi < tabs.len();
    let mut x = 1usize; // column 0 holds ‹ when needed
    if !more_left && !more_right {
        x = 0;
    }
    let mut placed = Vec::new();
    for i in lo..hi {
        placed.push(PlacedTab {
            index: i,
            x: u16::try_from(x).unwrap_or(u16::MAX),
            label: label_of(i, max_label),
            hint: tabs[i].0.clone(),
        });
        x += widths[i];
    }
    TabBar {
        tabs: placed,
        more_left,
        more_right,
    }
}

/// The tab under column `x` of the bar, if any.
pub fn hit(bar: &TabBar, x: u16) -> Option<usize> {
    bar.tabs
        .iter()
        .find(|t| x >= t.x && x < t.x.saturating_add(t.width()))
        .map(|t| t.index)
}

/// Tab labels of the open briefing: (hotkey hint, title) for each tab.
pub fn labels(r: &Reading) -> Vec<(String, String)> {
    let b = &r.briefing;
    r.pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut hint = if i < 9 {
                format!("{}", i + 1)
            } else {
                String::new()
            };
            if let Page::Section(s) = page
                && let Some(k) = b.sections[*s].key
            {
                if !hint.is_empty() {
                    hint.push('·');
                }
                hint.push(k);
            }
            (hint, page.title(b))
        })
        .collect()
}

/// Where the open briefing's tabs sit on a bar `width` columns wide.
pub fn bar(r: &Reading, width: u16) -> TabBar {
    place(&labels(r), r.tab, width)
}

/// Draws the tab bar on one row.
pub fn draw(frame: &mut Frame, r: &Reading, theme: &Theme, area: Rect) {
    let bar = bar(r, area.width);
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
        let x = area.x.saturating_add(t.x);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tabs(n: usize) -> Vec<(String, String)> {
        (0..n)
            .map(|i| (format!("{}", i + 1), format!("Section number {i}")))
            .collect()
    }

    #[test]
    fn all_tabs_fit_on_a_wide_bar() {
        let bar = place(&tabs(4), 0, 200);
        assert_eq!(bar.tabs.len(), 4);
        assert!(!bar.more_left && !bar.more_right);
        assert_eq!(hit(&bar, 0), Some(0));
        let second = &bar.tabs[1];
        assert_eq!(hit(&bar, second.x + 1), Some(1));
    }

    #[test]
    fn many_tabs_scroll_to_keep_the_active_one_visible() {
        for active in 0..12 {
            let bar = place(&tabs(12), active, 60);
            assert!(bar.tabs.iter().any(|t| t.index == active));
            let end = bar.tabs.last().map(|t| t.x + t.width()).unwrap();
            assert!(end <= 60);
        }
        let bar = place(&tabs(12), 11, 60);
        assert!(bar.more_left);
    }

    #[test]
    fn titles_are_cut_only_when_that_shows_every_tab() {
        let t: Vec<(String, String)> = [
            ("1·a", "Summit agenda"),
            ("2·d", "Defense cooperation"),
            ("3·v", "Economic investments"),
            ("4·u", "Friction points"),
            ("5", "Timeline"),
            ("6", "Who's who"),
            ("7", "Sources"),
        ]
        .iter()
        .map(|(h, t)| (h.to_string(), t.to_string()))
        .collect();
        // With room for everything, nothing is cut.
        let wide = place(&t, 0, 200);
        assert_eq!(wide.tabs.len(), 7);
        assert!(wide.tabs.iter().all(|t| !t.label.ends_with('…')));
        // Where whole titles do not all fit but readable ones do: all shown.
        let cut = place(&t, 0, 122);
        assert_eq!(cut.tabs.len(), 7, "{cut:?}");
        assert!(cut.tabs.iter().any(|t| t.label.ends_with('…')));
        // Where not even those fit: whole titles, as many as fit.
        let window = place(&t, 0, 80);
        assert!(
            window.tabs.iter().all(|t| !t.label.ends_with('…')),
            "{window:?}"
        );
        assert!(window.more_right && window.tabs.len() >= 3);
        let end = window.tabs.last().map(|t| t.x + t.width()).unwrap();
        assert!(end <= 80);
    }

    #[test]
    fn twelve_sections_on_a_wide_bar_show_whole_titles_and_reach_the_last() {
        let mut t: Vec<(String, String)> = (0..12)
            .map(|i| (format!("{}", i + 1), format!("Section about topic {i}")))
            .collect();
        t.extend(["Timeline", "Who's who", "Sources"].map(|s| (String::new(), s.to_string())));
        for active in [0, 11, 14] {
            let bar = place(&t, active, 200);
            assert!(bar.tabs.iter().all(|t| !t.label.ends_with('…')), "{bar:?}");
            assert!(bar.tabs.iter().any(|t| t.index == active));
            assert!(bar.tabs.len() >= 7, "as many whole titles as fit: {bar:?}");
        }
    }

    #[test]
    fn tiny_bars_abbreviate_without_splitting_wide_characters() {
        let t = vec![("1".to_string(), "日本の安全保障と防衛協力".to_string())];
        let bar = place(&t, 0, 14);
        let label = &bar.tabs[0].label;
        assert!(label.ends_with('…'), "{label}");
        assert!(bar.tabs[0].width() <= 14);
        assert!(place(&t, 0, 0).tabs.is_empty());
    }
}
