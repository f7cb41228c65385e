//! The files beside the pages: feeds, sitemaps and `robots.txt`.

use std::collections::HashMap;

use jiff::Timestamp;

use super::OutputFile;
use super::feeds::{self, FeedInfo, rfc3339};
use super::search::{self, SearchCache};
use super::sitemap::{self, SitemapEntry};
use crate::config::Config;
use crate::site::{Site, TaxonomyKind};

/// The comment form's script (docs/templates.md), written when the site has an intake service.
const COMMENTS_CLIENT: &str = include_str!("comments.js");

/// Feeds for the site and each category, the sitemaps of `page_urls`, `robots.txt`, the
/// search index, and the comment form's script.
pub fn files(
    config: &Config,
    site: &Site,
    page_urls: &[String],
    now: Timestamp,
    search_cache: Option<(&mut SearchCache, &HashMap<u64, u64>)>,
) -> Vec<OutputFile> {
    let base_url = config.site.base_url.trim_end_matches('/');
    let mut files = Vec::new();
    let mut feed = |path: &str, title: &str, items: &[&crate::content::NewsItem]| {
        let info = FeedInfo {
            title,
            description: &config.site.description,
            base_url,
            page: path,
            language: &config.site.language,
        };
        files.push(file(&format!("{path}rss.xml"), feeds::rss(&info, items)));
        files.push(file(&format!("{path}atom.xml"), feeds::atom(&info, items)));
    };
    feed("/", &config.site.title, &site.news);
    let categories = site.taxonomy(TaxonomyKind::Category);
    for term in &categories.terms {
        let title = format!("{} – {}", term.name, config.site.title);
        feed(&term.url(TaxonomyKind::Category), &title, &term.items);
    }

    let lastmod: HashMap<String, String> = site
        .news
        .iter()
        .map(|item| {
            let changed = item.updated.as_ref().unwrap_or(&item.date);
            (format!("/news/{}/", item.id), rfc3339(changed))
        })
        .collect();
    let entries: Vec<SitemapEntry> = page_urls
        .iter()
        .filter(|url| url.ends_with('/'))
        .map(|url| SitemapEntry {
            path: url.clone(),
            lastmod: lastmod.get(url).cloned(),
        })
        .collect();
    for (name, xml) in sitemap::sitemaps(base_url, &entries) {
        files.push(file(&format!("/{name}"), xml));
    }
    let news = sitemap::news_sitemap(
        base_url,
        &config.site.title,
        &config.site.language,
        &site.news,
        now,
    );
    files.push(file("/news-sitemap.xml", news));
    files.push(file("/robots.txt", sitemap::robots(base_url)));
    if config.site.search.enabled {
        let categories: Vec<String> = categories
            .terms
            .iter()
            .map(|term| term.name.clone())
            .collect();
        files.extend(search::files(&site.news, &categories, search_cache));
    }
    if config.site.comments.endpoint.is_some() {
        files.push(file("/comments/comments.js", COMMENTS_CLIENT.to_string()));
    }
    files
}

fn file(url: &str, text: String) -> OutputFile {
    OutputFile {
        path: url.trim_start_matches('/').into(),
        bytes: text.into_bytes().into(),
    }
}
