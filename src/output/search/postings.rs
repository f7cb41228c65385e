//! Every term's postings, gathered from the items on every core, and patched in place when a
//! few documents changed.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::terms::{Bodies, ItemTerms, ItemText};
use super::tree::{Changed, Postings};

/// Each term's postings: words (with their title postings) and word pairs (`"a b"`).
#[derive(Default)]
pub struct Table(pub HashMap<String, Postings>);

impl Table {
    /// The postings of the documents `numbers` (ascending) of `bodies`: every thread gathers
    /// a run of documents in order, and runs are joined in order. (A build gathers them as it
    /// writes the results; this is the reference its patches are tested against.)
    #[cfg(test)]
    pub fn gather(numbers: &[u32], bodies: &Bodies) -> Table {
        numbers
            .par_iter()
            .fold(Table::default, |mut table, &number| {
                table.add(number, &bodies.text(number).terms());
                table
            })
            .reduce(Table::default, |mut table, later| {
                table.append(later);
                table
            })
    }

    /// Adds document `number`, later than every document in the table, with `terms`.
    pub fn add(&mut self, number: u32, terms: &ItemTerms) {
        fn list(postings: &mut Postings, in_title: bool) -> &mut Vec<u32> {
            match in_title {
                true => &mut postings.title,
                false => &mut postings.docs,
            }
        }
        let add = |table: &mut Table, term: &str, in_title: bool| match table.0.get_mut(term) {
            Some(postings) => list(postings, in_title).push(number),
            None => {
                let mut postings = Postings::default();
                list(&mut postings, in_title).push(number);
                table.0.insert(term.to_string(), postings);
            }
        };
        for word in &terms.title {
            add(self, word, true);
        }
        for term in terms.words.iter().chain(&terms.pairs) {
            add(self, term, false);
        }
    }

    /// The postings of `term`, made empty if it has none (the term is copied only then).
    fn postings(&mut self, term: &str) -> &mut Postings {
        if !self.0.contains_key(term) {
            self.0.insert(term.to_string(), Postings::default());
        }
        self.0.get_mut(term).expect("there now")
    }

    /// Adds the postings of later documents.
    pub fn append(&mut self, later: Table) {
        for (term, postings) in later.0 {
            let mine = self.0.entry(term).or_default();
            mine.docs.extend(postings.docs);
            mine.title.extend(postings.title);
        }
    }

    /// Adds document `number` with `terms`, wherever its number falls, noting what it
    /// changed.
    pub fn insert(&mut self, number: u32, terms: &ItemTerms, changed: &mut Changed) {
        let docs = terms
            .words
            .iter()
            .chain(&terms.pairs)
            .map(|term| (term, false));
        for (term, in_title) in docs.chain(terms.title.iter().map(|term| (term, true))) {
            if !self.0.contains_key(*term) {
                changed.added.push(term.to_string());
            }
            changed.touched.insert(term.to_string());
            let postings = self.postings(term);
            let list = match in_title {
                true => &mut postings.title,
                false => &mut postings.docs,
            };
            insert_in(list, number);
        }
    }

    /// Takes the documents `numbers` (ascending) out of every term's postings, drops the
    /// terms left with none, and notes what it changed. Looks at every term: what a removed
    /// document had is not known.
    pub fn remove(&mut self, numbers: &[u32], changed: &mut Changed) {
        let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else {
            return;
        };
        let gone = |n: &u32| numbers.binary_search(n).is_err();
        let touched: Vec<String> = self
            .0
            .par_iter_mut()
            .filter_map(|(term, postings)| {
                let mut touched = false;
                for list in [&mut postings.docs, &mut postings.title] {
                    let within = list.last().is_some_and(|&n| n >= first)
                        && list.first().is_some_and(|&n| n <= last);
                    if within {
                        let before = list.len();
                        list.retain(gone);
                        touched |= list.len() != before;
                    }
                }
                touched.then(|| term.clone())
            })
            .collect();
        for term in touched {
            if self
                .0
                .get(&term)
                .is_some_and(|postings| postings.docs.is_empty())
            {
                self.0.remove(&term);
                changed.removed.insert(term.clone());
            }
            changed.touched.insert(term);
        }
    }

    /// Every term, in byte order.
    pub fn sorted_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.0.keys().cloned().collect();
        keys.par_sort_unstable();
        keys
    }

    /// The terms and their postings in byte order of the terms.
    pub fn sorted(&self) -> Vec<(&str, &Postings)> {
        let mut entries: Vec<(&str, &Postings)> =
            self.0.iter().map(|(term, p)| (term.as_str(), p)).collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }
}

/// Puts `number` into the ascending `numbers`.
fn insert_in(numbers: &mut Vec<u32>, number: u32) {
    if let Err(at) = numbers.binary_search(&number) {
        numbers.insert(at, number);
    }
}

/// What the index knows of one document: the item's news number, whether it is published,
/// and the fingerprint of what the index shows of it (0 when unpublished).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentPrint {
    pub id: u64,
    pub published: bool,
    pub fingerprint: u64,
}

/// Above this share of documents changed, the postings are gathered anew.
const PATCH_AT_MOST: usize = 8;

/// The numbers of the documents that differ between `before` and `after`, ascending.
pub fn changed(before: &[DocumentPrint], after: &[DocumentPrint]) -> Vec<u32> {
    (0..before.len().max(after.len()))
        .filter(|&n| before.get(n) != after.get(n))
        .map(|n| n as u32)
        .collect()
}

/// `table`, the postings of the documents `before`, changed into those of `after` (the
/// published ones of `bodies`), when few documents differ, with what changed; none when
/// gathering anew costs less.
pub fn patch(
    table: &mut Table,
    before: &[DocumentPrint],
    after: &[DocumentPrint],
    bodies: &Bodies,
) -> Option<Changed> {
    let numbers = changed(before, after);
    let length = before.len().max(after.len());
    if before.is_empty() || numbers.len() * PATCH_AT_MOST > length.max(PATCH_AT_MOST) {
        return None;
    }
    let mut changed = Changed::default();
    table.remove(&numbers, &mut changed);
    let added: Vec<(u32, ItemText)> = numbers
        .par_iter()
        .filter(|&&n| after.get(n as usize).is_some_and(|print| print.published))
        .map(|&n| (n, bodies.text(n)))
        .collect();
    for (number, text) in &added {
        table.insert(*number, &text.terms(), &mut changed);
    }
    changed.removed.retain(|term| !table.0.contains_key(term));
    changed.added.retain(|term| !changed.removed.contains(term));
    Some(changed)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::config::Config;
    use crate::content::NewsItem;
    use crate::content::front_matter::split;

    const VOCABULARY: [&str; 6] = ["کارت", "كارت هوشمند", "ثبت‌احوال", "و", "۱۳۹۹", "ملی"];

    /// An item numbered `id` whose title and body are words of the vocabulary.
    fn item(id: u64, title: &[u8], body: &[u8]) -> NewsItem {
        let config = Config::parse(
            "title = \"سایت\"\nbase_url = \"https://news.example.org\"\n",
            Path::new("site.toml"),
            Path::new("."),
        )
        .unwrap();
        let words = |picks: &[u8]| -> String {
            let words = picks
                .iter()
                .map(|&p| VOCABULARY[p as usize % VOCABULARY.len()]);
            words.collect::<Vec<_>>().join(" ")
        };
        let text = format!(
            "---\nid: {id}\ntitle: \"خبر {}\"\ndate: 1404/02/01 10:00\n---\n{}\n",
            words(title),
            words(body)
        );
        let path = format!("content/news/{id}.md");
        NewsItem::from_split(&split(&text).unwrap(), Path::new(&path), &config).unwrap()
    }

    type Spec = (Vec<u8>, Vec<u8>, bool);

    /// Items by number, with their prints (the fingerprint is that of the spec).
    fn documents(specs: &[Spec]) -> (Vec<NewsItem>, Vec<DocumentPrint>) {
        let items = specs
            .iter()
            .enumerate()
            .map(|(n, (title, body, _))| item(n as u64 + 1, title, body))
            .collect();
        let prints = specs
            .iter()
            .enumerate()
            .map(|(n, spec)| DocumentPrint {
                id: n as u64 + 1,
                published: spec.2,
                fingerprint: if spec.2 {
                    crate::fingerprint::hash_of(spec)
                } else {
                    0
                },
            })
            .collect();
        (items, prints)
    }

    fn gathered(items: &[NewsItem], prints: &[DocumentPrint]) -> Table {
        let refs: Vec<&NewsItem> = items.iter().collect();
        let numbers: Vec<u32> = (0..items.len() as u32)
            .filter(|&n| prints[n as usize].published)
            .collect();
        Table::gather(&numbers, &Bodies { items: &refs })
    }

    fn sorted(table: &Table) -> Vec<(String, Postings)> {
        let entries = table.sorted().into_iter();
        entries
            .map(|(term, p)| (term.to_string(), p.clone()))
            .collect()
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let picks = || prop::collection::vec(0u8..6, 0..4);
        (picks(), picks(), any::<bool>())
    }

    proptest! {
        #[test]
        fn patched_postings_are_the_postings_gathered_anew(
            before in prop::collection::vec(spec(), 1..40),
            edits in prop::collection::vec((any::<prop::sample::Index>(), spec()), 0..3),
            added in prop::collection::vec(spec(), 0..2),
            removed in 0usize..2,
        ) {
            let mut after = before.clone();
            for (at, spec) in &edits {
                let at = at.index(after.len());
                after[at] = spec.clone();
            }
            after.extend(added);
            after.truncate(after.len().saturating_sub(removed).max(1));
            let (old_items, old) = documents(&before);
            let (items, new) = documents(&after);
            let mut table = gathered(&old_items, &old);
            let refs: Vec<&NewsItem> = items.iter().collect();
            if patch(&mut table, &old, &new, &Bodies { items: &refs }).is_some() {
                prop_assert_eq!(sorted(&table), sorted(&gathered(&items, &new)));
            }
        }
    }

    #[test]
    fn a_new_item_changes_only_the_postings_of_its_terms() {
        let mut specs = vec![(vec![0], vec![1, 2], true); 20];
        let (old_items, old) = documents(&specs);
        specs.push((vec![5], vec![4], true));
        let (items, new) = documents(&specs);
        assert_eq!(changed(&old, &new), [20]);
        let mut table = gathered(&old_items, &old);
        let refs: Vec<&NewsItem> = items.iter().collect();
        let changed = patch(&mut table, &old, &new, &Bodies { items: &refs }).unwrap();
        assert!(changed.touched.contains("ملی") && !changed.touched.contains("کارت"));
        assert!(changed.added.contains(&"ملی".to_string()));
        assert_eq!(table.0["ملی"].docs, [20]);
        assert_eq!(table.0["ملی"].title, [20]);
        assert_eq!(table.0["کارت"].docs, (0..20).collect::<Vec<u32>>());
        assert_eq!(table.0["خبر ملی"].docs, [20]);
    }
}
