//! The `language` key of `[briefing]` through `brief check`: a known tag
//! passes, and a malformed one, an unknown one, a name where a tag belongs
//! and a value that is not a string each get their message, at their place,
//! with what to write instead.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/language")
        .join(format!("{name}.toml"))
}

fn check(name: &str) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .arg("check")
        .arg(fixture(name))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_known_tag_passes_in_any_case() {
    let (code, out, err) = check("known");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(": ok"), "{out}");
    let b = brief::briefing::load_file(&fixture("known"), &Default::default())
        .unwrap()
        .briefing;
    assert_eq!(b.meta.language.as_deref(), Some("en-GB"));
}

#[test]
fn a_bad_tag_says_where_what_and_what_to_write() {
    for (name, headline, label, help) in [
        (
            "unknown",
            "unknown language tag `xx` for `language` in [briefing]",
            "the language `xx` is not in the IANA Language Subtag Registry",
            "write a BCP 47 language tag such as `en`, `en-GB`, `fr`, `ja`, `zh-Hant` or `pt-BR`",
        ),
        (
            "region",
            "unknown language tag `pt-YY` for `language` in [briefing]",
            "the region `YY` is not in the IANA Language Subtag Registry",
            "write a BCP 47 language tag such as",
        ),
        (
            "malformed",
            "invalid language tag `en_US` for `language` in [briefing]",
            "only letters a-z, digits and hyphens may be used",
            "subtags are separated by hyphens, not underscores: did you mean `en-US`?",
        ),
        (
            "name",
            "unknown language tag `Japanese` for `language` in [briefing]",
            "not in the IANA Language Subtag Registry",
            "a language tag is a code, not a name: did you mean `ja`?",
        ),
        (
            "wrong-type",
            "expected a string for `language` in [briefing], found an integer",
            "expected a string",
            "",
        ),
    ] {
        let (code, _, err) = check(name);
        assert_eq!(code, Some(1), "{name}: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.ends_with(&format!("{name}.toml:4:12: error: {headline}")),
            "{name}: {first}"
        );
        assert!(err.contains(label), "{name}: {err}");
        if !help.is_empty() {
            assert!(err.contains(&format!("= help: {help}")), "{name}: {err}");
        }
    }
}
