//! The index's state on disk, for the next `akhbar build` of the site to patch: a binary
//! file beside the build cache, written whole and renamed into place, and trusted only by
//! the build record that names its generation.

use std::io;
use std::path::{Path, PathBuf};

use super::SearchCache;
use super::encode::{Reader, push_key, push_varint, push_varint64};
use super::postings::DocumentPrint;
use super::table::{Made, Segment, Table};
use crate::state_file;

/// The file, relative to the site's root.
pub const SEARCH_FILE: &str = ".akhbar/cache/search.bin";

const MAGIC: &[u8] = b"akhbar search state 2\n";

impl SearchCache {
    /// Writes this state for the site at `root`, replacing the previous one whole; gives the
    /// generation the build record must name for [`SearchCache::load`] to take it.
    pub fn save(&self, root: &Path) -> io::Result<u64> {
        state_file::save(root, SEARCH_FILE, MAGIC, &self.to_bytes())
    }

    /// [`SearchCache::save`] as `generation`, drawn before ([`state_file::new_generation`]),
    /// up to the rename into place ([`state_file::stage_as`]).
    pub fn stage_as(&self, root: &Path, generation: u64) -> io::Result<state_file::Staged> {
        state_file::stage_as(root, SEARCH_FILE, MAGIC, generation, &self.to_bytes())
    }

    /// The state saved for the site at `root` with `generation`; none when there is no such
    /// file, it is of another generation, or it cannot be read whole.
    pub fn load(root: &Path, generation: u64) -> Option<SearchCache> {
        let bytes = state_file::load(root, SEARCH_FILE, MAGIC, generation)?;
        SearchCache::from_bytes(&bytes)
    }

    /// The state's bytes: a hash of the rest (a segment's terms are read only when a build
    /// changes one, so a changed byte must be caught at once), the time zone, each document's
    /// print, each dictionary file's hash, then each segment: its first term, its files when
    /// they were made from its terms, and its terms as [`Table`] encodes them.
    fn to_bytes(&self) -> Vec<u8> {
        // Sized at once: the terms are tens of megabytes at 100,000 items.
        let terms: usize = (self.table.segments().iter())
            .map(|segment| segment.terms.len() + segment.first.len() + 16)
            .sum();
        let mut out = Vec::with_capacity(8 + terms + 18 * self.documents.len());
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
        let segments = self.table.segments();
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
        let hash = state_file::checksum(&out[8..]);
        out[..8].copy_from_slice(&hash.to_le_bytes());
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<SearchCache> {
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
        cache.table = Table::from_segments(segments)?;
        reader.is_done().then_some(cache)
    }
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

    #[test]
    fn a_saved_state_loads_back_only_with_its_generation() {
        let root = tempfile::tempdir().unwrap();
        let cache = sample();
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
    fn a_cut_or_changed_file_is_not_taken() {
        let bytes = sample().to_bytes();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                SearchCache::from_bytes(&bytes[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SearchCache::from_bytes(&longer).is_none());
        // One byte changed inside a segment's terms, which a load does not read.
        let mut changed = bytes.clone();
        let at = bytes.len() - 20;
        changed[at] ^= 0x40;
        assert!(SearchCache::from_bytes(&changed).is_none());
    }
}
