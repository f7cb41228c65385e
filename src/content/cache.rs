//! Parsed items kept between loads of one process (`akhbar serve`): a file is not read again
//! while its length, modification time and inode are those it had when last read, and not
//! parsed again while its text is the same.

use rustc_hash::FxHashMap as HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::Item;

/// How long before a read a file's modification time must lie for the file to be trusted
/// unread later: a write within the clock's resolution of a read can leave the time unchanged.
const SETTLED: Duration = Duration::from_secs(2);

/// Items by file, each with the hash of the text it was parsed from.
#[derive(Default)]
pub struct ContentCache {
    /// A hash of the settings the items were parsed with (zone, base address).
    settings: u64,
    items: HashMap<PathBuf, Cached>,
}

/// One file's item, the hash of its text, and what the file looked like when it was read.
#[derive(Clone)]
pub(super) struct Cached {
    pub item: Item,
    pub text: u64,
    pub stamp: Option<Stamp>,
}

/// A file's length, modification time and inode, and when the file was read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
    inode: u64,
    read_at: SystemTime,
}

impl Stamp {
    /// The stamp of a file with `meta`, read at `read_at`.
    pub fn new(meta: &Metadata, read_at: SystemTime) -> Option<Stamp> {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            inode,
            read_at,
        })
    }

    /// Whether a file now with `meta` surely has the text it had when this stamp was taken.
    fn unchanged(&self, meta: &Metadata) -> bool {
        Stamp::new(meta, self.read_at).is_some_and(|now| now == *self)
            && self.modified + SETTLED <= self.read_at
    }
}

impl ContentCache {
    /// The entry for `path` if the file, now with `meta`, has not changed since it was read.
    pub(super) fn unchanged(&self, path: &Path, meta: &Metadata) -> Option<&Cached> {
        self.items
            .get(path)
            .filter(|cached| cached.stamp.is_some_and(|stamp| stamp.unchanged(meta)))
    }

    /// The item parsed from `path` when its text had the hash `text`.
    pub(super) fn parsed(&self, path: &Path, text: u64) -> Option<&Item> {
        self.items
            .get(path)
            .filter(|cached| cached.text == text)
            .map(|cached| &cached.item)
    }

    /// Keeps this load's items, made with `settings`, in place of the previous load's.
    pub(super) fn replace(&mut self, settings: u64, items: HashMap<PathBuf, Cached>) {
        self.settings = settings;
        self.items = items;
    }

    /// Whether the items were parsed with `settings`; if not, none may be reused.
    pub(super) fn made_with(&self, settings: u64) -> bool {
        self.settings == settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_just_before_it_was_read_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1.md");
        std::fs::write(&path, "x").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let modified = meta.modified().unwrap();
        let just_after = Stamp::new(&meta, modified + Duration::from_millis(5)).unwrap();
        assert!(!just_after.unchanged(&meta));
        let long_after = Stamp::new(&meta, modified + SETTLED).unwrap();
        assert!(long_after.unchanged(&meta));
    }

    #[test]
    fn a_replaced_or_resized_file_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1.md");
        std::fs::write(&path, "x").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let stamp = Stamp::new(&meta, meta.modified().unwrap() + SETTLED).unwrap();
        std::fs::write(&path, "xy").unwrap();
        assert!(!stamp.unchanged(&std::fs::metadata(&path).unwrap()));
        let other = dir.path().join("2.md");
        std::fs::write(&other, "x").unwrap();
        let copy = std::fs::metadata(&other).unwrap();
        std::fs::rename(&other, &path).unwrap();
        let replaced = std::fs::metadata(&path).unwrap();
        assert_eq!(copy.len(), meta.len());
        assert!(!stamp.unchanged(&replaced));
    }
}
