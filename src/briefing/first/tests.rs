use std::path::Path;

use super::*;
use crate::briefing::load_str;

/// A briefing of `sections` sections of `items` items each, every item
/// pointing at the one before it and at the first item of the section
/// before.
fn briefing(sections: usize, items: usize) -> String {
    let mut t = String::from(
        "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n\n\
         [[sources]]\nid = \"s\"\ntitle = \"S\"\n\n[[people]]\nname = \"Ann Lee\"\n",
    );
    for s in 0..sections {
        t.push_str(&format!(
            "\n[[sections]] # number {s}\nid = \"sec-{s}\"\ntitle = \"Section {s}\"\n"
        ));
        for i in 0..items {
            t.push_str(&format!(
                "\n[[sections.items]]\nid = \"item-{i}\"\ntitle = \"Item {i} of {s}\"\nsources = [\"s\"]\n\
                 body = \"\"\"\nAnn Lee said [this] {}.\n\"\"\"\n",
                "and more ".repeat(100)
            ));
            let mut refs = Vec::new();
            if i > 0 {
                refs.push(format!("\"sec-{s}/item-{}\"", i - 1));
            }
            if s > 0 {
                // A reference into another section.
                refs.push(format!("\"sec-{}/item-0\"", s - 1));
            }
            t.push_str(&format!("see_also = [{}]\n", refs.join(", ")));
            if s > 0 {
                // Tables inside the item.
                t.push_str(
                    "[[sections.items.quotes]]\ntext = \"q\"\nspeaker = \"Ann Lee\"\n\
                     [[sections.items.figures]]\nlabel = \"x\"\nvalue = 1\n",
                );
            }
        }
    }
    t
}

fn whole(text: &str) -> Briefing {
    load_str(Path::new("b.toml"), text, &LoadOptions::default())
        .expect("loads")
        .briefing
}

fn part(text: &str, shown: &Shown) -> Option<FirstPart> {
    load_first(
        Path::new("b.toml"),
        text,
        true,
        &LoadOptions::default(),
        shown,
    )
}

fn start(text: &str, len: usize, shown: &Shown) -> Option<FirstPart> {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    load_first(
        Path::new("b.toml"),
        &text[..end],
        false,
        &LoadOptions::default(),
        shown,
    )
}

#[test]
fn headers_are_told_apart() {
    assert_eq!(kind("[briefing]"), Some(Kind::Kept));
    assert_eq!(kind("[[sources]]  # the first"), Some(Kind::Kept));
    assert_eq!(kind("[[sections]]"), Some(Kind::Section));
    assert_eq!(kind("[[ sections . items ]]"), Some(Kind::Item));
    assert_eq!(kind("[[sections.items.figures]]"), Some(Kind::InItem));
    assert_eq!(kind("[sections.extra]"), Some(Kind::InSection));
    // What the cut does not follow: the whole file is loaded instead.
    assert_eq!(kind("[[\"sections\"]]"), None);
    assert_eq!(kind("[sections]"), None);
    assert_eq!(kind("[[sections]] x"), None);
}

#[test]
fn the_part_is_a_prefix_of_the_whole() {
    let text = briefing(3, 400);
    assert!(text.len() > ITEM_BYTES * 4);
    let whole = whole(&text);
    let part = part(&text, &Shown::default()).expect("a part");
    let b = &part.briefing;
    assert_eq!(part.section, 0);
    assert_eq!(b.meta, whole.meta);
    assert_eq!(b.sources, whole.sources);
    assert_eq!(b.people, whole.people);
    assert_eq!(b.sections.len(), 3);
    for (p, w) in b.sections.iter().zip(&whole.sections) {
        assert_eq!((&p.id, &p.title, p.key), (&w.id, &w.title, w.key));
    }
    let items = &b.sections[0].items;
    assert!(items.len() > 10 && items.len() < 400, "{}", items.len());
    assert!(items[..] == whole.sections[0].items[..items.len()]);
    assert!(b.sections[1].items.is_empty());
}

#[test]
fn the_section_shown_is_the_saved_one() {
    let text = briefing(3, 50);
    let whole = whole(&text);
    let by_id = part(
        &text,
        &Shown {
            id: Some("sec-2".into()),
            index: 0,
        },
    )
    .expect("a part");
    assert_eq!(by_id.section, 2);
    let items = &by_id.briefing.sections[2].items;
    assert!(!items.is_empty());
    // The same items, but for the references to items left out (those of
    // section 1), dropped until the whole file is read.
    for (p, w) in items.iter().zip(&whole.sections[2].items) {
        let mut w = w.clone();
        w.see_also.retain(|r| r.section == 2);
        assert!(*p == w, "{}", p.title);
    }
    assert!(by_id.briefing.sections[0].items.is_empty());
    // A saved tab when the id is gone; the first section when the tab is
    // no section.
    let gone = Shown {
        id: Some("gone".into()),
        index: 1,
    };
    assert_eq!(part(&text, &gone).expect("a part").section, 1);
    let generated = Shown { id: None, index: 7 };
    assert_eq!(part(&text, &generated).expect("a part").section, 0);
}

#[test]
fn an_error_in_the_part_leaves_it_to_the_whole_load() {
    let text = briefing(2, 50);
    let early = text.replacen("title = \"Item 0 of 0\"", "title = 3", 1);
    assert!(part(&early, &Shown::default()).is_none());
    let syntax = text.replacen("[briefing]\n", "[briefing]\ntitle = \n", 1);
    assert!(part(&syntax, &Shown::default()).is_none());
    // An error past the part is not the part's to find.
    let deep = text.replacen("title = \"Item 40 of 1\"", "title = 3", 1);
    assert!(part(&deep, &Shown::default()).is_some());
    let broken_ref = text.replacen("sec-1/item-38\"", "sec-1/item-999\"", 1);
    assert_ne!(broken_ref, text);
    assert!(part(&broken_ref, &Shown::default()).is_some());
}

#[test]
fn a_layout_the_cut_does_not_follow_is_loaded_whole() {
    let inline = "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n\
                  sections = [{ id = \"a\", title = \"A\", summary = \"s\" }]\n";
    assert!(part(inline, &Shown::default()).is_none());
    let quoted = "[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n\
                  [[\"sections\"]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\n";
    assert!(part(quoted, &Shown::default()).is_none());
}

#[test]
fn headers_inside_strings_are_not_cut_at() {
    let text = "[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n\
                [[sections]]\nid = \"a\"\ntitle = \"A\"\n\
                [[sections.items]]\ntitle = \"x\"\nbody = \"\"\"\n[[sections]]\nid = \"b\"\n\"\"\"\n";
    let part = part(text, &Shown::default()).expect("a part");
    assert_eq!(part.briefing, whole(text));
}

#[test]
fn the_start_of_a_file_is_enough_for_its_first_section() {
    let text = briefing(3, 400);
    let whole = whole(&text);
    let from_start = start(&text, 200 * 1024, &Shown::default()).expect("a part");
    let b = &from_start.briefing;
    // The sections past the start come with the whole load.
    assert_eq!(b.sections.len(), 1);
    let items = &b.sections[0].items;
    assert!(items.len() > 10, "{}", items.len());
    assert!(items[..] == whole.sections[0].items[..items.len()]);
    // A section asked for that is not in the start: the whole file is needed.
    let later = Shown {
        id: Some("sec-2".into()),
        index: 2,
    };
    assert!(start(&text, 200 * 1024, &later).is_none());
    let by_tab = Shown { id: None, index: 2 };
    assert!(start(&text, 200 * 1024, &by_tab).is_none());
    assert!(part(&text, &later).is_some());
    // A start cut in the middle of the front matter is no part.
    assert!(start(&text, 40, &Shown::default()).is_none());
}
