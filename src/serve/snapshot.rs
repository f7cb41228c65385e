//! One build as the preview server holds it: the rendered files in memory, the static files
//! on disk (held to the path rule again at each request), and how to find a file for a request
//! path.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::output::statics::StaticFiles;
use crate::pipeline::Rendered;

/// The files of one successful build, by their path in the output (`news/1/index.html`).
pub struct Snapshot {
    files: HashMap<PathBuf, Arc<[u8]>>,
    statics: StaticFiles,
    pub pages: usize,
}

/// What a request path leads to.
pub enum Found {
    Rendered(Arc<[u8]>, PathBuf),
    /// A static file: where it really is, and its path in the site.
    Static(PathBuf, PathBuf),
    /// A folder's address without its trailing slash: send the reader to `<path>/`.
    Folder,
    Missing,
}

impl Snapshot {
    pub fn new(rendered: Rendered) -> Self {
        let pages = rendered.page_count();
        let statics = rendered.statics;
        let files = rendered
            .files
            .into_iter()
            .map(|file| (file.path, file.bytes))
            .collect();
        Snapshot {
            files,
            statics,
            pages,
        }
    }

    /// Nothing yet: the first build failed.
    pub fn empty() -> Self {
        Snapshot {
            files: HashMap::default(),
            statics: StaticFiles::default(),
            pages: 0,
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
        if let Some(bytes) = self.files.get(&wanted) {
            return Found::Rendered(bytes.clone(), wanted);
        }
        match self.statics.source(&wanted) {
            Ok(Some(real)) => return Found::Static(real, wanted),
            // Made a link out of the site since the build: the rebuild reports it.
            Err(_) => return Found::Missing,
            Ok(None) => {}
        }
        if !path.ends_with('/') && self.files.contains_key(&relative.join("index.html")) {
            return Found::Folder;
        }
        Found::Missing
    }

    /// The site's own not-found page, if it has one.
    pub fn not_found_page(&self) -> Option<Vec<u8>> {
        self.files
            .get(Path::new("404.html"))
            .map(|page| page.to_vec())
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
