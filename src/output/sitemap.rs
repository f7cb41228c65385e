//! `sitemap.xml` (an index of several files above 50,000 addresses), the Google News sitemap of
//! the last two days when it has items, and `robots.txt` pointing to those that exist.

use std::fmt::Write;

use jiff::{SignedDuration, Timestamp};

use super::feeds::{escape, rfc3339};
use crate::content::NewsItem;
use crate::site::address::{self, Addresses};

/// The most addresses one sitemap file may hold.
pub const SITEMAP_LIMIT: usize = 50_000;

/// An address for the sitemap, with when it last changed if known.
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<String>,
}

/// The sitemap files: `sitemap.xml` alone, or an index `sitemap.xml` and `sitemap-N.xml` parts.
pub fn sitemaps(addresses: &Addresses, entries: &[SitemapEntry]) -> Vec<(String, String)> {
    let chunks: Vec<&[SitemapEntry]> = entries.chunks(SITEMAP_LIMIT).collect();
    if chunks.len() <= 1 {
        return vec![("sitemap.xml".into(), urlset(addresses, entries))];
    }
    let mut files = Vec::with_capacity(chunks.len() + 1);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (number, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&addresses.uri(&address::root_file(&name)))
        );
        files.push((name, urlset(addresses, chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

fn urlset(addresses: &Addresses, entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(
            xml,
            "<url><loc>{}</loc>",
            escape(&addresses.uri(&entry.path))
        );
        if let Some(lastmod) = &entry.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape(lastmod));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The Google News sitemap: items published in the two days before `now`; none without such
/// items, as a `<urlset>` without `<url>` is not a valid sitemap.
pub fn news_sitemap(
    addresses: &Addresses,
    publication: &str,
    language: &str,
    news: &[&NewsItem],
    now: Timestamp,
) -> Option<String> {
    let since = now - SignedDuration::from_hours(48);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let recent = news.iter().filter(|item| {
        let published = item.date.moment.zoned().timestamp();
        since <= published && published <= now
    });
    let mut any = false;
    for item in recent {
        any = true;
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            escape(&addresses.uri(&address::news(item.id))),
            escape(publication),
            escape(language),
            rfc3339(&item.date),
            escape(&item.title)
        );
    }
    xml.push_str("</urlset>\n");
    any.then_some(xml)
}

/// The file name of the Google News sitemap.
pub const NEWS_SITEMAP: &str = "news-sitemap.xml";

/// `robots.txt`: everything may be crawled, and here are the sitemaps named `sitemaps`
/// (file names at the site's root, such as `sitemap.xml`).
pub fn robots(addresses: &Addresses, sitemaps: &[&str]) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n\n");
    for name in sitemaps {
        let _ = writeln!(
            text,
            "Sitemap: {}",
            addresses.uri(&address::root_file(name))
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_above_the_limit_into_an_index() {
        let entries: Vec<SitemapEntry> = (0..SITEMAP_LIMIT + 1)
            .map(|i| SitemapEntry {
                path: format!("/news/{i}/"),
                lastmod: None,
            })
            .collect();
        let addresses = Addresses::new("https://news.example.org");
        let files = sitemaps(&addresses, &entries);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(
            files[0]
                .1
                .contains("<sitemap><loc>https://news.example.org/sitemap-2.xml</loc></sitemap>")
        );
        assert_eq!(files[2].1.matches("<url>").count(), 1);
        let single = sitemaps(&addresses, &entries[..2]);
        assert_eq!(single.len(), 1);
        assert!(
            single[0]
                .1
                .contains("<loc>https://news.example.org/news/1/</loc>")
        );
    }

    #[test]
    fn persian_addresses_are_percent_encoded() {
        let entries = [SitemapEntry {
            path: "/tag/البرز/".into(),
            lastmod: None,
        }];
        let files = sitemaps(&Addresses::new("https://news.example.org/"), &entries);
        assert!(
            files[0].1.contains(
                "<loc>https://news.example.org/tag/%D8%A7%D9%84%D8%A8%D8%B1%D8%B2/</loc>"
            ),
            "{}",
            files[0].1
        );
    }

    #[test]
    fn robots_names_only_the_sitemaps_given() {
        let addresses = Addresses::new("https://news.example.org");
        assert_eq!(
            robots(&addresses, &["sitemap.xml"]),
            "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n"
        );
    }
}
