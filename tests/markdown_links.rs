//! A Markdown export makes links only of http, https and mailto URLs; any
//! other URL (`javascript:`, `data:`, `vbscript:` …, in any case) is text,
//! escaped so that no renderer can make a link of it either.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/hostile-urls.toml")
}

/// The Markdown export of the fixture, every section.
fn markdown() -> String {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("BRIEF_CONFIG")
        .arg("export")
        .arg(fixture())
        .args(["--all", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `line` holds a `<` or `[` that Markdown would read as markup
/// (one not escaped with a backslash).
fn has_unescaped_bracket(line: &str) -> bool {
    let mut escaped = false;
    for c in line.chars() {
        if !escaped && (c == '<' || c == '[') {
            return true;
        }
        escaped = c == '\\' && !escaped;
    }
    false
}

#[test]
fn hostile_urls_are_text_and_good_ones_links() {
    let md = markdown();
    let line = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in\n{md}"))
            .to_string()
    };
    for (n, url_start) in [
        (1, "javascript:"),
        (2, "data:"),
        (3, "JAVASCRIPT:"),
        (4, "vbscript:"),
    ] {
        let l = line(&format!("- \\[{n}\\] "));
        assert!(l.contains(url_start), "{l}");
        assert!(!l.contains("]("), "a link: {l}");
        assert!(!has_unescaped_bracket(&l[2..]), "markup in: {l}");
    }
    assert_eq!(line("- \\[1\\] "), "- \\[1\\] Script. javascript:alert(1)");
    assert_eq!(
        line("- \\[2\\] "),
        "- \\[2\\] Data. data:text/html,\\<script\\>alert(1)\\</script\\>"
    );
    assert_eq!(
        line("- \\[5\\] "),
        "- \\[5\\] [A real report](<https://example.com/report?a=1&b=2>)."
    );
    assert_eq!(
        line("- \\[6\\] "),
        "- \\[6\\] [The desk](<mailto:desk@example.com>)."
    );
    // Nowhere else in the export does a hostile scheme come near a link.
    let lower = md.to_ascii_lowercase();
    for scheme in ["javascript:", "data:", "vbscript:"] {
        assert!(!lower.contains(&format!("(<{scheme}")), "{md}");
        assert!(!lower.contains(&format!("]({scheme}")), "{md}");
        assert!(!lower.contains(&format!("<{scheme}")), "{md}");
    }
}
