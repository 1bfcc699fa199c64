//! Search in the reader, beside `memchr::memmem` finding the same query in
//! the same laid-out text.

use std::sync::Arc;
use std::time::Duration;

use brief::briefing::Briefing;
use brief::config::keymap::{Key, KeyName};
use brief::layout::SectionLayout;
use brief::reader::app::Msg;
use brief::reader::search::Matches;

use crate::common::{app, keys};
use crate::layout::wrap_options;
use crate::{Row, mb, ms, ratio, row, time};

/// Every match of `query` in `text`, as memchr finds them.
fn memmem_count(text: &str, query: &str) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), query).count()
}

pub fn rows(rows: &mut Vec<Row>, b: &Arc<Briefing>, budget: Duration) {
    let layout = SectionLayout::new(b, 0, wrap_options());
    let text = layout.lines.text();
    let size = mb(text.len());

    // One keystroke of the prompt searches the sections again: "stee", then
    // "steel", then "stee" again.
    let mut flip = false;
    let floor = time(10, budget, || {
        flip = !flip;
        memmem_count(text, if flip { "steel" } else { "stee" })
    });
    let mut s_app = app(Arc::clone(b));
    keys(&mut s_app, "/stee");
    let mut flip = false;
    let search_t = time(5, budget, || {
        flip = !flip;
        if flip {
            s_app.update(Msg::Key(Key::char('l')));
        } else {
            s_app.update(Msg::Key(Key::named(KeyName::Backspace)));
        }
    });
    rows.push(row(
        &format!(
            "Search {size} of laid-out text, one keystroke (reader; \"stee\"/\"steel\", any case)"
        ),
        ms(search_t),
        format!("memmem of the same queries, exact case {}", ms(floor)),
        Some(ratio(search_t, floor)),
        "< 100 ms, ≤ 5× floor",
        search_t < Duration::from_millis(100) && ratio(search_t, floor) <= 5.0,
    ));

    // The search of one section's laid-out text, without the reader around
    // it (what the reader does for each section), case-sensitive as the
    // floor is.
    let found = {
        let mut found = Matches::default();
        found.search_section(0, &layout.lines, "steel", true);
        found.len()
    };
    let floor = time(10, budget, || memmem_count(text, "steel"));
    let lines_t = time(5, budget, || {
        let mut found = Matches::default();
        found.search_section(0, &layout.lines, "steel", true);
        found
    });
    rows.push(row(
        &format!(
            "Search {size} of laid-out text for \"steel\", exact case ({found} matches; Matches::search_section)"
        ),
        ms(lines_t),
        format!("memmem of the same query {}", ms(floor)),
        Some(ratio(lines_t, floor)),
        "< 100 ms, ≤ 5× floor",
        lines_t < Duration::from_millis(100) && ratio(lines_t, floor) <= 5.0,
    ));
    drop(s_app);
}
