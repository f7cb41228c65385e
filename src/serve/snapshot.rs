//! One build as the preview server holds it: the rendered files in the preview's own folder,
//! the static files where they are (held to the path rule again at each request), and how to
//! find a file for a request path. Nothing of the site is held in memory.

use std::path::{Component, Path, PathBuf};

use crate::output::statics::StaticFiles;

/// A successful build: the folder it was rendered into and the site's static files.
pub struct Snapshot {
    /// None before the first build succeeded.
    folder: Option<PathBuf>,
    statics: StaticFiles,
}

/// What a request path leads to.
pub enum Found {
    /// A file: where it really is, and its path in the site (`news/1/index.html`).
    File(PathBuf, PathBuf),
    /// A folder's address without its trailing slash: send the reader to `<path>/`.
    Folder,
    Missing,
}

impl Snapshot {
    /// The build rendered into `folder`, beside `statics`.
    pub fn new(folder: PathBuf, statics: StaticFiles) -> Self {
        Snapshot {
            folder: Some(folder),
            statics,
        }
    }

    /// Nothing yet: the first build failed.
    pub fn empty() -> Self {
        Snapshot {
            folder: None,
            statics: StaticFiles::default(),
        }
    }

    /// The file for `path`, already percent-decoded (`/category/اجتماعی/`).
    pub fn find(&self, path: &str) -> Found {
        let Some(relative) = safe_relative(path) else {
            return Found::Missing;
        };
        let wanted = if path.ends_with('/') || relative.as_os_str().is_empty() {
            relative.join("index.html")
        } else {
            relative.clone()
        };
        if let Some(built) = self.built(&wanted) {
            return Found::File(built, wanted);
        }
        match self.statics.source(&wanted) {
            Ok(Some(real)) => return Found::File(real, wanted),
            // Made a link out of the site since the build: the rebuild reports it.
            Err(_) => return Found::Missing,
            Ok(None) => {}
        }
        if !path.ends_with('/') && self.built(&relative.join("index.html")).is_some() {
            return Found::Folder;
        }
        Found::Missing
    }

    /// Where the rendered file at `relative` is, if the build made one: a plain file (never a
    /// link) in the preview's folder.
    fn built(&self, relative: &Path) -> Option<PathBuf> {
        let path = self.folder.as_ref()?.join(relative);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        meta.is_file().then_some(path)
    }

    /// The site's own not-found page, if it has one.
    pub fn not_found_page(&self) -> Option<Vec<u8>> {
        std::fs::read(self.built(Path::new("404.html"))?).ok()
    }
}

/// `path` as a relative path with plain components only; none if it tries to leave the site.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
        .then(|| relative.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(safe_relative("/news/1/"), Some(PathBuf::from("news/1")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a/../../b"), None);
    }
}
