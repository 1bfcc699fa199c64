//! Criterion benchmarks of the hot paths, on generated briefings:
//! `cargo bench --bench brief` (add `-- --measurement-time 2` while developing).
//! `scripts/bench` prints the figures beside their floors in one table.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use brief::briefing::{LoadOptions, load_file};
use brief::config::keymap::{Key, KeyName};
use brief::layout::{SectionLayout, WrapOptions};
use brief::reader::app::Msg;
use common::*;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn load_and_layout(c: &mut Criterion) {
    let big = generate(BIG);
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("toml_from_str_floor", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(&big)).expect("parses"))
    });
    g.bench_function("load_25mb", |b| b.iter(|| load(black_box(&big))));
    g.finish();

    let briefing = load(&big);
    let mut g = c.benchmark_group("layout");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    let opts = WrapOptions {
        width: usize::from(W) - 3,
        break_long_words: true,
    };
    g.bench_function("section_25mb_97_columns", |b| {
        b.iter(|| SectionLayout::new(&briefing, 0, opts))
    });
    g.finish();
}

fn frames(c: &mut Criterion) {
    let big = Arc::new(load(&generate(BIG)));
    let small = Arc::new(load(&generate(SMALL_SECTION)));
    let mut g = c.benchmark_group("frame");
    let small_app = app(small);
    let mut term = terminal();
    g.bench_function("section_100_lines", |b| {
        b.iter(|| frame(&mut term, &small_app))
    });
    let mut big_app = app(Arc::clone(&big));
    let items = big.sections[0].items.len();
    for place in ["top", "middle", "bottom"] {
        match place {
            "top" => keys(&mut big_app, "g"),
            "middle" => {
                let g = big_app.geometry();
                big_app.reading.as_mut().unwrap().goto_item(items / 2, g)
            }
            _ => keys(&mut big_app, "G"),
        }
        let mut term = terminal();
        g.bench_function(format!("section_25mb_{place}"), |b| {
            b.iter(|| frame(&mut term, &big_app))
        });
    }
    g.finish();
}

fn search_and_export(c: &mut Criterion) {
    let text = generate(BIG);
    let big = Arc::new(load(&text));
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("memchr_floor", |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(text.as_bytes())).count())
    });
    let mut s_app = app(Arc::clone(&big));
    keys(&mut s_app, "/stee");
    g.bench_function("keystroke_25mb", |b| {
        b.iter(|| {
            s_app.update(Msg::Key(Key::char('l')));
            s_app.update(Msg::Key(Key::named(KeyName::Backspace)));
        })
    });
    g.finish();

    let out = brief::export::export_text(&big, &brief::export::Plan::sections(&[0]), 80);
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(out.len() as u64));
    g.bench_function("copy_floor", |b| {
        b.iter(|| black_box(out.as_bytes()).to_vec())
    });
    g.bench_function("text_25mb_80_columns", |b| {
        b.iter(|| brief::export::export_text(&big, &brief::export::Plan::sections(&[0]), 80))
    });
    g.finish();
}

fn archive(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("brief-criterion-{}", std::process::id()));
    generator::write_archive(&dir, ARCHIVED, 2_000).expect("writes the archive");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let opts = LoadOptions::default();
    let mut g = c.benchmark_group("archive");
    g.sample_size(10);
    g.bench_function("load_2000_briefings", |b| {
        b.iter_batched(
            || (),
            |()| {
                std::thread::scope(|s| {
                    for chunk in files.chunks(files.len().div_ceil(threads)) {
                        let opts = &opts;
                        s.spawn(move || {
                            for f in chunk {
                                black_box(load_file(f, opts).expect("loads"));
                            }
                        });
                    }
                })
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, load_and_layout, frames, search_and_export, archive);
criterion_main!(benches);
