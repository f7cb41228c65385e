//! What an output folder held when akhbar last wrote it: each file's and each folder's length
//! and modification time. A build that finds the folder exactly so can keep its unchanged files
//! where they are instead of writing the whole site again. Finding it so costs one look at each
//! file and folder by its path ([`Manifest::holds`]), not a walk of the folder: a file edited
//! or removed by hand changes its own stamp, and one added changes its folder's.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use super::MARKER;

/// The files and folders of an output folder by their `/`-separated paths inside it (the
/// folder itself is `""`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    files: BTreeMap<String, Stamp>,
    #[serde(default)]
    folders: BTreeMap<String, Stamp>,
    /// When the folders were last stamped: a folder modified less than two seconds before may
    /// change again within its clock's resolution unseen, so its entries are looked at too.
    #[serde(default)]
    folders_stamped: Option<SystemTime>,
}

impl PartialEq for Manifest {
    /// The same files and folders with the same stamps, whenever they were taken.
    fn eq(&self, other: &Manifest) -> bool {
        self.files == other.files && self.folders == other.folders
    }
}

impl Eq for Manifest {}

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
        let folders_stamped = Some(SystemTime::now());
        let mut stamps = Stamps::default();
        let mut inner_folders = Vec::new();
        stamps.folders.insert(String::new(), stamp_in(dir, "")?);
        for entry in read_folder(dir)? {
            if entry.1 {
                stamps.insert(dir, &entry.0, true)?;
                for inner in read_folder(&entry.0)? {
                    match inner.1 {
                        true => inner_folders.push(inner.0),
                        false => stamps.insert(dir, &inner.0, false)?,
                    }
                }
            } else if entry.0.strip_prefix(dir).ok()? != Path::new(MARKER) {
                stamps.insert(dir, &entry.0, false)?;
            }
        }
        let walked: Vec<Stamps> = inner_folders
            .par_iter()
            .map(|folder| walk(dir, folder))
            .collect::<Option<_>>()?;
        for part in walked {
            stamps.files.extend(part.files);
            stamps.folders.extend(part.folders);
        }
        Some(Manifest {
            files: stamps.files,
            folders: stamps.folders,
            folders_stamped,
        })
    }

    /// Whether the folder `dir` holds exactly these files and folders, each with its stamp (the
    /// build marker aside). Each is looked at by its path, on every core; a folder whose stamp
    /// was taken too soon after it changed to be trusted has its entries compared too.
    pub fn holds(&self, dir: &Path) -> bool {
        let stamped = |key: &String| stamp_in(dir, key);
        let files = || {
            self.files
                .par_iter()
                .all(|(key, stamp)| stamped(key) == Some(*stamp))
        };
        let folders = || {
            self.folders.par_iter().all(|(key, stamp)| {
                let settled = self.folders_stamped.is_some_and(|at| stamp.settled_by(at));
                stamped(key) == Some(*stamp) && (settled || self.lists(dir, key))
            })
        };
        let (files, folders) = rayon::join(files, folders);
        files && folders
    }

    /// Whether the folder `key` of `dir` has as entries exactly the files and folders recorded
    /// in it.
    fn lists(&self, dir: &Path, key: &str) -> bool {
        let Some(entries) = read_folder(&dir.join(key)) else {
            return false;
        };
        let mut found: Vec<String> = entries
            .into_iter()
            .filter_map(|(path, _)| Some(self::key(path.strip_prefix(dir).ok()?)))
            .filter(|found| found != MARKER)
            .collect();
        found.sort_unstable();
        let prefix = match key {
            "" => String::new(),
            _ => format!("{key}/"),
        };
        let is_child = |path: &&String| {
            path.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
        };
        let children = |map: &BTreeMap<String, Stamp>| -> Vec<String> {
            let from = map.range(prefix.clone()..);
            let within = from.take_while(|(path, _)| path.starts_with(&prefix));
            within
                .map(|(path, _)| path)
                .filter(is_child)
                .cloned()
                .collect()
        };
        let mut recorded = children(&self.files);
        recorded.extend(children(&self.folders));
        recorded.sort_unstable();
        found == recorded
    }

    /// Stamps again, after files in them were written or removed, every folder from the
    /// folder of each of `paths` up to `dir`, and forgets those that are gone.
    pub fn restamp_folders<'p>(&mut self, dir: &Path, paths: impl Iterator<Item = &'p PathBuf>) {
        self.folders_stamped = Some(SystemTime::now());
        let mut folders = BTreeSet::new();
        for path in paths {
            folders.extend(path.ancestors().skip(1).map(key));
        }
        for folder in folders {
            match stamp_in(dir, &folder) {
                Some(stamp) => self.folders.insert(folder, stamp),
                None => self.folders.remove(&folder),
            };
        }
    }

    /// Whether the files, with their stamps, are those of `other`, whatever the folders'.
    #[cfg(test)]
    pub fn has_the_files_of(&self, other: &Manifest) -> bool {
        self.files == other.files
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

/// The stamp of the file or folder at `path` (a link is not followed).
fn stamp_of(path: &Path) -> Option<Stamp> {
    Stamp::of(&std::fs::symlink_metadata(path).ok()?)
}

/// The stamp of the file or folder `key` of `dir`; `dir` itself (`""`) through a link to it.
fn stamp_in(dir: &Path, key: &str) -> Option<Stamp> {
    match key {
        "" => Stamp::of(&std::fs::metadata(dir).ok()?),
        _ => stamp_of(&dir.join(key)),
    }
}

/// Files' and folders' stamps, as a walk finds them.
#[derive(Default)]
struct Stamps {
    files: BTreeMap<String, Stamp>,
    folders: BTreeMap<String, Stamp>,
}

impl Stamps {
    /// Records the file or folder at `path`, under `dir`, as it is now.
    fn insert(&mut self, dir: &Path, path: &Path, is_folder: bool) -> Option<()> {
        let stamp = stamp_of(path)?;
        let map = match is_folder {
            true => &mut self.folders,
            false => &mut self.files,
        };
        map.insert(key(path.strip_prefix(dir).ok()?), stamp);
        Some(())
    }
}

/// Every file and folder under `dir` from `folder` down, by its path under `dir`.
fn walk(dir: &Path, folder: &Path) -> Option<Stamps> {
    let mut stamps = Stamps::default();
    for entry in WalkDir::new(folder) {
        let entry = entry.ok()?;
        let relative = entry.path().strip_prefix(dir).ok()?;
        let map = match entry.file_type().is_dir() {
            true => &mut stamps.folders,
            false => &mut stamps.files,
        };
        map.insert(key(relative), Stamp::of(&entry.metadata().ok()?)?);
    }
    Some(stamps)
}

/// A path as the manifest names it: its components joined by `/`.
pub(super) fn key(path: &Path) -> String {
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
        let gone = ["extra.html", "search/shards/a/c.json", "news/1/index.html"].map(PathBuf::from);
        recorded.restamp_folders(root, gone.iter());
        assert_eq!(Manifest::of_folder(root), Some(recorded));
        assert_eq!(Manifest::of_folder(&root.join("missing")), None);
    }

    /// A folder of a page, a feed and a nested search file, the marker aside.
    fn output() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/1")).unwrap();
        std::fs::create_dir_all(root.join("search/p")).unwrap();
        std::fs::write(root.join("news/1/index.html"), "خبر").unwrap();
        std::fs::write(root.join("rss.xml"), "<rss/>").unwrap();
        std::fs::write(root.join("search/p/a.bin"), "a").unwrap();
        std::fs::write(root.join(MARKER), "marker").unwrap();
        dir
    }

    /// `manifest` as if its folders had been stamped long after they last changed.
    fn settled(mut manifest: Manifest) -> Manifest {
        manifest.folders_stamped = Some(SystemTime::now() + Duration::from_secs(60));
        manifest
    }

    #[test]
    fn holds_sees_a_file_edited_removed_or_added_without_walking() {
        let dir = output();
        let root = dir.path();
        let manifest = Manifest::of_folder(root).unwrap();
        assert_eq!(manifest.folders.len(), 5, "{:?}", manifest.folders.keys());
        assert!(manifest.holds(root));
        assert!(settled(manifest.clone()).holds(root));

        std::fs::write(root.join("rss.xml"), "<rss></rss>").unwrap();
        assert!(!manifest.holds(root), "edited");
        let manifest = Manifest::of_folder(root).unwrap();
        std::fs::remove_file(root.join("search/p/a.bin")).unwrap();
        assert!(!manifest.holds(root), "removed");
        let manifest = Manifest::of_folder(root).unwrap();
        std::fs::write(root.join("news/1/extra.html"), "").unwrap();
        assert!(!manifest.holds(root), "added beside a page");
        std::fs::remove_file(root.join("news/1/extra.html")).unwrap();
        let manifest = Manifest::of_folder(root).unwrap();
        std::fs::create_dir(root.join("news/2")).unwrap();
        assert!(!manifest.holds(root), "a folder added");
    }

    #[test]
    fn a_folder_changed_within_its_clocks_resolution_is_still_seen() {
        let dir = output();
        let root = dir.path();
        let manifest = Manifest::of_folder(root).unwrap();
        // An addition that left its folder's time as it was: only the entries tell.
        let folder_time = std::fs::metadata(root.join("news/1"))
            .unwrap()
            .modified()
            .unwrap();
        std::fs::write(root.join("news/1/extra.html"), "").unwrap();
        let folder = std::fs::File::open(root.join("news/1")).unwrap();
        folder.set_modified(folder_time).unwrap();
        assert!(
            !manifest.holds(root),
            "a fresh folder's entries are compared"
        );
        assert!(
            settled(manifest).holds(root),
            "a settled one is trusted by its stamp"
        );
    }

    #[test]
    fn folders_stamped_again_after_a_commit_are_as_a_walk_finds_them() {
        let dir = output();
        let root = dir.path();
        let mut manifest = Manifest::of_folder(root).unwrap();
        std::fs::create_dir_all(root.join("news/2")).unwrap();
        std::fs::write(root.join("news/2/index.html"), "خبر دوم").unwrap();
        std::fs::remove_file(root.join("search/p/a.bin")).unwrap();
        std::fs::remove_dir(root.join("search/p")).unwrap();
        let written = PathBuf::from("news/2/index.html");
        let removed = PathBuf::from("search/p/a.bin");
        manifest.record(root, &written).unwrap();
        manifest.remove(&removed);
        manifest.restamp_folders(root, [&written, &removed].into_iter());
        assert_eq!(Some(&manifest), Manifest::of_folder(root).as_ref());
        assert!(manifest.holds(root));
    }
}
