//! The search index of docs/search.md: shards of terms by their first two letters, documents in
//! chunks, facets for the filters, and the client script with the normalisation it must share.

mod shards;
mod streamed;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use crate::calendar::{Calendar, DateFormat};
use crate::content::NewsItem;
use crate::persian::affix;
use crate::persian::digits::Digits;
use crate::persian::excerpt::excerpt;
use crate::persian::normalize::{for_display, for_matching, is_separator, is_word_char};
use crate::persian::slug::term_key;
use shards::Shards;
pub use shards::shard_key;
pub use streamed::write_files;

/// Documents per chunk file.
const CHUNK: usize = 100;

/// Characters of the text shown as a result's snippet.
const SNIPPET_CHARS: usize = 320;

const CLIENT: &str = include_str!("search.js");

/// What the index holds of one item: its words, its title's words and its document.
pub struct ItemEntry {
    words: BTreeSet<String>,
    title_words: BTreeSet<String>,
    document: Document,
}

/// Items' entries kept between builds of one process, each with the fingerprint of the item
/// it was made from (normalising the text is the index's costly part), and the latest index
/// to patch when only a few items changed in place.
#[derive(Default)]
pub struct SearchCache {
    entries: HashMap<u64, (u64, Arc<ItemEntry>)>,
    index: Option<Index>,
}

impl SearchCache {
    /// Forgets every entry: the site-wide data they depend on (the time zone) changed.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = None;
    }
}

/// An index as written: its entries in document order, its shards and its document chunks.
struct Index {
    entries: Vec<Arc<ItemEntry>>,
    shards: Shards,
    chunks: Vec<OutputFile>,
}

/// Above this share of changed documents, patching costs more than building anew.
const PATCH_AT_MOST: usize = 8;

impl Index {
    fn new(entries: Vec<Arc<ItemEntry>>) -> Index {
        let shards = Shards::new(&entries);
        let chunks = entries
            .chunks(CHUNK)
            .enumerate()
            .map(|(number, chunk)| chunk_file(number, chunk))
            .collect();
        Index {
            entries,
            shards,
            chunks,
        }
    }

    /// This index changed into one of `entries`, if they are as many and few of them differ.
    fn patched(mut self, entries: Vec<Arc<ItemEntry>>) -> Result<Index, Vec<Arc<ItemEntry>>> {
        if entries.len() != self.entries.len() {
            return Err(entries);
        }
        let changed: Vec<usize> = (0..entries.len())
            .filter(|&i| !Arc::ptr_eq(&entries[i], &self.entries[i]))
            .collect();
        if changed.len() * PATCH_AT_MOST > entries.len().max(PATCH_AT_MOST) {
            return Err(entries);
        }
        let changes: Vec<(u32, &ItemEntry, &ItemEntry)> = changed
            .iter()
            .map(|&i| (i as u32, &*self.entries[i], &*entries[i]))
            .collect();
        self.shards.patch(&changes);
        let mut chunks: Vec<usize> = changed.iter().map(|i| i / CHUNK).collect();
        chunks.dedup();
        for number in chunks {
            let chunk = &entries[number * CHUNK..((number + 1) * CHUNK).min(entries.len())];
            self.chunks[number] = chunk_file(number, chunk);
        }
        self.entries = entries;
        Ok(self)
    }
}

/// The index files for `news` (newest first). With a `cache` and each item's fingerprint, the
/// entries of unchanged items are reused, and the previous index patched where it can be.
pub fn files(
    news: &[&NewsItem],
    categories: &[String],
    cache: Option<(&mut SearchCache, &HashMap<u64, u64>)>,
) -> Vec<OutputFile> {
    let (cache, fingerprints) = match cache {
        Some((cache, fingerprints)) => (Some(cache), Some(fingerprints)),
        None => (None, None),
    };
    let fingerprint = |item: &NewsItem| fingerprints.and_then(|f| f.get(&item.id)).copied();
    let entries = entries(news, cache.as_deref(), fingerprint);
    let index = match cache {
        Some(cache) => {
            cache.entries = news
                .iter()
                .zip(&entries)
                .filter_map(|(item, entry)| {
                    Some((item.id, (fingerprint(item)?, Arc::clone(entry))))
                })
                .collect();
            let index = match cache.index.take() {
                Some(previous) => previous.patched(entries).unwrap_or_else(Index::new),
                None => Index::new(entries),
            };
            cache.index.insert(index)
        }
        None => &Index::new(entries),
    };
    let mut files = head_files(news, categories, index.shards.keys());
    files.extend(index.shards.files());
    files.extend(index.chunks.iter().cloned());
    files
}

/// Each item's entry, from `cache` when the item's fingerprint is the one it was made from.
/// The index's meta file, its facets and the client script, for `news` with `shard_keys`.
fn head_files(
    news: &[&NewsItem],
    categories: &[String],
    shard_keys: Vec<String>,
) -> Vec<OutputFile> {
    // By the term's key: an item may spell its category otherwise than the list names it.
    let category_index: HashMap<String, i32> = categories
        .iter()
        .enumerate()
        .filter_map(|(i, name)| Some((term_key(name)?, i as i32)))
        .collect();
    let year_of: Vec<i32> = news
        .iter()
        .map(|item| item.date.moment.date().year())
        .collect();
    let mut years = year_of.clone();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let facets = Facets {
        category: news
            .iter()
            .map(|item| {
                let key = item.category.as_deref().and_then(term_key);
                key.and_then(|key| category_index.get(&key).copied())
                    .unwrap_or(-1)
            })
            .collect(),
        year: year_of,
    };
    let meta = Meta {
        version: 1,
        docs: news.len(),
        chunk: CHUNK,
        shards: shard_keys,
        categories,
        years,
    };
    vec![
        json("search/meta.json", &meta),
        json("search/facets.json", &facets),
        OutputFile {
            path: "search/search.js".into(),
            bytes: client_script().into_bytes().into(),
        },
    ]
}

fn entries(
    news: &[&NewsItem],
    cache: Option<&SearchCache>,
    fingerprint: impl Fn(&NewsItem) -> Option<u64> + Sync,
) -> Vec<Arc<ItemEntry>> {
    let date: DateFormat = "%-d %B %Y".parse().expect("a valid format");
    news.par_iter()
        .map(|item| {
            let cached = cache
                .and_then(|cache| cache.entries.get(&item.id))
                .filter(|(hash, _)| Some(*hash) == fingerprint(item));
            match cached {
                Some((_, entry)) => Arc::clone(entry),
                None => Arc::new(ItemEntry {
                    words: words(&document_text(item)),
                    title_words: words(&item.title),
                    document: Document::new(item, &date),
                }),
            }
        })
        .collect()
}

fn chunk_file(number: usize, entries: &[Arc<ItemEntry>]) -> OutputFile {
    let documents: Vec<&Document> = entries.iter().map(|entry| &entry.document).collect();
    json(&format!("search/docs/{number}.json"), &documents)
}

/// `[url, title, date, category, year, text]`, as docs/search.md lists them.
#[derive(Serialize)]
struct Document(String, String, String, String, i32, String);

impl Document {
    fn new(item: &NewsItem, date: &DateFormat) -> Self {
        let body = html_to_text(&item.body_html);
        let mut text = item.summary.clone();
        if !body.starts_with(item.summary.as_str()) {
            text.push(' ');
        }
        text.push_str(body.strip_prefix(item.summary.as_str()).unwrap_or(&body));
        let text = excerpt(&text, SNIPPET_CHARS).into_owned();
        Document(
            crate::site::address::news(item.id),
            item.title.clone(),
            date.render(&item.date.moment, Calendar::Jalali, Digits::Persian),
            item.category
                .as_deref()
                .map(for_display)
                .unwrap_or_default(),
            item.date.moment.date().year(),
            text.trim().to_string(),
        )
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    shards: Vec<String>,
    categories: &'a [String],
    years: Vec<i32>,
}

#[derive(Serialize)]
struct Facets {
    category: Vec<i32>,
    year: Vec<i32>,
}

/// All the text an item is found by: title, summary, body, terms, and its Jalali year and month.
fn document_text(item: &NewsItem) -> String {
    let date = item.date.moment.date();
    let mut text = format!(
        "{} {} {} {} {}",
        item.title,
        item.summary,
        html_to_text(&item.body_html),
        date.year(),
        date.month_name()
    );
    for term in item.category.iter().chain(&item.tags).chain(&item.source) {
        text.push(' ');
        text.push_str(term);
    }
    text
}

/// The distinct words of `text` after normalisation for matching.
pub fn words(text: &str) -> BTreeSet<String> {
    for_matching(text)
        .split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// The visible text of HTML, with tags as spaces and the common entities decoded.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The client with the matching rule of `persian::normalize`: the table of every character
/// `for_matching` changes (separators as a space), but for the presentation forms, which the
/// client decomposes itself, and the affixes it joins to their stems.
fn client_script() -> String {
    let ranges = [
        0x0085..=0x00AD,
        0x0600..=0x06FF,
        0x0750..=0x077F,
        0x1680..=0x1680,
        0x2000..=0x200F,
        0x2028..=0x202F,
        0x205F..=0x206F,
        0x3000..=0x3000,
        0xFEFF..=0xFEFF,
    ];
    let mut table = BTreeMap::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let normal = if is_separator(c) {
            " ".to_string()
        } else {
            for_matching(&c.to_string())
        };
        if c != ' ' && normal != c.to_string() {
            table.insert(c.to_string(), normal);
        }
    }
    let table = serde_json::to_string(&table).expect("a map of strings serializes");
    let affixes = serde_json::json!({ "prefixes": affix::PREFIXES, "suffixes": affix::SUFFIXES });
    CLIENT
        .replacen("__NORMALIZE__", &table, 1)
        .replacen("__AFFIXES__", &affixes.to_string(), 1)
}

fn json(path: &str, value: &impl Serialize) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: serde_json::to_vec(value)
            .expect("index data serializes")
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An entry whose words and title words are drawn from a small vocabulary, so that
    /// documents share words and shards.
    fn entry(words: &[u8], title: &[u8]) -> Arc<ItemEntry> {
        const VOCABULARY: [&str; 8] = ["کارت", "کاربر", "ملی", "ثبت", "ولادت", "وام", "1399", "x"];
        let pick = |picks: &[u8]| -> BTreeSet<String> {
            picks
                .iter()
                .map(|&p| VOCABULARY[p as usize % VOCABULARY.len()].to_string())
                .collect()
        };
        let title_words = pick(title);
        Arc::new(ItemEntry {
            words: pick(words).union(&title_words).cloned().collect(),
            title_words,
            document: Document(
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                1399,
                String::new(),
            ),
        })
    }

    fn written(index: &Index) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        index
            .shards
            .files()
            .chain(index.chunks.iter().cloned())
            .map(|file| (file.path, file.bytes.to_vec()))
            .collect()
    }

    proptest! {
        #[test]
        fn a_patched_index_is_the_index_built_anew(
            before in prop::collection::vec((prop::collection::vec(0u8..8, 0..5), prop::collection::vec(0u8..8, 0..3)), 1..300),
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::collection::vec(0u8..8, 0..5), prop::collection::vec(0u8..8, 0..3)), 1..4),
        ) {
            let old: Vec<Arc<ItemEntry>> = before.iter().map(|(w, t)| entry(w, t)).collect();
            let mut new = old.clone();
            for (at, words, title) in &edits {
                let at = at.index(new.len());
                new[at] = entry(words, title);
            }
            let patched = Index::new(old).patched(new.clone());
            if let Ok(patched) = patched {
                prop_assert_eq!(written(&patched), written(&Index::new(new)));
            } else {
                prop_assert!(edits.len() * PATCH_AT_MOST > new.len().max(PATCH_AT_MOST));
            }
        }
    }

    #[test]
    fn arabic_and_persian_spellings_are_one_word() {
        let words: Vec<String> = words("كارت هوشمند، ۱۳۹۹ و می‌شود!").into_iter().collect();
        assert_eq!(words, ["1399", "میشود", "هوشمند", "و", "کارت"]);
        assert_eq!(
            self::words("می شود، ثبت\u{200C}احوال و البرزی ها"),
            self::words("میشود، ثبت احوال و البرزی\u{200C}ها")
        );
        assert_eq!(shard_key("کارت").as_deref(), Some("06a9-0627"));
        assert_eq!(shard_key("و"), None);
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>یک &amp; دو</p>\n<ul><li>سه</li></ul>"),
            "یک & دو سه"
        );
    }

    /// What the client's `akhbarMatching.matching` and `words` give for each of `texts`, run
    /// in Node (which every machine that builds akhbar has).
    fn in_the_client(texts: &[String]) -> Vec<(String, Vec<String>)> {
        let program = format!(
            "const vm = require('vm'); const context = vm.createContext({{}});\n\
             try {{ vm.runInContext({script}, context); }} catch (e) {{ /* no document in Node */ }}\n\
             const texts = {texts};\n\
             const m = vm.runInContext('akhbarMatching', context);\n\
             process.stdout.write(JSON.stringify(texts.map((t) => [m.matching(t), m.words(t)])));",
            script = serde_json::to_string(&client_script()).unwrap(),
            texts = serde_json::to_string(texts).unwrap(),
        );
        let output = std::process::Command::new("node")
            .arg("-e")
            .arg(program)
            .output()
            .expect("node runs (it comes with every machine akhbar is built on)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the client's answers as JSON")
    }

    #[test]
    fn the_client_matches_as_the_index_does() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let alphabet = "[ آ-ی۰-۹٠-٩a-zA-Z0-9\u{200B}-\u{200F}\u{00A0}\u{064B}-\u{0655}\u{0640}ؤئأإۀةكيﻛﺎﺭﺕﻻ،«».-]{0,24}";
        let mut runner = TestRunner::deterministic();
        let strategy = alphabet.prop_map(|text: String| text);
        let mut texts: Vec<String> = (0..400)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        let words_of = |prefix: &str| [format!("{prefix} شود"), format!("{prefix}\u{200C}شود")];
        texts.extend(["می", "نمی"].iter().flat_map(|p| words_of(p)));
        texts.extend(
            [
                "مسؤول و مسئول",
                "هیأت هیئت",
                "اجزاء",
                "البرزی ها و البرزی‌ها",
                "بزرگ تر ها",
                "۱۰ ها",
                "کتاب، ها",
                "ﻛﺎﺭﺕ ﻣﻠﻲ",
            ]
            .map(String::from),
        );
        let answers = in_the_client(&texts);
        for (text, (matching, client_words)) in texts.iter().zip(answers) {
            assert_eq!(
                matching,
                for_matching(text),
                "the matching form of {text:?}"
            );
            let rust_words: Vec<String> = for_matching(text)
                .split(|c: char| !is_word_char(c))
                .filter(|word| word.chars().count() > 1)
                .map(String::from)
                .collect();
            assert_eq!(client_words, rust_words, "the words of {text:?}");
        }
    }

    #[test]
    fn the_client_carries_the_normalisation() {
        let script = client_script();
        assert!(!script.contains("__NORMALIZE__"));
        assert!(script.contains("\"ي\":\"ی\""));
        assert!(script.contains("\"۱\":\"1\""));
        assert!(script.contains("\"\u{200C}\":\" \""));
        assert!(script.contains("\"\u{0651}\":\"\""));
        assert!(!script.contains("__AFFIXES__"));
        assert!(script.contains("\"نمی\""));
    }
}
