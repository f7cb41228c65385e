//! Every term's postings gathered from the items on every core, for a build that makes the
//! index anew; and the patch of the previous build's [`Table`] when few documents changed.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::table::Table;
use super::terms::{Bodies, ItemTerms, ItemText};
use super::tree::Postings;

/// Each term's postings as they are gathered: words (with their title postings) and word
/// pairs (`"a b"`).
#[derive(Default)]
pub struct Gathered(pub HashMap<String, Postings>);

impl Gathered {
    /// The postings of the documents `numbers` (ascending) of `bodies`: every thread gathers
    /// a run of documents in order, and runs are joined in order. (A build gathers them as it
    /// writes the results; this is the reference its patches are tested against.)
    #[cfg(test)]
    pub fn gather(numbers: &[u32], bodies: &Bodies) -> Gathered {
        numbers
            .par_iter()
            .fold(Gathered::default, |mut table, &number| {
                table.add(number, &bodies.text(number).terms());
                table
            })
            .reduce(Gathered::default, |mut table, later| {
                table.append(later);
                table
            })
    }

    /// Adds document `number`, later than every document gathered, with `terms`.
    pub fn add(&mut self, number: u32, terms: &ItemTerms) {
        fn list(postings: &mut Postings, in_title: bool) -> &mut Vec<u32> {
            match in_title {
                true => &mut postings.title,
                false => &mut postings.docs,
            }
        }
        let add = |table: &mut Gathered, term: &str, in_title: bool| match table.0.get_mut(term) {
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

    /// Adds the postings of later documents.
    pub fn append(&mut self, later: Gathered) {
        for (term, postings) in later.0 {
            let mine = self.0.entry(term).or_default();
            mine.docs.extend(postings.docs);
            mine.title.extend(postings.title);
        }
    }

    /// The table of what was gathered. Its terms are sorted by reference and encoded from
    /// the map, not moved into a list beside it first.
    pub fn into_table(self) -> Table {
        let mut terms: Vec<&str> = self.0.keys().map(String::as_str).collect();
        terms.par_sort_unstable();
        Table::from_lookup(terms.len(), |at| (terms[at], &self.0[terms[at]]))
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
/// published ones of `bodies`) when few documents differ; false, and `table` untouched, when
/// gathering anew costs less.
pub fn patch(
    table: &mut Table,
    before: &[DocumentPrint],
    after: &[DocumentPrint],
    bodies: &Bodies,
) -> bool {
    let numbers = changed(before, after);
    let length = before.len().max(after.len());
    if before.is_empty() || numbers.len() * PATCH_AT_MOST > length.max(PATCH_AT_MOST) {
        return false;
    }
    let texts: Vec<(u32, ItemText)> = numbers
        .par_iter()
        .filter(|&&n| after.get(n as usize).is_some_and(|print| print.published))
        .map(|&n| (n, bodies.text(n)))
        .collect();
    let added: Vec<(u32, ItemTerms)> = texts.iter().map(|(n, text)| (*n, text.terms())).collect();
    table.patch(&numbers, &added);
    true
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
        Gathered::gather(&numbers, &Bodies { items: &refs }).into_table()
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
            if patch(&mut table, &old, &new, &Bodies { items: &refs }) {
                prop_assert_eq!(table, gathered(&items, &new));
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
        assert!(patch(&mut table, &old, &new, &Bodies { items: &refs }));
        let entries = table.entries();
        let postings = |term: &str| &entries.iter().find(|(t, _)| t == term).unwrap().1;
        assert_eq!(postings("ملی").docs, [20]);
        assert_eq!(postings("ملی").title, [20]);
        assert_eq!(postings("کارت").docs, (0..20).collect::<Vec<u32>>());
        assert_eq!(postings("خبر ملی").docs, [20]);
    }
}
