//! Arbitrary bytes into the loader; accepted briefings exported and drawn in the reader.
//! The body is `brief_fuzz::load`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::load(data));
