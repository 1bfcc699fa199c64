//! Every committed fuzz input, replayed through the fuzz targets' own
//! bodies: the seed corpora (`fuzz/corpus/<target>/`) and the reproducers
//! of crashes the fuzzer found (`fuzz/artifacts/<target>/`). A crash, once
//! fixed, stays fixed; and the targets' checks run on stable Rust in every
//! `cargo test`, not only where someone runs the fuzzer.

#[path = "../fuzz/src/lib.rs"]
mod entries;

use std::path::Path;

/// The files of one folder, sorted; none when it does not exist (a target
/// without reproducers has no `artifacts` folder).
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = read
        .map(|e| e.expect("the folder can be listed").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_corpus_file_and_reproducer_passes_its_target() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, body) in entries::TARGETS {
        let corpus = files(&fuzz.join("corpus").join(target));
        // A target without seeds would replay nothing: every target has them.
        assert!(!corpus.is_empty(), "no seed corpus for the target {target}");
        for file in corpus
            .iter()
            .chain(&files(&fuzz.join("artifacts").join(target)))
        {
            let data = std::fs::read(file).expect("a corpus file can be read");
            if let Err(panic) = std::panic::catch_unwind(|| body(&data)) {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{target}: {} fails: {why}", file.display());
            }
        }
    }
}

#[test]
fn no_target_folder_is_left_without_its_target() {
    // A folder named after a target that was renamed would be replayed by
    // nothing.
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for kind in ["corpus", "artifacts"] {
        let Ok(read) = std::fs::read_dir(fuzz.join(kind)) else {
            continue;
        };
        for dir in read {
            let name = dir.expect("the folder can be listed").file_name();
            let name = name.to_string_lossy();
            assert!(
                entries::TARGETS.iter().any(|(t, _)| *t == name),
                "fuzz/{kind}/{name} belongs to no target"
            );
        }
    }
}
