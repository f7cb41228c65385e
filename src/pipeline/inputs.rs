//! The fingerprints a build is made from: what every page may show, what the files besides
//! the pages may show, and each news item; a page's fingerprint is derived from them and from
//! what the page is given, never listed by hand.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::config::Config;
use crate::fingerprint::{hash_of, json_hash};
use crate::output::extras::Fingerprints;
use crate::render::Renderer;
use crate::render::pages::{PageJob, YearView};
use crate::render::views::{MenuItem, SiteView, item_fingerprint};
use crate::site::Site;

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
    /// is `archive` (as [`Renderer::set_archive`] gave it) and whose templates may show the
    /// pictures `pictures` prints ([`Renderer::set_pictures`]); `menu` is what every page lists.
    pub fn of(
        config: &Config,
        site: &Site,
        renderer: &Renderer,
        (archive, pictures): (&[YearView], Option<u64>),
        menu: &[MenuItem],
        year: i32,
    ) -> Inputs {
        let settings = format!("{:?}{}", config.site, config.zone.iana_name().unwrap_or(""));
        let every_page = hash_of(&(
            renderer.fingerprint(),
            json_hash(&SiteView::new(&config.site, year)),
            json_hash(&menu),
            json_hash(&archive),
            pictures,
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

    /// [`Inputs::page_print`] of each of `jobs`, on every core.
    pub fn page_prints(&self, jobs: &[PageJob]) -> Vec<Option<u64>> {
        jobs.par_iter().map(|job| self.page_print(job)).collect()
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
            // Documents are numbered by their place among every item, and placed by date.
            for item in &site.numbered {
                (item.id, item.date.moment.zoned().timestamp()).hash(&mut hasher);
            }
            hasher.finish()
        })
    }
}
