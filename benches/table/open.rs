//! The open as a person feels it: the release binary of `brief` started in
//! a pseudo-terminal, from the start of the process until its screen shows
//! what was asked for, with a configuration file and a saved reading
//! position in its folders (so the configuration is read and the position
//! restored, as on every open after the first). Beside it, `less` on the
//! same briefing's exported text, started the same way, until the same
//! text is on its screen.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use brief::briefing::Briefing;
use brief::state::{SavedPosition, Store, content_hash};

use crate::common::pty::{self, Session};
use crate::{Met, Row, median, ms, ratio, row, runs};

/// The folders of a user who has read a briefing before: a configuration
/// file (every setting, as `brief config --default` writes it) and saved
/// reading positions.
pub struct Home {
    dir: PathBuf,
}

impl Home {
    /// A home in `dir`, its configuration written by `brief` itself.
    pub fn new(brief: &Path, dir: &Path) -> Home {
        let home = Home {
            dir: dir.to_path_buf(),
        };
        let config = home.config_dir().join("brief");
        std::fs::create_dir_all(&config).expect("a configuration folder");
        let out = Command::new(brief)
            .args(["config", "--default"])
            .env_clear()
            .env("HOME", dir)
            .output()
            .expect("brief config --default");
        assert!(out.status.success(), "brief config --default fails");
        std::fs::write(config.join("config.toml"), out.stdout).expect("writes the configuration");
        home
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.join(".config")
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.join(".local").join("state")
    }

    /// The environment of a program started in this home.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("HOME", self.dir.clone().into()),
            ("XDG_CONFIG_HOME", self.config_dir().into()),
            ("XDG_STATE_HOME", self.state_dir().into()),
            ("XDG_CACHE_HOME", self.dir.join(".cache").into()),
            ("LESSHISTFILE", "-".into()),
        ]
    }

    /// Saves `at` as the reading position in the briefing at `path`, where
    /// `brief` itself saves it.
    fn save(&self, path: &Path, at: &SavedPosition) {
        Store::at(self.state_dir().join("brief").join("positions"))
            .save(path, at)
            .expect("saves a reading position");
    }
}

/// Where a briefing is resumed, and what shows there.
struct Place {
    saved: SavedPosition,
    /// The start of the item's title: on screen when the reader is there.
    needle: String,
    /// Which item of how many in its section, counted from 1.
    item: usize,
    items: usize,
    section: usize,
}

/// The saved position at item `i` of section `s` (the first of the items
/// from there whose title's start is found nowhere else in the briefing).
fn place(b: &Briefing, text: &str, s: usize, i: usize) -> Place {
    let section = &b.sections[s];
    for (k, item) in section.items.iter().enumerate().skip(i) {
        let needle: String = item.title.chars().take(30).collect();
        if text.matches(needle.as_str()).count() != 1 {
            continue;
        }
        return Place {
            saved: SavedPosition {
                tab: s,
                section_id: section.id.clone(),
                item_id: item.id.clone(),
                item_index: Some(k),
                line_offset: 0,
                content_hash: content_hash(text.as_bytes()),
            },
            needle,
            item: k + 1,
            items: section.items.len(),
            section: s + 1,
        };
    }
    panic!("no item of section {s} from {i} on has a title of its own");
}

/// The briefing exported as text, as `brief export` writes it in this home
/// (the file `less` is shown), and its size.
fn exported(brief: &Path, home: &Home, path: &Path) -> (PathBuf, String) {
    let out_path = path.with_extension("txt");
    let out = Command::new(brief)
        .args(["export", "--all", "--force", "-o"])
        .arg(&out_path)
        .arg(path)
        .env_clear()
        .envs(home.env())
        .output()
        .expect("exports");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_path).expect("reads the export");
    (out_path, text)
}

/// The line of `text` (from 1) where `needle` first shows.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("the export holds the title");
    text[..at].matches('\n').count() + 1
}

/// What `runs` opens of a program took until each needle was on screen
/// (the medians), after one open not counted; `then` is done in each run
/// once the needles showed.
fn timed(
    program: &Path,
    args: &[&OsStr],
    env: &[(&str, OsString)],
    needles: &[&str],
    before: &dyn Fn(),
    then: &mut dyn FnMut(&mut Session),
) -> Vec<Duration> {
    let mut times = vec![Vec::new(); needles.len()];
    for run in 0..=runs(7) {
        before();
        let mut s = pty::start(program, args, env);
        let seen: Vec<Duration> = needles.iter().map(|n| s.wait_for(n)).collect();
        then(&mut s);
        s.quit("q");
        if run > 0 {
            for (t, d) in times.iter_mut().zip(seen) {
                t.push(d);
            }
        }
    }
    times.into_iter().map(median).collect()
}

/// `less` on the same text, or `None` where it is not installed.
fn less_times(
    less: Option<&Path>,
    args: &[&OsStr],
    home: &Home,
    needles: &[&str],
) -> Option<Vec<Duration>> {
    less.map(|less| timed(less, args, &home.env(), needles, &|| {}, &mut |_| {}))
}

/// A figure beside `less`'s: the floor column, the ratio, and whether the
/// figure is within `times` × less and under `under` (when given).
fn beside_less(
    figure: Duration,
    less: Option<Duration>,
    what: &str,
    times: Option<f64>,
    under: Option<Duration>,
) -> (String, Option<f64>, Met) {
    let fast = under.is_none_or(|u| figure < u);
    match less {
        Some(l) => (
            format!("{what} {}", ms(l)),
            Some(ratio(figure, l)),
            Met::from(fast && times.is_none_or(|t| ratio(figure, l) <= t)),
        ),
        None if times.is_none() => (
            format!("{what}: not measured (no less)"),
            None,
            Met::from(fast),
        ),
        None => (
            format!("{what}: not measured (no less)"),
            None,
            Met::NotMeasured,
        ),
    }
}

/// The rows of the open: the 50 KB briefing resumed in its second
/// section, and the 25 MB one to its first frame and to a position half-way
/// through its one section; then the peak memory of that open once the
/// reader went to the end and searched.
pub fn rows(
    rows: &mut Vec<Row>,
    brief: &Path,
    dir: &Path,
    fifty: (&Path, &str),
    big: (&Path, &str, &Briefing),
) {
    let home = Home::new(brief, &dir.join("home"));
    let less = pty::which("less");
    let env = home.env();

    // 50 KB: read whole, at once.
    let (path, text) = fifty;
    let b = crate::common::load(text);
    let at = place(&b, text, 1, 2);
    let (export, export_text) = exported(brief, &home, path);
    let line = format!("+{}", line_of(&export_text, &at.needle));
    let kb = text.len() as f64 / 1e3;
    let t = timed(
        brief,
        &[path.as_os_str()],
        &env,
        &[&at.needle],
        &|| home.save(path, &at.saved),
        &mut |_| {},
    )[0];
    let l = less_times(
        less.as_deref(),
        &[OsStr::new(&line), export.as_os_str()],
        &home,
        &[&at.needle],
    );
    let (floor, r, met) = beside_less(
        t,
        l.map(|l| l[0]),
        &format!(
            "less {line} to the same item, exported text ({:.0} KB)",
            export_text.len() as f64 / 1e3
        ),
        None,
        Some(Duration::from_millis(20)),
    );
    rows.push(row(
        &format!(
            "Open {kb:.0} KB in a terminal: process start to the saved place (section {}, item {} of {}), configuration read",
            at.section, at.item, at.items
        ),
        ms(t),
        floor,
        r,
        "< 20 ms",
        met,
    ));

    // 25 MB: the first frame from the file's start, then the saved place
    // once the whole file is read; the peak memory after going to the end
    // and searching.
    let (path, text, b) = big;
    let mb = text.len() as f64 / 1e6;
    let at = place(b, text, 0, b.sections[0].items.len() / 2);
    let title: String = b.meta.title.chars().take(20).collect();
    let (export, export_text) = exported(brief, &home, path);
    let line = format!("+{}", line_of(&export_text, &at.needle));
    let export_mb = export_text.len() as f64 / 1e6;
    drop(export_text);
    let mut peaks = Vec::new();
    let t = timed(
        brief,
        &[path.as_os_str()],
        &env,
        &[&title, &at.needle],
        &|| home.save(path, &at.saved),
        &mut |s| {
            s.send("G");
            s.settle(Duration::from_millis(300));
            s.send("/steel\r");
            s.settle(Duration::from_millis(300));
            peaks.push(s.peak_rss());
        },
    );
    let (first, resumed) = (t[0], t[1]);
    let l_first = less_times(less.as_deref(), &[export.as_os_str()], &home, &[&title]);
    let (floor, r, met) = beside_less(
        first,
        l_first.map(|l| l[0]),
        &format!("less, its first screen of the exported text ({export_mb:.0} MB)"),
        Some(3.0),
        Some(Duration::from_millis(50)),
    );
    rows.push(row(
        &format!(
            "Open {mb:.0} MB in a terminal: process start to the first frame (its start read, configuration, saved position)"
        ),
        ms(first),
        floor,
        r,
        "≤ 3× less, < 50 ms",
        met,
    ));
    let l_resumed = less_times(
        less.as_deref(),
        &[OsStr::new(&line), export.as_os_str()],
        &home,
        &[&at.needle],
    );
    let (floor, r, _) = beside_less(
        resumed,
        l_resumed.map(|l| l[0]),
        &format!("less {line} to the same item"),
        None,
        None,
    );
    rows.push(row(
        &format!(
            "Open {mb:.0} MB in a terminal: process start to the saved place (item {} of {}, the whole file read)",
            at.item, at.items
        ),
        ms(resumed),
        floor,
        r,
        "—",
        Met::NoTarget,
    ));
    let _ = std::fs::remove_file(&export);

    // All runs or none: a peak that could not be read is not a zero.
    let peak: Option<u64> = peaks
        .iter()
        .copied()
        .collect::<Option<Vec<u64>>>()
        .and_then(|p| p.into_iter().max());
    let (figure, ratio, met) = match peak {
        Some(p) => {
            let r = p as f64 / text.len() as f64;
            (
                format!("{:.0} MB", p as f64 / 1e6),
                Some(r),
                Met::from(r <= 1.5),
            )
        }
        None => ("not measured (no /proc)".into(), None, Met::NotMeasured),
    };
    rows.push(row(
        &format!("Peak RSS of brief reading {mb:.0} MB in a terminal (open, resume, end, search)"),
        figure,
        format!("file {mb:.0} MB"),
        ratio,
        "≤ 1.5× file",
        met,
    ));
}
