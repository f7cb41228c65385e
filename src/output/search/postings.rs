//! Every term's postings, gathered from the items on every core, and patched in place when a
//! few documents changed.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::terms::ItemTerms;
use super::tree::Postings;
use crate::content::NewsItem;

/// Each term's postings: words (with their title postings) and word pairs (`"a b"`).
#[derive(Default)]
pub struct Table(pub HashMap<String, Postings>);

impl Table {
    /// The postings of `documents`, each a published item with its number, ascending: every
    /// thread gathers a run of documents in order, and runs are joined in order.
    pub fn gather(documents: &[(u32, &NewsItem)]) -> Table {
        documents
            .par_iter()
            .fold(Table::default, |mut table, &(number, item)| {
                table.add(number, &ItemTerms::of(item));
                table
            })
            .reduce(Table::default, |mut table, later| {
                table.append(later);
                table
            })
    }

    /// Adds document `number`, later than every document in the table, with `terms`.
    fn add(&mut self, number: u32, terms: &ItemTerms) {
        for word in &terms.words {
            self.postings(word).docs.push(number);
        }
        for word in &terms.title {
            self.postings(word).title.push(number);
        }
        for pair in &terms.pairs {
            self.postings(pair).docs.push(number);
        }
    }

    fn postings(&mut self, term: &str) -> &mut Postings {
        if !self.0.contains_key(term) {
            self.0.insert(term.to_string(), Postings::default());
        }
        self.0.get_mut(term).expect("just inserted")
    }

    /// Adds the postings of later documents.
    fn append(&mut self, later: Table) {
        for (term, postings) in later.0 {
            let mine = self.0.entry(term).or_default();
            mine.docs.extend(postings.docs);
            mine.title.extend(postings.title);
        }
    }

    /// Puts document `number` in (`present`) or out of the postings of `terms`.
    pub fn set(&mut self, number: u32, terms: &ItemTerms, present: bool) {
        let all = terms.words.iter().chain(&terms.pairs);
        for term in all {
            set_in(&mut self.postings(term).docs, number, present);
        }
        for word in &terms.title {
            set_in(&mut self.postings(word).title, number, present);
        }
        if !present {
            let all = terms.words.iter().chain(&terms.pairs);
            for term in all {
                if self.0.get(term).is_some_and(|p| p.docs.is_empty()) {
                    self.0.remove(term);
                }
            }
        }
    }

    /// The terms and their postings in byte order of the terms.
    pub fn sorted(&self) -> Vec<(&str, &Postings)> {
        let mut entries: Vec<(&str, &Postings)> =
            self.0.iter().map(|(term, p)| (term.as_str(), p)).collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }
}

/// Puts `number` in or out of the ascending `numbers`.
fn set_in(numbers: &mut Vec<u32>, number: u32, present: bool) {
    match (numbers.binary_search(&number), present) {
        (Err(at), true) => numbers.insert(at, number),
        (Ok(at), false) => {
            numbers.remove(at);
        }
        _ => {}
    }
}

/// One document as the previous build of a process indexed it: the item (shared with the
/// content it was loaded in, so keeping it costs nothing while it is unchanged), its
/// fingerprint, and whether it was published.
#[derive(Clone)]
pub struct Indexed {
    pub item: Arc<NewsItem>,
    pub fingerprint: Option<u64>,
    pub published: bool,
}

impl Indexed {
    /// Whether this is the same document as `other`, for the index.
    pub fn same(&self, other: &Indexed) -> bool {
        self.published == other.published
            && self.item.id == other.item.id
            && (Arc::ptr_eq(&self.item, &other.item)
                || (self.fingerprint.is_some() && self.fingerprint == other.fingerprint))
    }
}

/// Above this share of documents changed, the postings are gathered anew.
const PATCH_AT_MOST: usize = 8;

/// `table`, the postings of `before`, changed into those of `after` (both by number), when
/// few documents differ; `None` when gathering anew costs less.
pub fn patched(table: &mut Table, before: &[Indexed], after: &[Indexed]) -> Option<Vec<u32>> {
    let length = before.len().max(after.len());
    let changed: Vec<u32> = (0..length)
        .filter(|&n| match (before.get(n), after.get(n)) {
            (Some(old), Some(new)) => !old.same(new),
            _ => true,
        })
        .map(|n| n as u32)
        .collect();
    if changed.len() * PATCH_AT_MOST > length.max(PATCH_AT_MOST) {
        return None;
    }
    for &number in &changed {
        let n = number as usize;
        if let Some(old) = before.get(n).filter(|old| old.published) {
            table.set(number, &ItemTerms::of(&old.item), false);
        }
        if let Some(new) = after.get(n).filter(|new| new.published) {
            table.set(number, &ItemTerms::of(&new.item), true);
        }
    }
    Some(changed)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::config::Config;
    use crate::content::front_matter::split;

    const VOCABULARY: [&str; 6] = ["کارت", "كارت هوشمند", "ثبت‌احوال", "و", "۱۳۹۹", "ملی"];

    /// An item numbered `id` whose title and body are words of the vocabulary.
    fn item(id: u64, title: &[u8], body: &[u8]) -> Arc<NewsItem> {
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
        Arc::new(NewsItem::from_split(&split(&text).unwrap(), Path::new(&path), &config).unwrap())
    }

    type Spec = (Vec<u8>, Vec<u8>, bool);

    fn documents(specs: &[Spec]) -> Vec<Indexed> {
        specs
            .iter()
            .enumerate()
            .map(|(n, (title, body, published))| Indexed {
                item: item(n as u64 + 1, title, body),
                fingerprint: None,
                published: *published,
            })
            .collect()
    }

    fn gathered(documents: &[Indexed]) -> Table {
        let numbered: Vec<(u32, &NewsItem)> = (0..documents.len())
            .filter(|&n| documents[n].published)
            .map(|n| (n as u32, &*documents[n].item))
            .collect();
        Table::gather(&numbered)
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
        ) {
            let old = documents(&before);
            let mut new = old.clone();
            for (at, (title, body, published)) in &edits {
                let at = at.index(new.len());
                new[at] = Indexed {
                    item: item(at as u64 + 1, title, body),
                    fingerprint: None,
                    published: *published,
                };
            }
            new.extend(documents(&[before.clone(), added].concat()).into_iter().skip(before.len()));
            let mut table = gathered(&old);
            if patched(&mut table, &old, &new).is_some() {
                prop_assert_eq!(sorted(&table), sorted(&gathered(&new)));
            }
        }
    }

    #[test]
    fn a_new_item_changes_only_the_postings_of_its_terms() {
        let old = documents(&vec![(vec![0], vec![1, 2], true); 20]);
        let mut new = old.clone();
        new.push(Indexed {
            item: item(21, &[5], &[4]),
            fingerprint: None,
            published: true,
        });
        let mut table = gathered(&old);
        assert_eq!(patched(&mut table, &old, &new), Some(vec![20]));
        assert_eq!(table.0["ملی"].docs, [20]);
        assert_eq!(table.0["ملی"].title, [20]);
        assert_eq!(table.0["کارت"].docs, (0..20).collect::<Vec<u32>>());
        assert_eq!(table.0["خبر ملی"].docs, [20]);
    }
}
