//! Comments kept as files, one YAML file each under `<folder>/<news id>/<comment id>.yaml`:
//! reviewable, versionable, written atomically and never deleted by akhbar, and read and
//! written only where the path rule ([`crate::paths`]) allows.
//!
//! Writers hold the folder's lock shared; [`super::journal::recover`] holds it alone, so it
//! never takes for a leftover the temporary file of a write still going on.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use tempfile::NamedTempFile;

use super::comment::Comment;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, persian_number};
use crate::paths::Root;
use crate::persian::bidi::isolate;
use crate::text_file;
use crate::yaml_limits;

/// The folder of comment files.
#[derive(Debug, Clone)]
pub struct CommentStore {
    dir: PathBuf,
    /// What every file read or written must keep to.
    root: Root,
}

/// The prefix of the temporary files comments are written to before they are renamed.
pub(crate) const TEMP_PREFIX: &str = ".comment-";

/// A file written to a temporary name, put in its place by [`super::journal`].
pub struct StagedWrite {
    file: NamedTempFile,
    path: PathBuf,
}

/// The folder's lock, held shared by writers and alone by [`super::journal::recover`]; released
/// when dropped, or by the system when the process ends in any way.
pub struct FolderLock(#[allow(dead_code)] File);

impl CommentStore {
    /// The comments in `dir`, whose files must all really be inside it.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let root = Root::new(&dir);
        CommentStore { dir, root }
    }

    /// The site's comments: in its `[comments] folder`, each file inside the site's folder
    /// and outside what it publishes ([`Config::comments_root`]).
    pub fn of_site(config: &Config) -> Self {
        CommentStore {
            dir: config.comments_dir(),
            root: config.comments_root(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `comment` is kept.
    pub fn path_of(&self, comment: &Comment) -> PathBuf {
        self.dir
            .join(comment.news_id.to_string())
            .join(format!("{}.yaml", comment.id))
    }

    /// Every comment, oldest first; every unreadable file is reported, with its line.
    pub fn load_all(&self) -> Result<Vec<Comment>, Diagnostics> {
        let walked = self.root.files(&self.dir, 2, |path| {
            let depth = path
                .strip_prefix(&self.dir)
                .map_or(0, |p| p.components().count());
            depth == 2 && path.extension().is_some_and(|ext| ext == "yaml")
        });
        let read: Vec<Result<Comment, Diagnostic>> = walked
            .files
            .par_iter()
            .map(|path| self.read(path))
            .collect();
        let mut problems: Vec<Diagnostic> =
            walked.problems.iter().map(|p| p.diagnostic()).collect();
        let mut comments = Vec::new();
        for result in read {
            match result {
                Ok(comment) => comments.push(comment),
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            problems.sort_by(|a, b| a.path.cmp(&b.path));
            return Err(Diagnostics(problems));
        }
        comments.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(comments)
    }

    fn read(&self, path: &Path) -> Result<Comment, Diagnostic> {
        let text =
            text_file::read(path).map_err(|error| error.diagnostic(path, "خطای خواندن دیدگاه"))?;
        yaml_limits::check(&text).map_err(|exceeded| exceeded.diagnostic(path, 1))?;
        let comment: Comment = serde_yaml::from_str(&text).map_err(|error| {
            let line = error.location().map(|at| at.line());
            let detail = format!("این فایل دیدگاه نیست: {}", isolate(&error.to_string()));
            Diagnostic::new(path, line, format!("is not a comment file: {error}"))
                .with_persian("فایل دیدگاه نادرست", detail)
        })?;
        if self.path_of(&comment) != path {
            let belongs = self.path_of(&comment).display().to_string();
            let message = format!(
                "holds comment {} of news {}, which belongs in {belongs}: move it or fix its id",
                comment.id, comment.news_id,
            );
            let detail = format!(
                "دیدگاه {} از خبر {} در آن است که جایش در {} است: فایل را جابه‌جا کنید یا شناسه‌اش را درست کنید",
                isolate(&comment.id),
                persian_number(comment.news_id),
                isolate(&belongs)
            );
            return Err(
                Diagnostic::new(path, None, message).with_persian("دیدگاه در جای نادرست", detail)
            );
        }
        Ok(comment)
    }

    /// Stores a new comment; fails rather than replace a file that exists.
    pub fn add(&self, comment: &Comment) -> io::Result<PathBuf> {
        let _writing = self.lock(false)?;
        let staged = self.stage(comment)?;
        let path = staged.path.clone();
        staged.file.persist_noclobber(&path).map_err(|e| e.error)?;
        sync_dir(path.parent().expect("a comment file is in a folder"))?;
        Ok(path)
    }

    /// Writes `comment` to a temporary file beside its place, flushed to disk, ready to be put
    /// in place; refuses a place the path rule does not allow. The caller holds the folder's
    /// lock.
    pub fn stage(&self, comment: &Comment) -> io::Result<StagedWrite> {
        let path = self.path_of(comment);
        self.root.resolve(&path).map_err(io::Error::other)?;
        let folder = path.parent().expect("a comment file is in a folder");
        fs::create_dir_all(folder)?;
        let mut file = NamedTempFile::with_prefix_in(TEMP_PREFIX, folder)?;
        let yaml = serde_yaml::to_string(comment).map_err(io::Error::other)?;
        file.write_all(yaml.as_bytes())?;
        file.as_file().sync_all()?;
        Ok(StagedWrite { file, path })
    }

    /// The folder's lock: shared (`exclusive` false) for writing files, alone for tidying.
    /// The folder is made if missing.
    pub fn lock(&self, exclusive: bool) -> io::Result<FolderLock> {
        fs::create_dir_all(&self.dir)?;
        // The folder itself is locked where the system allows it, so no lock file is left.
        #[cfg(unix)]
        let file = File::open(&self.dir)?;
        #[cfg(not(unix))]
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(".lock"))?;
        if exclusive {
            file.lock()?;
        } else {
            file.lock_shared()?;
        }
        Ok(FolderLock(file))
    }
}

impl StagedWrite {
    /// Keeps the staged file past this value's end: its temporary path and its place.
    pub fn keep(self) -> io::Result<(PathBuf, PathBuf)> {
        let temp = self.file.into_temp_path().keep().map_err(|e| e.error)?;
        Ok((temp, self.path))
    }
}

/// Makes the renames in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A new comment id: the UTC time to the millisecond, then 48 random bits, so names sort by
/// arrival and never collide.
pub fn new_id(now: Timestamp) -> String {
    let mut random = [0u8; 6];
    getrandom::fill(&mut random).expect("the system's random source works");
    let random = crate::fingerprint::hex(&random);
    format!("{}-{random}", now.strftime("%Y%m%dT%H%M%S%3fZ"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::model::Status;

    fn comment(id: &str) -> Comment {
        Comment {
            id: id.into(),
            news_id: 242513,
            name: "علی".into(),
            email: "ali@example.org".into(),
            body: "سلام\n\nخط دوم".into(),
            received_at: "2026-11-25T06:00:00Z".parse().unwrap(),
            status: Status::Pending,
            moderated_at: None,
            moderated_by: None,
            reply: None,
            ip_hash: "ab12".into(),
        }
    }

    #[test]
    fn comments_are_stored_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = CommentStore::new(dir.path());
        let first = comment("20261125T060000000Z-000001");
        let path = store.add(&first).unwrap();
        assert!(path.ends_with("242513/20261125T060000000Z-000001.yaml"));
        assert!(
            store.add(&first).is_err(),
            "an existing file is never replaced"
        );
        let mut decided = first.clone();
        decided.status = Status::Approved;
        let staged = vec![store.stage(&decided).unwrap()];
        crate::comments::model::journal::replace_all(&store, staged, &mut |_| {}).unwrap();
        assert_eq!(store.load_all().unwrap(), [decided]);
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file stays behind");
    }

    #[test]
    fn tidying_waits_for_the_writes_going_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = CommentStore::new(dir.path());
        let writing = store.lock(false).unwrap();
        let staged = store.stage(&comment("a")).unwrap();
        let tidying = {
            let store = store.clone();
            std::thread::spawn(move || crate::comments::model::journal::recover(&store).unwrap())
        };
        // Time for the tidying to run, were it not waiting for the lock.
        std::thread::sleep(std::time::Duration::from_millis(300));
        staged.file.persist_noclobber(&staged.path).unwrap();
        drop(writing);
        assert_eq!(
            tidying.join().unwrap(),
            crate::comments::model::journal::Recovered::default()
        );
        assert_eq!(store.load_all().unwrap().len(), 1);
    }

    #[test]
    fn a_broken_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = CommentStore::new(dir.path());
        store.add(&comment("a")).unwrap();
        let bad = dir.path().join("242513/b.yaml");
        fs::write(&bad, "id: b\nnews_id: [\n").unwrap();
        let problems = store.load_all().unwrap_err().0;
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, bad);
        assert!(problems[0].line.is_some());
    }

    #[test]
    fn ids_sort_by_time() {
        let early = new_id("2026-01-02T03:04:05.006Z".parse().unwrap());
        let late = new_id("2026-01-02T03:04:05.007Z".parse().unwrap());
        assert!(early.starts_with("20260102T030405006Z-"), "{early}");
        assert!(early < late);
        assert_eq!(early.len(), "20260102T030405006Z-".len() + 12);
    }
}
