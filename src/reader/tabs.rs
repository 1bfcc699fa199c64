//! Where each tab sits on the tab bar. Drawing and mouse clicks both use
//! this one function, so a click always lands on the tab that is drawn there.

use unicode_segmentation::UnicodeSegmentation;

use crate::layout::width;

/// Longest a tab's title is shown before it is abbreviated.
pub const MAX_LABEL: usize = 24;
/// Shortest a title is abbreviated to so that the kept tabs fit.
pub const MIN_LABEL: usize = 10;
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

/// Cuts a label to at most `max` columns, ending with `…` when cut.
pub fn abbreviate(label: &str, max: usize) -> String {
    if width(label) <= max {
        return label.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in label.graphemes(true) {
        let gw = width(g);
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// Places tabs on a bar `total` columns wide so that the active one is visible.
/// `tabs` are (hint, title) pairs.
pub fn place(tabs: &[(String, String)], active: usize, total: u16) -> TabBar {
    place_keeping(tabs, active, total, tabs.len())
}

/// Like [`place`], abbreviating titles (down to [`MIN_LABEL`] columns) so
/// that every tab fits when it can, else at least the first `keep` (a
/// briefing's own sections, before the generated tabs).
pub fn place_keeping(tabs: &[(String, String)], active: usize, total: u16, keep: usize) -> TabBar {
    let total = usize::from(total);
    if tabs.is_empty() || total < 4 {
        return TabBar::default();
    }
    let label_of = |i: usize, max: usize| abbreviate(&tabs[i].1, max.max(1));
    let tab_w = |i: usize, max: usize| 3 + width(&tabs[i].0) + width(&label_of(i, max));
    let fits =
        |n: usize, max: usize, room: usize| (0..n).map(|i| tab_w(i, max)).sum::<usize>() <= room;
    let keep = keep.clamp(1, tabs.len());
    // Room when some tabs are hidden (‹ and › take a column each).
    let room = total.saturating_sub(2);
    // Every tab with readable titles; else the kept tabs, titles cut further;
    // else a window of tabs around the active one.
    let mut max_label = (READABLE_LABEL..=MAX_LABEL)
        .rev()
        .find(|&m| fits(tabs.len(), m, room))
        .or_else(|| (MIN_LABEL..=MAX_LABEL).rev().find(|&m| fits(keep, m, room)))
        .unwrap_or(MAX_LABEL);
    // Abbreviate more when the active tab alone does not fit.
    while max_label > 4 && tab_w(active, max_label) + 2 > total {
        max_label -= 1;
    }
    let widths: Vec<usize> = (0..tabs.len()).map(|i| tab_w(i, max_label)).collect();
    let active = active.min(tabs.len() - 1);
    // Grow a window around the active tab, preferring tabs to the right.
    let avail = total.saturating_sub(2); // room for ‹ and ›
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
    fn titles_give_way_so_that_the_kept_tabs_fit() {
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
        let bar = place_keeping(&t, 0, 80, 4);
        let shown: Vec<usize> = bar.tabs.iter().map(|t| t.index).collect();
        assert!(shown.starts_with(&[0, 1, 2, 3]), "{shown:?}");
        assert!(
            bar.tabs
                .iter()
                .all(|t| t.width() <= 3 + 3 + MAX_LABEL as u16)
        );
        // With room for everything, nothing is cut.
        let wide = place_keeping(&t, 0, 200, 4);
        assert_eq!(wide.tabs.len(), 7);
        assert!(wide.tabs.iter().all(|t| !t.label.ends_with('…')));
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
