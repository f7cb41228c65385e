//! The sitemaps (sitemaps.org 0.9), the Google News sitemap of the last two days when it has
//! items, and `robots.txt` pointing to those that exist.
//!
//! `sitemap.xml` is always a sitemap index, so that its address and the parts' addresses stay
//! as they are while the site grows. Its parts, under `sitemaps/`, are cut so that publishing an
//! item leaves the older ones byte for byte as they were:
//!
//! - `news-YYYY.xml`: the news pages whose item is dated in Jalali year YYYY (Latin digits),
//!   oldest first;
//! - `lists-YYYY.xml`: the addresses that came with an item of year YYYY: a term's page and an
//!   archive year's or month's page with their oldest item, and a numbered list page
//!   (`/…/pages/N/`, see [`crate::site::pagination`]) with the item whose publication made it;
//! - `pages.xml`: the addresses that are there whatever the news: the home page, the archive's
//!   and the taxonomies' own pages, static pages and search.
//!
//! A part above [`SITEMAP_LIMIT`] addresses goes on in `…-2.xml`, `…-3.xml`, cut by count in
//! date order from the oldest, so a new item only ever joins the last of them. Publishing an
//! item of today therefore changes the current year's news part, the current year's lists part
//! only when the item brings a new address (a numbered page, a term, a month), and the index
//! only when a part is added (a new year, or a part filled). The index gives no `<lastmod>`
//! (it is optional): the current year's would change it on every item; each part's addresses
//! carry their own. An item dated in an earlier year, or edited (its `<lastmod>`), changes
//! the part of that year, as it should. `pages.xml` is cut by count in the order given, as
//! only a new static page adds to it.

mod placement;

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::{SignedDuration, Timestamp};

use super::feeds::{escape, rfc3339};
use crate::calendar::{EditorDate, JalaliDateTime};
use crate::content::NewsItem;
use crate::site::address::{self, Addresses};

pub use placement::entries;

/// The most addresses one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The sitemap index's file name, at the site's root; `robots.txt` names it.
pub const SITEMAP: &str = "sitemap.xml";

/// The folder of the index's parts, at the site's root.
pub const PARTS_FOLDER: &str = "sitemaps";

/// Which part of the sitemap an address is listed in.
#[derive(Debug, Clone, Copy)]
pub enum Placement<'a> {
    /// `pages.xml`: an address that is there whatever the news.
    Undated,
    /// `news-YYYY.xml`: a news page, by its item's date.
    News(&'a JalaliDateTime),
    /// `lists-YYYY.xml`: an address that came with a news item, by that item's date.
    Arrived(&'a JalaliDateTime),
}

/// An address for the sitemap: where it is listed, and when it last changed if known.
#[derive(Debug)]
pub struct SitemapEntry<'a> {
    /// The site path, such as `/news/242513/`.
    pub path: &'a str,
    pub lastmod: Option<&'a EditorDate>,
    pub placement: Placement<'a>,
}

/// One file of the sitemap index: its name under the site's root (`sitemaps/news-1399.xml`)
/// and its addresses, in the order listed.
pub struct Part<'e, 'a> {
    pub name: String,
    pub entries: Vec<&'e SitemapEntry<'a>>,
}

/// The parts of the sitemap index for `entries`: `pages.xml` first, in the order given, then
/// each year's news parts and lists parts, oldest year first, each in date order from the
/// oldest (ties by address); every group cut into files of at most [`SITEMAP_LIMIT`].
pub fn parts<'e, 'a>(entries: &'e [SitemapEntry<'a>]) -> Vec<Part<'e, 'a>> {
    let mut undated = Vec::new();
    // By (kind, Jalali year): kind 0 for news, 1 for the lists.
    let mut dated: BTreeMap<(u8, i32), Vec<&'e SitemapEntry<'a>>> = BTreeMap::new();
    for entry in entries {
        match entry.placement {
            Placement::Undated => undated.push(entry),
            Placement::News(moment) => dated
                .entry((0, moment.date().year()))
                .or_default()
                .push(entry),
            Placement::Arrived(moment) => dated
                .entry((1, moment.date().year()))
                .or_default()
                .push(entry),
        }
    }
    let mut parts = Vec::new();
    cut(&mut parts, "pages", undated);
    for ((kind, year), mut group) in dated {
        group.sort_by(|a, b| {
            let key = |entry: &SitemapEntry| match entry.placement {
                Placement::News(moment) | Placement::Arrived(moment) => {
                    Some(moment.zoned().timestamp())
                }
                Placement::Undated => None,
            };
            key(a).cmp(&key(b)).then_with(|| a.path.cmp(b.path))
        });
        let stem = match kind {
            0 => format!("news-{year}"),
            _ => format!("lists-{year}"),
        };
        cut(&mut parts, &stem, group);
    }
    parts
}

/// `group` as parts named `sitemaps/<stem>.xml`, then `<stem>-2.xml`, … for each further
/// [`SITEMAP_LIMIT`] addresses: the first part keeps its name when the group outgrows it.
fn cut<'e, 'a>(parts: &mut Vec<Part<'e, 'a>>, stem: &str, group: Vec<&'e SitemapEntry<'a>>) {
    for (number, chunk) in group.chunks(SITEMAP_LIMIT).enumerate() {
        let name = match number {
            0 => format!("{PARTS_FOLDER}/{stem}.xml"),
            _ => format!("{PARTS_FOLDER}/{stem}-{}.xml", number + 1),
        };
        parts.push(Part {
            name,
            entries: chunk.to_vec(),
        });
    }
}

/// The sitemap files for `entries`: the index `sitemap.xml` first, then its parts, each as
/// its name under the site's root and its XML.
pub fn sitemaps(addresses: &Addresses, entries: &[SitemapEntry]) -> Vec<(String, String)> {
    let parts = parts(entries);
    let mut files = vec![(SITEMAP.to_string(), index(addresses, &parts))];
    files.extend(
        parts
            .iter()
            .map(|part| (part.name.clone(), urlset(addresses, &part.entries))),
    );
    files
}

/// The sitemap index naming each of `parts`, without `<lastmod>` (see the module's text).
pub fn index(addresses: &Addresses, parts: &[Part]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in parts {
        let _ = writeln!(
            xml,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&addresses.uri(&address::root_file(&part.name)))
        );
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// A sitemap `<urlset>` of `entries`, each with its `<lastmod>` when known.
pub fn urlset(addresses: &Addresses, entries: &[&SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(
            xml,
            "<url><loc>{}</loc>",
            escape(&addresses.uri(entry.path))
        );
        if let Some(lastmod) = entry.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape(&rfc3339(lastmod)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// How long an item stays in the Google News sitemap after its date, in hours (Google's rule:
/// news of the last two days).
pub const NEWS_WINDOW_HOURS: i64 = 48;

/// The Google News sitemap: items published in the two days before `now`; none without such
/// items, as a `<urlset>` without `<url>` is not a valid sitemap.
pub fn news_sitemap(
    addresses: &Addresses,
    publication: &str,
    language: &str,
    news: &[&NewsItem],
    now: Timestamp,
) -> Option<String> {
    let since = now - SignedDuration::from_hours(NEWS_WINDOW_HOURS);
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
    use crate::calendar::{DEFAULT_TIME_ZONE, parse_date, time_zone};

    fn addresses() -> Addresses {
        Addresses::new("https://news.example.org")
    }

    /// The moment of the Jalali date-time `text` (`1399/07/05 10:00`) in Tehran.
    fn moment(text: &str) -> JalaliDateTime {
        let tehran = time_zone(DEFAULT_TIME_ZONE).unwrap();
        parse_date(text, &tehran).unwrap().moment
    }

    /// `count` moments a minute apart from `start` (a Jalali date-time), oldest first.
    fn minutes(start: &str, count: usize) -> Vec<JalaliDateTime> {
        let first = moment(start).zoned().clone();
        (0..count)
            .map(|i| {
                let zoned = first
                    .checked_add(SignedDuration::from_mins(i as i64))
                    .unwrap();
                JalaliDateTime::from_zoned(zoned).unwrap()
            })
            .collect()
    }

    fn news<'a>(path: &'a str, at: &'a JalaliDateTime) -> SitemapEntry<'a> {
        SitemapEntry {
            path,
            lastmod: None,
            placement: Placement::News(at),
        }
    }

    fn names(files: &[(String, String)]) -> Vec<&str> {
        files.iter().map(|(name, _)| name.as_str()).collect()
    }

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .map(|rest| &rest[..rest.find("</loc>").unwrap()])
            .collect()
    }

    #[test]
    fn news_go_into_a_part_per_jalali_year_oldest_first() {
        // 1399 is a leap year: its last day is 1399/12/30, and 1400/01/01 is 21 March 2021.
        let autumn_1399 = moment("1399/07/05 10:00");
        let last_of_1399 = moment("1399/12/30 23:59");
        let nowruz_1400 = moment("1400/01/01 00:00");
        let entries = [
            news("/news/3/", &nowruz_1400),
            news("/news/2/", &last_of_1399),
            SitemapEntry {
                path: "/",
                lastmod: None,
                placement: Placement::Undated,
            },
            news("/news/1/", &autumn_1399),
            SitemapEntry {
                path: "/archive/1400/",
                lastmod: None,
                placement: Placement::Arrived(&nowruz_1400),
            },
        ];
        let files = sitemaps(&addresses(), &entries);
        assert_eq!(
            names(&files),
            [
                "sitemap.xml",
                "sitemaps/pages.xml",
                "sitemaps/news-1399.xml",
                "sitemaps/news-1400.xml",
                "sitemaps/lists-1400.xml",
            ]
        );
        assert_eq!(locs(&files[1].1), ["https://news.example.org/"]);
        assert_eq!(
            locs(&files[2].1),
            [
                "https://news.example.org/news/1/",
                "https://news.example.org/news/2/"
            ]
        );
        assert_eq!(locs(&files[3].1), ["https://news.example.org/news/3/"]);
        assert_eq!(
            locs(&files[4].1),
            ["https://news.example.org/archive/1400/"]
        );
    }

    #[test]
    fn the_index_names_each_part_once_without_lastmod() {
        let at = moment("1403/12/29 18:00");
        let entries = [
            news("/news/1/", &at),
            SitemapEntry {
                path: "/search/",
                lastmod: None,
                placement: Placement::Undated,
            },
        ];
        let files = sitemaps(&addresses(), &entries);
        assert_eq!(
            files[0].1,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <sitemap><loc>https://news.example.org/sitemaps/pages.xml</loc></sitemap>\n\
             <sitemap><loc>https://news.example.org/sitemaps/news-1403.xml</loc></sitemap>\n\
             </sitemapindex>\n"
        );
        let parts: Vec<String> = files[1..]
            .iter()
            .map(|(name, _)| format!("https://news.example.org/{name}"))
            .collect();
        assert_eq!(locs(&files[0].1), parts);
    }

    #[test]
    fn a_year_over_the_limit_goes_on_in_numbered_parts_and_its_first_stays_put() {
        let moments = minutes("1403/01/01 00:00", SITEMAP_LIMIT + 2);
        let paths: Vec<String> = (0..moments.len()).map(|i| format!("/news/{i}/")).collect();
        let entries: Vec<SitemapEntry> = moments
            .iter()
            .enumerate()
            .map(|(i, at)| news(&paths[i], at))
            .rev()
            .collect();
        let before = sitemaps(&addresses(), &entries[1..]);
        assert_eq!(
            names(&before),
            [
                "sitemap.xml",
                "sitemaps/news-1403.xml",
                "sitemaps/news-1403-2.xml"
            ]
        );
        let first = locs(&before[1].1);
        assert_eq!(first.len(), SITEMAP_LIMIT);
        assert_eq!(first[0], "https://news.example.org/news/0/");
        assert_eq!(
            locs(&before[2].1),
            [format!("https://news.example.org/news/{SITEMAP_LIMIT}/")]
        );
        // One more item of the year: the index and the full part keep their bytes.
        let after = sitemaps(&addresses(), &entries);
        assert_eq!(after[..2], before[..2]);
        assert_eq!(locs(&after[2].1).len(), 2);
    }

    #[test]
    fn persian_addresses_are_percent_encoded() {
        let entries = [SitemapEntry {
            path: "/tag/البرز/",
            lastmod: None,
            placement: Placement::Undated,
        }];
        let files = sitemaps(&Addresses::new("https://news.example.org/"), &entries);
        assert_eq!(
            locs(&files[1].1),
            ["https://news.example.org/tag/%D8%A7%D9%84%D8%A8%D8%B1%D8%B2/"]
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
