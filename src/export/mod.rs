//! Export: sections as plain text or Markdown, written atomically.
//! (Placeholder until the export lands: the reader calls these.)

pub mod write;

use crate::briefing::Briefing;

/// The sections as plain text wrapped at `width`.
pub fn export_text(b: &Briefing, sections: &[usize], width: usize) -> String {
    let mut out = String::new();
    for &s in sections {
        let layout = crate::layout::SectionLayout::new(
            b,
            s,
            crate::layout::WrapOptions {
                width,
                break_long_words: false,
            },
        );
        for l in &layout.lines {
            out.push_str(&l.text());
            out.push('\n');
        }
    }
    out
}

/// File stem of an export: `{briefing}-{section}` or `{briefing}-all`.
pub fn file_stem(b: &Briefing, section: Option<usize>) -> String {
    match section {
        Some(s) => format!("{}-{}", b.slug(), b.sections[s].id),
        None => format!("{}-all", b.slug()),
    }
}
