//! The incremental state: everything one build hands the next, in one place, owned by the
//! conductor. A build of the command line starts from the record on disk
//! ([`BuildCache`]); the preview and embedders keep a state for the life of the process, which
//! also keeps parsed items, the related lists, the feeds and the search entries.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::cache::BuildCache;
use crate::content::{ContentCache, NewsItem};
use crate::output::extras::ExtrasCache;
use crate::output::search::SearchCache;
use crate::site::related::{Picked, RelatedIndex};
use crate::state_file::{self, Staged};

/// Each news item's related items by position in the site's news.
type RelatedLists = Arc<[Vec<usize>]>;

/// The generations the states a build saves are written with ([`Incremental::generations`]);
/// none for a state not saved.
#[derive(Debug, Clone, Copy)]
pub(super) struct Generations {
    pub content: Option<u64>,
    pub search: Option<u64>,
}

/// The search index's state a build of the command line starts from.
enum SearchSaved {
    /// Where the previous build saved it, and its generation.
    OnDisk(PathBuf, u64),
    /// Being read on a thread of its own.
    Loading(std::thread::JoinHandle<Option<SearchCache>>),
}

/// What the latest builds of a site left for the next one. A state made with `default()` lives
/// on from build to build in one process; the command line's builds start from the record on
/// disk instead.
pub struct Incremental {
    /// The parsed items of the latest load, reused while their files are unchanged.
    pub content: ContentCache,
    /// Whether the state lives on after this build (the preview, embedders): then the feeds
    /// and the search entries are kept in memory too, and the search index patched.
    lasting: bool,
    /// The related items, with what they were picked from; and by position, when a build of
    /// this process picked them.
    related: Option<(Picked, Option<RelatedLists>)>,
    extras: ExtrasCache,
    /// The search index's state the previous build saved: loaded when the index is to be
    /// made, or beforehand.
    search_saved: Option<SearchSaved>,
    /// What the latest successful build rendered, from what, and what it left.
    pub(super) record: Option<BuildCache>,
    /// The latest successful build's files, when it was built into memory.
    pub(super) memory: HashMap<PathBuf, Arc<[u8]>>,
    /// How many pages the latest build rendered (the others were kept).
    pub rendered: usize,
}

impl Default for Incremental {
    fn default() -> Incremental {
        Incremental {
            content: ContentCache::default(),
            lasting: true,
            related: None,
            extras: ExtrasCache::default(),
            search_saved: None,
            record: None,
            memory: HashMap::default(),
            rendered: 0,
        }
    }
}

impl Incremental {
    /// This state without what the record said of the previous build, for a build made again
    /// because the output folder was not as the record said: the parsed items stay.
    pub(super) fn without_record(&mut self) -> Incremental {
        Incremental {
            content: std::mem::take(&mut self.content),
            lasting: self.lasting,
            ..Incremental::default()
        }
    }

    /// A state for one build that starts from `record`, the previous build's on disk for the
    /// site at `root`, and ends with it.
    pub(super) fn from_record(mut record: Option<BuildCache>, root: &Path) -> Incremental {
        let search_saved = record.as_ref().and_then(|record| {
            Some(SearchSaved::OnDisk(
                root.to_path_buf(),
                record.search_state?,
            ))
        });
        let content = record
            .as_ref()
            .and_then(|record| ContentCache::load(root, record.content_state?))
            .unwrap_or_default();
        let related = record.as_mut().and_then(|record| record.related.take());
        let related = related.map(|picked| (picked, None));
        let mut extras = ExtrasCache::default();
        if let Some(record) = record.as_mut() {
            extras.shown.sitemaps = std::mem::take(&mut record.sitemaps);
            extras.shown.feeds = std::mem::take(&mut record.feeds);
        }
        Incremental {
            content,
            record,
            related,
            extras,
            lasting: false,
            search_saved,
            ..Incremental::default()
        }
    }

    /// Starts reading the search index's state the previous build saved, if there is one,
    /// on a thread of its own, for a build that is to be made: it is read while the site is
    /// loaded and its pages planned, which leave a core free for most of the time.
    pub(super) fn start_loading_search(&mut self) {
        if let Some(SearchSaved::OnDisk(root, generation)) = self.search_saved.take() {
            let loading = std::thread::spawn(move || SearchCache::load(&root, generation));
            self.search_saved = Some(SearchSaved::Loading(loading));
        }
    }

    /// Loads the search index's state the previous build saved, if there is one (waits for
    /// the reading [`Incremental::start_loading_search`] started).
    pub(super) fn load_search(&mut self) {
        let loaded = match self.search_saved.take() {
            Some(SearchSaved::OnDisk(root, generation)) => SearchCache::load(&root, generation),
            Some(SearchSaved::Loading(loading)) => loading.join().ok().flatten(),
            None => return,
        };
        self.extras.search = loaded.unwrap_or_default();
    }

    /// The generations [`Incremental::save`] writes the parsed items and (when `search`
    /// says the index was made) the search index's state with, drawn before, so that the
    /// record naming them is written at the same time. A file that then cannot be written
    /// leaves the one before, of another generation, which the next build does not take: it
    /// parses every item again, or makes the index anew.
    pub(super) fn generations(&self, search: bool) -> Generations {
        Generations {
            content: self.content.next_generation().ok(),
            search: search.then(state_file::new_generation).and_then(Result::ok),
        }
    }

    /// Writes, at once, the parsed items and the search index's state for the next build of
    /// the site at `root`, as `generations` ([`Incremental::generations`]) name them, beside
    /// their places: a build does this while it puts its site in place, and installs them
    /// only when that went well. A state that cannot be written is left out (the next build
    /// does not find its generation, and parses every item again or makes the index anew).
    pub(super) fn stage(&mut self, root: &Path, generations: Generations) -> Vec<Staged> {
        let (content, extras) = (&mut self.content, &mut self.extras);
        let (content, search) = rayon::join(
            || generations.content.map(|g| content.stage_as(root, g)),
            || generations.search.map(|g| extras.search.stage_as(root, g)),
        );
        let content = content.and_then(Result::ok).flatten();
        content
            .into_iter()
            .chain(search.and_then(Result::ok))
            .collect()
    }

    /// Whether the state lives on after this build.
    pub fn is_lasting(&self) -> bool {
        self.lasting
    }

    /// Each item's related items by position, as [`RelatedIndex::all`] gives them: picked
    /// again only where a change since the previous build reaches ([`RelatedIndex::pick`]),
    /// and the very lists of this process's previous build while nothing changed.
    pub(super) fn related(&mut self, news: &[&NewsItem]) -> RelatedLists {
        let previous = self.related.take();
        let (picked, lists) = RelatedIndex::new(news).pick(previous.as_ref().map(|(p, _)| p));
        let lists = match previous {
            Some((before, Some(kept))) if before == picked => kept,
            _ => lists.into(),
        };
        self.related = Some((picked, Some(Arc::clone(&lists))));
        lists
    }

    /// The related items to save in the record of a build of the command line, whose next
    /// build starts in another process; none for a lasting state, which keeps its own.
    pub(super) fn related_to_save(&self) -> Option<Picked> {
        let (picked, _) = self.related.as_ref().filter(|_| !self.lasting)?;
        Some(picked.clone())
    }

    /// What the latest build made besides pages: feeds, sitemaps and the search index.
    pub(super) fn extras(&mut self) -> &mut ExtrasCache {
        &mut self.extras
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::content::front_matter::split;

    /// News items as a site's files would give them: each `(id, category, tags)` dated a day
    /// after the one before.
    fn items(specs: &[(u64, Option<&str>, &[&str])]) -> Vec<NewsItem> {
        let config = Config::parse(
            "title = \"سایت\"\nbase_url = \"https://news.example.org\"\n",
            Path::new("site.toml"),
            Path::new("."),
        )
        .unwrap();
        specs
            .iter()
            .map(|&(id, category, tags)| {
                let category = category.map_or(String::new(), |name| format!("category: {name}\n"));
                let text = format!(
                    "---\nid: {id}\ntitle: \"خبر {id}\"\ndate: 1404/02/{id:02} 10:00\n{category}tags: [{}]\n---\nمتن خبر {id}.\n",
                    tags.join(", ")
                );
                let path = format!("content/news/{id}.md");
                NewsItem::from_split(&split(&text).unwrap(), Path::new(&path), &config).unwrap()
            })
            .collect()
    }

    fn fresh(news: &[&NewsItem]) -> Vec<Vec<usize>> {
        RelatedIndex::new(news).all()
    }

    #[test]
    fn related_lists_are_reused_while_tags_and_categories_are_unchanged() {
        let all = items(&[
            (1, None, &["نوروز"]),
            (2, None, &["نوروز"]),
            (3, Some("اطلاعیه‌ها"), &["بودجه"]),
            (4, Some("اطلاعیه‌ها"), &["بودجه"]),
            (5, None, &[]),
        ]);
        let news: Vec<&NewsItem> = all.iter().collect();
        let mut state = Incremental::default();
        let first = state.related(&news);
        assert_eq!(&first[..], &fresh(&news)[..]);
        assert!(first[0].contains(&1), "1 and 2 share a tag: {first:?}");
        assert!(!first[0].contains(&2), "1 and 3 share nothing: {first:?}");
        assert!(first[4].is_empty(), "5 has no tags: {first:?}");
        assert!(Arc::ptr_eq(&first, &state.related(&news)), "reused");

        // Another title and body, the same tags and category: still reused.
        let mut retitled = all[1].clone();
        retitled.title = "عنوان تازه".into();
        retitled.body =
            crate::content::body::Body::rendered("<p>متن تازه</p>".into(), "متن تازه".into());
        retitled.source_hash ^= 1;
        let news: Vec<&NewsItem> = [&all[0], &retitled, &all[2], &all[3], &all[4]].into();
        assert!(Arc::ptr_eq(&first, &state.related(&news)));

        // Item 5 takes item 1's tag: computed again, now with 5 beside 1.
        let mut tagged = all[4].clone();
        tagged.tags = vec!["نوروز".into()];
        let news: Vec<&NewsItem> = [&all[0], &all[1], &all[2], &all[3], &tagged].into();
        let second = state.related(&news);
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(&second[..], &fresh(&news)[..]);
        assert!(second[0].contains(&4), "{second:?}");
        assert!(Arc::ptr_eq(&second, &state.related(&news)), "reused again");

        // Item 2 moves to the category of 3 and 4.
        let mut moved = all[1].clone();
        moved.category = Some("اطلاعیه‌ها".into());
        let news: Vec<&NewsItem> = [&all[0], &moved, &all[2], &all[3], &tagged].into();
        let third = state.related(&news);
        assert!(!Arc::ptr_eq(&second, &third));
        assert_eq!(&third[..], &fresh(&news)[..]);
        assert!(third[1].contains(&2), "{third:?}");

        // One more item with no tags and no category: more positions, computed again.
        let untagged = items(&[(6, None, &[]), (7, None, &[])]);
        let news: Vec<&NewsItem> =
            [&all[0], &moved, &all[2], &all[3], &tagged, &untagged[0]].into();
        let more = state.related(&news);
        assert!(!Arc::ptr_eq(&third, &more));
        assert_eq!(&more[..], &fresh(&news)[..]);

        // An item gone: the positions change, and so are they computed again.
        let news: Vec<&NewsItem> = [&all[0], &moved, &all[2], &tagged].into();
        let fourth = state.related(&news);
        assert!(!Arc::ptr_eq(&third, &fourth));
        assert_eq!(&fourth[..], &fresh(&news)[..]);
    }

    #[test]
    fn a_build_of_the_command_line_hands_its_related_lists_to_the_next_through_its_record() {
        let all = items(&[(1, None, &["نوروز"]), (2, None, &["نوروز"]), (3, None, &[])]);
        let news: Vec<&NewsItem> = all.iter().collect();
        let mut lasting = Incremental::default();
        lasting.related(&news);
        assert_eq!(lasting.related_to_save(), None, "the preview keeps its own");

        let mut once = Incremental::from_record(None, Path::new("."));
        let lists = once.related(&news);
        let saved = once.related_to_save().expect("computed");
        assert_eq!(saved, RelatedIndex::new(&news).pick(None).0);
        assert_eq!(saved.lists(), &lists[..]);

        // The next build takes the lists from the record, not anew (here, planted ones).
        let planted = vec![vec![2], vec![], vec![0, 1]];
        let mut record = BuildCache::new(
            super::super::cache::CacheKey::new(Path::new("public"), false),
            &[],
            &[],
        );
        record.related = Some(saved.planted(&planted));
        let mut next = Incremental::from_record(Some(record), Path::new("."));
        assert!(next.record.as_ref().unwrap().related.is_none(), "taken out");
        assert_eq!(&next.related(&news)[..], &planted[..]);
        // Other tags: picked again where they reach, here every item.
        let mut retagged = all[2].clone();
        retagged.tags = vec!["نوروز".into()];
        let news: Vec<&NewsItem> = [&all[0], &all[1], &retagged].into();
        assert_eq!(&next.related(&news)[..], &fresh(&news)[..]);
    }

    #[test]
    fn only_a_state_kept_in_memory_lasts() {
        assert!(Incremental::default().is_lasting());
        let once = Incremental::from_record(None, Path::new("."));
        assert!(!once.is_lasting());
        assert!(once.record.is_none());
        assert!(once.memory.is_empty());
        assert_eq!(once.rendered, 0);
    }
}
