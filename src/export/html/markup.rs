//! How things are written in the page: anchors for the briefing's places,
//! escaped text and attribute values, dates as `datetime` reads them, and
//! the direction of a language.

use crate::briefing::{Briefing, Section};
use crate::layout::doc::Target;
use crate::layout::views::Page;

/// Whether `s` may be used as it is in an anchor: a slug, as the loader
/// checks ids (a briefing built another way may hold anything).
fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 40
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// The anchor of section `s`: its id.
fn section_anchor(section: &Section, s: usize) -> String {
    if is_slug(&section.id) {
        section.id.clone()
    } else {
        format!("_section-{}", s + 1)
    }
}

/// The anchor of item `i` of section `s`: `SECTION/ITEM`, as `see_also`
/// names it, or `SECTION/_item-N` for an item without an id.
pub(super) fn item_anchor(section: &Section, s: usize, i: usize) -> String {
    let item = match section.items.get(i).and_then(|it| it.id.as_deref()) {
        Some(id) if is_slug(id) => id.to_string(),
        _ => format!("_item-{}", i + 1),
    };
    format!("{}/{item}", section_anchor(section, s))
}

/// The anchor of a page.
pub(super) fn page_anchor(b: &Briefing, page: Page) -> String {
    match page {
        Page::Section(s) => b.sections.get(s).map_or_else(
            || format!("_section-{}", s + 1),
            |sec| section_anchor(sec, s),
        ),
        Page::Timeline => "_timeline".into(),
        Page::People => "_people".into(),
        Page::Sources => "_sources".into(),
    }
}

/// The anchor of a place in the briefing.
pub(super) fn target_anchor(b: &Briefing, t: Target) -> String {
    let Some(section) = b.sections.get(t.section) else {
        return format!("_section-{}", t.section + 1);
    };
    match t.item {
        Some(i) => item_anchor(section, t.section, i),
        None => section_anchor(section, t.section),
    }
}

/// An RFC 3339 date and time as HTML's `datetime` reads it: `T` and `Z` in
/// capitals, at most three digits of a second's fraction. `None` when it is
/// not one (the date alone is used then).
pub(super) fn html_datetime(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() < 16 || !bytes.iter().all(|c| c.is_ascii_graphic() || *c == b' ') {
        return None;
    }
    let mut out: String = text.to_ascii_uppercase().replacen(' ', "T", 1);
    if let Some(dot) = out.find('.') {
        let digits = out[dot + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 3 {
            out.replace_range(dot + 4..dot + 1 + digits, "");
        }
    }
    Some(out)
}

/// Whether a language tag names a language written right to left.
pub(super) fn is_right_to_left(tag: &str) -> bool {
    const LANGUAGES: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "nqo", "ps", "sd", "syr", "ug",
        "ur", "yi",
    ];
    const SCRIPTS: &[&str] = &[
        "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "samr",
    ];
    let mut subtags = tag.split('-').map(str::to_ascii_lowercase);
    let Some(language) = subtags.next() else {
        return false;
    };
    let rest: Vec<String> = subtags.collect();
    // A script subtag says it all (`ku-Latn` is left to right, `pa-Arab`
    // right to left); else the language's usual script does.
    match rest.iter().find(|s| s.len() == 4) {
        Some(script) => SCRIPTS.contains(&script.as_str()),
        None => LANGUAGES.contains(&language.as_str()),
    }
}

/// Appends `s` escaped for an element's text: `&`, `<` and `>`.
pub(super) fn escape_text(out: &mut String, s: &str) {
    escape(out, s, |c| matches!(c, b'&' | b'<' | b'>'));
}

/// Appends `s` escaped for a quoted attribute value: also `"` and `'`.
pub(super) fn escape_attr(out: &mut String, s: &str) {
    escape(out, s, |c| matches!(c, b'&' | b'<' | b'>' | b'"' | b'\''));
}

fn escape(out: &mut String, s: &str, special: impl Fn(u8) -> bool) {
    let mut start = 0;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        if !special(c) {
            continue;
        }
        out.push_str(&s[start..i]);
        out.push_str(match c {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut s = String::new();
        escape_text(&mut s, "a<b>&\"c'");
        assert_eq!(s, "a&lt;b&gt;&amp;\"c'");
        s.clear();
        escape_attr(&mut s, "a<b>&\"c'é");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&#39;é");
    }

    #[test]
    fn datetimes_read_as_html_reads_them() {
        assert_eq!(
            html_datetime("2024-04-10t19:00:00.123456z").as_deref(),
            Some("2024-04-10T19:00:00.123Z")
        );
        assert_eq!(
            html_datetime("2024-04-10 19:00:00-04:00").as_deref(),
            Some("2024-04-10T19:00:00-04:00")
        );
        assert_eq!(html_datetime("x"), None);
    }

    #[test]
    fn right_to_left_languages_set_the_direction() {
        assert!(is_right_to_left("ar"));
        assert!(is_right_to_left("he-IL"));
        assert!(is_right_to_left("pa-Arab"));
        assert!(!is_right_to_left("ku-Latn"));
        assert!(!is_right_to_left("en-GB"));
        assert!(!is_right_to_left("ja"));
    }

    #[test]
    fn anchors_are_ids_or_positions_never_a_briefing_s_text() {
        let section = Section {
            id: "econ".into(),
            items: vec![
                crate::briefing::Item {
                    id: Some("batteries".into()),
                    ..Default::default()
                },
                crate::briefing::Item::default(),
                crate::briefing::Item {
                    id: Some("\"><b>".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        assert_eq!(item_anchor(&section, 0, 0), "econ/batteries");
        assert_eq!(item_anchor(&section, 0, 1), "econ/_item-2");
        assert_eq!(item_anchor(&section, 0, 2), "econ/_item-3");
        let odd = Section {
            id: "Not a slug".into(),
            ..Default::default()
        };
        assert_eq!(section_anchor(&odd, 4), "_section-5");
    }
}
