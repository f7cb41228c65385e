//! The build cache: what the latest `akhbar build` rendered, from what, and what it left in
//! the output folder, so that building an unchanged site again renders and writes nothing.
//!
//! It is one file, `.akhbar/cache/build.json` under the site's root, safe to delete. It is
//! ignored when akhbar's version or binary, the output folder or `--drafts` differ; what the
//! pages are made of (settings, templates, items, comments) is checked page by page.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::NewsCount;
use super::sources::Sources;
use super::state::Inputs;
use crate::diagnostic::Diagnostic;
use crate::output::manifest::{Manifest, Stamp};
use crate::render::pages::PageJob;

/// The cache file, relative to the site's root.
pub const CACHE_FILE: &str = ".akhbar/cache/build.json";

/// What the latest successful build of a site into one output folder was made of.
#[derive(Serialize, Deserialize)]
pub struct BuildCache {
    key: CacheKey,
    /// Each page's fingerprint ([`Inputs::page_print`]), by address.
    pages: HashMap<String, u64>,
    /// The search index's fingerprint and its files.
    search: Option<(u64, Vec<PathBuf>)>,
    /// The static files' sources as they were copied, by their paths in the output.
    pub statics: Manifest,
    /// The output folder as the build left it.
    pub output: Manifest,
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
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
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

impl BuildCache {
    /// The cache of the site at `root` when it was written for a build with `key`, and the
    /// output folder is exactly as that build left it.
    pub fn load(root: &Path, key: &CacheKey) -> Option<BuildCache> {
        let text = fs::read(root.join(CACHE_FILE)).ok()?;
        let cache: BuildCache = serde_json::from_slice(&text).ok()?;
        let intact =
            cache.key == *key && Manifest::of_folder(&key.output) == Some(cache.output.clone());
        intact.then_some(cache)
    }

    /// A cache of a build with `key` made from `inputs`, of `pages`.
    pub fn new(key: CacheKey, inputs: &Inputs, pages: &[PageJob]) -> BuildCache {
        let pages = pages
            .iter()
            .filter_map(|job| Some((job.url.clone(), inputs.page_print(job)?)))
            .collect();
        BuildCache {
            key,
            pages,
            search: None,
            statics: Manifest::default(),
            output: Manifest::default(),
            unchanged: None,
        }
    }

    /// Writes the cache for the site at `root`, replacing the previous one whole.
    pub fn save(&self, root: &Path) -> io::Result<()> {
        let path = root.join(CACHE_FILE);
        let folder = path.parent().expect("the cache file is in a folder");
        fs::create_dir_all(folder)?;
        let mut partial = tempfile::NamedTempFile::new_in(folder)?;
        serde_json::to_writer(io::BufWriter::new(partial.as_file_mut()), self)?;
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

    /// Whether the previous build's file for `job` is what rendering it now would give: what
    /// the page is made from has the same fingerprint. (Whether the file is still there is
    /// the sink's to say.)
    pub fn keeps(&self, job: &PageJob, inputs: &Inputs) -> bool {
        self.pages
            .get(&job.url)
            .is_some_and(|&print| inputs.page_print(job) == Some(print))
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
