//! `brief new PATH`: a commented skeleton to start a briefing from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::NewArgs;
use crate::briefing::diagnostic::display_path;
use crate::briefing::skeleton::{STANDARD_SECTIONS, skeleton};
use crate::briefing::{Date, load_str};
use crate::config::Config;
use crate::export::write::write_file;

/// Exit status of bad input: a target that cannot be written, bad arguments.
const USAGE: u8 = 2;

/// Runs `brief new`.
pub fn run(args: &NewArgs, config: &Config) -> ExitCode {
    if args.path.extension().is_none_or(|e| e != "toml") {
        eprintln!(
            "error: {}: a briefing's name must end in `.toml`",
            display_path(&args.path)
        );
        return ExitCode::from(USAGE);
    }
    let sections: Vec<String> = match &args.sections {
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        None => STANDARD_SECTIONS.iter().map(|s| s.to_string()).collect(),
    };
    if sections.is_empty() {
        eprintln!("error: --sections names no section: give titles separated by commas");
        return ExitCode::from(USAGE);
    }
    let title = args
        .title
        .as_deref()
        .unwrap_or("Title of the briefing")
        .trim();
    if title.is_empty() {
        eprintln!("error: --title is blank: a briefing needs a title");
        return ExitCode::from(USAGE);
    }
    let opts = config.load_options();
    let schema = schema_near(&args.path);
    let text = skeleton(
        title,
        &sections,
        today(),
        &opts.reserved_keys,
        schema.as_deref(),
    );
    // What is written passes `brief check`: said here, not hoped.
    if let Err(report) = load_str(&args.path, &text, &opts) {
        eprint!("{}", report.render(false));
        eprintln!("error: the skeleton does not pass `brief check`; nothing was written");
        return ExitCode::from(USAGE);
    }
    match write_file(&args.path, &text, args.force) {
        Ok(()) => {
            eprintln!(
                "wrote {}: {} sections; edit it, then `brief check {}`",
                display_path(&args.path),
                sections.len(),
                display_path(&args.path)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(USAGE)
        }
    }
}

/// The repository's schema, as a path relative to the new file's folder,
/// when that folder or one above it holds `docs/briefing.schema.json`.
fn schema_near(path: &Path) -> Option<String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = std::fs::canonicalize(folder).ok()?;
    let mut up = String::new();
    for dir in folder.ancestors() {
        if dir.join("docs/briefing.schema.json").is_file() {
            return Some(format!("{up}docs/briefing.schema.json"));
        }
        up.push_str("../");
    }
    None
}

/// Today's date where the curator is (the local time zone).
pub fn today() -> Date {
    #[cfg(unix)]
    {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let t = libc::time_t::try_from(now).unwrap_or(0);
        // SAFETY: `tm` is plain data that localtime_r fills in; both
        // pointers are valid for the call.
        #[allow(unsafe_code)]
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        #[allow(unsafe_code)]
        let filled = !unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
        if filled
            && let Some(d) = Date::new(
                u32::try_from(tm.tm_year + 1900).unwrap_or(1970),
                u32::try_from(tm.tm_mon + 1).unwrap_or(1),
                u32::try_from(tm.tm_mday).unwrap_or(1),
            )
        {
            return d;
        }
    }
    utc_today()
}

/// Today's date in UTC (days since 1970 to a civil date).
fn utc_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        u32::try_from(year).unwrap_or(1970),
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
    .unwrap_or_default()
}
