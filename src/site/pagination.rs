//! Splitting a list of news into pages whose addresses keep their news as the list grows.
//!
//! The list's own address (`/…/`) shows its newest `per_page` items. The older items are in
//! numbered pages counted from the oldest: `/…/pages/1/` holds the list's first `per_page`
//! items, `/…/pages/2/` the next, and so on; the newest, partly filled run of items is shown
//! only at the list's own address. A new item therefore changes the list's own page and, when
//! it starts a new run, adds one numbered page and changes the few pages that link near the
//! top; every other page keeps its address and its bytes. The newest numbered page may show
//! some of the items the list's own page shows too.

use serde::Serialize;

/// How many pages on either side of the current one are linked.
const NEAR: usize = 2;

/// Where a list page stands among its siblings, for the template's page links. Everything in
/// it is fixed once the page is full, except on the pages near the newest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// The page's number counted from the oldest page (1); the list's own address, showing
    /// the newest items, has the highest.
    pub current: usize,
    /// Whether this is the list's own address, with its newest items.
    pub newest: bool,
    /// How many pages the list has: only on its newest page, as it grows with the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    pub url: String,
    /// The page of newer items, in reading order from the newest (absent on the newest page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_url: Option<String>,
    /// The page of older items (absent on the oldest page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_url: Option<String>,
    /// The page links to show, newest first: the newest page, those near the current one,
    /// the oldest, and gaps for the pages between. Bounded, so a list of thousands of pages
    /// costs each of its pages no more than a short one. Empty when the list has one page.
    pub links: Vec<PageLink>,
}

/// A page link, or a gap standing for the pages from `number` up (so that a gap's data stays
/// the same while newer pages are added above it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// The page's number; absent on the newest page's link, as that number grows with the
    /// list, and every page that links to the newest would change with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<usize>,
    pub url: String,
    pub gap: bool,
    /// Whether it leads to the newest page (the list's own address), which themes name
    /// rather than number.
    pub newest: bool,
}

/// The pages of the list of `items` (newest first) at `base` (which ends with `/`): the
/// newest page first, then the numbered pages from the newest down to `/pages/1/`; each with
/// the items it shows, newest first. An empty list is one empty page.
pub fn paginate<'a, T>(items: &'a [T], per_page: usize, base: &str) -> Vec<(Pagination, &'a [T])> {
    let per_page = per_page.max(1);
    let total = items.len().div_ceil(per_page).max(1);
    let list = List { base, total };
    let newest = Pagination {
        current: total,
        newest: true,
        total: Some(total),
        url: base.to_string(),
        prev_url: None,
        next_url: (total > 1).then(|| list.url(total - 1)),
        links: list.links(total),
    };
    let mut pages = vec![(newest, &items[..per_page.min(items.len())])];
    for number in (1..total).rev() {
        let end = items.len() - (number - 1) * per_page;
        let pagination = Pagination {
            current: number,
            newest: false,
            total: None,
            url: list.url(number),
            prev_url: Some(list.url(number + 1)),
            next_url: (number > 1).then(|| list.url(number - 1)),
            links: list.links(number),
        };
        pages.push((pagination, &items[end - per_page..end]));
    }
    pages
}

/// A list's addresses: `total` pages at `base`, the last of them the list's own address.
struct List<'a> {
    base: &'a str,
    total: usize,
}

impl List<'_> {
    /// The address of page `number`.
    fn url(&self, number: usize) -> String {
        match number == self.total {
            true => self.base.to_string(),
            false => super::address::list_page(self.base, number),
        }
    }

    /// Links to the newest and oldest pages and to those within [`NEAR`] of `current`,
    /// newest first; a hole of one page shows that page, a longer one a gap.
    fn links(&self, current: usize) -> Vec<PageLink> {
        if self.total == 1 {
            return Vec::new();
        }
        let mut shown: Vec<usize> = vec![self.total];
        shown
            .extend((current.saturating_sub(NEAR).max(1)..=(current + NEAR).min(self.total)).rev());
        shown.push(1);
        shown.dedup();
        let mut links = Vec::with_capacity(shown.len() + 2);
        let mut next = self.total;
        for number in shown {
            if number + 2 <= next {
                links.push(self.link(number + 1, number + 2 < next));
            }
            links.push(self.link(number, false));
            next = number;
        }
        links
    }

    fn link(&self, number: usize, gap: bool) -> PageLink {
        let newest = number == self.total;
        PageLink {
            number: (!newest).then_some(number),
            url: self.url(number),
            gap,
            newest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The addresses and items of each page of `count` items, newest (the highest) first.
    fn pages(count: u32, per_page: usize) -> Vec<(String, Vec<u32>)> {
        let items: Vec<u32> = (1..=count).rev().collect();
        paginate(&items, per_page, "/")
            .into_iter()
            .map(|(pagination, items)| (pagination.url, items.to_vec()))
            .collect()
    }

    #[test]
    fn the_newest_items_are_at_the_list_and_older_ones_counted_from_the_oldest() {
        assert_eq!(
            pages(5, 2),
            [
                ("/".to_string(), vec![5, 4]),
                ("/pages/2/".to_string(), vec![4, 3]),
                ("/pages/1/".to_string(), vec![2, 1]),
            ]
        );
        assert_eq!(pages(4, 2)[1], ("/pages/1/".to_string(), vec![2, 1]));
        assert_eq!(pages(2, 2), [("/".to_string(), vec![2, 1])]);
    }

    #[test]
    fn a_new_item_changes_only_the_newest_page_or_adds_one() {
        for count in 1..60 {
            let before = pages(count, 4);
            let after = pages(count + 1, 4);
            let changed = after.iter().filter(|page| !before.contains(page)).count();
            assert_eq!(changed, if count % 4 == 0 { 2 } else { 1 }, "{count}");
        }
    }

    #[test]
    fn readers_page_from_the_newest_to_the_oldest() {
        let items: Vec<u32> = (1..=23).rev().collect();
        let pages = paginate(&items, 5, "/tag/x/");
        let mut at = "/tag/x/".to_string();
        let mut seen = Vec::new();
        for (pagination, items) in &pages {
            assert_eq!(pagination.url, at);
            for item in *items {
                if !seen.contains(item) {
                    seen.push(*item);
                }
            }
            match &pagination.next_url {
                Some(next) => at = next.clone(),
                None => assert_eq!(pagination.current, 1),
            }
        }
        assert_eq!(seen, items, "every item once, newest first");
        assert_eq!(pages[1].0.prev_url.as_deref(), Some("/tag/x/"));
        assert_eq!(pages[2].0.prev_url.as_deref(), Some("/tag/x/pages/4/"));
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let pages = paginate::<u32>(&[], 10, "/archive/1399/");
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].0.current, pages[0].0.total), (1, Some(1)));
        assert!(pages[0].0.links.is_empty());
        assert!(pages[0].1.is_empty());
    }

    /// The links as the theme shows them: «new» for the newest page, numbers, `…` for gaps.
    fn shown(current: usize, total: usize) -> String {
        List { base: "/", total }
            .links(current)
            .iter()
            .map(|link| match (link.newest, link.gap) {
                (true, _) => "new".to_string(),
                (_, true) => "…".to_string(),
                _ => link.number.unwrap().to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn far_pages_are_gaps_and_a_single_missing_page_is_shown() {
        assert_eq!(shown(1, 1), "");
        assert_eq!(shown(3, 3), "new 2 1");
        assert_eq!(shown(500, 500), "new 499 498 … 1");
        assert_eq!(shown(496, 500), "new 499 498 497 496 495 494 … 1");
        assert_eq!(shown(495, 500), "new … 497 496 495 494 493 … 1");
        assert_eq!(shown(5, 500), "new … 7 6 5 4 3 2 1");
        assert_eq!(shown(1, 500), "new … 3 2 1");
    }

    #[test]
    fn links_far_from_the_newest_do_not_change_as_the_list_grows() {
        let links = |current, total| List { base: "/", total }.links(current);
        for current in 1..30 {
            assert_eq!(links(current, 40), links(current, 41), "{current}");
        }
    }

    #[test]
    fn every_page_links_each_number_once_in_order_and_itself() {
        for total in 2..40 {
            for current in 1..=total {
                let links = List { base: "/", total }.links(current);
                assert!(links[0].newest && links[0].number.is_none());
                let numbers: Vec<usize> = links[1..].iter().map(|l| l.number.unwrap()).collect();
                assert!(numbers.windows(2).all(|pair| pair[0] > pair[1]));
                assert!(numbers.first() < Some(&total));
                assert!(current == total || numbers.contains(&current));
                assert!(links.len() <= 2 * NEAR + 5, "{current} of {total}");
                assert_eq!(numbers.last(), Some(&1));
            }
        }
    }
}
