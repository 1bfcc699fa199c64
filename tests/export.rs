//! `brief export`: golden files of the curated briefing, the layout rules
//! for any briefing (proptest), and the file rules through the real binary.
//!
//! Golden files live in `tests/golden/`. After an intended change of the
//! output, regenerate them and review the diff:
//!
//! ```sh
//! BRIEF_BLESS=1 cargo test --test export
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use brief::briefing::clean::is_unsafe_char;
use brief::briefing::{self, Briefing, Date, Figure, Item, Meta, Quote, Section, Source, When};
use brief::export::{self, write::write_new_in};
use predicates::prelude::*;
use proptest::prelude::*;

const CURATED: &str = "briefings/us-japan-summit-2024-04.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, with no user configuration in reach.
fn brief(config_home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(root())
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .env_remove("BRIEF_CONFIG");
    cmd
}

#[path = "support/tmpfs.rs"]
mod tmpfs;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ------------------------------------------------------------ golden files

#[test]
fn golden_exports_of_the_curated_briefing() {
    let home = tempfile::tempdir().unwrap();
    let bless = std::env::var_os("BRIEF_BLESS").is_some();
    let selections: [(&str, &[&str]); 5] = [
        ("agenda", &["--section", "agenda"]),
        ("defense", &["--section", "defense"]),
        ("economy", &["--section", "economy"]),
        ("friction", &["--section", "friction"]),
        ("all", &["--all"]),
    ];
    let formats: [(&str, &[&str]); 3] = [
        ("80.txt", &["--width", "80"]),
        ("40.txt", &["--width", "40"]),
        ("md", &["--format", "markdown", "--width", "80"]),
    ];
    let mut failures = Vec::new();
    for (name, selection) in selections {
        for (suffix, format) in formats {
            let out = brief(home.path())
                .arg("export")
                .arg(CURATED)
                .args(selection)
                .args(format)
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}.{suffix}: {out:?}");
            let golden = root().join(format!("tests/golden/{name}.{suffix}"));
            if bless {
                fs::write(&golden, &out.stdout).unwrap();
                continue;
            }
            match fs::read(&golden) {
                Ok(expected) if expected == out.stdout => {}
                Ok(_) => failures.push(format!("{} differs", golden.display())),
                Err(e) => failures.push(format!(
                    "{}: {e} (run BRIEF_BLESS=1 cargo test --test export)",
                    golden.display()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn curated_exports_keep_the_rules_and_are_deterministic() {
    let path = root().join(CURATED);
    let b = briefing::load_file(&path, &Default::default())
        .unwrap()
        .briefing;
    let all = export::Plan::all(&b);
    for width in [0, 20, 40, 80, 120] {
        let text = export::export_text(&b, &all, width);
        check_rules(&text, width);
        assert_eq!(text, export::export_text(&b, &all, width));
    }
    let md = export::export_markdown(&b, &all, 80);
    check_rules(&md, 0);
}

// ------------------------------------------------------------ layout rules

/// A line fits `width` unless, after its indent and bullet or quotation
/// marker, it is a single word (a token wider than the room left, kept whole).
fn fits(line: &str, width: usize) -> bool {
    if width == 0 || brief::layout::width(line) <= width {
        return true;
    }
    let rest = line
        .trim_start_matches(' ')
        .trim_start_matches(['•', '│', '—'])
        .trim_start_matches(' ');
    !rest.contains(' ')
}

fn check_rules(text: &str, width: usize) {
    assert!(text.ends_with('\n'), "no final newline");
    assert!(!text.ends_with("\n\n"), "more than one final newline");
    for line in text.lines() {
        assert!(fits(line, width), "too wide for {width}: {line:?}");
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
        assert!(
            !line.chars().any(|c| c.is_control() || is_unsafe_char(c)),
            "control character: {line:?}"
        );
    }
}

/// Characters from everywhere, weighted toward what makes wrapping hard:
/// spaces, CJK, emoji, punctuation that Markdown escapes, controls.
/// Emoji presentation selectors (U+FE0F) are included on purpose: the
/// layout measures words with the same widths as the rest of the program.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        3 => Just(' '),
        2 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        1 => prop::char::range('\u{1F300}', '\u{1F64F}'),
        1 => prop::sample::select(vec!['\\', '*', '_', '[', ']', '<', '>', '#', '`', '|', '-', '.', '1', '\t', '\n', '\u{1b}', '\u{202E}', '\u{200D}', '—']),
        1 => prop::sample::select(vec!['\u{2049}', '\u{FE0F}', '\u{1F44D}', '\u{1F3FD}', '\u{0301}']),
        1 => any::<char>(),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(any_char(), 0..max).prop_map(|v| v.into_iter().collect()),
        1 => (1usize..300).prop_map(|n| format!("https://example.com/{}", "x".repeat(n))),
    ]
}

fn body() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        prop::collection::vec(
            (
                prop::sample::select(vec!["", "", "- ", "> ", "  ", "\n"]),
                text(80),
            ),
            0..6,
        )
        .prop_map(|lines| {
            lines
                .into_iter()
                .map(|(prefix, t)| format!("{prefix}{t}"))
                .collect::<Vec<_>>()
                .join("\n")
        }),
    )
}

fn item(sources: usize) -> impl Strategy<Value = Item> {
    let quote = (
        text(60),
        text(20),
        prop::option::of(text(30)),
        any::<bool>(),
    )
        .prop_map(move |(text, speaker, role, cited)| Quote {
            text: text.into(),
            speaker: speaker.into(),
            role: role.map(Into::into),
            source: (cited && sources > 0).then_some(0),
        });
    let figure = (
        text(40),
        -1e6f64..1e9,
        prop::option::of(text(12)),
        prop::option::of(text(30)),
    )
        .prop_map(|(label, value, unit, note)| Figure {
            label: label.into(),
            value,
            unit: unit.map(Into::into),
            note: note.map(Into::into),
        });
    (
        text(60),
        body(),
        prop::option::of(text(20)),
        prop::collection::vec(text(12), 0..3),
        prop::collection::vec(0..sources.max(1), 0..3),
        prop::collection::vec(quote, 0..3),
        prop::collection::vec(figure, 0..3),
    )
        .prop_map(
            move |(title, body, status, tags, cited, quotes, figures)| Item {
                title: title.into(),
                body: body.map(Into::into),
                status: status.map(Into::into),
                tags: tags.into_iter().map(Into::into).collect(),
                sources: if sources > 0 { cited } else { Vec::new() },
                quotes,
                figures,
                when: Some(When::Text("soon".into())),
                ..Item::default()
            },
        )
}

fn any_briefing() -> impl Strategy<Value = Briefing> {
    (0usize..3).prop_flat_map(|n_sources| {
        let source = (
            text(40),
            prop::option::of(text(20)),
            prop::option::of(text(200)),
        )
            .prop_map(|(title, publisher, url)| Source {
                id: "s".into(),
                title: title.into(),
                publisher: publisher.map(Into::into),
                url: url.map(Into::into),
                ..Source::default()
            });
        let section = (
            text(30),
            prop::option::of(text(120)),
            prop::collection::vec(item(n_sources), 0..3),
        )
            .prop_map(|(title, summary, items)| Section {
                id: "sec".into(),
                title: title.into(),
                summary: summary.map(Into::into),
                items,
                key: None,
                offset: Default::default(),
            });
        (
            text(80),
            prop::option::of(text(80)),
            prop::collection::vec(source, n_sources..=n_sources),
            prop::collection::vec(section, 1..4),
        )
            .prop_map(|(title, subtitle, sources, sections)| Briefing {
                path: "any.toml".into(),
                meta: Meta {
                    title: title.into(),
                    subtitle: subtitle.map(Into::into),
                    date: Date::parse("2024-04-08").unwrap(),
                    as_of: Some(When::Text("now".into())),
                    ..Meta::default()
                },
                sources,
                people: Vec::new(),
                sections,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_export_keeps_the_layout_rules(
        b in any_briefing(),
        width in prop_oneof![Just(0usize), 1usize..=200],
        pick in prop::collection::vec(0usize..3, 1..4),
    ) {
        let mut sections: Vec<usize> = pick.into_iter().map(|i| i % b.sections.len()).collect();
        sections.dedup();
        let plan = export::Plan::sections(&sections);
        let text = export::export_text(&b, &plan, width);
        check_rules(&text, width);
        check_words_in_order(&b, &sections, &text);
        prop_assert_eq!(&text, &export::export_text(&b, &plan, width));
        let md = export::export_markdown(&b, &plan, width);
        check_rules(&md, 0);
    }
}

/// What the layout adds around text: bullets, quotation bars, rules, dashes.
fn decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '•' | '│' | '─' | '═' | '—')
}

/// A body as the reader reads it: each line without the marker that makes
/// it a list item (`- `, or `-` alone) or a quotation (`> `, or `>`
/// alone), which the layout draws as a bullet or a bar.
fn body_text(body: &str) -> String {
    body.lines()
        .map(|l| {
            let mut l = l.trim_start();
            while let Some(rest) = l.strip_prefix("- ").or_else(|| l.strip_prefix("> ")) {
                l = rest.trim_start();
            }
            // A marker alone: an empty list item or quotation line.
            if l == "-" || l == ">" { "" } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every character of each exported section's title, summary, item titles
/// and bodies (but the layout's decoration and spaces) appears in the
/// export after its header, in order: nothing of the text is lost, moved
/// or cut, whatever the width.
fn check_words_in_order(b: &Briefing, sections: &[usize], text: &str) {
    let rule = text
        .lines()
        .position(|l| !l.is_empty() && l.chars().all(|c| c == '─'))
        .unwrap_or_else(|| panic!("no rule after the header:\n{text}"));
    let pages: Vec<char> = text
        .lines()
        .skip(rule)
        .flat_map(str::chars)
        .filter(|&c| !decoration(c))
        .collect();
    let mut at = 0;
    for &s in sections {
        let section = &b.sections[s];
        let mut texts = vec![section.title.as_str().to_string()];
        texts.extend(section.summary.as_ref().map(|t| t.as_str().to_string()));
        for item in &section.items {
            texts.push(item.title.as_str().to_string());
            texts.extend(item.body.as_ref().map(|t| body_text(t.as_str())));
        }
        for t in texts {
            for c in t.chars().filter(|&c| !decoration(c)) {
                match pages[at..].iter().position(|&p| p == c) {
                    Some(k) => at += k + 1,
                    None => panic!("{c:?} of {t:?} is missing or out of order in:\n{text}"),
                }
            }
        }
    }
}

/// The export of one section of title, summary, item titles and bodies
/// holds those texts and nothing else: every character (but the layout's
/// decoration and spaces) in order, and no other.
fn check_nothing_else(b: &Briefing, text: &str) {
    let rule = text
        .lines()
        .position(|l| !l.is_empty() && l.chars().all(|c| c == '─'))
        .unwrap_or_else(|| panic!("no rule after the header:\n{text}"));
    let got: String = text
        .lines()
        .skip(rule)
        .flat_map(str::chars)
        .filter(|&c| !decoration(c))
        .collect();
    let section = &b.sections[0];
    let mut want = String::new();
    want.push_str(section.title.as_str());
    if let Some(t) = &section.summary {
        want.push_str(t.as_str());
    }
    for item in &section.items {
        want.push_str(item.title.as_str());
        if let Some(t) = &item.body {
            want.push_str(&body_text(t.as_str()));
        }
    }
    let want: String = want.chars().filter(|&c| !decoration(c)).collect();
    assert_eq!(got, want, "export:\n{text}");
}

/// Words for [`plain_section`]: letters of three scripts, digits and
/// punctuation, never a marker of a list or a quotation.
fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9éß日本語,.;:!?'()]{1,12}", 1..20).prop_map(|v| v.join(" "))
}

/// A briefing of one section whose items have a title and a body and
/// nothing else.
fn plain_section() -> impl Strategy<Value = Briefing> {
    (
        plain_text(),
        prop::option::of(plain_text()),
        prop::collection::vec(
            (
                plain_text(),
                prop::option::of(prop::collection::vec(plain_text(), 1..4)),
            ),
            0..4,
        ),
    )
        .prop_map(|(title, summary, items)| Briefing {
            path: "plain.toml".into(),
            meta: Meta {
                title: "Plain".into(),
                date: Date::parse("2024-04-08").unwrap(),
                ..Meta::default()
            },
            sources: Vec::new(),
            people: Vec::new(),
            sections: vec![Section {
                id: "sec".into(),
                title: title.into(),
                summary: summary.map(Into::into),
                items: items
                    .into_iter()
                    .map(|(title, body)| Item {
                        title: title.into(),
                        body: body.map(|lines| lines.join("\n\n").into()),
                        ..Item::default()
                    })
                    .collect(),
                key: None,
                offset: Default::default(),
            }],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_plain_section_exports_its_text_and_nothing_else(
        b in plain_section(),
        width in prop_oneof![Just(0usize), 7usize..=120],
    ) {
        let text = export::export_text(&b, &export::Plan::sections(&[0]), width);
        check_rules(&text, width);
        check_nothing_else(&b, &text);
    }
}

// ------------------------------------------------------------ command line

#[test]
fn without_a_section_it_lists_them_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    brief(home.path())
        .args(["export", CURATED])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--section"))
        .stderr(predicate::str::contains(
            "   1  agenda    [a]  Summit agenda\n   2  defense   [d]  Defense cooperation\n",
        ));
}

#[test]
fn an_unknown_section_is_named_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    brief(home.path())
        .args(["export", CURATED, "-s", "agenda", "-s", "tarrifs"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no section `tarrifs`"))
        .stderr(predicate::str::contains(
            "4  friction  [u]  Friction points",
        ));
}

#[test]
fn sections_by_position_and_title_in_the_order_given() {
    let home = tempfile::tempdir().unwrap();
    let by_name = brief(home.path())
        .args([
            "export",
            CURATED,
            "-s",
            "3",
            "-s",
            "summit AGENDA",
            "-s",
            "economy",
        ])
        .output()
        .unwrap();
    assert!(by_name.status.success());
    let text = String::from_utf8(by_name.stdout).unwrap();
    assert!(
        text.contains("Sections: Economic investments · Summit agenda\n"),
        "{text}"
    );
    let economy = text.find("\nEconomic investments\n").unwrap();
    let agenda = text.find("\nSummit agenda\n").unwrap();
    assert!(economy < agenda);
}

#[test]
fn a_briefing_that_fails_to_load_exits_1_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "format = 1\n[briefing]\ntitel = \"x\"\n").unwrap();
    brief(dir.path())
        .arg("export")
        .arg(&bad)
        .arg("--all")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("bad.toml"))
        .stderr(predicate::str::contains("error"));
}

#[test]
fn output_file_is_the_same_as_stdout_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("agenda.md");
    let stdout = brief(dir.path())
        .args(["export", CURATED, "-s", "agenda", "-f", "markdown"])
        .output()
        .unwrap()
        .stdout;
    brief(dir.path())
        .args(["export", CURATED, "-s", "agenda", "-f", "markdown", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(fs::read(&out).unwrap(), stdout);

    // Exists: exit 1, untouched, no temporary file.
    fs::write(&out, "precious").unwrap();
    brief(dir.path())
        .args(["export", CURATED, "-s", "defense", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious");
    assert_eq!(names(dir.path()), vec!["agenda.md"]);

    // --force replaces it in one rename.
    brief(dir.path())
        .args(["export", CURATED, "-s", "defense", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    let replaced = fs::read_to_string(&out).unwrap();
    assert!(replaced.contains("Defense cooperation"), "{replaced}");
    assert_eq!(names(dir.path()), vec!["agenda.md"]);
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("x.txt");
    brief(dir.path())
        .args(["export", CURATED, "--all", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-folder/x.txt"))
        .stderr(predicate::str::contains("No such file or directory"));
    assert!(names(dir.path()).is_empty());
}

/// `brief ARGS` as a user whom permission bits stop: this process's user
/// when it is not root, else `nobody` (65534), from copies of the binary
/// and the briefing in `dir` (which every user can reach), so that the
/// repository's own folders need not be open to `nobody`. `None` after
/// saying why when the user cannot be changed (see `tmpfs::cannot_run`).
#[cfg(unix)]
fn brief_unprivileged(dir: &Path, args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let bin = dir.join("brief");
    fs::copy(env!("CARGO_BIN_EXE_brief"), &bin).unwrap();
    fs::copy(root().join(CURATED), dir.join("summit.toml")).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = std::process::Command::new(&bin);
    cmd.current_dir(dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir)
        .env_remove("BRIEF_CONFIG")
        .args(args);
    if tmpfs::is_root() {
        // SAFETY: only async-signal-safe calls between fork and exec.
        #[allow(unsafe_code)]
        unsafe {
            cmd.pre_exec(|| {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(65534) != 0
                    || libc::setuid(65534) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    match cmd.output() {
        Ok(out) => Some(out),
        Err(e) => {
            tmpfs::cannot_run(
                "an export refused by permissions",
                &format!("as nobody: {e}"),
            );
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_a_clear_error_and_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::write(ro.join("old.txt"), "old").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    for (name, force) in [("new.txt", false), ("old.txt", true)] {
        let target = ro.join(name);
        let mut args = vec!["export".as_ref(), "summit.toml".as_ref(), "--all".as_ref()];
        args.extend(["-o".as_ref(), target.as_os_str()]);
        if force {
            args.push("--force".as_ref());
        }
        let Some(out) = brief_unprivileged(dir.path(), &args) else {
            return;
        };
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("ro/{name}: Permission denied")),
            "{err}"
        );
    }
    assert_eq!(fs::read_to_string(ro.join("old.txt")).unwrap(), "old");
    assert_eq!(names(&ro), vec!["old.txt"]);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();

    // For everyone, root included: a folder that cannot hold files (its
    // "folder" is a regular file).
    let not_a_folder = dir.path().join("ro").join("old.txt").join("x.txt");
    brief(dir.path())
        .args(["export", CURATED, "--all", "--force", "-o"])
        .arg(&not_a_folder)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("old.txt/x.txt"))
        .stderr(predicate::str::contains("Not a directory"));
    assert_eq!(fs::read_to_string(ro.join("old.txt")).unwrap(), "old");
    assert_eq!(names(&ro), vec!["old.txt"]);
}

#[test]
fn a_folder_in_the_way_leaves_everything_as_it_was() {
    // A folder is never replaced: it is refused before a temporary file is
    // written, and everything stays as it was.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.txt");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside"), "x").unwrap();
    brief(dir.path())
        .args(["export", CURATED, "--all", "--force", "-o"])
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"))
        .stderr(predicate::str::contains("it is a folder"));
    assert_eq!(names(dir.path()), vec!["out.txt"]);
    assert_eq!(names(&target), vec!["inside"]);
}

// ------------------------------------------------------------ the reader's files

#[test]
fn reader_exports_get_fresh_names() {
    let b = briefing::load_file(&root().join(CURATED), &Default::default())
        .unwrap()
        .briefing;
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let stem = export::file_stem(&b, Some(export::Page::Section(1)), None);
    assert_eq!(stem, "us-japan-summit-2024-04-defense");
    assert_eq!(
        export::file_stem(&b, None, None),
        "us-japan-summit-2024-04-all"
    );
    let text = export::export_text(&b, &export::Plan::sections(&[1]), 80);
    let paths: Vec<PathBuf> = (0..3)
        .map(|_| write_new_in(&exports, &stem, "txt", &text).unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            exports.join(format!("{stem}.txt")),
            exports.join(format!("{stem}-2.txt")),
            exports.join(format!("{stem}-3.txt")),
        ]
    );
    for p in &paths {
        assert_eq!(fs::read_to_string(p).unwrap(), text);
    }
    let err = write_new_in(&exports, "../escape", "txt", &text).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(names(&exports).len(), 3);
    assert!(!dir.path().join("escape.txt").exists());
}

#[test]
fn a_long_url_with_hyphens_stays_whole() {
    let url = "https://example.com/a-very-long-path-name";
    let b = Briefing {
        path: "u.toml".into(),
        meta: Meta {
            title: "T".into(),
            date: Date::parse("2024-04-08").unwrap(),
            ..Meta::default()
        },
        sources: vec![Source {
            title: "S".into(),
            url: Some(url.into()),
            ..Source::default()
        }],
        people: Vec::new(),
        sections: vec![Section {
            id: "s".into(),
            title: "S".into(),
            items: vec![Item {
                title: "I".into(),
                sources: vec![0],
                ..Item::default()
            }],
            ..Section::default()
        }],
    };
    for width in [10, 30, 80] {
        let text = export::export_text(&b, &export::Plan::sections(&[0]), width);
        assert!(text.lines().any(|l| l.contains(url)), "{width}:\n{text}");
    }
}

/// One long figure label among thousands of short ones: without wrapping,
/// a table padded to its widest cell would be thousands of times the file
/// (gigabytes from a few megabytes). The export stays the size of the file.
#[test]
fn an_unwrapped_export_of_a_table_with_one_long_cell_stays_small() {
    let home = tempfile::tempdir().unwrap();
    let mut s = String::from(
        "format = 1\n\n[briefing]\ntitle = \"Wide\"\ndate = 2024-04-10\n\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\n\n\
         [[sections.items]]\nid = \"i\"\ntitle = \"I\"\nbody = \"x\"\n",
    );
    s.push_str(&format!(
        "\n[[sections.items.figures]]\nlabel = \"{}\"\nvalue = 1\n",
        "L".repeat(200_000)
    ));
    for _ in 0..5_000 {
        s.push_str("\n[[sections.items.figures]]\nlabel = \"a\"\nvalue = 2\n");
    }
    let file = home.path().join("wide.toml");
    std::fs::write(&file, &s).unwrap();
    for width in ["0", "80"] {
        let out = brief(home.path())
            .args(["export", "--all", "--width", width])
            .arg(&file)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(
            out.len() < 2 * s.len(),
            "width {width}: {} bytes",
            out.len()
        );
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\n  a: 2\n"), "one line per figure");
    }
}

#[test]
fn a_summary_written_in_paragraphs_is_exported_in_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paras.toml");
    fs::write(
        &file,
        "format = 1\n[briefing]\ntitle = \"T\"\ndate = 2025-01-02\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         summary = \"\"\"\nFirst paragraph,\nits second line.\n\nSecond paragraph.\"\"\"\n\
         [[sections.items]]\ntitle = \"x\"\n",
    )
    .unwrap();
    for format in ["text", "markdown"] {
        let out = brief(dir.path())
            .arg("export")
            .arg(&file)
            .args(["--all", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("First paragraph, its second line.\n\nSecond paragraph.\n"),
            "{format}:\n{text}"
        );
        assert!(!text.contains("  Second"), "{format}:\n{text}");
    }
}
