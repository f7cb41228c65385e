//! The static files of a site, copied as they are to the site's root: the theme's `static/`,
//! then the site's own, which wins, each file held to the path rule ([`crate::paths`]) by
//! [`Config::published_root`] when it is listed and again when the preview serves it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::beside::{CONTENT_FOLDER, ITEM_FOLDERS, is_picture};
use crate::diagnostic::{Diagnostic, Diagnostics, quoted};
use crate::paths::{PathError, Root};

/// The static files, by their paths in the output, each with the file it is copied from (as
/// found, under its static folder, or as akhbar made it from that: a picture without its
/// metadata, in the build cache's folder).
#[derive(Debug, Clone)]
pub struct StaticFiles {
    files: BTreeMap<PathBuf, Source>,
    root: Root,
}

/// Where a static file is copied from.
#[derive(Debug, Clone)]
struct Source {
    path: PathBuf,
    /// Made by akhbar in its own folder, not found in a static folder: the path rule that
    /// keeps the site's files out of `.akhbar/` is not for it.
    made: bool,
}

impl Default for StaticFiles {
    fn default() -> Self {
        StaticFiles {
            files: BTreeMap::new(),
            root: Root::anywhere(Path::new("")),
        }
    }
}

impl StaticFiles {
    /// The static files of the site of `config`, and the pictures beside its items
    /// ([`crate::content::beside`]): `beside` gives those (each file's path) as a look at the
    /// content folder found them, or they are found here. Every path that breaks the rule is
    /// reported, and every picture beside an item published where a static file is.
    pub fn of_site(
        config: &Config,
        beside: Option<Vec<PathBuf>>,
    ) -> Result<StaticFiles, Diagnostics> {
        let root = config.published_root();
        let mut files = BTreeMap::new();
        let mut problems = Vec::new();
        for dir in config.static_dirs() {
            let walked = root.files(&dir, usize::MAX, |_| true);
            problems.extend(walked.problems.iter().map(PathError::diagnostic));
            for source in walked.files {
                let relative = source.strip_prefix(&dir).expect("under its folder");
                let source = Source {
                    path: source.clone(),
                    made: false,
                };
                files.insert(relative.to_path_buf(), source);
            }
        }
        let content = config.root.join(CONTENT_FOLDER);
        let beside = beside.unwrap_or_else(|| {
            let folders = ITEM_FOLDERS.iter().map(|folder| content.join(folder));
            let walked: Vec<_> = folders
                .map(|folder| root.files(&folder, usize::MAX, is_picture))
                .collect();
            // The load of the content reports its folders that break the rule; the pictures'
            // own problems are reported here.
            let own = (walked.iter().flat_map(|w| &w.problems)).filter(|p| is_picture(p.path()));
            problems.extend(own.map(PathError::diagnostic));
            walked.into_iter().flat_map(|walked| walked.files).collect()
        });
        for source in beside {
            let relative = source
                .strip_prefix(&content)
                .expect("under the content folder");
            if let Some(other) = files.get(relative) {
                problems.push(published_twice(config, &source, &other.path, relative));
                continue;
            }
            let source = Source {
                path: source.clone(),
                made: false,
            };
            files.insert(relative.to_path_buf(), source);
        }
        if problems.is_empty() {
            Ok(StaticFiles { files, root })
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Each file's path in the output and the file it is copied from, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &Path)> {
        self.files
            .iter()
            .map(|(path, source)| (path.as_path(), source.path.as_path()))
    }

    /// Publishes `source` at `path` in place of the file found there (a picture made ready to
    /// publish, [`crate::images`]); a `source` of `None` leaves the file out of the site.
    pub fn replace(&mut self, path: &Path, source: Option<PathBuf>) {
        match source {
            Some(path_made) => {
                let source = Source {
                    path: path_made,
                    made: true,
                };
                self.files.insert(path.to_path_buf(), source)
            }
            None => self.files.remove(path),
        };
    }

    /// The files' paths in the output.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Where the file at `path` in the output really is now, if the site has it and it still
    /// keeps the rule (it may have been replaced by a link since it was listed).
    pub fn source(&self, path: &Path) -> Result<Option<PathBuf>, Diagnostic> {
        match self.files.get(path) {
            Some(Source { path, made: true }) => Ok(Some(path.clone())),
            Some(Source { path, .. }) => match self.root.resolve(path) {
                Ok(real) => Ok(Some(real)),
                Err(error) => Err(error.diagnostic()),
            },
            None => Ok(None),
        }
    }
}

/// The problem of the picture `source` beside an item, published at `relative` where the
/// static file `other` is.
fn published_twice(config: &Config, source: &Path, other: &Path, relative: &Path) -> Diagnostic {
    let other = config.relative(other);
    let address = format!("/{}", relative.to_string_lossy());
    let message = format!(
        "would be published at {address}, where {} is: rename or move one of them",
        other.display()
    );
    let detail = format!(
        "در نشانی {} منتشر می‌شود، همان جا که {}؛ نام یا جای یکی را تغییر دهید",
        quoted(&address),
        quoted(&other.to_string_lossy())
    );
    Diagnostic::new(config.relative(source), None, message)
        .with_persian("دو فایل در یک نشانی", detail)
}
