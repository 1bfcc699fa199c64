//! Which section and which item of the old version is which of the new.
//!
//! Sections always have ids. They are matched by id, then, among those
//! left, by title (the first left with a title to the first left with the
//! same title).
//!
//! Items are matched in five passes, each only among the items the passes
//! before it left unmatched:
//!
//! 1. by id, within matched sections;
//! 2. by id across sections (an item moved to another section), when the id
//!    is held by one unmatched item in each version;
//! 3. by title, within matched sections, the first left with a title to the
//!    first left with the same title;
//! 4. by title across sections (moved), when the title is held by one
//!    unmatched item in each version;
//! 5. by position: an item with no id is matched with the item at the same
//!    position of the matched section, if that one is unmatched and has no
//!    id either.
//!
//! Two items that both have ids are only ever matched by id: different ids
//! are different items. What is left is added or removed.
//!
//! Every pass is a walk over the items with hash maps: matching is linear
//! in the number of items. Among the items matched within a section, those
//! out of order are the ones outside a longest increasing run of old
//! positions (O(n log n)): moving one item reports that item, not every item
//! it passed.

use std::collections::{HashMap, HashSet, VecDeque};

use super::ItemAt;
use crate::briefing::{Briefing, Item};

/// Sections and items matched between two versions.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    section_new_of_old: Vec<Option<usize>>,
    section_old_of_new: Vec<Option<usize>>,
    item_new_of_old: Vec<Vec<Option<ItemAt>>>,
    item_old_of_new: Vec<Vec<Option<ItemAt>>>,
    /// New indexes of the sections out of their old order.
    pub moved_sections: HashSet<usize>,
    /// New places of the items out of their old order within their section.
    pub moved_in_section: HashSet<ItemAt>,
}

impl Matching {
    /// The new index of an old section.
    pub fn section_new(&self, old: usize) -> Option<usize> {
        self.section_new_of_old.get(old).copied().flatten()
    }

    /// The old index of a new section.
    pub fn section_old(&self, new: usize) -> Option<usize> {
        self.section_old_of_new.get(new).copied().flatten()
    }

    /// Where an old item is in the new version.
    pub fn item_new(&self, old: ItemAt) -> Option<ItemAt> {
        self.item_new_of_old
            .get(old.section)
            .and_then(|s| s.get(old.item))
            .copied()
            .flatten()
    }

    /// Where a new item was in the old version.
    pub fn item_old(&self, new: ItemAt) -> Option<ItemAt> {
        self.item_old_of_new
            .get(new.section)
            .and_then(|s| s.get(new.item))
            .copied()
            .flatten()
    }

    fn pair(&mut self, old: ItemAt, new: ItemAt) {
        self.item_new_of_old[old.section][old.item] = Some(new);
        self.item_old_of_new[new.section][new.item] = Some(old);
    }
}

/// Matches the sections and items of two versions (see the module's doc).
pub fn match_briefings(old: &Briefing, new: &Briefing) -> Matching {
    let mut m = Matching {
        section_new_of_old: vec![None; old.sections.len()],
        section_old_of_new: vec![None; new.sections.len()],
        item_new_of_old: old
            .sections
            .iter()
            .map(|s| vec![None; s.items.len()])
            .collect(),
        item_old_of_new: new
            .sections
            .iter()
            .map(|s| vec![None; s.items.len()])
            .collect(),
        ..Matching::default()
    };
    match_sections(old, new, &mut m);
    items_by_id_in_section(old, new, &mut m);
    items_unique_across(old, new, &mut m, |i| i.id.as_deref(), |_, _| true);
    items_by_title_in_section(old, new, &mut m);
    items_unique_across(
        old,
        new,
        &mut m,
        |i| Some(i.title.as_str()),
        |a, b| a.id.is_none() || b.id.is_none(),
    );
    items_by_position(old, new, &mut m);
    find_moves(new, &mut m);
    m
}

fn match_sections(old: &Briefing, new: &Briefing, m: &mut Matching) {
    let by_id: HashMap<&str, usize> = old
        .sections
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    for (n, s) in new.sections.iter().enumerate() {
        if let Some(&o) = by_id.get(s.id.as_str()) {
            m.section_new_of_old[o] = Some(n);
            m.section_old_of_new[n] = Some(o);
        }
    }
    let mut by_title: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (o, s) in old.sections.iter().enumerate() {
        if m.section_new_of_old[o].is_none() {
            by_title.entry(s.title.as_str()).or_default().push_back(o);
        }
    }
    for (n, s) in new.sections.iter().enumerate() {
        if m.section_old_of_new[n].is_none()
            && let Some(o) = by_title
                .get_mut(s.title.as_str())
                .and_then(VecDeque::pop_front)
        {
            m.section_new_of_old[o] = Some(n);
            m.section_old_of_new[n] = Some(o);
        }
    }
}

/// The pairs of matched sections: (old index, new index).
fn section_pairs(m: &Matching) -> Vec<(usize, usize)> {
    m.section_old_of_new
        .iter()
        .enumerate()
        .filter_map(|(n, o)| o.map(|o| (o, n)))
        .collect()
}

fn items_by_id_in_section(old: &Briefing, new: &Briefing, m: &mut Matching) {
    for (o, n) in section_pairs(m) {
        let ids: HashMap<&str, usize> = old.sections[o]
            .items
            .iter()
            .enumerate()
            .filter_map(|(k, i)| i.id.as_deref().map(|id| (id, k)))
            .collect();
        for (k, item) in new.sections[n].items.iter().enumerate() {
            if let Some(&j) = item.id.as_deref().and_then(|id| ids.get(id)) {
                m.pair(
                    ItemAt {
                        section: o,
                        item: j,
                    },
                    ItemAt {
                        section: n,
                        item: k,
                    },
                );
            }
        }
    }
}

/// Matches unmatched items whose `key` is held by exactly one unmatched
/// item on each side, when `compatible` allows.
fn items_unique_across<'a>(
    old: &'a Briefing,
    new: &'a Briefing,
    m: &mut Matching,
    key: impl Fn(&'a Item) -> Option<&'a str>,
    compatible: impl Fn(&Item, &Item) -> bool,
) {
    // For each key: how many unmatched items hold it, and the last one.
    let mut olds: HashMap<&str, (usize, ItemAt)> = HashMap::new();
    for (s, sec) in old.sections.iter().enumerate() {
        for (k, item) in sec.items.iter().enumerate() {
            let at = ItemAt {
                section: s,
                item: k,
            };
            if m.item_new(at).is_none()
                && let Some(key) = key(item)
            {
                let e = olds.entry(key).or_insert((0, at));
                e.0 += 1;
                e.1 = at;
            }
        }
    }
    let mut news: HashMap<&str, (usize, ItemAt)> = HashMap::new();
    for (s, sec) in new.sections.iter().enumerate() {
        for (k, item) in sec.items.iter().enumerate() {
            let at = ItemAt {
                section: s,
                item: k,
            };
            if m.item_old(at).is_none()
                && let Some(key) = key(item)
            {
                let e = news.entry(key).or_insert((0, at));
                e.0 += 1;
                e.1 = at;
            }
        }
    }
    let mut pairs: Vec<(ItemAt, ItemAt)> = news
        .iter()
        .filter_map(|(key, &(count, n))| {
            let &(old_count, o) = olds.get(key)?;
            let (a, b) = (
                &old.sections[o.section].items[o.item],
                &new.sections[n.section].items[n.item],
            );
            (count == 1 && old_count == 1 && compatible(a, b)).then_some((o, n))
        })
        .collect();
    // The hash map's order is not the file's: pair in a fixed order.
    pairs.sort_by_key(|&(_, n)| (n.section, n.item));
    for (o, n) in pairs {
        m.pair(o, n);
    }
}

fn items_by_title_in_section(old: &Briefing, new: &Briefing, m: &mut Matching) {
    for (o, n) in section_pairs(m) {
        // Old items left, by title: those without an id apart, since a new
        // item with an id may only take one of them.
        let mut without_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
        let mut with_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (k, item) in old.sections[o].items.iter().enumerate() {
            let at = ItemAt {
                section: o,
                item: k,
            };
            if m.item_new(at).is_none() {
                let map = if item.id.is_some() {
                    &mut with_id
                } else {
                    &mut without_id
                };
                map.entry(item.title.as_str()).or_default().push_back(k);
            }
        }
        for (k, item) in new.sections[n].items.iter().enumerate() {
            let new_at = ItemAt {
                section: n,
                item: k,
            };
            if m.item_old(new_at).is_some() {
                continue;
            }
            let take = |map: &mut HashMap<&str, VecDeque<usize>>| {
                let queue = map.get_mut(item.title.as_str())?;
                while let Some(j) = queue.pop_front() {
                    let at = ItemAt {
                        section: o,
                        item: j,
                    };
                    if m.item_new(at).is_none() {
                        return Some(at);
                    }
                }
                None
            };
            let found = match item.id {
                Some(_) => take(&mut without_id),
                None => take(&mut without_id).or_else(|| take(&mut with_id)),
            };
            if let Some(at) = found {
                m.pair(at, new_at);
            }
        }
    }
}

fn items_by_position(old: &Briefing, new: &Briefing, m: &mut Matching) {
    for (o, n) in section_pairs(m) {
        let (olds, news) = (&old.sections[o].items, &new.sections[n].items);
        for k in 0..olds.len().min(news.len()) {
            let (a, b) = (
                ItemAt {
                    section: o,
                    item: k,
                },
                ItemAt {
                    section: n,
                    item: k,
                },
            );
            if olds[k].id.is_none()
                && news[k].id.is_none()
                && m.item_new(a).is_none()
                && m.item_old(b).is_none()
            {
                m.pair(a, b);
            }
        }
    }
}

fn find_moves(new: &Briefing, m: &mut Matching) {
    // Sections out of order.
    let order: Vec<(usize, usize)> = section_pairs(m);
    let olds: Vec<usize> = order.iter().map(|&(o, _)| o).collect();
    let kept = longest_increasing(&olds);
    for (k, &(_, n)) in order.iter().enumerate() {
        if !kept[k] {
            m.moved_sections.insert(n);
        }
    }
    // Items out of order within the section they stayed in.
    for (n, sec) in new.sections.iter().enumerate() {
        let Some(o) = m.section_old(n) else { continue };
        let stayed: Vec<(usize, usize)> = (0..sec.items.len())
            .filter_map(|k| {
                m.item_old(ItemAt {
                    section: n,
                    item: k,
                })
                .filter(|at| at.section == o)
                .map(|at| (k, at.item))
            })
            .collect();
        let olds: Vec<usize> = stayed.iter().map(|&(_, j)| j).collect();
        let kept = longest_increasing(&olds);
        for (idx, &(k, _)) in stayed.iter().enumerate() {
            if !kept[idx] {
                m.moved_in_section.insert(ItemAt {
                    section: n,
                    item: k,
                });
            }
        }
    }
}

/// Which elements of `xs` (distinct numbers) belong to one longest
/// increasing subsequence (patience sorting, O(n log n)).
pub(crate) fn longest_increasing(xs: &[usize]) -> Vec<bool> {
    // tails[l]: index of the smallest last element of an increasing run of
    // length l + 1; prev[i]: the element before i in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        let l = tails.partition_point(|&t| xs[t] < x);
        prev[i] = l.checked_sub(1).map(|p| tails[p]);
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut keep = vec![false; xs.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_moved_is_the_only_one_out_of_order() {
        assert_eq!(
            longest_increasing(&[0, 1, 5, 2, 3, 4]),
            [true, true, false, true, true, true]
        );
        assert_eq!(
            longest_increasing(&[4, 0, 1, 2, 3]),
            [false, true, true, true, true]
        );
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
