//! The index's state on disk, for the next `akhbar build` of the site to patch: a binary
//! file beside the build cache, written whole and renamed into place, and trusted only by
//! the build record that names its generation.

use std::io;
use std::path::{Path, PathBuf};

use super::SearchCache;
use super::encode::{Reader, push_gaps, push_key, push_varint, push_varint64};
use super::postings::{DocumentPrint, Table};
use super::tree::{Layout, Postings};
use crate::state_file;

/// The file, relative to the site's root.
pub const SEARCH_FILE: &str = ".akhbar/cache/search.bin";

const MAGIC: &[u8] = b"akhbar search state 1\n";

impl SearchCache {
    /// Writes this state for the site at `root`, replacing the previous one whole; gives the
    /// generation the build record must name for [`SearchCache::load`] to take it.
    pub fn save(&self, root: &Path) -> io::Result<u64> {
        state_file::save(root, SEARCH_FILE, MAGIC, &self.to_bytes())
    }

    /// The state saved for the site at `root` with `generation`; none when there is no such
    /// file, it is of another generation, or it cannot be read whole.
    pub fn load(root: &Path, generation: u64) -> Option<SearchCache> {
        let bytes = state_file::load(root, SEARCH_FILE, MAGIC, generation)?;
        SearchCache::from_bytes(&bytes)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
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
        // The layout's keys are the table's in order, when it was made for this table.
        let layout = self.layout.keys_of(self.table.0.len());
        let entries: Vec<(&str, &Postings)> = match layout {
            Some(keys) => keys
                .iter()
                .filter_map(|key| Some((key.as_str(), self.table.0.get(key)?)))
                .collect(),
            None => self.table.sorted(),
        };
        push_varint(&mut out, entries.len() as u32);
        let mut previous = "";
        for (term, postings) in &entries {
            push_key(&mut out, previous, term);
            push_varint(&mut out, postings.docs.len() as u32);
            push_varint(&mut out, postings.title.len() as u32);
            push_gaps(&mut out, &postings.docs);
            push_gaps(&mut out, &postings.title);
            previous = term;
        }
        let layout = layout.filter(|keys| keys.len() == entries.len());
        match layout.and_then(|_| self.layout.encoded()) {
            Some(segments) => {
                out.push(1);
                out.extend_from_slice(&segments);
            }
            None => out.push(0),
        }
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<SearchCache> {
        let mut reader = Reader::new(bytes);
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
        let mut table = Table::default();
        table.0.reserve(count as usize);
        let mut keys = Vec::with_capacity(count as usize);
        let mut key = Vec::new();
        for _ in 0..count {
            reader.key(&mut key)?;
            let (docs, title) = (reader.varint()?, reader.varint()?);
            let postings = Postings {
                docs: reader.gaps(docs)?,
                title: reader.gaps(title)?,
            };
            let key = String::from_utf8(key.clone()).ok()?;
            table.0.insert(key.clone(), postings);
            keys.push(key);
        }
        cache.table = table;
        if *reader.take(1)?.first()? == 1 {
            cache.layout = Layout::read(&mut reader, keys)?;
        }
        reader.is_done().then_some(cache)
    }
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
        cache
            .table
            .0
            .insert("کارت".into(), postings(vec![0, 5, 900], vec![5]));
        cache
            .table
            .0
            .insert("کارت هوشمند".into(), postings(vec![5], vec![]));
        cache
    }

    fn same(a: &SearchCache, b: &SearchCache) -> bool {
        let table = |cache: &SearchCache| -> Vec<(String, Postings)> {
            let entries = cache.table.sorted().into_iter();
            entries.map(|(k, p)| (k.to_string(), p.clone())).collect()
        };
        a.zone == b.zone && a.documents == b.documents && a.files == b.files && table(a) == table(b)
    }

    #[test]
    fn a_saved_state_loads_back_only_with_its_generation() {
        let root = tempfile::tempdir().unwrap();
        let cache = sample();
        let generation = cache.save(root.path()).unwrap();
        let loaded = SearchCache::load(root.path(), generation).expect("loads");
        assert!(same(&loaded, &cache));
        assert_eq!(loaded.layout, Layout::default(), "none was made");

        let mut laid_out = sample();
        let keys = || laid_out.table.sorted_keys();
        let mut layout = Layout::default();
        super::super::tree::files(&laid_out.table.0, keys, &mut layout, None);
        laid_out.layout = layout;
        let generation = laid_out.save(root.path()).unwrap();
        let loaded = SearchCache::load(root.path(), generation).expect("loads");
        assert!(same(&loaded, &laid_out));
        assert_eq!(loaded.layout, laid_out.layout, "the layout comes back");
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
    }
}
