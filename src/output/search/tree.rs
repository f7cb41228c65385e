//! The index's dictionary as files: every key (word or word pair) in byte order, cut into
//! blocks where a key's hash says so, blocks listed in directories, and directories' first
//! keys in `meta.json`. A cut depends only on the key there, so a new key changes its own
//! block and, rarely, splits one: the rest of the files keep their bytes. Between two such
//! cuts (a *segment*) a block is also cut when it grows past a size; a segment's files depend
//! on its keys alone, so a build encodes again only the segments whose keys changed.
//!
//! A block (`b/NAME.bin`, gzip) holds, for each of its keys in order:
//! the key (bytes shared with the previous key, then the length and bytes of the rest),
//! the number of documents with it, the number with it in the title, a flag (0: the
//! document numbers follow, 1: they are in `p/NAME.bin`), then the documents' and the titles'
//! numbers as gaps. A directory (`d/NAME.bin`, gzip) holds the number of its blocks and each
//! block's first key, shared as in a block. NAME is the FNV-1a hash of the first key (of the
//! key, for `p/`) as 16 hex digits. A postings file holds both counts and both gap lists.
//! Every file is written gzip ([`super::encode::gzip`]).

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::encode::{Reader, fnv1a, name_of, push_gaps, push_key, push_varint};

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

/// A file of the dictionary: its path under the output, and its bytes before gzip when they
/// were made by this build (none when its segment was kept from the previous one).
pub type DictionaryFile = (PathBuf, Option<Vec<u8>>);

/// What one build made of the dictionary, for the next to reuse: every key in order, and
/// each segment's end, blocks' first keys and files, by the segment's first key.
#[derive(Debug, Default, PartialEq)]
pub struct Layout {
    keys: Vec<String>,
    segments: HashMap<String, Segment>,
}

/// A segment by its first key, with the files made for it (none when it was kept).
type Made = (String, Segment, Vec<(PathBuf, Vec<u8>)>);

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// The first key of the next segment.
    end: Option<String>,
    blocks: Vec<String>,
    files: Vec<PathBuf>,
}

/// The keys whose postings changed since the layout was made, and those added and removed.
#[derive(Default)]
pub struct Changed {
    pub touched: BTreeSet<String>,
    pub added: Vec<String>,
    pub removed: HashSet<String>,
}

impl Layout {
    /// Every key in order, when the layout was made for exactly `count` keys.
    pub fn keys_of(&self, count: usize) -> Option<&[String]> {
        (!self.keys.is_empty() && self.keys.len() == count).then_some(&self.keys[..])
    }

    /// The segments (each as its first key's place, its blocks' first keys' places and its
    /// files), for [`Layout::read`] to take back with the same keys; none when a key named is
    /// not among the keys.
    pub fn encoded(&self) -> Option<Vec<u8>> {
        let place = |key: &String| self.keys.binary_search(key).ok().map(|at| at as u32);
        let mut segments = Vec::with_capacity(self.segments.len());
        for (first, segment) in &self.segments {
            let blocks: Option<Vec<u32>> = segment.blocks.iter().map(place).collect();
            segments.push((place(first)?, blocks?, &segment.files));
        }
        segments.sort_unstable_by_key(|(first, _, _)| *first);
        let mut out = Vec::new();
        push_varint(&mut out, segments.len() as u32);
        for (first, blocks, files) in segments {
            push_varint(&mut out, first);
            push_varint(&mut out, blocks.len() as u32);
            for block in blocks {
                push_varint(&mut out, block.checked_sub(first)?);
            }
            push_varint(&mut out, files.len() as u32);
            let mut previous = String::new();
            for file in files {
                let file = file.to_string_lossy();
                push_key(&mut out, &previous, &file);
                previous = file.into_owned();
            }
        }
        Some(out)
    }

    /// The layout [`Layout::encoded`] gave, of `keys` (every key, in order); none when what is
    /// read does not fit them.
    pub fn read(reader: &mut Reader, keys: Vec<String>) -> Option<Layout> {
        let mut firsts = Vec::new();
        let mut segments = Vec::new();
        for _ in 0..reader.varint()? {
            let first = reader.varint()? as usize;
            let mut blocks = Vec::new();
            for _ in 0..reader.varint()? {
                blocks.push(keys.get(first + reader.varint()? as usize)?.clone());
            }
            let mut files = Vec::new();
            let mut file = Vec::new();
            for _ in 0..reader.varint()? {
                reader.key(&mut file)?;
                files.push(PathBuf::from(String::from_utf8(file.clone()).ok()?));
            }
            firsts.push(keys.get(first)?.clone());
            segments.push((blocks, files));
        }
        let ends = firsts.iter().skip(1).map(|key| Some(key.clone()));
        let segments = firsts
            .iter()
            .zip(segments)
            .zip(ends.chain([None]))
            .map(|((first, (blocks, files)), end)| (first.clone(), Segment { end, blocks, files }))
            .collect();
        Some(Layout { keys, segments })
    }

    /// The keys in order after `changed`, made from the previous layout's when there is one.
    fn keys(&self, changed: &Changed) -> Vec<String> {
        let mut added = changed.added.clone();
        added.sort_unstable();
        added.dedup();
        let kept = self
            .keys
            .iter()
            .filter(|key| !changed.removed.contains(*key));
        merge(kept.cloned(), added)
    }
}

/// Two sorted runs of keys as one.
fn merge(a: impl Iterator<Item = String>, b: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut b = b.into_iter().peekable();
    for key in a {
        while b.peek().is_some_and(|next| *next < key) {
            out.extend(b.next());
        }
        if b.peek() == Some(&key) {
            b.next();
        }
        out.push(key);
    }
    out.extend(b);
    out
}

/// The dictionary's files for `postings` (every key's; `all_keys` gives them in order), and the first key
/// of each directory, for `meta.json`. With `previous`, the layout of the previous build and
/// what `changed` since, the segments without a changed key are kept as they were (their
/// files come without bytes); `previous` is left as this build's layout.
pub fn files(
    postings: &HashMap<String, Postings>,
    all_keys: impl FnOnce() -> Vec<String>,
    previous: &mut Layout,
    changed: Option<&Changed>,
) -> (Vec<DictionaryFile>, Vec<String>) {
    let keys = match changed {
        Some(changed) if !previous.keys.is_empty() => previous.keys(changed),
        _ => all_keys(),
    };
    let starts: Vec<usize> = (0..keys.len())
        .filter(|&i| i == 0 || fnv1a(&keys[i]).is_multiple_of(BLOCK_KEYS))
        .collect();
    let made: Vec<Made> = starts
        .par_iter()
        .enumerate()
        .map(|(n, &start)| {
            let stop = starts.get(n + 1).copied().unwrap_or(keys.len());
            let end = keys.get(stop).cloned();
            let first = &keys[start];
            let reused = changed.and_then(|changed| {
                let kept = previous.segments.get(first)?;
                let clean = kept.end == end
                    && changed
                        .touched
                        .range(first.clone()..)
                        .next()
                        .is_none_or(|key| end.as_ref().is_some_and(|end| key >= end));
                clean.then(|| kept.clone())
            });
            match reused {
                Some(segment) => (first.clone(), segment, Vec::new()),
                None => {
                    let (blocks, files) = segment(&keys[start..stop], postings);
                    let paths = files.iter().map(|(path, _)| path.clone()).collect();
                    let segment = Segment {
                        end,
                        blocks,
                        files: paths,
                    };
                    (first.clone(), segment, files)
                }
            }
        })
        .collect();
    let mut out: Vec<DictionaryFile> = Vec::new();
    let mut block_keys = Vec::new();
    let mut segments = HashMap::default();
    for (first, segment, files) in made {
        block_keys.extend(segment.blocks.iter().cloned());
        if files.is_empty() {
            out.extend(segment.files.iter().map(|path| (path.clone(), None)));
        } else {
            out.extend(files.into_iter().map(|(path, bytes)| (path, Some(bytes))));
        }
        segments.insert(first, segment);
    }
    let (directory_files, directories) = directory_files(&block_keys);
    out.extend(
        directory_files
            .into_iter()
            .map(|(path, bytes)| (path, Some(bytes))),
    );
    *previous = Layout { keys, segments };
    (out, directories)
}

/// The blocks of one segment's `keys`: their first keys, and the blocks' and postings' files.
fn segment(
    keys: &[String],
    postings: &HashMap<String, Postings>,
) -> (Vec<String>, Vec<(PathBuf, Vec<u8>)>) {
    let mut out = Blocks::default();
    let empty = Postings::default();
    for key in keys {
        out.add(key, postings.get(key).unwrap_or(&empty));
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

/// The directories of the blocks whose first keys are `blocks`, in order: a directory is cut
/// at a block whose first key's hash is a multiple of `BLOCK_KEYS * DIRECTORY_BLOCKS`, or
/// after `DIRECTORY_MOST` blocks; gives their files and first keys.
fn directory_files(blocks: &[String]) -> (Vec<(PathBuf, Vec<u8>)>, Vec<String>) {
    let mut files = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut start = 0;
    for at in 0..=blocks.len() {
        let cut = at == blocks.len()
            || (at > start
                && (fnv1a(&blocks[at]).is_multiple_of(BLOCK_KEYS * DIRECTORY_BLOCKS)
                    || at - start >= DIRECTORY_MOST));
        if !cut || at == start {
            continue;
        }
        let mut bytes = Vec::new();
        push_varint(&mut bytes, (at - start) as u32);
        let mut previous = "";
        for key in &blocks[start..at] {
            push_key(&mut bytes, previous, key);
            previous = key;
        }
        let first = &blocks[start];
        files.push((format!("search/d/{}.bin", name_of(first)).into(), bytes));
        firsts.push(first.clone());
        start = at;
    }
    (files, firsts)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    type Table = HashMap<String, Postings>;

    fn table(entries: &BTreeMap<String, Vec<u32>>) -> Table {
        let postings = |docs: &Vec<u32>| Postings {
            docs: docs.clone(),
            title: Vec::new(),
        };
        entries
            .iter()
            .map(|(key, docs)| (key.clone(), postings(docs)))
            .collect()
    }

    fn sorted(table: &Table) -> Vec<String> {
        let mut keys: Vec<String> = table.keys().cloned().collect();
        keys.sort();
        keys
    }

    /// Every file with its bytes: those a reused segment left without bytes are taken from
    /// `before`.
    fn whole(files: Vec<DictionaryFile>, before: &[(PathBuf, Vec<u8>)]) -> Vec<(PathBuf, Vec<u8>)> {
        let mut whole: Vec<(PathBuf, Vec<u8>)> = files
            .into_iter()
            .map(|(path, bytes)| {
                let bytes = bytes.unwrap_or_else(|| {
                    let kept = before
                        .iter()
                        .find(|(p, _)| *p == path)
                        .expect("kept from before");
                    kept.1.clone()
                });
                (path, bytes)
            })
            .collect();
        whole.sort();
        whole
    }

    fn entries() -> impl Strategy<Value = BTreeMap<String, Vec<u32>>> {
        let key = "[a-e]{1,4}( [a-c]{1,2})?";
        let docs =
            prop::collection::btree_set(0u32..50, 1..6).prop_map(|s| s.into_iter().collect());
        prop::collection::btree_map(key, docs, 1..700)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn a_layout_reused_gives_the_files_made_anew(
            old in entries(),
            new_keys in entries(),
            dropped in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
            edited in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
        ) {
            let before = table(&old);
            let mut made = Layout::default();
            let (first, _) = files(&before, || sorted(&before), &mut made, None);
            let first = whole(first, &[]);
            // As the next build of the command line has it: saved, and read back.
            let encoded = made.encoded().expect("every key it names is among its keys");
            let mut layout = Layout::read(&mut Reader::new(&encoded), made.keys.clone()).unwrap();
            prop_assert_eq!(&layout, &made);
            let mut after = before.clone();
            let mut changed = Changed::default();
            let keys = sorted(&before);
            for at in dropped {
                let key = at.get(&keys).clone();
                if after.remove(&key).is_some() {
                    changed.removed.insert(key.clone());
                    changed.touched.insert(key);
                }
            }
            for at in edited {
                let key = at.get(&keys);
                if let Some(postings) = after.get_mut(key).filter(|p| p.docs.last() != Some(&1000)) {
                    postings.docs.push(1000);
                    changed.touched.insert(key.clone());
                }
            }
            for (key, docs) in new_keys.into_iter().take(3) {
                if !after.contains_key(&key) {
                    changed.added.push(key.clone());
                    changed.removed.remove(&key);
                }
                changed.touched.insert(key.clone());
                after.insert(key, Postings { docs, title: Vec::new() });
            }
            let (patched, patched_directories) = files(&after, || sorted(&after), &mut layout, Some(&changed));
            let (anew, anew_directories) = files(&after, || sorted(&after), &mut Layout::default(), None);
            prop_assert_eq!(patched_directories, anew_directories);
            prop_assert_eq!(whole(patched, &first), whole(anew, &[]));
        }
    }
}
