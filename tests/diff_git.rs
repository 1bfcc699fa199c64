//! `brief diff PATH --since REV` and `brief log PATH` on git repositories
//! the tests make themselves (with the `git` command), and their errors:
//! outside a repository, an unknown revision, a shallow history.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const SUMMIT: &str = "briefings/us-japan-summit-2024-04.toml";
const SUMMIT_LATER: &str = "tests/fixtures/diff/us-japan-summit-2024-04-11.toml";

/// Runs git in `dir` with a fixed identity and dates, and no
/// configuration of the machine's.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Curator")
        .env("GIT_AUTHOR_EMAIL", "curator@example.com")
        .env("GIT_COMMITTER_NAME", "Curator")
        .env("GIT_COMMITTER_EMAIL", "curator@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn init(dir: &Path) {
    git(
        dir,
        &["init", "-q", "-b", "main"],
        "2024-04-08T09:00:00+00:00",
    );
}

fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

fn put(dir: &Path, name: &str, from: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(root().join(from), path).unwrap();
}

/// A repository with the summit briefing in two versions, then renamed,
/// then with one status changed.
fn history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    put(d, "briefings/summit.toml", SUMMIT);
    commit(d, "First version", "2024-04-08T09:00:00+00:00");
    put(d, "briefings/summit.toml", SUMMIT_LATER);
    commit(d, "After the visit", "2024-04-11T18:00:00+00:00");
    git(d, &["tag", "after-visit"], "2024-04-11T18:00:00+00:00");
    git(
        d,
        &[
            "mv",
            "briefings/summit.toml",
            "briefings/us-japan-summit.toml",
        ],
        "2024-04-12T09:00:00+00:00",
    );
    commit(d, "Rename", "2024-04-12T09:00:00+00:00");
    let file = d.join("briefings/us-japan-summit.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("status = \"ongoing\"", "status = \"steady\"", 1),
    )
    .unwrap();
    commit(d, "A status", "2024-04-13T23:30:00-05:00");
    dir
}

fn brief(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("brief")
        .unwrap()
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BRIEF_CONFIG")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn log_lists_versions_newest_first_and_follows_the_rename() {
    let repo = history();
    let out = brief(repo.path(), &["log", "briefings/us-japan-summit.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            // The commit hashes vary with git's version; the rest does not.
            let (hash, rest) = l.split_once("  ").unwrap();
            assert_eq!(hash.len(), 7, "{l}");
            rest.to_string()
        })
        .collect();
    assert_eq!(
        lines,
        [
            // The author's date at the author's offset.
            "2024-04-13  as of 2024-04-11  1 status",
            "2024-04-12  as of 2024-04-11  no changes (renamed from briefings/summit.toml)",
            "2024-04-11  as of 2024-04-11  +1 item, 1 retitled, 1 body, 2 when, 5 statuses, 1 figure, 1 field",
            "2024-04-08  as of 2024-04-08  first version",
        ]
    );
}

#[test]
fn since_a_revision_before_the_rename_compares_with_the_old_name() {
    let repo = history();
    let out = brief(
        repo.path(),
        &[
            "diff",
            "briefings/us-japan-summit.toml",
            "--since",
            "HEAD~3",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "--- HEAD~3:briefings/summit.toml (as of 2024-04-08)\n\
             +++ briefings/us-japan-summit.toml (as of 2024-04-11)\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("+1 item, 1 retitled, 1 body, 2 when, 6 statuses, 1 figure, 1 field\n"),
        "{stdout}"
    );
}

#[test]
fn since_takes_any_revision_git_understands() {
    let repo = history();
    let file = "briefings/us-japan-summit.toml";
    for rev in ["after-visit", "main~1", "HEAD^^", "@{0}"] {
        let out = brief(repo.path(), &["diff", file, "--since", rev]);
        let code = out.status.code();
        let stdout = text(&out.stdout);
        match rev {
            // The working copy is HEAD: nothing changed since.
            "@{0}" => assert_eq!(code, Some(0), "{rev}: {stdout}"),
            _ => {
                assert_eq!(code, Some(1), "{rev}: {}", text(&out.stderr));
                assert!(stdout.ends_with("\n1 status\n"), "{rev}: {stdout}");
            }
        }
    }
    // A full hash.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD~1"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    let hash = text(&head.stdout).trim().to_string();
    let out = brief(repo.path(), &["diff", file, "--since", &hash]);
    assert_eq!(out.status.code(), Some(1));
    // An uncommitted edit of the working copy is the new side.
    let path = repo.path().join(file);
    let edited = std::fs::read_to_string(&path).unwrap().replacen(
        "status = \"announced\"",
        "status = \"signed\"",
        1,
    );
    std::fs::write(&path, edited).unwrap();
    let out = brief(repo.path(), &["diff", file, "--since", "HEAD"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("      status: announced → signed\n"));
}

/// One line on standard error, exit 2, nothing on standard output.
fn assert_one_line_error(out: &Output, expected: &str) {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.trim_end(), expected);
}

#[test]
fn outside_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "summit.toml", SUMMIT);
    let expected = "error: summit.toml: not in a git repository (no .git folder here or above)";
    assert_one_line_error(&brief(dir.path(), &["log", "summit.toml"]), expected);
    assert_one_line_error(
        &brief(dir.path(), &["diff", "summit.toml", "--since", "HEAD"]),
        expected,
    );
}

#[test]
fn an_unknown_revision() {
    let repo = history();
    let file = "briefings/us-japan-summit.toml";
    for rev in ["no-such-tag", "HEAD~9", "0123456789abcdef"] {
        assert_one_line_error(
            &brief(repo.path(), &["diff", file, "--since", rev]),
            &format!("error: unknown revision `{rev}`"),
        );
    }
    // A revision as typed is quoted without what could act on a terminal.
    assert_one_line_error(
        &brief(
            repo.path(),
            &["diff", file, "--since", "\u{1b}]0;owned\u{7}x"],
        ),
        "error: unknown revision `?]0;owned?x`",
    );
}

#[test]
fn a_file_not_in_the_revision_or_never_committed() {
    let repo = history();
    put(repo.path(), "briefings/draft.toml", SUMMIT);
    assert_one_line_error(
        &brief(repo.path(), &["log", "briefings/draft.toml"]),
        "error: briefings/draft.toml is not in the history: it was never committed",
    );
    let out = brief(
        repo.path(),
        &["diff", "briefings/draft.toml", "--since", "HEAD~1"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .starts_with("error: briefings/draft.toml is not in revision `HEAD~1` (commit "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_version_that_does_not_load_prints_its_diagnostics() {
    let repo = history();
    let file = repo.path().join("briefings/us-japan-summit.toml");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replacen("title =", "titel =", 1)).unwrap();
    commit(repo.path(), "Broken", "2024-04-14T09:00:00+00:00");
    std::fs::write(&file, &good).unwrap();
    let out = brief(
        repo.path(),
        &["diff", "briefings/us-japan-summit.toml", "--since", "HEAD"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "HEAD:briefings/us-japan-summit.toml:4:1: error: unknown key `titel` in [briefing]"
        ),
        "{stderr}"
    );
    // The log says so on the version's line, with its first error, and
    // goes on.
    let out = brief(repo.path(), &["log", "briefings/us-japan-summit.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let first = text(&out.stdout).lines().next().unwrap().to_string();
    assert!(
        first.ends_with("as of ?  does not load: missing required key `title` in [briefing]"),
        "{first}"
    );
}

#[test]
fn a_shallow_history() {
    let repo = history();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        "2024-04-15T09:00:00+00:00",
    );
    let c = clone.path().join("c");
    let file = "briefings/us-japan-summit.toml";
    let out = brief(&c, &["diff", file, "--since", "HEAD~1"]);
    assert_one_line_error(
        &out,
        "error: unknown revision `HEAD~1` (the repository's history is shallow: older \
         commits were not fetched; `git fetch --unshallow` fetches them)",
    );
    // The log prints the versions there are, then says where history stops.
    let out = brief(&c, &["log", file]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.ends_with("as of 2024-04-11  oldest version fetched (the history is shallow)\n"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: the history of briefings/us-japan-summit.toml is shallow: it stops at commit "
        ),
        "{stderr}"
    );
}

#[test]
fn an_export_adds_the_changes_since_a_revision_or_a_file() {
    let dir = history();
    let d = dir.path();
    let file = "briefings/us-japan-summit.toml";
    // Since the first version, by revision: the export, then the part.
    let out = brief(
        d,
        &["export", file, "-s", "agenda", "--changes-since", "HEAD~3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let part = s
        .find("\nChanges since HEAD~3:briefings/summit.toml\n")
        .unwrap_or_else(|| panic!("the part, headed with the old version: {s}"));
    assert!(s[..part].contains("Summit agenda"), "the export first: {s}");
    let changes = &s[part..];
    assert!(changes.contains("status: planned → completed"), "{changes}");
    assert!(
        changes.contains("+ “Leaders publish a joint statement"),
        "{changes}"
    );
    // Since a file, as Markdown.
    std::fs::write(
        d.join("old.toml"),
        std::fs::read(root().join(SUMMIT)).unwrap(),
    )
    .unwrap();
    let out = brief(
        d,
        &[
            "export",
            file,
            "--all",
            "-f",
            "markdown",
            "--changes-since",
            "old.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("\n---\n\n# Changes to"), "{s}");
    assert!(s.contains("`status`: planned → completed"), "{s}");
    // Neither a file nor a revision: one line, exit 2, nothing on stdout.
    let out = brief(d, &["export", file, "--all", "--changes-since", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(text(&out.stderr), "error: unknown revision `nope`\n");
    // Not for HTML: said, exit 2.
    let out = brief(
        d,
        &[
            "export",
            file,
            "--all",
            "-f",
            "html",
            "--changes-since",
            "HEAD~1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not to HTML"),
        "{}",
        text(&out.stderr)
    );
}
