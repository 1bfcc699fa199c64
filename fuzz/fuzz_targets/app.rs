//! The reader driven by arbitrary keys, resizes, idle moments, wheel turns and clicks, every frame checked.
//! The body is `brief_fuzz::app`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::app(data));
