//! A small briefing built by hand, for the export's unit tests.

use std::path::PathBuf;

use crate::briefing::{Briefing, Date, Figure, Item, Meta, Quote, Section, Source, When};

/// Two sections, two sources (one per section), bullets, a quotation, quotes
/// and figures, and text that needs escaping in Markdown.
pub(crate) fn briefing() -> Briefing {
    let date = Date::parse("2024-04-08").unwrap();
    Briefing {
        path: PathBuf::from("some/dir/Summit.toml"),
        meta: Meta {
            title: "Summit week".into(),
            date,
            subtitle: Some("Allies *and* [partners]".into()),
            summary: Some("The bottom line.".into()),
            as_of: Some(When::Date(date)),
            authors: vec!["curators".into()],
            tags: vec![],
            language: None,
        },
        sources: vec![
            Source {
                id: "preview".into(),
                title: "Preview of the visit".into(),
                publisher: Some("Example News".into()),
                author: Some("A. Writer".into()),
                date: Some(date),
                url: Some("https://example.com/preview".into()),
            },
            Source {
                id: "memo".into(),
                title: "Defense memo".into(),
                ..Source::default()
            },
        ],
        people: vec![],
        sections: vec![
            Section {
                id: "agenda".into(),
                title: "Agenda".into(),
                key: Some('a'),
                summary: Some("Two summits in two days.".into()),
                items: vec![Item {
                    title: "State visit #1 of 2".into(),
                    id: Some("state-visit".into()),
                    body: Some(
                        "Biden receives Kishida on Wednesday for a full state visit\nwith a long list of announcements.\n\n- first <b>bullet</b> with a_b and `code`\n- 2024. second\n\n> quoted words"
                            .into(),
                    ),
                    when: Some(When::Date(Date::parse("2024-04-10").unwrap())),
                    status: Some("planned".into()),
                    tags: vec!["japan".into()],
                    sources: vec![0],
                    quotes: vec![Quote {
                        text: "the cornerstone".into(),
                        speaker: "Kurt Campbell".into(),
                        role: Some("Deputy Secretary".into()),
                        source: Some(0),
                    }],
                    ..Item::default()
                }],
                offset: Default::default(),
            },
            Section {
                id: "defense".into(),
                title: "Defense cooperation".into(),
                key: None,
                summary: None,
                items: vec![Item {
                    title: "Patriots | more".into(),
                    body: Some("# not a heading\n\nJoint production.".into()),
                    status: Some("under discussion".into()),
                    sources: vec![1],
                    figures: vec![
                        Figure {
                            label: "Missiles | shipped".into(),
                            value: 36.0,
                            unit: Some("units".into()),
                            note: Some("several dozen".into()),
                        },
                        Figure {
                            label: "Lines".into(),
                            value: 2.5,
                            unit: None,
                            note: None,
                        },
                    ],
                    ..Item::default()
                }],
                offset: Default::default(),
            },
        ],
    }
}
