//! Splitting a list of news into numbered pages: `/…/`, `/…/page/2/`, ….

use serde::Serialize;

/// How many pages on either side of the current one are linked.
const NEAR: usize = 2;

/// Where a list page stands among its siblings, for the template's page links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_url: Option<String>,
    /// The page links to show, in order: the first and last pages, those near the current
    /// one, and gaps for the pages between. Bounded, so a list of thousands of pages costs
    /// each of its pages no more than a short one.
    pub links: Vec<PageLink>,
}

/// A numbered page link, or a gap standing for the pages from `number` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub gap: bool,
}

/// The address of page `number` of the list at `base` (which ends with `/`).
pub fn page_url(base: &str, number: usize) -> String {
    super::address::list_page(base, number)
}

/// `items` in pages of `per_page` (at least one page, empty if there are no items).
pub fn paginate<'a, T>(items: &'a [T], per_page: usize, base: &str) -> Vec<(Pagination, &'a [T])> {
    let chunks: Vec<&[T]> = if items.is_empty() {
        vec![items]
    } else {
        items.chunks(per_page.max(1)).collect()
    };
    let total = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, chunk)| {
            let current = index + 1;
            let pagination = Pagination {
                current,
                total,
                url: page_url(base, current),
                prev_url: (current > 1).then(|| page_url(base, current - 1)),
                next_url: (current < total).then(|| page_url(base, current + 1)),
                links: links(base, current, total),
            };
            (pagination, chunk)
        })
        .collect()
}

/// Links to the first and last pages and to those within [`NEAR`] of `current`; a hole of one
/// page shows that page, a longer one a gap.
fn links(base: &str, current: usize, total: usize) -> Vec<PageLink> {
    let mut shown: Vec<usize> = vec![1];
    shown.extend(current.saturating_sub(NEAR).max(2)..=(current + NEAR).min(total));
    shown.push(total);
    shown.dedup();
    let mut links = Vec::with_capacity(shown.len() + 2);
    let mut next = 1;
    for number in shown {
        if number == next + 1 {
            links.push(link(base, next, false));
        } else if number > next + 1 {
            links.push(link(base, next, true));
        }
        links.push(link(base, number, false));
        next = number + 1;
    }
    links
}

fn link(base: &str, number: usize, gap: bool) -> PageLink {
    PageLink {
        number,
        url: page_url(base, number),
        gap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_linked_pages() {
        let items: Vec<u32> = (1..=5).collect();
        let pages = paginate(&items, 2, "/");
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].1, [1, 2]);
        assert_eq!(pages[2].1, [5]);
        assert_eq!(pages[0].0.prev_url, None);
        assert_eq!(pages[0].0.next_url.as_deref(), Some("/page/2/"));
        assert_eq!(pages[1].0.prev_url.as_deref(), Some("/"));
        assert_eq!(pages[1].0.url, "/page/2/");
        assert_eq!(pages[2].0.next_url, None);
        assert_eq!(pages[2].0.links[2].url, "/page/3/");
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let pages = paginate::<u32>(&[], 10, "/archive/1399/");
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].0.current, pages[0].0.total), (1, 1));
        assert_eq!(pages[0].0.links.len(), 1);
        assert!(pages[0].1.is_empty());
    }

    /// The links as the theme shows them: numbers, `…` for gaps.
    fn shown(current: usize, total: usize) -> String {
        links("/", current, total)
            .iter()
            .map(|link| match link.gap {
                true => "…".to_string(),
                false => link.number.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn far_pages_are_gaps_and_a_single_missing_page_is_shown() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 3), "1 2 3");
        assert_eq!(shown(1, 500), "1 2 3 … 500");
        assert_eq!(shown(5, 500), "1 2 3 4 5 6 7 … 500");
        assert_eq!(shown(6, 500), "1 … 4 5 6 7 8 … 500");
        assert_eq!(shown(496, 500), "1 … 494 495 496 497 498 499 500");
        assert_eq!(shown(500, 500), "1 … 498 499 500");
    }

    #[test]
    fn every_page_links_each_number_once_in_order_and_itself() {
        for total in 1..40 {
            for current in 1..=total {
                let links = links("/", current, total);
                let numbers: Vec<usize> = links.iter().map(|link| link.number).collect();
                assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
                assert!(links.iter().any(|l| l.number == current && !l.gap));
                assert!(links.len() <= 2 * NEAR + 5, "{current} of {total}");
                assert_eq!(links.last().map(|l| l.number), Some(total));
            }
        }
    }
}
