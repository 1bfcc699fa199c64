//! `brief diff`: the command on two versions of the 25 MB briefing that
//! differ in 1% of their items, the engine alone, the changes of a 50 KB
//! briefing, and a 10 MB body rewritten whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::load;
use crate::{Met, Row, ms, ratio, row, time};

/// A second version of a generated briefing with 1% of its items
/// changed: every 200th item gets a sentence more in its body, every 200th
/// (offset by 100) a new status, and a new item follows every 400th.
pub fn one_percent_changed(text: &str) -> String {
    const ITEM: &str = "\n[[sections.items]]\n";
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for (k, chunk) in text.split(ITEM).enumerate() {
        if k > 0 {
            out.push_str(ITEM);
        }
        match k % 200 {
            1 => out.push_str(&chunk.replacen(
                "body = \"\"\"\n",
                "body = \"\"\"\nA sentence added in the later version.\n",
                1,
            )),
            101 if chunk.contains("status = ") => {
                out.push_str(&chunk.replacen("status = \"", "status = \"revised-", 1))
            }
            101 => out.push_str(&chunk.replacen("title = ", "status = \"new\"\ntitle = ", 1)),
            _ => out.push_str(chunk),
        }
        if k > 0 && k % 400 == 0 {
            out.push_str(&format!(
                "\n[[sections.items]]\nid = \"added-{k}\"\ntitle = \"An item added in the later version\"\nbody = \"Its text.\"\n"
            ));
        }
    }
    out
}

/// Runs the rows; the path of the later version of the 25 MB briefing.
pub fn rows(
    rows: &mut Vec<Row>,
    brief: &Path,
    dir: &Path,
    big: (&Path, &str),
    fifty: &str,
    budget: Duration,
) -> PathBuf {
    let (big_path, big) = big;
    let mb = big.len() as f64 / 1e6;
    let later = one_percent_changed(big);
    let later_path = dir.join("big-later.toml");
    std::fs::write(&later_path, &later).expect("writes");
    // `brief diff` loads the two versions one after the other (two loads
    // at once would hold two peaks of memory): so does its floor.
    let parse_both = time(3, budget, || {
        let one = toml::from_str::<toml::Table>(big).expect("parses");
        drop(one);
        toml::from_str::<toml::Table>(&later).expect("parses")
    });
    let diff_t = time(3, budget, || {
        let status = Command::new(brief)
            .arg("diff")
            .arg(big_path)
            .arg(&later_path)
            .env_clear()
            .env("HOME", dir.join("home"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("brief diff runs");
        assert_eq!(status.code(), Some(1), "the versions differ");
    });
    rows.push(row(
        &format!("Diff two {mb:.0} MB versions, 1% of items changed (brief diff, process)"),
        ms(diff_t),
        format!("toml::from_str of both {}", ms(parse_both)),
        Some(ratio(diff_t, parse_both)),
        "< 1 s",
        diff_t < Duration::from_secs(1),
    ));
    // The engine alone, on the two loaded versions, beside a full walk of
    // two equal models (`==` stops at the first difference of unequal ones).
    let (one, other, same) = (load(big), load(&later), load(big));
    let walk = time(5, budget, || one == same);
    let engine = time(5, budget, || brief::diff::diff(&one, &other));
    rows.push(row(
        &format!(
            "Diff engine alone: {} items matched, {} changed (diff::diff)",
            one.item_count(),
            brief::diff::diff(&one, &other)
                .sections
                .iter()
                .map(|s| s.items.len())
                .sum::<usize>()
        ),
        ms(engine),
        format!("== of two equal models {}", ms(walk)),
        Some(ratio(engine, walk)),
        "—",
        Met::NoTarget,
    ));
    drop((one, other, same));
    drop(later);
    // What the reader does on reopening a briefing that changed: load
    // the two versions of a 50 KB briefing and find what changed.
    let fifty_later = one_percent_changed(fifty);
    let small_floor = time(20, budget, || {
        (
            toml::from_str::<toml::Table>(fifty).expect("parses"),
            toml::from_str::<toml::Table>(&fifty_later).expect("parses"),
        )
    });
    let small = time(20, budget, || {
        let (a, b) = (load(fifty), load(&fifty_later));
        brief::diff::diff(&a, &b)
    });
    assert!(!brief::diff::diff(&load(fifty), &load(&fifty_later)).is_empty());
    rows.push(row(
        &format!(
            "Changes in a {:.0} KB briefing: load both versions, diff",
            fifty.len() as f64 / 1e3
        ),
        ms(small),
        format!("toml::from_str of both {}", ms(small_floor)),
        Some(ratio(small, small_floor)),
        "< 20 ms",
        small < Duration::from_millis(20),
    ));
    // A pathological edit: a 10 MB body rewritten word for word. Past the
    // word-diff cap the words are counted, not held: the floor counts the
    // words of both bodies.
    let rewritten = |w: &str| {
        load(&format!(
            "[briefing]\ntitle = \"T\"\ndate = 2024-01-01\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.items]]\nid = \"i\"\ntitle = \"I\"\nbody = \"{}\"\n",
            format!("{w} ")
                .repeat(10_000_000 / (w.len() + 1))
                .trim_end()
        ))
    };
    let (a, z) = (rewritten("alpha"), rewritten("omega"));
    let body = |x: &brief::briefing::Briefing| {
        x.sections[0].items[0]
            .body
            .as_deref()
            .unwrap_or_default()
            .as_bytes()
            .to_vec()
    };
    let (body_a, body_z) = (body(&a), body(&z));
    let words = time(5, budget, || {
        memchr::memchr_iter(b' ', &body_a).count() + memchr::memchr_iter(b' ', &body_z).count()
    });
    let capped = time(3, budget, || brief::diff::diff(&a, &z));
    rows.push(row(
        "Diff of a 10 MB body rewritten whole (beyond the word-diff cap)",
        ms(capped),
        format!("memchr count of the words of both bodies {}", ms(words)),
        Some(ratio(capped, words)),
        "< 1 s",
        capped < Duration::from_secs(1),
    ));
    later_path
}
