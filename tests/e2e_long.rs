//! End to end: a long section in a real terminal. Its top shows at once and
//! the rest is laid out while the reader waits for keys; after a resize the
//! old layout stays on screen until the new one replaces it.

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use brief::briefing::{LoadOptions, load_str};
use brief::layout::{SectionLayout, WrapOptions};
use pty::{Pty, brief};

const ITEMS: usize = 400;

/// About 1.5 MB in one section (more than the reader lays out at once). The
/// last item's body is numbered words, so every wrapped line of it is unique.
fn long_briefing() -> String {
    let mut s = String::from(
        "format = 1\n\n[briefing]\ntitle = \"A long read\"\ndate = 2024-04-10\n\n\
         [[sections]]\nid = \"all\"\ntitle = \"Everything\"\n",
    );
    for i in 1..=ITEMS {
        let body = if i == ITEMS {
            (1..=300)
                .map(|n| format!("w{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            format!("Paragraph {i} says the same thing again, at length. ").repeat(70)
        };
        s.push_str(&format!(
            "\n[[sections.items]]\nid = \"i{i}\"\ntitle = \"Item {i}\"\nbody = \"\"\"\n{body}\n\"\"\"\n"
        ));
    }
    s
}

/// The last item's body lines, laid out at `width`.
fn last_item_lines(text: &str, width: usize) -> Vec<String> {
    let b = load_str(Path::new("long.toml"), text, &LoadOptions::default())
        .expect("loads")
        .briefing;
    let opts = WrapOptions {
        width,
        break_long_words: true,
    };
    let layout = SectionLayout::new(&b, 0, opts);
    let start = layout.item_starts[ITEMS - 1].expect("the last item is laid out");
    layout
        .lines
        .iter()
        .skip(start)
        .map(|l| l.text().to_string())
        .filter(|l| l.starts_with('w'))
        .collect()
}

/// A row of text without the margin and the scrollbar.
fn text_of(row: &str) -> &str {
    row.trim().trim_end_matches(['█', '║']).trim_end()
}

/// Waits until some row of the screen's text is exactly `line` (longer
/// than other waits: a debug build lays out the section slowly).
fn wait_for_row(t: &Pty, line: &str) -> String {
    t.wait_until_within(Duration::from_secs(20), &format!("the row {line:?}"), |s| {
        s.lines().any(|row| text_of(row) == line)
    })
}

#[test]
fn a_long_section_opens_at_once_and_is_laid_out_again_after_a_resize() {
    let text = long_briefing();
    assert!(text.len() > brief::layout::panes::LAZY_BYTES);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.toml");
    std::fs::write(&file, &text).unwrap();

    let t = Pty::start(dir.path(), 100, 30);
    t.run(&format!("{} {}; echo EXIT=$?", brief(), file.display()));
    t.wait_for("Item 1");
    t.type_text("G");
    // The end of the section at 100 columns (97 for the text).
    let wide = last_item_lines(&text, 97);
    wait_for_row(&t, wide.last().unwrap());
    t.wait_for("· Bot");

    // Narrower: the last item's lines wrap again at 57 columns.
    t.resize(60, 30);
    let narrow = last_item_lines(&text, 57);
    assert_ne!(wide.last(), narrow.last());
    // The item at the top (the one before the last) stays at the top, its
    // paragraph now one sentence a line.
    let s = wait_for_row(&t, "Paragraph 399 says the same thing again, at length.");
    // Every row of text is laid out for the new width, and every frame
    // since the reader cleared the screen for it fits the terminal.
    for row in s.lines().skip(3) {
        assert!(text_of(row).chars().count() <= 57, "{row:?}");
    }
    t.assert_frames_fit();
    t.type_text("G");
    wait_for_row(&t, narrow.last().unwrap());
    t.type_text("q");
    t.wait_for("EXIT=0");
    t.assert_restored();
}
