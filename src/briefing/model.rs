//! The typed, validated, sanitized and immutable briefing model.
//!
//! The loader builds these values; everything after it (layout, reader,
//! export) trusts that every reference resolves, and that text is clean:
//! every text field is a [`Line`] or [`Paragraphs`], which can only be made
//! by cleaning (see [`super::clean`]). Ids, dates and the language are
//! `String`s the loader has checked against their stricter forms.

use std::fmt;
use std::path::PathBuf;

pub use super::clean::{Line, Paragraphs};

/// A whole briefing file, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// Where it was read from (for messages and export names).
    pub path: PathBuf,
    /// The front matter.
    pub meta: Meta,
    /// What the briefing is based on, in file order (citations number them from 1).
    pub sources: Vec<Source>,
    /// Who's who.
    pub people: Vec<Person>,
    /// The tabs, in order; never empty.
    pub sections: Vec<Section>,
}

/// The `[briefing]` table: the front matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// Headline of the whole briefing; never blank.
    pub title: Line,
    /// The briefing's date.
    pub date: Date,
    /// Optional second line under the title.
    pub subtitle: Option<Line>,
    /// The bottom line up front.
    pub summary: Option<Paragraphs>,
    /// Information cut-off.
    pub as_of: Option<When>,
    /// Who wrote it.
    pub authors: Vec<Line>,
    /// Free-form labels.
    pub tags: Vec<Line>,
    /// The language the briefing is written in: a valid BCP 47 tag, in its
    /// registered case (`en-GB`, `zh-Hant`), as the HTML export sets `lang`.
    pub language: Option<String>,
}

/// A `[[sources]]` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// Slug, unique among sources.
    pub id: String,
    /// Title of the source document.
    pub title: Line,
    /// Who published it.
    pub publisher: Option<Line>,
    /// Who wrote it.
    pub author: Option<Line>,
    /// When it was published.
    pub date: Option<Date>,
    /// Where it can be read.
    pub url: Option<Line>,
}

/// A `[[people]]` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// Full name as it appears in the text.
    pub name: Line,
    /// Optional slug, unique among people.
    pub id: Option<String>,
    /// Office or position.
    pub role: Option<Line>,
    /// Anything else worth knowing.
    pub note: Option<Line>,
}

/// A `[[sections]]` entry: one tab of the reader.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Slug, unique among sections.
    pub id: String,
    /// Tab title; never blank.
    pub title: Line,
    /// The section's own hotkey (one ASCII letter), if any.
    pub key: Option<char>,
    /// What the section says, in a few sentences.
    pub summary: Option<Paragraphs>,
    /// The section's items, in order.
    pub items: Vec<Item>,
    /// Where its table is in the file: where an editor opens it.
    pub offset: Offset,
}

/// Where a table is in its file, in bytes from the start.
///
/// Not part of what a briefing says: two briefings that say the same are
/// equal wherever their tables are (`brief fmt` compares the file's meaning
/// before and after it moves them), so every offset equals every other.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offset(pub usize);

impl PartialEq for Offset {
    fn eq(&self, _: &Offset) -> bool {
        true
    }
}

/// A `[[sections.items]]` entry: one point of a section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// The headline; never blank.
    pub title: Line,
    /// Slug, unique within its section.
    pub id: Option<String>,
    /// Paragraphs, bullets (`- `) and quotations (`> `).
    pub body: Option<Paragraphs>,
    /// When it happens or happened.
    pub when: Option<When>,
    /// e.g. announced, planned, unresolved.
    pub status: Option<Line>,
    /// Free-form labels.
    pub tags: Vec<Line>,
    /// Indexes into [`Briefing::sources`] (resolved by the loader).
    pub sources: Vec<usize>,
    /// Resolved cross-references.
    pub see_also: Vec<Reference>,
    /// Amounts worth comparing.
    pub figures: Vec<Figure>,
    /// Attributed statements.
    pub quotes: Vec<Quote>,
    /// Where its table is in the file: where an editor opens it.
    pub offset: Offset,
}

/// A resolved `see_also` entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    /// The text as written (`SECTION` or `SECTION/ITEM`).
    pub target: String,
    /// Index of the section it points to.
    pub section: usize,
    /// Index of the item within that section, when it names one.
    pub item: Option<usize>,
}

/// An amount worth comparing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// What is measured.
    pub label: Line,
    /// The amount.
    pub value: f64,
    /// Unit of the amount, e.g. "billion USD".
    pub unit: Option<Line>,
    /// Qualifier such as "up to".
    pub note: Option<Line>,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Quote {
    /// The words quoted.
    pub text: Line,
    /// Who said them.
    pub speaker: Line,
    /// The speaker's role.
    pub role: Option<Line>,
    /// Index into [`Briefing::sources`].
    pub source: Option<usize>,
}

/// A calendar date (no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, valid for the month.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day against the month (leap years included).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(year, month, day)
    }

    /// Builds a date when the day exists.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if year > 9999 || day == 0 || day > days {
            return None;
        }
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Day of the week, 0 = Monday (Sakamoto's method).
    pub fn weekday(&self) -> u8 {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let mut y = i32::from(self.year);
        if self.month < 3 {
            y -= 1;
        }
        let t = T[usize::from(self.month.clamp(1, 12)) - 1];
        let d = (y + y / 4 - y / 100 + y / 400 + t + i32::from(self.day)).rem_euclid(7);
        // d: 0 = Sunday
        u8::try_from((d + 6) % 7).unwrap_or(0)
    }

    /// "Wed 10 Apr 2024".
    pub fn long(&self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {} {} {}",
            DAYS[self.weekday() as usize],
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// When something happens: a date, a date with a time, or free text.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// A calendar date.
    Date(Date),
    /// A date and time; `text` is the RFC 3339 form as written.
    DateTime {
        /// The calendar date part.
        date: Date,
        /// The full value as written, e.g. `2024-04-10T19:00:00-04:00`.
        text: String,
    },
    /// Free text such as "Wednesday" or "by 2025".
    Text(Line),
}

impl When {
    /// The calendar date, when there is one.
    pub fn date(&self) -> Option<Date> {
        match self {
            When::Date(d) | When::DateTime { date: d, .. } => Some(*d),
            When::Text(_) => None,
        }
    }

    /// The time of day of a date and time as a reader reads it: `19:00`,
    /// with its offset when written (`19:00 UTC`, `19:00 UTC−04:00`).
    pub fn clock(&self) -> Option<String> {
        let When::DateTime { text, .. } = self else {
            return None;
        };
        let hm = text.get(11..16)?;
        let rest = text.get(16..).unwrap_or_default();
        let zone = if rest.ends_with(['Z', 'z']) {
            " UTC".to_string()
        } else if let Some(k) = rest.rfind(['+', '-']) {
            let offset = &rest[k..];
            if offset == "+00:00" || offset == "-00:00" {
                " UTC".to_string()
            } else {
                // A real minus sign, as in typeset times.
                format!(" UTC{}", offset.replacen('-', "−", 1))
            }
        } else {
            String::new()
        };
        Some(format!("{hm}{zone}"))
    }

    /// As a reader reads it: `Wed 10 Apr 2024`, `Wed 10 Apr 2024, 19:00
    /// UTC−04:00`, or the free text as written.
    pub fn long(&self) -> String {
        match self {
            When::Date(d) => d.long(),
            When::DateTime { date, .. } => match self.clock() {
                Some(clock) => format!("{}, {clock}", date.long()),
                None => date.long(),
            },
            When::Text(t) => t.to_string(),
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(d) => f.write_str(&d.long()),
            When::DateTime { text, .. } => f.write_str(text),
            When::Text(t) => f.write_str(t),
        }
    }
}

impl Briefing {
    /// Total number of items across sections.
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// A slug for file names: the file stem, reduced to slug characters.
    pub fn slug(&self) -> String {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug.trim_matches('-').to_string();
        if slug.is_empty() {
            "briefing".to_string()
        } else {
            slug
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_check_the_calendar() {
        assert_eq!(
            Date::parse("2024-04-10"),
            Some(Date {
                year: 2024,
                month: 4,
                day: 10
            })
        );
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-4-10").is_none());
        assert!(Date::parse("+024-04-10").is_none());
    }

    #[test]
    fn a_date_and_time_reads_as_a_date_and_a_clock() {
        let d = Date::parse("2025-09-14").unwrap();
        let at = |text: &str| {
            When::DateTime {
                date: d,
                text: text.into(),
            }
            .long()
        };
        assert_eq!(at("2025-09-14T18:00:00Z"), "Sun 14 Sep 2025, 18:00 UTC");
        assert_eq!(
            at("2025-09-14T18:00:00-04:00"),
            "Sun 14 Sep 2025, 18:00 UTC−04:00"
        );
        assert_eq!(
            at("2025-09-14T18:00:00.5+09:00"),
            "Sun 14 Sep 2025, 18:00 UTC+09:00"
        );
        assert_eq!(at("2025-09-14T08:30:00"), "Sun 14 Sep 2025, 08:30");
        assert_eq!(When::Date(d).long(), "Sun 14 Sep 2025");
        assert_eq!(When::Text("soon".into()).long(), "soon");
    }

    #[test]
    fn weekday_and_long_form() {
        assert_eq!(Date::parse("2024-04-10").unwrap().long(), "Wed 10 Apr 2024");
        assert_eq!(Date::parse("2024-04-07").unwrap().long(), "Sun 7 Apr 2024");
        assert_eq!(Date::parse("2000-01-01").unwrap().long(), "Sat 1 Jan 2000");
    }
}
