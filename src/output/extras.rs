//! The files beside the pages: feeds, sitemaps and `robots.txt`.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use jiff::Timestamp;

use super::OutputFile;
use super::feeds::{self, FeedInfo};
use super::search::SearchCache;
use super::sitemap;
use crate::config::Config;
use crate::content::NewsItem;
use crate::site::address::{self, Addresses};
use crate::site::{Site, TaxonomyKind};

/// The comment form's script (docs/templates.md), written when the site has an intake service.
const COMMENTS_CLIENT: &str = include_str!("comments.js");

/// What the previous build made of these files, to reuse: the search index's state and what
/// each feed and each sitemap part showed.
#[derive(Default)]
pub struct ExtrasCache {
    pub search: SearchCache,
    pub shown: ShownBefore,
}

/// What the previous build's feeds and sitemap parts showed, hashed: a build of the command
/// line has them from the previous build's record.
#[derive(Default)]
pub struct ShownBefore {
    /// A hash of what each feed shows ([`feed_hash`]), by the feed's page.
    pub feeds: HashMap<String, u64>,
    /// A hash of the addresses each part of the sitemap index lists and their last changes,
    /// by the part's name.
    pub sitemaps: HashMap<String, u64>,
}

/// The fingerprints of a build's inputs, as `pipeline::Inputs` has them: the
/// site-wide data, and each item's text and comments by news number.
#[derive(Clone, Copy)]
pub struct Fingerprints<'a> {
    pub global: u64,
    pub items: &'a HashMap<u64, u64>,
}

/// The files beside the pages that a build made, and how many more it kept as the previous
/// build left them.
#[derive(Default)]
pub struct Besides {
    pub made: Vec<OutputFile>,
    pub kept: usize,
}

impl Besides {
    fn add(&mut self, other: Besides) {
        self.made.extend(other.made);
        self.kept += other.kept;
    }

    fn push(&mut self, url: &str, text: String) {
        self.made.push(file(url, text));
    }
}

/// Feeds for the site and each category, the sitemaps of `page_urls`, `robots.txt` and the
/// comment form's script: every file beside the pages but the search index's, which
/// `output::search` makes. With a `cache`, a feed that shows the same as before and a sitemap
/// part that lists the same as before are not made at all when `keep` says the previous
/// build's files stay (as the search index's [`super::search::Destination`] does).
pub fn besides_search(
    config: &Config,
    site: &Site,
    page_urls: &[&str],
    now: Timestamp,
    mut cache: Option<&mut ShownBefore>,
    fingerprints: Option<Fingerprints>,
    keep: &(dyn Fn(&Path) -> bool + Sync),
) -> Besides {
    let addresses = Addresses::new(&config.site.base_url);
    let global = fingerprints
        .as_ref()
        .map(|fingerprints| fingerprints.global);
    let mut files = feed_files(config, site, cache.as_deref_mut(), fingerprints, keep);
    let per_page = config.site.items_per_page;
    let listing = Listing {
        page_urls,
        per_page,
        addresses: &addresses,
    };
    files.add(sitemap_files(site, &listing, cache, global, keep));
    let news = sitemap::news_sitemap(
        &addresses,
        &config.site.title,
        &config.site.language,
        &site.news,
        now,
    );
    let mut sitemaps = vec![sitemap::SITEMAP];
    if let Some(news) = news {
        files.push(&address::root_file(sitemap::NEWS_SITEMAP), news);
        sitemaps.push(sitemap::NEWS_SITEMAP);
    }
    let robots = sitemap::robots(&addresses, &sitemaps);
    files.push(&address::root_file("robots.txt"), robots);
    if config.site.comments.endpoint.is_some() {
        files.push("/comments/comments.js", COMMENTS_CLIENT.to_string());
    }
    files
}

/// The RSS and Atom feeds of the site and of each category; with a `cache`, a feed that shows
/// the same as before is not made again when `keep` keeps both its files.
fn feed_files(
    config: &Config,
    site: &Site,
    cache: Option<&mut ShownBefore>,
    fingerprints: Option<Fingerprints>,
    keep: &(dyn Fn(&Path) -> bool + Sync),
) -> Besides {
    let addresses = Addresses::new(&config.site.base_url);
    let mut files = Besides::default();
    let mut kept_feeds = HashMap::default();
    let mut feed = |path: &str, title: &str, items: &[&NewsItem]| {
        let info = FeedInfo {
            title,
            description: &config.site.description,
            addresses: &addresses,
            page: path,
            language: &config.site.language,
        };
        let shown = fingerprints.map(|fingerprints| feed_hash(title, items, &fingerprints));
        let previous = cache.as_deref().and_then(|cache| cache.feeds.get(path));
        let (rss, atom) = (address::rss(path), address::atom(path));
        let kept = |url: &str| keep(Path::new(url.trim_start_matches('/')));
        let same = shown.is_some() && previous == shown.as_ref();
        if same && kept(&rss) && kept(&atom) {
            files.kept += 2;
        } else {
            files.push(&rss, feeds::rss(&info, items));
            files.push(&atom, feeds::atom(&info, items));
        }
        if let Some(shown) = shown {
            kept_feeds.insert(path.to_string(), shown);
        }
    };
    feed("/", &config.site.title, &site.news);
    for term in &site.taxonomy(TaxonomyKind::Category).terms {
        let title = format!("{} – {}", term.name, config.site.title);
        feed(&term.url(TaxonomyKind::Category), &title, &term.items);
    }
    if let Some(cache) = cache {
        cache.feeds = kept_feeds;
    }
    files
}

/// What the sitemaps list: the pages' addresses, the list pages' length, and the site's
/// address.
struct Listing<'a> {
    page_urls: &'a [&'a str],
    per_page: usize,
    addresses: &'a Addresses,
}

/// The sitemap index of the `listing`'s addresses and its parts ([`sitemap`]); with a `cache`
/// and the site-wide fingerprint `global`, a part that lists the same addresses with the same
/// last changes as before is not made again when `keep` keeps its file, so a new item makes
/// only the parts it joins.
fn sitemap_files(
    site: &Site,
    listing: &Listing,
    cache: Option<&mut ShownBefore>,
    global: Option<u64>,
    keep: &(dyn Fn(&Path) -> bool + Sync),
) -> Besides {
    let entries = sitemap::entries(site, listing.page_urls, listing.per_page);
    let parts = sitemap::parts(&entries);
    let index = sitemap::index(listing.addresses, &parts);
    let mut files = Besides::default();
    files.push(&address::root_file(sitemap::SITEMAP), index);
    let mut listed_now = HashMap::default();
    for part in &parts {
        let listed = global.map(|global| part_hash(global, part));
        let previous = cache.as_deref().and_then(|c| c.sitemaps.get(&part.name));
        let same = listed.is_some() && previous == listed.as_ref();
        if same && keep(Path::new(&part.name)) {
            files.kept += 1;
        } else {
            let xml = sitemap::urlset(listing.addresses, &part.entries);
            files.push(&address::root_file(&part.name), xml);
        }
        if let Some(listed) = listed {
            listed_now.insert(part.name.clone(), listed);
        }
    }
    if let Some(cache) = cache {
        cache.sitemaps = listed_now;
    }
    files
}

/// What a sitemap part lists: its addresses with their last changes, under the site-wide
/// fingerprint `global` (the base address and the time zone the dates are written in).
fn part_hash(global: u64, part: &sitemap::Part) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    global.hash(&mut hasher);
    for entry in &part.entries {
        let lastmod = entry.lastmod.map(|date| date.moment.zoned().timestamp());
        (&entry.path, lastmod).hash(&mut hasher);
    }
    hasher.finish()
}

/// What a feed shows: its title, its newest items' numbers, texts and comments, and when each
/// item last changed (an Atom feed's `updated` is the latest change of all of them).
fn feed_hash(title: &str, items: &[&NewsItem], fingerprints: &Fingerprints) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    (title, fingerprints.global).hash(&mut hasher);
    for item in items.iter().take(feeds::FEED_ITEMS) {
        (item.id, fingerprints.items.get(&item.id)).hash(&mut hasher);
    }
    feeds::latest_change(items)
        .map(|date| date.moment.zoned().timestamp())
        .hash(&mut hasher);
    hasher.finish()
}

fn file(url: &str, text: String) -> OutputFile {
    OutputFile {
        path: url.trim_start_matches('/').into(),
        bytes: text.into_bytes().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;
    use crate::site::Selection;

    #[test]
    fn a_sitemap_part_that_lists_the_same_is_not_made_again_while_its_file_stays() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = Config::load(&root).unwrap();
        let content = Content::load(&config).unwrap();
        let now = Timestamp::now();
        let selection = Selection { drafts: false, now };
        let site = Site::assemble(&content, &[], selection).unwrap();
        let urls: Vec<String> = site
            .news
            .iter()
            .map(|item| address::news(item.id))
            .collect();
        let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        let items = HashMap::default();
        let prints = || {
            Some(Fingerprints {
                global: 7,
                items: &items,
            })
        };
        let mut every = None;
        let mut parts = |files: Besides| {
            let all = files.made.len() + files.kept;
            assert_eq!(
                *every.get_or_insert(all),
                all,
                "made and kept, every file counted"
            );
            let parts = files.made.iter();
            let parts = parts.filter(|f| f.path.starts_with(sitemap::PARTS_FOLDER));
            parts.count()
        };
        let mut cache = ShownBefore::default();
        let stays = |_: &Path| true;
        let made = |cache: &mut ShownBefore, keep: &(dyn Fn(&Path) -> bool + Sync)| {
            besides_search(&config, &site, &urls, now, Some(cache), prints(), keep)
        };
        let first = parts(made(&mut cache, &stays));
        assert!(first > 0, "nothing listed before: every part made");
        assert_eq!(
            parts(made(&mut cache, &stays)),
            0,
            "the same lists, files kept"
        );
        assert_eq!(parts(made(&mut cache, &|_| false)), first, "files gone");
        cache.sitemaps.values_mut().for_each(|hash| *hash ^= 1);
        assert_eq!(parts(made(&mut cache, &stays)), first, "other lists");
    }

    #[test]
    fn a_feed_that_shows_the_same_is_not_made_again_while_its_files_stay() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root).unwrap();
        let content = Content::load(&config).unwrap();
        let now = Timestamp::now();
        let selection = Selection { drafts: false, now };
        let site = Site::assemble(&content, &[], selection).unwrap();
        let mut items = HashMap::default();
        let feeds = |files: Besides| {
            let feeds = files.made.iter().filter(|f| {
                f.path
                    .file_name()
                    .is_some_and(|name| name == "rss.xml" || name == "atom.xml")
            });
            feeds.count()
        };
        let mut cache = ShownBefore::default();
        let mut made = |items: &HashMap<u64, u64>, keep: &(dyn Fn(&Path) -> bool + Sync)| {
            let prints = Fingerprints { global: 7, items };
            feeds(besides_search(
                &config,
                &site,
                &[],
                now,
                Some(&mut cache),
                Some(prints),
                keep,
            ))
        };
        let first = made(&items, &|_| true);
        let categories = site.taxonomy(TaxonomyKind::Category).terms.len();
        assert_eq!(
            first,
            2 * (1 + categories),
            "nothing shown before: every feed made"
        );
        assert_eq!(made(&items, &|_| true), 0, "the same items, files kept");
        assert_eq!(
            made(&items, &|path| !path.ends_with("atom.xml")),
            first,
            "a file gone"
        );
        let newest = site.news[0];
        items.insert(newest.id, 1);
        let in_feeds = 1 + usize::from(newest.category.is_some());
        assert_eq!(
            made(&items, &|_| true),
            2 * in_feeds,
            "the newest item edited"
        );
    }
}
