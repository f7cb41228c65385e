//! The search index of docs/search.md: a dictionary of words and word pairs cut into blocks
//! (`tree`), each term's document numbers in its block or in a file of its own, small files
//! of eight documents' results, the categories' documents for the filter, and the client
//! script with the normalisation it must share.
//!
//! A document's number is its item's place among every item of the content by news number
//! ([`Site::numbered`]): a new item takes the next number whatever its date, an unpublished
//! one leaves a hole, so publishing changes only the files of the new item's terms, its own
//! file and `meta.json`; `places` says where each document is by date. A build patches the previous build's postings ([`SearchCache`], kept in memory
//! by the preview and on disk by `akhbar build`) and keeps every file whose bytes are the same.

mod client;
mod encode;
mod places;
mod postings;
mod saved;
mod table;
mod terms;
mod tree;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::OutputFile;
use crate::calendar::{Calendar, DateFormat};
use crate::content::NewsItem;
use crate::fingerprint::hash_of;
use crate::persian::digits::Digits;
use crate::persian::excerpt::excerpt;
use crate::persian::normalize::for_display;
use crate::persian::slug::term_key;
use crate::site::{Site, TaxonomyKind};
pub use client::client_script;
use encode::{gzip, name_of, push_gaps};
use places::Places;
use postings::{DocumentPrint, Gathered, patch};
pub use saved::SEARCH_FILE;
use terms::{Bodies, ItemText};

/// Characters of an item's text in its result: its lead, where a match of a common word most
/// often is; a match further on is shown from the page itself.
const RESULT_TEXT_CHARS: usize = 400;

/// Documents in one result file, by number: a first screen of a common word's newest results
/// is one or two files, and a site has an eighth as many files as documents.
const RESULTS_PER_FILE: u32 = 8;

/// What one build of the index leaves for the next to patch: the time zone it was made in,
/// each document's print by number, every term's postings by segment (with each segment's
/// dictionary files), and the hash of each dictionary file's bytes before gzip, by path.
#[derive(Default)]
pub struct SearchCache {
    zone: String,
    documents: Vec<DocumentPrint>,
    table: table::Table,
    files: HashMap<PathBuf, u64>,
    /// The hash of each of [`saved`]'s shards as this state was loaded or last saved; empty
    /// when it was neither.
    shards: Vec<u64>,
}

impl SearchCache {
    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = SearchCache::default();
    }
}

/// Where the index's files go: `write` hands on a file's bytes; `keep` asks that the previous
/// build's file at a path stay, and says whether it can (the folder or memory had it).
pub struct Destination<'a, E> {
    pub write: &'a (dyn Fn(OutputFile) -> Result<(), E> + Sync),
    pub keep: &'a (dyn Fn(&Path) -> bool + Sync),
}

/// The index files of `site`, all made anew. For benchmarks.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let fingerprints: HashMap<u64, u64> = site.news.iter().map(|item| (item.id, 0)).collect();
    let made = Mutex::new(Vec::new());
    let write = |file| {
        made.lock().expect("not poisoned").push(file);
        Ok::<(), ()>(())
    };
    let keep = |_: &Path| false;
    let destination = Destination {
        write: &write,
        keep: &keep,
    };
    let _ = write_index(
        site,
        "",
        &fingerprints,
        &mut SearchCache::default(),
        &destination,
    );
    let mut files = made.into_inner().expect("not poisoned");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Writes the index of `site` (dates in the time zone `zone`; `fingerprints` gives each
/// published item's, by news number) to `destination`: patches `cache`, the previous build's,
/// where few documents changed, keeps each file that is the same, and leaves `cache` as this
/// build's. Gives every file's path.
pub fn write_index<E: Send>(
    site: &Site,
    zone: &str,
    fingerprints: &HashMap<u64, u64>,
    cache: &mut SearchCache,
    destination: &Destination<E>,
) -> Result<Vec<PathBuf>, E> {
    if cache.zone != zone {
        cache.clear();
        cache.zone = zone.to_string();
    }
    let prints = prints(site, fingerprints);
    let items: Vec<&NewsItem> = site.numbered.iter().map(|item| &***item).collect();
    // A document is unchanged when the previous build had the same at its number; and a
    // number past the last is unchanged when it was past the last then too (a result file
    // also shows which of its numbers are documents).
    let unchanged = |n: u32| {
        let n = n as usize;
        cache.documents.get(n) == prints.get(n)
    };
    let bodies = Bodies { items: &items };
    let gather = !patch(&mut cache.table, &cache.documents, &prints, &bodies);
    let (mut paths, gathered) = results(&bodies, &prints, unchanged, gather, destination)?;
    if let Some(gathered) = gathered {
        cache.table = gathered.into_table();
    }
    cache.documents = prints;
    let (written, directory) = dictionary(cache, destination)?;
    paths.extend(written.iter().map(|(path, _)| path.clone()));
    cache.files = written.into_iter().collect();
    let numbers: HashMap<u64, u32> = (0..items.len()).map(|n| (items[n].id, n as u32)).collect();
    let (category_files, categories) = category_files(site, &numbers);
    let places = Places::of(&items);
    let meta = Meta {
        version: 4,
        docs: items.len(),
        results: RESULTS_PER_FILE,
        directory,
        categories,
        moved: places.moved(),
        months: places.months(&site.news, |id| numbers[&id]),
    };
    let script = OutputFile {
        path: "search/search.js".into(),
        bytes: client_bytes(),
    };
    for file in category_files
        .into_iter()
        .chain([json("search/meta.json", &meta), script])
    {
        paths.push(file.path.clone());
        (destination.write)(file)?;
    }
    Ok(paths)
}

/// A file's path with the hash of its bytes before gzip.
type FileHash = (PathBuf, u64);

/// Writes the dictionary's files, keeping every file whose bytes are the previous build's
/// (the segments no change touched are not even made again); gives each file's path with
/// the hash of its bytes before gzip, and the directory's name.
fn dictionary<E: Send>(
    cache: &mut SearchCache,
    destination: &Destination<E>,
) -> Result<(Vec<FileHash>, String), E> {
    let (mut files, mut directory) = cache.table.files();
    let previous = std::mem::take(&mut cache.files);
    let kept = files
        .par_iter()
        .filter(|(_, bytes)| bytes.is_none())
        .all(|(path, _)| previous.contains_key(path) && (destination.keep)(path));
    if !kept {
        cache.table.forget_files();
        (files, directory) = cache.table.files();
    }
    let written = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let Some(bytes) = bytes else {
                return Ok((path.clone(), previous[&path]));
            };
            let hash = hash_of(&bytes.as_slice());
            if previous.get(&path) != Some(&hash) || !(destination.keep)(&path) {
                let bytes = gzip(&bytes).into();
                (destination.write)(OutputFile {
                    path: path.clone(),
                    bytes,
                })?;
            }
            Ok((path, hash))
        })
        .collect::<Result<_, E>>()?;
    Ok((written, directory))
}

/// The client script's bytes, made once a process.
fn client_bytes() -> std::sync::Arc<[u8]> {
    static CLIENT: std::sync::OnceLock<std::sync::Arc<[u8]>> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| client_script().into_bytes().into())
        .clone()
}

/// Each item's print, by number.
fn prints(site: &Site, fingerprints: &HashMap<u64, u64>) -> Vec<DocumentPrint> {
    site.numbered
        .iter()
        .map(|item| {
            let fingerprint = fingerprints.get(&item.id).copied();
            DocumentPrint {
                id: item.id,
                published: fingerprint.is_some(),
                fingerprint: fingerprint.unwrap_or(0),
            }
        })
        .collect()
}

/// Writes each result file (`RESULTS_PER_FILE` documents by number), or keeps it when each of
/// its documents is `unchanged` since the previous build; gives their paths and, when asked
/// to `gather`, the postings of every published document (each body is made plain once).
fn results<E: Send>(
    bodies: &Bodies,
    prints: &[DocumentPrint],
    unchanged: impl Fn(u32) -> bool + Sync,
    gather: bool,
    destination: &Destination<E>,
) -> Result<(Vec<PathBuf>, Option<Gathered>), E> {
    let count = bodies.items.len() as u32;
    let date: DateFormat = "%-d %B %Y".parse().expect("a valid format");
    let one_file = |(mut paths, mut table): (Vec<PathBuf>, Gathered), file: u32| {
        let numbers = file * RESULTS_PER_FILE..((file + 1) * RESULTS_PER_FILE).min(count);
        let published: Vec<u32> = numbers
            .clone()
            .filter(|&n| prints[n as usize].published)
            .collect();
        if published.is_empty() {
            return Ok((paths, table));
        }
        let path = result_path(file);
        let mut whole = file * RESULTS_PER_FILE..(file + 1) * RESULTS_PER_FILE;
        let kept = whole.all(&unchanged) && (destination.keep)(&path);
        if kept && !gather {
            paths.push(path);
            return Ok((paths, table));
        }
        let mut shown: Vec<Option<Shown>> = numbers.map(|_| None).collect();
        for &n in &published {
            let body = bodies.body(n);
            let item = bodies.items[n as usize];
            if gather {
                table.add(n, &ItemText::of(item, &body).terms());
            }
            shown[(n % RESULTS_PER_FILE) as usize] = Some(Shown::of(item, body, &date));
        }
        if !kept {
            let bytes = serde_json::to_vec(&shown)
                .expect("results serialize")
                .into();
            (destination.write)(OutputFile {
                path: path.clone(),
                bytes,
            })?;
        }
        paths.push(path);
        Ok((paths, table))
    };
    let (paths, table) = (0..count.div_ceil(RESULTS_PER_FILE))
        .into_par_iter()
        .try_fold(|| (Vec::new(), Gathered::default()), one_file)
        .try_reduce(
            || (Vec::new(), Gathered::default()),
            |(mut paths, mut table), (later_paths, later_table)| {
                paths.extend(later_paths);
                table.append(later_table);
                Ok((paths, table))
            },
        )?;
    Ok((paths, gather.then_some(table)))
}

fn result_path(file: u32) -> PathBuf {
    format!("search/r/{file}.json").into()
}

/// What a result shows of an item: `[url, title, date, category, text]`, the date as pages
/// show it, the category `""` when none, the text the start of the summary and body.
#[derive(Serialize)]
struct Shown(String, String, String, String, String);

impl Shown {
    /// What the result of `item`, whose body is `body` as plain text, shows.
    fn of(item: &NewsItem, body: String, date: &DateFormat) -> Shown {
        let text = match body.starts_with(item.summary()) {
            true => body,
            false => format!("{} {body}", item.summary()),
        };
        Shown(
            crate::site::address::news(item.id),
            item.title.clone(),
            date.render(&item.date.moment, Calendar::Jalali, Digits::Persian),
            item.category
                .as_deref()
                .map(for_display)
                .unwrap_or_default(),
            excerpt(&text, RESULT_TEXT_CHARS).into_owned(),
        )
    }
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

#[derive(Serialize)]
struct Meta {
    version: u32,
    docs: usize,
    results: u32,
    /// The directory's file under `d/`, without `.bin`.
    directory: String,
    categories: Vec<[String; 2]>,
    moved: Vec<places::Moved>,
    months: Vec<places::Month>,
}

fn json(path: &str, value: &impl Serialize) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: serde_json::to_vec(value)
            .expect("index data serializes")
            .into(),
    }
}
