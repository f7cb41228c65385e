//! Parsed items kept between loads: for the life of one process (`akhbar serve`), and on disk
//! from one `akhbar build` to the next ([`saved`]). A file is not read again while its length,
//! modification time and inode are those it had when last read, and not parsed again while its
//! text is the same. When a watcher tells every change, the folders are not walked and
//! unchanged files not even looked at.

mod saved;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fs::Metadata;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::Item;
use super::body::Body;

/// How long before a read a file's modification time must lie for the file to be trusted
/// unread later: a write within the clock's resolution of a read can leave the time unchanged.
const SETTLED: Duration = Duration::from_secs(2);

/// Items by file, each with the hash of the text it was parsed from.
#[derive(Default)]
pub struct ContentCache {
    /// A hash of the settings the items were parsed with (zone, base address).
    settings: u64,
    /// The site's address the items were parsed for, which their bodies are rendered with.
    base_url: Arc<str>,
    items: HashMap<FileKey, Cached>,
    /// The Markdown files of the latest load, each with whether it is a news item.
    files: Vec<(PathBuf, bool)>,
    /// The paths changed since the latest load, when a watcher tells them all.
    changed: Option<HashSet<PathBuf>>,
    tracking: bool,
    /// The generation of the saved cache these items are, until an item is parsed again.
    generation: Option<u64>,
    /// The hash of each shard's file as saved ([`saved`]), none for a shard with an item read
    /// since (or never saved): only those are written again.
    shards: Vec<Option<u64>>,
}

/// A file's path as the items are kept by: hashed and compared by its bytes, which costs a
/// fraction of doing so by its components and is the same for the paths one walk gives.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct FileKey(pub PathBuf);

impl FileKey {
    fn bytes(&self) -> &[u8] {
        bytes_of(&self.0)
    }
}

/// What a [`FileKey`] of `path` is hashed and compared by, to look it up.
fn bytes_of(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

impl PartialEq for FileKey {
    fn eq(&self, other: &FileKey) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for FileKey {}

impl Hash for FileKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes().hash(state);
    }
}

impl Borrow<[u8]> for FileKey {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

/// The files of `before` that `now` does not have; both sorted.
fn gone(before: &[(PathBuf, bool)], now: &[(PathBuf, bool)]) -> Vec<PathBuf> {
    let mut now = now.iter().map(|(path, _)| path).peekable();
    let mut gone = Vec::new();
    for (path, _) in before {
        while now.next_if(|later| *later < path).is_some() {}
        if now.peek() != Some(&path) {
            gone.push(path.clone());
        }
    }
    gone
}

/// One file's item, the hash of its text, and what the file looked like when it was read.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Cached {
    pub item: Item,
    pub text: u64,
    pub stamp: Option<Stamp>,
}

/// A file's length, modification time and inode, and when the file was read.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
    inode: u64,
    read_at: SystemTime,
}

impl Cached {
    /// Makes the body of this entry's news item, from the file at `path`, one rendered again
    /// from the file for a site at `base_url` when it is asked for; none when another holds
    /// the item, which is then left as it is. A page keeps its body.
    fn defer_body(&mut self, path: &Path, base_url: &Arc<str>) -> Option<()> {
        if let Item::News(item) = &mut self.item {
            let item = Arc::get_mut(item)?;
            let shown = item.path.clone();
            let base_url = Arc::clone(base_url);
            item.body = Body::deferred(path.to_path_buf(), shown, self.text, base_url);
        }
        Some(())
    }
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
            .get(bytes_of(path))
            .filter(|cached| cached.stamp.is_some_and(|stamp| stamp.unchanged(meta)))
    }

    /// The item parsed from `path` when its text had the hash `text`.
    pub(super) fn parsed(&self, path: &Path, text: u64) -> Option<&Item> {
        self.items
            .get(bytes_of(path))
            .filter(|cached| cached.text == text)
            .map(|cached| &cached.item)
    }

    /// Takes this load's `files` (sorted), made with `settings` for a site at `base_url`, in
    /// place of the previous load's: `read` are the files read again, each with its entry
    /// (none when its item could not be made); the items of the others are kept, but those of
    /// files no longer there.
    pub(super) fn replace(
        &mut self,
        (settings, base_url): (u64, &str),
        files: Vec<(PathBuf, bool)>,
        read: Vec<(PathBuf, Option<Cached>)>,
    ) {
        if settings != self.settings {
            self.shards.clear();
            self.items.clear();
        }
        let mut touched: Vec<PathBuf> = Vec::new();
        if files != self.files {
            touched = gone(&self.files, &files);
            for path in &touched {
                self.items.remove(bytes_of(path));
            }
        }
        if !read.is_empty() || settings != self.settings || files != self.files {
            self.generation = None;
        }
        for (path, cached) in read {
            match cached {
                Some(cached) => self.items.insert(FileKey(path.clone()), cached),
                None => self.items.remove(bytes_of(&path)),
            };
            touched.push(path);
        }
        for path in &touched {
            if let Some(shard) = self.shards.get_mut(saved::shard_of(path)) {
                *shard = None;
            }
        }
        self.settings = settings;
        if *self.base_url != *base_url {
            self.base_url = base_url.into();
        }
        self.files = files;
        self.changed = self.tracking.then(HashSet::default);
    }

    /// From now on the caller tells every changed path with [`ContentCache::changed`] (or
    /// [`ContentCache::lost_track`]), so loads need not walk the folders nor look at files.
    pub fn track_changes(&mut self) {
        self.tracking = true;
    }

    /// Notes that `path` (absolute, as the files are found) was created, changed or removed.
    pub fn changed(&mut self, path: PathBuf) {
        if let Some(changed) = &mut self.changed {
            changed.insert(path);
        }
    }

    /// Some changes went unseen (the watcher's queue overflowed): the next load looks at all.
    pub fn lost_track(&mut self) {
        self.changed = None;
    }

    /// The Markdown files under `content`, from the latest load's and the changes since, if
    /// every change is known and each is a Markdown file or outside the items' folders.
    pub(super) fn files_now(&self, content: &Path) -> Option<Vec<(PathBuf, bool)>> {
        let changed = self.changed.as_ref()?;
        let (news, pages) = (content.join("news"), content.join("pages"));
        let mut files = self.files.clone();
        for path in changed {
            let is_news = path.starts_with(&news);
            if !is_news && !path.starts_with(&pages) {
                continue;
            }
            let markdown = path.extension().is_some_and(|ext| ext == "md")
                && (is_news || path.parent() == Some(pages.as_path()));
            let exists = std::fs::symlink_metadata(path).ok();
            // A folder, or a link the path rule must look at: the folders are walked again.
            let walk = exists
                .as_ref()
                .is_some_and(|meta| meta.is_dir() || meta.is_symlink());
            if walk || (exists.is_some() && !markdown) {
                return None;
            }
            let at = files.binary_search_by(|(file, _)| file.cmp(path));
            match (at, exists.is_some_and(|meta| meta.is_file()) && markdown) {
                (Err(at), true) => files.insert(at, (path.clone(), is_news)),
                (Ok(at), false) => {
                    files.remove(at);
                }
                _ => {}
            }
        }
        Some(files)
    }

    /// The entry for `path` if a watcher tells every change and `path` has had none.
    pub(super) fn untouched(&self, path: &Path) -> Option<&Cached> {
        let changed = self.changed.as_ref()?;
        (!changed.contains(path))
            .then(|| self.items.get(bytes_of(path)))
            .flatten()
    }

    /// Lets go of the rendered bodies of the news items kept (those no one else holds): each
    /// is rendered again from its file, which must still have the text it was parsed from,
    /// when a page, a feed or the search index asks for it. A preview of a portal keeps its
    /// items between builds, not their HTML.
    pub fn release_bodies(&mut self) {
        for (path, cached) in &mut self.items {
            if matches!(&cached.item, Item::News(item) if item.body.is_rendered()) {
                cached.defer_body(&path.0, &self.base_url);
            }
        }
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
