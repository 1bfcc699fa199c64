//! The README's key table is generated from the key map the reader uses, so
//! the documentation cannot drift from the behaviour.

use brief::config::keymap::KeyMap;
use brief::reader::help::key_table_markdown;

#[test]
fn readme_key_table_matches_the_default_key_map() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = key_table_markdown(&KeyMap::default());
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; it should contain:\n{table}"
    );
}

#[test]
fn readme_lists_the_reserved_letters() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let letters: String = KeyMap::default()
        .reserved_letters()
        .iter()
        .map(|(c, _)| format!("`{c}` "))
        .collect();
    assert!(
        readme.contains(letters.trim_end()),
        "README.md should list the reserved letters: {letters}"
    );
}

#[test]
fn format_docs_list_every_reserved_letter_with_its_command() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/briefing-format.md"
    ))
    .unwrap();
    for (c, action) in KeyMap::default().reserved_letters() {
        let row = format!("| `{c}` | `{}` |", action.name());
        assert!(docs.contains(&row), "docs/briefing-format.md lacks {row}");
    }
}
