//! `brief new`: the text of a new briefing, commented for a curator who
//! has never written one. It passes `brief check` as written: every section
//! has an example item, and the one source is cited.

use super::model::Date;

/// The four sections a briefing usually has, when none are asked for.
pub const STANDARD_SECTIONS: &[&str] = &["Agenda", "Defense", "Economy", "Friction"];

/// A TOML basic string holding `s` exactly.
pub fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

/// A slug made from a title: lowercase ASCII letters and digits, other runs
/// of characters as one hyphen, at most `max` characters cut at a hyphen;
/// `fallback` when nothing is left.
pub fn slug_of(title: &str, max: usize, fallback: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if matches!(c, '\'' | '’') {
            // "Biden's" is `bidens`, not `biden-s`.
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.len() > max {
        match slug[..max].rfind('-') {
            Some(cut) if cut > 0 => slug.truncate(cut),
            _ => slug.truncate(max),
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// `base`, or `base-2`, `base-3` … when `taken` says it is taken.
pub fn unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let keep = base.len().min(40 - suffix.len());
            format!("{}{suffix}", base[..keep].trim_end_matches('-'))
        })
        .find(|s| !taken(s))
        .unwrap_or(base)
}

/// A hotkey for each title: the first of its letters, in lowercase, that
/// no command and no earlier section has, else the first in uppercase;
/// `None` when every letter of the title is taken both ways.
pub fn section_keys(titles: &[String], reserved: &[(char, String)]) -> Vec<Option<char>> {
    let mut used: Vec<char> = reserved.iter().map(|(c, _)| *c).collect();
    titles
        .iter()
        .map(|t| {
            let letters = || t.chars().filter(char::is_ascii_alphabetic);
            let key = letters()
                .map(|c| c.to_ascii_lowercase())
                .chain(letters().map(|c| c.to_ascii_uppercase()))
                .find(|c| !used.contains(c));
            used.extend(key);
            key
        })
        .collect()
}

/// The text of a new briefing titled `title`, dated `date`, with one
/// section per entry of `sections`, each with an example item.
///
/// `schema` is where the JSON Schema is, from the file (for editors); without
/// one, a comment says how to get it.
pub fn skeleton(
    title: &str,
    sections: &[String],
    date: Date,
    reserved: &[(char, String)],
    schema: Option<&str>,
) -> String {
    let mut out = match schema {
        Some(path) => format!("#:schema {path}\n"),
        None => "# For completion in your editor: `brief schema > briefing.schema.json`, then\n\
                 # make `#:schema ./briefing.schema.json` the first line of this file.\n"
            .to_string(),
    };
    out.push_str(&format!(
        r#"# A briefing for `brief`. Every key is explained in docs/briefing-format.md;
# `brief check FILE` says what is wrong, and `brief fmt FILE` tidies it.
format = 1

[briefing]
title = {title}
# subtitle = "A second line under the title"
date = {date}
# as_of = {date}T18:00:00Z        # information cut-off, if it matters
authors = ["Your name"]
tags = []
summary = """
The bottom line, in two or three sentences: what a reader who stops here
must know. Lines of one paragraph are joined, so break them anywhere."""

# What the briefing is based on. Items cite a source by its id; citations
# are numbered from 1 in the order the sources are written.
[[sources]]
id = "source-1"
title = "Title of the report, article or memo"
# publisher = "Who published it"
# author = "Who wrote it"
# date = {date}
# url = "https://example.com/where-it-can-be-read"

# People the items name, for the Who's who tab (a person no item names
# earns a warning):
# [[people]]
# id = "a-person"
# name = "Full Name"
# role = "Office or position"
"#,
        title = toml_string(title),
        date = date,
    ));
    let keys = section_keys(sections, reserved);
    let mut ids: Vec<String> = Vec::new();
    for (title, key) in sections.iter().zip(keys) {
        let id = unique(slug_of(title, 40, "section"), |s| {
            ids.iter().any(|i| i == s)
        });
        out.push_str(&format!(
            r#"
# ---------------------------------------------------------------- {id}

[[sections]]
id = "{id}"
title = {title}
"#,
            title = toml_string(title),
        ));
        if let Some(k) = key {
            out.push_str(&format!(
                "key = \"{k}\"                       # jumps here in the reader\n"
            ));
        }
        out.push_str(&format!(
            r#"summary = "What this section says, in a sentence or two."

[[sections.items]]
id = "{id}-first-point"
title = "The first point of this section, as a headline"
when = {date}                 # or free text: "next week", "by 2026"
status = "planned"                # e.g. announced, under discussion, unresolved
tags = ["{id}"]
sources = ["source-1"]
body = """
One paragraph per idea; a blank line starts the next.

- a line starting with a dash is a bullet
- and so is this one

> A line starting with ">" is a quotation."""
"#,
        ));
        ids.push(id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_and_plain() {
        assert_eq!(slug_of("Summit agenda", 40, "x"), "summit-agenda");
        assert_eq!(slug_of("U.S.–Japan ties!", 40, "x"), "u-s-japan-ties");
        assert_eq!(slug_of("日本", 40, "x"), "x");
        assert_eq!(slug_of("one two three", 9, "x"), "one-two");
        assert_eq!(unique("a".into(), |s| s == "a" || s == "a-2"), "a-3");
    }

    #[test]
    fn keys_avoid_commands_and_each_other() {
        let reserved = vec![('e', "export".to_string()), ('f', "figures".to_string())];
        let titles: Vec<String> = ["Agenda", "Economy", "Friction", "Ef"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            section_keys(&titles, &reserved),
            vec![Some('a'), Some('c'), Some('r'), Some('E')]
        );
    }
}
