//! Arbitrary text and widths into the layout engine.
//! The body is `brief_fuzz::layout`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::layout(data));
