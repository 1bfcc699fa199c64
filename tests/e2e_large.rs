//! End to end: a large briefing in a real terminal. Its first section shows
//! before the whole file is loaded; the tab list settles when it is; and an
//! error deep in the file, which the background load finds, is shown over
//! the screen with its line, then printed once the terminal is restored.

#[path = "support/pty.rs"]
mod pty;

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

use std::time::Duration;

use brief::briefing::first::LARGE_FILE;
use pty::{Pty, brief};

/// About 2 MB: two sections of 300 items.
fn large() -> String {
    let text = generator::generate(generator::Params {
        sections: 2,
        items: 300,
        body_words: 400,
        seed: 17,
    });
    assert!(text.len() > LARGE_FILE);
    text
}

/// The title of the first item after `from`.
fn title_after(text: &str, from: usize) -> String {
    let rest = &text[from..];
    let at = rest.find("[[sections.items]]").unwrap();
    let rest = &rest[at..];
    let start = rest.find("title = \"").unwrap() + 9;
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

#[test]
fn a_large_file_opens_on_its_first_section_and_its_tabs_settle() {
    let text = large();
    let first: String = title_after(&text, 0).chars().take(40).collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.toml");
    std::fs::write(&file, &text).unwrap();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for(&first);
    t.wait_until_within(Duration::from_secs(30), "the generated tabs", |s| {
        s.contains("Timeline") && !s.contains("reading the rest")
    });
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}

#[test]
fn an_error_deep_in_a_large_file_is_shown_over_the_reader_with_its_line() {
    let text = large();
    // An item title that is a number, deep in the second section.
    let second = text.find("id = \"section-2\"").unwrap();
    let deep = text[second..]
        .match_indices("[[sections.items]]")
        .nth(250)
        .map(|(i, _)| second + i)
        .unwrap();
    let title = format!("title = \"{}\"", title_after(&text, deep));
    let at = deep + text[deep..].find(&title).unwrap();
    let line = text[..at].lines().count() + 1;
    let broken = format!("{}title = 42{}", &text[..at], &text[at + title.len()..]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.toml");
    std::fs::write(&file, &broken).unwrap();
    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} large.toml; echo EXIT=$?", brief()));
    let s = t.wait_until_within(Duration::from_secs(30), "the errors", |s| {
        s.contains("This file has errors")
    });
    assert!(s.contains(&format!("large.toml:{line}:")), "{s}");
    t.type_text("q");
    let s = t.wait_for("EXIT=1");
    t.assert_restored();
    // The same diagnostics, printed once the terminal is left.
    assert!(s.contains(&format!("large.toml:{line}:")), "{s}");
}
