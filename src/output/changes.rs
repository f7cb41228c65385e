//! What a build changed in its output folder: the files it added, changed and removed. The
//! summary line counts them, `akhbar build --changes FILE` lists them, and
//! `--changed-paths FILE` gives them in the form `rsync --files-from` reads, for putting only
//! what changed on the host.

use std::path::{Path, PathBuf};

/// The files one build added to, changed in and removed from its output folder, each sorted,
/// by their paths relative to the folder. A file whose bytes did not change is in none of them
/// (and keeps its bytes and modification time).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeList {
    pub added: Vec<PathBuf>,
    pub changed: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// The output folder was there but could not be compared with (it could not be read whole),
    /// so it was replaced whole: every file is in `added`, and what went is unknown.
    pub whole: bool,
}

/// The kind of one change, as `--changes` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    /// The word `--changes` writes before the path.
    pub fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

impl ChangeList {
    /// Sorts each list, as the fields promise.
    pub fn sorted(mut self) -> ChangeList {
        self.added.sort();
        self.changed.sort();
        self.removed.sort();
        self
    }

    /// How many files changed, of every kind.
    pub fn len(&self) -> usize {
        self.added.len() + self.changed.len() + self.removed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every change with its kind, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (Change, &Path)> {
        let mut all: Vec<(Change, &Path)> =
            (self.added.iter().map(|p| (Change::Added, p.as_path())))
                .chain(self.changed.iter().map(|p| (Change::Changed, p.as_path())))
                .chain(self.removed.iter().map(|p| (Change::Removed, p.as_path())))
                .collect();
        all.sort_by(|a, b| a.1.cmp(b.1));
        all.into_iter()
    }

    /// `--changes`: one change a line, its kind, a tab, and its path with `/` between folders.
    pub fn listing(&self) -> String {
        self.iter()
            .map(|(kind, path)| format!("{}\t{}\n", kind.word(), slashed(path)))
            .collect()
    }

    /// `--changed-paths`: every added, changed and removed path, one a line, for
    /// `rsync --files-from=FILE --delete-missing-args`, which sends the first two kinds and
    /// deletes the third on the host.
    pub fn rsync_files_from(&self) -> String {
        self.iter()
            .map(|(_, path)| format!("{}\n", slashed(path)))
            .collect()
    }
}

/// `path` with `/` between its parts, as rsync and the manifest name paths on every system.
pub(super) fn slashed(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_change_in_path_order_with_its_kind() {
        let changes = ChangeList {
            added: vec!["news/2/index.html".into()],
            changed: vec!["index.html".into(), "category/اطلاعیه‌ها/index.html".into()],
            removed: vec!["tag/x/index.html".into()],
            whole: false,
        }
        .sorted();
        assert_eq!(changes.len(), 4);
        assert_eq!(
            changes.listing(),
            "changed\tcategory/اطلاعیه‌ها/index.html\nchanged\tindex.html\nadded\tnews/2/index.html\nremoved\ttag/x/index.html\n"
        );
        assert_eq!(
            changes.rsync_files_from(),
            "category/اطلاعیه‌ها/index.html\nindex.html\nnews/2/index.html\ntag/x/index.html\n"
        );
        assert!(ChangeList::default().is_empty());
    }
}
