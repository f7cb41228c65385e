//! Related news for a news page: items sharing its tags, then its category, near it in time.

use std::collections::HashMap;

use crate::content::NewsItem;
use crate::persian::normalize::for_matching;

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
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut lists_of = Vec::with_capacity(news.len());
        for (position, item) in news.iter().enumerate() {
            let mut own = Vec::new();
            for key in keys(item) {
                let number = *numbers.entry(key).or_insert_with(|| {
                    lists.push(Vec::new());
                    lists.len() - 1
                });
                lists[number].push(position);
                own.push(number);
            }
            lists_of.push(own);
        }
        RelatedIndex {
            news,
            lists,
            lists_of,
        }
    }

    /// Up to `RELATED_LIMIT` items related to the item at `position`: most shared tags first
    /// (a shared category counts as one tag), then nearest in time.
    pub fn related(&self, position: usize) -> Vec<&'c NewsItem> {
        let mut scores: HashMap<usize, usize> = HashMap::new();
        for &number in &self.lists_of[position] {
            let list = &self.lists[number];
            let at = list
                .binary_search(&position)
                .expect("an item is in its own lists");
            let window = &list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())];
            for &other in window.iter().filter(|&&other| other != position) {
                *scores.entry(other).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = scores.into_iter().collect();
        ranked.sort_by_key(|&(other, score)| {
            (std::cmp::Reverse(score), other.abs_diff(position), other)
        });
        ranked
            .into_iter()
            .take(RELATED_LIMIT)
            .map(|(other, _)| self.news[other])
            .collect()
    }
}

/// The matching keys of an item's tags and category, each once.
fn keys(item: &NewsItem) -> Vec<String> {
    let mut keys: Vec<String> = item
        .tags
        .iter()
        .map(|tag| format!("tag:{}", for_matching(tag)))
        .chain(
            item.category
                .iter()
                .map(|c| format!("category:{}", for_matching(c))),
        )
        .collect();
    keys.sort();
    keys.dedup();
    keys
}
