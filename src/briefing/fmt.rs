//! `brief fmt`: the canonical layout of a briefing file, with its comments
//! kept. Only layout changes, never a value:
//!
//! - the keys of every table in the order of [`super::spec`] (a key's
//!   comments move with it);
//! - no blank lines inside a table; one blank line before every table
//!   header, so one between items (comment lines above a header stay there);
//! - `key = value` with one space around `=`;
//! - `body` and `summary` as multi-line strings when they hold a line break
//!   or are long;
//! - arrays of strings on one line, `figures` and `quotes` one inline table
//!   per line.
//!
//! The caller loads the file first (a file with errors is never
//! formatted) and loads the result again: the two models must be equal.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::spec::{Kind, TOP, TableSpec};

/// A string this long (in characters), or one with a line break, is written
/// as a multi-line string where the format expects long text.
pub const LONG: usize = 80;

/// The file in canonical layout; `Err` with the parser's message when the
/// text is not TOML (the loader has said so already).
pub fn format(text: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    format_table(doc.as_table_mut(), &TOP);
    let mut position = 0;
    place_tables(doc.as_table_mut(), &TOP, &mut position);
    let trailing = doc.trailing().as_str().map(comments).unwrap_or_default();
    doc.set_trailing(trailing);
    let out = doc.to_string();
    // A first table's blank line would open the file.
    let mut out = out.trim_start_matches('\n').to_string();
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// Where `key` comes in a table of `spec` (unknown keys last, in their order).
fn rank(spec: &TableSpec, key: &str) -> usize {
    spec.fields
        .iter()
        .position(|f| f.name == key)
        .unwrap_or(usize::MAX)
}

/// The comment lines of a decor, each trimmed and ending in a newline; blank
/// lines and indentation dropped.
fn comments(raw: &str) -> String {
    raw.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// What goes before a table header: one blank line, then the comment
/// block right above it. Comment lines that follow the previous table's
/// last line, with a blank line after them, stay there, under that table
/// (commented-out keys, notes). Runs of blank lines become one.
fn header_prefix(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut open = false;
    for line in &lines {
        if line.starts_with('#') {
            if !open {
                blocks.push(Vec::new());
                open = true;
            }
            if let Some(b) = blocks.last_mut() {
                b.push(line);
            }
        } else if line.is_empty() {
            open = false;
        }
    }
    let starts_with_comment = lines.first().is_some_and(|l| l.starts_with('#'));
    let ends_with_blank = lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty());
    let glued = starts_with_comment && (blocks.len() > 1 || ends_with_blank);
    let mut out = String::new();
    let mut rest = blocks.iter();
    if glued && let Some(first) = rest.next() {
        for line in first {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    let rest: Vec<String> = rest
        .map(|b| b.iter().map(|l| format!("{l}\n")).collect())
        .collect();
    out.push_str(&rest.join("\n"));
    if ends_with_blank && !rest.is_empty() {
        out.push('\n');
    }
    out
}

/// A trailing comment of a value (`value   # note`) is kept as written.
fn value_suffix(raw: Option<&str>) -> String {
    match raw {
        Some(s) if s.contains('#') => s.trim_end().to_string(),
        _ => String::new(),
    }
}

fn format_table(table: &mut Table, spec: &TableSpec) {
    table.sort_values_by(|a, _, b, _| rank(spec, a.get()).cmp(&rank(spec, b.get())));
    for (mut key, item) in table.iter_mut() {
        let decor = key.leaf_decor_mut();
        if item.is_value() {
            let prefix = decor.prefix().and_then(|p| p.as_str()).map(comments);
            decor.set_prefix(prefix.unwrap_or_default());
            decor.set_suffix(" ");
        } else {
            // The key of a table header: `[briefing]`, no spaces.
            decor.set_prefix("");
            decor.set_suffix("");
        }
        let kind = spec.field(key.get()).map(|f| &f.kind);
        format_item(item, kind);
    }
}

fn format_item(item: &mut Item, kind: Option<&Kind>) {
    match (item, kind) {
        (Item::Value(v), kind) => {
            let suffix = value_suffix(v.decor().suffix().and_then(|s| s.as_str()));
            if let Some(kind) = kind {
                format_value(v, kind);
            }
            v.decor_mut().set_prefix(" ");
            v.decor_mut().set_suffix(suffix);
        }
        (Item::Table(t), Some(Kind::Table(spec))) => {
            header(t);
            format_table(t, spec);
        }
        (Item::ArrayOfTables(tables), Some(Kind::Tables(spec, _) | Kind::InlineTables(spec))) => {
            for t in tables.iter_mut() {
                header(t);
                format_table(t, spec);
            }
        }
        _ => {}
    }
}

/// One blank line above a table's header, its comments kept.
fn header(t: &mut Table) {
    if t.is_implicit() {
        return;
    }
    let raw = t
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .to_string();
    t.decor_mut().set_prefix(header_prefix(&raw));
    t.decor_mut().set_suffix("");
}

fn format_value(v: &mut Value, kind: &Kind) {
    match (kind, v) {
        (Kind::LongText, Value::String(s)) => {
            let repr = s.display_repr();
            let multi_line = repr.starts_with("\"\"\"") || repr.starts_with("'''");
            let text = s.value();
            if !multi_line
                && (text.contains('\n') || text.chars().count() > LONG)
                && let Some(long) = multi_line_string(text)
            {
                *s = long;
            }
        }
        (Kind::Texts | Kind::SourceIds | Kind::References, Value::Array(a)) => one_line(a),
        (Kind::InlineTables(spec) | Kind::Tables(spec, _), Value::Array(a)) => {
            one_per_line(a, spec)
        }
        (Kind::Table(spec), Value::InlineTable(t)) => inline(t, spec),
        _ => {}
    }
}

/// A string value written as a multi-line basic string: `"""`, a line
/// break (which TOML drops), the text with only what must be escaped
/// escaped, `"""`. Made by the parser, so it is always valid TOML.
fn multi_line_string(text: &str) -> Option<toml_edit::Formatted<String>> {
    let mut raw = String::from("\"\"\"\n");
    let mut quotes = 0;
    for c in text.chars() {
        match c {
            '\\' => raw.push_str("\\\\"),
            // Three quotes in a row would end the string.
            '"' if quotes == 2 => {
                raw.push_str("\\\"");
                quotes = 0;
                continue;
            }
            '"' => raw.push('"'),
            '\n' | '\t' => raw.push(c),
            '\r' => raw.push_str("\\r"),
            c if c.is_control() => raw.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => raw.push(c),
        }
        quotes = if c == '"' { quotes + 1 } else { 0 };
    }
    // A closing quote right after two of the text's own would make four or
    // more: escape the last one of the text.
    if quotes == 2 {
        raw.pop();
        raw.push_str("\\\"");
    }
    raw.push_str("\"\"\"");
    let doc: DocumentMut = format!("v = {raw}\n").parse().ok()?;
    match doc.get("v")?.as_value()? {
        Value::String(s) if s.value() == text => Some(s.clone()),
        _ => None,
    }
}

/// `["a", "b"]`, unless the array holds comments (then it is left alone).
fn one_line(a: &mut Array) {
    let has_comment = a.trailing().as_str().is_some_and(|t| t.contains('#'))
        || a.iter().any(|v| {
            [v.decor().prefix(), v.decor().suffix()]
                .into_iter()
                .flatten()
                .any(|r| r.as_str().is_some_and(|s| s.contains('#')))
        });
    if !has_comment {
        a.fmt();
        a.set_trailing_comma(false);
        a.set_trailing("");
    }
}

/// One inline table per line, indented by two spaces, with a trailing
/// comma; comment lines between them kept.
fn one_per_line(a: &mut Array, spec: &TableSpec) {
    for v in a.iter_mut() {
        let before = v
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(comments)
            .unwrap_or_default();
        let indented: String = before.lines().map(|l| format!("\n  {l}")).collect();
        if let Value::InlineTable(t) = v {
            inline(t, spec);
        }
        v.decor_mut().set_prefix(format!("{indented}\n  "));
        v.decor_mut().set_suffix("");
    }
    let trailing = a.trailing().as_str().map(comments).unwrap_or_default();
    let trailing: String = trailing.lines().map(|l| format!("\n  {l}")).collect();
    a.set_trailing(format!("{trailing}\n"));
    a.set_trailing_comma(!a.is_empty());
}

/// `{ key = value, … }` in the spec's order.
fn inline(t: &mut InlineTable, spec: &TableSpec) {
    t.sort_values_by(|a, _, b, _| rank(spec, a.get()).cmp(&rank(spec, b.get())));
    // Comments inside an inline table (TOML 1.1) would be lost by fmt().
    if !t.to_string().contains('#') {
        t.fmt();
    }
    for (key, v) in t.iter_mut() {
        if let Some(Kind::InlineTables(inner) | Kind::Tables(inner, _)) =
            spec.field(key.get()).map(|f| &f.kind)
            && let Value::Array(a) = v
        {
            for entry in a.iter_mut() {
                if let Value::InlineTable(it) = entry {
                    inline(it, inner);
                }
            }
        }
    }
}

/// Gives tables their place in the file: each after the one before it in
/// canonical order, a table's own tables right after it.
fn place_tables(table: &mut Table, spec: &TableSpec, position: &mut isize) {
    for (key, item) in table.iter_mut() {
        let inner = match spec.field(key.get()).map(|f| &f.kind) {
            Some(Kind::Table(s) | Kind::Tables(s, _) | Kind::InlineTables(s)) => *s,
            _ => continue,
        };
        match item {
            Item::Table(t) => {
                if !t.is_implicit() {
                    *position += 1;
                    t.set_position(Some(*position));
                }
                place_tables(t, inner, position);
            }
            Item::ArrayOfTables(tables) => {
                for t in tables.iter_mut() {
                    *position += 1;
                    t.set_position(Some(*position));
                    place_tables(t, inner, position);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_becomes_a_multi_line_string_that_means_the_same() {
        for text in [
            "a\nb",
            "ends with a quote\"",
            "ends with two\"\"",
            "three \"\"\" quotes and \\ and \t tab",
            "\nstarts with a newline",
            "bell \u{7} and cr \r\n",
        ] {
            let s = multi_line_string(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(s.value(), text);
            assert!(s.display_repr().starts_with("\"\"\"\n"));
        }
    }

    #[test]
    fn comments_above_a_header_stay_where_they_belong() {
        for (raw, out) in [
            ("", "\n"),
            ("\n\n\n", "\n"),
            ("# above\n", "\n# above\n"),
            ("\n\n# above\n\n\n", "\n# above\n\n"),
            (
                "# after the last key\n\n# above\n",
                "# after the last key\n\n# above\n",
            ),
            ("# after the last key\n\n", "# after the last key\n\n"),
        ] {
            assert_eq!(header_prefix(raw), out, "{raw:?}");
            assert_eq!(header_prefix(out), out, "{out:?} again");
        }
    }

    #[test]
    fn keys_are_ordered_blank_lines_dropped_comments_kept() {
        let text = "\
[[sections]]
title=\"T\"   # the tab


# the id
id = \"s\"
summary = \"x\"
[briefing]
date = 2024-01-01
title = \"B\"
";
        let out = format(text).unwrap();
        assert_eq!(
            out,
            "\
[briefing]
title = \"B\"
date = 2024-01-01

[[sections]]
# the id
id = \"s\"
title = \"T\"   # the tab
summary = \"x\"
"
        );
        assert_eq!(format(&out).unwrap(), out);
    }

    #[test]
    fn figures_one_per_line_and_string_arrays_on_one() {
        let text = "\
[[sections]]
[[sections.items]]
tags = [ \"a\",
  \"b\" ]
figures = [{value=1,label=\"x\"}, { label = \"y\", value = 2 }]
title = \"I\"
";
        let out = format(text).unwrap();
        assert_eq!(
            out,
            "\
[[sections]]

[[sections.items]]
title = \"I\"
tags = [\"a\", \"b\"]
figures = [
  { label = \"x\", value = 1 },
  { label = \"y\", value = 2 },
]
"
        );
    }
}
