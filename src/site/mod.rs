//! The site as readers see it: which items are published, in what order, on which list page.

pub mod pagination;

use jiff::Timestamp;

use crate::content::{Content, NewsItem, Page};
pub use pagination::{PageLink, Pagination, paginate};

/// What a build includes beyond what is published now.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    /// Include drafts, embargoed and expired items (`--drafts`), to preview them.
    pub drafts: bool,
    /// The moment that embargoes and expiry dates are compared with.
    pub now: Timestamp,
}

/// The published news, newest first, and the published pages.
#[derive(Debug)]
pub struct Site<'c> {
    pub news: Vec<&'c NewsItem>,
    /// Pinned items, newest first; they also stay in `news`.
    pub pinned: Vec<&'c NewsItem>,
    pub pages: Vec<&'c Page>,
}

impl<'c> Site<'c> {
    pub fn assemble(content: &'c Content, selection: Selection) -> Site<'c> {
        let mut news: Vec<&NewsItem> = content
            .news
            .iter()
            .filter(|item| selection.drafts || item.is_published(selection.now))
            .collect();
        news.sort_by(|a, b| {
            let instant = |item: &NewsItem| item.date.moment.zoned().timestamp();
            instant(b).cmp(&instant(a)).then(b.id.cmp(&a.id))
        });
        let pinned = news.iter().copied().filter(|item| item.pinned).collect();
        let pages = content
            .pages
            .iter()
            .filter(|page| selection.drafts || !page.draft)
            .collect();
        Site {
            news,
            pinned,
            pages,
        }
    }
}
