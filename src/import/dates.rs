//! Dates as the export writes them (`Wed 10 Apr 2024`, `Wed 10 Apr 2024,
//! 19:00 UTC−04:00`), or as people write them (`10 April 2024`,
//! `2024-04-10`), back to the format's dates.

use crate::briefing::{Date, When};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn full_month(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
    ]
    .contains(&w)
}

/// A date: `2024-04-10`, `Wed 10 Apr 2024`, `10 April 2024`, `April 10, 2024`.
pub fn date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(d) = Date::parse(text) {
        return Some(d);
    }
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let words: &[&str] = match words.first() {
        Some(w) if DAYS.iter().any(|d| w.to_lowercase().starts_with(d)) => &words[1..],
        _ => &words,
    };
    let num = |w: &str| w.parse::<u32>().ok();
    match words {
        [d, m, y] => match (num(d), month(m), num(y)) {
            (Some(d), Some(m), Some(y)) => Date::new(y, m, d),
            _ => match (month(d), num(m), num(y)) {
                (Some(m), Some(d), Some(y)) => Date::new(y, m, d),
                _ => None,
            },
        },
        _ => None,
    }
}

/// A `when` as the export shows it: a date, a date with a clock (`…, 19:00
/// UTC−04:00`, `…, 08:30`), or `None` for anything else.
pub fn when(text: &str) -> Option<When> {
    if let Some(d) = date(text) {
        return Some(When::Date(d));
    }
    let (day, clock) = text.rsplit_once(", ")?;
    let d = date(day)?;
    let (hm, zone) = match clock.split_once(' ') {
        Some((hm, zone)) => (hm, Some(zone)),
        None => (clock, None),
    };
    let (h, m) = hm.split_once(':')?;
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    let offset = match zone {
        None => String::new(),
        Some("UTC") => "Z".to_string(),
        Some(z) => {
            let o = z.strip_prefix("UTC")?.replace('−', "-");
            let valid = o.len() == 6
                && o.starts_with(['+', '-'])
                && o.as_bytes()[3] == b':'
                && o[1..3]
                    .bytes()
                    .chain(o[4..].bytes())
                    .all(|b| b.is_ascii_digit());
            if !valid {
                return None;
            }
            o
        }
    };
    Some(When::DateTime {
        date: d,
        text: format!("{d}T{h:02}:{m:02}:00{offset}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_the_export_and_people_write() {
        let d = Date::parse("2024-04-10").unwrap();
        for text in [
            "Wed 10 Apr 2024",
            "10 April 2024",
            "April 10, 2024",
            "2024-04-10",
        ] {
            assert_eq!(date(text), Some(d), "{text}");
        }
        assert_eq!(date("this week"), None);
        assert_eq!(date("Wed 31 Apr 2024"), None);
    }

    #[test]
    fn a_clock_comes_back_as_the_datetime_it_was() {
        for text in [
            "2024-04-10T19:00:00-04:00",
            "2024-04-10T19:00:00Z",
            "2024-04-10T08:30:00",
            "2024-04-10T19:00:00+09:00",
        ] {
            let d = Date::parse("2024-04-10").unwrap();
            let original = When::DateTime {
                date: d,
                text: text.into(),
            };
            assert_eq!(when(&original.long()), Some(original.clone()), "{text}");
        }
        assert_eq!(when("by 2025"), None);
    }
}
