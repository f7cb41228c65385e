//! The build cache: what the latest `akhbar build` rendered, from what, and what it left in
//! the output folder, so that building an unchanged site again renders and writes nothing.
//!
//! It is one file, `.akhbar/cache/build.bin` under the site's root, safe to delete. It is
//! ignored when akhbar's version or binary, the output folder or `--drafts` differ; what the
//! pages are made of (settings, templates, items, comments) is checked page by page.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::NewsCount;
use super::sources::Sources;
use crate::diagnostic::Diagnostic;
use crate::output::link_index::LinkIndex;
use crate::output::manifest::{Manifest, Stamp};
use crate::render::pages::PageJob;
use crate::site::related::Picked;

/// The cache file, relative to the site's root.
pub const CACHE_FILE: &str = ".akhbar/cache/build.bin";

/// What the cache file begins with: what it is, and the version of its layout (postcard).
const KIND: &[u8] = b"akhbar build record 5\n";

/// What the latest successful build of a site into one output folder was made of.
#[derive(Serialize, Deserialize)]
pub struct BuildCache {
    key: CacheKey,
    /// Each page's fingerprint ([`super::Inputs::page_print`]), by address.
    pages: HashMap<String, u64>,
    /// The search index's fingerprint and its files.
    search: Option<(u64, Vec<PathBuf>)>,
    /// The generation of the search index's state saved beside this record
    /// ([`crate::output::search::SEARCH_FILE`]), for the next build to patch.
    #[serde(default)]
    pub search_state: Option<u64>,
    /// The generation of the parsed items saved beside this record
    /// ([`crate::content::ContentCache::save`]), for the next build to take unread.
    #[serde(default)]
    pub content_state: Option<u64>,
    /// Which pages link to each file; none when not known.
    pub links: Option<LinkIndex>,
    /// The static files' sources as they were copied, by their paths in the output.
    pub statics: Manifest,
    /// The output folder as the build left it.
    pub output: Arc<Manifest>,
    /// Each news item's related items, with what they were picked from: the next build picks
    /// again only where its changes reach ([`crate::site::related::RelatedIndex::pick`]).
    pub related: Option<Picked>,
    /// What each part of the sitemap index lists, hashed, by the part's name
    /// ([`crate::output::extras::ShownBefore::sitemaps`]).
    pub sitemaps: HashMap<String, u64>,
    /// What each feed shows, hashed, by the feed's page
    /// ([`crate::output::extras::ShownBefore::feeds`]).
    pub feeds: HashMap<String, u64>,
    /// What the build read and what it said, for a build that finds nothing to do.
    pub unchanged: Option<Unchanged>,
}

/// What a build read, stamped ([`Sources`]), until when its output stays what it is though no
/// file changes, and the summary it gave; with the same sources before that moment, another
/// build would write the same files and say the same.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unchanged {
    pub sources: Sources,
    /// The first scheduled moment after the build ([`super::sources::next_due`]), in UTC.
    pub due: Option<jiff::Timestamp>,
    pub pages: usize,
    pub other_files: usize,
    pub static_files: usize,
    pub news: NewsCount,
    /// The warnings about the content the build gave.
    pub warnings: Vec<Diagnostic>,
}

impl Unchanged {
    /// Whether a build at `now` of a site whose sources are `sources` would change nothing.
    pub fn holds(&self, sources: Sources, now: jiff::Timestamp) -> bool {
        self.sources == sources && self.due.is_none_or(|due| now < due)
    }
}

/// What must be the same for a cache to be used at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    akhbar: String,
    /// The running program's length and time, so a rebuilt akhbar starts afresh.
    binary: Option<Stamp>,
    output: PathBuf,
    drafts: bool,
}

impl CacheKey {
    /// The key of a build of this akhbar into `output`.
    pub fn new(output: &Path, drafts: bool) -> CacheKey {
        let binary = std::env::current_exe()
            .and_then(fs::metadata)
            .ok()
            .as_ref()
            .and_then(Stamp::of);
        CacheKey {
            akhbar: env!("CARGO_PKG_VERSION").to_string(),
            binary,
            output: resolved(output),
            drafts,
        }
    }
}

/// `output` as an absolute path through its folder's real path, so that a site built from
/// another working folder, or through a symbolic link, finds its cache.
fn resolved(output: &Path) -> PathBuf {
    let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .map(|parent| parent.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// The check that the output folder is as a build cache says ([`BuildCache::check_output`]),
/// run beside the build that trusts the cache: at 100,000 items it looks at 280,000 paths.
pub struct OutputCheck(std::thread::JoinHandle<bool>);

impl OutputCheck {
    /// Whether the folder was as the cache said; waits for the check to end.
    pub fn holds(self) -> bool {
        self.0.join().unwrap_or(false)
    }
}

impl BuildCache {
    /// The cache of the site at `root` when it was written for a build with `key`. Whether
    /// the output folder is still as that build left it is for [`BuildCache::check_output`]
    /// to say.
    pub fn load(root: &Path, key: &CacheKey) -> Option<BuildCache> {
        let bytes = fs::read(root.join(CACHE_FILE)).ok()?;
        let cache: BuildCache = postcard::from_bytes(bytes.strip_prefix(KIND)?).ok()?;
        (cache.key == *key).then_some(cache)
    }

    /// Starts checking, on a thread of its own, that the output folder is exactly as the
    /// build of this cache left it: every file and folder with its stamp, nothing more.
    pub fn check_output(&self) -> OutputCheck {
        let (manifest, output) = (Arc::clone(&self.output), self.key.output.clone());
        OutputCheck(std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .start_handler(|_| yield_to_the_build())
                .build();
            match pool {
                Ok(pool) => pool.install(|| manifest.holds(&output)),
                Err(_) => manifest.holds(&output),
            }
        }))
    }

    /// A cache of a build with `key` of `pages`, each made from what `prints` fingerprints
    /// ([`super::Inputs::page_prints`]).
    pub fn new(key: CacheKey, pages: &[PageJob], prints: &[Option<u64>]) -> BuildCache {
        let pages = (pages.iter().zip(prints))
            .filter_map(|(job, print)| Some((job.url.clone(), (*print)?)))
            .collect();
        BuildCache {
            key,
            pages,
            search: None,
            search_state: None,
            content_state: None,
            links: None,
            related: None,
            sitemaps: HashMap::default(),
            feeds: HashMap::default(),
            statics: Manifest::default(),
            output: Arc::default(),
            unchanged: None,
        }
    }

    /// Writes the cache for the site at `root`, replacing the previous one whole.
    pub fn save(&self, root: &Path) -> io::Result<()> {
        let path = root.join(CACHE_FILE);
        let folder = path.parent().expect("the cache file is in a folder");
        fs::create_dir_all(folder)?;
        let mut partial = tempfile::NamedTempFile::new_in(folder)?;
        let mut file = io::BufWriter::new(partial.as_file_mut());
        file.write_all(KIND)?;
        postcard::to_io(self, &mut file).map_err(io::Error::other)?;
        file.flush()?;
        drop(file);
        partial.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Removes the cache of the site at `root`, if there is one.
    pub fn remove(root: &Path) -> io::Result<()> {
        match fs::remove_file(root.join(CACHE_FILE)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Whether the previous build's file for the page at `url` is what rendering it now would
    /// give: what the page is made from has the same fingerprint, `print`. (Whether the file is
    /// still there is the sink's to say.)
    pub fn keeps(&self, url: &str, print: Option<u64>) -> bool {
        print.is_some() && self.pages.get(url).copied() == print
    }

    /// The search index's files, when the index had the fingerprint `fingerprint`.
    pub fn search(&self, fingerprint: u64) -> Option<&[PathBuf]> {
        self.search
            .as_ref()
            .filter(|(kept, _)| *kept == fingerprint)
            .map(|(_, files)| &files[..])
    }

    /// Records the search index's fingerprint and files.
    pub fn set_search(&mut self, fingerprint: u64, files: Vec<PathBuf>) {
        self.search = Some((fingerprint, files));
    }
}

/// Lowers the calling thread's priority (its nice value, which Linux keeps for each thread) so
/// that the build's own threads run first and the check takes the time they leave.
fn yield_to_the_build() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setpriority reads no memory of ours; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

#[cfg(test)]
mod tests {
    use super::super::inputs::Inputs;
    use super::*;
    use crate::render::pages::search_page;

    /// A site's root with an output folder `public/` holding one page.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let output = root.path().join("public");
        fs::create_dir_all(output.join("news/1")).unwrap();
        fs::write(output.join("index.html"), "<p>نخست</p>").unwrap();
        fs::write(output.join("news/1/index.html"), "<p>خبر</p>").unwrap();
        (root, output)
    }

    /// The fingerprints of a build whose every page has `every_page`, with the items
    /// `items` (news number, fingerprint).
    fn inputs(every_page: u64, items: &[(u64, u64)]) -> Inputs {
        Inputs {
            every_page,
            global: every_page,
            items: items.iter().copied().collect(),
        }
    }

    /// A page at `url` that shows the items `shows`.
    fn job(url: &str, shows: &[u64]) -> PageJob<'static> {
        let mut job = search_page();
        job.url = url.to_string();
        job.shows = shows.to_vec();
        job
    }

    /// The record of a build with `key` of one page showing item 1, that left `output`.
    fn record(key: CacheKey, output: &Path) -> BuildCache {
        let jobs = [job("/news/1/", &[1])];
        let mut cache = BuildCache::new(key, &jobs, &inputs(1, &[(1, 10)]).page_prints(&jobs));
        cache.set_search(5, vec![PathBuf::from("search/index.json")]);
        cache.output = Arc::new(Manifest::of_folder(output).unwrap());
        cache
    }

    #[test]
    fn a_saved_cache_is_loaded_back_while_the_output_is_as_it_left_it() {
        let (root, output) = site();
        let key = CacheKey::new(&output, false);
        assert!(load_checked(root.path(), &key).is_none(), "none saved");
        let saved = record(CacheKey::new(&output, false), &output);
        saved.save(root.path()).unwrap();
        assert!(root.path().join(CACHE_FILE).is_file());
        let loaded = load_checked(root.path(), &key).expect("the same key and folder");
        assert_eq!(loaded.key, key);
        assert_eq!(loaded.pages, saved.pages);
        assert_eq!(loaded.search, saved.search);
        assert!(loaded.output == saved.output);
        // The key of a build through another spelling of the same folder is the same.
        let dotted = root.path().join(".").join("public");
        assert!(load_checked(root.path(), &CacheKey::new(&dotted, false)).is_some());
        // Saving again replaces the file whole.
        let mut other = record(CacheKey::new(&output, false), &output);
        other.search = None;
        other.save(root.path()).unwrap();
        assert_eq!(load_checked(root.path(), &key).unwrap().search, None);
    }

    #[test]
    fn another_key_or_a_changed_output_folder_loads_nothing() {
        let (root, output) = site();
        let key = CacheKey::new(&output, false);
        record(CacheKey::new(&output, false), &output)
            .save(root.path())
            .unwrap();
        assert!(load_checked(root.path(), &key).is_some());
        let drafts = CacheKey::new(&output, true);
        assert!(load_checked(root.path(), &drafts).is_none(), "--drafts");
        let elsewhere = root.path().join("elsewhere");
        copy(&output, &elsewhere);
        let moved = CacheKey::new(&elsewhere, false);
        assert!(load_checked(root.path(), &moved).is_none(), "--output");
        let older = CacheKey {
            akhbar: "0.0.0".into(),
            ..CacheKey::new(&output, false)
        };
        record(older, &output).save(root.path()).unwrap();
        assert!(load_checked(root.path(), &key).is_none(), "another akhbar");

        let fresh = |root: &Path, output: &Path| {
            record(CacheKey::new(output, false), output)
                .save(root)
                .unwrap();
            assert!(load_checked(root, &key).is_some());
        };
        fresh(root.path(), &output);
        fs::write(output.join("news/1/index.html"), "<p>خبر دیگر</p>").unwrap();
        assert!(load_checked(root.path(), &key).is_none(), "a file changed");
        fresh(root.path(), &output);
        fs::write(output.join("news/1/extra.html"), "").unwrap();
        assert!(load_checked(root.path(), &key).is_none(), "a file added");
        fresh(root.path(), &output);
        fs::remove_file(output.join("news/1/extra.html")).unwrap();
        assert!(load_checked(root.path(), &key).is_none(), "a file removed");
        fresh(root.path(), &output);
        fs::write(root.path().join(CACHE_FILE), "{\"not\": \"a cache\"}").unwrap();
        assert!(load_checked(root.path(), &key).is_none(), "unreadable");
        BuildCache::remove(root.path()).unwrap();
        BuildCache::remove(root.path()).unwrap();
        assert!(!root.path().join(CACHE_FILE).exists());
    }

    /// The cache, when the output folder is as it says.
    fn load_checked(root: &Path, key: &CacheKey) -> Option<BuildCache> {
        BuildCache::load(root, key).filter(|cache| cache.check_output().holds())
    }

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(target).unwrap();
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn a_page_is_kept_only_with_the_print_it_was_rendered_with() {
        let key = CacheKey::new(Path::new("public"), false);
        let before = inputs(1, &[(1, 10), (2, 20)]);
        let jobs = [
            job("/", &[2, 1]),
            job("/news/1/", &[1]),
            job("/404.html", &[]),
        ];
        let cache = BuildCache::new(key, &jobs, &before.page_prints(&jobs));
        let keeps = |cache: &BuildCache, job: &PageJob, inputs: &Inputs| {
            cache.keeps(&job.url, inputs.page_print(job))
        };
        assert_eq!(cache.pages.len(), 3);
        for job in &jobs {
            assert!(keeps(&cache, job, &before), "{}", job.url);
        }
        assert!(
            !keeps(&cache, &job("/news/2/", &[2]), &before),
            "never rendered"
        );
        let item_changed = inputs(1, &[(1, 11), (2, 20)]);
        assert!(!keeps(&cache, &jobs[0], &item_changed));
        assert!(!keeps(&cache, &jobs[1], &item_changed));
        assert!(keeps(&cache, &jobs[2], &item_changed), "shows no item");
        let other_item_changed = inputs(1, &[(1, 10), (2, 21)]);
        assert!(keeps(&cache, &jobs[1], &other_item_changed));
        let site_changed = inputs(2, &[(1, 10), (2, 20)]);
        assert!(jobs.iter().all(|job| !keeps(&cache, job, &site_changed)));
        let unpublished = inputs(1, &[(2, 20)]);
        assert!(!keeps(&cache, &jobs[1], &unpublished), "item 1 is gone");
        assert!(!keeps(&cache, &job("/", &[1, 2]), &before), "another order");
        // A page showing an item without a fingerprint is not recorded at all.
        let partial = BuildCache::new(
            CacheKey::new(Path::new("public"), false),
            &jobs,
            &unpublished.page_prints(&jobs),
        );
        assert_eq!(partial.pages.len(), 1);
    }

    #[test]
    fn the_search_index_is_kept_only_with_the_same_fingerprint() {
        let mut cache = BuildCache::new(CacheKey::new(Path::new("public"), false), &[], &[]);
        assert_eq!(cache.search(7), None, "no index recorded");
        let files = vec![
            PathBuf::from("search/index.json"),
            PathBuf::from("search/shard-0.json"),
        ];
        cache.set_search(7, files.clone());
        assert_eq!(cache.search(7), Some(&files[..]));
        assert_eq!(cache.search(8), None);
        cache.set_search(8, files[..1].to_vec());
        assert_eq!(cache.search(7), None);
        assert_eq!(cache.search(8), Some(&files[..1]));
    }
}
