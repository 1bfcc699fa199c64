//! The picker over rows from the index: files load when needed, Enter
//! waits for its file, and a search is asked of the index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::briefing::LoadOptions;
use crate::library::index::Listed;
use crate::library::{Field, Place, Snippet, load_entry};
use crate::reader::msg::Effect;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reader")
        .join(name)
}

fn entry(name: &str) -> Entry {
    load_entry(&fixture(name), &LoadOptions::default())
}

fn broken() -> Entry {
    let path = Path::new("lib/draft.toml");
    let report =
        crate::briefing::load_bytes(path, b"[briefing]\ntitel = 1\n", &LoadOptions::default())
            .expect_err("an unknown key is refused");
    Entry {
        path: path.to_path_buf(),
        content_hash: Some(1),
        result: Err(Arc::new(report)),
    }
}

/// A picker listing `entries` as the index would: rows without files.
fn indexed(entries: &[Entry]) -> Picker {
    let mut listing: Vec<Listed> = entries.iter().map(Listed::of).collect();
    listing.sort_by(listing_order);
    let mut p = Picker::default();
    p.loading(entries.len());
    p.listed(listing);
    p
}

fn enter(p: &mut Picker) -> Outcome {
    p.update(
        Key::named(crate::config::keymap::KeyName::Enter),
        Some(Action::Open),
        10,
    )
}

fn typed(p: &mut Picker, text: &str) {
    for c in text.chars() {
        p.update(Key::char(c), None, 10);
    }
}

fn hit(section: &str) -> Hit {
    Hit {
        section: section.to_string(),
        item: None,
        field: Field::Body,
        place: Place::Briefing,
        range: 0..5,
        snippet: Snippet {
            text: "a steel mill".into(),
            start: 2,
            end: 7,
        },
    }
}

#[test]
fn rows_from_the_index_have_no_files_until_the_selected_one_is_asked_for_once() {
    let files = [entry("views.toml"), entry("one-section.toml")];
    let mut p = indexed(&files);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.progress, (2, 2));
    assert!(p.rows.iter().all(|r| r.entry.is_none()));
    let first = p.rows[0].path().to_path_buf();
    assert_eq!(p.wanted(), Some(first.clone()));
    assert_eq!(p.wanted(), None, "asked once");
    let loaded = files.iter().find(|e| e.path == first).unwrap().clone();
    assert_eq!(p.loaded(loaded), Outcome::Done);
    assert!(p.rows[0].briefing().is_some());
    assert_eq!(p.rows.len(), 2, "its row filled in, not a row added");
    p.update(Key::char('j'), Some(Action::SelectNext), 10);
    assert_eq!(p.wanted(), Some(p.rows[1].path().to_path_buf()));
}

#[test]
fn enter_on_a_row_still_loading_asks_for_it_and_opens_it_when_it_comes() {
    let files = [entry("views.toml"), entry("one-section.toml")];
    let mut p = indexed(&files);
    let path = p.rows[0].path().to_path_buf();
    assert_eq!(
        enter(&mut p),
        Outcome::Effect(Effect::Load { path: path.clone() })
    );
    assert_eq!(enter(&mut p), Outcome::Done, "asked once");
    // Another file coming first does not open.
    let other = files.iter().find(|e| e.path != path).unwrap().clone();
    assert_eq!(p.loaded(other), Outcome::Done);
    let mine = files.iter().find(|e| e.path == path).unwrap().clone();
    assert_eq!(
        p.loaded(mine),
        Outcome::Open {
            entry: 0,
            hit: None
        }
    );
}

#[test]
fn a_broken_row_shows_its_diagnostics_once_its_file_is_read() {
    let files = [entry("views.toml"), broken()];
    let mut p = indexed(&files);
    assert!(p.rows[1].is_broken(), "broken files are listed last");
    p.update(Key::char('G'), Some(Action::SelectLast), 10);
    let Outcome::Effect(Effect::Load { path }) = enter(&mut p) else {
        panic!("Enter asks for the file");
    };
    assert_eq!(path, files[1].path);
    assert_eq!(p.loaded(files[1].clone()), Outcome::Done);
    assert_eq!(p.diagnostics, Some(1));
    assert!(p.rows[1].report().is_some());
}

#[test]
fn a_search_is_asked_of_the_index_and_its_answer_shown_best_first() {
    let files = [entry("views.toml"), entry("one-section.toml")];
    let mut p = indexed(&files);
    p.update(
        Key::named(crate::config::keymap::KeyName::Tab),
        Some(Action::SwitchMode),
        10,
    );
    typed(&mut p, "steel");
    assert_eq!(
        enter(&mut p),
        Outcome::Effect(Effect::Search {
            query: "steel".into()
        })
    );
    assert_eq!(enter(&mut p), Outcome::Done, "asked once");
    // The answer: the older briefing first (best first, not library order).
    let (newer, older) = (
        p.rows[0].path().to_path_buf(),
        p.rows[1].path().to_path_buf(),
    );
    let answer = vec![(older, vec![hit("B"), hit("C")]), (newer, vec![hit("A")])];
    assert_eq!(p.found("steel", Ok(answer)), Outcome::Done);
    let shown: Vec<(usize, &str)> = p
        .hits
        .iter()
        .map(|h| (h.entry, h.hit.section.as_str()))
        .collect();
    assert_eq!(shown, vec![(1, "B"), (1, "C"), (0, "A")]);
    assert_eq!(p.searched.as_deref(), Some("steel"));
    // Enter on a hit: its file is asked for, then it opens at the hit.
    let Outcome::Effect(Effect::Load { path }) = enter(&mut p) else {
        panic!("Enter asks for the file");
    };
    let file = files.iter().find(|e| e.path == path).unwrap().clone();
    assert_eq!(
        p.loaded(file),
        Outcome::Open {
            entry: 1,
            hit: Some(hit("B"))
        }
    );
}

#[test]
fn an_answer_to_a_query_since_changed_is_dropped_and_no_match_is_said() {
    let files = [entry("views.toml")];
    let mut p = indexed(&files);
    p.update(
        Key::named(crate::config::keymap::KeyName::Tab),
        Some(Action::SwitchMode),
        10,
    );
    typed(&mut p, "ste");
    enter(&mut p);
    typed(&mut p, "el");
    let answer = vec![(p.rows[0].path().to_path_buf(), vec![hit("A")])];
    assert_eq!(p.found("ste", Ok(answer)), Outcome::Done);
    assert!(p.hits.is_empty(), "the query changed since");
    assert_eq!(p.searched, None);
    enter(&mut p);
    assert_eq!(
        p.found("steel", Ok(Vec::new())),
        Outcome::Message("no match for “steel”".into())
    );
    assert_eq!(
        p.found("steel", Err("the index is damaged".into())),
        Outcome::Done,
        "answered already"
    );
}

#[test]
fn files_loaded_for_previews_are_let_go_beyond_a_bound_but_the_selected_one_stays() {
    let one = entry("views.toml");
    let b = Arc::clone(one.briefing().unwrap());
    let files: Vec<Entry> = (0..KEPT + 10)
        .map(|i| Entry {
            path: PathBuf::from(format!("lib/{i:03}.toml")),
            content_hash: Some(1),
            result: Ok(Arc::clone(&b)),
        })
        .collect();
    let mut p = indexed(&files);
    // The selected row's file first, then every other.
    let selected = p.rows[0].path().to_path_buf();
    p.loaded(files.iter().find(|e| e.path == selected).unwrap().clone());
    for e in files.iter().filter(|e| e.path != selected) {
        p.loaded(e.clone());
    }
    let held = p.rows.iter().filter(|r| r.entry.is_some()).count();
    assert_eq!(held, KEPT + 1, "at most {KEPT}, and the selected one");
    assert!(p.rows[0].entry.is_some(), "the selected one stays");
}

#[test]
fn a_library_loaded_whole_is_searched_in_memory() {
    let mut p = Picker::new(vec![entry("views.toml"), entry("one-section.toml")]);
    assert!(!p.indexed);
    p.update(
        Key::named(crate::config::keymap::KeyName::Tab),
        Some(Action::SwitchMode),
        10,
    );
    typed(&mut p, "harbour");
    assert_eq!(enter(&mut p), Outcome::Done);
    assert!(!p.hits.is_empty());
    assert_eq!(p.wanted(), None, "every file is loaded");
}

#[test]
fn typing_narrows_to_what_a_fresh_filter_finds() {
    use crate::briefing::Date;
    use crate::library::index::Summary;
    let titles = [
        "Bond markets in Warsaw",
        "bonded warehouses",
        "Ottawa bond yields",
        "Rice tariffs",
        "Börse und Bonds",
        "Navy budget: a bond?",
        "Steel",
    ];
    let listing: Vec<Listed> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| Listed {
            path: PathBuf::from(format!("lib/{i}.toml")),
            briefing: Ok(Summary {
                date: Date::new(2024, 4, 1).unwrap(),
                title: (*t).to_string(),
                sections: 1,
                items: 1,
                tags: vec!["trade".into()],
            }),
        })
        .collect();
    for query in [
        "bond", "bo nd", "Bond", "bönd w", "b!ond", "bond$", "'bond", "tr",
    ] {
        let mut typed_p = Picker::default();
        typed_p.listed(listing.clone());
        typed(&mut typed_p, query);
        let mut fresh = Picker::default();
        fresh.listed(listing.clone());
        fresh.query = query.to_string();
        fresh.refresh();
        assert_eq!(typed_p.shown, fresh.shown, "{query:?}");
    }
}

#[test]
fn a_file_listed_twice_is_asked_for_once_for_both_rows() {
    // Found by fuzzing: the second row of a file named twice asked for
    // it again each time it came, without end.
    let one = entry("views.toml");
    let mut p = indexed(&[one.clone(), one.clone()]);
    p.update(Key::char('j'), Some(Action::SelectNext), 10);
    assert_eq!(p.selected_entry(), Some(1));
    assert_eq!(p.wanted(), Some(one.path.clone()));
    assert_eq!(p.loaded(one), Outcome::Done);
    assert!(p.rows.iter().all(|r| r.entry.is_some()));
    assert_eq!(p.wanted(), None, "not asked for again");
}
