//! How long listing a large library takes: generates briefings, then times
//! what `brief list` does (discover, load on every core, sort) and the same
//! loading on one thread.
//!
//! ```text
//! cargo run --release --example library_bench -- [COUNT] [FOLDER]
//! ```
//!
//! COUNT defaults to 2000. With FOLDER the files are written there and kept,
//! so `time brief list FOLDER > /dev/null` can be measured too; without it
//! they go to a temporary folder that is removed at the end.

use std::path::Path;
use std::time::Instant;

use brief::briefing::LoadOptions;
use brief::library;

/// A briefing of four sections of five items, about 6 KB, like a real one.
fn briefing(i: usize) -> String {
    let mut text = format!(
        "format = 1\n\n[briefing]\ntitle = \"Generated briefing number {i}\"\n\
         date = 2024-{:02}-{:02}\nsummary = \"A briefing made up to time the library.\"\n\n\
         [[people]]\nname = \"Person {i}\"\nrole = \"Spokesperson\"\n\n\
         [[sources]]\nid = \"src\"\ntitle = \"Source {i}\"\npublisher = \"The Bench Gazette\"\n",
        i % 12 + 1,
        i % 28 + 1
    );
    for s in 0..4 {
        text.push_str(&format!(
            "\n[[sections]]\nid = \"s{s}\"\ntitle = \"Section {s}\"\nsummary = \"What section {s} says.\"\n"
        ));
        for t in 0..5 {
            text.push_str(&format!(
                "\n[[sections.items]]\nid = \"i{t}\"\ntitle = \"Item {t} of section {s}\"\n\
                 status = \"announced\"\nsources = [\"src\"]\nbody = \"\"\"\n{}\n\n- A bullet.\n- Another bullet.\n\"\"\"\n\
                 quotes = [{{ text = \"Words worth quoting.\", speaker = \"Person {i}\" }}]\n\
                 figures = [{{ label = \"A measure\", value = {t}, unit = \"t\" }}]\n",
                "The body of an item runs for a few sentences of plain prose. ".repeat(3)
            ));
        }
    }
    text
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let temp = tempfile::tempdir()?;
    let folder = args
        .next()
        .map_or_else(|| temp.path().to_path_buf(), Into::into);

    for i in 0..count {
        let sub = folder.join(format!("{:02}", i % 40));
        std::fs::create_dir_all(&sub)?;
        std::fs::write(sub.join(format!("briefing-{i:05}.toml")), briefing(i))?;
    }
    let opts = LoadOptions::default();

    let t = Instant::now();
    let paths = library::discover(&folder)?;
    let discovered = t.elapsed();

    let t = Instant::now();
    let mut entries = library::load_all(&paths, &opts, |_, _| {});
    library::sort_for_listing(&mut entries);
    let parallel = t.elapsed();

    let t = Instant::now();
    let sequential: Vec<_> = paths
        .iter()
        .map(|p| library::load_entry(p, &opts))
        .collect();
    let one_thread = t.elapsed();

    let broken = entries.iter().filter(|e| e.briefing().is_none()).count();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{} files ({} KiB, {broken} broken) in {}",
        paths.len(),
        bytes / 1024,
        shown(&folder)
    );
    println!("discover:                {discovered:?}");
    println!(
        "load on {} threads + sort: {parallel:?}",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!("load on 1 thread:        {one_thread:?}");
    assert_eq!(sequential.len(), entries.len());
    Ok(())
}

fn shown(path: &Path) -> String {
    brief::briefing::diagnostic::display_path(path)
}
