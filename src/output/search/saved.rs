//! The index's state on disk, for the next `akhbar build` of the site to patch: a list beside
//! the build cache, written whole and renamed into place and trusted only by the build record
//! that names its generation, and the segments' terms in [`SHARDS`] files by a hash of each
//! segment's first term. A shard's file is named by the hash of its bytes, which the list
//! names, so a shard whose segments a build did not change is not written again: an edit writes
//! a few of them, not the tens of megabytes of every term. The files of the list before stay
//! until the next build, so the record before stays whole should this build fail.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::SearchCache;
use super::encode::{Reader, push_key, push_varint, push_varint64};
use super::postings::DocumentPrint;
use super::table::{Made, Segment, Table};
use crate::state_file;

/// The list, relative to the site's root.
pub const SEARCH_FILE: &str = ".akhbar/cache/search.bin";

/// The folder of the shards, relative to the site's root.
const SHARDS_FOLDER: &str = ".akhbar/cache/search";

/// How many files the segments are kept in: at 100,000 items each holds about 450 KB, and an
/// edit changes the segments of a few of them.
pub(super) const SHARDS: usize = 128;

const MAGIC: &[u8] = b"akhbar search state 3\n";

impl SearchCache {
    /// Writes this state for the site at `root`, replacing the previous one whole; gives the
    /// generation the build record must name for [`SearchCache::load`] to take it.
    pub fn save(&mut self, root: &Path) -> io::Result<u64> {
        let generation = state_file::new_generation()?;
        self.stage_as(root, generation)?.install()?;
        Ok(generation)
    }

    /// [`SearchCache::save`] as `generation`, drawn before ([`state_file::new_generation`]),
    /// up to the rename of the list into place ([`state_file::stage_as`]): the shards whose
    /// bytes are new are written first, under names of their own; the shards named neither by
    /// this list nor by the one it replaces are removed.
    pub fn stage_as(&mut self, root: &Path, generation: u64) -> io::Result<state_file::Staged> {
        let folder = root.join(SHARDS_FOLDER);
        std::fs::create_dir_all(&folder)?;
        let before = std::mem::take(&mut self.shards);
        let shards = self.write_shards(&folder, &before)?;
        let list = state_file::stage_as(root, SEARCH_FILE, MAGIC, generation, &self.list(&shards))?;
        remove_others(&folder, &before, &shards);
        self.shards = shards;
        Ok(list)
    }

    /// The state saved for the site at `root` with `generation`; none when there is no such
    /// list, it is of another generation, or it or a shard it names cannot be read whole.
    pub fn load(root: &Path, generation: u64) -> Option<SearchCache> {
        let bytes = state_file::load(root, SEARCH_FILE, MAGIC, generation)?;
        let (mut cache, shards) = SearchCache::from_list(&bytes)?;
        let folder = root.join(SHARDS_FOLDER);
        let read: Option<Vec<Vec<Segment>>> = (shards.par_iter().enumerate())
            .map(|(shard, &hash)| {
                let bytes = std::fs::read(folder.join(shard_file(shard, hash))).ok()?;
                (state_file::checksum(&bytes) == hash).then_some(())?;
                segments_of(&bytes)
            })
            .collect();
        let mut segments: Vec<Segment> = read?.into_iter().flatten().collect();
        segments.par_sort_unstable_by(|a, b| a.first.cmp(&b.first));
        cache.table = Table::from_segments(segments)?;
        cache.shards = shards;
        Some(cache)
    }

    /// Encodes every shard and writes those whose bytes are not among `before`'s (the
    /// hashes of the shards on disk, by shard); gives each shard's hash.
    fn write_shards(&self, folder: &Path, before: &[u64]) -> io::Result<Vec<u64>> {
        let mut groups: Vec<Vec<&Segment>> = vec![Vec::new(); SHARDS];
        for segment in self.table.segments() {
            groups[shard_of(&segment.first)].push(segment);
        }
        (groups.par_iter().enumerate())
            .map(|(shard, segments)| {
                let bytes = shard_bytes(segments);
                let hash = state_file::checksum(&bytes);
                if before.get(shard) != Some(&hash) {
                    state_file::replace(&folder.join(shard_file(shard, hash)), &[&bytes])?;
                }
                Ok(hash)
            })
            .collect()
    }

    /// The list's bytes: a hash of the rest, the time zone, each document's print, each
    /// dictionary file's hash, then the hash of each shard's bytes.
    fn list(&self, shards: &[u64]) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 18 * self.documents.len() + 8 * shards.len());
        out.resize(8, 0);
        push_bytes(&mut out, self.zone.as_bytes());
        push_varint(&mut out, self.documents.len() as u32);
        for document in &self.documents {
            push_varint64(&mut out, document.id);
            out.push(u8::from(document.published));
            out.extend_from_slice(&document.fingerprint.to_le_bytes());
        }
        let mut files: Vec<(&PathBuf, &u64)> = self.files.iter().collect();
        files.sort_unstable();
        push_varint(&mut out, files.len() as u32);
        for (path, hash) in files {
            push_bytes(&mut out, path.to_string_lossy().as_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
        push_varint(&mut out, shards.len() as u32);
        for hash in shards {
            out.extend_from_slice(&hash.to_le_bytes());
        }
        let hash = state_file::checksum(&out[8..]);
        out[..8].copy_from_slice(&hash.to_le_bytes());
        out
    }

    /// The state a list's bytes give, without its table, and the hashes of the shards it names.
    fn from_list(bytes: &[u8]) -> Option<(SearchCache, Vec<u64>)> {
        let (hash, rest) = bytes.split_at_checked(8)?;
        if hash != state_file::checksum(rest).to_le_bytes() {
            return None;
        }
        let mut reader = Reader::new(rest);
        let mut cache = SearchCache {
            zone: String::from_utf8(take_bytes(&mut reader)?.to_vec()).ok()?,
            ..SearchCache::default()
        };
        for _ in 0..reader.varint()? {
            cache.documents.push(DocumentPrint {
                id: reader.varint64()?,
                published: *reader.take(1)?.first()? == 1,
                fingerprint: u64_le(&mut reader)?,
            });
        }
        for _ in 0..reader.varint()? {
            let path = String::from_utf8(take_bytes(&mut reader)?.to_vec()).ok()?;
            cache.files.insert(path.into(), u64_le(&mut reader)?);
        }
        let count = reader.varint()? as usize;
        if count != SHARDS {
            return None;
        }
        let shards = (0..count)
            .map(|_| u64_le(&mut reader))
            .collect::<Option<_>>()?;
        reader.is_done().then_some((cache, shards))
    }
}

/// The shard a segment starting at the term `first` is kept in.
fn shard_of(first: &str) -> usize {
    state_file::shard_of(first.as_bytes(), SHARDS)
}

/// A shard's file name in [`SHARDS_FOLDER`], with the hash of its bytes.
fn shard_file(shard: usize, hash: u64) -> String {
    format!("{shard:03}-{hash:016x}.bin")
}

/// Removes the files of [`SHARDS_FOLDER`] that neither `before` nor `now` name: those of
/// older lists, and of builds that stopped before their list was put in place.
fn remove_others(folder: &Path, before: &[u64], now: &[u64]) {
    let named = |hashes: &[u64]| -> Vec<String> {
        let files = hashes.iter().enumerate();
        files
            .map(|(shard, &hash)| shard_file(shard, hash))
            .collect()
    };
    let keep: HashSet<String> = named(before).into_iter().chain(named(now)).collect();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if !keep.contains(entry.file_name().to_string_lossy().as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A shard's bytes: its segments in order, each its first term, its files when they were made
/// from its terms, and its terms as [`Table`] encodes them.
fn shard_bytes(segments: &[&Segment]) -> Vec<u8> {
    let size: usize = (segments.iter())
        .map(|segment| segment.terms.len() + segment.first.len() + 16)
        .sum();
    let mut out = Vec::with_capacity(size + 8);
    push_varint(&mut out, segments.len() as u32);
    let mut previous = "";
    for segment in segments {
        push_key(&mut out, previous, &segment.first);
        previous = &segment.first;
        match &segment.made {
            Some(made) => {
                out.push(1);
                push_keys(&mut out, made.blocks.iter().map(String::as_str));
                push_keys(
                    &mut out,
                    made.files.iter().map(|p| p.to_str().unwrap_or("")),
                );
            }
            None => out.push(0),
        }
        push_bytes(&mut out, &segment.terms);
    }
    out
}

/// The segments [`shard_bytes`] wrote.
fn segments_of(bytes: &[u8]) -> Option<Vec<Segment>> {
    let mut reader = Reader::new(bytes);
    let count = reader.varint()?;
    let mut segments = Vec::with_capacity(count as usize);
    let mut first = Vec::new();
    for _ in 0..count {
        reader.key(&mut first)?;
        let made = match *reader.take(1)?.first()? {
            1 => Some(Made {
                blocks: take_keys(&mut reader)?,
                files: take_keys(&mut reader)?
                    .into_iter()
                    .map(PathBuf::from)
                    .collect(),
            }),
            _ => None,
        };
        segments.push(Segment {
            first: String::from_utf8(first.clone()).ok()?,
            terms: take_bytes(&mut reader)?.to_vec(),
            made,
        });
    }
    reader.is_done().then_some(segments)
}

/// Appends the number of `keys`, then each after the one before it ([`push_key`]).
fn push_keys<'k>(out: &mut Vec<u8>, keys: impl ExactSizeIterator<Item = &'k str>) {
    push_varint(out, keys.len() as u32);
    let mut previous = "";
    for key in keys {
        push_key(out, previous, key);
        previous = key;
    }
}

/// The keys [`push_keys`] wrote.
fn take_keys(reader: &mut Reader) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    let mut key = Vec::new();
    for _ in 0..reader.varint()? {
        reader.key(&mut key)?;
        keys.push(String::from_utf8(key.clone()).ok()?);
    }
    Some(keys)
}

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    push_varint(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

fn take_bytes<'a>(reader: &mut Reader<'a>) -> Option<&'a [u8]> {
    let length = reader.varint()? as usize;
    reader.take(length)
}

fn u64_le(reader: &mut Reader) -> Option<u64> {
    Some(u64::from_le_bytes(reader.take(8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::search::tree::Postings;

    fn sample() -> SearchCache {
        let mut cache = SearchCache {
            zone: "Asia/Tehran".into(),
            ..SearchCache::default()
        };
        cache.documents = vec![
            DocumentPrint {
                id: 242513,
                published: true,
                fingerprint: u64::MAX,
            },
            DocumentPrint {
                id: 7,
                published: false,
                fingerprint: 0,
            },
        ];
        cache.files.insert("search/b/0123.bin".into(), 42);
        let postings = |docs: Vec<u32>, title: Vec<u32>| Postings { docs, title };
        // Enough terms for several segments.
        let mut entries = vec![
            ("کارت".to_string(), postings(vec![0, 5, 900], vec![5])),
            ("کارت هوشمند".to_string(), postings(vec![5], vec![])),
        ];
        entries.extend((0..1000).map(|n| (format!("w{n:04}"), postings(vec![n], vec![]))));
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        cache.table = Table::from_sorted(&entries);
        cache
    }

    fn same(a: &SearchCache, b: &SearchCache) -> bool {
        a.zone == b.zone && a.documents == b.documents && a.files == b.files && a.table == b.table
    }

    /// The names of the shards' files on disk, sorted.
    fn shard_files(root: &Path) -> Vec<String> {
        let entries = std::fs::read_dir(root.join(SHARDS_FOLDER)).unwrap();
        let mut names: Vec<String> = (entries.map(|entry| entry.unwrap().file_name()))
            .map(|name| name.to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_saved_state_loads_back_only_with_its_generation() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = sample();
        assert!(cache.table.segments().len() > 2);
        let generation = cache.save(root.path()).unwrap();
        let loaded = SearchCache::load(root.path(), generation).expect("loads");
        assert!(same(&loaded, &cache));

        // With the files each segment made, and one segment changed since.
        let mut made = sample();
        made.table.files();
        made.table.patch(&[3], &[]);
        let kept = made.table.segments().iter().filter(|s| s.made.is_some());
        assert!(kept.count() > 1);
        let generation = made.save(root.path()).unwrap();
        let loaded = SearchCache::load(root.path(), generation).expect("loads");
        assert!(
            same(&loaded, &made),
            "the files made come back with their segments"
        );
        assert!(SearchCache::load(root.path(), generation ^ 1).is_none());
    }

    #[test]
    fn a_patch_writes_only_the_shards_of_its_segments_and_older_files_go_a_save_later() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = sample();
        let first = cache.save(root.path()).unwrap();
        let before = shard_files(root.path());
        assert_eq!(before.len(), SHARDS, "every shard the first time");

        let mut loaded = SearchCache::load(root.path(), first).unwrap();
        loaded.table.patch(&[3], &[]);
        let second = state_file::new_generation().unwrap();
        let list = loaded.stage_as(root.path(), second).unwrap();
        let after = shard_files(root.path());
        let new: Vec<&String> = after.iter().filter(|name| !before.contains(name)).collect();
        assert_eq!(new.len(), 1, "one segment held document 3: {new:?}");
        assert_eq!(
            after.len(),
            SHARDS + 1,
            "the replaced shard stays a save longer"
        );
        // Until its list is put in place, the state before is whole, for a build that fails.
        let older = SearchCache::load(root.path(), first).expect("before");
        assert!(same(&older, &cache));
        list.install().unwrap();
        let patched = SearchCache::load(root.path(), second).expect("after");
        assert!(same(&patched, &loaded));
        assert!(
            patched
                .table
                .entries()
                .iter()
                .all(|(term, postings)| { !postings.docs.contains(&3) || !term.starts_with('w') })
        );

        // Nothing changed: nothing written; the file replaced before is removed.
        let third = loaded.save(root.path()).unwrap();
        assert_eq!(shard_files(root.path()).len(), SHARDS);
        assert!(SearchCache::load(root.path(), third).is_some());
        let now = shard_files(root.path());
        assert!(new.iter().all(|name| now.contains(name)));
        assert!(
            before.iter().any(|name| !now.contains(name)),
            "the replaced one is gone"
        );
        // A file left by a build that stopped is removed too.
        std::fs::write(root.path().join(SHARDS_FOLDER).join("000-0.bin"), "x").unwrap();
        loaded.save(root.path()).unwrap();
        assert_eq!(shard_files(root.path()).len(), SHARDS);
    }

    #[test]
    fn a_cut_or_changed_file_is_not_taken() {
        let root = tempfile::tempdir().unwrap();
        let list = sample().list(&[7; SHARDS]);
        for cut in [0, 1, list.len() / 2, list.len() - 1] {
            assert!(
                SearchCache::from_list(&list[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = list.clone();
        longer.push(0);
        assert!(SearchCache::from_list(&longer).is_none());
        assert!(SearchCache::from_list(&sample().list(&[7; 3])).is_none());

        // One byte changed inside a shard.
        let generation = sample().save(root.path()).unwrap();
        let folder = root.path().join(SHARDS_FOLDER);
        let biggest = (shard_files(root.path()).into_iter())
            .max_by_key(|name| std::fs::metadata(folder.join(name)).unwrap().len())
            .unwrap();
        let mut bytes = std::fs::read(folder.join(&biggest)).unwrap();
        let at = bytes.len() - 20;
        bytes[at] ^= 0x40;
        std::fs::write(folder.join(&biggest), &bytes).unwrap();
        assert!(SearchCache::load(root.path(), generation).is_none());
        // A shard missing.
        let generation = sample().save(root.path()).unwrap();
        let some = shard_files(root.path()).pop().unwrap();
        std::fs::remove_file(folder.join(some)).unwrap();
        assert!(SearchCache::load(root.path(), generation).is_none());
    }
}
