//! What templates see: plain serializable views of the site's data, documented in docs/templates.md.

use serde::Serialize;

use crate::calendar::EditorDate;
use crate::config::SiteConfig;
use crate::content::{NewsItem, Page};
use crate::site::{Site, TaxonomyKind};

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a SiteConfig) -> Self {
        SiteView {
            title: &site.title,
            description: &site.description,
            base_url: site.base_url.trim_end_matches('/'),
            language: &site.language,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MenuItem<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A date with its Jalali parts, and the instant for `<time datetime>`.
#[derive(Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub has_time: bool,
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub month_name: &'static str,
    pub weekday: &'static str,
    pub hour: i8,
    pub minute: i8,
}

impl DateView {
    pub fn new(date: &EditorDate) -> Self {
        let zoned = date.moment.zoned();
        let jalali = date.moment.date();
        DateView {
            iso: zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            has_time: date.has_time,
            year: jalali.year(),
            month: jalali.month(),
            day: jalali.day(),
            month_name: jalali.month_name(),
            weekday: jalali.weekday().persian_name(),
            hour: zoned.hour(),
            minute: zoned.minute(),
        }
    }
}

/// A news item; `body` only where the whole item is shown.
#[derive(Debug, Serialize)]
pub struct NewsView<'a> {
    pub id: u64,
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub date: DateView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<&'a str>,
    pub tags: Vec<TermLink<'a>>,
    pub pinned: bool,
    pub comments_open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
}

impl<'a> NewsView<'a> {
    /// The item as a list shows it, without its body.
    pub fn summary(item: &'a NewsItem, site: &Site) -> Self {
        let url_in = |kind, name: &str| site.taxonomy(kind).url_of(name);
        NewsView {
            id: item.id,
            url: news_url(item.id),
            title: &item.title,
            summary: &item.summary,
            date: DateView::new(&item.date),
            updated: item.updated.as_ref().map(DateView::new),
            category: item.category.as_deref(),
            category_url: item
                .category
                .as_deref()
                .and_then(|c| url_in(TaxonomyKind::Category, c)),
            source: item.source.as_deref(),
            source_url: item
                .source
                .as_deref()
                .and_then(|s| url_in(TaxonomyKind::Source, s)),
            author: item.author.as_deref(),
            image: item.image.as_deref(),
            image_alt: item.image_alt.as_deref(),
            tags: item
                .tags
                .iter()
                .filter_map(|tag| {
                    let url = url_in(TaxonomyKind::Tag, tag)?;
                    Some(TermLink { name: tag, url })
                })
                .collect(),
            pinned: item.pinned,
            comments_open: item.comments_open,
            body: None,
        }
    }

    /// The whole item, for its own page.
    pub fn full(item: &'a NewsItem, site: &Site) -> Self {
        NewsView {
            body: Some(&item.body_html),
            ..Self::summary(item, site)
        }
    }
}

/// A term with its address: a tag, a category or a source.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub body: &'a str,
}

impl<'a> PageView<'a> {
    pub fn new(page: &'a Page) -> Self {
        PageView {
            title: &page.title,
            url: page_url(page),
            summary: &page.summary,
            body: &page.body_html,
        }
    }
}

pub fn news_url(id: u64) -> String {
    format!("/news/{id}/")
}

pub fn page_url(page: &Page) -> String {
    format!("/{}/", page.slug)
}
