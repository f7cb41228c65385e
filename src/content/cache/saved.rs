//! The parsed items on disk, from one `akhbar build` to the next: every item but its body, with
//! the hash of its file's text and the file's stamp. A build that finds a file as stamped takes
//! its item from here unread; the body is rendered from the file only if a page, a feed or the
//! search index asks for it ([`crate::content::body`]). At 100,000 items this is what spares a
//! build that publishes one item from parsing every other.
//!
//! The items are kept in [`SHARDS`] files by a hash of their paths, under
//! `.akhbar/cache/content/`, each written again only when one of its items was: publishing one
//! item writes one shard, not every item. `content.bin` names each shard's hash, beside the
//! settings and the list of files; it is written last, so a build that stops between the two
//! leaves shards that the saved list does not name, which are then parsed again.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Cached, ContentCache, FileKey, bytes_of};
use crate::state_file;

/// The file, relative to the site's root.
pub const CONTENT_FILE: &str = ".akhbar/cache/content.bin";

/// The folder of the shards, relative to the site's root.
const SHARDS_FOLDER: &str = ".akhbar/cache/content";

/// How many files the items are kept in.
const SHARDS: usize = 64;

const KIND: &[u8] = b"akhbar parsed content 6\n";

/// The shard the item of the file at `path` is kept in.
pub(super) fn shard_of(path: &Path) -> usize {
    state_file::shard_of(bytes_of(path), SHARDS)
}

/// The list as it is written.
#[derive(Serialize)]
struct Saving<'a> {
    settings: u64,
    base_url: &'a str,
    files: &'a [(PathBuf, bool)],
    shards: Vec<u64>,
}

/// The list as it is read back.
#[derive(Deserialize)]
struct Saved {
    settings: u64,
    base_url: Arc<str>,
    files: Vec<(PathBuf, bool)>,
    shards: Vec<u64>,
}

impl ContentCache {
    /// Writes the cache for the site at `root` ([`ContentCache::save_as`]); gives the
    /// generation the build record names.
    pub fn save(&mut self, root: &Path) -> io::Result<u64> {
        let generation = self.next_generation()?;
        self.save_as(root, generation)?;
        Ok(generation)
    }

    /// The generation the cache is saved with: the one already there while nothing was parsed
    /// since it was loaded or saved, else a new one.
    pub fn next_generation(&self) -> io::Result<u64> {
        self.generation.map_or_else(state_file::new_generation, Ok)
    }

    /// Writes the cache for the site at `root` as `generation` ([`ContentCache::next_generation`]),
    /// unless it is the one already there: the shards with an item read since, then the list.
    pub fn save_as(&mut self, root: &Path, generation: u64) -> io::Result<()> {
        match self.stage_as(root, generation)? {
            Some(list) => list.install(),
            None => Ok(()),
        }
    }

    /// [`ContentCache::save_as`] up to the rename of the list into place
    /// ([`state_file::stage_as`]); none when `generation` is the one already there. The
    /// shards are in place already: a list of before names their hashes, not theirs. The
    /// cache counts as of `generation` from then on, installed or not: a record that names a
    /// list which was not installed makes the next build parse every item again.
    pub fn stage_as(
        &mut self,
        root: &Path,
        generation: u64,
    ) -> io::Result<Option<state_file::Staged>> {
        if self.generation == Some(generation) {
            return Ok(None);
        }
        if self.shards.len() != SHARDS {
            self.shards = vec![None; SHARDS];
        }
        let mut groups: Vec<Vec<(&PathBuf, &Cached)>> = vec![Vec::new(); SHARDS];
        for (FileKey(path), cached) in &self.items {
            let shard = shard_of(path);
            if self.shards[shard].is_none() {
                groups[shard].push((path, cached));
            }
        }
        let folder = root.join(SHARDS_FOLDER);
        let written: Vec<(usize, u64)> = groups
            .into_par_iter()
            .enumerate()
            .filter(|(shard, _)| self.shards[*shard].is_none())
            .map(|(shard, mut items)| {
                items.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let bytes = postcard::to_stdvec(&items).map_err(io::Error::other)?;
                state_file::replace(&folder.join(shard_file(shard)), &[&bytes])?;
                Ok((shard, state_file::checksum(&bytes)))
            })
            .collect::<io::Result<_>>()?;
        for (shard, hash) in written {
            self.shards[shard] = Some(hash);
        }
        let saving = Saving {
            settings: self.settings,
            base_url: &self.base_url,
            files: &self.files,
            shards: self.shards.iter().map(|hash| hash.unwrap_or(0)).collect(),
        };
        let bytes = postcard::to_stdvec(&saving).map_err(io::Error::other)?;
        let list = state_file::stage_as(root, CONTENT_FILE, KIND, generation, &bytes)?;
        self.generation = Some(generation);
        Ok(Some(list))
    }

    /// The cache saved for the site at `root` with `generation`, its items' bodies to be
    /// rendered from their files when asked for; none when there is no such list or it cannot
    /// be read whole. A shard that is not as the list names it is left out: its items are
    /// parsed again.
    pub fn load(root: &Path, generation: u64) -> Option<ContentCache> {
        let bytes = state_file::load(root, CONTENT_FILE, KIND, generation)?;
        let saved: Saved = postcard::from_bytes(&bytes).ok()?;
        if saved.shards.len() != SHARDS {
            return None;
        }
        let folder = root.join(SHARDS_FOLDER);
        let base_url = &saved.base_url;
        let shards: Vec<Option<Vec<(PathBuf, Cached)>>> = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                let bytes = std::fs::read(folder.join(shard_file(shard))).ok()?;
                if state_file::checksum(&bytes) != saved.shards[shard] {
                    return None;
                }
                let mut items: Vec<(PathBuf, Cached)> = postcard::from_bytes(&bytes).ok()?;
                for (path, cached) in &mut items {
                    cached.defer_body(path, base_url)?;
                }
                Some(items)
            })
            .collect();
        // Sized at once: 100,000 items put in a map that grows by doubling are moved ten times.
        let count = shards.iter().flatten().map(Vec::len).sum();
        let mut items = rustc_hash::FxHashMap::with_capacity_and_hasher(count, Default::default());
        let mut hashes = Vec::with_capacity(SHARDS);
        for (shard, loaded) in shards.into_iter().enumerate() {
            hashes.push(loaded.as_ref().map(|_| saved.shards[shard]));
            let loaded = loaded.into_iter().flatten();
            items.extend(loaded.map(|(path, cached)| (FileKey(path), cached)));
        }
        let whole = hashes.iter().all(Option::is_some);
        Some(ContentCache {
            settings: saved.settings,
            base_url: saved.base_url,
            items,
            files: saved.files,
            generation: whole.then_some(generation),
            shards: hashes,
            ..ContentCache::default()
        })
    }
}

/// A shard's file name in [`SHARDS_FOLDER`].
fn shard_file(shard: usize) -> String {
    format!("{shard:02}.bin")
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::config::Config;
    use crate::content::Content;

    /// A site of two news items saved a minute ago, and its settings.
    fn site() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let settings = "title = \"آزمایش\"\nbase_url = \"https://news.example.org\"\n";
        std::fs::write(root.join("site.toml"), settings).unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        let item = |id: u64, summary: &str| {
            format!(
                "---\nid: {id}\ntitle: خبر {id}\ndate: 1399/07/05 10:30\ntags: [کارت]\n{summary}---\n\nبند **نخست**.\n\n[پیوند](https://example.org/)\n"
            )
        };
        let files = [(1, item(1, "")), (2, item(2, "summary: خلاصه\n"))];
        let past = SystemTime::now() - Duration::from_secs(60);
        for (id, text) in files {
            let path = root.join(format!("content/news/{id}.md"));
            std::fs::write(&path, text).unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(past).unwrap();
        }
        let config = Config::load(root).unwrap();
        (dir, config)
    }

    #[test]
    fn saved_items_are_taken_unread_and_their_bodies_rendered_when_asked_for() {
        let (dir, config) = site();
        let mut cache = ContentCache::default();
        let parsed = Content::load_with(&config, Some(&mut cache), None).unwrap();
        let generation = cache.save(dir.path()).unwrap();
        assert_eq!(cache.save(dir.path()).unwrap(), generation, "nothing new");

        let mut loaded = ContentCache::load(dir.path(), generation).expect("saved");
        assert!(ContentCache::load(dir.path(), generation ^ 1).is_none());
        let again = Content::load_with(&config, Some(&mut loaded), None).unwrap();
        assert_eq!(loaded.save(dir.path()).unwrap(), generation, "no file read");
        assert_eq!(again.news.len(), 2);
        for (before, after) in parsed.news.iter().zip(&again.news) {
            assert_eq!(
                (before.id, &before.title, &before.date, &before.tags),
                (after.id, &after.title, &after.date, &after.tags)
            );
            assert_eq!(before.source_hash, after.source_hash);
            assert_eq!(before.body.html(), after.body.html());
            assert_eq!(before.summary(), after.summary());
            assert!(after.body.problem().is_none());
        }
        assert_eq!(again.news[0].summary(), "بند نخست.");
        assert_eq!(again.news[1].summary(), "خلاصه");
        assert!(again.news[0].body.html().contains("rel=\"noopener\""));

        std::fs::write(dir.path().join("content/news/2.md"), "---\nid: 2\n").unwrap();
        let mut loaded = ContentCache::load(dir.path(), generation).unwrap();
        let edited = Content::load_with(&config, Some(&mut loaded), None);
        assert!(edited.is_err(), "the edited file is read again, not taken");
        assert_ne!(loaded.save(dir.path()).unwrap(), generation);
    }

    #[test]
    fn a_preview_lets_go_of_bodies_and_renders_them_again_when_asked_for() {
        let (_dir, config) = site();
        let mut cache = ContentCache::default();
        let first = Content::load_with(&config, Some(&mut cache), None).unwrap();
        let html: Vec<String> = first.news.iter().map(|i| i.body.html().into()).collect();
        drop(first);
        cache.release_bodies();
        let again = Content::load_with(&config, Some(&mut cache), None).unwrap();
        assert!(again.news.iter().all(|item| !item.body.is_rendered()));
        let rendered: Vec<&str> = again.news.iter().map(|i| i.body.html()).collect();
        assert_eq!(rendered, html);
        assert!(again.news.iter().all(|item| item.body.is_rendered()));
    }

    /// Every shard file's bytes, by name.
    fn shard_files(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.join(SHARDS_FOLDER))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&path).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn an_edit_writes_its_shard_again_and_a_spoilt_shard_is_parsed_again() {
        let (dir, config) = site();
        let root = dir.path();
        let mut cache = ContentCache::default();
        Content::load_with(&config, Some(&mut cache), None).unwrap();
        let generation = cache.save(root).unwrap();
        let before = shard_files(root);
        assert_eq!(before.len(), SHARDS, "every shard written the first time");

        let edited = root.join("content/news/1.md");
        let other = root.join("content/news/2.md");
        let text = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, text.replace("خبر 1", "خبر یکم")).unwrap();
        let file = std::fs::File::options().write(true).open(&edited).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(30))
            .unwrap();
        let mut loaded = ContentCache::load(root, generation).unwrap();
        let again = Content::load_with(&config, Some(&mut loaded), None).unwrap();
        assert_eq!(again.news[0].title, "خبر یکم");
        let next = loaded.save(root).unwrap();
        assert_ne!(next, generation);
        let after = shard_files(root);
        let changed: Vec<&String> = before
            .iter()
            .zip(&after)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| &a.0)
            .collect();
        assert_eq!(
            changed,
            [&shard_file(shard_of(&edited))],
            "only the edited item's shard"
        );

        // A shard changed behind the cache's back is not taken: its item is parsed again.
        let spoilt = root.join(SHARDS_FOLDER).join(shard_file(shard_of(&other)));
        std::fs::write(&spoilt, b"not a shard").unwrap();
        let mut partial = ContentCache::load(root, next).expect("the list is whole");
        assert!(!partial.items.contains_key(bytes_of(&other)));
        assert!(
            partial.items.contains_key(bytes_of(&edited)) || shard_of(&edited) == shard_of(&other)
        );
        let reparsed = Content::load_with(&config, Some(&mut partial), None).unwrap();
        assert_eq!(reparsed.news.len(), 2);
        assert_ne!(
            partial.save(root).unwrap(),
            next,
            "the spoilt shard is written again"
        );
        assert!(
            ContentCache::load(root, partial.generation.unwrap())
                .unwrap()
                .items
                .contains_key(bytes_of(&other))
        );
    }
}
