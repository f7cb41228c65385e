//! Pages kept from one build to the next in the same process (`akhbar serve`): a page is
//! rendered again only when what it shows may have changed — the site-wide data (settings,
//! templates, archive, terms, static pages), the list of items it shows, or one of those items.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use super::pages::PageJob;
use crate::content::ContentCache;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::output::links::{self, PageLinks};
use crate::output::search::SearchCache;

/// What the previous build rendered, and from what.
#[derive(Default)]
pub struct PageMemo {
    global: Option<u64>,
    items: HashMap<u64, u64>,
    pages: HashMap<String, KeptPage>,
    /// Pages rendered by the latest build, for reports and tests.
    pub rendered: usize,
    /// The files of the pages the latest build rendered (not kept).
    pub fresh: HashSet<PathBuf>,
    /// Each page's internal links, read again only from the pages rendered anew.
    page_links: HashMap<PathBuf, PageLinks>,
    /// Every link target of the latest build whose links all resolved.
    passed_targets: Option<HashSet<PathBuf>>,
    search: SearchCache,
    /// The parsed items of the latest build.
    pub content: ContentCache,
}

struct KeptPage {
    template: &'static str,
    shows: Vec<u64>,
    file: OutputFile,
}

/// The fingerprints one build is made from.
pub struct Inputs {
    /// Everything every page may show: settings, templates, archive, terms, menu.
    pub global: u64,
    /// Each published news item's own text and approved comments, by news number.
    pub items: HashMap<u64, u64>,
}

impl PageMemo {
    /// The previous build's file for `job`, if nothing it shows has changed since.
    pub fn kept(&self, job: &PageJob, inputs: &Inputs) -> Option<OutputFile> {
        if self.global != Some(inputs.global) {
            return None;
        }
        let page = self.pages.get(&job.url)?;
        let same_items = job.shows.iter().all(|id| {
            self.items
                .get(id)
                .is_some_and(|hash| inputs.items.get(id) == Some(hash))
        });
        (page.template == job.template && page.shows == job.shows && same_items)
            .then(|| page.file.clone())
    }

    /// Remembers this build's pages, replacing the previous build's.
    /// The broken links of `files` against `targets`, as a full check finds them. Links are
    /// read again only from the pages rendered since the last check, and the kept pages are
    /// checked again only when a target went away since the last check that passed.
    pub fn broken_links(
        &mut self,
        files: &[OutputFile],
        targets: HashSet<PathBuf>,
    ) -> Vec<Diagnostic> {
        let pages: Vec<&OutputFile> = files.iter().filter(|file| links::is_page(file)).collect();
        let stale: Vec<&&OutputFile> = pages
            .iter()
            .filter(|page| {
                self.fresh.contains(&page.path) || !self.page_links.contains_key(&page.path)
            })
            .collect();
        let read: Vec<(PathBuf, PageLinks)> = stale
            .par_iter()
            .map(|page| (page.path.clone(), links::page_links(page)))
            .collect();
        let reread: HashSet<PathBuf> = read.iter().map(|(path, _)| path.clone()).collect();
        self.page_links.extend(read);
        let present: HashSet<&PathBuf> = pages.iter().map(|page| &page.path).collect();
        self.page_links.retain(|path, _| present.contains(path));
        let all = !self
            .passed_targets
            .as_ref()
            .is_some_and(|old| old.is_subset(&targets));
        let broken: Vec<Diagnostic> = pages
            .iter()
            .filter(|page| all || reread.contains(&page.path))
            .flat_map(|page| links::broken_in(&page.path, &self.page_links[&page.path], &targets))
            .collect();
        self.passed_targets = broken.is_empty().then_some(targets);
        broken
    }

    /// The search index's cache with the fingerprints of the latest build's items.
    pub fn search(&mut self) -> (&mut SearchCache, &HashMap<u64, u64>) {
        (&mut self.search, &self.items)
    }

    /// Remembers this build's `pages`, each with whether it was rendered (not kept).
    pub fn remember(&mut self, inputs: Inputs, pages: Vec<(&PageJob, &OutputFile, bool)>) {
        if self.global != Some(inputs.global) {
            self.search.clear();
        }
        self.global = Some(inputs.global);
        self.items = inputs.items;
        self.fresh = pages
            .iter()
            .filter(|(_, _, rendered)| *rendered)
            .map(|(_, file, _)| file.path.clone())
            .collect();
        self.rendered = self.fresh.len();
        self.pages = pages
            .into_iter()
            .map(|(job, file, _)| {
                let kept = KeptPage {
                    template: job.template,
                    shows: job.shows.clone(),
                    file: file.clone(),
                };
                (job.url.clone(), kept)
            })
            .collect();
    }
}

/// A hash of `value`.
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A hash of `value`'s JSON, for views that are serializable but not hashable.
pub fn json_hash(value: &impl serde::Serialize) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_writer(HashWriter(&mut hasher), value).expect("views serialize");
    hasher.finish()
}

/// Feeds what is written into a hasher.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
