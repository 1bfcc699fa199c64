//! Loading, laying out and drawing the 25 MB briefing in the process: the
//! load beside `toml::from_str`, the layout and the re-layout of a resize
//! beside textwrap's first fit over the same text at the same width, and
//! frames of its long section beside frames of a short one.

use std::sync::Arc;
use std::time::{Duration, Instant};

use brief::briefing::Briefing;
use brief::layout::{SectionLayout, WrapOptions};
use brief::reader::app::Msg;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};

use crate::common::{H, W, app, frame, keys, lines_on_screen, load, terminal};
use crate::{Met, Row, mbps, ms, ratio, row, time};

/// The reader's text width on the bench's terminal.
pub fn wrap_options() -> WrapOptions {
    WrapOptions {
        width: usize::from(W) - 3,
        break_long_words: true,
    }
}

pub fn load_rows(rows: &mut Vec<Row>, big: &str, b: &Arc<Briefing>, budget: Duration) {
    let mb = big.len() as f64 / 1e6;
    let parse = time(3, budget, || {
        toml::from_str::<toml::Table>(big).expect("parses")
    });
    let load_t = time(3, budget, || load(big));
    rows.push(row(
        &format!("Load {mb:.0} MB (parse, validate, sanitize)"),
        format!("{} ({})", ms(load_t), mbps(big.len(), load_t)),
        format!("toml::from_str {} ({})", ms(parse), mbps(big.len(), parse)),
        Some(ratio(load_t, parse)),
        "—",
        Met::NoTarget,
    ));
    // The rest of the section is laid out in steps while no key waits.
    let mut steps = 0;
    let mut longest = Duration::ZERO;
    let rest = time(3, budget, || {
        let mut app = app(Arc::clone(b));
        steps = 0;
        longest = Duration::ZERO;
        while app.has_work() {
            let t = Instant::now();
            app.update(Msg::Idle);
            longest = longest.max(t.elapsed());
            steps += 1;
        }
        app
    });
    rows.push(row(
        &format!("Open {mb:.0} MB: the rest laid out while idle ({steps} steps, in the process)"),
        format!("{} (longest step {})", ms(rest), ms(longest)),
        "—".into(),
        None,
        "steps ≪ a frame at 60 Hz",
        longest < Duration::from_millis(16),
    ));
}

/// The text the layout of section `s` wraps (each item's title and body),
/// and its size.
fn section_text(b: &Briefing, s: usize) -> (Vec<&str>, usize) {
    let texts: Vec<&str> = b.sections[s]
        .items
        .iter()
        .flat_map(|i| std::iter::once(&*i.title).chain(i.body.as_deref()))
        .collect();
    let bytes = texts.iter().map(|t| t.len()).sum();
    (texts, bytes)
}

/// The floor of a layout: textwrap's first fit over the same text at the
/// same width, one line of the text at a time, words split at spaces and
/// never hyphenated; the number of lines.
fn textwrap_lines(texts: &[&str], width: usize) -> usize {
    let options = Options::new(width)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(true);
    texts
        .iter()
        .flat_map(|t| t.split('\n'))
        .map(|line| textwrap::wrap(line, &options).len())
        .sum()
}

pub fn rows(rows: &mut Vec<Row>, big: &str, b: &Arc<Briefing>, budget: Duration) {
    let mb = big.len() as f64 / 1e6;
    let opts = wrap_options();
    let (texts, text_bytes) = section_text(b, 0);
    let wrap = time(3, budget, || textwrap_lines(&texts, opts.width));
    let floor = format!(
        "textwrap first fit of the same {} at {} columns {}",
        crate::mb(text_bytes),
        opts.width,
        ms(wrap)
    );
    // The reader lays the section out again when the width changes: the old
    // layout stays on screen while the new one is laid out in steps, input
    // being read between them.
    let mut r_app = app(Arc::clone(b));
    keys(&mut r_app, "G");
    let at = r_app.reading.as_ref().unwrap().current_item();
    let mut narrow = false;
    let mut pause = Duration::ZERO;
    let resize_t = time(3, budget, || {
        narrow = !narrow;
        let t = Instant::now();
        r_app.update(Msg::Resize(if narrow { W - 1 } else { W }, H));
        pause = pause.max(t.elapsed());
        while r_app.has_work() {
            let t = Instant::now();
            r_app.update(Msg::Idle);
            pause = pause.max(t.elapsed());
        }
    });
    assert_eq!(
        r_app.reading.as_ref().unwrap().current_item(),
        at,
        "the item at the top is kept"
    );
    drop(r_app);
    rows.push(row(
        &format!("Resize: re-layout of a {mb:.0} MB section (reader), until in place"),
        format!("{} ({})", ms(resize_t), mbps(big.len(), resize_t)),
        floor.clone(),
        Some(ratio(resize_t, wrap)),
        "< 250 ms",
        resize_t < Duration::from_millis(250),
    ));
    rows.push(row(
        "Resize: longest time input waits (one step)",
        ms(pause),
        "—".into(),
        None,
        "steps ≪ a frame at 60 Hz",
        pause < Duration::from_millis(16),
    ));
    let layout_t = time(3, budget, || SectionLayout::new(b, 0, opts));
    rows.push(row(
        &format!(
            "Layout of a {mb:.0} MB section ({} of text), block by block (SectionLayout::new)",
            crate::mb(text_bytes)
        ),
        format!("{} ({})", ms(layout_t), mbps(text_bytes, layout_t)),
        floor,
        Some(ratio(layout_t, wrap)),
        "< 250 ms",
        layout_t < Duration::from_millis(250),
    ));
}

pub fn frame_rows(rows: &mut Vec<Row>, small: &str, b: &Arc<Briefing>, budget: Duration) {
    let opts = wrap_options();
    let n_lines = SectionLayout::new(b, 0, opts).lines.len();
    let small_app = app(Arc::new(load(small)));
    let small_lines = lines_on_screen(&small_app);
    let mut term = terminal();
    let floor = time(100, budget, || frame(&mut term, &small_app));
    let mut big_app = app(Arc::clone(b));
    while big_app.has_work() {
        big_app.update(Msg::Idle);
    }
    let items = b.sections[0].items.len();
    for (place, setup) in [("top", 0), ("middle", 1), ("bottom", 2)] {
        match setup {
            0 => keys(&mut big_app, "g"),
            1 => {
                let g = big_app.geometry();
                big_app.reading.as_mut().unwrap().goto_item(items / 2, g)
            }
            _ => keys(&mut big_app, "G"),
        }
        if setup == 2 {
            assert_eq!(
                big_app
                    .reading
                    .as_ref()
                    .unwrap()
                    .position_label(big_app.geometry().body_height),
                "Bot",
                "the end is reachable"
            );
        }
        let mut term = terminal();
        let t = time(100, budget, || frame(&mut term, &big_app));
        rows.push(row(
            &format!("Frame at the {place} of a {n_lines}-line section"),
            ms(t),
            format!("{small_lines}-line section {}", ms(floor)),
            Some(ratio(t, floor)),
            "≤ 2× floor, < 1 ms",
            ratio(t, floor) <= 2.0 && t < Duration::from_millis(1),
        ));
    }
}
