//! The incremental state: everything one build hands the next, in one place, owned by the
//! conductor. A build of the command line starts from the record on disk
//! ([`BuildCache`]); the preview and embedders keep a state for the life of the process, which
//! also keeps parsed items, the related lists, the feeds and the search entries.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHasher};

use super::cache::BuildCache;
use crate::config::Config;
use crate::content::{ContentCache, NewsItem};
use crate::fingerprint::{hash_of, json_hash};
use crate::output::extras::{ExtrasCache, Fingerprints};
use crate::render::Renderer;
use crate::render::pages::{PageJob, YearView};
use crate::render::views::{MenuItem, SiteView, item_fingerprint};
use crate::site::Site;
use crate::site::related::RelatedIndex;

/// What the latest builds of a site left for the next one. A state made with `default()` lives
/// on from build to build in one process; the command line's builds start from the record on
/// disk instead.
pub struct Incremental {
    /// The parsed items of the latest load, reused while their files are unchanged.
    pub content: ContentCache,
    /// Whether the state lives on after this build (the preview, embedders): then the feeds
    /// and the search entries are kept in memory too, and the search index patched.
    lasting: bool,
    /// The related items by position, with the fingerprint of the lists they came from.
    related: Option<(u64, Arc<[Vec<usize>]>)>,
    /// The site-wide fingerprint the extras were made with.
    global: Option<u64>,
    extras: ExtrasCache,
    /// What the latest successful build rendered, from what, and what it left.
    pub(super) record: Option<BuildCache>,
    /// The latest successful build's files, when it was built into memory.
    pub(super) memory: HashMap<PathBuf, Arc<[u8]>>,
    /// How many pages the latest build rendered (the others were kept).
    pub rendered: usize,
}

impl Default for Incremental {
    fn default() -> Incremental {
        Incremental {
            content: ContentCache::default(),
            lasting: true,
            related: None,
            global: None,
            extras: ExtrasCache::default(),
            record: None,
            memory: HashMap::default(),
            rendered: 0,
        }
    }
}

impl Incremental {
    /// A state for one build that starts from `record`, the previous build's on disk, and
    /// ends with it.
    pub(super) fn from_record(record: Option<BuildCache>) -> Incremental {
        Incremental {
            record,
            lasting: false,
            ..Incremental::default()
        }
    }

    /// Whether the state lives on after this build.
    pub fn is_lasting(&self) -> bool {
        self.lasting
    }

    /// Each item's related items by position, as [`RelatedIndex::all`] gives them; reused
    /// while no item's tags, category or place in the list changed.
    pub(super) fn related(&mut self, news: &[&NewsItem]) -> Arc<[Vec<usize>]> {
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
    pub(super) fn extras(&mut self, global: u64) -> &mut ExtrasCache {
        if self.global != Some(global) {
            self.extras.search.clear();
            self.global = Some(global);
        }
        &mut self.extras
    }
}

/// The fingerprints one build is made from.
pub struct Inputs {
    /// What every page may show: settings, templates, the menu, which Jalali months have
    /// news (the archive as `get_archive()` gives it).
    pub every_page: u64,
    /// Everything site-wide the files besides the pages may show: `every_page`, and the
    /// terms with their counts and the static pages' sources.
    pub global: u64,
    /// Each published news item's fingerprint ([`item_fingerprint`]), by news number.
    pub items: HashMap<u64, u64>,
}

impl Inputs {
    /// The fingerprints of `site` built with `config` and `renderer`, whose archive navigation
    /// is `archive` (as [`Renderer::set_archive`] gave it); `menu` is what every page lists.
    pub fn of(
        config: &Config,
        site: &Site,
        renderer: &Renderer,
        archive: &[YearView],
        menu: &[MenuItem],
    ) -> Inputs {
        let settings = format!("{:?}{}", config.site, config.zone.iana_name().unwrap_or(""));
        let every_page = hash_of(&(
            renderer.fingerprint(),
            json_hash(&SiteView::new(&config.site)),
            json_hash(&menu),
            json_hash(&archive),
            settings,
        ));
        let terms: Vec<Vec<(&str, usize)>> = site
            .taxonomies
            .iter()
            .map(|taxonomy| {
                let terms = taxonomy.terms.iter();
                terms
                    .map(|term| (term.name.as_str(), term.items.len()))
                    .collect()
            })
            .collect();
        let pages: Vec<u64> = site.pages.iter().map(|page| page.source_hash).collect();
        let global = hash_of(&(every_page, terms, pages));
        let items = site
            .news
            .par_iter()
            .map(|item| (item.id, item_fingerprint(item, site)))
            .collect();
        Inputs {
            every_page,
            global,
            items,
        }
    }

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

    /// A fingerprint of what the search index of `site` is made from, when the site has one.
    pub fn search_print(&self, config: &Config, site: &Site) -> Option<u64> {
        config.site.search.enabled.then(|| {
            let mut hasher = FxHasher::default();
            (self.global, site.category_names()).hash(&mut hasher);
            for item in &site.news {
                (item.id, self.items.get(&item.id)).hash(&mut hasher);
            }
            hasher.finish()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extras_forget_their_search_entries_when_the_site_wide_data_changes() {
        let mut state = Incremental::default();
        assert!(state.is_lasting());
        state.extras(1);
        assert_eq!(state.global, Some(1));
        state.extras(2);
        assert_eq!(state.global, Some(2));
        assert!(!Incremental::from_record(None).is_lasting());
    }
}
