//! The versions of a briefing in git history, read in-process with `gix`.
//!
//! History is followed along first parents from `HEAD` (as `git log
//! --first-parent` does), so a change made on a merged branch is the merge
//! commit's. A file renamed in a commit is followed to its earlier name
//! (git's rename detection: content at least half the same). Errors are
//! typed and worded for a curator, never a library's raw message: outside a
//! repository, an unknown revision, a shallow history.

use std::path::{Path, PathBuf};

use gix::bstr::{BStr, ByteSlice};

use crate::briefing::diagnostic::display_path;

/// Why the history of a briefing could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The file is in no git repository.
    #[error("{path}: not in a git repository (no .git folder here or above)")]
    NotARepository {
        /// The file, as given.
        path: String,
    },
    /// The repository is bare: it has no files to compare with.
    #[error("{path}: the repository has no working tree")]
    NoWorkTree {
        /// The file, as given.
        path: String,
    },
    /// The repository has no commit yet.
    #[error("{path}: the repository has no commits yet")]
    NoCommits {
        /// The file, as given.
        path: String,
    },
    /// Git does not know the revision.
    #[error("unknown revision `{rev}`{}", if *.shallow { " (the repository's history is shallow: older commits were not fetched; `git fetch --unshallow` fetches them)" } else { "" })]
    UnknownRevision {
        /// The revision, as given.
        rev: String,
        /// Whether the history is cut short (a shallow clone).
        shallow: bool,
    },
    /// The revision names something that is not a commit.
    #[error("revision `{rev}` is not a commit")]
    NotACommit {
        /// The revision, as given.
        rev: String,
    },
    /// The file is not in the revision, under its name or an earlier one.
    #[error(
        "{path} is not in revision `{rev}` (commit {commit}), under this name or an earlier one"
    )]
    NotInRevision {
        /// The file, relative to the repository.
        path: String,
        /// The revision, as given.
        rev: String,
        /// Its commit, abbreviated.
        commit: String,
    },
    /// The file was never committed.
    #[error("{path} is not in the history: it was never committed")]
    NeverCommitted {
        /// The file, relative to the repository.
        path: String,
    },
    /// The history stops before the file's first version.
    #[error(
        "the history of {path} is shallow: it stops at commit {commit}, and older versions were not fetched (`git fetch --unshallow` fetches them)"
    )]
    Shallow {
        /// The file, relative to the repository.
        path: String,
        /// The last commit there is, abbreviated.
        commit: String,
    },
    /// Anything else git could not do (a damaged repository).
    #[error("cannot read the git history of {path}: {reason}")]
    Git {
        /// The file, as given.
        path: String,
        /// What went wrong, in a few words.
        reason: String,
    },
}

/// One version of a briefing in history.
#[derive(Debug, Clone)]
pub struct Version {
    /// The commit, in full hexadecimal.
    pub commit: String,
    /// The commit, abbreviated to 7 characters.
    pub short: String,
    /// The author's date, at the author's offset: `YYYY-MM-DD`.
    pub date: String,
    /// The commit's subject line.
    pub subject: String,
    /// The file's path in that commit, relative to the repository.
    pub path: String,
    /// The path it had before, when this commit renamed it.
    pub renamed_from: Option<String>,
    /// The file's bytes in that commit.
    pub bytes: Vec<u8>,
}

/// A briefing file in its git repository.
pub struct FileHistory {
    repo: gix::Repository,
    /// The file as given, for messages.
    shown: String,
    /// The file relative to the working tree, with `/` separators.
    rel: String,
}

impl std::fmt::Debug for FileHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileHistory")
            .field("path", &self.rel)
            .finish_non_exhaustive()
    }
}

/// What one step back in history found.
struct Step<'r> {
    commit: gix::Commit<'r>,
    path: String,
    renamed_from: Option<String>,
    blob: gix::ObjectId,
    /// Whether this commit made a new version (content or name changed).
    is_version: bool,
}

impl FileHistory {
    /// Finds the repository that holds `path` (which need not exist in the
    /// working tree any more).
    pub fn open(path: &Path) -> Result<FileHistory, HistoryError> {
        let shown = display_path(path);
        let absolute = absolute(path).map_err(|reason| HistoryError::Git {
            path: shown.clone(),
            reason,
        })?;
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
        let repo = gix::discover(&dir).map_err(|_| HistoryError::NotARepository {
            path: shown.clone(),
        })?;
        let Some(workdir) = repo.workdir() else {
            return Err(HistoryError::NoWorkTree { path: shown });
        };
        let workdir = workdir.canonicalize().map_err(|e| HistoryError::Git {
            path: shown.clone(),
            reason: format!("cannot read the working tree: {}", e.kind()),
        })?;
        let rel = absolute
            .strip_prefix(&workdir)
            .map_err(|_| HistoryError::NotARepository {
                path: shown.clone(),
            })?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(FileHistory { repo, shown, rel })
    }

    /// The file's path relative to the repository.
    pub fn relative_path(&self) -> &str {
        &self.rel
    }

    fn git_error(&self, what: &str) -> impl Fn(gix::Error) -> HistoryError + '_ {
        let what = what.to_string();
        move |_| HistoryError::Git {
            path: self.shown.clone(),
            reason: what.clone(),
        }
    }

    /// The file as it was at `rev` (any revision git understands), under
    /// the name it had then.
    pub fn at_revision(&self, rev: &str) -> Result<Version, HistoryError> {
        let shallow = self.repo.is_shallow().unwrap_or(false);
        let unknown = || HistoryError::UnknownRevision {
            rev: rev.to_string(),
            shallow,
        };
        let id = self
            .repo
            .rev_parse_single(BStr::new(rev.as_bytes()))
            .map_err(|_| unknown())?;
        let object = id.object().map_err(|_| unknown())?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| HistoryError::NotACommit {
                rev: rev.to_string(),
            })?;
        let target = commit.id;
        // The name it has at that commit: its name now, unless it was
        // renamed since, which the first-parent history from HEAD tells.
        let mut path = self.rel.clone();
        if self.blob_at(&commit, &path)?.is_none() {
            let mut found = None;
            let walked = self.walk(|step| {
                if step.commit.id == target {
                    found = Some(step.path.clone());
                    return false;
                }
                true
            });
            // A history that cannot be walked back to REV leaves the name as it is.
            if walked.is_ok()
                && let Some(p) = found
            {
                path = p;
            }
        }
        let Some(blob) = self.blob_at(&commit, &path)? else {
            return Err(HistoryError::NotInRevision {
                path: self.rel.clone(),
                rev: rev.to_string(),
                commit: short(&target),
            });
        };
        self.version(&commit, path, None, blob)
    }

    /// Every version of the file, newest first: each commit that changed
    /// its content or its name, as `f` receives them.
    ///
    /// A shallow history that stops before the file's first commit is an
    /// error, after the versions that are there.
    pub fn versions(&self, mut f: impl FnMut(Version)) -> Result<(), HistoryError> {
        let mut err = None;
        self.walk(|step| {
            if step.is_version {
                match self.version(
                    &step.commit,
                    step.path.clone(),
                    step.renamed_from.clone(),
                    step.blob,
                ) {
                    Ok(v) => f(v),
                    Err(e) => {
                        err = Some(e);
                        return false;
                    }
                }
            }
            true
        })?;
        err.map_or(Ok(()), Err)
    }

    fn version(
        &self,
        commit: &gix::Commit<'_>,
        path: String,
        renamed_from: Option<String>,
        blob: gix::ObjectId,
    ) -> Result<Version, HistoryError> {
        let bytes = self
            .repo
            .find_blob(blob)
            .map_err(self.git_error("a file's content is missing from the repository"))?
            .take_data();
        let (date, subject) = match commit.decode() {
            Ok(c) => (
                c.author()
                    .ok()
                    .and_then(|a| a.time().ok())
                    .map_or_else(String::new, |t| civil_date(t.seconds, t.offset)),
                c.message_summary().to_str_lossy().into_owned(),
            ),
            Err(_) => (String::new(), String::new()),
        };
        Ok(Version {
            commit: commit.id.to_string(),
            short: short(&commit.id),
            date,
            subject,
            path,
            renamed_from,
            bytes,
        })
    }

    /// The file's blob at `path` in `commit`, if it is there (as a file).
    fn blob_at(
        &self,
        commit: &gix::Commit<'_>,
        path: &str,
    ) -> Result<Option<gix::ObjectId>, HistoryError> {
        let tree = commit
            .tree()
            .map_err(self.git_error("a commit's tree is missing from the repository"))?;
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(self.git_error("a tree is missing from the repository"))?;
        Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
    }

    /// Walks first parents from HEAD, following the file through renames,
    /// giving `f` each commit that holds it, until `f` says stop or the
    /// file's first commit.
    fn walk(&self, mut f: impl FnMut(&Step<'_>) -> bool) -> Result<(), HistoryError> {
        let mut commit = match self.repo.head_commit() {
            Ok(c) => c,
            Err(_) => {
                return Err(HistoryError::NoCommits {
                    path: self.shown.clone(),
                });
            }
        };
        let mut path = self.rel.clone();
        let Some(mut blob) = self.blob_at(&commit, &path)? else {
            return Err(HistoryError::NeverCommitted {
                path: self.rel.clone(),
            });
        };
        let shallow: Vec<gix::ObjectId> = self
            .repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default();
        loop {
            let parent_id = commit.parent_ids().next().map(|id| id.detach());
            if shallow.contains(&commit.id) {
                // Its parents were not fetched: what came before is unknown.
                let step = Step {
                    commit,
                    path: path.clone(),
                    renamed_from: None,
                    blob,
                    is_version: true,
                };
                if !f(&step) {
                    return Ok(());
                }
                return Err(HistoryError::Shallow {
                    path: self.rel.clone(),
                    commit: short(&step.commit.id),
                });
            }
            let Some(parent_id) = parent_id else {
                // The root commit: the file's first version.
                f(&Step {
                    commit,
                    path,
                    renamed_from: None,
                    blob,
                    is_version: true,
                });
                return Ok(());
            };
            let parent = self
                .repo
                .find_commit(parent_id)
                .map_err(self.git_error("a commit is missing from the repository"))?;
            let (before_path, before_blob, renamed_from) = match self.blob_at(&parent, &path)? {
                Some(b) => (Some(path.clone()), Some(b), None),
                None => match self.renamed_from(&parent, &commit, &path)? {
                    Some(old) => {
                        let b = self.blob_at(&parent, &old)?;
                        (Some(old.clone()), b, Some(old))
                    }
                    None => (None, None, None),
                },
            };
            let is_version = before_blob != Some(blob) || renamed_from.is_some();
            let step = Step {
                commit,
                path: path.clone(),
                renamed_from,
                blob,
                is_version,
            };
            if !f(&step) {
                return Ok(());
            }
            match (before_path, before_blob) {
                (Some(p), Some(b)) => {
                    path = p;
                    blob = b;
                    commit = parent;
                }
                // Added in this commit: its history starts here.
                _ => return Ok(()),
            }
        }
    }

    /// The path `path` had in `parent`, when `commit` renamed it.
    fn renamed_from(
        &self,
        parent: &gix::Commit<'_>,
        commit: &gix::Commit<'_>,
        path: &str,
    ) -> Result<Option<String>, HistoryError> {
        let old_tree = parent
            .tree()
            .map_err(self.git_error("a commit's tree is missing from the repository"))?;
        let new_tree = commit
            .tree()
            .map_err(self.git_error("a commit's tree is missing from the repository"))?;
        let mut options = gix::diff::Options::default();
        options
            .track_path()
            .track_rewrites(Some(gix::diff::Rewrites::default()));
        let changes = self
            .repo
            .diff_tree_to_tree(&old_tree, &new_tree, options)
            .map_err(self.git_error("cannot compare two commits"))?;
        Ok(changes.into_iter().find_map(|c| match c {
            gix::object::tree::diff::ChangeDetached::Rewrite {
                source_location,
                location,
                copy: false,
                ..
            } if location == path => Some(source_location.to_str_lossy().into_owned()),
            _ => None,
        }))
    }
}

/// The first 7 hexadecimal digits of a commit.
fn short(id: &gix::ObjectId) -> String {
    let mut s = id.to_string();
    s.truncate(7);
    s
}

/// `path` made absolute with its folders' links resolved; the file itself
/// need not exist.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let name = path
        .file_name()
        .ok_or_else(|| "the path names no file".to_string())?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent = parent
        .canonicalize()
        .map_err(|e| format!("cannot read its folder: {}", e.kind()))?;
    Ok(parent.join(name))
}

/// `YYYY-MM-DD` of a time in seconds since 1970 at an offset in seconds
/// east of UTC (Howard Hinnant's days-to-civil).
pub fn civil_date(seconds: i64, offset: i32) -> String {
    let days = (seconds + i64::from(offset)).div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_at_offsets() {
        assert_eq!(civil_date(0, 0), "1970-01-01");
        // 2024-04-10T23:30:00Z is already the 11th in Tokyo.
        assert_eq!(civil_date(1_712_791_800, 0), "2024-04-10");
        assert_eq!(civil_date(1_712_791_800, 9 * 3600), "2024-04-11");
        assert_eq!(civil_date(951_782_400, 0), "2000-02-29");
    }
}
