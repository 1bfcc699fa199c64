//! Placing `when` values on a time line: exact dates as they are, free text
//! ("Wednesday", "by 2025", "last week", "in recent years") at a sensible,
//! approximate date relative to the briefing's own date.

use crate::briefing::{Date, When};

/// Where a `when` value sits on the time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placed {
    /// The (possibly estimated) day.
    pub date: Date,
    /// Finer order within a day (minutes since midnight for datetimes; 0 otherwise).
    pub minute: u16,
    /// True when estimated from free text.
    pub approximate: bool,
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn to_days(d: Date) -> i64 {
    let (y, m, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (clamped to years 1–9999).
pub fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = year.clamp(1, 9999) as u32;
    Date::new(year, month as u32, day as u32).unwrap_or_default()
}

fn add_days(d: Date, n: i64) -> Date {
    from_days(to_days(d) + n)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
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
];

fn unit_days(word: &str) -> Option<i64> {
    let w = word.trim_end_matches('s');
    match w {
        "day" => Some(1),
        "week" => Some(7),
        "month" => Some(30),
        "year" => Some(365),
        _ => None,
    }
}

fn number(word: &str) -> Option<i64> {
    match word {
        "a" | "an" | "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "few" | "several" | "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "ten" => Some(10),
        _ => word.parse().ok().filter(|n| *n < 10_000),
    }
}

/// Estimates a date for free text, relative to `reference` (the briefing's date).
pub fn estimate(text: &str, reference: Date) -> Option<Date> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let past = has("last") || has("past") || has("ago") || has("recent") || has("recently");

    // "N units ago", "last N months", "past year".
    for (i, w) in words.iter().enumerate() {
        if let Some(days) = unit_days(w)
            && (past || has("next") || has("within") || has("in"))
        {
            let n = i.checked_sub(1).and_then(|j| number(words[j])).unwrap_or(1);
            let span = n.saturating_mul(days);
            return Some(if past {
                add_days(reference, -span)
            } else {
                add_days(reference, span)
            });
        }
    }
    // A weekday: the next one on or after the reference ("last Sunday": the one before).
    for (i, name) in WEEKDAYS.iter().enumerate() {
        if words
            .iter()
            .any(|w| w == name || (w.len() >= 3 && name.starts_with(w) && w.len() == 3))
        {
            let today = i64::from(reference.weekday());
            let target = i as i64;
            let delta = if has("last") {
                let back = (today - target).rem_euclid(7);
                -(if back == 0 { 7 } else { back })
            } else {
                (target - today).rem_euclid(7)
            };
            return Some(add_days(reference, delta));
        }
    }
    match () {
        _ if has("today") || has("now") || has("ongoing") => return Some(reference),
        _ if has("tomorrow") => return Some(add_days(reference, 1)),
        _ if has("yesterday") => return Some(add_days(reference, -1)),
        _ => {}
    }
    // A month, with or without a year.
    let year = words
        .iter()
        .filter_map(|w| w.parse::<u32>().ok())
        .find(|y| (1000..=9999).contains(y));
    for (i, name) in MONTHS.iter().enumerate() {
        if words
            .iter()
            .any(|w| *w == *name || (w.len() == 3 && name.starts_with(w)))
        {
            let y = year.unwrap_or(u32::from(reference.year));
            let day = if has("early") {
                5
            } else if has("late") || has("end") {
                25
            } else {
                15
            };
            return Date::new(y, i as u32 + 1, day);
        }
    }
    if let Some(y) = year {
        let (m, d) = if has("by") || has("end") || has("late") {
            (12, 31)
        } else if has("early") || has("start") || has("beginning") {
            (2, 15)
        } else if y == u32::from(reference.year) {
            (reference.month.into(), reference.day.into())
        } else {
            (7, 1)
        };
        return Date::new(y, m, d);
    }
    if past || has("since") || has("previously") || has("earlier") {
        return Some(add_days(reference, -30));
    }
    if has("soon") || has("upcoming") || has("coming") || has("later") || has("next") {
        return Some(add_days(reference, 7));
    }
    None
}

/// Places a `when` value; `None` for free text with no recognisable time.
pub fn place(when: &When, reference: Date) -> Option<Placed> {
    match when {
        When::Date(d) => Some(Placed {
            date: *d,
            minute: 0,
            approximate: false,
        }),
        When::DateTime { date, text } => {
            let minute = text
                .get(11..16)
                .and_then(|hm| {
                    let (h, m) = hm.split_once(':')?;
                    Some(h.parse::<u16>().ok()? * 60 + m.parse::<u16>().ok()?)
                })
                .unwrap_or(0);
            Some(Placed {
                date: *date,
                minute,
                approximate: false,
            })
        }
        When::Text(t) => estimate(t, reference).map(|date| Placed {
            date,
            minute: 0,
            approximate: true,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn days_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-04-10",
            "1999-12-31",
            "2100-03-01",
        ] {
            assert_eq!(from_days(to_days(d(s))), d(s));
        }
        assert_eq!(to_days(d("1970-01-02")), 1);
    }

    #[test]
    fn free_text_is_placed_relative_to_the_briefing_date() {
        let monday = d("2024-04-08");
        assert_eq!(estimate("Wednesday", monday), Some(d("2024-04-10")));
        assert_eq!(estimate("on Thursday", monday), Some(d("2024-04-11")));
        assert_eq!(estimate("last Sunday", monday), Some(d("2024-04-07")));
        assert_eq!(estimate("Monday", monday), Some(monday));
        assert_eq!(estimate("by 2025", monday), Some(d("2025-12-31")));
        assert_eq!(
            estimate("2023 (G7 Hiroshima)", monday),
            Some(d("2023-07-01"))
        );
        assert_eq!(estimate("last week", monday), Some(d("2024-04-01")));
        assert_eq!(
            estimate("over the last 18 months", monday),
            Some(d("2022-10-16"))
        );
        assert_eq!(estimate("in recent years", monday), Some(d("2023-04-09")));
        assert_eq!(estimate("early May 2024", monday), Some(d("2024-05-05")));
        assert_eq!(estimate("election year 2024", monday), Some(monday));
        assert_eq!(estimate("someday, perhaps", monday), None);
    }
}
