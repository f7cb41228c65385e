//! Content: news items and pages read from `content/`, their front matter and Markdown bodies.

pub mod beside;
pub mod body;
pub mod cache;
mod emphasis;
pub mod fields;
mod files;
pub mod front_matter;
pub mod front_matter_edit;
pub mod lint;
pub mod markdown;
pub mod new_item;
pub mod news;
pub mod page;
pub mod yaml_comments;

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, io_persian, persian_number, quoted};
use crate::paths::PathError;
use crate::persian::bidi::isolate;
use crate::text_file;
use body::text_hash;
pub use cache::ContentCache;
use cache::{Cached, Stamp};
pub use files::LookedFiles;
use files::content_files;
pub use news::NewsItem;
pub use page::Page;

/// Top-level addresses the site itself uses, which a page may not take.
const RESERVED_SLUGS: &[&str] = &[
    "404", "archive", "category", "fonts", "images", "news", "page", "search", "source", "static",
    "tag",
];

/// Everything under `content/`, checked.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// News items in file-name order; drafts and embargoed items included. Shared with the
    /// cache of `akhbar serve`, which keeps them from one load to the next.
    pub news: Vec<Arc<NewsItem>>,
    pub pages: Vec<Page>,
    /// Things that are allowed but look like mistakes.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Item {
    News(Arc<NewsItem>),
    Page(Page),
}

impl Content {
    /// Reads every news item and page, reporting all problems of all files together.
    pub fn load(config: &Config) -> Result<Content, Diagnostics> {
        Self::load_with(config, None, None)
    }

    /// [`Content::load`], reusing from `cache` the items whose files are unchanged, and
    /// keeping this load's items in it for the next.
    /// The files are those `looked` found, as it saw them, when it is given.
    pub fn load_with(
        config: &Config,
        cache: Option<&mut ContentCache>,
        looked: Option<LookedFiles>,
    ) -> Result<Content, Diagnostics> {
        let settings = {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&format!("{:?}", config.site), &mut hasher);
            std::hash::Hash::hash(&config.zone.iana_name(), &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        let usable = cache.as_deref().filter(|cache| cache.made_with(settings));
        let content = config.root.join("content");
        let mut errors = Vec::new();
        let watched = usable.and_then(|cache| cache.files_now(&content));
        let (files, seen) = match (watched, looked) {
            (Some(files), _) => (files, None),
            (None, Some(looked)) => {
                let (files, seen) = looked.into_parts();
                (files, Some(seen))
            }
            (None, None) => {
                let (files, problems) = content_files(config, &content);
                errors.extend(problems.iter().map(PathError::diagnostic));
                (files, None)
            }
        };
        let seen = |at: usize| seen.as_ref().map(|(seen, at_time)| (&seen[at], *at_time));
        let results: Vec<Result<(Cached, Read), Vec<Diagnostic>>> = files
            .par_iter()
            .enumerate()
            .map(
                |(at, (path, is_news))| match usable.and_then(|c| c.untouched(path)) {
                    Some(cached) => Ok((cached.clone(), Read::No)),
                    None => load_file(path, *is_news, config, usable, seen(at)),
                },
            )
            .collect();
        if let Some(cache) = cache {
            let read = files
                .iter()
                .zip(&results)
                .filter_map(|((path, _), result)| {
                    let cached = match result {
                        Ok((_, Read::No)) => return None,
                        Ok((cached, Read::Yes)) => Some(cached.clone()),
                        Err(_) => None,
                    };
                    Some((path.clone(), cached))
                });
            let read = read.collect();
            cache.replace((settings, &config.site.base_url), files, read);
            if !errors.is_empty() {
                // The files of a walk that broke the path rule are not all the site's: walk again.
                cache.lost_track();
            }
        }
        let mut loaded = Content::default();
        for result in results {
            match result.map(|(cached, _)| cached.item) {
                Ok(Item::News(item)) => loaded.news.push(item),
                Ok(Item::Page(page)) => loaded.pages.push(page),
                Err(file_errors) => errors.extend(file_errors),
            }
        }
        loaded.warnings = loaded
            .news
            .iter()
            .filter_map(|item| item.unlikely_date())
            .collect();
        errors.extend(loaded.duplicate_ids());
        errors.extend(loaded.bad_page_slugs());
        if errors.is_empty() {
            Ok(loaded)
        } else {
            Err(Diagnostics(errors))
        }
    }

    /// Every news number used by more than one file, reported at each later file.
    fn duplicate_ids(&self) -> Vec<Diagnostic> {
        let mut first: HashMap<u64, &Path> = HashMap::default();
        first.reserve(self.news.len());
        let mut errors = Vec::new();
        for item in &self.news {
            match first.entry(item.id) {
                Entry::Vacant(entry) => {
                    entry.insert(&item.path);
                }
                Entry::Occupied(earlier) => {
                    let message = format!(
                        "the news number {} is also used by {}: give each item its own `id`",
                        item.id,
                        earlier.get().display()
                    );
                    let detail = format!(
                        "شمارهٔ خبر {} را {} هم به کار برده است: به هر خبر `id` خودش را بدهید",
                        persian_number(item.id),
                        isolate(&earlier.get().display().to_string())
                    );
                    errors.push(
                        Diagnostic::new(&item.path, Some(item.id_line), message)
                            .with_persian("شمارهٔ خبر تکراری", detail),
                    );
                }
            }
        }
        errors
    }

    /// Pages that take an address the site uses, or another page's.
    fn bad_page_slugs(&self) -> Vec<Diagnostic> {
        let mut first: HashMap<&str, &Path> = HashMap::default();
        let mut errors = Vec::new();
        for page in &self.pages {
            let address = quoted(&format!("/{}/", page.slug));
            let (message, what, detail) = if RESERVED_SLUGS.contains(&page.slug.as_str()) {
                (
                    format!(
                        "the page address '/{}/' is used by the site itself: choose another `slug`",
                        page.slug
                    ),
                    "نشانی صفحه از آنِ خود پایگاه",
                    format!("نشانی {address} را خود پایگاه به کار می‌برد: `slug` دیگری برگزینید"),
                )
            } else {
                match first.entry(&page.slug) {
                    Entry::Vacant(entry) => {
                        entry.insert(&page.path);
                        continue;
                    }
                    Entry::Occupied(earlier) => (
                        format!(
                            "the page address '/{}/' is also used by {}",
                            page.slug,
                            earlier.get().display()
                        ),
                        "نشانی صفحهٔ تکراری",
                        format!(
                            "نشانی {address} را {} هم به کار برده است: `slug` دیگری برگزینید",
                            isolate(&earlier.get().display().to_string())
                        ),
                    ),
                }
            };
            errors.push(Diagnostic::new(&page.path, None, message).with_persian(what, detail));
        }
        errors
    }
}

/// Whether a file was read, or its item taken from the cache unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Yes,
    No,
}

/// The item in the file at `path`, with a hash of the file's text and the file's stamp; from
/// `cache` without reading when the file is unchanged, or without parsing when its text is.
/// The file is looked at, unless `seen` tells its metadata and when it was seen.
fn load_file(
    path: &Path,
    is_news: bool,
    config: &Config,
    cache: Option<&ContentCache>,
    seen: Option<(&std::fs::Metadata, SystemTime)>,
) -> Result<(Cached, Read), Vec<Diagnostic>> {
    let shown = &config.relative(path);
    let unreadable = |error: std::io::Error| {
        vec![
            Diagnostic::new(shown, None, format!("cannot be read: {error}"))
                .with_persian("خطای خواندن فایل", io_persian(&error)),
        ]
    };
    let looked;
    let (meta, read_at) = match seen {
        Some(seen) => seen,
        None => {
            let read_at = SystemTime::now();
            looked = std::fs::metadata(path).map_err(unreadable)?;
            (&looked, read_at)
        }
    };
    if let Some(cached) = cache.and_then(|cache| cache.unchanged(path, meta)) {
        return Ok((cached.clone(), Read::No));
    }
    let text =
        text_file::read(path).map_err(|error| vec![error.diagnostic(shown, "خطای خواندن فایل")])?;
    let hash = text_hash(&text);
    let stamp = Stamp::new(meta, read_at);
    if let Some(item) = cache.and_then(|cache| cache.parsed(path, hash)) {
        let cached = Cached {
            item: item.clone(),
            text: hash,
            stamp,
        };
        return Ok((cached, Read::Yes));
    }
    let split = front_matter::split(&text).map_err(|error| vec![error.diagnostic(shown)])?;
    let item = if is_news {
        NewsItem::from_split(&split, shown, config).map(|mut item| {
            item.source_hash = hash;
            Item::News(Arc::new(item))
        })
    } else {
        Page::from_split(&split, shown, config).map(|mut page| {
            page.source_hash = hash;
            Item::Page(page)
        })
    };
    let cached = item.map(|item| Cached {
        item,
        text: hash,
        stamp,
    })?;
    Ok((cached, Read::Yes))
}
