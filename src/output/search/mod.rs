//! The search index of docs/search.md: a dictionary of words and word pairs cut into blocks
//! (`tree`), each term's document numbers in its block or in a file of its own, one small
//! file per document for the results shown, the categories' documents for the filter, and
//! the client script with the normalisation it must share.
//!
//! A document's number is its item's place among every item of the content, oldest first
//! ([`Site::chronology`]): a new item takes the next number, an unpublished one leaves a
//! hole, so publishing changes only the files of the new item's terms, its own file and
//! `meta.json`.

mod client;
mod encode;
mod postings;
mod terms;
mod tree;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

use super::OutputFile;
use crate::calendar::{Calendar, DateFormat};
use crate::content::NewsItem;
use crate::persian::digits::Digits;
use crate::persian::excerpt::excerpt;
use crate::persian::normalize::for_display;
use crate::persian::slug::term_key;
use crate::site::{Site, TaxonomyKind};
pub use client::client_script;
use encode::{gzip, name_of, push_gaps};
use postings::{Indexed, Table, patched};
use terms::html_to_text;
pub use terms::words;
use tree::Packed;

/// Characters of an item's text in its result file: enough for a snippet around a match in
/// most items; a match further on is shown from the page itself.
const RESULT_TEXT_CHARS: usize = 1200;

/// What the previous build of one process indexed, to patch rather than gather anew: the
/// postings, the documents by number, each document's result file, and the gzip of each
/// dictionary file by its bytes.
#[derive(Default)]
pub struct SearchCache {
    table: Table,
    documents: Vec<Indexed>,
    results: Results,
    packed: Packed,
}

/// Result files by document number, each with the news number and fingerprint it shows.
type Results = HashMap<u32, ((u64, Option<u64>), OutputFile)>;

impl SearchCache {
    /// Forgets everything: the site-wide data the index depends on (the time zone) changed.
    pub fn clear(&mut self) {
        *self = SearchCache::default();
    }
}

/// The index files of `site`. With a `cache` and each published item's fingerprint (by news
/// number), the previous build's postings are patched where few documents changed.
pub fn files(
    site: &Site,
    cache: Option<(&mut SearchCache, &HashMap<u64, u64>)>,
) -> Vec<OutputFile> {
    let made = Mutex::new(Vec::new());
    let push = |file| {
        made.lock().expect("not poisoned").push(file);
        Ok::<(), ()>(())
    };
    let _ = make(site, cache, push);
    let mut files = made.into_inner().expect("not poisoned");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Makes the index files of `site` and hands each to `emit` as soon as it is made; gives
/// their paths.
pub fn write_files<E: Send>(
    site: &Site,
    emit: impl Fn(OutputFile) -> Result<(), E> + Sync,
) -> Result<Vec<PathBuf>, E> {
    make(site, None, emit)
}

fn make<E: Send>(
    site: &Site,
    cache: Option<(&mut SearchCache, &HashMap<u64, u64>)>,
    emit: impl Fn(OutputFile) -> Result<(), E> + Sync,
) -> Result<Vec<PathBuf>, E> {
    let handed = |file: OutputFile| {
        let path = file.path.clone();
        emit(file).map(|()| path)
    };
    let published: HashSet<u64> = site.news.iter().map(|item| item.id).collect();
    let fingerprints = cache.as_ref().map(|(_, fingerprints)| *fingerprints);
    let documents: Vec<Indexed> = site
        .chronology
        .iter()
        .map(|&item| Indexed {
            item: Arc::clone(item),
            fingerprint: fingerprints.and_then(|f| f.get(&item.id)).copied(),
            published: published.contains(&item.id),
        })
        .collect();
    let (mut paths, dictionary) = match cache {
        Some((cache, _)) => {
            let results = result_files(&documents, Some(&cache.results));
            let mut paths = Vec::with_capacity(results.len());
            for (_, file) in results.values() {
                paths.push(handed(file.clone())?);
            }
            cache.results = results;
            if patched(&mut cache.table, &cache.documents, &documents).is_none() {
                cache.table = Table::gather(&numbered(&documents));
            }
            cache.documents = documents;
            (
                paths,
                tree::files(cache.table.sorted(), Some(&mut cache.packed)),
            )
        }
        None => {
            let paths = published_numbers(&documents)
                .par_iter()
                .map(|&number| handed(result_file(number, &documents[number as usize].item)))
                .collect::<Result<Vec<_>, E>>()?;
            let table = Table::gather(&numbered(&documents));
            (paths, tree::files(table.sorted(), None))
        }
    };
    let (files, directories) = dictionary;
    for file in files {
        paths.push(handed(file)?);
    }
    let numbers: HashMap<u64, u32> = site
        .chronology
        .iter()
        .enumerate()
        .map(|(number, item)| (item.id, number as u32))
        .collect();
    let (category_files, categories) = category_files(site, &numbers);
    for file in category_files {
        paths.push(handed(file)?);
    }
    let meta = Meta {
        version: 2,
        docs: site.chronology.len(),
        dirs: directories,
        categories,
        months: months(site, &numbers),
    };
    paths.push(handed(json("search/meta.json", &meta))?);
    paths.push(handed(OutputFile {
        path: "search/search.js".into(),
        bytes: client_script().into_bytes().into(),
    })?);
    Ok(paths)
}

/// The numbers of the published documents, ascending.
fn published_numbers(documents: &[Indexed]) -> Vec<u32> {
    (0..documents.len() as u32)
        .filter(|&n| documents[n as usize].published)
        .collect()
}

/// The published documents with their numbers.
fn numbered(documents: &[Indexed]) -> Vec<(u32, &NewsItem)> {
    published_numbers(documents)
        .into_iter()
        .map(|n| (n, &*documents[n as usize].item))
        .collect()
}

/// Each published document's result file by number, with the news number and fingerprint it
/// was made from; `previous` files of the same item with the same fingerprint are reused.
fn result_files(documents: &[Indexed], previous: Option<&Results>) -> Results {
    published_numbers(documents)
        .into_par_iter()
        .map(|number| {
            let document = &documents[number as usize];
            let made_from = (document.item.id, document.fingerprint);
            let kept = previous
                .and_then(|files| files.get(&number))
                .filter(|(from, _)| document.fingerprint.is_some() && *from == made_from);
            let file = match kept {
                Some((_, file)) => file.clone(),
                None => result_file(number, &document.item),
            };
            (number, (made_from, file))
        })
        .collect()
}

/// `r/N.json`: what a result shows of document N, `[url, title, date, category, text]`.
fn result_file(number: u32, item: &NewsItem) -> OutputFile {
    let date: DateFormat = "%-d %B %Y".parse().expect("a valid format");
    let body = html_to_text(&item.body_html);
    let mut text = item.summary.clone();
    if !body.starts_with(item.summary.as_str()) {
        text.push(' ');
        text.push_str(&body);
    } else {
        text = body;
    }
    let result = (
        crate::site::address::news(item.id),
        &item.title,
        date.render(&item.date.moment, Calendar::Jalali, Digits::Persian),
        item.category
            .as_deref()
            .map(for_display)
            .unwrap_or_default(),
        excerpt(text.trim(), RESULT_TEXT_CHARS),
    );
    json(&format!("search/r/{number}.json"), &result)
}

/// Each category's documents in `c/NAME.bin` (gzip gaps; NAME the hash of the category's
/// key), and the `[name, NAME]` list for `meta.json`, in the site's order of categories.
fn category_files(site: &Site, numbers: &HashMap<u64, u32>) -> (Vec<OutputFile>, Vec<[String; 2]>) {
    let terms = &site.taxonomy(TaxonomyKind::Category).terms;
    terms
        .par_iter()
        .filter_map(|term| {
            let name = name_of(&term_key(&term.name)?);
            let mut documents: Vec<u32> = term.items.iter().map(|item| numbers[&item.id]).collect();
            documents.sort_unstable();
            let mut bytes = Vec::new();
            push_gaps(&mut bytes, &documents);
            let file = OutputFile {
                path: format!("search/c/{name}.bin").into(),
                bytes: gzip(&bytes).into(),
            };
            Some((file, [term.name.clone(), name]))
        })
        .unzip()
}

/// `[year, month, first]` for each Jalali month with published news, in order: its
/// documents are numbered from `first` up to the next month's `first`.
fn months(site: &Site, numbers: &HashMap<u64, u32>) -> Vec<(i32, u8, u32)> {
    let mut months: Vec<(i32, u8, u32)> = Vec::new();
    for item in site.news.iter().rev() {
        let date = item.date.moment.date();
        let number = numbers[&item.id];
        match months.last_mut() {
            Some((year, month, first)) if (*year, *month) == (date.year(), date.month()) => {
                *first = (*first).min(number);
            }
            _ => months.push((date.year(), date.month(), number)),
        }
    }
    months
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    docs: usize,
    dirs: Vec<String>,
    categories: Vec<[String; 2]>,
    months: Vec<(i32, u8, u32)>,
}

fn json(path: &str, value: &impl Serialize) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: serde_json::to_vec(value)
            .expect("index data serializes")
            .into(),
    }
}
