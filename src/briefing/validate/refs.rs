//! References, resolved once every id is known; and who is never mentioned.

use std::collections::HashMap;

use super::super::code::Code;
use super::super::model::{Briefing, Reference, Section};
use super::fields::{backticked, closest, is_slug};
use super::*;

impl Builder<'_, '_> {
    /// Reports the citations of sources that no `[[sources]]` entry has (the
    /// others resolved where they were read).
    pub(super) fn report_unknown_sources(&mut self) {
        let index = std::mem::take(&mut self.source_index);
        let mut known: Vec<(&str, usize)> = index.iter().map(|(k, &i)| (k.as_ref(), i)).collect();
        known.sort_by_key(|&(_, i)| i);
        for r in std::mem::take(&mut self.source_refs) {
            if self.full() {
                self.suppressed += 1;
                continue;
            }
            let help = if known.is_empty() {
                "there are no [[sources]] entries: add one with this `id`".to_string()
            } else if let Some(s) = closest(&r.id, known.iter().map(|&(k, _)| k)) {
                format!("did you mean `{s}`?")
            } else {
                format!(
                    "the source ids are {}",
                    backticked(known.iter().map(|&(k, _)| k))
                )
            };
            self.error(
                Code::UnknownSource
                    .diagnostic(
                        format!(
                            "source `{}` not found: `{}` names an id that no [[sources]] entry has",
                            shown(&r.id),
                            r.key
                        ),
                        Some(r.span),
                    )
                    .with_label("no such source")
                    .with_help(help),
            );
        }
    }

    pub(super) fn resolve_see_also(
        &mut self,
        sections: &mut [Section],
        ids: &[(Option<Cow<'_, str>>, ItemIds<'_>)],
        section_index: &HashMap<Cow<'_, str>, usize>,
    ) {
        let section_ids = || ids.iter().filter_map(|(s, _)| s.as_deref());
        for r in std::mem::take(&mut self.see_also) {
            if self.whole == Whole::Part {
                // Only what resolves in the part is kept (for the first
                // frame); the pass over the whole file reports the rest.
                let mut parts = r.target.split('/');
                let section = parts.next().and_then(|s| section_index.get(s)).copied();
                let item = parts.next();
                let found = section.and_then(|si| match item {
                    None => Some((si, None)),
                    Some(it) => ids[si].1.index.get(it).map(|&i| (si, Some(i))),
                });
                if parts.next().is_none()
                    && let Some((si, item)) = found
                {
                    sections[r.section].items[r.item].see_also.push(Reference {
                        target: r.target.into_owned(),
                        section: si,
                        item,
                    });
                }
                continue;
            }
            let mut parts = r.target.split('/');
            let (sec, item) = match (parts.next(), parts.next(), parts.next()) {
                (Some(s), None, _) => (s, None),
                (Some(s), Some(i), None) => (s, Some(i)),
                _ => ("", None),
            };
            if !is_slug(sec) || item.is_some_and(|i| !is_slug(i)) {
                self.error(
                    Code::MalformedReference.diagnostic(
                        format!(
                            "see_also `{}` is not of the form SECTION or SECTION/ITEM",
                            shown(&r.target)
                        ),
                        Some(r.span),
                    )
                    .with_label("not a reference")
                    .with_help(
                        "name a section id, or a section id and an item id: `economy/batteries`",
                    ),
                );
                continue;
            }
            let Some(&si) = section_index.get(sec) else {
                if self.full() {
                    self.suppressed += 1;
                    continue;
                }
                let help = match closest(sec, section_ids()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the section ids are {}", backticked(section_ids())),
                };
                self.error(
                    Code::NoSuchSection
                        .diagnostic(
                            format!(
                                "see_also `{}` does not resolve: there is no section `{sec}`",
                                shown(&r.target)
                            ),
                            Some(r.span),
                        )
                        .with_label("no such section")
                        .with_help(help),
                );
                continue;
            };
            let item_index = match item {
                None => None,
                Some(it) => {
                    let item_ids = || ids[si].1.order.iter().filter_map(|s| s.as_deref());
                    match ids[si].1.index.get(it) {
                        Some(&i) => Some(i),
                        None if self.full() => {
                            self.suppressed += 1;
                            continue;
                        }
                        None => {
                            let help = match closest(it, item_ids()) {
                                Some(s) => format!("did you mean `{sec}/{s}`?"),
                                None if item_ids().next().is_none() => {
                                    format!("no item of section `{sec}` has an `id`")
                                }
                                None => format!(
                                    "the item ids of section `{sec}` are {}",
                                    backticked(item_ids())
                                ),
                            };
                            self.error(
                                Code::NoSuchItem.diagnostic(
                                    format!(
                                        "see_also `{}` does not resolve: section `{sec}` has no item `{it}`",
                                        shown(&r.target)
                                    ),
                                    Some(r.span),
                                )
                                .with_label("no such item")
                                .with_help(help),
                            );
                            continue;
                        }
                    }
                }
            };
            sections[r.section].items[r.item].see_also.push(Reference {
                target: r.target.into_owned(),
                section: si,
                item: item_index,
            });
        }
    }

    /// Warns about a person whom no item mentions (by full name or family
    /// name, as whole words) and who is the author of no source.
    pub(super) fn unmentioned_people(&mut self, b: &Briefing) {
        use crate::briefing::text::names;
        for (person, span) in b.people.iter().zip(&self.person_spans) {
            if person.name.is_empty() {
                continue;
            }
            let n = person.name.as_str();
            let in_items = b.sections.iter().flat_map(|s| &s.items).any(|item| {
                names(&item.title, n)
                    || item.body.as_deref().is_some_and(|body| names(body, n))
                    || item
                        .quotes
                        .iter()
                        .any(|q| names(&q.speaker, n) || names(&q.text, n))
            });
            let in_sources = b
                .sources
                .iter()
                .any(|s| s.author.as_deref().is_some_and(|a| names(a, n)));
            if in_items || in_sources {
                continue;
            }
            self.warnings.push(
                Code::UnmentionedPerson
                    .diagnostic(
                        format!("person `{}` is named in no item", shown(&person.name)),
                        span.clone(),
                    )
                    .with_label("not mentioned")
                    .with_help(
                        "no item title, body or quote names them, and no source has them as \
                     author; check the spelling, or drop the entry",
                    ),
            );
        }
    }
}
