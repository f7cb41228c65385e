//! The index's dictionary as files: every key (word or word pair) in byte order, cut into
//! blocks where a key's hash says so, blocks listed in directories, and directories' first
//! keys in `meta.json`. A cut depends only on the key there (and a size limit), so a new key
//! changes its own block and, rarely, splits one: the rest of the files keep their bytes.
//!
//! A block (`b/NAME.bin`, gzip) holds, for each of its keys in order:
//! the key (bytes shared with the previous key, then the length and bytes of the rest),
//! the number of documents with it, the number with it in the title, a flag (0: the
//! document numbers follow, 1: they are in `p/NAME.bin`), then the documents' and the titles'
//! numbers as gaps. A directory (`d/NAME.bin`, gzip) holds the number of its blocks and each
//! block's first key, shared as in a block. NAME is the FNV-1a hash of the first key (of the
//! key, for `p/`) as 16 hex digits. A postings file holds both counts and both gap lists.
//! Every file is written gzip ([`super::encode::gzip`]).

use std::collections::HashSet;
use std::path::PathBuf;

use super::encode::{fnv1a, name_of, push_gaps, push_key, push_varint};

/// Keys between two cuts, on average: a block of about 2 KB before gzip.
const BLOCK_KEYS: u64 = 128;
/// Bytes (before gzip) after which a block is cut whatever the next key's hash.
const BLOCK_BYTES: usize = 8 * 1024;
/// Blocks between two directory cuts, on average.
const DIRECTORY_BLOCKS: u64 = 64;
/// Blocks after which a directory is cut whatever the next block's key.
const DIRECTORY_MOST: usize = 256;
/// Postings longer than this (in bytes before gzip) are in a file of their own, fetched only
/// by the queries that need them; shorter ones are in their block.
const INLINE_BYTES: usize = 384;

/// The documents with a term, and those with it in their title, ascending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Postings {
    pub docs: Vec<u32>,
    pub title: Vec<u32>,
}

/// The dictionary's files for `entries` (sorted by key, without repeats), each as its path
/// under the output and its bytes before gzip, and the first key of each directory, for
/// `meta.json`.
pub fn files<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a Postings)>,
) -> (Vec<(PathBuf, Vec<u8>)>, Vec<String>) {
    let mut out = Builder::default();
    for (key, postings) in entries {
        out.add(key, postings);
    }
    out.finish()
}

#[derive(Default)]
struct Builder {
    /// Each file's path and bytes before gzip.
    files: Vec<(String, Vec<u8>)>,
    /// Names given to postings files.
    postings_names: HashSet<String>,
    /// Names given to blocks.
    block_names: HashSet<String>,
    block: Vec<u8>,
    block_keys: u32,
    block_first: String,
    previous_key: String,
    directory: Vec<u8>,
    directory_blocks: u32,
    directory_first: String,
    directories: Vec<String>,
}

impl Builder {
    fn add(&mut self, key: &str, postings: &Postings) {
        if self.block_keys > 0 && self.cuts_before(key) {
            self.end_block();
        }
        if self.block_keys == 0 {
            self.start_block(key);
        }
        let mut lists = Vec::new();
        push_gaps(&mut lists, &postings.docs);
        push_gaps(&mut lists, &postings.title);
        push_key(&mut self.block, &self.previous_key, key);
        push_varint(&mut self.block, postings.docs.len() as u32);
        push_varint(&mut self.block, postings.title.len() as u32);
        let own_file = lists.len() > INLINE_BYTES && self.postings_names.insert(name_of(key));
        if own_file {
            self.block.push(1);
            let mut file = Vec::with_capacity(lists.len() + 8);
            push_varint(&mut file, postings.docs.len() as u32);
            push_varint(&mut file, postings.title.len() as u32);
            file.extend_from_slice(&lists);
            self.files.push((format!("p/{}", name_of(key)), file));
        } else {
            self.block.push(0);
            self.block.extend_from_slice(&lists);
        }
        self.block_keys += 1;
        self.previous_key.clear();
        self.previous_key.push_str(key);
    }

    /// Whether a block ends before `key`: its hash says so, or the block is full. A key whose
    /// block name is taken (a hash collision) never starts one.
    fn cuts_before(&self, key: &str) -> bool {
        let cut = fnv1a(key).is_multiple_of(BLOCK_KEYS) || self.block.len() >= BLOCK_BYTES;
        cut && !self.block_names.contains(&name_of(key))
    }

    fn start_block(&mut self, key: &str) {
        let directory_cut = fnv1a(key).is_multiple_of(BLOCK_KEYS * DIRECTORY_BLOCKS)
            || self.directory_blocks as usize >= DIRECTORY_MOST;
        if self.directory_blocks > 0 && directory_cut {
            self.end_directory();
        }
        if self.directory_blocks == 0 {
            self.directory_first = key.to_string();
            self.directories.push(key.to_string());
        }
        push_key(&mut self.directory, &self.block_first, key);
        self.directory_blocks += 1;
        self.block_names.insert(name_of(key));
        self.block_first = key.to_string();
        self.previous_key.clear();
    }

    fn end_block(&mut self) {
        let mut bytes = Vec::with_capacity(self.block.len() + 4);
        push_varint(&mut bytes, self.block_keys);
        bytes.append(&mut self.block);
        self.files
            .push((format!("b/{}", name_of(&self.block_first)), bytes));
        self.block_keys = 0;
    }

    fn end_directory(&mut self) {
        let mut bytes = Vec::with_capacity(self.directory.len() + 4);
        push_varint(&mut bytes, self.directory_blocks);
        bytes.append(&mut self.directory);
        self.files
            .push((format!("d/{}", name_of(&self.directory_first)), bytes));
        self.directory_blocks = 0;
        self.block_first.clear();
    }

    fn finish(mut self) -> (Vec<(PathBuf, Vec<u8>)>, Vec<String>) {
        if self.block_keys > 0 {
            self.end_block();
        }
        if self.directory_blocks > 0 {
            self.end_directory();
        }
        let files = self.files.into_iter();
        let files = files.map(|(name, bytes)| (format!("search/{name}.bin").into(), bytes));
        (files.collect(), self.directories)
    }
}
