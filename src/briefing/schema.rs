//! The JSON Schema of the format (draft 7, which taplo and the editors
//! built on it read), made from [`super::spec`]: the loader's own table of
//! keys. Every key has a description, which editors show on hover.
//!
//! A schema sees TOML as JSON: taplo hands a date or a time to it as the
//! string it was written as, so dates are strings with a pattern here. What
//! a schema cannot say (references, unique ids, real calendar days, the
//! letters the reader binds) is the loader's alone, and listed as such in
//! `docs/briefing-format.md`.

use serde_json::{Map, Value, json};

use super::spec::{Field, Kind, TOP, TableSpec};

/// A slug: what every id must be.
const SLUG: &str = "^[a-z0-9][a-z0-9-]{0,39}$";

/// A calendar date as written, months 01–12 and days 01–31 (whether the
/// day exists in its month is the loader's check).
const DATE: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// A date, or a date and time with an optional offset (RFC 3339, as TOML
/// writes it: `T`, `t` or a space between them, seconds optional).
const DATE_OR_DATETIME: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$";

/// The schema, as pretty-printed JSON with a final newline: what `brief
/// schema` prints and `docs/briefing.schema.json` holds.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value.
pub fn schema() -> Value {
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    root.insert("title".into(), json!("brief briefing, format 1"));
    if let Value::Object(top) = table(&TOP) {
        root.extend(top);
    }
    Value::Object(root)
}

/// The schema of one table: its keys, which are required, and no others.
fn table(spec: &TableSpec) -> Value {
    let mut properties = Map::new();
    for f in spec.fields {
        properties.insert(f.name.into(), field(f));
    }
    let required: Vec<&str> = spec
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut out = Map::new();
    out.insert("description".into(), json!(spec.doc));
    out.insert("type".into(), json!("object"));
    out.insert("properties".into(), Value::Object(properties));
    out.insert("additionalProperties".into(), json!(false));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
        // taplo offers these keys when it completes a new table.
        out.insert("x-taplo".into(), json!({ "initKeys": required }));
    }
    if !spec.needs_one_of.is_empty() {
        let any: Vec<Value> = spec
            .needs_one_of
            .iter()
            .map(|&key| {
                let is_array = spec
                    .field(key)
                    .is_some_and(|f| matches!(f.kind, Kind::Tables(..) | Kind::InlineTables(_)));
                if is_array {
                    json!({ "required": [key], "properties": { key: { "minItems": 1 } } })
                } else {
                    json!({ "required": [key] })
                }
            })
            .collect();
        out.insert("anyOf".into(), Value::Array(any));
    }
    Value::Object(out)
}

/// The schema of one key's value, with its description.
fn field(f: &Field) -> Value {
    let mut v = match kind(&f.kind) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    v.insert("description".into(), json!(f.doc));
    Value::Object(v)
}

fn string_with(pattern: &str) -> Value {
    json!({ "type": "string", "pattern": pattern })
}

fn kind(k: &Kind) -> Value {
    match k {
        Kind::FormatVersion => json!({ "type": "integer", "enum": [1], "default": 1 }),
        Kind::Text | Kind::LongText => json!({ "type": "string" }),
        // Not blank: something other than whitespace.
        Kind::Title => string_with("\\S"),
        Kind::Slug | Kind::SourceId => string_with(SLUG),
        Kind::Letter => string_with("^[A-Za-z]$"),
        Kind::Date => string_with(DATE),
        Kind::DateOrDateTime => string_with(DATE_OR_DATETIME),
        // Any string: a date, a date and time, or free text.
        Kind::When => json!({ "type": "string" }),
        Kind::Language => string_with("^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$"),
        Kind::Number => json!({ "type": "number" }),
        Kind::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::SourceIds => json!({ "type": "array", "items": string_with(SLUG) }),
        Kind::References => json!({
            "type": "array",
            "items": string_with(&format!("^{}(/{})?$", &SLUG[1..SLUG.len() - 1], &SLUG[1..SLUG.len() - 1])),
        }),
        Kind::Table(spec) => table(spec),
        Kind::Tables(spec, min) => {
            let mut v = json!({ "type": "array", "items": table(spec) });
            if *min > 0 {
                v["minItems"] = json!(min);
            }
            v
        }
        Kind::InlineTables(spec) => json!({ "type": "array", "items": table(spec) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of every table, with the schema of its value.
    fn keys(v: &Value, out: &mut Vec<(String, Value)>) {
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, field) in props {
                out.push((k.clone(), field.clone()));
                keys(field, out);
                if let Some(items) = field.get("items") {
                    keys(items, out);
                }
            }
        }
    }

    #[test]
    fn every_key_has_a_description() {
        let mut all = Vec::new();
        keys(&schema(), &mut all);
        assert!(all.len() > 40, "{}", all.len());
        for (k, v) in all {
            let doc = v.get("description").and_then(Value::as_str).unwrap_or("");
            assert!(!doc.is_empty(), "`{k}` has no description");
        }
    }

    #[test]
    fn references_are_one_or_two_slugs() {
        let v = kind(&Kind::References);
        assert_eq!(
            v["items"]["pattern"],
            json!("^[a-z0-9][a-z0-9-]{0,39}(/[a-z0-9][a-z0-9-]{0,39})?$")
        );
    }
}
