//! Criterion benchmarks of `layout::find::each_match` over a whole
//! section at once, beside the byte-scan floor on the same bytes:
//! `cargo bench --bench search` (add `-- --measurement-time 2` while
//! developing).
//!
//! The haystack is what the reader searches: the bodies of a 25 MB
//! section's items, one buffer, each followed by a newline. Queries are
//! lowercase, matched case-sensitively and not (smart case's two modes).

mod common;

use std::hint::black_box;

use brief::layout::find::each_match;
use common::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Queries from rare to one letter (a match every 14 bytes).
const QUERIES: [&str; 4] = ["steel", "trade", "the", "a"];

/// The bodies of the first section's items, each followed by a newline.
fn section_text() -> String {
    let briefing = load(&generate(BIG));
    let mut text = String::new();
    for item in &briefing.sections[0].items {
        text.push_str(item.body.as_deref().unwrap_or_default());
        text.push('\n');
    }
    text
}

/// Matches, counted.
fn count(hay: &str, query: &str, case_sensitive: bool) -> usize {
    let mut n = 0;
    each_match(hay, query, case_sensitive, |_| n += 1);
    n
}

fn whole_section(c: &mut Criterion) {
    let text = section_text();
    let mut g = c.benchmark_group("search_section");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("memchr_newlines_floor", |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(text.as_bytes())).count())
    });
    for query in QUERIES {
        for (mode, case_sensitive) in [("case_sensitive", true), ("caseless", false)] {
            g.bench_function(format!("{query}_{mode}"), |b| {
                b.iter(|| count(black_box(&text), query, case_sensitive))
            });
        }
    }
    g.finish();
}

fn line_by_line(c: &mut Criterion) {
    // The same text wrapped at 97 columns, a line at a time, as the
    // library's search calls it a field at a time: short haystacks, where
    // set-up costs show.
    let text = section_text();
    let lines: Vec<String> = text
        .lines()
        .flat_map(|l| textwrap::wrap(l, usize::from(W) - 3))
        .map(String::from)
        .take(100_000)
        .collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let mut g = c.benchmark_group("search_lines");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes as u64));
    for (mode, case_sensitive) in [("case_sensitive", true), ("caseless", false)] {
        g.bench_function(format!("steel_{mode}_100000_lines"), |b| {
            b.iter(|| {
                lines
                    .iter()
                    .map(|l| count(black_box(l), "steel", case_sensitive))
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, whole_section, line_by_line);
criterion_main!(benches);
