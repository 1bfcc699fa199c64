//! A briefing model written out as a briefing file (then laid out by
//! `brief fmt`'s rules): what `brief import` writes.

use crate::briefing::skeleton::toml_string;
use crate::briefing::{Briefing, Figure, Quote, When};

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    out.push_str(value);
    out.push('\n');
}

fn opt(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        line(out, key, &toml_string(v));
    }
}

fn strings<S: AsRef<str>>(out: &mut String, key: &str, values: &[S]) {
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|v| toml_string(v.as_ref())).collect();
        line(out, key, &format!("[{}]", list.join(", ")));
    }
}

/// A `when` as TOML: a date or a date and time bare, free text quoted.
fn when(w: &When) -> String {
    match w {
        When::Date(d) => d.to_string(),
        When::DateTime { text, .. } => text.clone(),
        When::Text(t) => toml_string(t),
    }
}

/// A number as TOML: an integer when it is one.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // Whole and well inside i64's range, so the conversion is exact.
        #[allow(clippy::cast_possible_truncation)]
        let whole = v as i64;
        format!("{whole}")
    } else {
        format!("{v:?}")
    }
}

fn figure(f: &Figure) -> String {
    let mut parts = vec![
        format!("label = {}", toml_string(&f.label)),
        format!("value = {}", number(f.value)),
    ];
    if let Some(u) = &f.unit {
        parts.push(format!("unit = {}", toml_string(u)));
    }
    if let Some(n) = &f.note {
        parts.push(format!("note = {}", toml_string(n)));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn quote(b: &Briefing, q: &Quote) -> String {
    let mut parts = vec![
        format!("text = {}", toml_string(&q.text)),
        format!("speaker = {}", toml_string(&q.speaker)),
    ];
    if let Some(r) = &q.role {
        parts.push(format!("role = {}", toml_string(r)));
    }
    if let Some(s) = q.source.and_then(|i| b.sources.get(i)) {
        parts.push(format!("source = {}", toml_string(&s.id)));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// The briefing as a file's text.
pub fn to_toml(b: &Briefing) -> String {
    let mut out = String::from("format = 1\n\n[briefing]\n");
    let m = &b.meta;
    line(&mut out, "title", &toml_string(&m.title));
    opt(&mut out, "subtitle", m.subtitle.as_deref());
    line(&mut out, "date", &m.date.to_string());
    if let Some(w) = &m.as_of {
        line(&mut out, "as_of", &when(w));
    }
    strings(&mut out, "authors", &m.authors);
    strings(&mut out, "tags", &m.tags);
    opt(&mut out, "summary", m.summary.as_deref());
    for s in &b.sources {
        out.push_str("\n[[sources]]\n");
        line(&mut out, "id", &toml_string(&s.id));
        line(&mut out, "title", &toml_string(&s.title));
        opt(&mut out, "publisher", s.publisher.as_deref());
        opt(&mut out, "author", s.author.as_deref());
        if let Some(d) = s.date {
            line(&mut out, "date", &d.to_string());
        }
        opt(&mut out, "url", s.url.as_deref());
    }
    for p in &b.people {
        out.push_str("\n[[people]]\n");
        opt(&mut out, "id", p.id.as_deref());
        line(&mut out, "name", &toml_string(&p.name));
        opt(&mut out, "role", p.role.as_deref());
        opt(&mut out, "note", p.note.as_deref());
    }
    for s in &b.sections {
        out.push_str("\n[[sections]]\n");
        line(&mut out, "id", &toml_string(&s.id));
        line(&mut out, "title", &toml_string(&s.title));
        if let Some(k) = s.key {
            line(&mut out, "key", &toml_string(&k.to_string()));
        }
        opt(&mut out, "summary", s.summary.as_deref());
        for item in &s.items {
            out.push_str("\n[[sections.items]]\n");
            opt(&mut out, "id", item.id.as_deref());
            line(&mut out, "title", &toml_string(&item.title));
            if let Some(w) = &item.when {
                line(&mut out, "when", &when(w));
            }
            opt(&mut out, "status", item.status.as_deref());
            strings(&mut out, "tags", &item.tags);
            let cited: Vec<String> = item
                .sources
                .iter()
                .filter_map(|&i| b.sources.get(i).map(|s| s.id.clone()))
                .collect();
            strings(&mut out, "sources", &cited);
            let see: Vec<String> = item.see_also.iter().map(|r| r.target.clone()).collect();
            strings(&mut out, "see_also", &see);
            opt(&mut out, "body", item.body.as_deref());
            if !item.figures.is_empty() {
                let rows: Vec<String> = item.figures.iter().map(figure).collect();
                line(&mut out, "figures", &format!("[{}]", rows.join(", ")));
            }
            if !item.quotes.is_empty() {
                let rows: Vec<String> = item.quotes.iter().map(|q| quote(b, q)).collect();
                line(&mut out, "quotes", &format!("[{}]", rows.join(", ")));
            }
        }
    }
    out
}
