//! Where the one render path puts a build: a folder ([`SiteWriter`], for `build` and the
//! preview), memory ([`MemorySink`], for tests and embedders), or nowhere (a `SiteWriter` that
//! writes nothing, for `check`). The engine neither knows nor cares which.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::output::links::IsTarget;
use crate::output::writer::SiteWriter;

/// A destination for the files of one build.
pub trait Sink: Sync {
    /// Adds `file` to the new site.
    fn write(&self, file: &OutputFile) -> Result<(), Diagnostic>;

    /// Keeps the previous build's file at `path` in the new site as it is.
    fn keep(&self, path: &Path);

    /// [`Sink::keep`] for each of `paths` (a build keeps most of its pages: 130,000 at
    /// 100,000 items).
    fn keep_all(&self, paths: &mut dyn ExactSizeIterator<Item = &Path>) {
        for path in paths {
            self.keep(path);
        }
    }

    /// Calls `check` with a test of whether a path is a file of the new site so far; nothing
    /// may be written or kept meanwhile. The files are not copied: they are 280,000 paths at
    /// 100,000 items.
    fn check_present(&self, check: &mut dyn FnMut(&IsTarget));

    /// Whether the previous build left a file at `path` that this one may keep.
    fn had(&self, path: &Path) -> bool;

    /// The files the previous build left that `is_target` does not know.
    fn gone(&self, is_target: &IsTarget) -> Vec<PathBuf>;

    /// The bytes of the previous build's file at `path`, to check a kept page's links again.
    fn read_previous(&self, path: &Path) -> Result<Arc<[u8]>, Diagnostic>;
}

impl Sink for SiteWriter {
    fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        SiteWriter::write(self, file)
    }

    fn keep(&self, path: &Path) {
        SiteWriter::keep(self, path)
    }

    fn keep_all(&self, paths: &mut dyn ExactSizeIterator<Item = &Path>) {
        SiteWriter::keep_all(self, paths)
    }

    fn check_present(&self, check: &mut dyn FnMut(&IsTarget)) {
        SiteWriter::check_present(self, check)
    }

    fn had(&self, path: &Path) -> bool {
        self.previous()
            .is_some_and(|previous| previous.contains(path))
    }

    fn gone(&self, is_target: &IsTarget) -> Vec<PathBuf> {
        let previous = self
            .previous()
            .into_iter()
            .flat_map(|previous| previous.paths());
        previous.filter(|path| !is_target(path)).collect()
    }

    fn read_previous(&self, path: &Path) -> Result<Arc<[u8]>, Diagnostic> {
        let file = self.output().join(path);
        std::fs::read(&file)
            .map(Into::into)
            .map_err(|error| crate::output::io_error(&file, "cannot read", &error))
    }
}

/// A build held in memory: the files of the previous one to keep from, and the new ones.
#[derive(Default)]
pub struct MemorySink {
    previous: HashMap<PathBuf, Arc<[u8]>>,
    files: Mutex<HashMap<PathBuf, Arc<[u8]>>>,
}

impl MemorySink {
    /// A build that may keep files from `previous` (the files of the latest build in memory).
    pub fn after(previous: HashMap<PathBuf, Arc<[u8]>>) -> MemorySink {
        MemorySink {
            previous,
            files: Mutex::default(),
        }
    }

    /// The new site's files, by path.
    pub fn into_files(self) -> HashMap<PathBuf, Arc<[u8]>> {
        self.files.into_inner().expect("not poisoned")
    }

    /// The previous build's files, given back when this build failed.
    pub fn into_previous(self) -> HashMap<PathBuf, Arc<[u8]>> {
        self.previous
    }
}

impl Sink for MemorySink {
    fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let mut files = self.files.lock().expect("not poisoned");
        files.insert(file.path.clone(), file.bytes.clone());
        Ok(())
    }

    fn keep(&self, path: &Path) {
        if let Some(bytes) = self.previous.get(path) {
            let mut files = self.files.lock().expect("not poisoned");
            files.insert(path.to_path_buf(), bytes.clone());
        }
    }

    fn check_present(&self, check: &mut dyn FnMut(&IsTarget)) {
        let files = self.files.lock().expect("not poisoned");
        check(&|path| files.contains_key(path));
    }

    fn had(&self, path: &Path) -> bool {
        self.previous.contains_key(path)
    }

    fn gone(&self, is_target: &IsTarget) -> Vec<PathBuf> {
        let previous = self.previous.keys();
        previous.filter(|path| !is_target(path)).cloned().collect()
    }

    fn read_previous(&self, path: &Path) -> Result<Arc<[u8]>, Diagnostic> {
        self.previous
            .get(path)
            .cloned()
            .ok_or_else(|| Diagnostic::new(path, None, "is not in the previous build"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    #[test]
    fn memory_keeps_only_what_it_had_and_knows_what_went_away() {
        let first = MemorySink::default();
        first.write(&file("index.html", "یک")).unwrap();
        first.write(&file("news/1/index.html", "خبر")).unwrap();
        assert!(!first.had(Path::new("index.html")), "nothing before");
        let second = MemorySink::after(first.into_files());
        assert!(second.had(Path::new("news/1/index.html")));
        second.keep(Path::new("news/1/index.html"));
        second.keep(Path::new("news/9/index.html"));
        second.write(&file("index.html", "دو")).unwrap();
        let mut present = Vec::new();
        second.check_present(&mut |is_present| {
            let paths = ["index.html", "news/1/index.html", "news/9/index.html"];
            present = paths
                .into_iter()
                .filter(|p| is_present(Path::new(p)))
                .collect();
            assert!(second.gone(is_present).is_empty());
        });
        assert_eq!(
            present,
            ["index.html", "news/1/index.html"],
            "a file it never had is not kept"
        );
        assert_eq!(
            second.gone(&|path| path == Path::new("index.html")),
            [PathBuf::from("news/1/index.html")]
        );
        assert_eq!(
            &*second.read_previous(Path::new("index.html")).unwrap(),
            "یک".as_bytes()
        );
        let files = second.into_files();
        assert_eq!(&*files[Path::new("index.html")], "دو".as_bytes());
        assert_eq!(&*files[Path::new("news/1/index.html")], "خبر".as_bytes());
    }

    #[test]
    fn a_folder_sink_that_writes_nowhere_had_nothing() {
        let nowhere = SiteWriter::nowhere();
        Sink::write(&nowhere, &file("index.html", "یک")).unwrap();
        assert!(!nowhere.had(Path::new("index.html")));
        assert!(nowhere.gone(&|_| false).is_empty());
        let mut present = false;
        Sink::check_present(&nowhere, &mut |is_present| {
            present = is_present(Path::new("index.html"));
        });
        assert!(present, "what it wrote is of the new site");
    }
}
