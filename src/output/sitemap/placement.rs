//! Where each address of the sitemap is listed ([`super::Placement`]): a news page by its
//! item's date, and an address that came with news — a term's page, an archive year's or
//! month's page, a numbered list page — by the date of the item that brought it.

use rustc_hash::FxHashMap as HashMap;

use super::{Placement, SitemapEntry};
use crate::calendar::JalaliDateTime;
use crate::content::NewsItem;
use crate::output::feeds;
use crate::site::Site;
use crate::site::address;

/// The sitemap's addresses: each of `page_urls` that is a page (ending with `/`), placed as
/// [`super`] says; a news page with when its item last changed. `per_page` is the lists'
/// `items_per_page`, which says when a numbered list page came.
pub fn entries<'a>(
    site: &Site<'a>,
    page_urls: &[&'a str],
    per_page: usize,
) -> Vec<SitemapEntry<'a>> {
    let news: HashMap<u64, &'a NewsItem> = site.news.iter().map(|&item| (item.id, item)).collect();
    let arrived = arrivals(site, per_page);
    page_urls
        .iter()
        .filter(|url| url.ends_with('/'))
        .map(
            |&url| match address::news_id(url).and_then(|id| news.get(&id)) {
                Some(&item) => SitemapEntry {
                    path: url,
                    lastmod: Some(feeds::last_change(item)),
                    placement: Placement::News(&item.date.moment),
                },
                None => SitemapEntry {
                    path: url,
                    lastmod: None,
                    placement: arrived
                        .get(url)
                        .map_or(Placement::Undated, |&moment| Placement::Arrived(moment)),
                },
            },
        )
        .collect()
}

/// When each address that comes with news came: the date of the item that brought it.
fn arrivals<'a>(site: &Site<'a>, per_page: usize) -> HashMap<String, &'a JalaliDateTime> {
    let mut arrived = HashMap::default();
    let mut list = |base: String, items: &[&'a NewsItem], with_base: bool| {
        for (url, position) in list_arrivals(&base, items.len(), per_page, with_base) {
            arrived.insert(url, &items[position].date.moment);
        }
    };
    list("/".into(), &site.news, false);
    for year in &site.archive.years {
        for month in year.months.iter().filter(|month| !month.items.is_empty()) {
            list(month.url(), &month.items, true);
        }
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            list(term.url(taxonomy.kind), &term.items, true);
        }
    }
    for year in &site.archive.years {
        // A year's page came with its oldest item: that of its first month with news.
        if let Some(oldest) = year.months.iter().find_map(|month| month.items.last()) {
            arrived.insert(year.url(), &oldest.date.moment);
        }
    }
    arrived
}

/// The addresses of the list of `len` items (newest first) at `base` that came with an item,
/// each with that item's position in the list: every numbered page `/…/pages/N/` with the
/// item that made it (the list's `N × per_page + 1`-th oldest, whose publication pushed the
/// page's items off the list's own page), and, with `with_base`, `base` with the oldest.
fn list_arrivals(base: &str, len: usize, per_page: usize, with_base: bool) -> Vec<(String, usize)> {
    let per_page = per_page.max(1);
    let total = len.div_ceil(per_page).max(1);
    let mut arrived: Vec<(String, usize)> = (1..total)
        .map(|number| {
            (
                address::list_page(base, number),
                len - 1 - number * per_page,
            )
        })
        .collect();
    if with_base && len > 0 {
        arrived.push((base.to_string(), len - 1));
    }
    arrived
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::paginate;

    #[test]
    fn a_numbered_list_page_comes_with_the_item_that_made_it() {
        // A list grown one item at a time, as editors publish: items are numbered by when
        // they came (0 first), and the list shows them newest first.
        let per_page = 3;
        let published: Vec<usize> = (0..11).collect();
        let list =
            |count: usize| -> Vec<usize> { published[..count].iter().rev().copied().collect() };
        for count in 0..=published.len() {
            let items = list(count);
            let arrived = list_arrivals("/tag/x/", items.len(), per_page, true);
            let pages = paginate(&items, per_page, "/tag/x/");
            // Every page of the list but its own address when empty has a date, and no other.
            assert_eq!(arrived.len(), pages.len() - usize::from(count == 0));
            for (url, position) in &arrived {
                assert!(pages.iter().any(|(page, _)| page.url == *url), "{url}");
                let first_seen = (1..=count)
                    .find(|&n| {
                        let before = list(n);
                        paginate(&before, per_page, "/tag/x/")
                            .iter()
                            .any(|(page, _)| page.url == *url)
                    })
                    .unwrap();
                assert_eq!(items[*position], first_seen - 1, "{url} with {count} items");
            }
        }
        assert!(list_arrivals("/", 0, per_page, false).is_empty());
    }
}
