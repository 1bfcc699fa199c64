//! Export of the 25 MB briefing's section to a file, as `brief export
//! --section 1 -o FILE --force` writes it, beside the same bytes written
//! and synced to a file the same way with nothing of `brief` in it.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use brief::briefing::Briefing;
use brief::export::Plan;
use brief::export::write::{write_file, write_file_with};

use crate::{Row, mb, mbps, ms, ratio, row, time};

/// The floor of an export: `bytes` written to a new file beside `path`,
/// synced, renamed over `path`, and the folder synced, as the export's
/// atomic writer does.
fn plain_write(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp).expect("creates");
    file.write_all(bytes).expect("writes");
    file.sync_all().expect("syncs");
    drop(file);
    std::fs::rename(&tmp, path).expect("renames");
    if let Some(dir) = path.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

pub fn rows(rows: &mut Vec<Row>, dir: &Path, b: &Briefing, budget: Duration) {
    let plan = Plan::sections(&[0]);
    let out = dir.join("export.out");
    let floor_out = dir.join("floor.out");

    let text = brief::export::export_text(b, &plan, 80);
    let bytes = text.len();
    let floor = time(3, budget, || plain_write(&floor_out, text.as_bytes()));
    let text_t = time(3, budget, || {
        let text = brief::export::export_text(b, &plan, 80);
        write_file(&out, &text, true).expect("writes");
    });
    assert_eq!(
        std::fs::metadata(&out).map(|m| m.len()).ok(),
        Some(bytes as u64)
    );
    drop(text);
    rows.push(row(
        &format!(
            "Export a section as text at 80 columns, {} written to a file and synced",
            mb(bytes)
        ),
        format!("{} ({})", ms(text_t), mbps(bytes, text_t)),
        format!("write + fsync of the same bytes {}", ms(floor)),
        Some(ratio(text_t, floor)),
        "≥ 50 MB/s, ≤ 5× floor",
        bytes as f64 / text_t.as_secs_f64() >= 50e6 && ratio(text_t, floor) <= 5.0,
    ));

    // HTML: the same plan marked up rather than wrapped, streamed to its
    // file; at least as fast as the text export.
    let html = brief::export::export_html(b, &plan, 80);
    let html_bytes = html.len();
    let floor = time(3, budget, || plain_write(&floor_out, html.as_bytes()));
    drop(html);
    let html_t = time(3, budget, || {
        write_file_with(&out, true, |w| brief::export::write_html(b, &plan, w)).expect("writes");
    });
    assert_eq!(
        std::fs::metadata(&out).map(|m| m.len()).ok(),
        Some(html_bytes as u64)
    );
    rows.push(row(
        &format!(
            "Export the section as HTML, {} streamed to a file and synced",
            mb(html_bytes)
        ),
        format!("{} ({})", ms(html_t), mbps(html_bytes, html_t)),
        format!("write + fsync of the same bytes {}", ms(floor)),
        Some(ratio(html_t, floor)),
        &format!("≤ the text export ({})", ms(text_t)),
        html_t <= text_t,
    ));
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&floor_out);
}
