//! Every page of the site: which template renders it, at which address, with what data.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use serde::Serialize;
use tera::Context;

use super::REDIRECT_TEMPLATE;
use super::views::{NewsView, PageView, news_url, page_url};
use crate::config::Config;
use crate::content::NewsItem;
use crate::fingerprint::json_hash;
use crate::site::archive::{ArchiveMonth, ArchiveYear};
use crate::site::taxonomy::term_url;
use crate::site::{Site, Taxonomy, TaxonomyKind, Term, paginate};

/// A template variable, made only when the page is rendered.
type Fill<'s> = Box<dyn Fn(&mut Context) + Send + Sync + 's>;

/// One page to render: its template, its address, and what its template sees besides the
/// common variables. A page is given two kinds of values, and what it depends on is derived
/// from them, never listed by hand: plain values, fingerprinted as given; and views of news
/// items, which the page depends on through each item's fingerprint. Both are made into
/// template variables only for the pages that are rendered (in the rendering threads).
pub struct PageJob<'s> {
    pub template: &'static str,
    pub url: String,
    /// The news items the page is given views of, in order.
    pub shows: Vec<u64>,
    /// A fingerprint of the template's name and of every value the page is given, with the
    /// names it is given them under (items by their news numbers).
    given: FxHasher,
    fills: Vec<Fill<'s>>,
}

impl<'s> PageJob<'s> {
    fn new(template: &'static str, url: String) -> Self {
        let mut given = FxHasher::default();
        template.hash(&mut given);
        PageJob {
            template,
            url,
            shows: Vec::new(),
            given,
            fills: Vec::new(),
        }
    }

    /// Gives the template `value` as `key`.
    fn with<T: Serialize + Send + Sync + 's>(mut self, key: &'static str, value: T) -> Self {
        (key, json_hash(&value)).hash(&mut self.given);
        self.fills
            .push(Box::new(move |context| context.insert(key, &value)));
        self
    }

    /// Gives the template, as `key`, the list of `view` of each of `items`.
    fn with_items<V: Serialize>(
        mut self,
        key: &'static str,
        items: Vec<&'s NewsItem>,
        view: impl Fn(&'s NewsItem) -> V + Send + Sync + 's,
    ) -> Self {
        let ids: Vec<u64> = items.iter().map(|item| item.id).collect();
        (key, 'L', &ids).hash(&mut self.given);
        self.shows.extend(ids);
        self.fills.push(Box::new(move |context| {
            let views: Vec<V> = items.iter().map(|item| view(item)).collect();
            context.insert(key, &views);
        }));
        self
    }

    /// Gives the template, as `key`, the `view` of `item`.
    fn with_item<V: Serialize>(
        mut self,
        key: &'static str,
        item: &'s NewsItem,
        view: impl Fn(&'s NewsItem) -> V + Send + Sync + 's,
    ) -> Self {
        (key, 'I', item.id).hash(&mut self.given);
        self.shows.push(item.id);
        self.fills
            .push(Box::new(move |context| context.insert(key, &view(item))));
        self
    }

    /// Adds the page's own variables to `context`.
    pub fn fill(&self, context: &mut Context) {
        for fill in &self.fills {
            fill(context);
        }
    }

    /// The fingerprint of what the page is made from, when each item it shows has the
    /// fingerprint `items` gives it (see `pipeline::Inputs`); `None` when one has none.
    pub fn fingerprint(&self, items: &HashMap<u64, u64>) -> Option<u64> {
        let mut hasher = self.given.clone();
        for id in &self.shows {
            items.get(id)?.hash(&mut hasher);
        }
        Some(hasher.finish())
    }
}

/// The pages of `site`, in no particular order.
/// `related` gives, for each position in the site's news, the positions of its related items.
pub fn all<'s>(config: &'s Config, site: &'s Site, related: &'s [Vec<usize>]) -> Vec<PageJob<'s>> {
    let per_page = config.site.items_per_page;
    let summary = move |item: &'s NewsItem| NewsView::summary(item, site);
    let home = || {
        news_lists(
            "index.html",
            "/",
            &site.news,
            per_page,
            site,
            |job, newest| match newest {
                true => job.with_items("pinned", site.pinned.clone(), summary),
                false => job.with("pinned", [(); 0]),
            },
        )
    };
    let taxonomies = || {
        let pages = site.taxonomies.par_iter();
        let pages = pages.flat_map_iter(|taxonomy| taxonomy_pages(taxonomy, site, per_page));
        pages.collect::<Vec<_>>()
    };
    // The lists are made beside the news pages: at 100,000 items they are 30,000 pages.
    let ((mut jobs, news), (archive, taxonomies)) = rayon::join(
        || rayon::join(home, || news_pages(site, config, related)),
        || rayon::join(|| archive_pages(site, per_page), taxonomies),
    );
    jobs.extend(news);
    for page in &site.pages {
        jobs.push(
            PageJob::new("page.html", page_url(page))
                .with("page", PageView::new(page, site, &config.site)),
        );
    }
    jobs.extend(archive);
    jobs.extend(taxonomies);
    jobs.push(PageJob::new("404.html", "/404.html".into()));
    jobs
}

/// A paginated list of `items` at `base` rendered with `template`; `extra` adds what the
/// list's own template needs, told whether the page is the list's newest.
fn news_lists<'s>(
    template: &'static str,
    base: &str,
    items: &'s [&'s NewsItem],
    per_page: usize,
    site: &'s Site,
    extra: impl Fn(PageJob<'s>, bool) -> PageJob<'s>,
) -> Vec<PageJob<'s>> {
    paginate(items, per_page, base)
        .into_iter()
        .map(|(pagination, items)| {
            let newest = pagination.newest;
            let job = PageJob::new(template, pagination.url.clone())
                .with_items("news", items.to_vec(), move |item| {
                    NewsView::summary(item, site)
                })
                .with("pagination", pagination);
            extra(job, newest)
        })
        .collect()
}

fn news_pages<'s>(
    site: &'s Site,
    config: &'s Config,
    related: &'s [Vec<usize>],
) -> Vec<PageJob<'s>> {
    let summary = move |item: &'s NewsItem| NewsView::summary(item, site);
    (0..site.news.len())
        .into_par_iter()
        .map(|position| {
            let item = site.news[position];
            let related: Vec<&'s NewsItem> =
                related[position].iter().map(|&p| site.news[p]).collect();
            let mut job = PageJob::new("news.html", news_url(item.id))
                .with_item("news", item, move |item| {
                    NewsView::full(item, site, &config.site, &config.zone)
                })
                .with_items("related", related, summary);
            if let Some(newer) = position.checked_sub(1).map(|p| site.news[p]) {
                job = job.with_item("next_news", newer, summary);
            }
            if let Some(older) = site.news.get(position + 1) {
                job = job.with_item("prev_news", older, summary);
            }
            job
        })
        .collect()
}

/// A Jalali month as the archive shows it; `url` only when it has items, `count` only where
/// the page shows it (the archive's own pages, and a month's newest page).
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    pub year: i32,
    pub month: u8,
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The address of the month's year.
    pub year_url: String,
}

impl MonthView {
    fn new(month: &ArchiveMonth, counted: bool) -> Self {
        MonthView {
            year: month.year,
            month: month.month,
            name: month.name(),
            count: counted.then_some(month.items.len()),
            url: (!month.items.is_empty()).then(|| month.url()),
            year_url: crate::site::address::archive_year(month.year),
        }
    }
}

/// A Jalali year with its twelve months; `count`s only where the page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    pub url: String,
    pub months: Vec<MonthView>,
}

impl YearView {
    /// The year with its news counts, for the archive's own pages.
    pub fn counted(year: &ArchiveYear) -> Self {
        Self::new(year, true)
    }

    /// The year as `get_archive()` gives it to every page: which months have news, without
    /// counts, so that a new item changes every page only when it opens a month.
    pub fn navigation(year: &ArchiveYear) -> Self {
        Self::new(year, false)
    }

    fn new(year: &ArchiveYear, counted: bool) -> Self {
        YearView {
            year: year.year,
            count: counted.then(|| year.count()),
            url: year.url(),
            months: year
                .months
                .iter()
                .map(|m| MonthView::new(m, counted))
                .collect(),
        }
    }
}

/// A neighbouring year, as a year's page links to it.
#[derive(Debug, Serialize)]
struct YearLink {
    year: i32,
    url: String,
}

impl YearLink {
    fn of(year: &YearView) -> Self {
        YearLink {
            year: year.year,
            url: year.url.clone(),
        }
    }
}

fn archive_pages<'s>(site: &'s Site, per_page: usize) -> Vec<PageJob<'s>> {
    let years: Vec<YearView> = site.archive.years.iter().map(YearView::counted).collect();
    let mut jobs = vec![
        PageJob::new("archive.html", "/archive/".into())
            .with("level", "all")
            .with("years", years.clone()),
    ];
    for (index, year) in years.iter().enumerate() {
        let mut job = PageJob::new("archive.html", year.url.clone())
            .with("level", "year")
            .with("year", year.clone());
        if let Some(newer) = index.checked_sub(1).map(|i| &years[i]) {
            job = job.with("next_year", YearLink::of(newer));
        }
        if let Some(older) = years.get(index + 1) {
            job = job.with("prev_year", YearLink::of(older));
        }
        jobs.push(job);
    }
    let months = site.archive.months_with_items();
    for (index, &month) in months.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| months[i]);
        let next = months.get(index + 1).copied();
        jobs.extend(news_lists(
            "archive.html",
            &month.url(),
            &month.items,
            per_page,
            site,
            |job, newest| {
                let mut job = job
                    .with("level", "month")
                    .with("month", MonthView::new(month, newest));
                if let Some(previous) = previous {
                    job = job.with("prev_month", MonthView::new(previous, false));
                }
                if let Some(next) = next {
                    job = job.with("next_month", MonthView::new(next, false));
                }
                job
            },
        ));
    }
    jobs
}

#[derive(Debug, Serialize)]
struct TermView<'a> {
    kind: &'static str,
    kind_title: &'static str,
    name: &'a str,
    url: String,
    /// How many news the term has: on the taxonomy's page and the term's newest page.
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

impl<'a> TermView<'a> {
    fn new(kind: TaxonomyKind, term: &'a Term, counted: bool) -> Self {
        TermView {
            kind: kind.path(),
            kind_title: kind.title(),
            name: &term.name,
            url: term.url(kind),
            count: counted.then_some(term.items.len()),
        }
    }
}

#[derive(Debug, Serialize)]
struct TaxonomyView<'a> {
    kind: &'static str,
    title: &'static str,
    url: String,
    terms: Vec<TermView<'a>>,
}

fn taxonomy_pages<'s>(taxonomy: &'s Taxonomy, site: &'s Site, per_page: usize) -> Vec<PageJob<'s>> {
    let kind = taxonomy.kind;
    let index = TaxonomyView {
        kind: kind.path(),
        title: kind.title(),
        url: taxonomy_url(kind),
        terms: taxonomy
            .terms
            .iter()
            .map(|term| TermView::new(kind, term, true))
            .collect(),
    };
    let mut jobs = vec![PageJob::new("taxonomy.html", taxonomy_url(kind)).with("taxonomy", index)];
    let terms = taxonomy.terms.par_iter().flat_map_iter(|term| {
        let mut pages: Vec<PageJob> = redirect_pages(kind, term).collect();
        pages.extend(news_lists(
            "list.html",
            &term.url(kind),
            &term.items,
            per_page,
            site,
            |job, newest| {
                job.with("list_title", term.name.as_str())
                    .with("term", TermView::new(kind, term, newest))
            },
        ));
        pages
    });
    jobs.extend(terms.collect::<Vec<_>>());
    jobs
}

/// What a redirect page shows: the address it sends readers to, and the name found there.
#[derive(Debug, Serialize)]
struct RedirectView<'a> {
    to: String,
    name: &'a str,
}

/// A page at each former address of `term` (its other spellings' slugs), sending readers on.
fn redirect_pages<'s>(kind: TaxonomyKind, term: &'s Term) -> impl Iterator<Item = PageJob<'s>> {
    term.redirects.iter().map(move |slug| {
        let redirect = RedirectView {
            to: term.url(kind),
            name: &term.name,
        };
        PageJob::new(REDIRECT_TEMPLATE, term_url(kind, slug)).with("redirect", redirect)
    })
}

/// The addresses of `jobs` a sitemap lists: every page but redirects, which a sitemap must
/// not list (sitemaps.org: only canonical addresses).
pub fn sitemap_urls<'j>(jobs: &'j [PageJob]) -> Vec<&'j str> {
    jobs.iter()
        .filter(|job| job.template != REDIRECT_TEMPLATE)
        .map(|job| job.url.as_str())
        .collect()
}

/// The search page, whose results the client script fills in.
pub fn search_page() -> PageJob<'static> {
    PageJob::new("search.html", "/search/".into())
}

pub fn taxonomy_url(kind: TaxonomyKind) -> String {
    crate::site::address::taxonomy(kind)
}
