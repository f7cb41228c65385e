//! Related news for a news page: items sharing its tags, then its category, nearest in time.
//!
//! Each item's related items are looked for near it in the lists of its terms, so the cost
//! per item stays bounded however large the site grows, and so does what one new, changed or
//! removed item can change: the related items of the items near it in those lists, no others
//! ([`Picked`], which one build hands the next).

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::content::NewsItem;
use crate::persian::slug::term_key;

mod picked;

pub use picked::Picked;

/// How many related items a page lists.
pub const RELATED_LIMIT: usize = 5;

/// How far along a tag's or category's list (newest first) to look on either side of an item.
const WINDOW: usize = 25;

/// The lists of the terms (tags and categories) of `news` (newest first), in which related
/// items are looked for.
pub struct RelatedIndex<'c> {
    news: &'c [&'c NewsItem],
    /// Each item's date, in seconds since 1970 (UTC).
    seconds: Vec<i64>,
    /// For each term, the positions in `news` of its items, newest first.
    lists: Vec<Vec<usize>>,
    /// For each term, its key ([`term_key`]) hashed: the same from one build to the next.
    terms: Vec<u64>,
    /// For each position in `news`, its item's terms.
    lists_of: Vec<Vec<usize>>,
}

impl<'c> RelatedIndex<'c> {
    /// The index of `news`, newest first (as [`crate::site::Site::news`] orders it).
    pub fn new(news: &'c [&'c NewsItem]) -> Self {
        let mut numbers: HashMap<String, usize> = HashMap::default();
        // Items spell the same few hundred terms again and again: each spelling is
        // normalised once.
        let mut spelled: HashMap<(bool, &str), usize> = HashMap::default();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut terms = Vec::new();
        let mut lists_of = Vec::with_capacity(news.len());
        for (position, item) in news.iter().enumerate() {
            let tags = item.tags.iter().map(|tag| (true, tag.as_str()));
            let category = item.category.iter().map(|c| (false, c.as_str()));
            let mut own: Vec<usize> = tags
                .chain(category)
                .map(|term| {
                    *spelled.entry(term).or_insert_with(|| {
                        let key = key(term);
                        *numbers.entry(key).or_insert_with_key(|key| {
                            terms.push(crate::fingerprint::hash_of(key));
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
        let seconds = news
            .iter()
            .map(|item| item.date.moment.zoned().timestamp().as_second())
            .collect();
        RelatedIndex {
            news,
            seconds,
            lists,
            terms,
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

    /// The positions of up to `RELATED_LIMIT` items related to the item at `position`: most
    /// shared terms first (a shared category counts as one tag), then nearest in time, then
    /// the newer.
    fn related(&self, position: usize) -> Vec<usize> {
        let mut near: Vec<usize> = Vec::new();
        for &number in &self.lists_of[position] {
            let list = &self.lists[number];
            let at = list
                .binary_search(&position)
                .expect("an item is in its own lists");
            near.extend(window(list, at).iter().filter(|&&other| other != position));
        }
        near.sort_unstable();
        let mut ranked: Vec<(usize, usize)> = near
            .chunk_by(|a, b| a == b)
            .map(|same| (same[0], same.len()))
            .collect();
        let when = self.seconds[position];
        let rank = |&(other, score): &(usize, usize)| {
            let apart = self.seconds[other].abs_diff(when);
            (std::cmp::Reverse(score), apart, other)
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

/// The entries of `list` an item at index `at` looks among: [`WINDOW`] on either side.
fn window(list: &[usize], at: usize) -> &[usize] {
    &list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())]
}

/// The term key of a tag (`true`) or a category: spellings of one term are one key, as in
/// the site's taxonomies.
fn key((is_tag, name): (bool, &str)) -> String {
    let kind = if is_tag { "tag" } else { "category" };
    format!("{kind}:{}", term_key(name).unwrap_or_default())
}
