//! Arbitrary bytes as a saved reading position: refused in one line, or resumed at within the text.
//! The body is `brief_fuzz::state`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::state(data));
