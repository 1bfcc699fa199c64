//! `brief fmt`: never changes what a briefing means (a property test over
//! briefings written in every layout TOML allows), is idempotent, keeps
//! comments, and through the binary: `--check` changes nothing and names
//! the files that would change, a file with errors is left alone, and a file
//! that cannot be written is a clear error with exit 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use brief::briefing::fmt::format;
use brief::briefing::{LoadOptions, load_str};
use proptest::prelude::*;

#[path = "support/tmpfs.rs"]
mod tmpfs;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brief(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BRIEF_CONFIG");
    cmd
}

/// Text with what makes strings hard to write: quotes, backslashes, line
/// breaks, tabs, controls, wide and combining characters.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => "[a-zA-Z]{1,8}",
            2 => Just(" ".to_string()),
            1 => Just("\n".to_string()),
            1 => Just("\n\n".to_string()),
            1 => Just("\"".to_string()),
            1 => Just("\"\"\"".to_string()),
            1 => Just("'".to_string()),
            1 => Just("\\".to_string()),
            1 => Just("C:\\new\\table".to_string()),
            1 => Just("\t".to_string()),
            1 => Just("\u{7}".to_string()),
            1 => Just("é 日本 e\u{301}".to_string()),
            1 => Just("\n- a bullet\n> a quote\n".to_string()),
        ],
        1..24,
    )
    .prop_map(|parts| format!("x{}", parts.concat()))
}

/// One way of writing a string in TOML.
fn written(s: &str, how: u8) -> String {
    // A one-line basic string: JSON's escapes are all TOML's too.
    let basic = serde_json::to_string(s).unwrap();
    match how % 4 {
        1 if !s.contains(['\'', '\n', '\r']) && !s.chars().any(char::is_control) => {
            format!("'{s}'")
        }
        2 if !s.contains('\'') && !s.chars().any(|c| c.is_control() && c != '\n') => {
            format!("'''\n{s}'''")
        }
        3 => toml_edit::Value::from(s).to_string().trim().to_string(),
        _ => basic,
    }
}

/// Key-value lines in the given order, with blank lines and comments
/// among them.
fn lines(pairs: Vec<(String, String)>, order: &[usize], noise: &[u8]) -> String {
    let mut out = String::new();
    for (n, &i) in order.iter().enumerate() {
        if let Some((k, v)) = pairs.get(i) {
            match noise.get(n).copied().unwrap_or(0) % 4 {
                1 => out.push('\n'),
                2 => out.push_str(&format!("# about {k}\n")),
                _ => {}
            }
            let space = if noise.get(n).copied().unwrap_or(0) % 5 == 4 {
                ""
            } else {
                " "
            };
            out.push_str(&format!("{k}{space}={space}{v}\n"));
        }
    }
    out
}

prop_compose! {
    fn briefing_text()(
        title in text(), summary in text(), body in text(), quote in text(),
        hows in proptest::collection::vec(any::<u8>(), 8),
        order_b in Just((0..4).collect::<Vec<usize>>()).prop_shuffle(),
        order_i in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
        noise in proptest::collection::vec(any::<u8>(), 12),
        tables in Just(vec![0usize, 1, 2]).prop_shuffle(),
        value in -1.0e6f64..1.0e6,
    ) -> String {
        let b = lines(vec![
            ("title".into(), written(&title, hows[0])),
            ("date".into(), "2024-04-08".into()),
            ("summary".into(), written(&summary, hows[1])),
            ("tags".into(), "[ \"a\",\n \"b\" ]".into()),
        ], &order_b, &noise);
        let item = lines(vec![
            ("title".into(), written(&title, hows[2])),
            ("id".into(), "\"first\"".into()),
            ("body".into(), written(&body, hows[3])),
            ("when".into(), "\"by 2025\"".into()),
            ("sources".into(), "[\"src\"]".into()),
            ("see_also".into(), "[ \"s/first\" ]".into()),
            ("figures".into(), format!("[{{value={value:?},label=\"v\"}}, {{ label = \"n\", value = 2, unit = \"u\" }}]")),
            ("quotes".into(), format!("[ {{ speaker = \"A B\", text = {} }} ]", written(&quote.replace('\n', " "), 0))),
        ], &order_i, &noise[4..]);
        let blocks = [
            format!("# the front matter\n[briefing]\n{b}"),
            "[[sources]]\ntitle = \"T\"\nid = \"src\"\n".to_string(),
            format!("[[sections]]\ntitle = \"S\"\nid = \"s\"\n\n\n[[sections.items]]\n{item}[[sections.items]]\ntitle='Second'\n"),
        ];
        let mut out = String::from("format = 1\n");
        for t in tables {
            out.push_str(&"\n".repeat(usize::from(noise[t] % 3)));
            out.push_str(&blocks[t]);
        }
        out
    }
}

fn load(text: &str) -> brief::briefing::Briefing {
    match load_str(Path::new("p.toml"), text, &LoadOptions::default()) {
        Ok(loaded) => loaded.briefing,
        Err(report) => panic!("{}\n{text}", report.render(false)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fmt_never_changes_meaning_and_is_idempotent(text in briefing_text()) {
        let once = format(&text).unwrap();
        prop_assert_eq!(load(&once), load(&text), "{}\n---\n{}", text, once);
        let twice = format(&once).unwrap();
        prop_assert_eq!(&twice, &once);
        // Comments are kept.
        prop_assert_eq!(once.matches("# about").count(), text.matches("# about").count());
        prop_assert!(once.contains("# the front matter\n[briefing]\n"), "{}", once);
    }
}

#[test]
fn the_bundled_briefing_and_a_new_skeleton_are_already_formatted() {
    let home = tempfile::tempdir().unwrap();
    brief(home.path())
        .current_dir(root())
        .args(["fmt", "--check", "briefings"])
        .assert()
        .code(0)
        .stdout("");
    brief(home.path())
        .args(["new", "n.toml"])
        .assert()
        .success();
    let text = std::fs::read_to_string(home.path().join("n.toml")).unwrap();
    assert_eq!(format(&text).unwrap(), text);
}

const UNTIDY: &str = "\
[[sections]]
title = \"Agenda\"   # the tab's name
id = \"agenda\"
summary = \"What it says.\"


[briefing]
date = 2024-04-08
# the headline
title = \"Untidy\"
";

const TIDY: &str = "\
[briefing]
# the headline
title = \"Untidy\"
date = 2024-04-08

[[sections]]
id = \"agenda\"
title = \"Agenda\"   # the tab's name
summary = \"What it says.\"
";

#[test]
fn check_names_the_files_that_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("untidy.toml"), UNTIDY).unwrap();
    std::fs::write(dir.path().join("tidy.toml"), TIDY).unwrap();
    brief(dir.path())
        .args(["fmt", "--check", "."])
        .assert()
        .code(1)
        .stdout("would reformat ./untidy.toml\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("untidy.toml")).unwrap(),
        UNTIDY
    );
    brief(dir.path())
        .args(["fmt", "untidy.toml", "tidy.toml"])
        .assert()
        .code(0)
        .stdout("formatted untidy.toml\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("untidy.toml")).unwrap(),
        TIDY
    );
    brief(dir.path())
        .args(["fmt", "--check", "."])
        .assert()
        .code(0);
}

#[test]
fn a_file_with_errors_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let broken = format!("{UNTIDY}titel = \"typo\"\n");
    std::fs::write(dir.path().join("broken.toml"), &broken).unwrap();
    let out = brief(dir.path())
        .args(["fmt", "broken.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown key `titel` in [briefing]"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.toml")).unwrap(),
        broken
    );
}

#[test]
fn bad_input_is_exit_2_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief(dir.path())
        .args(["fmt", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml: cannot read"));
    let Some(fs) = tmpfs::Unwritable::new("brief fmt in a read-only folder") else {
        return;
    };
    std::fs::write(fs.path().join("untidy.toml"), UNTIDY).unwrap();
    fs.lock();
    let out = brief(fs.path())
        .args(["fmt", "untidy.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write untidy.toml: {}", fs.words())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(fs.path().join("untidy.toml")).unwrap(),
        UNTIDY
    );
}
