//! What a build reads, stamped without being read: every file of the site's settings, content,
//! comments, templates and static folders with its length, modification time and inode, in
//! one fingerprint. When it is the one the previous build recorded, and no scheduled moment
//! has come since, the build would write what is already there, so it need not read anything.
//! This is what makes a timer that runs `akhbar build` every few minutes cheap.

use std::fs::Metadata;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::{SignedDuration, Timestamp};
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::config::{CONFIG_FILE, Config};
use crate::content::beside::{CONTENT_FOLDER, ITEM_FOLDERS};
use crate::content::{Content, LookedFiles};
use crate::output::sitemap::NEWS_WINDOW_HOURS;

/// How long before it is stamped a file must have been modified last for its stamp to be
/// trusted: a write within the clock's resolution of a look can leave the time unchanged.
const SETTLED: Duration = Duration::from_secs(2);

/// The fingerprint of every file a build of a site reads, and of the options it is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources(u64);

impl Sources {
    /// The sources of the site at `root` built with `base_url` (`--base-url`), as they are now;
    /// `None` when a folder cannot be walked whole, or a file was modified too recently for its
    /// stamp to tell a later change (then the build reads everything, as without a record).
    #[cfg(test)]
    fn stamp(root: &Path, base_url: Option<&str>) -> Option<Sources> {
        Look::at(root, base_url).sources
    }
}

/// What one look at every file of a site found: their [`Sources`], and the content's items'
/// files with what was seen of each, which the build's load of the content takes as they are.
#[derive(Debug, Default)]
pub struct Look {
    pub sources: Option<Sources>,
    /// `None` when the content folder breaks the path rule somewhere, or a file cannot be
    /// looked at: the load then walks it itself and says what is wrong.
    pub content: Option<LookedFiles>,
}

impl Look {
    /// Looks at the site at `root`, to be built with `base_url` (`--base-url`).
    pub fn at(root: &Path, base_url: Option<&str>) -> Look {
        let looked_at = SystemTime::now();
        let Ok(config) = Config::load(root) else {
            return Look::default();
        };
        let mut stamps = Stamps::new(looked_at);
        stamps.add(&root.join(CONFIG_FILE));
        let content = content_files(&config, &mut stamps, looked_at);
        let mut folders: Vec<PathBuf> = ["templates", "themes", "static"]
            .iter()
            .map(|folder| root.join(folder))
            .collect();
        folders.push(config.comments_dir());
        for folder in folders.iter().filter(|folder| folder.exists()) {
            for entry in WalkDir::new(folder).follow_links(true).sort_by_file_name() {
                match entry {
                    Ok(entry) if entry.file_type().is_file() => {
                        stamps.add(entry.path());
                    }
                    Ok(_) => {}
                    Err(_) => stamps.files = None,
                }
            }
        }
        let sources = stamps.files.map(|files| {
            let mut hasher = FxHasher::default();
            (base_url, files).hash(&mut hasher);
            Sources(hasher.finish())
        });
        Look { sources, content }
    }
}

/// Stamps every file under the content folder into `stamps`, and gives the items' files with
/// their metadata when the folder keeps the path rule and every file could be looked at.
fn content_files(
    config: &Config,
    stamps: &mut Stamps,
    looked_at: SystemTime,
) -> Option<LookedFiles> {
    let folder = config.root.join(CONTENT_FOLDER);
    let root = config.published_root();
    let mut found = Vec::new();
    for inside in ITEM_FOLDERS {
        let walked = root.files(&folder.join(inside), usize::MAX, |_| true);
        if !walked.problems.is_empty() {
            stamps.files = None;
            return None;
        }
        for path in walked.files {
            let meta = stamps.add(&path)?;
            found.push((path, meta));
        }
    }
    Some(LookedFiles::new(&folder, found, looked_at))
}

/// Each file's path, length, modification time and inode, as a look at `looked_at` found them;
/// `None` once a file could not be looked at or changed less than [`SETTLED`] before.
struct Stamps {
    files: Option<Vec<(PathBuf, u64, u128, u64)>>,
    looked_at: SystemTime,
}

impl Stamps {
    fn new(looked_at: SystemTime) -> Stamps {
        Stamps {
            files: Some(Vec::new()),
            looked_at,
        }
    }

    /// Stamps the file at `path` (links followed); gives its metadata when it could be looked
    /// at.
    fn add(&mut self, path: &Path) -> Option<Metadata> {
        let meta = std::fs::metadata(path).ok();
        let stamp = meta
            .as_ref()
            .and_then(|meta| stamp_of(path, meta, self.looked_at));
        match (stamp, &mut self.files) {
            (Some(stamp), Some(files)) => files.push(stamp),
            _ => self.files = None,
        }
        meta
    }
}

/// A file's path, length, modification time and inode from its `meta`; `None` when it changed
/// less than [`SETTLED`] before `looked_at`.
fn stamp_of(
    path: &Path,
    meta: &Metadata,
    looked_at: SystemTime,
) -> Option<(PathBuf, u64, u128, u64)> {
    let modified = meta.modified().ok()?;
    if modified + SETTLED > looked_at {
        return None;
    }
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0;
    let nanos = modified.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((path.to_path_buf(), meta.len(), nanos, inode))
}

/// The first moment after `now` at which building `site` again would give another output
/// though no file changed: an item's `publish_at` or `expire_at` comes, or an item enters or
/// leaves the Google News sitemap's window. `None` when no such moment is ahead. Drafts count
/// too, which at worst costs one build that finds nothing to do.
pub fn next_due(content: &Content, now: Timestamp) -> Option<Timestamp> {
    let window = SignedDuration::from_hours(NEWS_WINDOW_HOURS);
    let instant = |date: &crate::calendar::EditorDate| date.moment.zoned().timestamp();
    content
        .news
        .iter()
        .flat_map(|item| {
            let date = instant(&item.date);
            [
                item.publish_at.as_ref().map(instant),
                item.expire_at.as_ref().map(instant),
                Some(date),
                date.checked_add(window).ok(),
            ]
        })
        .flatten()
        .filter(|moment| *moment > now)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(CONFIG_FILE),
            "title = \"آزمایش\"\nbase_url = \"https://example.org\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(root.join("content/news/1.md"), "خبر").unwrap();
        dir
    }

    /// Sets the modification time of every file under `root` to a minute ago.
    fn settle(root: &Path) {
        let past = SystemTime::now() - Duration::from_secs(60);
        for entry in WalkDir::new(root).into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let file = std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .unwrap();
                file.set_modified(past).unwrap();
            }
        }
    }

    #[test]
    fn any_change_to_a_file_read_changes_the_sources() {
        let dir = site_folder();
        let root = dir.path();
        assert_eq!(
            Sources::stamp(root, None),
            None,
            "files written just now are not trusted yet"
        );
        settle(root);
        let before = Sources::stamp(root, None).unwrap();
        assert_eq!(Sources::stamp(root, None), Some(before));
        assert_ne!(
            Sources::stamp(root, Some("http://localhost:1111")),
            Some(before)
        );
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        settle(root);
        let with_logo = Sources::stamp(root, None).unwrap();
        assert_ne!(with_logo, before, "a new static file");
        std::fs::write(root.join("content/news/1.md"), "خبر تازه").unwrap();
        settle(root);
        assert_ne!(Sources::stamp(root, None).unwrap(), with_logo, "an edit");
        std::fs::write(root.join("public.txt"), "not read by a build").unwrap();
        let edited = Sources::stamp(root, None).unwrap();
        std::fs::write(root.join("notes.txt"), "not read by a build").unwrap();
        assert_eq!(Sources::stamp(root, None), Some(edited));
    }
}
