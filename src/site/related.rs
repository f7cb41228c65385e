//! Related news for a news page: items sharing its tags, then its category, near it in time.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::content::NewsItem;
use crate::persian::slug::term_key;

/// How many related items a page lists.
pub const RELATED_LIMIT: usize = 5;

/// How far along a tag's or category's list (newest first) to look on either side of an item.
const WINDOW: usize = 25;

/// Finds related items in `news` (newest first) by looking near each item in the lists of its
/// tags and category, so the cost per item stays bounded however large the site grows.
pub struct RelatedIndex<'c> {
    news: &'c [&'c NewsItem],
    /// For each tag or category, the positions in `news` of its items, newest first.
    lists: Vec<Vec<usize>>,
    /// For each position in `news`, its item's lists.
    lists_of: Vec<Vec<usize>>,
}

impl<'c> RelatedIndex<'c> {
    pub fn new(news: &'c [&'c NewsItem]) -> Self {
        let mut numbers: HashMap<String, usize> = HashMap::default();
        // Items spell the same few hundred terms again and again: each spelling is
        // normalised once.
        let mut spelled: HashMap<(bool, &str), usize> = HashMap::default();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut lists_of = Vec::with_capacity(news.len());
        for (position, item) in news.iter().enumerate() {
            let terms = item.tags.iter().map(|tag| (true, tag.as_str()));
            let category = item.category.iter().map(|c| (false, c.as_str()));
            let mut own: Vec<usize> = terms
                .chain(category)
                .map(|term| {
                    *spelled.entry(term).or_insert_with(|| {
                        *numbers.entry(key(term)).or_insert_with(|| {
                            lists.push(Vec::new());
                            lists.len() - 1
                        })
                    })
                })
                .collect();
            own.sort_unstable();
            own.dedup();
            for &number in &own {
                lists[number].push(position);
            }
            lists_of.push(own);
        }
        RelatedIndex {
            news,
            lists,
            lists_of,
        }
    }

    /// The positions of each item's related items, in the order of `news`.
    pub fn all(&self) -> Vec<Vec<usize>> {
        (0..self.news.len())
            .into_par_iter()
            .map(|position| self.related(position))
            .collect()
    }

    /// A hash of what related items are picked by in `news`: each item's tags and category,
    /// in order. While it is the same, so are [`RelatedIndex::all`]'s positions.
    pub fn fingerprint(news: &[&NewsItem]) -> u64 {
        let picked_by: Vec<_> = news
            .iter()
            .map(|item| (&item.tags, &item.category))
            .collect();
        crate::fingerprint::hash_of(&picked_by)
    }

    /// The positions of up to `RELATED_LIMIT` items related to the item at `position`: most
    /// shared tags first (a shared category counts as one tag), then nearest in time.
    fn related(&self, position: usize) -> Vec<usize> {
        let mut near: Vec<usize> = Vec::new();
        for &number in &self.lists_of[position] {
            let list = &self.lists[number];
            let at = list
                .binary_search(&position)
                .expect("an item is in its own lists");
            let window = &list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())];
            near.extend(window.iter().filter(|&&other| other != position));
        }
        near.sort_unstable();
        let mut ranked: Vec<(usize, usize)> = near
            .chunk_by(|a, b| a == b)
            .map(|same| (same[0], same.len()))
            .collect();
        let rank = |&(other, score): &(usize, usize)| {
            (std::cmp::Reverse(score), other.abs_diff(position), other)
        };
        if ranked.len() > RELATED_LIMIT {
            ranked.select_nth_unstable_by_key(RELATED_LIMIT, rank);
            ranked.truncate(RELATED_LIMIT);
        }
        ranked.sort_unstable_by_key(rank);
        // Collected into a vector of its own: one made in `ranked`'s place would keep
        // `ranked`'s whole capacity for as long as the build runs.
        let mut related = Vec::with_capacity(ranked.len().min(RELATED_LIMIT));
        related.extend(ranked.iter().take(RELATED_LIMIT).map(|&(other, _)| other));
        related
    }
}

/// The term key of a tag (`true`) or a category: spellings of one term are one key, as in
/// the site's taxonomies.
fn key((is_tag, name): (bool, &str)) -> String {
    let kind = if is_tag { "tag" } else { "category" };
    format!("{kind}:{}", term_key(name).unwrap_or_default())
}
