//! Opening the briefing in the user's editor at the item on screen.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, run the way git runs it: through
//! `sh -c`, so that a value with arguments or quotes (`code --wait`,
//! `emacsclient -t`) means what it means in the shell. The line is given as
//! `+LINE FILE`, which vi, vim, nvim, nano, emacs, hx, micro and kak all
//! understand; VS Code and its forks take `-g FILE:LINE` instead.

use std::ffi::OsStr;
use std::io;
use std::path::Path;
use std::process::Command;

/// The editor the user chose: `$VISUAL`, else `$EDITOR`, as given; `None`
/// when neither is set to anything but spaces.
pub fn chosen(visual: Option<&OsStr>, editor: Option<&OsStr>) -> Option<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|v| v.to_string_lossy().trim().to_string())
        .find(|v| !v.is_empty())
}

/// Whether the editor is VS Code or one of its forks, which take a line as
/// `-g FILE:LINE` and not as `+LINE`.
fn is_code(editor: &str) -> bool {
    let program = editor.split_whitespace().next().unwrap_or_default();
    let name = Path::new(program)
        .file_name()
        .and_then(OsStr::to_str)
        .unwrap_or_default();
    let name = name.strip_suffix(".exe").unwrap_or(name);
    matches!(name, "code" | "code-insiders" | "codium" | "vscodium")
}

/// The command that opens `path` at `line` (1-based) in `editor`.
pub fn command(editor: &str, path: &Path, line: usize) -> Command {
    let mut cmd = Command::new("sh");
    // `$0` names the editor in the shell's own messages ("vim: not found");
    // the file and the line are arguments, never part of the script.
    cmd.arg("-c").arg(format!("{editor} \"$@\"")).arg(editor);
    if is_code(editor) {
        let mut at = path.as_os_str().to_owned();
        at.push(format!(":{line}"));
        cmd.arg("-g").arg(at);
    } else {
        cmd.arg(format!("+{line}")).arg(path);
    }
    cmd
}

/// The 1-based line of the file at `path` on which byte `offset` falls.
///
/// # Errors
/// When the file cannot be read.
pub fn line_at(path: &Path, offset: usize) -> io::Result<usize> {
    let text = std::fs::read(path)?;
    let end = offset.min(text.len());
    Ok(memchr::memchr_iter(b'\n', &text[..end]).count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(cmd: &Command) -> Vec<String> {
        cmd.get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn visual_comes_before_editor_and_blank_is_unset() {
        let (vi, nano) = (OsStr::new("vi"), OsStr::new("nano"));
        assert_eq!(chosen(Some(vi), Some(nano)).as_deref(), Some("vi"));
        assert_eq!(chosen(None, Some(nano)).as_deref(), Some("nano"));
        assert_eq!(
            chosen(Some(OsStr::new("  ")), Some(nano)).as_deref(),
            Some("nano")
        );
        assert_eq!(chosen(Some(OsStr::new("")), None), None);
        assert_eq!(chosen(None, None), None);
    }

    #[test]
    fn the_line_is_plus_line_or_code_s_goto() {
        let p = Path::new("briefings/a b.toml");
        assert_eq!(
            args(&command("vim", p, 42)),
            ["-c", "vim \"$@\"", "vim", "+42", "briefings/a b.toml"]
        );
        assert_eq!(
            args(&command("emacsclient -t", p, 7))[3..],
            ["+7", "briefings/a b.toml"]
        );
        for code in ["code --wait", "/usr/bin/codium", "code-insiders -w"] {
            assert_eq!(
                args(&command(code, p, 42))[3..],
                ["-g", "briefings/a b.toml:42"],
                "{code}"
            );
        }
        // A program whose name only starts like code's is not code.
        assert_eq!(args(&command("codex", p, 1))[3], "+1");
    }

    #[test]
    fn line_at_counts_the_lines_before_an_offset() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b.toml");
        std::fs::write(&f, "one\ntwo\nthree\n").unwrap();
        assert_eq!(line_at(&f, 0).unwrap(), 1);
        assert_eq!(line_at(&f, 4).unwrap(), 2);
        assert_eq!(line_at(&f, 9).unwrap(), 3);
        // Past the end (the file shrank since it was read): its last line.
        assert_eq!(line_at(&f, 1000).unwrap(), 4);
        assert!(line_at(&dir.path().join("gone.toml"), 0).is_err());
    }
}
