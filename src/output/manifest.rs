//! What an output folder held when akhbar last wrote it: each file's length and modification
//! time. A build that finds the folder exactly so can keep its unchanged files where they are
//! instead of writing the whole site again.

use std::collections::BTreeMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use super::MARKER;

/// The files of an output folder by their `/`-separated paths inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    files: BTreeMap<String, Stamp>,
}

/// A file's length and modification time (seconds and nanoseconds since 1970).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp(u64, u64, u32);

impl Stamp {
    /// The stamp of a file with `meta`; `None` where the system keeps no modification time.
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp(meta.len(), since.as_secs(), since.subsec_nanos()))
    }

    pub fn file_len(&self) -> u64 {
        self.0
    }

    /// Whether a file with this stamp had settled by `at`: a write within the clock's
    /// resolution of a look can leave the time unchanged, so a fresher file is not trusted.
    pub fn settled_by(&self, at: SystemTime) -> bool {
        let modified = UNIX_EPOCH + Duration::new(self.1, self.2);
        modified + Duration::from_secs(2) <= at
    }
}

impl Manifest {
    /// The files under `dir` as they are now, the build marker aside; `None` when `dir` cannot
    /// be read whole (or does not exist). The folders two levels down (`news/242513/`) are
    /// walked on every core: a portal's output has a folder for each page, and the walk is
    /// most of what a build with nothing to do costs.
    pub fn of_folder(dir: &Path) -> Option<Manifest> {
        let mut files = BTreeMap::new();
        let mut folders = Vec::new();
        for entry in read_folder(dir)? {
            if entry.1 {
                for inner in read_folder(&entry.0)? {
                    match inner.1 {
                        true => folders.push(inner.0),
                        false => insert_file(&mut files, dir, &inner.0)?,
                    }
                }
            } else if entry.0.strip_prefix(dir).ok()? != Path::new(MARKER) {
                insert_file(&mut files, dir, &entry.0)?;
            }
        }
        let walked: Vec<BTreeMap<String, Stamp>> = folders
            .par_iter()
            .map(|folder| walk(dir, folder))
            .collect::<Option<_>>()?;
        for part in walked {
            files.extend(part);
        }
        Some(Manifest { files })
    }

    /// The stamp of the file at `path`, if the folder has it.
    pub fn get(&self, path: &Path) -> Option<Stamp> {
        self.files.get(&key(path)).copied()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(&key(path))
    }

    /// Records the file at `path` (relative to `dir`) as it is now.
    pub fn record(&mut self, dir: &Path, path: &Path) -> std::io::Result<()> {
        let meta = std::fs::metadata(dir.join(path))?;
        let stamp =
            Stamp::of(&meta).ok_or_else(|| std::io::Error::other("no modification time"))?;
        self.files.insert(key(path), stamp);
        Ok(())
    }

    /// Records `stamp` for `path`.
    pub fn insert(&mut self, path: &Path, stamp: Stamp) {
        self.files.insert(key(path), stamp);
    }

    pub fn remove(&mut self, path: &Path) {
        self.files.remove(&key(path));
    }

    /// The paths of every file, in sorted order.
    pub fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.files.keys().map(PathBuf::from)
    }
}

/// The entries of `folder`, each with whether it is a folder (links are not followed).
fn read_folder(folder: &Path) -> Option<Vec<(PathBuf, bool)>> {
    std::fs::read_dir(folder)
        .ok()?
        .map(|entry| {
            let entry = entry.ok()?;
            Some((entry.path(), entry.file_type().ok()?.is_dir()))
        })
        .collect()
}

/// Records the file at `path`, under `dir`, as it is now.
fn insert_file(files: &mut BTreeMap<String, Stamp>, dir: &Path, path: &Path) -> Option<()> {
    let stamp = Stamp::of(&std::fs::symlink_metadata(path).ok()?)?;
    files.insert(key(path.strip_prefix(dir).ok()?), stamp);
    Some(())
}

/// Every file under `folder`, by its path under `dir`.
fn walk(dir: &Path, folder: &Path) -> Option<BTreeMap<String, Stamp>> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(folder).min_depth(1) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).ok()?;
        files.insert(key(relative), Stamp::of(&entry.metadata().ok()?)?);
    }
    Some(files)
}

/// A path as the manifest names it: its components joined by `/`.
fn key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_every_change_to_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/1")).unwrap();
        std::fs::write(root.join("news/1/index.html"), "خبر").unwrap();
        std::fs::write(root.join("index.html"), "خانه").unwrap();
        std::fs::write(root.join(MARKER), "marker").unwrap();
        std::fs::create_dir_all(root.join("search/shards/a")).unwrap();
        std::fs::write(root.join("search/meta.json"), "{}").unwrap();
        std::fs::write(root.join("search/shards/a/b.json"), "{}").unwrap();
        let before = Manifest::of_folder(root).unwrap();
        assert_eq!(
            before.paths().collect::<Vec<_>>(),
            [
                PathBuf::from("index.html"),
                PathBuf::from("news/1/index.html"),
                PathBuf::from("search/meta.json"),
                PathBuf::from("search/shards/a/b.json"),
            ],
            "files at every depth, the marker aside"
        );
        assert_eq!(Manifest::of_folder(root), Some(before.clone()));

        std::fs::write(root.join("index.html"), "خانهٔ نو").unwrap();
        assert_ne!(Manifest::of_folder(root).as_ref(), Some(&before));
        let mut recorded = before.clone();
        recorded.record(root, Path::new("index.html")).unwrap();
        assert_eq!(Manifest::of_folder(root), Some(recorded.clone()));

        std::fs::write(root.join("extra.html"), "").unwrap();
        assert_ne!(Manifest::of_folder(root), Some(recorded.clone()));
        std::fs::write(root.join("search/shards/a/c.json"), "").unwrap();
        assert_ne!(Manifest::of_folder(root), Some(recorded.clone()));
        std::fs::remove_file(root.join("search/shards/a/c.json")).unwrap();
        std::fs::remove_file(root.join("extra.html")).unwrap();
        std::fs::remove_file(root.join("news/1/index.html")).unwrap();
        recorded.remove(Path::new("news/1/index.html"));
        assert_eq!(Manifest::of_folder(root), Some(recorded));
        assert_eq!(Manifest::of_folder(&root.join("missing")), None);
    }
}
