//! Arbitrary bytes as a configuration file: refused safely, or printed, read back and drawn with.
//! The body is `brief_fuzz::config`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::config(data));
