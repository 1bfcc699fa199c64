//! Placing `when` values on a time line: exact dates as they are, free text
//! ("Wednesday", "by 2025", "last week", "in recent years") at a sensible,
//! approximate date relative to the briefing's own date.

use crate::briefing::{Date, When};

/// How precisely a `when` value places its item: as precisely as it was
/// written, never more (free text never gets a day that nobody wrote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A date (or date and time) as written.
    Exact,
    /// A day named in words ("Wednesday", "tomorrow").
    Day,
    /// A month ("early May", "last month", "18 months ago").
    Month,
    /// A year ("by 2025", "last year").
    Year,
}

/// Where a `when` value sits on the time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placed {
    /// The day it is ordered by: the date written, or for free text a day
    /// within what it names (shown only as precisely as `precision`).
    pub date: Date,
    /// Finer order within a day (minutes since midnight for datetimes; 0 otherwise).
    pub minute: u16,
    /// How precisely it was written.
    pub precision: Precision,
}

impl Placed {
    /// Whether it was estimated from free text.
    pub fn approximate(&self) -> bool {
        self.precision != Precision::Exact
    }

    /// The date as precisely as it was written: "Wed 10 Apr 2024", "Apr
    /// 2024" or "2025".
    pub fn label(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match self.precision {
            Precision::Exact | Precision::Day => self.date.long(),
            Precision::Month => format!(
                "{} {}",
                MONTHS[usize::from(self.date.month.clamp(1, 12)) - 1],
                self.date.year
            ),
            Precision::Year => self.date.year.to_string(),
        }
    }
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
    let part = |v: i64| u32::try_from(v).unwrap_or(1);
    Date::new(part(year.clamp(1, 9999)), part(month), part(day)).unwrap_or_default()
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
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "ten" => Some(10),
        _ => word.parse().ok().filter(|n| *n < 10_000),
    }
}

/// The precision of a span counted in `days`-long units.
fn unit_precision(days: i64) -> Precision {
    match days {
        1 => Precision::Day,
        7 | 30 => Precision::Month,
        _ => Precision::Year,
    }
}

/// Estimates where free text places something, relative to `reference`
/// (the briefing's date): a day to order it by, and how precisely the text
/// said it. Text that names no time, or only a vague one ("in recent
/// years", "soon", "ongoing"), is not placed.
pub fn estimate(text: &str, reference: Date) -> Option<(Date, Precision)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let past = has("last") || has("past") || has("ago");

    // "N units ago", "last N months", "past year", "next week": a count of
    // units, or one unit right after last, past or next.
    for (i, w) in words.iter().enumerate() {
        let Some(days) = unit_days(w) else {
            continue;
        };
        if !(past || has("next") || has("within") || has("in") || has("this")) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| words[j]);
        let n = match before {
            Some(b) if number(b).is_some() => number(b),
            // "this week": the briefing's own.
            Some("this") => Some(0),
            Some("last" | "past" | "next") => Some(1),
            // "in recent years", "in the coming months": no time named.
            _ => None,
        }?;
        let span = n.saturating_mul(days);
        let date = if past {
            add_days(reference, -span)
        } else {
            add_days(reference, span)
        };
        return Some((date, unit_precision(days)));
    }
    // A weekday: the next one on or after the reference ("last Sunday": the one before).
    for (i, name) in WEEKDAYS.iter().enumerate() {
        if words
            .iter()
            .any(|w| w == name || (w.len() >= 3 && name.starts_with(w) && w.len() == 3))
        {
            let today = i64::from(reference.weekday());
            let target = i64::try_from(i).unwrap_or(0);
            let delta = if has("last") {
                let back = (today - target).rem_euclid(7);
                -(if back == 0 { 7 } else { back })
            } else {
                (target - today).rem_euclid(7)
            };
            return Some((add_days(reference, delta), Precision::Day));
        }
    }
    match () {
        _ if has("today") || has("now") => return Some((reference, Precision::Day)),
        _ if has("tomorrow") => return Some((add_days(reference, 1), Precision::Day)),
        _ if has("yesterday") => return Some((add_days(reference, -1), Precision::Day)),
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
            let month = u32::try_from(i + 1).unwrap_or(1);
            return Date::new(y, month, day).map(|d| (d, Precision::Month));
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
        return Date::new(y, m, d).map(|d| (d, Precision::Year));
    }
    None
}

/// Places a `when` value; `None` for free text with no recognisable time.
pub fn place(when: &When, reference: Date) -> Option<Placed> {
    match when {
        When::Date(d) => Some(Placed {
            date: *d,
            minute: 0,
            precision: Precision::Exact,
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
                precision: Precision::Exact,
            })
        }
        When::Text(t) => estimate(t, reference).map(|(date, precision)| Placed {
            date,
            minute: 0,
            precision,
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
        use Precision::*;
        let monday = d("2024-04-08");
        let at = |s: &str| estimate(s, monday);
        assert_eq!(at("Wednesday"), Some((d("2024-04-10"), Day)));
        assert_eq!(at("on Thursday"), Some((d("2024-04-11"), Day)));
        assert_eq!(at("last Sunday"), Some((d("2024-04-07"), Day)));
        assert_eq!(at("Monday"), Some((monday, Day)));
        assert_eq!(at("tomorrow"), Some((d("2024-04-09"), Day)));
        assert_eq!(at("by 2025"), Some((d("2025-12-31"), Year)));
        assert_eq!(at("2023 (G7 Hiroshima)"), Some((d("2023-07-01"), Year)));
        assert_eq!(at("last week"), Some((d("2024-04-01"), Month)));
        assert_eq!(at("this week (Kishida visit)"), Some((monday, Month)));
        assert_eq!(at("last year"), Some((d("2023-04-09"), Year)));
        assert_eq!(
            at("over the last 18 months"),
            Some((d("2022-10-16"), Month))
        );
        assert_eq!(at("three days ago"), Some((d("2024-04-05"), Day)));
        assert_eq!(at("early May 2024"), Some((d("2024-05-05"), Month)));
        assert_eq!(at("election year 2024"), Some((monday, Year)));
        // Vague times are not given a day, a month or a year.
        for vague in [
            "in recent years",
            "recently",
            "soon",
            "in the coming months",
            "ongoing",
            "a few years ago",
            "someday, perhaps",
        ] {
            assert_eq!(at(vague), None, "{vague}");
        }
    }

    #[test]
    fn a_placed_time_is_shown_as_precisely_as_it_was_written() {
        let monday = d("2024-04-08");
        let label = |s: &str| place(&When::Text(s.into()), monday).map(|p| p.label());
        assert_eq!(label("Wednesday").as_deref(), Some("Wed 10 Apr 2024"));
        assert_eq!(
            label("over the last 18 months").as_deref(),
            Some("Oct 2022")
        );
        assert_eq!(label("by 2025").as_deref(), Some("2025"));
        assert_eq!(label("in recent years"), None);
        assert_eq!(
            place(&When::Date(d("2024-04-07")), monday)
                .map(|p| p.label())
                .as_deref(),
            Some("Sun 7 Apr 2024")
        );
    }
}
