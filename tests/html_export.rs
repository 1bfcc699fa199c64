//! `brief export --format html` without a browser: the page's markup is
//! only the export's own (whatever the briefing says), every in-page link
//! has its anchor, `--section` and `--all` follow the export plan, and bad
//! targets get clear messages. `tests/browser/` opens the same pages in
//! Chromium.

#[path = "support/tmpfs.rs"]
mod tmpfs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::briefing::{Briefing, LoadOptions, load_file, load_str};
use brief::export::{Plan, export_html};
use tmpfs::{Tmpfs, Unwritable, fill, names};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn summit_path() -> PathBuf {
    root().join("briefings/us-japan-summit-2024-04.toml")
}

fn load(path: &Path) -> Briefing {
    load_file(path, &LoadOptions::default())
        .expect("loads")
        .briefing
}

fn brief(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(home.path())
        .env("HOME", home.path())
        .env_remove("BRIEF_CONFIG")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap()
}

/// Elements the export writes, and the attributes it gives them.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "nav",
    "ol",
    "ul",
    "li",
    "a",
    "main",
    "section",
    "article",
    "span",
    "time",
    "blockquote",
    "figure",
    "figcaption",
    "cite",
    "div",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "dir",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "rel",
    "aria-label",
    "aria-hidden",
    "datetime",
    "cite",
    "style",
    "scope",
];

/// A tag of the page: its name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every tag of the page's body. Text never holds `<` (it is escaped) and
/// attribute values never hold `>` or `"`, so a tag is what lies between a
/// `<` and the next `>`; anything else fails here.
fn tags(html: &str) -> Vec<Tag> {
    let body = &html[html.find("<body>").expect("a body")..];
    let mut out = Vec::new();
    for piece in body.split('<').skip(1) {
        let inside = &piece[..piece.find('>').expect("a tag ends")];
        let inside = inside.strip_prefix('/').unwrap_or(inside);
        let (name, mut rest) = inside.split_once(' ').unwrap_or((inside, ""));
        let mut attributes = Vec::new();
        while !rest.is_empty() {
            let (attr, after) = rest.split_once("=\"").expect("attr=\"value\"");
            let (value, after) = after.split_once('"').expect("a closing quote");
            attributes.push((attr.trim().to_string(), value.to_string()));
            rest = after.trim_start();
        }
        out.push(Tag {
            name: name.to_string(),
            attributes,
        });
    }
    out
}

/// Checks that nothing of the page's markup came from its text.
fn assert_only_own_markup(what: &str, html: &str) {
    for tag in tags(html) {
        assert!(
            ELEMENTS.contains(&tag.name.as_str()),
            "{what}: element {tag:?}"
        );
        for (name, value) in &tag.attributes {
            assert!(ATTRIBUTES.contains(&name.as_str()), "{what}: {tag:?}");
            if name == "href" {
                assert!(
                    value.starts_with('#')
                        || value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with("mailto:"),
                    "{what}: link to {value}"
                );
            }
            if name == "cite" {
                assert!(value.starts_with("http"), "{what}: cite {value}");
            }
            if name == "style" {
                assert!(
                    value.starts_with("width:") && value.ends_with('%'),
                    "{what}: style {value}"
                );
            }
        }
    }
    assert!(!html.contains("<script"), "{what}");
    let head = &html[..html.find("<body>").unwrap()];
    assert_eq!(head.matches("<style>").count(), 1, "{what}");
}

/// Every `href="#…"` of the page has an element with that id.
fn assert_links_resolve(what: &str, html: &str) {
    let mut ids = std::collections::HashSet::new();
    for tag in tags(html) {
        for (name, value) in tag.attributes {
            if name == "id" {
                assert!(ids.insert(value.clone()), "{what}: id {value} twice");
            }
        }
    }
    for href in html.split("href=\"#").skip(1) {
        let anchor = &href[..href.find('"').unwrap()];
        assert!(ids.contains(anchor), "{what}: #{anchor} goes nowhere");
    }
}

#[test]
fn no_hostile_briefing_puts_markup_or_links_in_the_page() {
    let mut exported = 0;
    for entry in std::fs::read_dir(root().join("tests/hostile")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(loaded) = load_file(&path, &LoadOptions::default()) else {
            continue;
        };
        let b = loaded.briefing;
        let what = path.file_name().unwrap().to_string_lossy().into_owned();
        let html = export_html(&b, &Plan::all(&b), 80);
        assert_only_own_markup(&what, &html);
        assert_links_resolve(&what, &html);
        for (i, _) in b.sections.iter().enumerate() {
            let html = export_html(&b, &Plan::sections(&[i]), 80);
            assert_only_own_markup(&what, &html);
            assert_links_resolve(&what, &html);
        }
        exported += 1;
    }
    assert!(exported >= 10, "only {exported} hostile briefings exported");
}

#[test]
fn the_markup_fixture_reads_as_text() {
    let b = load(&root().join("tests/hostile/html-markup.toml"));
    let html = export_html(&b, &Plan::all(&b), 80);
    for escaped in [
        "<title>&lt;script&gt;alert('title')&lt;/script&gt; Briefing &amp; \"friends\"</title>",
        "<meta name=\"author\" content=\"&quot;&gt;&lt;script&gt;alert(&#39;author&#39;)&lt;/script&gt;\">",
        "<h2>&lt;/h2&gt;&lt;script&gt;alert('section')&lt;/script&gt;Section</h2>",
        "&amp;lt;script&amp;gt;alert('entity')&amp;lt;/script&amp;gt; stays as written.",
        "<span class=\"url\">javascript:alert('source')</span>",
        "<span class=\"url\">JaVaScRiPt:alert('mixed')</span>",
        "<span class=\"url\">file:///etc/passwd</span>",
        "<a href=\"https://example.com/a&quot;&gt;&lt;script&gt;alert(&#39;href&#39;)&lt;/script&gt;\" rel=\"noopener noreferrer\">",
        "<a href=\"https://example.com/it&#39;s&#39;onmouseover=&#39;alert(2)\"",
        "<cite>Mallory &lt;/cite&gt;&lt;script&gt;alert('person')&lt;/script&gt;</cite>",
    ] {
        assert!(html.contains(escaped), "missing {escaped} in\n{html}");
    }
}

#[test]
fn the_summit_page_has_every_part_item_and_anchor() {
    let b = load(&summit_path());
    let html = export_html(&b, &Plan::all(&b), 80);
    assert_only_own_markup("summit", &html);
    assert_links_resolve("summit", &html);
    assert_eq!(html.matches("<article id=").count(), b.item_count());
    for s in &b.sections {
        assert!(html.contains(&format!("<section id=\"{}\">\n<h2>", s.id)));
        for item in &s.items {
            let id = item.id.as_deref().unwrap();
            assert!(html.contains(&format!("<article id=\"{}/{id}\">", s.id)));
        }
    }
    for part in ["_timeline", "_people", "_sources"] {
        assert!(html.contains(&format!("<section id=\"{part}\">")), "{part}");
        assert!(
            html.contains(&format!("<li><a href=\"#{part}\">")),
            "{part}"
        );
    }
    // Each see_also is a link inside the page.
    assert!(html.contains("<li><a href=\"#economy/toyota-north-carolina\">"));
    // Bars compare a figure with the largest of its unit in the section.
    let economy = &html[html.find("<section id=\"economy\">").unwrap()..];
    let economy = &economy[..economy.find("</section>").unwrap()];
    let widths: Vec<&str> = economy
        .split("style=\"width:")
        .skip(1)
        .map(|w| &w[..w.find('"').unwrap()])
        .collect();
    assert!(widths.contains(&"100%"), "{widths:?}");
    assert!(widths.iter().any(|w| *w != "100%"), "{widths:?}");
}

#[test]
fn one_section_has_its_sources_and_links_elsewhere_as_text() {
    let out = brief(&[
        "export",
        summit_path().to_str().unwrap(),
        "--section",
        "defense",
        "--format",
        "html",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    assert!(html.ends_with("</html>\n"));
    assert_eq!(
        html.matches("<section id=").count(),
        2,
        "the section and its sources"
    );
    assert!(html.contains("<section id=\"defense\">"));
    assert!(html.contains("<section id=\"_sources\">"));
    assert!(html.contains("<p class=\"meta\">Section: Defense cooperation</p>"));
    assert!(
        html.contains("(not in this export)"),
        "see_also to other sections"
    );
    assert_links_resolve("defense", &html);
    // The same page as the library makes.
    let b = load(&summit_path());
    assert_eq!(html, export_html(&b, &Plan::sections(&[1]), 80));
}

#[test]
fn written_to_a_file_the_page_is_the_same_and_width_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("summit.html");
    let summit = summit_path();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "export",
            summit.to_str().unwrap(),
            "--all",
            "--format",
            "html",
            "-o",
            target.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        brief(&a)
    };
    let out = args(&["--width", "60"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "note: --width does not apply to HTML, which the browser wraps to its window\nwrote "
        ),
        "{err}"
    );
    let b = load(&summit);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        export_html(&b, &Plan::all(&b), 0)
    );
    let again = args(&[]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already exists; use --force to replace it"),
        "{err}"
    );
    assert_eq!(names(dir.path()), vec!["summit.html"]);
}

#[test]
fn a_read_only_or_full_target_is_a_clear_error_and_keeps_the_old_page() {
    let summit = summit_path();
    let export = |target: &Path| {
        brief(&[
            "export",
            summit.to_str().unwrap(),
            "--all",
            "--format",
            "html",
            "-o",
            target.to_str().unwrap(),
            "--force",
        ])
    };
    // The full disk is real where a tmpfs can be mounted; elsewhere the
    // kernel refuses the write by the file size limit instead (EFBIG).
    // Every step of the writer refused, on any machine, is in
    // write_faults.rs.
    match Tmpfs::mount("64k") {
        Ok(full) => a_full_disk_keeps_the_old_page(&full, &export),
        Err(_) => a_write_refused_keeps_the_old_page(&summit),
    }

    let Some(ro) = Unwritable::new("an HTML export to a read-only folder") else {
        return;
    };
    let page = ro.path().join("page.html");
    std::fs::write(&page, "precious\n").unwrap();
    ro.lock();
    let out = export(&page);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(ro.words()), "{err}");
    assert!(err.contains(&page.display().to_string()), "{err}");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "precious\n");
    assert_eq!(names(ro.path()), vec!["page.html"]);
}

/// An HTML export whose write the kernel refuses (the file size limit),
/// over an old page: a clear error, and the old page as it was.
fn a_write_refused_keeps_the_old_page(summit: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, "precious\n").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
    cmd.current_dir(dir.path())
        .env("HOME", dir.path())
        .env_remove("BRIEF_CONFIG")
        .env_remove("XDG_CONFIG_HOME")
        .arg("export")
        .arg(summit)
        .args(["--all", "--format", "html", "-o"])
        .arg(&page)
        .arg("--force");
    tmpfs::limit_file_size(&mut cmd, 4096, false);
    let out = cmd.output().unwrap();
    refused_and_kept(&out, &page, "File too large (os error 27)", &["page.html"]);
}

fn a_full_disk_keeps_the_old_page(full: &Tmpfs, export: &dyn Fn(&Path) -> Output) {
    let page = full.path().join("page.html");
    std::fs::write(&page, "precious\n").unwrap();
    fill(full.path());
    let out = export(&page);
    refused_and_kept(
        &out,
        &page,
        "No space left on device (os error 28)",
        &["filler", "page.html"],
    );
}

/// The export failed with exit status 1 and one line saying why, `page`
/// still holds what it held, and its folder holds `names_left` and nothing
/// left behind.
fn refused_and_kept(out: &Output, page: &Path, why: &str, names_left: &[&str]) {
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error: cannot write {}: {why}\n", page.display())
    );
    assert_eq!(std::fs::read_to_string(page).unwrap(), "precious\n");
    assert_eq!(names(page.parent().unwrap()), names_left);
}

#[test]
fn the_language_is_the_page_s() {
    let source = std::fs::read_to_string(summit_path()).unwrap();
    for (tag, html) in [
        ("en-gb", "<html lang=\"en-GB\">"),
        ("he", "<html lang=\"he\" dir=\"rtl\">"),
        ("zh-Hant-TW", "<html lang=\"zh-Hant-TW\">"),
    ] {
        let with = source.replacen(
            "[briefing]\n",
            &format!("[briefing]\nlanguage = \"{tag}\"\n"),
            1,
        );
        let b = load_str(Path::new("l.toml"), &with, &LoadOptions::default())
            .unwrap()
            .briefing;
        assert!(export_html(&b, &Plan::all(&b), 0).contains(html), "{tag}");
    }
    let b = load(&summit_path());
    assert!(export_html(&b, &Plan::all(&b), 0).contains("<!DOCTYPE html>\n<html>\n"));
}
