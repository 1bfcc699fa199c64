//! The layers of `src/` point down: a module may use the ones below it,
//! never one above.
//!
//! Every `.rs` file under `src/` is read as tokens (comments, doc comments
//! and string literals are skipped), and every path that names a top-level
//! module — `crate::layout::…`, `crate::{layout, export}`, and `super::…`
//! chains that climb to the crate root — is checked against [`LAYERS`].
//! `src/lib.rs` is the root that declares the layers and is not one of them;
//! `src/main.rs` may use `brief::cli` and nothing else of the library.

use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, lowest first. Each may use itself and the
/// ones before it, never one after.
///
/// `export`, `state` and `library` form one rank in the design, but they are
/// a chain today, and legitimately: `state` writes its positions through
/// `export::write` (the one atomic writer), and `library` fingerprints a file
/// with `state::content_hash` so that a saved position knows its briefing.
const LAYERS: &[&str] = &[
    "briefing", "layout", "import", "diff", "export", "state", "library", "config", "reader", "cli",
];

/// The one module of the library that `src/main.rs` may use.
const MAIN_USES: &str = "cli";

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    // References seen, so that a scanner that sees nothing cannot pass.
    let mut seen = 0;
    for path in rust_files(&src) {
        let shown = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path)
            .display()
            .to_string();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{shown}: cannot read: {e}"));
        let module = module_path(path.strip_prefix(&src).unwrap_or(&path));
        seen += crate_uses(&module, &tokens(&text)).len();
        problems.extend(
            check_file(&module, &text)
                .into_iter()
                .map(|p| format!("{shown}:{p}")),
        );
    }
    for layer in LAYERS {
        if !src.join(format!("{layer}.rs")).is_file() && !src.join(layer).join("mod.rs").is_file() {
            problems.push(format!(
                "LAYERS names `{layer}`, which is not a module of src/"
            ));
        }
    }
    assert!(
        seen > 100,
        "only {seen} references to crate modules found in src/"
    );
    assert!(
        problems.is_empty(),
        "{} import(s) point up the layers ({}, then main):\n{}\n",
        problems.len(),
        LAYERS.join(" → "),
        problems.join("\n")
    );
}

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry under src/").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module a file under `src/` defines, as its path from the crate root:
/// `layout/wrap.rs` is `["layout", "wrap"]`, `config/mod.rs` is `["config"]`,
/// `lib.rs` is `[]` and `main.rs` is `["main"]` (the binary, kept apart).
/// Modules follow the file layout (`src/` has no `#[path]` attribute).
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// `LINE: message` for each reference in `text` (the file of `module`)
/// that the layers do not allow.
fn check_file(module: &[String], text: &str) -> Vec<String> {
    let Some(top) = module.first() else {
        return Vec::new(); // lib.rs: the root declares every layer.
    };
    let tokens = tokens(text);
    let report = |at: &Token, path: &str, why: &str| {
        let line = text.lines().nth(at.line - 1).unwrap_or_default().trim();
        format!("{}: `{path}`: {why}\n    {line}", at.line)
    };
    if top == "main" {
        let why = format!("main may use `brief::{MAIN_USES}` and nothing else");
        return main_uses(&tokens)
            .iter()
            .map(|(at, path)| report(at, path, &why))
            .collect();
    }
    let Some(rank) = LAYERS.iter().position(|layer| layer == top) else {
        return vec![format!(
            "1: module `{top}` is not in the LAYERS table: give it its place among the layers"
        )];
    };
    let mut problems = Vec::new();
    for (at, path, used) in crate_uses(module, &tokens) {
        let why = match used.as_deref() {
            None => "a glob of the crate root hides which layers are used".to_string(),
            Some(used) => match LAYERS.iter().position(|layer| *layer == used) {
                None => format!("`{used}` is not in the LAYERS table"),
                Some(r) if r > rank => format!("{top} may not use {used}, a layer above it"),
                Some(_) => continue,
            },
        };
        problems.push(report(&at, &path, &why));
    }
    problems
}

/// A word or a punctuation mark of the source, with the line it starts on.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    line: usize,
}

/// The words and punctuation of Rust source, without comments (doc comments
/// included), string, byte-string and character literals, and lifetimes:
/// only what the compiler reads as code can name a module.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advances past `n` characters, counting the lines they end.
    let skip = |i: &mut usize, n: usize, line: &mut usize| {
        for c in &chars[*i..(*i + n).min(chars.len())] {
            if *c == '\n' {
                *line += 1;
            }
        }
        *i = (*i + n).min(chars.len());
    };
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start = line;
        if c.is_whitespace() {
            skip(&mut i, 1, &mut line);
        } else if c == '/' && at(i + 1) == '/' {
            let end = chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .unwrap_or(chars.len() - i);
            skip(&mut i, end, &mut line);
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest.
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                } else if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    skip(&mut i, 2, &mut line);
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    skip(&mut i, 2, &mut line);
                    if depth == 0 {
                        break;
                    }
                } else {
                    skip(&mut i, 1, &mut line);
                }
            }
        } else if let Some(n) = raw_string_len(&chars[i..]) {
            skip(&mut i, n, &mut line);
        } else if c == '"' || (matches!(c, 'b' | 'c') && at(i + 1) == '"') {
            let open = if c == '"' { 1 } else { 2 };
            let mut n = open;
            while i + n < chars.len() && chars[i + n] != '"' {
                n += if chars[i + n] == '\\' { 2 } else { 1 };
            }
            skip(&mut i, n + 1, &mut line);
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            // A character literal ('a', '\n', b'x') or a lifetime ('a, 'outer).
            let open = if c == '\'' { 1 } else { 2 };
            if at(i + open) == '\\' {
                let mut n = open + 2;
                while i + n < chars.len() && chars[i + n] != '\'' {
                    n += 1;
                }
                skip(&mut i, n + 1, &mut line);
            } else if at(i + open + 1) == '\'' {
                skip(&mut i, open + 2, &mut line);
            } else {
                let n = 1 + chars[i + 1..].iter().take_while(|c| is_word(**c)).count();
                skip(&mut i, n, &mut line);
            }
        } else if is_word(c) {
            let n = chars[i..].iter().take_while(|c| is_word(**c)).count();
            let mut word: String = chars[i..i + n].iter().collect();
            skip(&mut i, n, &mut line);
            // A raw identifier, `r#type`, is the word after the `#`.
            if word == "r" && at(i) == '#' && is_word(at(i + 1)) {
                let n = chars[i + 1..].iter().take_while(|c| is_word(**c)).count();
                word = chars[i + 1..i + 1 + n].iter().collect();
                skip(&mut i, n + 1, &mut line);
            }
            out.push(Token {
                text: word,
                line: start,
            });
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token {
                text: "::".into(),
                line,
            });
            skip(&mut i, 2, &mut line);
        } else {
            out.push(Token {
                text: c.into(),
                line,
            });
            skip(&mut i, 1, &mut line);
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br##"…"##`, `cr"…"`)
/// starting `chars`, or `None` if there is none.
fn raw_string_len(chars: &[char]) -> Option<usize> {
    let prefix = match chars {
        ['r', ..] => 1,
        ['b' | 'c', 'r', ..] => 2,
        _ => return None,
    };
    let hashes = chars[prefix..].iter().take_while(|&&c| c == '#').count();
    if chars.get(prefix + hashes) != Some(&'"') {
        return None;
    }
    let body = prefix + hashes + 1;
    let close: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let end = chars[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(chars.len(), |p| body + p + close.len());
    Some(end)
}

/// Each top-level module that a path of the file names: the token to
/// report it at, the path as written, and the module (`None` for a glob
/// of the crate root). Paths start with `crate::` (or `$crate::`), or with
/// `super::` chains that climb out of the file's top-level module.
fn crate_uses(module: &[String], tokens: &[Token]) -> Vec<(Token, String, Option<String>)> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut uses = Vec::new();
    // The brace depth inside each inline `mod name { … }` around `i`: each
    // is one more module for `super` to climb out of.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0;
    for i in 0..tokens.len() {
        match text(i) {
            "{" => {
                depth += 1;
                if i >= 2 && text(i - 2) == "mod" {
                    inline.push(depth);
                }
            }
            "}" => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        // Only the start of a path: `a::crate` and `a::super` are not paths.
        if text(i.wrapping_sub(1)) == "::" {
            continue;
        }
        // Where the path's next segment is a top-level module: after
        // `crate::`, or after as many `super::` as there are modules above.
        let after = match text(i) {
            "crate" if text(i + 1) == "::" => i + 2,
            "super" => {
                let mut here = module.len() + inline.len();
                let mut j = i;
                while text(j) == "super" && text(j + 1) == "::" && here > 0 {
                    here -= 1;
                    j += 2;
                }
                if here > 0 || j == i {
                    continue;
                }
                j
            }
            _ => continue,
        };
        let prefix: String = (i..after).map(text).collect();
        match text(after) {
            "{" => {
                for head in group_heads(tokens, after) {
                    let path = format!("{prefix}{}", path_from(tokens, head));
                    uses.push((tokens[head].clone(), path, Some(text(head).to_string())));
                }
            }
            "*" => uses.push((tokens[i].clone(), format!("{prefix}*"), None)),
            word if starts_word(word) => {
                let path = format!("{prefix}{}", path_from(tokens, after));
                uses.push((tokens[after].clone(), path, Some(word.to_string())));
            }
            _ => {}
        }
    }
    uses
}

/// The path written from `start`: its words and the `::` between them, up
/// to a group, a glob or the end (`reader::tabs::abbreviate`, `reader`).
fn path_from(tokens: &[Token], start: usize) -> String {
    let mut path = String::new();
    let mut j = start;
    while let Some(word) = tokens.get(j).filter(|t| starts_word(&t.text)) {
        path.push_str(&word.text);
        if tokens.get(j + 1).is_none_or(|t| t.text != "::") {
            break;
        }
        path.push_str("::");
        j += 2;
    }
    path.trim_end_matches("::").to_string()
}

fn starts_word(text: &str) -> bool {
    text.chars().next().is_some_and(is_word)
}

/// The first segment of each path of a `{ … }` group opened at `open`:
/// `{a::b, c, {d, e::f}}` gives `a`, `c`, `d`, `e` (and `self` nothing).
fn group_heads(tokens: &[Token], open: usize) -> Vec<usize> {
    let mut heads = Vec::new();
    // For each open brace: whether a path starts right after it or a comma in it.
    let mut starts: Vec<bool> = Vec::new();
    for i in open..tokens.len() {
        let before = if i > open {
            tokens[i - 1].text.as_str()
        } else {
            ""
        };
        let path_start = matches!(before, "{" | ",") && starts.last() == Some(&true);
        match tokens[i].text.as_str() {
            "{" => starts.push(i == open || path_start),
            "}" => {
                starts.pop();
                if starts.is_empty() {
                    break;
                }
            }
            "self" => {}
            word if path_start && starts_word(word) => heads.push(i),
            _ => {}
        }
    }
    heads
}

/// In `src/main.rs`: each use of the library other than `brief::cli`,
/// including a `brief` that is not followed by a path (`use brief as b`).
fn main_uses(tokens: &[Token]) -> Vec<(Token, String)> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let mut wrong = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.text != "brief" {
            continue;
        }
        if text(i + 1) != "::" {
            wrong.push((token.clone(), "brief".to_string()));
            continue;
        }
        let heads = if text(i + 2) == "{" {
            group_heads(tokens, i + 2)
        } else {
            vec![i + 2]
        };
        for head in heads {
            if text(head) != MAIN_USES {
                wrong.push((
                    tokens[head].clone(),
                    format!("brief::{}", path_from(tokens, head)),
                ));
            }
        }
    }
    wrong
}

// The checker itself, on snippets, so that it is known to see what it must.

fn module(path: &str) -> Vec<String> {
    module_path(Path::new(path))
}

#[test]
fn an_upward_import_is_named_with_its_line() {
    let problems = check_file(
        &module("layout/wrap.rs"),
        "use crate::briefing::text;\n\nuse crate::reader::tabs::abbreviate;\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("3: `crate::reader::tabs::abbreviate`: layout may not use reader"),
        "{}",
        problems[0]
    );
}

#[test]
fn paths_in_code_count_and_comments_and_strings_do_not() {
    let text = r####"
        //! See [`crate::cli`].
        /// Made by [`crate::reader::App`].
        fn f() -> String {
            // crate::cli::main() is not called here
            /* nor crate::cli /* nested */ crate::cli */
            let s = "crate::cli::main"; let r = r#"crate::cli"#; let b = b"crate::cli";
            let c = '"'; let l: &'static str = "x";
            crate::export::text(crate::reader::ui::draw())
        }
    "####;
    let problems = check_file(&module("layout/mod.rs"), text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with("9: `crate::export::text`"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].starts_with("9: `crate::reader::ui::draw`"),
        "{}",
        problems[1]
    );
}

#[test]
fn groups_globs_and_super_chains_are_followed() {
    let text = "use crate::{\n    briefing::Briefing,\n    reader::{app, ui},\n};\n\
                use super::cli;\nuse crate::*;\nmod tests {\n    use super::super::config;\n}\n";
    let problems = check_file(&module("state.rs"), text);
    let lines: Vec<&str> = problems
        .iter()
        .map(|p| p.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(lines, ["3", "5", "6", "8"], "{problems:#?}");
    // Inside the module, `super` stays in it.
    assert!(
        check_file(
            &module("config/print.rs"),
            "mod tests { use super::super::file; }"
        )
        .is_empty()
    );
}

#[test]
fn main_uses_only_the_command_line() {
    assert!(check_file(&module("main.rs"), "fn main() { brief::cli::main() }").is_empty());
    let problems = check_file(
        &module("main.rs"),
        "use brief::{cli, reader};\nuse brief as b;\n",
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with("1: `brief::reader`"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_module_missing_from_the_table_is_named() {
    let problems = check_file(&module("theme.rs"), "");
    assert!(
        problems[0].contains("is not in the LAYERS table"),
        "{problems:?}"
    );
}
