//! Every page of the site: which template renders it, at which address, with what data.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::REDIRECT_TEMPLATE;
use super::views::{NewsView, PageView, news_url, page_url};
use crate::config::Config;
use crate::content::NewsItem;
use crate::site::archive::{ArchiveMonth, ArchiveYear};
use crate::site::taxonomy::term_url;
use crate::site::{Site, Taxonomy, TaxonomyKind, Term, paginate};

/// A template variable's value, made only when the page is rendered.
type Fill<'s> = Box<dyn Fn(&mut Context) + Send + Sync + 's>;

/// One page to render: its template, its address, which news items it shows, and how to make
/// what its template sees besides the common variables. The data is made only for the pages
/// that are rendered, in the rendering threads.
pub struct PageJob<'s> {
    pub template: &'static str,
    pub url: String,
    /// The news items the page shows, whole or in summary, in order. With the site-wide data,
    /// this decides whether an unchanged page can be kept from the previous build.
    pub shows: Vec<u64>,
    fills: Vec<Fill<'s>>,
}

impl<'s> PageJob<'s> {
    fn new(template: &'static str, url: String) -> Self {
        PageJob {
            template,
            url,
            shows: Vec::new(),
            fills: Vec::new(),
        }
    }

    /// Sets `key` to what `make` gives, when the page is rendered.
    fn with<T: Serialize>(
        mut self,
        key: &'static str,
        make: impl Fn() -> T + Send + Sync + 's,
    ) -> Self {
        self.fills
            .push(Box::new(move |context| context.insert(key, &make())));
        self
    }

    fn showing(mut self, items: impl IntoIterator<Item = u64>) -> Self {
        self.shows.extend(items);
        self
    }

    /// Adds the page's own variables to `context`.
    pub fn fill(&self, context: &mut Context) {
        for fill in &self.fills {
            fill(context);
        }
    }
}

/// The pages of `site`, in no particular order.
/// `years` is the archive as `get_archive()` gives it, shared by the archive pages.
/// `related` gives, for each position in the site's news, the positions of its related items.
pub fn all<'s>(
    config: &'s Config,
    site: &'s Site,
    years: &'s [YearView],
    related: &'s [Vec<usize>],
) -> Vec<PageJob<'s>> {
    let per_page = config.site.items_per_page;
    let pinned: Vec<u64> = site.pinned.iter().map(|item| item.id).collect();
    let mut jobs = news_lists(
        "index.html",
        "/",
        &site.news,
        per_page,
        site,
        move |job, number| {
            if number > 1 {
                return job.with("pinned", Vec::<NewsView>::new);
            }
            job.showing(pinned.iter().copied()).with("pinned", move || {
                site.pinned
                    .iter()
                    .map(|item| NewsView::summary(item, site))
                    .collect::<Vec<_>>()
            })
        },
    );
    jobs.extend(news_pages(site, config, related));
    for page in &site.pages {
        jobs.push(
            PageJob::new("page.html", page_url(page)).with("page", move || PageView::new(page)),
        );
    }
    jobs.extend(archive_pages(site, years, per_page));
    for taxonomy in &site.taxonomies {
        jobs.extend(taxonomy_pages(taxonomy, site, per_page));
    }
    jobs.push(PageJob::new("404.html", "/404.html".into()));
    jobs
}

/// A paginated list of `items` at `base` rendered with `template`; `extra` adds what the
/// list's own template needs, given the page number.
fn news_lists<'s>(
    template: &'static str,
    base: &str,
    items: &'s [&'s NewsItem],
    per_page: usize,
    site: &'s Site,
    extra: impl Fn(PageJob<'s>, usize) -> PageJob<'s>,
) -> Vec<PageJob<'s>> {
    paginate(items, per_page, base)
        .into_iter()
        .map(|(pagination, items)| {
            let url = pagination.url.clone();
            let current = pagination.current;
            let job = PageJob::new(template, url)
                .showing(items.iter().map(|item| item.id))
                .with("news", move || {
                    items
                        .iter()
                        .map(|item| NewsView::summary(item, site))
                        .collect::<Vec<_>>()
                })
                .with("pagination", move || pagination.clone());
            extra(job, current)
        })
        .collect()
}

fn news_pages<'s>(
    site: &'s Site,
    config: &'s Config,
    related: &'s [Vec<usize>],
) -> Vec<PageJob<'s>> {
    let summary = move |item: &&'s NewsItem| NewsView::summary(item, site);
    (0..site.news.len())
        .into_par_iter()
        .map(|position| {
            let item = site.news[position];
            let related: Vec<&'s NewsItem> =
                related[position].iter().map(|&p| site.news[p]).collect();
            let newer = position.checked_sub(1).map(|p| site.news[p]);
            let older = site.news.get(position + 1).copied();
            let mut job = PageJob::new("news.html", news_url(item.id))
                .showing([item.id])
                .showing(related.iter().map(|item| item.id))
                .showing(newer.iter().chain(&older).map(|item| item.id))
                .with("news", move || {
                    NewsView::full(item, site, &config.site, &config.zone)
                })
                .with("related", move || {
                    related.iter().map(summary).collect::<Vec<_>>()
                });
            if let Some(newer) = newer {
                job = job.with("next_news", move || summary(&newer));
            }
            if let Some(older) = older {
                job = job.with("prev_news", move || summary(&older));
            }
            job
        })
        .collect()
}

/// A Jalali month as the archive shows it; `url` only when it has items.
#[derive(Debug, Serialize)]
pub struct MonthView {
    pub year: i32,
    pub month: u8,
    pub name: &'static str,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl MonthView {
    fn new(month: &ArchiveMonth) -> Self {
        MonthView {
            year: month.year,
            month: month.month,
            name: month.name(),
            count: month.items.len(),
            url: (!month.items.is_empty()).then(|| month.url()),
        }
    }
}

/// A Jalali year with its twelve months.
#[derive(Debug, Serialize)]
pub struct YearView {
    pub year: i32,
    pub count: usize,
    pub url: String,
    pub months: Vec<MonthView>,
}

impl YearView {
    pub fn new(year: &ArchiveYear) -> Self {
        YearView {
            year: year.year,
            count: year.count(),
            url: year.url(),
            months: year.months.iter().map(MonthView::new).collect(),
        }
    }
}

fn archive_pages<'s>(site: &'s Site, years: &'s [YearView], per_page: usize) -> Vec<PageJob<'s>> {
    let mut jobs = vec![
        PageJob::new("archive.html", "/archive/".into())
            .with("level", || "all")
            .with("years", move || years),
    ];
    for (index, year) in site.archive.years.iter().enumerate() {
        let mut job = PageJob::new("archive.html", year.url())
            .with("level", || "year")
            .with("years", move || years)
            .with("year", move || &years[index]);
        if let Some(newer) = index.checked_sub(1).map(|i| &years[i]) {
            job = job.with("next_year", move || newer);
        }
        if let Some(older) = years.get(index + 1) {
            job = job.with("prev_year", move || older);
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
            |job, _| {
                let mut job = job
                    .with("level", || "month")
                    .with("years", move || years)
                    .with("month", move || MonthView::new(month));
                if let Some(previous) = previous {
                    job = job.with("prev_month", move || MonthView::new(previous));
                }
                if let Some(next) = next {
                    job = job.with("next_month", move || MonthView::new(next));
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
    count: usize,
}

impl<'a> TermView<'a> {
    fn new(kind: TaxonomyKind, term: &'a Term) -> Self {
        TermView {
            kind: kind.path(),
            kind_title: kind.title(),
            name: &term.name,
            url: term.url(kind),
            count: term.items.len(),
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
    let index = move || TaxonomyView {
        kind: kind.path(),
        title: kind.title(),
        url: taxonomy_url(kind),
        terms: taxonomy
            .terms
            .iter()
            .map(|term| TermView::new(kind, term))
            .collect(),
    };
    let mut jobs = vec![PageJob::new("taxonomy.html", taxonomy_url(kind)).with("taxonomy", index)];
    for term in &taxonomy.terms {
        jobs.extend(redirect_pages(kind, term));
        jobs.extend(news_lists(
            "list.html",
            &term.url(kind),
            &term.items,
            per_page,
            site,
            |job, _| {
                job.with("list_title", move || &term.name)
                    .with("term", move || TermView::new(kind, term))
            },
        ));
    }
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
        PageJob::new(REDIRECT_TEMPLATE, term_url(kind, slug)).with("redirect", move || {
            RedirectView {
                to: term.url(kind),
                name: &term.name,
            }
        })
    })
}

/// The addresses of `jobs` a sitemap lists: every page but redirects, which a sitemap must
/// not list (sitemaps.org: only canonical addresses).
pub fn sitemap_urls(jobs: &[PageJob]) -> Vec<String> {
    jobs.iter()
        .filter(|job| job.template != REDIRECT_TEMPLATE)
        .map(|job| job.url.clone())
        .collect()
}

/// The search page, whose results the client script fills in.
pub fn search_page() -> PageJob<'static> {
    PageJob::new("search.html", "/search/".into())
}

pub fn taxonomy_url(kind: TaxonomyKind) -> String {
    crate::site::address::taxonomy(kind)
}
