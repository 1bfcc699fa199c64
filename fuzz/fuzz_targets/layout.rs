//! Arbitrary text and widths into the layout engine: it must never panic,
//! never emit a control character, and never draw a line wider than the
//! width unless that line is a single grapheme that is itself wider.
#![no_main]

use brief::layout::{Block, DocBlock, Role, WrapOptions, width, wrap_blocks};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (text, _) = brief::briefing::clean::sanitize(&text);
    let text = brief::export::clean(&text);
    let w = usize::from(w % 128);
    let blocks = vec![
        DocBlock::new(
            Block::Heading {
                level: 2,
                text: text.clone(),
            },
            None,
        ),
        DocBlock::new(
            Block::Text {
                text: text.clone(),
                role: Role::Body,
            },
            Some(0),
        ),
        DocBlock::new(Block::Bullet(text.clone()), Some(0)),
        DocBlock::new(Block::Quotation(text.clone()), Some(0)),
    ];
    let lines = wrap_blocks(
        &blocks,
        WrapOptions {
            width: w,
            break_long_words: true,
        },
    );
    for l in lines.iter() {
        let t = l.text();
        assert!(!t.chars().any(|c| c.is_control()), "{t:?}");
        if w >= 8 {
            assert!(
                width(t) <= w || t.trim().graphemes(true).count() == 1,
                "width {w}: {t:?}"
            );
        }
    }
});
