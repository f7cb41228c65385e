//! The search index as `akhbar build` writes it: each file handed on as soon as it is made,
//! and no item's words kept once they are in the postings, so the index costs memory for its
//! postings only. It writes what [`super::files`] gives, byte for byte.

use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::shards::{group, shard_file};
use super::{CHUNK, Document, document_text, head_files, json, words};
use crate::calendar::DateFormat;
use crate::content::NewsItem;
use crate::output::OutputFile;

/// Each word's documents, in ascending order.
type Postings = HashMap<String, Vec<u32>>;

/// Makes the index files of `news` (newest first) and hands each to `emit`; gives their
/// paths.
pub fn write_files<E: Send>(
    news: &[&NewsItem],
    categories: &[String],
    emit: impl Fn(OutputFile) -> Result<(), E> + Sync,
) -> Result<Vec<PathBuf>, E> {
    let date: DateFormat = "%-d %B %Y".parse().expect("a valid format");
    let handed = |file: OutputFile| {
        let path = file.path.clone();
        emit(file).map(|()| path)
    };
    let mut paths: Vec<PathBuf> = news
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(number, chunk)| {
            let documents: Vec<Document> = chunk
                .iter()
                .map(|item| Document::new(item, &date))
                .collect();
            handed(json(&format!("search/docs/{number}.json"), &documents))
        })
        .collect::<Result<_, E>>()?;
    let (text, title) = postings(news);
    let shards = group(text, title);
    let keys: Vec<String> = shards.keys().cloned().collect();
    let shard_paths: Vec<PathBuf> = shards
        .into_par_iter()
        .map(|(key, shard)| handed(shard_file(&key, &shard)))
        .collect::<Result<_, E>>()?;
    paths.extend(shard_paths);
    for file in head_files(news, categories, keys) {
        paths.push(handed(file)?);
    }
    Ok(paths)
}

/// The postings of the items' words and of their titles' words, gathered on every core: each
/// thread numbers a run of items in order, and runs are joined in order.
fn postings(news: &[&NewsItem]) -> (Postings, Postings) {
    news.par_iter()
        .enumerate()
        .fold(
            || (Postings::default(), Postings::default()),
            |(mut text, mut title), (number, item)| {
                for word in words(&document_text(item)) {
                    text.entry(word).or_default().push(number as u32);
                }
                for word in words(&item.title) {
                    title.entry(word).or_default().push(number as u32);
                }
                (text, title)
            },
        )
        .reduce(
            || (Postings::default(), Postings::default()),
            |(mut text, mut title), (later_text, later_title)| {
                append(&mut text, later_text);
                append(&mut title, later_title);
                (text, title)
            },
        )
}

/// Adds the postings of later documents to `postings`.
fn append(postings: &mut Postings, later: Postings) {
    for (word, numbers) in later {
        postings.entry(word).or_default().extend(numbers);
    }
}
