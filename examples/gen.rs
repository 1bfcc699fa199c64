//! Realistic synthetic briefings, deterministic from a seed, for benchmarks
//! and tests.
//!
//! ```text
//! cargo run --release --example gen -- --sections 4 --items 200 --body-words 300 [--seed 7] > big.toml
//! cargo run --release --example gen -- --archive DIR --files 2000 [--sections 3 --items 4 --body-words 220]
//! cargo run --release --example gen -- --archive DIR --files 100000   # 2.5 GB, in folders of 1,000
//! ```
//!
//! `--items` is the number of items in each section, `--body-words` the
//! number of words in each item's body. A single file is by default 4
//! sections of 20 items of 200 words (about 150 KB); an archive's files are
//! by default 3 sections of 4 items of 220 words (about 25 KB, so 2,000 files
//! are about 50 MB). Every file passes `brief check`:
//! ids are valid and unique, every `see_also` and source resolves, every
//! person is named by some item, dates exist.
//!
//! The benchmarks and tests include this file as a module (`generate`), so
//! they need no prepared input.

use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Number of sections.
    pub sections: usize,
    /// Items in each section.
    pub items: usize,
    /// Words in each item's body.
    pub body_words: usize,
    /// Seed of the generator: the same seed gives the same file.
    pub seed: u64,
}

/// A tiny deterministic generator (SplitMix64): no dependency, same output
/// on every platform.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        // Below n, which is a usize.
        usize::try_from(self.bits() % u64::try_from(n).unwrap_or(u64::MAX)).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// One of `list`.
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The vocabulary of briefings: policy, trade, defence, the economy. A few
/// words carry accents or are written in other scripts, as real briefings do.
const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "in",
    "in",
    "a",
    "a",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "that",
    "is",
    "was",
    "will",
    "would",
    "could",
    "has",
    "have",
    "not",
    "but",
    "its",
    "their",
    "this",
    "after",
    "before",
    "over",
    "under",
    "while",
    "government",
    "ministry",
    "minister",
    "president",
    "parliament",
    "coalition",
    "opposition",
    "treaty",
    "alliance",
    "summit",
    "talks",
    "agreement",
    "tariff",
    "tariffs",
    "export",
    "exports",
    "imports",
    "subsidy",
    "subsidies",
    "budget",
    "deficit",
    "inflation",
    "rates",
    "central",
    "bank",
    "currency",
    "bond",
    "yields",
    "growth",
    "forecast",
    "quarter",
    "annual",
    "defence",
    "security",
    "missile",
    "navy",
    "troops",
    "exercise",
    "border",
    "strait",
    "shipping",
    "port",
    "pipeline",
    "energy",
    "gas",
    "grid",
    "battery",
    "batteries",
    "chips",
    "semiconductor",
    "factory",
    "plant",
    "investment",
    "billion",
    "million",
    "percent",
    "election",
    "campaign",
    "poll",
    "voters",
    "reform",
    "pension",
    "housing",
    "wages",
    "strike",
    "union",
    "court",
    "ruling",
    "sanctions",
    "embargo",
    "envoy",
    "delegation",
    "visit",
    "statement",
    "communiqué",
    "pledge",
    "pledged",
    "announced",
    "expected",
    "planned",
    "delayed",
    "unresolved",
    "confirmed",
    "denied",
    "warned",
    "argued",
    "said",
    "officials",
    "analysts",
    "diplomats",
    "investors",
    "regulators",
    "lawmakers",
    "partners",
    "neighbours",
    "allies",
    "rivals",
    "region",
    "regional",
    "global",
    "domestic",
    "foreign",
    "northern",
    "southern",
    "coastal",
    "rural",
    "urban",
    "industrial",
    "strategic",
    "economic",
    "political",
    "military",
    "cyber",
    "nuclear",
    "climate",
    "emissions",
    "supply",
    "chain",
    "chains",
    "demand",
    "prices",
    "costs",
    "fees",
    "debt",
    "loans",
    "steel",
    "aluminium",
    "wheat",
    "rice",
    "fertiliser",
    "copper",
    "lithium",
    "rare",
    "earths",
    "Brussels",
    "Geneva",
    "Zürich",
    "São",
    "Paulo",
    "Kraków",
    "Montréal",
    "Tokyo",
    "Seoul",
    "Manila",
    "Jakarta",
    "Nairobi",
    "Lagos",
    "Ankara",
    "Warsaw",
    "Ottawa",
    "Canberra",
    "déjà",
    "naïve",
    "rôle",
    "entrepôt",
    "façade",
    "régime",
    "détente",
    "—",
    "—",
    "东京",
    "2024",
    "2025",
    "2030",
    "G7",
    "G20",
    "NATO",
    "ASEAN",
    "WTO",
    "IMF",
    "first",
    "second",
    "third",
    "new",
    "old",
    "larger",
    "smaller",
    "early",
    "late",
    "next",
    "last",
    "joint",
    "bilateral",
    "trilateral",
    "multilateral",
    "formal",
    "informal",
    "draft",
    "final",
    "interim",
    "emergency",
    "routine",
    "quiet",
    "public",
    "private",
];

const FIRST: &[&str] = &[
    "Amara", "Björn", "Chen", "Daniela", "Emeka", "Fatima", "Giulia", "Hiroshi", "Ingrid", "José",
    "Kavya", "Lukas", "Mei", "Nikolai", "Olusegun", "Priya", "Quentin", "Rosa", "Sven", "Tomás",
    "Ursula", "Valeria", "Wen", "Yusuf", "Zofia",
];

const LAST: &[&str] = &[
    "Abara",
    "Bergström",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fernández",
    "Gupta",
    "Hoffmann",
    "Ishikawa",
    "Jovanović",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rahman",
    "Silva",
    "Tanaka",
    "Uribe",
    "Varga",
    "Weber",
    "Yamada",
    "Zhou",
];

const ROLES: &[&str] = &[
    "Minister of Finance",
    "Foreign Minister",
    "Governor of the central bank",
    "Trade representative",
    "Chief of the defence staff",
    "Opposition leader",
    "Senior analyst at a research institute",
    "Chief executive of a battery maker",
];

const STATUSES: &[&str] = &["announced", "planned", "unresolved", "expected", "delayed"];
const TAGS: &[&str] = &[
    "trade",
    "defence",
    "energy",
    "economy",
    "diplomacy",
    "technology",
    "climate",
    "security",
];
const UNITS: &[&str] = &["billion USD", "million EUR", "percent", "tonnes", "units"];
const PUBLISHERS: &[&str] = &[
    "Wire service",
    "Ministry of Foreign Affairs",
    "Central bank bulletin",
    "Parliamentary record",
    "Research institute",
];
/// Letters a section may take as its key (none is bound to a reader command).
const KEYS: &[char] = &['a', 'd', 'i', 'p', 's', 'u', 'w', 'x', 'z'];

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sentence of `n` words, capitalized, with a full stop.
fn sentence(rng: &mut Rng, n: usize, out: &mut String) {
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            out.push_str(&capitalized(w));
        } else {
            out.push(' ');
            out.push_str(w);
        }
        if i + 1 < n && i > 2 && rng.chance(6) {
            out.push(',');
        }
    }
    out.push('.');
}

/// A phrase of `n` words without a full stop (titles, bullets, labels).
fn phrase(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            s.push_str(&capitalized(w));
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s
}

/// Text broken into source lines of about 76 bytes, as a curator writes it.
fn broken(text: &str, out: &mut String) {
    let mut col = 0;
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            if col + 1 + w.len() > 76 {
                out.push('\n');
                col = 0;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(w);
        col += w.len();
    }
    out.push('\n');
}

/// An item's body of about `words` words: paragraphs, now and then a bullet
/// list or a quotation; it names `person`.
fn body(rng: &mut Rng, words: usize, person: &str) -> String {
    let mut out = String::new();
    let mut left = words;
    let mut first = true;
    while left > 0 {
        if !first {
            out.push('\n');
        }
        let kind = if first { 0 } else { rng.below(10) };
        match kind {
            // A bullet list.
            7 | 8 => {
                for _ in 0..rng.range(2, 4) {
                    let n = rng.range(4, 12).min(left.max(1));
                    out.push_str("- ");
                    out.push_str(&phrase(rng, n));
                    out.push('\n');
                    left = left.saturating_sub(n);
                    if left == 0 {
                        break;
                    }
                }
            }
            // A quotation.
            9 => {
                let n = rng.range(10, 30).min(left.max(1));
                let mut q = String::new();
                sentence(rng, n, &mut q);
                out.push_str("> ");
                out.push_str(&q);
                out.push('\n');
                left = left.saturating_sub(n);
            }
            // A paragraph of a few sentences.
            _ => {
                let mut p = String::new();
                if first {
                    p.push_str(person);
                    p.push(':');
                }
                for _ in 0..rng.range(2, 6) {
                    if left == 0 {
                        break;
                    }
                    let n = rng.range(8, 22).min(left);
                    if !p.is_empty() {
                        p.push(' ');
                    }
                    sentence(rng, n, &mut p);
                    left -= n;
                }
                broken(&p, &mut out);
            }
        }
        first = false;
    }
    out
}

fn date(rng: &mut Rng) -> String {
    format!("2024-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28))
}

/// A whole briefing file.
pub fn generate(p: Params) -> String {
    let mut rng = Rng::new(p.seed);
    let mut out = String::with_capacity(p.sections * p.items * (p.body_words * 7 + 600) + 4096);
    let o = &mut out;
    let _ = writeln!(
        o,
        "# Generated by `cargo run --example gen` (seed {}).",
        p.seed
    );
    let _ = writeln!(o, "format = 1\n\n[briefing]");
    let _ = writeln!(o, "title = \"{}\"", phrase(&mut rng, 9));
    let _ = writeln!(o, "subtitle = \"{}\"", phrase(&mut rng, 14));
    let _ = writeln!(o, "date = 2024-06-{:02}", rng.range(1, 28));
    let _ = writeln!(o, "as_of = 2024-06-{:02}", rng.range(1, 28));
    let _ = writeln!(o, "authors = [\"brief generator\"]");
    let _ = writeln!(o, "tags = [\"{}\", \"{}\"]", TAGS[0], TAGS[1]);
    let mut summary = String::new();
    for _ in 0..3 {
        if !summary.is_empty() {
            summary.push(' ');
        }
        sentence(&mut rng, 18, &mut summary);
    }
    let _ = writeln!(o, "summary = \"{summary}\"");

    let sources = (p.sections * p.items / 8).clamp(3, 200);
    for s in 0..sources {
        let _ = writeln!(o, "\n[[sources]]\nid = \"src-{}\"", s + 1);
        let _ = writeln!(o, "title = \"{}\"", phrase(&mut rng, 7));
        let _ = writeln!(o, "publisher = \"{}\"", rng.pick(PUBLISHERS));
        let _ = writeln!(o, "date = {}", date(&mut rng));
        let _ = writeln!(
            o,
            "url = \"https://example.org/reports/{}/{}\"",
            s + 1,
            rng.below(100_000)
        );
    }

    let people: Vec<String> = (0..8)
        .map(|i| {
            format!(
                "{} {}",
                FIRST[(i * 7 + seed_in(p.seed, FIRST.len())) % FIRST.len()],
                LAST[i * 3 % LAST.len()]
            )
        })
        .collect();
    for (i, name) in people.iter().enumerate() {
        let _ = writeln!(o, "\n[[people]]\nid = \"person-{}\"", i + 1);
        let _ = writeln!(o, "name = \"{name}\"");
        let _ = writeln!(o, "role = \"{}\"", ROLES[i % ROLES.len()]);
        let _ = writeln!(o, "note = \"{}.\"", phrase(&mut rng, 10));
    }

    let mut mention = 0;
    for s in 0..p.sections {
        let _ = writeln!(
            o,
            "\n# {}\n\n[[sections]]\nid = \"section-{}\"",
            "-".repeat(60),
            s + 1
        );
        let n = rng.range(2, 4);
        let _ = writeln!(o, "title = \"{}\"", phrase(&mut rng, n));
        if let Some(k) = KEYS.get(s) {
            let _ = writeln!(o, "key = \"{k}\"");
        }
        let mut summary = String::new();
        sentence(&mut rng, 20, &mut summary);
        summary.push(' ');
        sentence(&mut rng, 14, &mut summary);
        let _ = writeln!(o, "summary = \"{summary}\"");
        for i in 0..p.items {
            let person = &people[mention % people.len()];
            mention += 1;
            let _ = writeln!(o, "\n[[sections.items]]\nid = \"item-{}\"", i + 1);
            let n = rng.range(4, 10);
            let _ = writeln!(o, "title = \"{}\"", phrase(&mut rng, n));
            match rng.below(4) {
                0 => {
                    let _ = writeln!(o, "when = {}", date(&mut rng));
                }
                1 => {
                    let _ = writeln!(
                        o,
                        "when = {}T{:02}:30:00Z",
                        date(&mut rng),
                        rng.range(0, 23)
                    );
                }
                2 => {
                    let _ = writeln!(o, "when = \"by {}\"", rng.range(2025, 2030));
                }
                _ => {}
            }
            if rng.chance(60) {
                let _ = writeln!(o, "status = \"{}\"", rng.pick(STATUSES));
            }
            let _ = writeln!(o, "tags = [\"{}\", \"{}\"]", rng.pick(TAGS), rng.pick(TAGS));
            let _ = writeln!(o, "sources = [\"src-{}\"]", rng.below(sources) + 1);
            if i > 0 && rng.chance(30) {
                let _ = writeln!(
                    o,
                    "see_also = [\"section-{}/item-{}\"]",
                    s + 1,
                    rng.below(i) + 1
                );
            } else if s > 0 && rng.chance(10) {
                let _ = writeln!(o, "see_also = [\"section-{}\"]", rng.below(s) + 1);
            }
            if p.body_words > 0 {
                let _ = write!(
                    o,
                    "body = \"\"\"\n{}\"\"\"\n",
                    body(&mut rng, p.body_words, person)
                );
            } else {
                let _ = writeln!(o, "body = \"{person}.\"");
            }
            if rng.chance(30) {
                let _ = writeln!(
                    o,
                    "figures = [{{ label = \"{}\", value = {}.{}, unit = \"{}\" }}, {{ label = \"{}\", value = {} }}]",
                    phrase(&mut rng, 3),
                    rng.below(1000),
                    rng.below(10),
                    rng.pick(UNITS),
                    phrase(&mut rng, 2),
                    rng.below(100)
                );
            }
            if rng.chance(25) {
                let mut q = String::new();
                let n = rng.range(8, 20);
                sentence(&mut rng, n, &mut q);
                let _ = writeln!(
                    o,
                    "quotes = [{{ text = \"{q}\", speaker = \"{}\", role = \"{}\", source = \"src-{}\" }}]",
                    people[rng.below(people.len())],
                    rng.pick(ROLES),
                    rng.below(sources) + 1
                );
            }
        }
    }
    out
}

#[allow(dead_code)]
fn main() {
    let (mut sections, mut items, mut body_words) = (None, None, None);
    let mut seed = 1;
    let mut archive: Option<String> = None;
    let mut files = 2000usize;
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen [--sections S] [--items N] [--body-words W] [--seed K] [--archive DIR --files F]";
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("{name} needs a number\n{usage}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--sections" => sections = Some(num("--sections").max(1)),
            "--items" => items = Some(num("--items")),
            "--body-words" => body_words = Some(num("--body-words")),
            "--seed" => seed = num("--seed") as u64,
            "--files" => files = num("--files"),
            "--archive" => {
                archive = Some(args.next().unwrap_or_else(|| {
                    eprintln!("--archive needs a folder\n{usage}");
                    std::process::exit(2)
                }))
            }
            "-h" | "--help" => {
                println!("{usage}");
                return;
            }
            other => {
                eprintln!("unknown argument `{other}`\n{usage}");
                std::process::exit(2);
            }
        }
    }
    let (s, i, w) = if archive.is_some() {
        (3, 4, 220)
    } else {
        (4, 20, 200)
    };
    let params = Params {
        sections: sections.unwrap_or(s),
        items: items.unwrap_or(i),
        body_words: body_words.unwrap_or(w),
        seed,
    };
    match archive {
        None => {
            use std::io::Write;
            let text = generate(params);
            if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
                eprintln!("gen: {e}");
                std::process::exit(1);
            }
        }
        Some(dir) => {
            let dir = std::path::Path::new(&dir);
            if let Err(e) = write_archive(dir, params, files) {
                eprintln!("gen: {}: {e}", dir.display());
                std::process::exit(1);
            }
        }
    }
}

/// Writes `files` briefings into `dir` (created if missing), seeds `seed`,
/// `seed + 1` …, on every core. Up to 10,000 files go into `dir` itself
/// (`briefing-0001.toml` …); a larger archive is spread over folders of
/// 1,000 files (`000/briefing-000001.toml` …), as a desk that keeps years
/// of briefings files them.
#[allow(dead_code)]
pub fn write_archive(dir: &std::path::Path, params: Params, files: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let digits = files.to_string().len().max(4);
    let spread = files > 10_000;
    let path = |i: usize| {
        let name = format!("briefing-{:0digits$}.toml", i + 1);
        if spread {
            dir.join(format!("{:03}", i / 1000)).join(name)
        } else {
            dir.join(name)
        }
    };
    if spread {
        for folder in 0..files.div_ceil(1000) {
            std::fs::create_dir_all(dir.join(format!("{folder:03}")))?;
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= files {
                            return Ok(());
                        }
                        let text = generate(Params {
                            seed: params.seed.wrapping_add(i as u64),
                            ..params
                        });
                        std::fs::write(path(i), text)?;
                    }
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a writer failed")))
        })
    })
}

/// `seed` modulo `n`: the same place in a list of `n` as the seed itself.
fn seed_in(seed: u64, n: usize) -> usize {
    usize::try_from(seed % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
}
