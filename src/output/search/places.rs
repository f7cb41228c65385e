//! Each document's place by date (docs/search.md#document-numbers). Documents are numbered by
//! news number, which a newsroom gives in the order it publishes, so that a new item takes the
//! next number whatever its date; ranking by date and the year and month filters need each
//! document's place among all items by date, which the client rebuilds from `meta.json`: the
//! few documents whose place the order of numbers does not give (`moved`), and each month's
//! first place.

use serde::Serialize;

use crate::content::NewsItem;

/// Where the documents are by date: `place[n]` is document `n`'s place among every item,
/// oldest first (by date, then news number).
pub(super) struct Places {
    place: Vec<u32>,
}

impl Places {
    /// The places of `items`, in the order of their document numbers.
    pub(super) fn of(items: &[&NewsItem]) -> Places {
        let instant = |n: u32| items[n as usize].date.moment.zoned().timestamp();
        let mut by_date: Vec<u32> = (0..items.len() as u32).collect();
        by_date.sort_by(|&a, &b| {
            (instant(a), items[a as usize].id).cmp(&(instant(b), items[b as usize].id))
        });
        let mut place = vec![0; items.len()];
        for (at, &n) in by_date.iter().enumerate() {
            place[n as usize] = at as u32;
        }
        Places { place }
    }

    /// `[document, place]` for each document outside the longest run of documents whose
    /// places grow with their numbers (the first such run of that length): the client gives
    /// every other document, in the order of numbers, the places these leave free. Empty when
    /// news numbers follow dates.
    pub(super) fn moved(&self) -> Vec<Moved> {
        let kept = longest_increasing(&self.place);
        let mut keep = vec![false; self.place.len()];
        for n in kept {
            keep[n] = true;
        }
        (0..self.place.len())
            .filter(|&n| !keep[n])
            .map(|n| Moved(n as u32, self.place[n]))
            .collect()
    }

    /// `[year, month, first]` for each Jalali month with published news (`news`, newest
    /// first, with their document `numbers`), in order: the month's documents are those
    /// placed from `first` up to the next month's `first`.
    pub(super) fn months(&self, news: &[&NewsItem], number: impl Fn(u64) -> u32) -> Vec<Month> {
        let mut months: Vec<Month> = Vec::new();
        for item in news.iter().rev() {
            let date = item.date.moment.date();
            let place = self.place[number(item.id) as usize];
            match months.last_mut() {
                Some(Month(year, month, first))
                    if (*year, *month) == (date.year(), date.month()) =>
                {
                    *first = (*first).min(place);
                }
                _ => months.push(Month(date.year(), date.month(), place)),
            }
        }
        months
    }
}

/// A document whose place is not the next free one: `[document, place]` in `meta.json`.
#[derive(Serialize, Debug, PartialEq)]
pub(super) struct Moved(u32, u32);

/// `[year, month, first place]` in `meta.json`.
#[derive(Serialize, Debug, PartialEq)]
pub(super) struct Month(i32, u8, u32);

/// The indices of a longest strictly increasing run (not necessarily contiguous) of
/// `values`, in order; O(n log n) by patience sorting.
fn longest_increasing(values: &[u32]) -> Vec<usize> {
    // tails[k]: the index ending the smallest-ending run of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &value) in values.iter().enumerate() {
        let k = tails.partition_point(|&t| values[t] < value);
        before[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        run.push(i);
        at = before[i];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The client's rule (query.js, `placesOf`): moved documents at their places, every other
    /// one, by number, at the next free place.
    fn rebuilt(count: usize, moved: &[Moved]) -> Vec<u32> {
        let mut place = vec![u32::MAX; count];
        let mut taken = vec![false; count];
        for Moved(n, at) in moved {
            place[*n as usize] = *at;
            taken[*at as usize] = true;
        }
        let mut free = (0..count as u32).filter(|&at| !taken[at as usize]);
        for slot in place.iter_mut().filter(|slot| **slot == u32::MAX) {
            *slot = free.next().unwrap();
        }
        place
    }

    /// The length of the longest increasing run, from every subset of `values`.
    fn longest_by_trying_all(values: &[u32]) -> usize {
        (0u32..1 << values.len())
            .map(|subset| {
                let chosen: Vec<u32> = (0..values.len())
                    .filter(|i| subset & (1 << i) != 0)
                    .map(|i| values[i])
                    .collect();
                chosen
                    .windows(2)
                    .all(|w| w[0] < w[1])
                    .then_some(chosen.len())
            })
            .max()
            .flatten()
            .unwrap_or(0)
    }

    #[test]
    fn numbers_in_date_order_move_nothing() {
        let places = Places {
            place: (0..50).collect(),
        };
        assert_eq!(places.moved(), vec![]);
    }

    #[test]
    fn an_item_numbered_last_but_dated_earlier_is_the_only_one_moved() {
        // Document 5 (the newest number) is the third oldest.
        let places = Places {
            place: vec![0, 1, 3, 4, 5, 2],
        };
        assert_eq!(places.moved(), vec![Moved(5, 2)]);
        assert_eq!(rebuilt(6, &places.moved()), places.place);
    }

    #[test]
    fn the_client_rebuilds_every_permutation_of_six() {
        let mut place: Vec<u32> = (0..6).collect();
        // Heap's algorithm over all 720 orders.
        let mut c = [0usize; 6];
        let mut i = 0;
        let check = |place: &Vec<u32>| {
            let places = Places {
                place: place.clone(),
            };
            let moved = places.moved();
            assert_eq!(rebuilt(6, &moved), *place);
            assert_eq!(6 - moved.len(), longest_by_trying_all(place));
        };
        check(&place);
        while i < 6 {
            if c[i] < i {
                place.swap(if i % 2 == 0 { 0 } else { c[i] }, i);
                check(&place);
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn the_longest_increasing_run_is_found() {
        assert_eq!(longest_increasing(&[3, 1, 2, 5, 4, 6]), vec![1, 2, 4, 5]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[2, 1, 0]).len(), 1);
    }
}
