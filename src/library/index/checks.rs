//! The index's files checked against their checksums: on open, and the
//! positions before a phrase is looked for in them.

use std::path::Path;

/// Files of the kinds that may be left out of the check on open when they
/// are larger than this: the stored texts (each record carries its own
/// hash, checked when it is read) and the positions (checked before the
/// first phrase is looked for).
const CHECKED_LATER: u64 = 16 << 20;

/// Checks the checksums of the index's files (damage that leaves a file's
/// length and footer whole, a flipped bit, shows only there), but large
/// stores and positions, which are checked as they are used (see
/// [`CHECKED_LATER`]).
pub(super) fn check_files(
    index: &tantivy::Index,
    metas: &tantivy::IndexMeta,
    folder: &Path,
) -> Result<(), String> {
    let dir = index.directory();
    for file in metas.list_segment_files() {
        let later = file.extension().is_some_and(|e| e == "store" || e == "pos");
        // The list names a deletions file for every segment, whether it has
        // one or not; a segment's other files missing fail its opening.
        let Ok(meta) = std::fs::metadata(folder.join(&file)) else {
            continue;
        };
        if later && meta.len() > CHECKED_LATER {
            continue;
        }
        match dir.validate_checksum(&file) {
            Ok(true) => {}
            Ok(false) => {
                return Err(format!(
                    "it is damaged ({} fails its checksum)",
                    file.display()
                ));
            }
            Err(e) => return Err(format!("it is damaged ({e})")),
        }
    }
    Ok(())
}

/// Checks the positions files, whatever their size: before a phrase is
/// looked for in them.
pub(super) fn check_positions(index: &tantivy::Index) -> Result<(), String> {
    let metas = index
        .load_metas()
        .map_err(|e| format!("it is damaged ({e})"))?;
    let dir = index.directory();
    for file in metas.list_segment_files() {
        if file.extension().is_some_and(|e| e == "pos")
            && !dir
                .validate_checksum(&file)
                .map_err(|e| format!("it is damaged ({e})"))?
        {
            return Err(format!(
                "it is damaged ({} fails its checksum)",
                file.display()
            ));
        }
    }
    Ok(())
}
