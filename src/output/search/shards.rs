//! The index's shards: each word's postings, kept by the first two letters of the word. A shard
//! set can be patched where a few items changed in place, and only the shards those items'
//! words touch are written again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::ItemEntry;
use crate::output::OutputFile;

/// The terms starting with the same two letters: every document with each (`w`), and the
/// documents with it in their title (`t`), which rank first.
#[derive(Default, Serialize)]
pub struct Shard {
    w: BTreeMap<String, Vec<u32>>,
    t: BTreeMap<String, Vec<u32>>,
}

impl Shard {
    fn list(&mut self, in_title: bool) -> &mut BTreeMap<String, Vec<u32>> {
        if in_title { &mut self.t } else { &mut self.w }
    }
}

/// Every shard of an index, with its file.
pub struct Shards {
    shards: BTreeMap<String, (Shard, OutputFile)>,
}

impl Shards {
    /// The shards of `entries`, numbered in order: each word's postings gathered first, then
    /// put under its shard.
    pub fn new(entries: &[Arc<ItemEntry>]) -> Shards {
        let mut text: HashMap<&str, Vec<u32>> = HashMap::default();
        let mut title: HashMap<&str, Vec<u32>> = HashMap::default();
        for (number, entry) in entries.iter().enumerate() {
            for word in &entry.words {
                text.entry(word).or_default().push(number as u32);
            }
            for word in &entry.title_words {
                title.entry(word).or_default().push(number as u32);
            }
        }
        let owned = |(word, numbers): (&str, Vec<u32>)| (word.to_string(), numbers);
        let shards = group(text.into_iter().map(owned), title.into_iter().map(owned));
        let shards = shards
            .into_iter()
            .map(|(key, shard)| {
                let file = shard_file(&key, &shard);
                (key, (shard, file))
            })
            .collect();
        Shards { shards }
    }

    /// Moves the postings of the documents whose entry is now another: `changes` gives each
    /// such document's number with its old and new entries.
    pub fn patch(&mut self, changes: &[(u32, &ItemEntry, &ItemEntry)]) {
        let mut touched = BTreeSet::new();
        for &(number, old, new) in changes {
            for (before, after, in_title) in [
                (&old.words, &new.words, false),
                (&old.title_words, &new.title_words, true),
            ] {
                for word in before.difference(after) {
                    touched.extend(self.remove(word, number, in_title));
                }
                for word in after.difference(before) {
                    touched.extend(self.insert(word, number, in_title));
                }
            }
        }
        for key in touched {
            let Some((shard, file)) = self.shards.get_mut(&key) else {
                continue;
            };
            if shard.w.is_empty() && shard.t.is_empty() {
                self.shards.remove(&key);
            } else {
                *file = shard_file(&key, shard);
            }
        }
    }

    fn remove(&mut self, word: &str, number: u32, in_title: bool) -> Option<String> {
        let key = shard_key(word)?;
        let list = self.shards.get_mut(&key)?.0.list(in_title);
        let numbers = list.get_mut(word)?;
        if let Ok(at) = numbers.binary_search(&number) {
            numbers.remove(at);
        }
        if numbers.is_empty() {
            list.remove(word);
        }
        Some(key)
    }

    fn insert(&mut self, word: &str, number: u32, in_title: bool) -> Option<String> {
        let key = shard_key(word)?;
        let (shard, _) = self
            .shards
            .entry(key.clone())
            .or_insert_with(|| (Shard::default(), shard_file(&key, &Shard::default())));
        let numbers = shard.list(in_title).entry(word.to_string()).or_default();
        if let Err(at) = numbers.binary_search(&number) {
            numbers.insert(at, number);
        }
        Some(key)
    }

    /// The shards' keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.shards.keys().cloned().collect()
    }

    /// The shards' files, in the order of their keys.
    pub fn files(&self) -> impl Iterator<Item = OutputFile> + '_ {
        self.shards.values().map(|(_, file)| file.clone())
    }
}

/// Each word's postings in the text and in the title, put under their words' shards.
pub fn group(
    text: impl IntoIterator<Item = (String, Vec<u32>)>,
    title: impl IntoIterator<Item = (String, Vec<u32>)>,
) -> BTreeMap<String, Shard> {
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    let tagged = |in_title| move |(word, numbers)| (word, numbers, in_title);
    let all = text
        .into_iter()
        .map(tagged(false))
        .chain(title.into_iter().map(tagged(true)));
    for (word, numbers, in_title) in all {
        if let Some(key) = shard_key(&word) {
            let shard = shards.entry(key).or_default();
            shard.list(in_title).insert(word, numbers);
        }
    }
    shards
}

/// The shard of a term: its first two characters as hex code points; none for one letter.
pub fn shard_key(term: &str) -> Option<String> {
    let mut chars = term.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    Some(format!("{:04x}-{:04x}", first as u32, second as u32))
}

pub fn shard_file(key: &str, shard: &Shard) -> OutputFile {
    super::json(&format!("search/shards/{key}.json"), shard)
}
