//! Which pages link to each file of the output, handed from one build to the next in its
//! record: a build that removes a file (an unpublished item's page, a list's last page) reads
//! again only the kept pages that linked to it, not every page of the site. A file that more
//! than [`FEW`] pages link to (the home page, a category in the menu) is only marked as such:
//! when one of those goes, every kept page is read, as without an index.
//!
//! Paths are known by a 32-bit hash ([`name`]). Two paths may share one; then a page is read
//! that need not have been, never the other way round.

use std::hash::{Hash, Hasher};
use std::path::Path;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};
use serde::{Deserialize, Serialize};

/// Pages linking to one file, beyond which they are not listed.
const FEW: usize = 32;

/// A path's name in the index.
pub fn name(path: &Path) -> u32 {
    let mut hasher = FxHasher::default();
    path.hash(&mut hasher);
    hasher.finish() as u32
}

/// Every linked file of a build, by name, with the names of the pages that link to it
/// (ascending), or `None` when more than [`FEW`] pages do.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkIndex(HashMap<u32, Option<Vec<u32>>>);

/// The kept pages a build must read again to find their links to files that are gone.
#[derive(Debug, PartialEq, Eq)]
pub enum ToRead {
    Nothing,
    /// The pages with these names.
    Pages(HashSet<u32>),
    All,
}

impl ToRead {
    /// Whether the page at `path` is to be read.
    pub fn includes(&self, path: &Path) -> bool {
        match self {
            ToRead::Nothing => false,
            ToRead::Pages(names) => names.contains(&name(path)),
            ToRead::All => true,
        }
    }
}

impl LinkIndex {
    /// The index of a build that wrote the pages `written` (each page's name with the names
    /// of the files it links to) and kept the pages named `kept` from the previous build,
    /// whose index was `previous`; none when a page was kept and the previous index is not
    /// known. A page rewritten or gone no longer counts with its old links.
    pub fn next(
        previous: Option<LinkIndex>,
        kept: &HashSet<u32>,
        written: Vec<(u32, Vec<u32>)>,
    ) -> Option<LinkIndex> {
        let mut index = match (kept.is_empty(), previous) {
            (true, _) => LinkIndex::default(),
            (false, None) => return None,
            (false, Some(mut previous)) => {
                previous.0.retain(|_, linkers| match linkers {
                    Some(pages) => {
                        pages.retain(|page| kept.contains(page));
                        !pages.is_empty()
                    }
                    None => true,
                });
                previous
            }
        };
        for (page, targets) in written {
            for target in targets {
                let linkers = index.0.entry(target).or_insert_with(|| Some(Vec::new()));
                if let Some(pages) = linkers {
                    if let Err(at) = pages.binary_search(&page) {
                        pages.insert(at, page);
                    }
                    if pages.len() > FEW {
                        *linkers = None;
                    }
                }
            }
        }
        Some(index)
    }

    /// Which kept pages may link to one of the files `gone`, by `index` (the previous build's;
    /// when it is not known, any file gone means every page).
    pub fn to_read<'p>(
        index: Option<&LinkIndex>,
        gone: impl IntoIterator<Item = &'p std::path::PathBuf>,
    ) -> ToRead {
        let mut pages = HashSet::default();
        let mut any = false;
        for file in gone {
            any = true;
            match index.map(|index| index.0.get(&name(file))) {
                None | Some(Some(None)) => return ToRead::All,
                Some(None) => {}
                Some(Some(Some(linkers))) => pages.extend(linkers),
            }
        }
        match (any, pages.is_empty()) {
            (true, false) => ToRead::Pages(pages),
            _ => ToRead::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn named(paths: &[&str]) -> Vec<u32> {
        paths.iter().map(|path| name(Path::new(path))).collect()
    }

    fn page(path: &str, targets: &[&str]) -> (u32, Vec<u32>) {
        (name(Path::new(path)), named(targets))
    }

    fn gone(paths: &[&str]) -> Vec<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn only_the_pages_that_linked_to_a_gone_file_are_read() {
        let first = LinkIndex::next(
            None,
            &HashSet::default(),
            vec![
                page("news/1/index.html", &["news/2/index.html", "index.html"]),
                page("news/2/index.html", &["news/1/index.html", "index.html"]),
                page("index.html", &["news/1/index.html", "news/2/index.html"]),
            ],
        )
        .expect("every page written");
        let read = LinkIndex::to_read(Some(&first), &gone(&["news/2/index.html"]));
        assert!(read.includes(Path::new("news/1/index.html")));
        assert!(read.includes(Path::new("index.html")));
        assert!(!read.includes(Path::new("news/2/index.html")));
        let nobody = LinkIndex::to_read(Some(&first), &gone(&["news/3/index.html"]));
        assert_eq!(nobody, ToRead::Nothing, "no page linked to it");
        assert_eq!(
            LinkIndex::to_read(Some(&first), &gone(&[])),
            ToRead::Nothing
        );
        assert_eq!(
            LinkIndex::to_read(None, &gone(&["news/3/index.html"])),
            ToRead::All,
            "no index"
        );
    }

    #[test]
    fn a_rewritten_page_counts_with_its_new_links_only() {
        let first = LinkIndex::next(
            None,
            &HashSet::default(),
            vec![
                page("news/1/index.html", &["news/2/index.html"]),
                page("news/3/index.html", &["news/2/index.html"]),
            ],
        );
        let kept: HashSet<u32> = named(&["news/3/index.html"]).into_iter().collect();
        let next = LinkIndex::next(
            first.clone(),
            &kept,
            vec![page("news/1/index.html", &["news/4/index.html"])],
        )
        .unwrap();
        let read = LinkIndex::to_read(Some(&next), &gone(&["news/2/index.html"]));
        assert_eq!(
            read,
            ToRead::Pages(named(&["news/3/index.html"]).into_iter().collect())
        );
        let read = LinkIndex::to_read(Some(&next), &gone(&["news/4/index.html"]));
        assert!(read.includes(Path::new("news/1/index.html")));

        // A page gone (neither kept nor written) no longer links to anything.
        let none_kept = LinkIndex::next(next.clone().into(), &HashSet::default(), vec![]).unwrap();
        assert_eq!(none_kept, LinkIndex::default());
        let only_first: HashSet<u32> = named(&["news/1/index.html"]).into_iter().collect();
        let after = LinkIndex::next(Some(next), &only_first, vec![]).unwrap();
        let read = LinkIndex::to_read(Some(&after), &gone(&["news/2/index.html"]));
        assert_eq!(read, ToRead::Nothing, "news/3 is gone, with its links");

        assert_eq!(
            LinkIndex::next(None, &kept, vec![]),
            None,
            "kept, not known"
        );
    }

    #[test]
    fn a_file_many_pages_link_to_means_every_page_when_it_goes() {
        let pages: Vec<(u32, Vec<u32>)> = (0..=FEW)
            .map(|n| page(&format!("news/{n}/index.html"), &["tag/x/index.html"]))
            .collect();
        let mut almost = pages.clone();
        almost.pop();
        let few = LinkIndex::next(None, &HashSet::default(), almost).unwrap();
        let read = LinkIndex::to_read(Some(&few), &gone(&["tag/x/index.html"]));
        assert!(matches!(read, ToRead::Pages(pages) if pages.len() == FEW));
        let many = LinkIndex::next(None, &HashSet::default(), pages).unwrap();
        let read = LinkIndex::to_read(Some(&many), &gone(&["tag/x/index.html"]));
        assert_eq!(read, ToRead::All);
        // It stays so while pages are kept: how many still link to it is not known.
        let kept: HashSet<u32> = named(&["news/0/index.html"]).into_iter().collect();
        let next = LinkIndex::next(Some(many), &kept, vec![]).unwrap();
        let read = LinkIndex::to_read(Some(&next), &gone(&["tag/x/index.html"]));
        assert_eq!(read, ToRead::All);
    }
}
