//! Property test of the diff: random mutations of a generated briefing
//! (add, remove, move to another section or within one, edit a body,
//! change a status or a figure) are reported exactly, both ways, and a
//! version compared with itself has no changes.

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use brief::briefing::{Briefing, Item, LoadOptions, load_str};
use brief::diff::{Change, Diff, Status, diff};
use proptest::prelude::*;

/// A generated briefing whose item ids are unique across sections, so an
/// item moved to another section keeps an id no other item there has.
fn base() -> &'static Briefing {
    static BASE: OnceLock<Briefing> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = generator::generate(generator::Params {
            sections: 3,
            items: 7,
            body_words: 30,
            seed: 14,
        });
        let mut b = load_str(Path::new("gen.toml"), &text, &LoadOptions::default())
            .expect("generated briefings load")
            .briefing;
        for (s, sec) in b.sections.iter_mut().enumerate() {
            for (i, item) in sec.items.iter_mut().enumerate() {
                item.id = Some(format!("s{s}-i{i}"));
            }
        }
        b
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Add {
        section: usize,
        at: usize,
    },
    Remove(usize),
    MoveTo {
        pick: usize,
        section: usize,
        at: usize,
    },
    MoveWithin(usize),
    Edit(usize),
    Status(usize),
    Figure(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..1000;
    prop_oneof![
        (n.clone(), n.clone()).prop_map(|(section, at)| Mutation::Add { section, at }),
        n.clone().prop_map(Mutation::Remove),
        (n.clone(), n.clone(), n.clone()).prop_map(|(pick, section, at)| Mutation::MoveTo {
            pick,
            section,
            at
        }),
        n.clone().prop_map(Mutation::MoveWithin),
        n.clone().prop_map(Mutation::Edit),
        n.clone().prop_map(Mutation::Status),
        n.prop_map(Mutation::Figure),
    ]
}

/// What the diff should say of an item: its status and, for a changed
/// item, the kinds of its changes.
type Expected = BTreeMap<String, (Status, Vec<&'static str>)>;

fn id(item: &Item) -> String {
    item.id.clone().unwrap_or_default()
}

/// Applies the mutations, each to items no mutation touched before, and
/// says what each should be reported as.
fn apply(b: &mut Briefing, mutations: &[Mutation]) -> Expected {
    let mut expected = Expected::new();
    let mut touched: HashSet<String> = HashSet::new();
    let untouched = |b: &Briefing, touched: &HashSet<String>, pred: &dyn Fn(&Item) -> bool| {
        let mut out = Vec::new();
        for (s, sec) in b.sections.iter().enumerate() {
            for (i, item) in sec.items.iter().enumerate() {
                if !touched.contains(&id(item)) && pred(item) {
                    out.push((s, i));
                }
            }
        }
        out
    };
    let sections = b.sections.len();
    for (k, m) in mutations.iter().enumerate() {
        match *m {
            Mutation::Add { section, at } => {
                let sec = &mut b.sections[section % sections];
                let item = Item {
                    id: Some(format!("new-{k}")),
                    title: format!("A new item, number {k}").into(),
                    body: Some(format!("Fresh text for item {k}.").into()),
                    ..Item::default()
                };
                touched.insert(id(&item));
                expected.insert(id(&item), (Status::Added, vec![]));
                let at = at % (sec.items.len() + 1);
                sec.items.insert(at, item);
            }
            Mutation::Remove(pick) => {
                let c = untouched(b, &touched, &|_| true);
                let Some(&(s, i)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let item = b.sections[s].items.remove(i);
                touched.insert(id(&item));
                expected.insert(id(&item), (Status::Removed, vec![]));
            }
            Mutation::MoveTo { pick, section, at } => {
                let c = untouched(b, &touched, &|_| true);
                let Some(&(s, i)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let mut to = section % sections;
                if to == s {
                    to = (s + 1) % sections;
                }
                let item = b.sections[s].items.remove(i);
                touched.insert(id(&item));
                expected.insert(id(&item), (Status::Changed, vec!["moved"]));
                let dest = &mut b.sections[to].items;
                dest.insert(at % (dest.len() + 1), item);
            }
            Mutation::MoveWithin(pick) => {
                // An item jumps over the next two, which no later mutation
                // touches: then it is the one item out of order, whatever
                // else happens in the section.
                let mut c = Vec::new();
                for (s, sec) in b.sections.iter().enumerate() {
                    for p in 0..sec.items.len().saturating_sub(2) {
                        if (p..p + 3).all(|q| !touched.contains(&id(&sec.items[q]))) {
                            c.push((s, p));
                        }
                    }
                }
                let Some(&(s, p)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let items = &mut b.sections[s].items;
                for item in &items[p..p + 3] {
                    touched.insert(id(item));
                }
                expected.insert(id(&items[p]), (Status::Changed, vec!["moved"]));
                let item = items.remove(p);
                items.insert(p + 2, item);
            }
            Mutation::Edit(pick) => {
                let c = untouched(b, &touched, &|_| true);
                let Some(&(s, i)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let item = &mut b.sections[s].items[i];
                item.body = Some(match &item.body {
                    Some(body) => format!("{body} A sentence added in edit {k}.").into(),
                    None => format!("A body written in edit {k}.").into(),
                });
                touched.insert(id(item));
                expected.insert(id(item), (Status::Changed, vec!["body"]));
            }
            Mutation::Status(pick) => {
                let c = untouched(b, &touched, &|_| true);
                let Some(&(s, i)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let item = &mut b.sections[s].items[i];
                item.status =
                    Some(format!("{}-then-{k}", item.status.as_deref().unwrap_or("none")).into());
                touched.insert(id(item));
                expected.insert(id(item), (Status::Changed, vec!["status"]));
            }
            Mutation::Figure(pick) => {
                let c = untouched(b, &touched, &|i| !i.figures.is_empty());
                let Some(&(s, i)) = c.get(pick % c.len().max(1)) else {
                    continue;
                };
                let item = &mut b.sections[s].items[i];
                item.figures[0].value += 1.5;
                touched.insert(id(item));
                expected.insert(id(item), (Status::Changed, vec!["figure"]));
            }
        }
    }
    expected
}

/// What a diff says of each item, in the shape of [`Expected`]; anything
/// beyond items is reported as an error.
fn reported(d: &Diff) -> Result<Expected, String> {
    if !d.briefing.is_empty() || !d.sources.is_empty() || !d.people.is_empty() {
        return Err(format!("changes beyond items: {d:?}"));
    }
    let mut out = Expected::new();
    for s in &d.sections {
        if s.status != Status::Changed || !s.changes.is_empty() {
            return Err(format!("a section changed: {s:?}"));
        }
        for i in &s.items {
            let kinds = i
                .changes
                .iter()
                .map(|c| match c {
                    Change::Moved { .. } => "moved",
                    Change::Text { field: "body", .. } => "body",
                    Change::Value {
                        field: "status", ..
                    } => "status",
                    Change::Figure(_) => "figure",
                    _ => "something else",
                })
                .collect();
            let key = i.id.clone().unwrap_or_default();
            if out.insert(key.clone(), (i.status, kinds)).is_some() {
                return Err(format!("{key} reported twice"));
            }
        }
    }
    Ok(out)
}

fn reversed(e: &Expected) -> Expected {
    e.iter()
        .map(|(k, (status, kinds))| {
            let status = match status {
                Status::Added => Status::Removed,
                Status::Removed => Status::Added,
                Status::Changed => Status::Changed,
            };
            (k.clone(), (status, kinds.clone()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_diff_reports_exactly_the_mutations(
        mutations in proptest::collection::vec(mutation(), 0..10)
    ) {
        let old = base();
        let mut new = old.clone();
        let expected = apply(&mut new, &mutations);
        prop_assert_eq!(reported(&diff(old, &new)).map_err(TestCaseError::fail)?, expected.clone());
        prop_assert_eq!(reported(&diff(&new, old)).map_err(TestCaseError::fail)?, reversed(&expected));
        prop_assert!(diff(&new, &new).is_empty());
    }
}

#[test]
fn a_mutation_of_each_kind_is_seen() {
    // The property above, pinned to one case of each kind, so that a
    // mutation the strategy stopped generating would still be checked.
    let old = base();
    let mut new = old.clone();
    let expected = apply(
        &mut new,
        &[
            Mutation::Add { section: 0, at: 1 },
            Mutation::Remove(3),
            Mutation::MoveTo {
                pick: 5,
                section: 2,
                at: 0,
            },
            Mutation::MoveWithin(0),
            Mutation::Edit(7),
            Mutation::Status(9),
            Mutation::Figure(0),
        ],
    );
    assert_eq!(expected.len(), 7, "{expected:?}");
    assert_eq!(reported(&diff(old, &new)).unwrap(), expected);
}

/// A text of words, punctuation, spaces, line breaks and blank lines.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(vec!["port", "fee", "Kishida", "東京", "naïve", "2024"]),
            1 => proptest::sample::select(vec![".", ",", "—", "'"]),
            2 => proptest::sample::select(vec![" ", "  ", "\n", "\n\n", " \n \n"]),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The runs of a word diff are the two texts, whole and in order; and
    /// texts found equal hold the same words.
    #[test]
    fn word_runs_are_the_two_texts(old in text(), new in text()) {
        use brief::diff::{TextChange, WordOp};
        let Some(c) = TextChange::compare(&old, &new) else {
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().concat();
            prop_assert_eq!(words(&old), words(&new));
            return Ok(());
        };
        let ops = c.words.as_ref().expect("small texts get a word diff");
        let (mut a, mut b) = (String::new(), String::new());
        for op in ops {
            match op {
                WordOp::Same { old: x, new: y } => {
                    a.push_str(&old[x.clone()]);
                    b.push_str(&new[y.clone()]);
                }
                WordOp::Deleted(x) => a.push_str(&old[x.clone()]),
                WordOp::Inserted(y) => b.push_str(&new[y.clone()]),
            }
        }
        prop_assert_eq!(a, old);
        prop_assert_eq!(b, new);
    }
}
