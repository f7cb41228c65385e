//! Pages kept from one build to the next in the same process (`akhbar serve`): a page is
//! rendered again only when what it is made from changed — what every page may show
//! (settings, templates, the menu, the archive's months), or what the page is given (its own
//! values and the items it shows, see [`PageJob`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::pages::PageJob;
use crate::content::ContentCache;
use crate::fingerprint::hash_of;
use rayon::prelude::*;

use crate::content::NewsItem;
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::output::extras::{ExtrasCache, Fingerprints};
use crate::output::links::{self, PageLinks};
use crate::site::related::RelatedIndex;

/// What the previous build rendered, and from what.
#[derive(Default)]
pub struct PageMemo {
    global: Option<u64>,
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
    /// Hashes of the latest check's page paths and of all its file paths, to tell whether the
    /// next build has the same pages, and the same files.
    layout: Option<(u64, u64)>,
    extras: ExtrasCache,
    /// The parsed items of the latest build.
    pub content: ContentCache,
    /// The latest related items by position, with the fingerprint of the lists they came from.
    related: Option<(u64, Arc<[Vec<usize>]>)>,
}

struct KeptPage {
    /// The page's fingerprint (see [`Inputs::page_print`]).
    print: u64,
    file: OutputFile,
}

/// The fingerprints one build is made from.
pub struct Inputs {
    /// What every page may show: settings, templates, the menu, which Jalali months have
    /// news (the archive as `get_archive()` gives it).
    pub every_page: u64,
    /// Everything site-wide the files besides the pages may show: `every_page`, and the
    /// terms with their counts and the static pages' sources.
    pub global: u64,
    /// Each published news item's fingerprint ([`super::views::item_fingerprint`]), by news
    /// number.
    pub items: HashMap<u64, u64>,
}

impl Inputs {
    /// The fingerprint of what `job`'s page is made from now: what every page may show, and
    /// what the page is given ([`PageJob::fingerprint`]). `None` when the page shows an item
    /// the site does not publish.
    pub fn page_print(&self, job: &PageJob) -> Option<u64> {
        let given = job.fingerprint(&self.items)?;
        Some(hash_of(&(self.every_page, given)))
    }

    /// The fingerprints as the feeds and the search index are given them.
    pub fn fingerprints(&self) -> Fingerprints<'_> {
        Fingerprints {
            global: self.global,
            items: &self.items,
        }
    }
}

impl PageMemo {
    /// The previous build's file for `job`, if nothing it shows has changed since.
    pub fn kept(&self, job: &PageJob, inputs: &Inputs) -> Option<OutputFile> {
        let page = self.pages.get(&job.url)?;
        (inputs.page_print(job) == Some(page.print)).then(|| page.file.clone())
    }

    /// The broken links of `files` (and `static_files`), as a full check finds them. Links
    /// are read again only from the pages rendered since the last check. The kept pages are
    /// checked again only when a target some page links to went away since the last check
    /// that passed; while the build has the same files as then, none can have.
    pub fn broken_links(
        &mut self,
        files: &[OutputFile],
        static_files: &[PathBuf],
    ) -> Vec<Diagnostic> {
        let pages: Vec<&OutputFile> = files.iter().filter(|file| links::is_page(file)).collect();
        let layout = (
            path_hash(pages.iter().map(|page| &page.path)),
            path_hash(files.iter().map(|file| &file.path).chain(static_files)),
        );
        // With the same pages as the latest check, every page's links are known.
        let same_pages = self.layout.is_some_and(|(pages, _)| pages == layout.0);
        let same_files = self.layout == Some(layout) && self.passed_targets.is_some();
        self.layout = Some(layout);
        let stale: Vec<&&OutputFile> = pages
            .iter()
            .filter(|page| {
                self.fresh.contains(&page.path)
                    || (!same_pages && !self.page_links.contains_key(&page.path))
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
        let (targets, all) = match self.passed_targets.take() {
            Some(passed) if same_files => (passed, false),
            passed => {
                if !same_pages {
                    self.forget_pages_not_in(&pages);
                }
                let targets = links::targets(files, static_files);
                let all = passed.is_none_or(|passed| {
                    passed
                        .difference(&targets)
                        .any(|target| self.linked.contains_key(target))
                });
                (targets, all)
            }
        };
        let broken: Vec<Diagnostic> = if all {
            pages
                .iter()
                .flat_map(|page| {
                    links::broken_in(&page.path, &self.page_links[&page.path], &targets)
                })
                .collect()
        } else {
            reread
                .iter()
                .flat_map(|path| links::broken_in(path, &self.page_links[path], &targets))
                .collect()
        };
        self.passed_targets = broken.is_empty().then_some(targets);
        broken
    }

    /// Forgets the links of pages the build no longer has.
    fn forget_pages_not_in(&mut self, pages: &[&OutputFile]) {
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
    pub fn related(&mut self, news: &[&NewsItem]) -> Arc<[Vec<usize>]> {
        let fingerprint = RelatedIndex::fingerprint(news);
        match &self.related {
            Some((kept, related)) if *kept == fingerprint => Arc::clone(related),
            _ => {
                let related: Arc<[Vec<usize>]> = RelatedIndex::new(news).all().into();
                self.related = Some((fingerprint, Arc::clone(&related)));
                related
            }
        }
    }

    /// What the latest build made besides pages, for a build whose site-wide data has the
    /// fingerprint `global`: the search entries are forgotten when it changed (the time zone).
    pub fn extras(&mut self, global: u64) -> &mut ExtrasCache {
        if self.global != Some(global) {
            self.extras.search.clear();
        }
        &mut self.extras
    }

    /// Remembers this build's `pages`, each with whether it was rendered (not kept); a kept
    /// page is the same as before.
    pub fn remember(&mut self, inputs: Inputs, pages: Vec<(&PageJob, &OutputFile, bool)>) {
        self.global = Some(inputs.global);
        self.fresh = pages
            .iter()
            .filter(|(_, _, rendered)| *rendered)
            .map(|(_, file, _)| file.path.clone())
            .collect();
        self.rendered = self.fresh.len();
        for &(job, file, rendered) in &pages {
            if rendered || !self.pages.contains_key(&job.url) {
                match inputs.page_print(job) {
                    Some(print) => {
                        let file = file.clone();
                        self.pages.insert(job.url.clone(), KeptPage { print, file });
                    }
                    None => _ = self.pages.remove(&job.url),
                }
            }
        }
        if self.pages.len() != pages.len() {
            let present: HashSet<&str> = pages.iter().map(|(job, _, _)| job.url.as_str()).collect();
            self.pages.retain(|url, _| present.contains(url.as_str()));
        }
    }
}

/// A hash of the sequence of `paths`.
fn path_hash<'p>(paths: impl Iterator<Item = &'p PathBuf>) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    for path in paths {
        path.hash(&mut hasher);
    }
    hasher.finish()
}
