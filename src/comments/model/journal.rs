//! A batch of comment files replaced all together, across a crash too: every new file is
//! staged complete and flushed first; then a journal listing the renames is made durable;
//! then the renames are done and the journal removed. A crash before the journal leaves only
//! temporary files (removed by [`recover`]); a crash after it
//! leaves a journal that `recover` completes — it rolls forward, since every staged file was
//! complete before the journal was written.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

use super::store::{CommentStore, StagedWrite, TEMP_PREFIX, sync_dir};

/// The journal's name in the comments folder.
const JOURNAL: &str = ".apply-journal";
/// Its first line, naming the format.
const HEADER: &str = "akhbar apply journal 1";

/// What [`recover`] found and did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Comment files an interrupted batch of decisions had staged, now put in place.
    pub completed: usize,
    /// Temporary files interrupted writes left, now removed.
    pub removed: usize,
}

impl Recovered {
    /// Says in the log what was done, if anything.
    pub fn log(&self) {
        if self.completed > 0 {
            eprintln!(
                "akhbar: completed an interrupted `comments apply`: {} comment files put in place",
                self.completed
            );
        }
        if self.removed > 0 {
            eprintln!(
                "akhbar: removed {} unfinished comment files left by an interrupted run",
                self.removed
            );
        }
    }
}

/// Tidies the folder after a crash: completes a batch of decisions that was interrupted
/// once its journal was written, then removes the temporary files interrupted writes
/// left (copies of comments, emails included). Waits for the writes going on to end.
pub fn recover(store: &CommentStore) -> io::Result<Recovered> {
    if !store.dir().is_dir() {
        return Ok(Recovered::default());
    }
    let _alone = store.lock(true)?;
    let completed = complete(store.dir())?;
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(store.dir()).min_depth(1).max_depth(2) {
        let entry = entry.map_err(io::Error::other)?;
        let leftover = entry.file_type().is_file()
            && entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        if leftover {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(Recovered { completed, removed })
}

/// The steps of [`replace_all`], at which tests stop a process as a crash would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every new file is staged and flushed; nothing is in place yet.
    Staged,
    /// The journal is durable; nothing is in place yet.
    Journaled,
    /// This many files are in place.
    Renamed(usize),
    /// Every file is in place and the journal is gone.
    Done,
}

/// Puts every file of `staged` (written under the folder's shared lock, still held) in its
/// place, all or none across a crash; calls `at` after each step.
pub fn replace_all(
    store: &CommentStore,
    staged: Vec<StagedWrite>,
    at: &mut dyn FnMut(Step),
) -> io::Result<()> {
    let dir = store.dir();
    at(Step::Staged);
    let moves = staged
        .into_iter()
        .map(StagedWrite::keep)
        .collect::<io::Result<Vec<_>>>()?;
    if let Err(error) = write_journal(dir, &moves) {
        for (temp, _) in &moves {
            let _ = fs::remove_file(temp);
        }
        return Err(error);
    }
    at(Step::Journaled);
    for (done, (temp, target)) in moves.iter().enumerate() {
        fs::rename(temp, target)?;
        at(Step::Renamed(done + 1));
    }
    finish(dir, &moves)?;
    at(Step::Done);
    Ok(())
}

/// Completes the batch whose journal is in `dir`, if there is one: how many files it put in
/// place (the others were before the crash).
pub fn complete(dir: &Path) -> io::Result<usize> {
    let path = dir.join(JOURNAL);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    let moves = parse(&text, dir).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} is not a journal akhbar wrote: move it away and look at the comments it names",
                path.display()
            ),
        )
    })?;
    let mut completed = 0;
    for (temp, target) in &moves {
        if fs::symlink_metadata(temp).is_ok() {
            fs::rename(temp, target)?;
            completed += 1;
        }
    }
    finish(dir, &moves)?;
    Ok(completed)
}

/// Makes the renames of `moves` durable, then removes the journal.
fn finish(dir: &Path, moves: &[(PathBuf, PathBuf)]) -> io::Result<()> {
    let folders: BTreeSet<&Path> = moves.iter().filter_map(|(_, t)| t.parent()).collect();
    folders.into_iter().try_for_each(sync_dir)?;
    fs::remove_file(dir.join(JOURNAL))?;
    sync_dir(dir)
}

/// Writes the journal of `moves` atomically and durably.
fn write_journal(dir: &Path, moves: &[(PathBuf, PathBuf)]) -> io::Result<()> {
    let mut text = format!("{HEADER}\n");
    for (temp, target) in moves {
        let (Some(temp), Some(target)) = (relative(dir, temp), relative(dir, target)) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} cannot be named in the journal", target.display()),
            ));
        };
        text.push_str(&format!("{temp}\t{target}\n"));
    }
    let mut file = NamedTempFile::with_prefix_in(TEMP_PREFIX, dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(dir.join(JOURNAL)).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// `path` as the journal names it: `<news id>/<file>` under `dir`.
fn relative(dir: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(dir).ok()?.to_str()?;
    let parts: Vec<&str> = rest.split(std::path::MAIN_SEPARATOR).collect();
    let plain = |part: &&str| !part.is_empty() && !part.contains(['\t', '\n', '/', '\\']);
    (parts.len() == 2 && parts.iter().all(plain)).then(|| parts.join("/"))
}

/// The renames a journal lists, each a temporary file and its place in the same news folder
/// of `dir`; none if any line is not one akhbar writes.
fn parse(text: &str, dir: &Path) -> Option<Vec<(PathBuf, PathBuf)>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let inside = |relative: &str| {
        let path = Path::new(relative);
        let parts: Vec<Component> = path.components().collect();
        (parts.len() == 2
            && parts
                .iter()
                .all(|part| matches!(part, Component::Normal(_))))
        .then(|| dir.join(path))
    };
    lines
        .map(|line| {
            let (temp, target) = line.split_once('\t')?;
            let (temp, target) = (inside(temp)?, inside(target)?);
            let temp_name = temp.file_name()?.to_str()?;
            let fits = temp.parent() == target.parent()
                && temp_name.starts_with(TEMP_PREFIX)
                && target.extension().is_some_and(|ext| ext == "yaml");
            fits.then_some((temp, target))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_names_only_files_inside_news_folders() {
        let dir = Path::new("/srv/site/content/comments");
        let good = format!("{HEADER}\n1001/.comment-abc\t1001/x.yaml\n");
        assert_eq!(
            parse(&good, dir).unwrap(),
            [(dir.join("1001/.comment-abc"), dir.join("1001/x.yaml"))]
        );
        for bad in [
            format!("{HEADER}\n1001/.comment-abc\t../x.yaml\n"),
            format!("{HEADER}\n1001/.comment-abc\t/etc/x.yaml\n"),
            format!("{HEADER}\n1001/.comment-abc\t1002/x.yaml\n"),
            format!("{HEADER}\n1001/other\t1001/x.yaml\n"),
            format!("{HEADER}\n1001/.comment-abc\t1001/x.txt\n"),
            format!("{HEADER}\n1001/.comment-abc 1001/x.yaml\n"),
            "another file\n".to_string(),
        ] {
            assert_eq!(parse(&bad, dir), None, "{bad}");
        }
        assert_eq!(
            relative(dir, &dir.join("1001").join("x.yaml")).as_deref(),
            Some("1001/x.yaml")
        );
        assert_eq!(relative(dir, Path::new("/elsewhere/1001/x.yaml")), None);
    }
}

/// A batch of decisions killed at each step of [`replace_all`], in a child process that
/// aborts there as `kill -9` would (no destructor runs), then recovered.
#[cfg(test)]
mod crash_tests {
    use std::path::Path;
    use std::process::Command;

    use super::Step;
    use crate::comments::moderation::apply::{Change, apply_with};
    use crate::comments::{Comment, CommentStore, Status};

    const CHILD: &str = "AKHBAR_TEST_CRASH_AT";
    const DIR: &str = "AKHBAR_TEST_CRASH_DIR";
    const STEPS: [Step; 6] = [
        Step::Staged,
        Step::Journaled,
        Step::Renamed(1),
        Step::Renamed(2),
        Step::Renamed(3),
        Step::Done,
    ];

    fn pending(id: &str, news_id: u64) -> Comment {
        Comment::pending_sample(id, news_id)
    }

    /// Three comments in two news folders, all approved by the batch.
    fn batch() -> Vec<(Comment, Change)> {
        [("a", 1001), ("b", 1001), ("c", 1002)]
            .into_iter()
            .map(|(id, news)| {
                let mut approved = pending(id, news);
                approved.status = Status::Approved;
                let change = Change {
                    id: id.into(),
                    news_id: news,
                    name: approved.name.clone(),
                    from: Status::Pending,
                    to: Status::Approved,
                    reply_changed: false,
                };
                (approved, change)
            })
            .collect()
    }

    /// Every file under `dir`, by its path there.
    fn files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_batch_killed_at_any_step_is_whole_or_absent_once_recovered() {
        if let Ok(step) = std::env::var(CHILD) {
            let store = CommentStore::new(std::env::var(DIR).unwrap());
            let stop = STEPS[step.parse::<usize>().unwrap()];
            let _ = apply_with(&store, &batch(), &mut |at| {
                if at == stop {
                    std::process::abort();
                }
            });
            return;
        }
        for (index, step) in STEPS.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            let store = CommentStore::new(dir.path());
            for (comment, _) in batch() {
                store.add(&pending(&comment.id, comment.news_id)).unwrap();
            }
            let killed = Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "comments::model::journal::crash_tests::a_batch_killed_at_any_step_is_whole_or_absent_once_recovered",
                    "--nocapture",
                ])
                .env(CHILD, index.to_string())
                .env(DIR, dir.path())
                .output()
                .unwrap();
            assert!(!killed.status.success(), "{step:?}: the child was to abort");
            let left = files(dir.path());
            // The staged copies not yet in place, and the journal once written.
            let expected_left = match step {
                Step::Staged => 3,
                Step::Journaled => 1 + 3,
                Step::Renamed(done) => 1 + 3 - done,
                Step::Done => 0,
            };
            let extra = left.iter().filter(|f| !f.ends_with(".yaml")).count();
            assert_eq!(extra, expected_left, "{step:?}: {left:?}");

            let recovered = crate::comments::model::journal::recover(&store).unwrap();
            let statuses: Vec<Status> = (store.load_all().unwrap().iter())
                .map(|comment| comment.status)
                .collect();
            let whole = *step != Step::Staged;
            let expected = if whole {
                Status::Approved
            } else {
                Status::Pending
            };
            assert_eq!(statuses, [expected; 3], "{step:?}");
            assert_eq!(
                files(dir.path()),
                ["1001/a.yaml", "1001/b.yaml", "1002/c.yaml"],
                "{step:?}: no temporary file, no journal"
            );
            let to_complete = match step {
                Step::Journaled => 3,
                Step::Renamed(done) => 3 - done,
                _ => 0,
            };
            assert_eq!(recovered.completed, to_complete, "{step:?}");
        }
    }
}
