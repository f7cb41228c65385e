//! The search index of docs/search.md: shards of terms by their first two letters, documents in
//! chunks, facets for the filters, and the client script with the normalisation it must share.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use crate::calendar::{Calendar, DateFormat};
use crate::content::NewsItem;
use crate::persian::digits::Digits;
use crate::persian::excerpt::excerpt;
use crate::persian::normalize::for_matching;

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
/// it was made from; normalising the text is the index's costly part.
#[derive(Default)]
pub struct SearchCache {
    entries: HashMap<u64, (u64, Arc<ItemEntry>)>,
}

impl SearchCache {
    /// Forgets every entry: the site-wide data they depend on (the time zone) changed.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The index files for `news` (newest first). With a `cache` and each item's fingerprint, the
/// entries of unchanged items are reused.
pub fn files(
    news: &[&NewsItem],
    categories: &[String],
    cache: Option<(&mut SearchCache, &HashMap<u64, u64>)>,
) -> Vec<OutputFile> {
    let date: DateFormat = "%-d %B %Y".parse().expect("a valid format");
    let (cache, fingerprints) = match cache {
        Some((cache, fingerprints)) => (Some(cache), Some(fingerprints)),
        None => (None, None),
    };
    let fingerprint = |item: &NewsItem| fingerprints.and_then(|f| f.get(&item.id)).copied();
    let known = cache.as_deref();
    let entries: Vec<Arc<ItemEntry>> = news
        .par_iter()
        .map(|item| {
            let cached = known
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
        .collect();
    if let Some(cache) = cache {
        cache.entries = news
            .iter()
            .zip(&entries)
            .filter_map(|(item, entry)| Some((item.id, (fingerprint(item)?, Arc::clone(entry)))))
            .collect();
    }
    let shards = shards(&entries);
    let documents: Vec<&Document> = entries.iter().map(|entry| &entry.document).collect();
    let category_index: HashMap<&str, i32> = categories
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i as i32))
        .collect();
    let mut years: Vec<i32> = documents.iter().map(|doc| doc.4).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let facets = Facets {
        category: news
            .iter()
            .map(|item| {
                let name = item.category.as_deref().unwrap_or("");
                category_index.get(name).copied().unwrap_or(-1)
            })
            .collect(),
        year: documents.iter().map(|doc| doc.4).collect(),
    };
    let meta = Meta {
        version: 1,
        docs: news.len(),
        chunk: CHUNK,
        shards: shards.keys().cloned().collect(),
        categories,
        years,
    };

    let mut files = vec![
        json("search/meta.json", &meta),
        json("search/facets.json", &facets),
        OutputFile {
            path: "search/search.js".into(),
            bytes: client_script().into_bytes().into(),
        },
    ];
    for (key, terms) in &shards {
        files.push(json(&format!("search/shards/{key}.json"), terms));
    }
    for (number, chunk) in documents.chunks(CHUNK).enumerate() {
        files.push(json(&format!("search/docs/{number}.json"), &chunk));
    }
    files
}

/// The shards of the index: each word's postings gathered first, then put under its shard.
fn shards(entries: &[Arc<ItemEntry>]) -> BTreeMap<String, Shard> {
    let mut text: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut title: HashMap<&str, Vec<u32>> = HashMap::new();
    for (number, entry) in entries.iter().enumerate() {
        for word in &entry.words {
            text.entry(word).or_default().push(number as u32);
        }
        for word in &entry.title_words {
            title.entry(word).or_default().push(number as u32);
        }
    }
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (postings, part) in [(text, false), (title, true)] {
        for (word, numbers) in postings {
            if let Some(key) = shard_key(word) {
                let shard = shards.entry(key).or_default();
                let list = if part { &mut shard.t } else { &mut shard.w };
                list.insert(word.to_string(), numbers);
            }
        }
    }
    shards
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
            format!("/news/{}/", item.id),
            item.title.clone(),
            date.render(&item.date.moment, Calendar::Jalali, Digits::Persian),
            item.category.clone().unwrap_or_default(),
            item.date.moment.date().year(),
            text.trim().to_string(),
        )
    }
}

/// The terms starting with the same two letters: every document with each (`w`), and the
/// documents with it in their title (`t`), which rank first.
#[derive(Default, Serialize)]
struct Shard {
    w: BTreeMap<String, Vec<u32>>,
    t: BTreeMap<String, Vec<u32>>,
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
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// The shard of a term: its first two characters as hex code points; none for one letter.
pub fn shard_key(term: &str) -> Option<String> {
    let mut chars = term.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    Some(format!("{:04x}-{:04x}", first as u32, second as u32))
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

/// The client with the normalisation table of every character `for_matching` changes, but for
/// the presentation forms, which the client decomposes itself.
fn client_script() -> String {
    // Presentation forms are left out: the client decomposes them (NFKD) and maps the letters.
    let ranges = [
        0x00AD..=0x00AD,
        0x0600..=0x06FF,
        0x0750..=0x077F,
        0x200B..=0x200F,
        0x202A..=0x202E,
        0x2060..=0x2069,
        0xFEFF..=0xFEFF,
    ];
    let mut table = BTreeMap::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let normal = for_matching(&c.to_string());
        if !c.is_whitespace() && normal != c.to_string() {
            table.insert(c.to_string(), normal);
        }
    }
    let table = serde_json::to_string(&table).expect("a map of strings serializes");
    CLIENT.replacen("__NORMALIZE__", &table, 1)
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

    #[test]
    fn arabic_and_persian_spellings_are_one_word() {
        let words: Vec<String> = words("كارت هوشمند، ۱۳۹۹ و می‌شود!").into_iter().collect();
        assert_eq!(words, ["1399", "میشود", "هوشمند", "و", "کارت"]);
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

    #[test]
    fn the_client_carries_the_normalisation() {
        let script = client_script();
        assert!(!script.contains("__NORMALIZE__"));
        assert!(script.contains("\"ي\":\"ی\""));
        assert!(script.contains("\"۱\":\"1\""));
        assert!(script.contains("\"\u{200C}\":\"\""));
    }
}
