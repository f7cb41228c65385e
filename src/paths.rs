//! The one rule for every path akhbar reads, writes or serves: resolved for real (`..` and
//! symbolic links, even when the path does not exist yet), it stays inside its root, the site's
//! folder, and out of the folders fenced off from it: what is published never comes from the
//! readers' comments or akhbar's private folder, and readers' data never goes where the site is
//! published. A link that stays inside is followed like the file or folder itself.
//!
//! The rule stops a command with the path named, in English and Persian, rather than skip the
//! path: a link an editor made to `/etc/passwd` or to `content/comments` is a mistake to fix,
//! not a file to quietly leave out.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

mod error;

pub use error::PathError;

/// The bytes of `path`'s last name: a walk's entries are compared by them, as by their file
/// names, without taking each path apart.
fn last_name(path: &Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let start = bytes
        .iter()
        .rposition(|&byte| std::path::is_separator(byte as char));
    &bytes[start.map_or(0, |at| at + 1)..]
}

/// How many symbolic links one path may pass through, as Linux allows.
const MAX_LINKS: usize = 40;

/// A folder that paths must stay inside, with the folders within it they must keep out of.
#[derive(Debug, Clone)]
pub struct Root {
    /// The folder as the command was given it; messages name paths from it.
    given: PathBuf,
    /// Its real path; `None` where any folder will do, as for a folder named on the command line.
    real: Option<PathBuf>,
    fences: Vec<Fence>,
}

/// A folder that paths under a [`Root`] must not lead into.
#[derive(Debug, Clone)]
struct Fence {
    real: PathBuf,
    shown: PathBuf,
    area: Area,
}

/// What a fenced-off folder holds, which says why a path must not lead into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The readers' comment files, with their emails and address hashes.
    Comments,
    /// akhbar's own folder (`.akhbar/`) and the comment service's secret.
    Private,
    /// What the site publishes: the output folder and the static files.
    Published,
}

/// The files a walk found, and every path on the way that broke the rule.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files, by the paths they were found at (under the folder walked, links unresolved),
    /// in file-name order.
    pub files: Vec<PathBuf>,
    pub problems: Vec<PathError>,
}

impl Root {
    /// The root `folder`, resolved for real now; messages name paths from `folder` as given.
    pub fn new(folder: &Path) -> Root {
        let real = real_path(folder)
            .or_else(|_| std::path::absolute(folder))
            .unwrap_or_else(|_| folder.to_path_buf());
        Root {
            given: folder.to_path_buf(),
            real: Some(real),
            fences: Vec::new(),
        }
    }

    /// No root: any folder will do, save the fenced ones; for a folder named on the command
    /// line, such as the moderation export's. Messages name paths from `names_from`.
    pub fn anywhere(names_from: &Path) -> Root {
        Root {
            given: names_from.to_path_buf(),
            real: None,
            fences: Vec::new(),
        }
    }

    /// The same root, with `folder` (and all under it) fenced off as holding `area`.
    pub fn fence(mut self, folder: &Path, area: Area) -> Root {
        if let Ok(real) = real_path(folder) {
            let shown = self.shown(folder);
            self.fences.push(Fence { real, shown, area });
        }
        self
    }

    /// `path` as messages name it: from the root's folder as given.
    pub fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.given) {
            Ok(relative) if !self.given.as_os_str().is_empty() => relative.to_path_buf(),
            _ => path.to_path_buf(),
        }
    }

    /// Where `path` really leads, if it keeps the rule.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, PathError> {
        let real = real_path(path).map_err(|source| PathError::Unreadable {
            path: self.shown(path),
            source,
        })?;
        self.admit(path, real)
    }

    /// `real`, where `path` leads, if it is inside the root and outside every fence.
    fn admit(&self, path: &Path, real: PathBuf) -> Result<PathBuf, PathError> {
        if let Some(root) = &self.real
            && !real.starts_with(root)
        {
            return Err(PathError::Outside {
                path: self.shown(path),
                real,
                root: root.clone(),
            });
        }
        if let Some(fence) = self
            .fences
            .iter()
            .find(|fence| real.starts_with(&fence.real))
        {
            return Err(PathError::Fenced {
                path: self.shown(path),
                real,
                area: fence.area,
                folder: fence.shown.clone(),
            });
        }
        Ok(real)
    }

    /// The files under `dir` to `max_depth` levels (1: `dir`'s own files) that `wanted` picks,
    /// with links followed: each folder and picked file is held to the rule, and a folder that
    /// breaks it is reported once and not entered. A link to nothing inside the root is no
    /// file (an editor's lock file is one); a missing `dir` has none.
    pub fn files(&self, dir: &Path, max_depth: usize, wanted: impl Fn(&Path) -> bool) -> Walked {
        let mut walked = Walked::default();
        // The real path of the latest folder seen at each depth: a child that is no link is
        // where its folder really is.
        let mut folders: Vec<PathBuf> = Vec::new();
        // A fence that is a folder's entry, as its folder and its name: a file that is no link,
        // in a folder that keeps the rule, can break it only by being one of them.
        let fenced: Vec<(&Path, &OsStr)> = (self.fences.iter())
            .filter_map(|fence| Some((fence.real.parent()?, fence.real.file_name()?)))
            .collect();
        let mut entries = walkdir::WalkDir::new(dir)
            .max_depth(max_depth)
            .follow_links(true)
            .sort_by(|a, b| last_name(a.path()).cmp(last_name(b.path())))
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    walked.problems.extend(self.walk_error(dir, error, &wanted));
                    continue;
                }
            };
            let (depth, is_dir) = (entry.depth(), entry.file_type().is_dir());
            if !is_dir && !wanted(entry.path()) {
                continue;
            }
            let folder = folders.get(depth.wrapping_sub(1));
            if let Some(folder) = folder
                && !is_dir
                && !entry.path_is_symlink()
                && !fenced.contains(&(folder.as_path(), entry.file_name()))
            {
                walked.files.push(entry.into_path());
                continue;
            }
            let real = match folder {
                Some(folder) if !entry.path_is_symlink() => Ok(folder.join(entry.file_name())),
                _ => real_path(entry.path()),
            };
            let admitted = real
                .map_err(|source| PathError::Unreadable {
                    path: self.shown(entry.path()),
                    source,
                })
                .and_then(|real| self.admit(entry.path(), real));
            match (admitted, is_dir) {
                (Ok(real), true) => {
                    folders.truncate(depth);
                    folders.push(real);
                }
                (Ok(_), false) => walked.files.push(entry.into_path()),
                (Err(problem), is_dir) => {
                    walked.problems.push(problem);
                    if is_dir {
                        entries.skip_current_dir();
                    }
                }
            }
        }
        walked
    }

    /// The problem behind a walk's `error`, if it is one: a link to nothing is none unless it
    /// leads out, and neither is a missing `dir`.
    fn walk_error(
        &self,
        dir: &Path,
        error: walkdir::Error,
        wanted: &impl Fn(&Path) -> bool,
    ) -> Option<PathError> {
        let path = error.path().unwrap_or(dir).to_path_buf();
        let dangling = fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_symlink())
            && error.loop_ancestor().is_none()
            && !path.exists();
        if dangling {
            return self
                .resolve(&path)
                .err()
                .filter(|_| wanted(&path) || error.depth() == 0);
        }
        let source = match error.into_io_error() {
            Some(source) if source.kind() == io::ErrorKind::NotFound && path == dir => return None,
            Some(source) => source,
            None => io::Error::other("it is a link to a folder that holds it"),
        };
        Some(PathError::Unreadable {
            path: self.shown(&path),
            source,
        })
    }
}

/// Where `path` really leads: an absolute path through no symbolic link and no `.` or `..`,
/// resolved as far as the path exists and taken as written beyond (what a write would make).
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    let mut links = 0;
    let mut real = PathBuf::new();
    follow(&mut real, &std::path::absolute(path)?, &mut links)?;
    Ok(real)
}

/// Appends `rest` to `real`, a real path, resolving each link on the way.
fn follow(real: &mut PathBuf, rest: &Path, links: &mut usize) -> io::Result<()> {
    for component in rest.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                let is_link = fs::symlink_metadata(&*real).is_ok_and(|meta| meta.is_symlink());
                if is_link {
                    *links += 1;
                    if *links > MAX_LINKS {
                        return Err(io::Error::other("too many levels of symbolic links"));
                    }
                    let target = fs::read_link(&*real)?;
                    real.pop();
                    follow(real, &target, links)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, Root) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("static/images")).unwrap();
        fs::create_dir_all(dir.path().join("content/comments/1")).unwrap();
        fs::write(dir.path().join("static/images/logo.svg"), "<svg/>").unwrap();
        fs::write(dir.path().join("content/comments/1/c.yaml"), "x").unwrap();
        let root =
            Root::new(dir.path()).fence(&dir.path().join("content/comments"), Area::Comments);
        (dir, root)
    }

    #[test]
    fn resolves_dot_dot_and_links_even_past_what_exists() {
        let (dir, _) = site();
        let real = real_path(dir.path()).unwrap();
        symlink("static/images", dir.path().join("pictures")).unwrap();
        assert_eq!(
            real_path(&dir.path().join("pictures/../images/./new/x.svg")).unwrap(),
            real.join("static/images/new/x.svg"),
            "`..` after a link goes up from where the link leads"
        );
        symlink("/nowhere/at/all", dir.path().join("dangling")).unwrap();
        assert_eq!(
            real_path(&dir.path().join("dangling/x")).unwrap(),
            Path::new("/nowhere/at/all/x")
        );
        symlink("loop", dir.path().join("loop")).unwrap();
        assert!(real_path(&dir.path().join("loop")).is_err());
    }

    #[test]
    fn a_path_stays_inside_its_root_and_out_of_its_fences() {
        let (dir, root) = site();
        let inside = dir.path().join("static/images/logo.svg");
        assert!(root.resolve(&inside).is_ok());
        assert!(root.resolve(&dir.path().join("static/new/file")).is_ok());
        let error = root
            .resolve(&dir.path().join("static/../../etc/passwd"))
            .unwrap_err();
        assert!(matches!(error, PathError::Outside { .. }), "{error}");
        assert_eq!(error.path(), Path::new("static/../../etc/passwd"));
        symlink("../content/comments", dir.path().join("static/c")).unwrap();
        let error = root
            .resolve(&dir.path().join("static/c/1/c.yaml"))
            .unwrap_err();
        assert!(
            error.to_string().starts_with(
                "static/c/1/c.yaml: leads to the readers' comments (content/comments)"
            ),
            "{error}"
        );
        let anywhere =
            Root::anywhere(dir.path()).fence(&dir.path().join("static"), Area::Published);
        assert!(anywhere.resolve(Path::new("/tmp/elsewhere")).is_ok());
        assert!(anywhere.resolve(&dir.path().join("static/x")).is_err());
    }

    #[test]
    fn a_walk_follows_links_inside_and_reports_each_way_out_once() {
        let (dir, root) = site();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("a.txt"), "a").unwrap();
        fs::write(outside.path().join("b.txt"), "b").unwrap();
        let static_dir = dir.path().join("static");
        symlink("images", static_dir.join("pictures")).unwrap();
        symlink(outside.path(), static_dir.join("shared")).unwrap();
        symlink("/etc/passwd", static_dir.join("passwd.txt")).unwrap();
        symlink("../content/comments", static_dir.join("c")).unwrap();
        symlink("missing.svg", static_dir.join(".#lock.svg")).unwrap();
        symlink("/etc/hostname", static_dir.join("ignored.bak")).unwrap();
        let walked = root.files(&static_dir, usize::MAX, |p| {
            p.extension().is_none_or(|ext| ext != "bak")
        });
        let found: Vec<_> = walked
            .files
            .iter()
            .map(|file| file.strip_prefix(&static_dir).unwrap())
            .collect();
        assert_eq!(
            found,
            [Path::new("images/logo.svg"), Path::new("pictures/logo.svg")]
        );
        let problems: Vec<_> = walked.problems.iter().map(PathError::path).collect();
        assert_eq!(
            problems,
            [
                Path::new("static/c"),
                Path::new("static/passwd.txt"),
                Path::new("static/shared")
            ]
        );
        assert!(
            root.files(&dir.path().join("none"), 1, |_| true)
                .files
                .is_empty()
        );
    }

    #[test]
    fn problems_are_told_in_persian_with_what_to_do() {
        let (dir, root) = site();
        symlink("/etc/passwd", dir.path().join("static/passwd.txt")).unwrap();
        let problem = root
            .resolve(&dir.path().join("static/passwd.txt"))
            .unwrap_err()
            .diagnostic();
        assert_eq!(problem.path, Path::new("static/passwd.txt"));
        let persian = problem.persian.unwrap();
        assert_eq!(persian.what, "مسیر بیرون از پوشهٔ پایگاه");
        assert!(persian.detail.contains("خود فایل یا پوشه را آنجا بگذارید"));
    }
}
