//! Which files under `content/` are news items and pages: every Markdown file under
//! `content/news/` (at any depth) and directly in `content/pages/`, links followed as the path
//! rule ([`crate::paths::Root::files`]) allows.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::beside::is_picture;
use crate::config::Config;
use crate::paths::PathError;

/// The news items' and pages' files under `content`, sorted, each with whether it is news;
/// and the paths that break the path rule.
pub(super) fn content_files(
    config: &Config,
    content: &Path,
) -> (Vec<(PathBuf, bool)>, Vec<PathError>) {
    let root = config.published_root();
    let news = root.files(&content.join("news"), usize::MAX, is_markdown);
    let pages = root.files(&content.join("pages"), 1, is_markdown);
    let mut files: Vec<(PathBuf, bool)> = news.files.into_iter().map(|path| (path, true)).collect();
    files.extend(pages.files.into_iter().map(|path| (path, false)));
    files.sort();
    let mut problems = news.problems;
    problems.extend(pages.problems);
    (files, problems)
}

/// The bytes of `path` after `folder` and a separator, when it begins so: a walk of `folder`
/// gives its paths so, which this tells without taking them apart.
fn below<'p>(path: &'p Path, folder: &Path) -> Option<&'p [u8]> {
    let rest = (path.as_os_str().as_encoded_bytes())
        .strip_prefix(folder.as_os_str().as_encoded_bytes())?;
    let (first, rest) = rest.split_first()?;
    separator(first).then_some(rest)
}

fn separator(byte: &u8) -> bool {
    std::path::is_separator(char::from(*byte))
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

/// Files' metadata as a look saw them, and when the look began.
pub(super) type Seen = (Vec<Metadata>, SystemTime);

/// The news items' and pages' files as one look at the whole content folder found them, each
/// with its metadata as seen then: a load takes them instead of walking the folder and looking
/// at each file again. A build looks at every file of the site anyway, to tell whether any
/// changed ([`crate::pipeline::sources`]).
#[derive(Debug)]
pub struct LookedFiles {
    /// As [`content_files`] gives them.
    files: Vec<(PathBuf, bool)>,
    /// Each file's metadata, in the same order.
    seen: Vec<Metadata>,
    /// When the look began: a file modified later than this may have changed unseen.
    looked_at: SystemTime,
    /// The pictures beside the items ([`super::beside`]).
    pictures: Vec<PathBuf>,
}

impl LookedFiles {
    /// The items' files among `found`: every file a walk of `content` found with no path
    /// broken ([`crate::paths::Root::files`] with every file wanted), with its metadata, the
    /// walk having begun at `looked_at`.
    pub fn new(content: &Path, found: Vec<(PathBuf, Metadata)>, looked_at: SystemTime) -> Self {
        let (news, pages) = (content.join("news"), content.join("pages"));
        let pictures = (found.iter())
            .filter(|(path, _)| is_picture(path))
            .map(|(path, _)| path.clone())
            .collect();
        let mut picked: Vec<((PathBuf, bool), Metadata)> = found
            .into_iter()
            .filter(|(path, _)| is_markdown(path))
            .filter_map(|(path, meta)| {
                let is_news = below(&path, &news).is_some();
                let is_page = below(&path, &pages).is_some_and(|rest| !rest.iter().any(separator));
                (is_news || is_page).then_some(((path, is_news), meta))
            })
            .collect();
        picked.sort_by(|a, b| a.0.cmp(&b.0));
        let (files, seen) = picked.into_iter().unzip();
        LookedFiles {
            files,
            seen,
            looked_at,
            pictures,
        }
    }

    /// Takes the pictures beside the items out: every picture file the look found.
    pub fn take_pictures(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.pictures)
    }

    /// The files, each with whether it is news, sorted; the metadata of each as the look saw
    /// it, in the same order; and when the look began.
    pub(super) fn into_parts(self) -> (Vec<(PathBuf, bool)>, Seen) {
        (self.files, (self.seen, self.looked_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_at_the_whole_folder_picks_the_files_a_walk_of_the_items_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.toml"),
            "title = \"آزمایش\"\nbase_url = \"https://example.org\"\n",
        )
        .unwrap();
        let content = root.join("content");
        for file in [
            "news/1.md",
            "news/1399/07/242513.md",
            "news/1399/07/photo.jpg",
            "news/1399/notes.txt",
            "pages/about.md",
            "pages/old/draft.md",
            "pages/logo.svg",
            "elsewhere/3.md",
            "4.md",
        ] {
            let path = content.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let config = Config::load(root).unwrap();
        let walked = config
            .published_root()
            .files(&content, usize::MAX, |_| true);
        assert!(walked.problems.is_empty());
        let found = walked.files.into_iter().map(|path| {
            let meta = std::fs::metadata(&path).unwrap();
            (path, meta)
        });
        let looked = LookedFiles::new(&content, found.collect(), SystemTime::now());
        let (files, (seen, _)) = looked.into_parts();
        let (walked, problems) = content_files(&config, &content);
        assert!(problems.is_empty());
        assert_eq!(files, walked);
        assert_eq!(files.len(), 3, "{files:?}");
        assert_eq!(seen.len(), files.len());
    }
}
