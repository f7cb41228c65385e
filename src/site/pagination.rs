//! Splitting a list of news into numbered pages: `/…/`, `/…/page/2/`, ….

use serde::Serialize;

/// Where a list page stands among its siblings, for the template's page links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
}

/// The address of page `number` of the list at `base` (which ends with `/`).
pub fn page_url(base: &str, number: usize) -> String {
    match number {
        1 => base.to_string(),
        n => format!("{base}page/{n}/"),
    }
}

/// `items` in pages of `per_page` (at least one page, empty if there are no items).
pub fn paginate<'a, T>(items: &'a [T], per_page: usize, base: &str) -> Vec<(Pagination, &'a [T])> {
    let chunks: Vec<&[T]> = if items.is_empty() {
        vec![items]
    } else {
        items.chunks(per_page.max(1)).collect()
    };
    let total = chunks.len();
    let pages: Vec<PageLink> = (1..=total)
        .map(|number| PageLink {
            number,
            url: page_url(base, number),
        })
        .collect();
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, chunk)| {
            let current = index + 1;
            let pagination = Pagination {
                current,
                total,
                prev_url: (current > 1).then(|| page_url(base, current - 1)),
                next_url: (current < total).then(|| page_url(base, current + 1)),
                pages: pages.clone(),
            };
            (pagination, chunk)
        })
        .collect()
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
        assert_eq!(pages[2].0.next_url, None);
        assert_eq!(pages[2].0.pages[2].url, "/page/3/");
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let pages = paginate::<u32>(&[], 10, "/archive/1399/");
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].0.current, pages[0].0.total), (1, 1));
        assert!(pages[0].1.is_empty());
    }
}
