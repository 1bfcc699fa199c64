//! The index as its callers use it: listing, ranked search, progress, an
//! index in memory, an unwritable cache, a missing root.

use super::*;
use crate::library::{Field, Place};

pub(super) fn write(dir: &Path, rel: &str, title: &str, date: &str, body: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = format!(
        "format = 1\n[briefing]\ntitle = \"{title}\"\ndate = {date}\ntags = [\"t\"]\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.items]]\ntitle = \"I\"\nbody = \"{body}\"\n"
    );
    std::fs::write(path, text).unwrap();
}

pub(super) fn settings(cache: &Path) -> Settings {
    Settings {
        cache_dir: Some(cache.to_path_buf()),
        ..Settings::new(LoadOptions::default())
    }
}

#[test]
fn the_picker_gets_the_listing_and_ranked_hits() {
    let lib = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write(
        lib.path(),
        "a.toml",
        "Old",
        "2024-01-01",
        "otters and more otters",
    );
    write(
        lib.path(),
        "b/c.toml",
        "New",
        "2025-01-01",
        "one otter, and herons",
    );
    std::fs::write(lib.path().join("broken.toml"), "[briefing").unwrap();

    let mut index = Index::open(lib.path(), &settings(cache.path())).unwrap();
    assert_eq!(index.notices(), []);
    assert_eq!(index.len(), 3);
    assert!(index.location().unwrap().starts_with(cache.path()));
    let listed = index.listing().unwrap();
    let titles: Vec<_> = listed
        .iter()
        .map(|l| l.briefing.as_ref().map(|b| b.title.as_str()))
        .collect();
    assert_eq!(titles[..2], [Ok("New"), Ok("Old")]);
    assert!(titles[2].unwrap_err().contains("invalid TOML"));
    let new = listed[0].briefing.as_ref().unwrap();
    assert_eq!((new.sections, new.items), (1, 1));
    assert_eq!(new.tags, ["t"]);
    assert_eq!(new.date.to_string(), "2025-01-01");
    assert_eq!(listed[0].path, lib.path().join("b/c.toml"));

    let found = index.search(&parse("otters").unwrap(), None).unwrap();
    assert_eq!(found.len(), 1);
    let hit = &found[0].hits[0];
    assert_eq!(
        hit.place,
        Place::Item {
            section: 0,
            item: 0
        }
    );
    assert_eq!((hit.field, hit.range.clone()), (Field::Body, 0..6));
    assert_eq!(
        &hit.snippet.text[hit.snippet.start..hit.snippet.end],
        "otters"
    );
    let found = index.search(&parse("tag:t").unwrap(), Some(1)).unwrap();
    assert_eq!(found.len(), 1, "the limit counts briefings");
    assert_eq!(found[0].path, lib.path().join("b/c.toml"), "newest first");
    assert_eq!(index.broken().unwrap().len(), 1);
}

#[test]
fn an_update_tells_its_progress_over_the_files_it_reads() {
    let lib = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    for i in 0..5 {
        let name = format!("f{i}.toml");
        write(lib.path(), &name, "T", "2024-01-01", "words");
    }
    let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let settings = Settings {
        progress: Progress::new({
            let told = told.clone();
            move |done, total| told.lock().unwrap().push((done, total))
        }),
        ..settings(cache.path())
    };
    let take = || std::mem::take(&mut *told.lock().unwrap());

    Index::open(lib.path(), &settings).unwrap();
    let mut first = take();
    assert_eq!(first.first(), Some(&(0, 5)), "the count starts at once");
    first.sort_unstable();
    assert_eq!(
        first,
        [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)],
        "each file read is counted once, up to all of them"
    );

    Index::open(lib.path(), &settings).unwrap();
    assert_eq!(take(), [], "an index up to date reads nothing");

    write(lib.path(), "f2.toml", "T2", "2024-01-02", "other words");
    Index::open(lib.path(), &settings).unwrap();
    assert_eq!(take(), [(0, 1), (1, 1)], "only the changed file is read");
}

#[test]
fn without_a_cache_the_index_is_in_memory() {
    let lib = tempfile::tempdir().unwrap();
    write(lib.path(), "a.toml", "A", "2024-01-01", "kestrel");
    let memory = Settings {
        cache_dir: None,
        ..Settings::new(LoadOptions::default())
    };
    let mut index = Index::open(lib.path(), &memory).unwrap();
    assert_eq!(index.location(), None);
    assert_eq!(
        index
            .search(&parse("kestrel").unwrap(), None)
            .unwrap()
            .len(),
        1
    );
    // A single file needs no index on disk either.
    let cache = tempfile::tempdir().unwrap();
    let index = Index::open(&lib.path().join("a.toml"), &settings(cache.path())).unwrap();
    assert_eq!(index.location(), None);
    assert_eq!(index.len(), 1);
}

#[test]
fn an_unwritable_cache_answers_from_memory_and_says_so() {
    let lib = tempfile::tempdir().unwrap();
    write(lib.path(), "a.toml", "A", "2024-01-01", "kestrel");
    let cache = tempfile::tempdir().unwrap();
    // A file where the cache's folder would be.
    std::fs::write(cache.path().join("index"), "not a folder").unwrap();
    let mut index = Index::open(lib.path(), &settings(cache.path())).unwrap();
    assert_eq!(index.location(), None);
    assert!(matches!(index.notices(), [Notice::InMemory { .. }]));
    let line = index.notices()[0].to_string();
    assert!(
        line.starts_with("note: searching without the index cache: cannot make"),
        "{line}"
    );
    assert_eq!(
        index
            .search(&parse("kestrel").unwrap(), None)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_missing_root_is_an_error_of_the_root() {
    let cache = tempfile::tempdir().unwrap();
    let err = Index::open(Path::new("no/such/folder"), &settings(cache.path())).unwrap_err();
    assert!(matches!(err, Error::Root(ref e) if e.kind() == io::ErrorKind::NotFound));
}
