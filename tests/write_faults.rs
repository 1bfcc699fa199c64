//! Every step of an atomic write refused, as a full disk (`ENOSPC`), a
//! read-only file system (`EROFS`) or a forbidden folder (`EACCES`) refuses
//! it, through the writers' seam (`brief::export::write::Faults`): the
//! export writer (a file replaced, a new file, a new name in a folder) and
//! the reading-position writer. Each time the error names the system's
//! reason, what the user had is byte for byte as it was, and no temporary
//! file is left behind.
//!
//! The steps are not listed by hand: a write without faults is recorded
//! first, and each step it asked for is then refused, the first time and
//! the last time it comes, so a step added to the writer is covered here
//! without a change. Both kinds of temporary file are covered: the unnamed
//! one (`O_TMPFILE`) and the named one a file system without it gets.
//!
//! These run anywhere the tests run, as root or not and with or without
//! the right to mount; `disk_faults.rs` and `state_faults.rs` add the same
//! faults from a real kernel (a small tmpfs) and through the binary.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use brief::export::write::{Step, WriteError, write_file_with_faults, write_new_in_with_faults};
use brief::state::{SavedPosition, Store};

#[path = "support/tmpfs.rs"]
mod tmpfs;
use tmpfs::names;

/// The refusals, with the words the system gives for each.
const ERRORS: [(i32, &str); 3] = [
    (libc::ENOSPC, "No space left on device"),
    (libc::EROFS, "Read-only file system"),
    (libc::EACCES, "Permission denied"),
];

/// What the user had: not plain text, so that a byte changed shows.
const PRECIOUS: &[u8] = b"precious \x00\xff\r\n bytes\n";

/// More than the writer's buffer holds (64 KiB), so it writes several times
/// and a refusal can come with part of the file written.
fn large() -> String {
    "an export line, long enough to fill buffers\n".repeat(5_000)
}

/// Writes `text` a line at a time, as the exports stream their lines.
fn stream(w: &mut dyn Write, text: &str) -> io::Result<()> {
    for line in text.split_inclusive('\n') {
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Which temporary file the writer makes.
#[derive(Debug, Clone, Copy)]
enum Temp {
    /// Whatever this system gives (unnamed on Linux).
    Native,
    /// A named hidden file: `O_TMPFILE` refused as unsupported.
    Named,
}

/// Faults that refuse the `nth` (from 1) ask of `step` with `errno` (none
/// when `step` is `None`), and say which steps were asked, in order.
struct Injector {
    temp: Temp,
    refuse: Option<(Step, usize, i32)>,
    asked: RefCell<Vec<Step>>,
    fired: Cell<bool>,
}

impl Injector {
    fn new(temp: Temp, refuse: Option<(Step, usize, i32)>) -> Injector {
        Injector {
            temp,
            refuse,
            asked: RefCell::new(Vec::new()),
            fired: Cell::new(false),
        }
    }

    fn ask(&self, step: Step) -> io::Result<()> {
        self.asked.borrow_mut().push(step);
        if matches!(self.temp, Temp::Named) && step == Step::Unnamed {
            return Err(io::Error::from_raw_os_error(libc::EOPNOTSUPP));
        }
        if let Some((s, nth, errno)) = self.refuse {
            let count = self.asked.borrow().iter().filter(|&&a| a == s).count();
            if s == step && count == nth {
                self.fired.set(true);
                return Err(io::Error::from_raw_os_error(errno));
            }
        }
        Ok(())
    }

    /// How many times each step was asked.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for s in self.asked.borrow().iter() {
            *m.entry(format!("{s:?}")).or_insert(0) += 1;
        }
        m
    }
}

/// A writer under test: sets up a folder as a user would have it, then
/// writes through the given faults.
trait Case {
    /// What this case writes, for messages.
    fn name(&self) -> &'static str;
    /// Puts what the user had in `dir`.
    fn setup(&self, dir: &Path);
    /// Writes; the error as text.
    fn write(&self, dir: &Path, faults: &dyn Fn(Step) -> io::Result<()>) -> Result<(), String>;
    /// Checks what a successful write left.
    fn check_written(&self, dir: &Path);
    /// Whether it writes in pieces, so that the writer's buffer fills
    /// several times (else one write of the whole).
    fn streams(&self) -> bool {
        false
    }
    /// Whether it makes the folder it writes in.
    fn makes_its_folder(&self) -> bool {
        false
    }
}

/// `brief export -o out.txt --force` over a file the user has.
struct Replace;
/// `brief export -o new.txt` beside a file the user has.
struct New;
/// The reader's export (`e`): a new name in a folder of exports.
struct NewIn {
    /// Whether the folder exists already, with a file of the wanted name.
    existing: bool,
}
/// The reading position, saved over the previous one.
struct Position;

fn io_text(e: &WriteError) -> String {
    assert!(matches!(e, WriteError::Io { .. }), "{e}");
    e.to_string()
}

impl Case for Replace {
    fn name(&self) -> &'static str {
        "a file replaced"
    }
    fn streams(&self) -> bool {
        true
    }
    fn setup(&self, dir: &Path) {
        std::fs::write(dir.join("out.txt"), PRECIOUS).unwrap();
    }
    fn write(&self, dir: &Path, faults: &dyn Fn(Step) -> io::Result<()>) -> Result<(), String> {
        let text = large();
        write_file_with_faults(&dir.join("out.txt"), true, |w| stream(w, &text), faults)
            .map_err(|e| io_text(&e))
    }
    fn check_written(&self, dir: &Path) {
        assert_eq!(
            std::fs::read_to_string(dir.join("out.txt")).unwrap(),
            large()
        );
        assert_eq!(names(dir), ["out.txt"]);
    }
}

impl Case for New {
    fn name(&self) -> &'static str {
        "a new file"
    }
    fn streams(&self) -> bool {
        true
    }
    fn setup(&self, dir: &Path) {
        std::fs::write(dir.join("out.txt"), PRECIOUS).unwrap();
    }
    fn write(&self, dir: &Path, faults: &dyn Fn(Step) -> io::Result<()>) -> Result<(), String> {
        let text = large();
        write_file_with_faults(&dir.join("new.txt"), false, |w| stream(w, &text), faults)
            .map_err(|e| io_text(&e))
    }
    fn check_written(&self, dir: &Path) {
        assert_eq!(
            std::fs::read_to_string(dir.join("new.txt")).unwrap(),
            large()
        );
        assert_eq!(names(dir), ["new.txt", "out.txt"]);
    }
}

impl Case for NewIn {
    fn name(&self) -> &'static str {
        if self.existing {
            "a new name in a folder of exports"
        } else {
            "a new folder of exports"
        }
    }
    fn makes_its_folder(&self) -> bool {
        !self.existing
    }
    fn setup(&self, dir: &Path) {
        std::fs::write(dir.join("out.txt"), PRECIOUS).unwrap();
        if self.existing {
            std::fs::create_dir(dir.join("exports")).unwrap();
            std::fs::write(dir.join("exports/b.txt"), PRECIOUS).unwrap();
        }
    }
    fn write(&self, dir: &Path, faults: &dyn Fn(Step) -> io::Result<()>) -> Result<(), String> {
        write_new_in_with_faults(&dir.join("exports"), "b", "txt", &large(), faults)
            .map(drop)
            .map_err(|e| e.to_string())
    }
    fn check_written(&self, dir: &Path) {
        let name = if self.existing { "b-2.txt" } else { "b.txt" };
        let exports = dir.join("exports");
        assert_eq!(
            std::fs::read_to_string(exports.join(name)).unwrap(),
            large()
        );
        let expected: &[&str] = if self.existing {
            &["b-2.txt", "b.txt"]
        } else {
            &["b.txt"]
        };
        assert_eq!(names(&exports), expected);
    }
}

/// A position (its file is small: one write).
fn position(line: usize) -> SavedPosition {
    SavedPosition {
        tab: 3,
        section_id: "friction".into(),
        item_id: Some("steel".into()),
        item_index: Some(1),
        line_offset: line,
        content_hash: 42,
    }
}

impl Case for Position {
    fn name(&self) -> &'static str {
        "a reading position"
    }
    fn setup(&self, dir: &Path) {
        std::fs::write(dir.join("b.toml"), PRECIOUS).unwrap();
        Store::at(dir.join("positions"))
            .save(&dir.join("b.toml"), &position(10))
            .unwrap();
    }
    fn write(&self, dir: &Path, faults: &dyn Fn(Step) -> io::Result<()>) -> Result<(), String> {
        Store::at(dir.join("positions"))
            .save_with_faults(&dir.join("b.toml"), &position(20), faults)
            .map_err(|e| e.to_string())
    }
    fn check_written(&self, dir: &Path) {
        let store = Store::at(dir.join("positions"));
        assert_eq!(store.load(&dir.join("b.toml")).position, Some(position(20)));
        assert_eq!(names(&dir.join("positions")).len(), 1);
    }
}

/// Every file under `dir` with its bytes, for "nothing changed".
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(format!("{name}/"), Vec::new());
                stack.push(path);
            } else {
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Refuses every step `case` asks for, the first and the last time it
/// comes, with each error, for each kind of temporary file; returns how
/// many refusals were checked.
fn every_refusal_loses_nothing(case: &dyn Case) -> usize {
    let mut checked = 0;
    for temp in [Temp::Native, Temp::Named] {
        // The write without faults: what it asks for, and that it works
        // (so that the failures below are the faults', nothing else's).
        let dir = tempfile::tempdir().unwrap();
        case.setup(dir.path());
        let record = Injector::new(temp, None);
        case.write(dir.path(), &|s| record.ask(s))
            .unwrap_or_else(|e| panic!("{} ({temp:?}) without faults: {e}", case.name()));
        case.check_written(dir.path());
        let counts = record.counts();
        for must in ["Create", "Write", "Sync", "Rename"] {
            if case.name().starts_with("a new") && must == "Rename" {
                continue;
            }
            assert!(
                counts.contains_key(must),
                "{} ({temp:?}) never asked for {must}: {counts:?}",
                case.name()
            );
        }
        if case.streams() {
            assert!(counts["Write"] >= 2, "{counts:?}: one write only");
        }
        let steps: Vec<Step> = {
            let mut v = record.asked.borrow().clone();
            v.dedup();
            v.sort_by_key(|s| format!("{s:?}"));
            v.dedup();
            v
        };
        for &step in &steps {
            if matches!(temp, Temp::Named) && step == Step::Unnamed {
                continue;
            }
            let n = counts[&format!("{step:?}")];
            let mut nths = vec![1, n];
            nths.dedup();
            for nth in nths {
                for (errno, words) in ERRORS {
                    let dir = tempfile::tempdir().unwrap();
                    case.setup(dir.path());
                    let before = snapshot(dir.path());
                    let faults = Injector::new(temp, Some((step, nth, errno)));
                    let what = format!(
                        "{} ({temp:?}), {step:?} #{nth} refused with {words}",
                        case.name()
                    );
                    let err = case.write(dir.path(), &|s| faults.ask(s)).expect_err(&what);
                    assert!(faults.fired.get(), "{what}: the fault never came");
                    assert!(err.contains(words), "{what}: {err}");
                    let mut after = snapshot(dir.path());
                    if case.makes_its_folder() {
                        // The folder, once made, stays (as `mkdir -p`
                        // leaves it), empty.
                        after.remove("exports/");
                    }
                    assert_eq!(
                        after, before,
                        "{what}: something the user had changed, or a file was left"
                    );
                    checked += 1;
                }
            }
        }
    }
    checked
}

#[test]
fn a_refused_replace_keeps_the_old_file_and_leaves_nothing() {
    let n = every_refusal_loses_nothing(&Replace);
    assert!(n >= 30, "{n} refusals checked");
}

#[test]
fn a_refused_new_file_leaves_nothing() {
    let n = every_refusal_loses_nothing(&New);
    assert!(n >= 30, "{n} refusals checked");
}

#[test]
fn a_refused_export_from_the_reader_leaves_nothing() {
    for existing in [false, true] {
        let n = every_refusal_loses_nothing(&NewIn { existing });
        assert!(n >= 30, "{n} refusals checked");
    }
}

#[test]
fn a_refused_position_keeps_the_previous_one_and_leaves_nothing() {
    let n = every_refusal_loses_nothing(&Position);
    assert!(n >= 30, "{n} refusals checked");
}

#[test]
fn a_rename_refused_after_the_hidden_name_is_given_leaves_nothing() {
    // Halfway: the complete file has its hidden name in the folder (Link
    // answered), then the rename over the old file fails.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out.txt"), PRECIOUS).unwrap();
    let linked = Cell::new(false);
    let seen_hidden = RefCell::new(Vec::new());
    let folder = dir.path().to_path_buf();
    let faults = |s: Step| {
        if s == Step::Rename {
            // What is in the folder at the moment of the rename.
            *seen_hidden.borrow_mut() = names(&folder);
            return Err(io::Error::from_raw_os_error(libc::EXDEV));
        }
        if s == Step::Link {
            linked.set(true);
        }
        Ok(())
    };
    let err = write_file_with_faults(
        &dir.path().join("out.txt"),
        true,
        |w| w.write_all(b"new"),
        &faults,
    )
    .unwrap_err();
    assert!(err.to_string().contains("cross-device link"), "{err}");
    if linked.get() {
        // The unnamed file had been given a hidden name: it was there.
        let hidden = seen_hidden.borrow();
        assert_eq!(hidden.len(), 2, "{hidden:?}");
        assert!(hidden.iter().any(|n| n.starts_with(".brief-export-")));
    }
    assert_eq!(std::fs::read(dir.path().join("out.txt")).unwrap(), PRECIOUS);
    assert_eq!(names(dir.path()), ["out.txt"]);
}

#[test]
fn a_full_device_is_a_clear_error_through_the_binary() {
    // `/dev/full` is a device: written into, never replaced; every write
    // fails with ENOSPC, for everyone.
    for force in [false, true] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.arg("export")
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("briefings/us-japan-summit-2024-04.toml"),
            )
            .args(["--all", "-o", "/dev/full"]);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("cannot write /dev/full: No space left on device"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}
