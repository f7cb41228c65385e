//! The site as readers see it: which items are published, in what order, on which list page.

pub mod address;
pub mod archive;
pub mod pagination;
pub mod related;
pub mod taxonomy;

use crate::images::Catalog;
use jiff::Timestamp;
use rayon::prelude::*;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::comments::model::{Comment, Status};
use crate::content::{Content, NewsItem, Page};
use crate::diagnostic::Diagnostics;
pub use archive::{Archive, ArchiveMonth, ArchiveYear};
pub use pagination::{PageLink, Pagination, paginate};
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};

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
    /// Every news item of the content, published or not, by news number: its place is the
    /// item's document number in the search index, which stays the same as items with the
    /// next news numbers arrive (whatever their dates), as dates change and as items are
    /// unpublished.
    pub numbered: Vec<&'c Arc<NewsItem>>,
    /// Pinned items, newest first; they also stay in `news`.
    pub pinned: Vec<&'c NewsItem>,
    pub pages: Vec<&'c Page>,
    pub archive: Archive<'c>,
    /// Categories, tags and sources, in `TaxonomyKind::ALL` order.
    pub taxonomies: Vec<Taxonomy<'c>>,
    /// The approved comments of each news item, oldest first.
    pub comments: HashMap<u64, Vec<&'c Comment>>,
    /// The site's pictures, each with its size and smaller copies, for the pages that show
    /// them; none for a site assembled without its static files.
    pub pictures: Option<&'c Catalog>,
}

impl<'c> Site<'c> {
    /// Orders and groups what is published, with the approved ones of `comments` (read beside
    /// the content, in every state); reports terms that cannot have an address.
    pub fn assemble(
        content: &'c Content,
        comments: &'c [Comment],
        selection: Selection,
    ) -> Result<Site<'c>, Diagnostics> {
        let instant = |item: &NewsItem| item.date.moment.zoned().timestamp();
        let mut numbered: Vec<&Arc<NewsItem>> = content.news.iter().collect();
        numbered.par_sort_unstable_by_key(|item| item.id);
        let mut news: Vec<&NewsItem> = content
            .news
            .iter()
            .map(Arc::as_ref)
            .filter(|item| selection.drafts || item.is_published(selection.now))
            .collect();
        news.sort_by(|a, b| instant(b).cmp(&instant(a)).then(b.id.cmp(&a.id)));
        let pinned = news.iter().copied().filter(|item| item.pinned).collect();
        let pages = content
            .pages
            .iter()
            .filter(|page| selection.drafts || !page.draft)
            .collect();
        let (collected, archive) = rayon::join(
            || {
                TaxonomyKind::ALL
                    .par_iter()
                    .map(|&kind| Taxonomy::collect(kind, &news))
                    .collect::<Vec<_>>()
            },
            || Archive::collect(&news),
        );
        let mut taxonomies = Vec::new();
        let mut errors = Vec::new();
        for taxonomy in collected {
            match taxonomy {
                Ok(taxonomy) => taxonomies.push(taxonomy),
                Err(problems) => errors.extend(problems),
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let mut approved: HashMap<u64, Vec<&Comment>> = HashMap::default();
        for comment in comments {
            if comment.status == Status::Approved {
                approved.entry(comment.news_id).or_default().push(comment);
            }
        }
        Ok(Site {
            pictures: None,
            comments: approved,
            archive,
            news,
            numbered,
            pinned,
            pages,
            taxonomies,
        })
    }

    /// The site with its `pictures`.
    pub fn with_pictures(self, pictures: &'c Catalog) -> Site<'c> {
        Site {
            pictures: Some(pictures),
            ..self
        }
    }

    /// The approved comments of news item `id`, oldest first.
    pub fn comments_of(&self, id: u64) -> &[&'c Comment] {
        self.comments.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The names of the categories, in Persian alphabetical order.
    pub fn category_names(&self) -> Vec<String> {
        let categories = &self.taxonomy(TaxonomyKind::Category).terms;
        categories.iter().map(|term| term.name.clone()).collect()
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy<'c> {
        self.taxonomies
            .iter()
            .find(|taxonomy| taxonomy.kind == kind)
            .expect("every kind is collected")
    }
}
