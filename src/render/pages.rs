//! Every page of the site: which template renders it, at which address, with what data.

use serde::Serialize;
use tera::Context;

use super::views::{NewsView, PageView, news_url, page_url};
use crate::config::Config;
use crate::content::NewsItem;
use crate::site::archive::{ArchiveMonth, ArchiveYear};
use crate::site::related::RelatedIndex;
use crate::site::{Site, Taxonomy, TaxonomyKind, Term, paginate};

/// One page to render: its template, its address, and what its template sees besides the
/// common variables.
pub struct PageJob {
    pub template: &'static str,
    pub url: String,
    pub context: Context,
}

impl PageJob {
    fn new(template: &'static str, url: String) -> Self {
        PageJob {
            template,
            url,
            context: Context::new(),
        }
    }

    fn with(mut self, key: &'static str, value: &(impl Serialize + ?Sized)) -> Self {
        self.context.insert(key, value);
        self
    }
}

/// The pages of `site`, in no particular order.
/// `years` is the archive as `get_archive()` gives it, shared by the archive pages.
pub fn all(config: &Config, site: &Site, years: &[YearView]) -> Vec<PageJob> {
    let per_page = config.site.items_per_page;
    let mut jobs = news_lists(
        "index.html",
        "/",
        &site.news,
        per_page,
        site,
        |job, number| {
            let pinned: Vec<NewsView> = match number {
                1 => site
                    .pinned
                    .iter()
                    .map(|item| NewsView::summary(item, site))
                    .collect(),
                _ => Vec::new(),
            };
            job.with("pinned", &pinned)
        },
    );
    jobs.extend(news_pages(site, config));
    for page in &site.pages {
        jobs.push(PageJob::new("page.html", page_url(page)).with("page", &PageView::new(page)));
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
fn news_lists(
    template: &'static str,
    base: &str,
    items: &[&NewsItem],
    per_page: usize,
    site: &Site,
    extra: impl Fn(PageJob, usize) -> PageJob,
) -> Vec<PageJob> {
    paginate(items, per_page, base)
        .into_iter()
        .map(|(pagination, items)| {
            let news: Vec<NewsView> = items
                .iter()
                .map(|item| NewsView::summary(item, site))
                .collect();
            let url = pagination.pages[pagination.current - 1].url.clone();
            let job = PageJob::new(template, url)
                .with("news", &news)
                .with("pagination", &pagination);
            extra(job, pagination.current)
        })
        .collect()
}

fn news_pages<'s>(site: &'s Site, config: &'s Config) -> impl Iterator<Item = PageJob> + 's {
    let related = RelatedIndex::new(&site.news);
    let summary = move |item: &&'s NewsItem| NewsView::summary(item, site);
    (0..site.news.len()).map(move |position| {
        let item = site.news[position];
        let related: Vec<NewsView> = related.related(position).iter().map(summary).collect();
        let mut job = PageJob::new("news.html", news_url(item.id))
            .with(
                "news",
                &NewsView::full(item, site, &config.site, &config.zone),
            )
            .with("related", &related);
        if let Some(newer) = position.checked_sub(1).map(|p| &site.news[p]) {
            job = job.with("next_news", &summary(newer));
        }
        if let Some(older) = site.news.get(position + 1) {
            job = job.with("prev_news", &summary(older));
        }
        job
    })
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

fn archive_pages(site: &Site, years: &[YearView], per_page: usize) -> Vec<PageJob> {
    let mut jobs = vec![
        PageJob::new("archive.html", "/archive/".into())
            .with("level", "all")
            .with("years", &years),
    ];
    for (index, year) in site.archive.years.iter().enumerate() {
        let mut job = PageJob::new("archive.html", year.url())
            .with("level", "year")
            .with("years", &years)
            .with("year", &years[index]);
        if let Some(newer) = index.checked_sub(1).map(|i| &years[i]) {
            job = job.with("next_year", newer);
        }
        if let Some(older) = years.get(index + 1) {
            job = job.with("prev_year", older);
        }
        jobs.push(job);
    }
    let months = site.archive.months_with_items();
    for (index, month) in months.iter().enumerate() {
        let view = MonthView::new(month);
        let previous = index.checked_sub(1).map(|i| MonthView::new(months[i]));
        let next = months.get(index + 1).map(|m| MonthView::new(m));
        jobs.extend(news_lists(
            "archive.html",
            &month.url(),
            &month.items,
            per_page,
            site,
            |job, _| {
                let mut job = job
                    .with("level", "month")
                    .with("years", &years)
                    .with("month", &view);
                if let Some(previous) = &previous {
                    job = job.with("prev_month", previous);
                }
                if let Some(next) = &next {
                    job = job.with("next_month", next);
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

fn taxonomy_pages(taxonomy: &Taxonomy, site: &Site, per_page: usize) -> Vec<PageJob> {
    let kind = taxonomy.kind;
    let view = |term| TermView::new(kind, term);
    let index = TaxonomyView {
        kind: kind.path(),
        title: kind.title(),
        url: taxonomy_url(kind),
        terms: taxonomy.terms.iter().map(view).collect(),
    };
    let mut jobs = vec![PageJob::new("taxonomy.html", taxonomy_url(kind)).with("taxonomy", &index)];
    for term in &taxonomy.terms {
        let term_view = view(term);
        jobs.extend(news_lists(
            "list.html",
            &term.url(kind),
            &term.items,
            per_page,
            site,
            |job, _| job.with("list_title", &term.name).with("term", &term_view),
        ));
    }
    jobs
}

/// The search page, whose results the client script fills in.
pub fn search_page() -> PageJob {
    PageJob::new("search.html", "/search/".into())
}

pub fn taxonomy_url(kind: TaxonomyKind) -> String {
    format!("/{}/", kind.path())
}
