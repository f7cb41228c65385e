//! What one build's related items were picked from, handed to the next build: an item none of
//! whose neighbours in the lists of its terms changed keeps its related items, so adding,
//! editing or removing one item picks again only for the items near it in those lists.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::{RelatedIndex, WINDOW};

/// Each item's related items, with what they were picked from. Runs of `terms` and `related`
/// are one per item, in the order of `items`, each ending where the matching `*_ends` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picked {
    /// Each item, newest first: its news number and its date (seconds since 1970, UTC).
    items: Vec<(u64, i64)>,
    /// Each item's terms, their keys hashed, in ascending order.
    terms: Vec<u64>,
    term_ends: Vec<u32>,
    /// Each item's related items by position in `items`.
    related: Vec<u32>,
    related_ends: Vec<u32>,
}

impl Picked {
    /// Each item's related items by position, in the order of the items.
    pub fn lists(&self) -> Vec<Vec<usize>> {
        let widened = |at| (self.related_of(at).iter()).map(|&p| p as usize).collect();
        (0..self.items.len()).map(widened).collect()
    }

    /// These with `lists` as the related items, for tests to tell kept lists from new ones.
    #[cfg(test)]
    pub(crate) fn planted(&self, lists: &[Vec<usize>]) -> Picked {
        let mut planted = self.clone();
        planted.set_related(lists);
        planted
    }

    fn set_related(&mut self, lists: &[Vec<usize>]) {
        self.related.clear();
        self.related_ends.clear();
        for list in lists {
            self.related.extend(list.iter().map(|&p| p as u32));
            self.related_ends.push(self.related.len() as u32);
        }
    }

    fn terms_of(&self, at: usize) -> &[u64] {
        run(&self.terms, &self.term_ends, at)
    }

    fn related_of(&self, at: usize) -> &[u32] {
        run(&self.related, &self.related_ends, at)
    }
}

/// The run of `values` of the item at `at`.
fn run<'v, T>(values: &'v [T], ends: &[u32], at: usize) -> &'v [T] {
    let start = at.checked_sub(1).map_or(0, |before| ends[before] as usize);
    &values[start..ends[at] as usize]
}

impl RelatedIndex<'_> {
    /// Each item's related items (by position, as [`RelatedIndex::all`] gives them) and what
    /// they were picked from. Given what the previous build picked, only the items a change
    /// since can reach are picked for again: the items added, removed, moved in time or given
    /// other terms, and those near them in the lists of their terms, old and new. The others
    /// keep theirs, which are the same as picking again would give.
    pub fn pick(&self, previous: Option<&Picked>) -> (Picked, Vec<Vec<usize>>) {
        let mut picked = self.inputs();
        let lists = match previous {
            Some(previous) => self.pick_again(previous, &picked),
            None => None,
        };
        let lists = lists.unwrap_or_else(|| self.all());
        picked.set_related(&lists);
        (picked, lists)
    }

    /// What the related items are picked from: the items' numbers, dates and terms.
    fn inputs(&self) -> Picked {
        let mut picked = Picked {
            items: self
                .news
                .iter()
                .map(|item| item.id)
                .zip(self.seconds.iter().copied())
                .collect(),
            ..Picked::default()
        };
        for own in &self.lists_of {
            let start = picked.terms.len();
            picked
                .terms
                .extend(own.iter().map(|&number| self.terms[number]));
            picked.terms[start..].sort_unstable();
            picked.term_ends.push(picked.terms.len() as u32);
        }
        picked
    }

    /// The related items picked again where `previous`'s may no longer hold; `None` when
    /// the items' numbers are not each an item's own.
    fn pick_again(&self, previous: &Picked, now: &Picked) -> Option<Vec<Vec<usize>>> {
        let positions: HashMap<u64, usize> = (now.items.iter().enumerate())
            .map(|(at, &(id, _))| (id, at))
            .collect();
        if positions.len() != now.items.len() {
            return None;
        }
        let lists_by_term: HashMap<u64, usize> = (self.terms.iter().enumerate())
            .map(|(number, &term)| (term, number))
            .collect();
        // For each earlier item still here as it was, its position now; and the reverse.
        let mut kept: Vec<Option<usize>> = vec![None; previous.items.len()];
        let mut was: Vec<Option<usize>> = vec![None; now.items.len()];
        let mut reached = vec![false; now.items.len()];
        for (before, &(id, when)) in previous.items.iter().enumerate() {
            let same = |&at: &usize| {
                was[at].is_none()
                    && now.items[at].1 == when
                    && now.terms_of(at) == previous.terms_of(before)
            };
            match positions.get(&id).copied().filter(same) {
                Some(at) => (kept[before], was[at]) = (Some(at), Some(before)),
                None => {
                    for term in previous.terms_of(before) {
                        let Some(&number) = lists_by_term.get(term) else {
                            continue;
                        };
                        let list = &self.lists[number];
                        let at = list
                            .partition_point(|&p| (self.seconds[p], self.news[p].id) > (when, id));
                        reach(list, at, &mut reached);
                    }
                }
            }
        }
        for at in (0..now.items.len()).filter(|&at| was[at].is_none()) {
            for &number in &self.lists_of[at] {
                let list = &self.lists[number];
                let index = list
                    .binary_search(&at)
                    .expect("an item is in its own lists");
                reach(list, index, &mut reached);
            }
        }
        let kept_list = |at: usize| -> Option<Vec<usize>> {
            let before = was[at].filter(|_| !reached[at])?;
            let list = previous.related_of(before);
            list.iter().map(|&other| kept[other as usize]).collect()
        };
        let lists = (0..now.items.len()).into_par_iter();
        Some(
            lists
                .map(|at| kept_list(at).unwrap_or_else(|| self.related(at)))
                .collect(),
        )
    }
}

/// Marks as reached the items of `list` whose windows an item added or removed at `at` (an
/// index of `list`, or where a removed item was) enters or leaves, with one to spare.
fn reach(list: &[usize], at: usize, reached: &mut [bool]) {
    let around = at.saturating_sub(WINDOW + 1)..(at + WINDOW + 2).min(list.len());
    for &position in &list[around] {
        reached[position] = true;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::config::Config;
    use crate::content::NewsItem;
    use crate::content::front_matter::split;

    const TAGS: [&str; 3] = ["نوروز", "بودجه", "كارت ملی"];
    const CATEGORIES: [&str; 2] = ["اطلاعیه‌ها", "اخبار استان"];

    /// An item with news number `id`, dated `hour` hours into Ordibehesht 1404 (dates may be
    /// shared), with the tags whose bits `tags` sets and the category `category` names.
    fn item(id: u64, hour: u32, tags: u8, category: Option<usize>) -> NewsItem {
        let config = Config::parse(
            "title = \"سایت\"\nbase_url = \"https://news.example.org\"\n",
            Path::new("site.toml"),
            Path::new("."),
        )
        .unwrap();
        let tags: Vec<&str> = (TAGS.iter().enumerate())
            .filter(|(bit, _)| tags & (1 << bit) != 0)
            .map(|(_, tag)| *tag)
            .collect();
        let category = category.map_or(String::new(), |c| format!("category: {}\n", CATEGORIES[c]));
        let (day, hour) = (hour / 24 + 1, hour % 24);
        let text = format!(
            "---\nid: {id}\ntitle: \"خبر {id}\"\ndate: 1404/02/{day:02} {hour:02}:00\n{category}tags: [{}]\n---\nمتن.\n",
            tags.join(", ")
        );
        let path = format!("content/news/{id}.md");
        NewsItem::from_split(&split(&text).unwrap(), Path::new(&path), &config).unwrap()
    }

    /// `items` in the site's order: newest first, the larger number first on the same date.
    fn ordered(items: &[NewsItem]) -> Vec<&NewsItem> {
        let mut news: Vec<&NewsItem> = items.iter().collect();
        let instant = |item: &NewsItem| item.date.moment.zoned().timestamp();
        news.sort_by(|a, b| instant(b).cmp(&instant(a)).then(b.id.cmp(&a.id)));
        news
    }

    /// An editor's change to a site's items.
    #[derive(Debug, Clone)]
    enum Change {
        Add {
            hour: u32,
            tags: u8,
            category: Option<usize>,
        },
        Remove(usize),
        Retag {
            at: usize,
            tags: u8,
            category: Option<usize>,
        },
        Redate {
            at: usize,
            hour: u32,
        },
    }

    fn change() -> impl Strategy<Value = Change> {
        let category = proptest::option::of(0..CATEGORIES.len());
        prop_oneof![
            (0..240u32, 0..8u8, category.clone()).prop_map(|(hour, tags, category)| Change::Add {
                hour,
                tags,
                category
            }),
            any::<usize>().prop_map(Change::Remove),
            (any::<usize>(), 0..8u8, category).prop_map(|(at, tags, category)| Change::Retag {
                at,
                tags,
                category
            }),
            (any::<usize>(), 0..240u32).prop_map(|(at, hour)| Change::Redate { at, hour }),
        ]
    }

    fn apply(items: &mut Vec<NewsItem>, change: &Change, next_id: &mut u64) {
        let count = items.len().max(1);
        match *change {
            Change::Add {
                hour,
                tags,
                category,
            } => {
                *next_id += 1;
                items.push(item(*next_id, hour, tags, category));
            }
            Change::Remove(at) if !items.is_empty() => drop(items.remove(at % count)),
            Change::Retag { at, tags, category } if !items.is_empty() => {
                let at = at % count;
                let date = items[at].date.clone();
                items[at] = item(items[at].id, 0, tags, category);
                items[at].date = date;
            }
            Change::Redate { at, hour } if !items.is_empty() => {
                items[at % count].date = item(1, hour, 0, None).date;
            }
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// After any editors' changes, the related items picked from the previous build's are
        /// those picking anew gives.
        #[test]
        fn picking_again_gives_what_picking_anew_gives(
            start in proptest::collection::vec((0..240u32, 0..8u8, proptest::option::of(0..2usize)), 40..140),
            changes in proptest::collection::vec(change(), 1..10),
        ) {
            let mut items: Vec<NewsItem> = (start.iter().enumerate())
                .map(|(at, &(hour, tags, category))| item(at as u64 + 1, hour, tags, category))
                .collect();
            let mut next_id = items.len() as u64;
            let (mut previous, _) = RelatedIndex::new(&ordered(&items)).pick(None);
            for change in &changes {
                apply(&mut items, change, &mut next_id);
                let news = ordered(&items);
                let index = RelatedIndex::new(&news);
                let (picked, lists) = index.pick(Some(&previous));
                prop_assert_eq!(&lists, &index.all(), "after {:?}", change);
                prop_assert_eq!(&picked, &index.pick(None).0);
                previous = picked;
            }
        }
    }

    /// Items one hour apart, all with one tag, newest first.
    fn one_tag(count: u64) -> Vec<NewsItem> {
        (1..=count).map(|id| item(id, id as u32, 1, None)).collect()
    }

    #[test]
    fn a_new_item_picks_again_only_for_the_items_near_it_in_its_terms_lists() {
        let items = one_tag(200);
        let news = ordered(&items);
        let (picked, _) = RelatedIndex::new(&news).pick(None);
        // Planted lists that picking anew would not give: kept wherever no change reaches.
        let planted = picked.planted(&vec![vec![0]; news.len()]);
        let mut more = items.clone();
        more.push(item(201, 230, 1, None));
        let news = ordered(&more);
        let index = RelatedIndex::new(&news);
        let (_, lists) = index.pick(Some(&planted));
        let anew = index.all();
        let differing = (lists.iter().zip(&anew))
            .filter(|(kept, anew)| kept != anew)
            .count();
        let again = lists
            .iter()
            .zip(&anew)
            .take_while(|(kept, anew)| kept == anew)
            .count();
        assert!(
            (WINDOW..=WINDOW + 3).contains(&again),
            "the newest {again} picked again"
        );
        assert_eq!(
            differing,
            news.len() - again,
            "the others keep the planted lists"
        );
        assert!(
            lists[again..].iter().all(|list| list == &vec![1]),
            "{:?}",
            &lists[again..again + 3]
        );
    }

    #[test]
    fn an_item_removed_or_retagged_picks_again_for_its_neighbours_old_and_new() {
        let mut items = one_tag(120);
        let news = ordered(&items);
        let (before, _) = RelatedIndex::new(&news).pick(None);
        items.remove(60);
        items[10].tags = vec!["بودجه".into()];
        let news = ordered(&items);
        let index = RelatedIndex::new(&news);
        assert_eq!(index.pick(Some(&before)).1, index.all());
    }

    #[test]
    fn numbers_given_twice_pick_everything_anew() {
        let items = vec![
            item(1, 1, 1, None),
            item(1, 2, 1, None),
            item(2, 3, 1, None),
        ];
        let news = ordered(&items);
        let index = RelatedIndex::new(&news);
        let (picked, lists) = index.pick(None);
        assert_eq!(index.pick(Some(&picked)).1, lists);
    }
}
