//! The diff engine: every kind of change, both ways; id-less matching;
//! word spans; the JSON shape (a snapshot); diff(A, A) is empty.

use std::path::Path;

use brief::briefing::{Briefing, LoadOptions, load_file, load_str};
use brief::diff::render::Sides;
use brief::diff::{Change, Diff, ItemAt, Status, TextChange, WordOp, diff, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Briefing {
    load_file(&root().join(name), &LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)))
        .briefing
}

fn parse(text: &str) -> Briefing {
    load_str(Path::new("t.toml"), text, &LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)))
        .briefing
}

/// One line per change, in the diff's order: what the tests compare.
fn describe(d: &Diff, old: &Briefing, new: &Briefing) -> Vec<String> {
    let mut out = Vec::new();
    for c in &d.briefing {
        out.push(format!("briefing: {}", change(c)));
    }
    for (kind, entries) in [("source", &d.sources), ("person", &d.people)] {
        for e in entries {
            let name = e.id.clone().unwrap_or_else(|| e.name.clone());
            out.push(format!("{kind} {name}: {}", e.status.name()));
            for c in &e.changes {
                out.push(format!("{kind} {name}: {}", change(c)));
            }
        }
    }
    for s in &d.sections {
        out.push(format!("section {}: {}", s.id, s.status.name()));
        for c in &s.changes {
            out.push(format!("section {}: {}", s.id, change(c)));
        }
        for i in &s.items {
            let (b, at) = match (i.new, i.old) {
                (Some(at), _) => (new, at),
                (None, Some(at)) => (old, at),
                _ => unreachable!("an item is in one version at least"),
            };
            let name = format!(
                "{}/{}",
                b.sections[at.section].id,
                i.id.clone().unwrap_or_else(|| i.title.clone())
            );
            out.push(format!("item {name}: {}", i.status.name()));
            for c in &i.changes {
                out.push(format!("item {name}: {}", change(c)));
            }
        }
    }
    out
}

fn change(c: &Change) -> String {
    match c {
        Change::Text { field, change } => {
            format!("text {field}: {:?} -> {:?}", change.old, change.new)
        }
        Change::Value { field, old, new } => format!("value {field}: {old:?} -> {new:?}"),
        Change::Moved {
            from_section,
            from,
            to_section,
            to,
        } => format!("moved {from_section}#{from} -> {to_section}#{to}"),
        Change::Figure(f) => format!(
            "figure {}: {:?} -> {:?} ({:?}, {:?}%)",
            f.label,
            f.old.as_ref().map(|v| v.value),
            f.new.as_ref().map(|v| v.value),
            f.difference(),
            f.percent()
        ),
        Change::Added { field, value } => format!("added {field}: {value}"),
        Change::Removed { field, value } => format!("removed {field}: {value}"),
        Change::QuoteAdded(q) => format!("quote added: {:?} by {}", q.text, q.speaker),
        Change::QuoteRemoved(q) => format!("quote removed: {:?} by {}", q.text, q.speaker),
    }
}

#[test]
fn every_kind_of_change_old_to_new() {
    let old = fixture("tests/fixtures/diff/every-kind-old.toml");
    let new = fixture("tests/fixtures/diff/every-kind-new.toml");
    let d = diff(&old, &new);
    let expected = [
        r#"briefing: text title: "Harbour talks" -> "Harbour talks resume""#,
        r#"briefing: value subtitle: Some("Ports and tariffs") -> Some("Ports, tariffs and cranes")"#,
        r#"briefing: value date: Some("2024-05-01") -> Some("2024-05-03")"#,
        r#"briefing: value as_of: Some("2024-05-01") -> Some("2024-05-03")"#,
        r#"briefing: text summary: "Two ministers meet to settle the harbour dispute." -> "Two ministers met to settle the harbour dispute.""#,
        "briefing: added authors: ports team",
        "briefing: removed tags: ports",
        "source wire: changed",
        r#"source wire: value url: Some("https://example.com/wire") -> Some("https://example.com/wire-updated")"#,
        "source minutes: added",
        "source memo: removed",
        "person ana: changed",
        r#"person ana: value role: Some("Trade minister") -> Some("Minister of trade")"#,
        "person Cleo Park: added",
        "person Ben Ode: removed",
        "section ports: changed",
        "section ports: moved ports#1 -> ports#0",
        r#"section ports: text title: "The ports" -> "The ports and berths""#,
        r#"section ports: value key: None -> Some("p")"#,
        "item ports/dredging: changed",
        "item ports/dredging: moved ports#2 -> ports#0",
        "item ports/wander: changed",
        "item ports/wander: moved talks#3 -> ports#3",
        "section old-notes: removed",
        "section talks: changed",
        r#"section talks: text summary: "Where things stand." -> "Where things stand now.""#,
        "item talks/meeting: changed",
        r#"item talks/meeting: text title: "Ministers meet in the port city" -> "Ministers meet in the harbour city""#,
        r#"item talks/meeting: value when: Some("2024-05-02") -> Some("2024-05-03")"#,
        r#"item talks/meeting: value status: Some("planned") -> Some("completed")"#,
        r#"item talks/meeting: text body: "Ana Ruiz meets her counterpart on Thursday to discuss fees." -> "Ana Ruiz met her counterpart on Thursday to discuss fees.""#,
        "item talks/meeting: figure Fee: Some(40.0) -> Some(35.0) (Some(-5.0), Some(-12.5)%)",
        "item talks/meeting: figure Berths: None -> Some(2.0) (None, None%)",
        "item talks/meeting: figure Ships: Some(12.0) -> None (None, None%)",
        "item talks/meeting: added sources: minutes",
        "item talks/meeting: added tags: fees",
        "item talks/meeting: removed see_also: ports/cranes",
        r#"item talks/meeting: quote removed: "We will settle this." by Ana Ruiz"#,
        r#"item talks/meeting: quote added: "It is settled." by Ana Ruiz"#,
        "item talks/dropped: removed",
        "item talks/statement: added",
        "section outcome: added",
    ];
    assert_eq!(describe(&d, &old, &new), expected);
}

#[test]
fn every_kind_of_change_new_to_old() {
    let old = fixture("tests/fixtures/diff/every-kind-old.toml");
    let new = fixture("tests/fixtures/diff/every-kind-new.toml");
    let d = diff(&new, &old);
    let expected = [
        r#"briefing: text title: "Harbour talks resume" -> "Harbour talks""#,
        r#"briefing: value subtitle: Some("Ports, tariffs and cranes") -> Some("Ports and tariffs")"#,
        r#"briefing: value date: Some("2024-05-03") -> Some("2024-05-01")"#,
        r#"briefing: value as_of: Some("2024-05-03") -> Some("2024-05-01")"#,
        r#"briefing: text summary: "Two ministers met to settle the harbour dispute." -> "Two ministers meet to settle the harbour dispute.""#,
        "briefing: removed authors: ports team",
        "briefing: added tags: ports",
        "source wire: changed",
        r#"source wire: value url: Some("https://example.com/wire-updated") -> Some("https://example.com/wire")"#,
        "source memo: added",
        "source minutes: removed",
        "person ana: changed",
        r#"person ana: value role: Some("Minister of trade") -> Some("Trade minister")"#,
        "person Ben Ode: added",
        "person Cleo Park: removed",
        "section talks: changed",
        "section talks: moved talks#1 -> talks#0",
        r#"section talks: text summary: "Where things stand now." -> "Where things stand.""#,
        "item talks/meeting: changed",
        r#"item talks/meeting: text title: "Ministers meet in the harbour city" -> "Ministers meet in the port city""#,
        r#"item talks/meeting: value when: Some("2024-05-03") -> Some("2024-05-02")"#,
        r#"item talks/meeting: value status: Some("completed") -> Some("planned")"#,
        r#"item talks/meeting: text body: "Ana Ruiz met her counterpart on Thursday to discuss fees." -> "Ana Ruiz meets her counterpart on Thursday to discuss fees.""#,
        "item talks/meeting: figure Fee: Some(35.0) -> Some(40.0) (Some(5.0), Some(14.29)%)",
        "item talks/meeting: figure Ships: None -> Some(12.0) (None, None%)",
        "item talks/meeting: figure Berths: Some(2.0) -> None (None, None%)",
        "item talks/meeting: removed sources: minutes",
        "item talks/meeting: removed tags: fees",
        "item talks/meeting: added see_also: ports/cranes",
        r#"item talks/meeting: quote removed: "It is settled." by Ana Ruiz"#,
        r#"item talks/meeting: quote added: "We will settle this." by Ana Ruiz"#,
        "item talks/statement: removed",
        "item talks/dropped: added",
        "item talks/wander: changed",
        "item talks/wander: moved ports#3 -> talks#3",
        "section outcome: removed",
        "section ports: changed",
        r#"section ports: text title: "The ports and berths" -> "The ports""#,
        r#"section ports: value key: Some("p") -> None"#,
        "item ports/dredging: changed",
        "item ports/dredging: moved ports#0 -> ports#2",
        "section old-notes: added",
    ];
    assert_eq!(describe(&d, &new, &old), expected);
}

#[test]
fn a_briefing_compared_with_itself_has_no_changes() {
    for name in [
        "briefings/us-japan-summit-2024-04.toml",
        "tests/fixtures/diff/every-kind-old.toml",
        "tests/fixtures/valid/complete.toml",
    ] {
        let b = fixture(name);
        let d = diff(&b, &b.clone());
        assert!(d.is_empty(), "{name}: {d:?}");
        assert_eq!(d.counts().summary(), "no changes");
    }
}

#[test]
fn the_counts_line_names_each_kind() {
    let old = fixture("briefings/us-japan-summit-2024-04.toml");
    let new = fixture("tests/fixtures/diff/us-japan-summit-2024-04-11.toml");
    assert_eq!(
        diff(&old, &new).counts().summary(),
        "+1 item, 1 retitled, 1 body, 2 when, 5 statuses, 1 figure, 1 field"
    );
    assert_eq!(
        diff(&new, &old).counts().summary(),
        "−1 item, 1 retitled, 1 body, 2 when, 5 statuses, 1 figure, 1 field"
    );
}

const HEAD: &str =
    "[briefing]\ntitle = \"T\"\ndate = 2024-01-01\n\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n";

fn items(list: &[(&str, Option<&str>, &str)]) -> Briefing {
    let mut t = HEAD.to_string();
    for (title, id, body) in list {
        t.push_str("\n[[sections.items]]\n");
        if let Some(id) = id {
            t.push_str(&format!("id = \"{id}\"\n"));
        }
        t.push_str(&format!("title = \"{title}\"\nbody = \"{body}\"\n"));
    }
    parse(&t)
}

#[test]
fn items_without_ids_are_matched_by_title() {
    // Reordered and one body changed: matched by title, not by position.
    let old = items(&[
        ("Alpha", None, "a"),
        ("Beta", None, "b"),
        ("Gamma", None, "c"),
    ]);
    let new = items(&[
        ("Gamma", None, "c"),
        ("Alpha", None, "a"),
        ("Beta", None, "b2"),
    ]);
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section s: changed",
            "item s/Gamma: changed",
            "item s/Gamma: moved s#2 -> s#0",
            "item s/Beta: changed",
            r#"item s/Beta: text body: "b" -> "b2""#,
        ]
    );
}

#[test]
fn items_without_ids_left_unmatched_are_matched_by_position() {
    // The second item is retitled: no title matches, so its position does.
    let old = items(&[
        ("Alpha", None, "a"),
        ("Beta", None, "b"),
        ("Gamma", None, "c"),
    ]);
    let new = items(&[
        ("Alpha", None, "a"),
        ("Bet", None, "b"),
        ("Gamma", None, "c"),
    ]);
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section s: changed",
            "item s/Bet: changed",
            r#"item s/Bet: text title: "Beta" -> "Bet""#,
        ]
    );
    // At another position, it is a removal and an addition.
    let new = items(&[
        ("Bet", None, "b"),
        ("Alpha", None, "a"),
        ("Gamma", None, "c"),
    ]);
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section s: changed",
            "item s/Bet: added",
            "item s/Beta: removed"
        ]
    );
}

#[test]
fn an_item_that_gains_an_id_is_matched_by_title_but_two_ids_never_are() {
    let old = items(&[("Alpha", None, "a")]);
    let new = items(&[("Alpha", Some("alpha"), "a")]);
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section s: changed",
            "item s/alpha: changed",
            r#"item s/alpha: value id: None -> Some("alpha")"#,
        ]
    );
    // Different ids are different items, whatever their titles.
    let old = items(&[("Alpha", Some("one"), "a")]);
    let new = items(&[("Alpha", Some("two"), "a")]);
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section s: changed",
            "item s/one: removed",
            "item s/two: added"
        ]
    );
}

#[test]
fn an_item_without_an_id_moved_to_another_section_is_found_by_its_title() {
    let old = parse(&format!(
        "{HEAD}\n[[sections.items]]\ntitle = \"Wanderer\"\n[[sections.items]]\ntitle = \"Stays\"\n\
         \n[[sections]]\nid = \"t\"\ntitle = \"T\"\nsummary = \"x\"\n"
    ));
    let new = parse(&format!(
        "{HEAD}\n[[sections.items]]\ntitle = \"Stays\"\n\
         \n[[sections]]\nid = \"t\"\ntitle = \"T\"\nsummary = \"x\"\n[[sections.items]]\ntitle = \"Wanderer\"\n"
    ));
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section t: changed",
            "item t/Wanderer: changed",
            "item t/Wanderer: moved s#0 -> t#0"
        ]
    );
}

#[test]
fn items_with_the_same_id_in_two_sections_stay_in_their_sections() {
    let two = |a: &str, b: &str| {
        parse(&format!(
            "{HEAD}\n[[sections.items]]\nid = \"x\"\ntitle = \"{a}\"\n\
             \n[[sections]]\nid = \"t\"\ntitle = \"T\"\n[[sections.items]]\nid = \"x\"\ntitle = \"{b}\"\n"
        ))
    };
    let (old, new) = (two("One", "Two"), two("One", "Second"));
    let d = diff(&old, &new);
    assert_eq!(
        describe(&d, &old, &new),
        [
            "section t: changed",
            "item t/x: changed",
            r#"item t/x: text title: "Two" -> "Second""#
        ]
    );
}

/// The runs of a word diff put back together are the two texts.
fn rebuilt(c: &TextChange) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    for op in c.words.as_ref().expect("a word diff") {
        match op {
            WordOp::Same { old: a, new: b } => {
                old.push_str(&c.old[a.clone()]);
                new.push_str(&c.new[b.clone()]);
            }
            WordOp::Deleted(r) => old.push_str(&c.old[r.clone()]),
            WordOp::Inserted(r) => new.push_str(&c.new[r.clone()]),
        }
    }
    (old, new)
}

#[test]
fn word_runs_rebuild_both_texts_and_mark_the_inserted_words() {
    let c = TextChange::compare(
        "Biden receives Kishida on Wednesday.\n\nA dinner follows.",
        "Biden received Kishida on Wednesday, with honours.\n\nA dinner followed.",
    )
    .expect("they differ");
    assert_eq!(rebuilt(&c), (c.old.clone(), c.new.clone()));
    let inserted: Vec<&str> = c
        .inserted()
        .iter()
        .map(|r| c.new[r.clone()].trim())
        .collect();
    assert_eq!(inserted, ["received", ", with honours", "followed"]);
}

#[test]
fn a_rewritten_huge_body_is_reported_whole() {
    let big = |w: &str| {
        let body = format!("{w} ").repeat(200_000);
        parse(&format!(
            "{HEAD}\n[[sections.items]]\nid = \"i\"\ntitle = \"I\"\nbody = \"{}\"\n",
            body.trim()
        ))
    };
    let (old, new) = (big("alpha"), big("beta"));
    let t = std::time::Instant::now();
    let d = diff(&old, &new);
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
    let Change::Text { field, change } = &d.sections[0].items[0].changes[0] else {
        panic!("a text change: {d:?}");
    };
    assert_eq!(*field, "body");
    assert!(change.words.is_none(), "beyond the cap, no word diff");
    assert_eq!(change.inserted(), vec![(0..change.new.len())]);
}

#[test]
fn the_json_shape() {
    let old = fixture("tests/fixtures/diff/every-kind-old.toml");
    let new = fixture("tests/fixtures/diff/every-kind-new.toml");
    let d = diff(&old, &new);
    let sides = Sides {
        old: &old,
        old_label: "old.toml",
        new: &new,
        new_label: "new.toml",
    };
    let text = json::to_json(&d, &sides);
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["format"], 1);
    assert_eq!(value["changed"], true);
    insta::assert_snapshot!(text);
}

#[test]
fn the_json_of_no_changes() {
    let b = fixture("tests/fixtures/diff/every-kind-old.toml");
    let sides = Sides {
        old: &b,
        old_label: "a.toml",
        new: &b,
        new_label: "b.toml",
    };
    let value: serde_json::Value =
        serde_json::from_str(&json::to_json(&diff(&b, &b), &sides)).expect("valid JSON");
    assert_eq!(value["changed"], false);
    assert_eq!(value["summary"], "no changes");
    for part in ["briefing", "sources", "people", "sections"] {
        assert_eq!(value[part], serde_json::json!([]), "{part}");
    }
}

#[test]
fn statuses_name_themselves() {
    assert_eq!(Status::Added.name(), "added");
    assert_eq!(Status::Removed.name(), "removed");
    assert_eq!(Status::Changed.name(), "changed");
}

#[test]
fn a_reader_finds_the_entry_of_an_item_and_the_removed_items() {
    let old = fixture("tests/fixtures/diff/every-kind-old.toml");
    let new = fixture("tests/fixtures/diff/every-kind-new.toml");
    let d = diff(&old, &new);
    // talks/meeting is the first item of the second section now.
    let meeting = d
        .item_in_new(ItemAt {
            section: 1,
            item: 0,
        })
        .expect("a changed item");
    assert_eq!(meeting.id.as_deref(), Some("meeting"));
    let body = meeting
        .changes
        .iter()
        .find_map(|c| match c {
            Change::Text {
                field: "body",
                change,
            } => Some(change),
            _ => None,
        })
        .expect("its body changed");
    let inserted: Vec<&str> = body
        .inserted()
        .iter()
        .map(|r| &body.new[r.clone()])
        .collect();
    assert_eq!(inserted, ["met "]);
    // talks/agenda did not change.
    assert!(
        d.item_in_new(ItemAt {
            section: 1,
            item: 1
        })
        .is_none()
    );
    let removed: Vec<(&str, Option<&str>)> = d
        .removed_items()
        .map(|(s, i)| (s.id.as_str(), i.id.as_deref()))
        .collect();
    assert_eq!(removed, [("talks", Some("dropped"))]);
}
