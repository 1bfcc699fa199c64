use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::briefing::{Date, Severity, When};

const MINIMAL: &str = r#"
[briefing]
title = "T"
date = 2024-04-10

[[sources]]
id = "report"
title = "A report"

[[people]]
name = "Fumio Kishida"

[[sections]]
id = "agenda"
title = "Agenda"
key = "a"

[[sections.items]]
id = "visit"
title = "Kishida visits"
sources = ["report"]
see_also = ["economy", "economy/batteries"]
quotes = [{ text = "Hello", speaker = "Someone", source = "report" }]

[[sections]]
id = "economy"
title = "Economy"
summary = "Money."

[[sections.items]]
title = "No id"

[[sections.items]]
id = "batteries"
title = "Batteries"
figures = [{ label = "Plant", value = 1_000 }, { label = "Share", value = 0.5, unit = "%" }]
"#;

fn opts() -> LoadOptions {
    LoadOptions {
        reserved_keys: vec![('j', "line-down".into()), ('q', "quit".into())],
    }
}

fn load(text: &str) -> Result<Loaded, Report> {
    load_str(Path::new("b.toml"), text, &opts())
}

/// The messages of a text that must fail.
fn errors(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => panic!("loaded:\n{text}"),
        Err(r) => r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect(),
    }
}

/// MINIMAL with one line replaced.
fn with(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "{from}");
    MINIMAL.replacen(from, to, 1)
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn minimal_loads_and_resolves_references() {
    let b = load(MINIMAL).unwrap().briefing;
    assert_eq!(b.meta.title, "T");
    assert_eq!(b.meta.date, d("2024-04-10"));
    assert_eq!(b.sections.len(), 2);
    let item = &b.sections[0].items[0];
    assert_eq!(item.sources, vec![0]);
    assert_eq!(item.quotes[0].source, Some(0));
    assert_eq!(item.see_also[0].section, 1);
    assert_eq!(item.see_also[0].item, None);
    assert_eq!(item.see_also[1].section, 1);
    assert_eq!(item.see_also[1].item, Some(1));
    assert_eq!(item.see_also[1].target, "economy/batteries");
    assert_eq!(b.sections[0].key, Some('a'));
    let figs = &b.sections[1].items[1].figures;
    assert_eq!(figs[0].value, 1000.0);
    assert_eq!(figs[1].value, 0.5);
    assert_eq!(figs[1].unit.as_deref(), Some("%"));
}

#[test]
fn two_loads_are_equal() {
    let a = load(MINIMAL).unwrap().briefing;
    let b = load(MINIMAL).unwrap().briefing;
    assert_eq!(a, b);
    let text = include_str!("../../../briefings/us-japan-summit-2024-04.toml");
    let a = load_str(Path::new("x.toml"), text, &opts())
        .unwrap()
        .briefing;
    let b = load_str(Path::new("x.toml"), text, &opts())
        .unwrap()
        .briefing;
    assert_eq!(a, b);
    assert_eq!(a.sections.len(), 4);
    assert_eq!(a.item_count(), 21);
}

#[test]
fn dates_as_toml_values_and_strings() {
    let b = load(&with("date = 2024-04-10", "date = \"2024-02-29\"")).unwrap();
    assert_eq!(b.briefing.meta.date, d("2024-02-29"));
    let e = errors(&with("date = 2024-04-10", "date = \"2023-02-29\""));
    assert_eq!(
        e,
        vec!["invalid date `2023-02-29` for `date` in [briefing]"]
    );
    let e = errors(&with("date = 2024-04-10", "date = 2024-04-10T10:00:00Z"));
    assert_eq!(
        e,
        vec!["expected a date for `date` in [briefing], found a datetime"]
    );
    let e = errors(&with("date = 2024-04-10", "date = 10:00:00"));
    assert_eq!(
        e,
        vec!["expected a date for `date` in [briefing], found a time"]
    );
    let e = errors(&with("date = 2024-04-10", "date = 20240410"));
    assert_eq!(
        e,
        vec!["expected a date for `date` in [briefing], found an integer"]
    );
}

#[test]
fn as_of_takes_a_date_or_a_datetime() {
    let as_of = |v: &str| {
        load(&with(
            "date = 2024-04-10",
            &format!("date = 2024-04-10\nas_of = {v}"),
        ))
        .map(|l| l.briefing.meta.as_of)
    };
    assert_eq!(
        as_of("2024-04-08").unwrap(),
        Some(When::Date(d("2024-04-08")))
    );
    assert_eq!(
        as_of("\"2024-04-08T09:30:00+09:00\"").unwrap(),
        Some(When::DateTime {
            date: d("2024-04-08"),
            text: "2024-04-08T09:30:00+09:00".into()
        })
    );
    assert_eq!(
        as_of("1979-05-27T07:32:00").unwrap(),
        Some(When::DateTime {
            date: d("1979-05-27"),
            text: "1979-05-27T07:32:00".into()
        })
    );
    assert!(as_of("\"last week\"").is_err());
    assert!(as_of("07:32:00").is_err());
}

#[test]
fn when_is_a_date_a_datetime_or_text() {
    let when = |v: &str| {
        load(&with(
            "title = \"Batteries\"",
            &format!("title = \"Batteries\"\nwhen = {v}"),
        ))
        .map(|l| l.briefing.sections[1].items[1].when.clone())
    };
    assert_eq!(
        when("2024-04-10").unwrap(),
        Some(When::Date(d("2024-04-10")))
    );
    assert_eq!(
        when("\"2024-04-10\"").unwrap(),
        Some(When::Date(d("2024-04-10")))
    );
    assert_eq!(
        when("2024-04-10T19:00:00-04:00").unwrap(),
        Some(When::DateTime {
            date: d("2024-04-10"),
            text: "2024-04-10T19:00:00-04:00".into()
        })
    );
    assert_eq!(
        when("\"2024-04-10T19:00:00Z\"").unwrap(),
        Some(When::DateTime {
            date: d("2024-04-10"),
            text: "2024-04-10T19:00:00Z".into()
        })
    );
    assert_eq!(
        when("\"by 2025\"").unwrap(),
        Some(When::Text("by 2025".into()))
    );
    assert_eq!(
        when("\"2024-04-10 evening\"").unwrap(),
        Some(When::Text("2024-04-10 evening".into()))
    );
    assert!(when("\"2024-02-30\"").is_err());
    assert!(when("\"2024-04-10T25:00:00Z\"").is_err());
    assert!(when("19:00:00").is_err());
    assert!(when("true").is_err());
}

#[test]
fn text_is_sanitized_with_a_warning_at_its_place() {
    let text = with(
        "title = \"Batteries\"",
        "title = \"Bat\\tter\\u001b[2Jies\\u202e\"\nbody = \"Cafe\\u0301\"",
    );
    let loaded = load(&text).unwrap();
    let item = &loaded.briefing.sections[1].items[1];
    assert_eq!(item.title, "Bat    ter\u{FFFD}[2Jies");
    assert_eq!(item.body.as_deref(), Some("Caf\u{e9}"));
    let w = &loaded.warnings.diagnostics;
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(
        w[0].message,
        "`title` in [[sections.items]] #2 of section `economy` contains a tab, a control character and a bidirectional formatting character"
    );
    let span = w[0].span.clone().unwrap();
    assert!(text[span].starts_with("\"Bat"));
}

#[test]
fn one_line_keys_fold_their_line_breaks_and_long_ones_keep_paragraphs() {
    let text = "[briefing]\ntitle = \"\"\"\nThe state\n   visit\"\"\"\ndate = 2024-04-08\n\
                summary = \"First.\\n\\nSecond\\u2029third.\"\n\
                [[sections]]\nid = \"a\"\ntitle = \"A\\u2028B\"\n\
                [[sections.items]]\ntitle = \"T\"\nbody = \"One\\ntwo.\\n\\nThree.\"\n\
                quotes = [{ text = \"Said\\nthis.\", speaker = \"Ann\\nLee\" }]\n";
    let b = load(text).unwrap().briefing;
    assert_eq!(b.meta.title, "The state visit");
    assert_eq!(b.sections[0].title, "A B");
    let item = &b.sections[0].items[0];
    assert_eq!(item.quotes[0].text, "Said this.");
    assert_eq!(item.quotes[0].speaker, "Ann Lee");
    assert_eq!(item.body.as_deref(), Some("One\ntwo.\n\nThree."));
    assert_eq!(b.meta.summary.as_deref(), Some("First.\n\nSecond\nthird."));
}

#[test]
fn every_string_in_the_model_is_clean() {
    use crate::briefing::clean::is_clean;
    let text = include_str!("../../../briefings/us-japan-summit-2024-04.toml");
    let b = load(text).unwrap().briefing;
    let mut all: Vec<&str> = vec![&b.meta.title];
    all.extend(b.meta.summary.as_deref());
    for s in &b.sections {
        all.push(&s.title);
        all.extend(s.summary.as_deref());
        for i in &s.items {
            all.push(&i.title);
            all.extend(i.body.as_deref());
            all.extend(i.quotes.iter().map(|q| q.text.as_str()));
        }
    }
    assert!(all.iter().all(|s| is_clean(s)));
}

#[test]
fn unknown_keys_suggest_the_closest() {
    let text = with("title = \"T\"", "titel = \"T\"");
    let r = load(&text).unwrap_err();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("unknown"))
        .unwrap();
    assert_eq!(d.message, "unknown key `titel` in [briefing]");
    assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(&text[d.span.clone().unwrap()], "titel");
    // Missing title too, at the table header.
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("missing"))
        .unwrap();
    assert_eq!(d.message, "missing required key `title` in [briefing]");
    assert_eq!(&text[d.span.clone().unwrap()], "[briefing]");
    let r = load(&with("title = \"T\"", "title = \"T\"\nzzzzzz = 1")).unwrap_err();
    assert!(
        r.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`subtitle`"),
        "{r:?}"
    );
}

#[test]
fn many_problems_in_one_pass_in_file_order() {
    let text = with("key = \"a\"", "key = \"j\"")
        .replace("sources = [\"report\"]", "sources = [\"reuters\"]")
        .replace("[[people]]\nname", "[[people]]\nnam");
    let e = errors(&text);
    assert_eq!(
        e,
        vec![
            "missing required key `name` in [[people]] #1",
            "unknown key `nam` in [[people]] #1",
            "section key `j` is bound to the reader command `line-down`",
            "source `reuters` not found: `sources` names an id that no [[sources]] entry has",
        ]
    );
    let r = load(&text).unwrap_err();
    let starts: Vec<usize> = r
        .diagnostics
        .iter()
        .map(|d| d.span.as_ref().unwrap().start)
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

#[test]
fn references_that_do_not_resolve() {
    assert_eq!(
        errors(&with("\"economy/batteries\"]", "\"economy/battery\"]")),
        vec![
            "see_also `economy/battery` does not resolve: section `economy` has no item `battery`"
        ]
    );
    assert_eq!(
        errors(&with("[\"economy\", ", "[\"econ\", ")),
        vec!["see_also `econ` does not resolve: there is no section `econ`"]
    );
    assert_eq!(
        errors(&with("[\"economy\", ", "[\"a/b/c\", ")),
        vec!["see_also `a/b/c` is not of the form SECTION or SECTION/ITEM"]
    );
    assert_eq!(
        errors(&with(
            "speaker = \"Someone\", source = \"report\"",
            "speaker = \"Someone\", source = \"x\""
        )),
        vec!["source `x` not found: `source` names an id that no [[sources]] entry has"]
    );
}

#[test]
fn ids_keys_and_sections() {
    assert_eq!(
        errors(&with("id = \"economy\"", "id = \"agenda\"")),
        vec![
            "see_also `economy` does not resolve: there is no section `economy`",
            "see_also `economy/batteries` does not resolve: there is no section `economy`",
            "duplicate section id `agenda` in [[sections]] #2",
        ]
    );
    assert_eq!(
        errors(&with("id = \"agenda\"", "id = \"Agenda\"")),
        vec!["invalid id `Agenda` for `id` in [[sections]] #1"]
    );
    assert_eq!(
        errors(&with(
            "summary = \"Money.\"",
            "summary = \"Money.\"\nkey = \"a\""
        )),
        vec!["section key `a` in [[sections]] #2 is already used by [[sections]] #1"]
    );
    assert_eq!(
        errors(&with("key = \"a\"", "key = \"ab\"")),
        vec!["section key `ab` in [[sections]] #1 is not one ASCII letter"]
    );
    assert_eq!(
        errors(&with("key = \"a\"", "key = \"é\"")),
        vec!["section key `é` in [[sections]] #1 is not one ASCII letter"]
    );
    assert_eq!(
        errors(&MINIMAL.replace("[briefing]", "format = 2\n[briefing]")),
        vec!["format 2 is not supported: this version of brief reads format 1"]
    );
    assert!(load(&MINIMAL.replace("[briefing]", "format = 1\n[briefing]")).is_ok());
}

#[test]
fn ids_written_with_escapes_are_ids_like_any() {
    // toml decodes these into strings of their own, not slices of the file.
    let text = MINIMAL
        .replace("id = \"report\"", "id = \"r\\u0065port\"")
        .replace("sources = [\"report\"]", "sources = [\"repor\\u0074\"]")
        .replace("source = \"report\"", "source = \"\\u0072eport\"")
        .replace("id = \"economy\"", "id = \"\\u0065conomy\"")
        .replace("id = \"batteries\"", "id = \"batteri\\u0065s\"")
        .replace("\"economy/batteries\"]", "\"economy/b\\u0061tteries\"]");
    assert_ne!(text, MINIMAL);
    assert_eq!(
        load(&text).unwrap().briefing,
        load(MINIMAL).unwrap().briefing
    );
    let text = with(
        "title = \"No id\"",
        "title = \"No id\"\nid = \"b\\u0061tteries\"",
    );
    assert_eq!(
        errors(&text),
        vec!["duplicate item id `batteries` in [[sections.items]] #2 of section `economy`"]
    );
    let text = with("id = \"economy\"", "id = \"\\u0061genda\"");
    assert_eq!(
        errors(&text),
        vec![
            "see_also `economy` does not resolve: there is no section `economy`",
            "see_also `economy/batteries` does not resolve: there is no section `economy`",
            "duplicate section id `agenda` in [[sections]] #2",
        ]
    );
}

#[test]
fn sections_need_content_and_must_exist() {
    let text = "[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n";
    assert_eq!(
        errors(text),
        vec!["no [[sections]]: a briefing needs at least one section"]
    );
    let text = "sections = []\n[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n";
    assert_eq!(
        errors(text),
        vec!["no [[sections]]: a briefing needs at least one section"]
    );
    let text =
        "[briefing]\ntitle = \"T\"\ndate = 2024-04-10\n[[sections]]\nid = \"a\"\ntitle = \"A\"\n";
    assert_eq!(
        errors(text),
        vec!["[[sections]] #1 has neither a `summary` nor any items"]
    );
}

#[test]
fn syntax_errors_stop_at_one_diagnostic() {
    let r = load("[briefing\ntitle = 1").unwrap_err();
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].message.starts_with("invalid TOML: "));
    assert!(r.diagnostics[0].span.is_some());
}

#[test]
fn empty_deep_and_not_utf8() {
    assert_eq!(errors(" \n\t\n"), vec!["the file is empty"]);
    let deep = format!("a = {}", "[".repeat(100_000));
    assert_eq!(
        errors(&deep),
        vec!["nesting deeper than 64 arrays or inline tables"]
    );
    // Nesting a little deeper than toml's own limit, but balanced.
    let deep = format!("a = {}1{}", "[".repeat(70), "]".repeat(70));
    assert_eq!(
        errors(&deep),
        vec!["nesting deeper than 64 arrays or inline tables"]
    );
    // Many unclosed table headers are a syntax error, not deep nesting.
    let headers = "[a\n".repeat(100);
    assert!(errors(&headers)[0].starts_with("invalid TOML: "));
    // Deep, but within the limit.
    let ok = MINIMAL.replace(
        "title = \"T\"",
        &format!("title = \"T\"\n# {0}\n", "[".repeat(200)),
    );
    assert!(load(&ok).is_ok());
    // Brackets inside strings and comments do not count.
    let text = MINIMAL.replace(
        "title = \"T\"",
        &format!(
            "title = \"T{0}\" # {0}\nsubtitle = '''{0}'''",
            "[".repeat(100)
        ),
    );
    assert!(load(&text).is_ok());
    let r = load_bytes(
        Path::new("b.toml"),
        b"[briefing]\ntitle = \"\xff\"\n",
        &opts(),
    )
    .unwrap_err();
    assert_eq!(
        r.diagnostics[0].message,
        "the file is not UTF-8: invalid byte 0xFF at line 2, column 10 (byte offset 20)"
    );
    assert!(
        r.headline(&r.diagnostics[0])
            .starts_with("b.toml:2:10: error")
    );
}

#[test]
fn errors_are_capped_but_counted() {
    let mut text = MINIMAL.to_string();
    for i in 0..300 {
        text.push_str(&format!("see_also_{i} = 1\n"));
    }
    let r = load(&text).unwrap_err();
    assert_eq!(r.diagnostics.len(), validate::MAX_ERRORS + 1);
    assert_eq!(
        r.diagnostics.last().unwrap().message,
        "100 more errors not shown (only the first 200 are)"
    );
}

#[test]
fn format_one_may_be_written_any_way() {
    assert!(load(&MINIMAL.replace("[briefing]", "format = 0x1\n[briefing]")).is_ok());
    assert!(load(&MINIMAL.replace("[briefing]", "format = +1\n[briefing]")).is_ok());
}

#[test]
fn people_named_nowhere_get_a_warning() {
    let text = MINIMAL.replace("name = \"Fumio Kishida\"", "name = \"Nobody Here\"");
    let w = load(&text).unwrap().warnings;
    assert_eq!(w.diagnostics.len(), 1);
    assert_eq!(
        w.diagnostics[0].message,
        "person `Nobody Here` is named in no item"
    );
    assert!(load(MINIMAL).unwrap().warnings.diagnostics.is_empty());
}

#[test]
fn a_file_loads_as_its_text_does() {
    let dir = tempfile::tempdir().unwrap();
    for text in [
        MINIMAL.to_string(),
        with(
            "title = \"Agenda\"",
            "title = \"Agenda\"\nsummary = \"a\tb\"",
        ),
        with("title = \"Agenda\"", "title = 1"),
    ] {
        let path = dir.path().join("b.toml");
        std::fs::write(&path, &text).unwrap();
        let from_file = load_file(&path, &opts()).map(|l| (l.briefing, l.warnings));
        let from_text = load_str(&path, &text, &opts()).map(|l| (l.briefing, l.warnings));
        assert_eq!(from_file, from_text);
    }
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, b"[briefing]\ntitle = \"\xff\"\n").unwrap();
    assert_eq!(
        load_file(&path, &opts()).unwrap_err(),
        load_bytes(&path, b"[briefing]\ntitle = \"\xff\"\n", &opts()).unwrap_err()
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let r = load_file(Path::new("no/such/file.toml"), &opts()).unwrap_err();
    assert_eq!(
        r.diagnostics[0].message,
        "cannot read: No such file or directory"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Err(r) = load_bytes(Path::new("p.toml"), &bytes, &opts()) {
            let _ = r.render(false);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,300}") {
        if let Err(r) = load(&text) {
            let _ = r.render(false);
        }
    }

    #[test]
    fn toml_shaped_strings_never_panic(
        text in "(\\[\\[?(briefing|sections|sections\\.items|sources)\\]\\]?\n|[a-z_]{1,8} = (\"[^\"\n]{0,12}\"|[0-9-]{1,10}|\\[\"[a-z/]{0,8}\"\\]|\\{ ?[a-z]{1,5} = [0-9]{1,3} ?\\}|true|1979-05-27T07:32:00Z)\n){0,20}"
    ) {
        for text in [text.clone(), format!("{MINIMAL}\n{text}")] {
            match load(&text) {
                Ok(l) => { let _ = l.warnings.render(false); }
                Err(r) => { let _ = r.render(false); }
            }
        }
    }

    #[test]
    fn sanitized_model_text_is_clean(title in "\\PC{1,40}", body in any::<String>()) {
        use crate::briefing::clean::is_clean;
        let text = with("title = \"Batteries\"", &format!(
            "title = {}\nbody = {}",
            toml_string(&format!("x{title}")),
            toml_string(&body)
        ));
        let loaded = load(&text);
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err());
        let loaded = loaded.unwrap();
        let item = &loaded.briefing.sections[1].items[1];
        prop_assert!(is_clean(&item.title));
        prop_assert!(is_clean(item.body.as_deref().unwrap_or("")));
    }
}

/// The scan [`too_deep`] replaced, a byte at a time, to check it against.
fn too_deep_by_bytes(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if line_start && c == b'[' && depth == 0 {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'\n' {
            line_start = true;
        } else if !c.is_ascii_whitespace() {
            line_start = false;
        }
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i..i + 3) == Some(&[q, q, q][..]);
                if triple {
                    i += 3;
                    loop {
                        if i >= b.len() {
                            return None;
                        }
                        if q == b'"' && b[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if b.get(i..i + 3) == Some(&[q, q, q][..]) {
                            i += 3;
                            while i < b.len() && b[i] == q {
                                i += 1;
                            }
                            break;
                        }
                        i += 1;
                    }
                    continue;
                }
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Text made of what the nesting scan looks at, with enough `[` to go
/// deeper than the limit now and then, and runs long enough to fill blocks.
fn bracket_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        10 => Just("["),
        2 => Just("[[[[[[[[[["),
        3 => Just("{"),
        3 => Just("]"),
        1 => Just("}"),
        2 => Just("\""),
        1 => Just("'"),
        1 => Just("\"\"\""),
        1 => Just("'''"),
        2 => Just("\\"),
        2 => Just("\n"),
        1 => Just("#"),
        2 => Just(" "),
        2 => Just("a = "),
        1 => Just("a long run of words without anything special in it at all, é"),
    ];
    proptest::collection::vec(piece, 0..300).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn too_deep_agrees_with_the_scan_by_bytes(text in bracket_soup()) {
        prop_assert_eq!(too_deep(&text), too_deep_by_bytes(&text), "{:?}", text);
    }
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
