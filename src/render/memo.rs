//! Pages kept from one build to the next in the same process (`akhbar serve`): a page is
//! rendered again only when what it shows may have changed — the site-wide data (settings,
//! templates, archive, terms, static pages), the list of items it shows, or one of those items.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::pages::PageJob;
use crate::content::ContentCache;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::output::extras::{ExtrasCache, Fingerprints};
use crate::output::links::{self, PageLinks};
use crate::site::related::RelatedIndex;

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
    /// How many pages link to each target, to tell whether a target that went away mattered.
    linked: HashMap<PathBuf, usize>,
    /// Every link target of the latest build whose links all resolved.
    passed_targets: Option<HashSet<PathBuf>>,
    extras: ExtrasCache,
    /// The parsed items of the latest build.
    pub content: ContentCache,
    /// The latest related items by position, with the fingerprint of the lists they came from.
    related: Option<(u64, Arc<[Vec<usize>]>)>,
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
    /// checked again only when a target some page links to went away since the last check
    /// that passed.
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
        for (path, links) in read {
            self.count_links(&links, true);
            if let Some(old) = self.page_links.insert(path, links) {
                self.count_links(&old, false);
            }
        }
        let present: HashSet<&PathBuf> = pages.iter().map(|page| &page.path).collect();
        let gone: Vec<PathBuf> = self
            .page_links
            .keys()
            .filter(|path| !present.contains(path))
            .cloned()
            .collect();
        for path in gone {
            if let Some(old) = self.page_links.remove(&path) {
                self.count_links(&old, false);
            }
        }
        let all = match &self.passed_targets {
            None => true,
            Some(old) => old
                .difference(&targets)
                .any(|target| self.linked.contains_key(target)),
        };
        let broken: Vec<Diagnostic> = pages
            .iter()
            .filter(|page| all || reread.contains(&page.path))
            .flat_map(|page| links::broken_in(&page.path, &self.page_links[&page.path], &targets))
            .collect();
        self.passed_targets = broken.is_empty().then_some(targets);
        broken
    }

    /// Adds (or takes away) one page's `links` to (from) the count of pages linking each target.
    fn count_links(&mut self, links: &PageLinks, add: bool) {
        for target in links.targets() {
            if add {
                *self.linked.entry(target.clone()).or_default() += 1;
            } else if let Some(count) = self.linked.get_mut(target) {
                *count -= 1;
                if *count == 0 {
                    self.linked.remove(target);
                }
            }
        }
    }

    /// Each item's related items by position, as [`RelatedIndex::all`] gives them; reused
    /// while no item's tags, category or place in the list changed.
    pub fn related(&mut self, index: &RelatedIndex) -> Arc<[Vec<usize>]> {
        let fingerprint = index.fingerprint();
        match &self.related {
            Some((kept, related)) if *kept == fingerprint => Arc::clone(related),
            _ => {
                let related: Arc<[Vec<usize>]> = index.all().into();
                self.related = Some((fingerprint, Arc::clone(&related)));
                related
            }
        }
    }

    /// What the latest build made besides pages, with the fingerprints it was made from.
    pub fn extras(&mut self) -> Option<(&mut ExtrasCache, Fingerprints<'_>)> {
        let global = self.global?;
        let items = &self.items;
        Some((&mut self.extras, Fingerprints { global, items }))
    }

    /// Remembers this build's `pages`, each with whether it was rendered (not kept); a kept
    /// page is the same as before.
    pub fn remember(&mut self, inputs: Inputs, pages: Vec<(&PageJob, &OutputFile, bool)>) {
        if self.global != Some(inputs.global) {
            self.extras.search.clear();
        }
        self.global = Some(inputs.global);
        self.items = inputs.items;
        self.fresh = pages
            .iter()
            .filter(|(_, _, rendered)| *rendered)
            .map(|(_, file, _)| file.path.clone())
            .collect();
        self.rendered = self.fresh.len();
        for &(job, file, rendered) in &pages {
            if rendered || !self.pages.contains_key(&job.url) {
                let kept = KeptPage {
                    template: job.template,
                    shows: job.shows.clone(),
                    file: file.clone(),
                };
                self.pages.insert(job.url.clone(), kept);
            }
        }
        if self.pages.len() != pages.len() {
            let present: HashSet<&str> = pages.iter().map(|(job, _, _)| job.url.as_str()).collect();
            self.pages.retain(|url, _| present.contains(url.as_str()));
        }
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
