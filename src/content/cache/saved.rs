//! The parsed items on disk, from one `akhbar build` to the next: every item but its body, with
//! the hash of its file's text and the file's stamp. A build that finds a file as stamped takes
//! its item from here unread; the body is rendered from the file only if a page, a feed or the
//! search index asks for it ([`crate::content::body`]). At 100,000 items this is what spares a
//! build that publishes one item from parsing every other.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Cached, ContentCache};
use crate::state_file;

/// The file, relative to the site's root.
pub const CONTENT_FILE: &str = ".akhbar/cache/content.bin";

const KIND: &[u8] = b"akhbar parsed content 1\n";

/// The cache as it is written.
#[derive(Serialize)]
struct Saving<'a> {
    settings: u64,
    base_url: &'a str,
    files: &'a [(PathBuf, bool)],
    items: Vec<(&'a PathBuf, &'a Cached)>,
}

/// The cache as it is read back.
#[derive(Deserialize)]
struct Saved {
    settings: u64,
    base_url: Arc<str>,
    files: Vec<(PathBuf, bool)>,
    items: Vec<(PathBuf, Cached)>,
}

impl ContentCache {
    /// Writes the cache for the site at `root`, unless it is the one already there (nothing
    /// was parsed since it was loaded or saved); gives the generation the build record names.
    pub fn save(&mut self, root: &Path) -> io::Result<u64> {
        if let Some(generation) = self.generation {
            return Ok(generation);
        }
        let saving = Saving {
            settings: self.settings,
            base_url: &self.base_url,
            files: &self.files,
            items: self.items.iter().collect(),
        };
        let bytes = postcard::to_stdvec(&saving).map_err(io::Error::other)?;
        let generation = state_file::save(root, CONTENT_FILE, KIND, &bytes)?;
        self.generation = Some(generation);
        Ok(generation)
    }

    /// The cache saved for the site at `root` with `generation`, its items' bodies to be
    /// rendered from their files when asked for; none when there is no such file or it cannot
    /// be read whole.
    pub fn load(root: &Path, generation: u64) -> Option<ContentCache> {
        let bytes = state_file::load(root, CONTENT_FILE, KIND, generation)?;
        let saved: Saved = postcard::from_bytes(&bytes).ok()?;
        let mut items = rustc_hash::FxHashMap::default();
        items.reserve(saved.items.len());
        for (path, mut cached) in saved.items {
            cached.defer_body(&path, &saved.base_url)?;
            items.insert(path, cached);
        }
        Some(ContentCache {
            settings: saved.settings,
            base_url: saved.base_url,
            items,
            files: saved.files,
            generation: Some(generation),
            ..ContentCache::default()
        })
    }
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
        let parsed = Content::load_with(&config, Some(&mut cache)).unwrap();
        let generation = cache.save(dir.path()).unwrap();
        assert_eq!(cache.save(dir.path()).unwrap(), generation, "nothing new");

        let mut loaded = ContentCache::load(dir.path(), generation).expect("saved");
        assert!(ContentCache::load(dir.path(), generation ^ 1).is_none());
        let again = Content::load_with(&config, Some(&mut loaded)).unwrap();
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
        let edited = Content::load_with(&config, Some(&mut loaded));
        assert!(edited.is_err(), "the edited file is read again, not taken");
        assert_ne!(loaded.save(dir.path()).unwrap(), generation);
    }

    #[test]
    fn a_preview_lets_go_of_bodies_and_renders_them_again_when_asked_for() {
        let (_dir, config) = site();
        let mut cache = ContentCache::default();
        let first = Content::load_with(&config, Some(&mut cache)).unwrap();
        let html: Vec<String> = first.news.iter().map(|i| i.body.html().into()).collect();
        drop(first);
        cache.release_bodies();
        let again = Content::load_with(&config, Some(&mut cache)).unwrap();
        assert!(again.news.iter().all(|item| !item.body.is_rendered()));
        let rendered: Vec<&str> = again.news.iter().map(|i| i.body.html()).collect();
        assert_eq!(rendered, html);
        assert!(again.news.iter().all(|item| item.body.is_rendered()));
    }
}
