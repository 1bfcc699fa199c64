//! Arbitrary queries into the library search and the smart-case finding, against a plain scan.
//! The body is `brief_fuzz::search`, which `cargo test` also runs on the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief_fuzz::search(data));
