//! The index's dictionary as files: every key (word or word pair) in byte order, cut into
//! blocks where a key's hash says so, and the blocks listed in one directory that `meta.json`
//! names. A cut depends only on the key there, so a new key changes its own
//! block and, rarely, splits one: the rest of the files keep their bytes. Between two such
//! cuts (a *segment*) a block is also cut when it grows past a size; a segment's files depend
//! on its keys alone, so a build encodes again only the segments whose keys changed
//! ([`super::table`] keeps the postings by segment).
//!
//! A block (`b/NAME.bin`, gzip) holds, for each of its keys in order:
//! the key (bytes shared with the previous key, then the length and bytes of the rest),
//! the number of documents with it, the number with it in the title, a flag (0: the
//! document numbers follow, 1: they are in `p/NAME.bin`), then the documents' and the titles'
//! numbers as gaps. The directory (`d/NAME.bin`, gzip) holds the number of blocks and each
//! block's first key, shared as in a block; its NAME is the FNV-1a hash of its bytes. A block's
//! NAME is the FNV-1a hash of its first key (of the key, for `p/`), as 16 hex digits. A postings file holds both counts and both gap lists.
//! Every file is written gzip ([`super::encode::gzip`]).

use std::collections::HashSet;
use std::path::PathBuf;

use super::encode::{fnv1a, fnv1a_bytes, name_of, push_gaps, push_key, push_varint};

/// Keys between two cuts, on average: a block of about 2 KB before gzip.
const BLOCK_KEYS: u64 = 128;
/// Bytes (before gzip) after which a block is cut whatever the next key's hash.
const BLOCK_BYTES: usize = 8 * 1024;
/// Postings longer than this (in bytes before gzip) are in a file of their own, fetched only
/// by the queries that need them; shorter ones are in their block.
const INLINE_BYTES: usize = 384;

/// The documents with a term, and those with it in their title, ascending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Postings {
    pub docs: Vec<u32>,
    pub title: Vec<u32>,
}

/// A file of the dictionary: its path under the output, and its bytes before gzip when they
/// were made by this build (none when its segment was kept from the previous one).
pub type DictionaryFile = (PathBuf, Option<Vec<u8>>);

/// Whether a segment of the dictionary starts at `key`: a cut depends on the key alone.
pub fn is_cut(key: &str) -> bool {
    fnv1a(key).is_multiple_of(BLOCK_KEYS)
}

/// The blocks of one segment's `entries` (its terms in order, with their postings): their
/// first keys, and the blocks' and postings' files.
pub fn segment(entries: &[(String, Postings)]) -> (Vec<String>, Vec<(PathBuf, Vec<u8>)>) {
    let mut out = Blocks::default();
    for (key, postings) in entries {
        out.add(key, postings);
    }
    if out.block_keys > 0 {
        out.end_block();
    }
    let files = out.files.into_iter();
    let files = files.map(|(name, bytes)| (format!("search/{name}.bin").into(), bytes));
    (out.firsts, files.collect())
}

#[derive(Default)]
struct Blocks {
    /// Each file's name and bytes before gzip.
    files: Vec<(String, Vec<u8>)>,
    /// Names given to postings files.
    postings_names: HashSet<String>,
    firsts: Vec<String>,
    block: Vec<u8>,
    block_keys: u32,
    previous_key: String,
}

impl Blocks {
    fn add(&mut self, key: &str, postings: &Postings) {
        if self.block_keys > 0 && self.block.len() >= BLOCK_BYTES {
            self.end_block();
        }
        if self.block_keys == 0 {
            self.firsts.push(key.to_string());
            self.previous_key.clear();
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

    fn end_block(&mut self) {
        let mut bytes = Vec::with_capacity(self.block.len() + 4);
        push_varint(&mut bytes, self.block_keys);
        bytes.append(&mut self.block);
        let first = self.firsts.last().expect("a block has a first key");
        self.files.push((format!("b/{}", name_of(first)), bytes));
        self.block_keys = 0;
    }
}

/// The directory of the blocks whose first keys are `blocks`, in order: their number and each
/// key, shared as in a block; one file, fetched with `meta.json` before any query, so that a
/// query reads its terms' blocks at once. Named by the FNV-1a hash of its bytes.
pub fn directory_file(blocks: &[String]) -> (PathBuf, Vec<u8>) {
    let mut bytes = Vec::new();
    push_varint(&mut bytes, blocks.len() as u32);
    let mut previous = "";
    for key in blocks {
        push_key(&mut bytes, previous, key);
        previous = key;
    }
    let name = format!("{:016x}", fnv1a_bytes(&bytes));
    (format!("search/d/{name}.bin").into(), bytes)
}
