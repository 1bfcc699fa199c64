//! Arbitrary bytes into the loader: it must never panic, and every string in
//! a briefing it accepts must be clean; a refusal must render safely.
#![no_main]

use std::path::Path;

use brief::briefing::clean::is_unsafe_char;
use brief::briefing::{LoadOptions, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.toml");
    match load_bytes(path, data, &LoadOptions::default()) {
        Ok(loaded) => {
            let b = &loaded.briefing;
            let all: Vec<usize> = (0..b.sections.len()).collect();
            for width in [0, 1, 20, 80] {
                let text = brief::export::export_text(b, &all, width);
                assert!(
                    !text
                        .chars()
                        .any(|c| c != '\n' && (c.is_control() || is_unsafe_char(c)))
                );
                let md = brief::export::export_markdown(b, &all, width);
                assert!(
                    !md.chars()
                        .any(|c| c != '\n' && (c.is_control() || is_unsafe_char(c)))
                );
            }
            let again = load_bytes(path, data, &LoadOptions::default()).expect("loads twice");
            assert_eq!(&again.briefing, b);
        }
        Err(report) => {
            let out = report.render(false);
            assert!(
                !out.chars()
                    .any(|c| c != '\n' && c != '\t' && is_unsafe_char(c))
            );
        }
    }
});
