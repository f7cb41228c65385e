//! The folder beside the output where a build works: `.<output name>.akhbar/`, on the same
//! file system as the output so that its files can be renamed into place. It holds the lock
//! that keeps two builds of one output apart, the staged new files, the previous files a
//! commit has moved aside, and the commit's journal.
//!
//! Everything but the lock file and the ledger of changes ([`super::ledger`]) is temporary: the build that holds the lock first finishes or
//! undoes a commit a killed build left ([`super::commit::recover`]), then removes every other
//! leftover, including the `.<name>.staging-<pid>` and `.<name>.previous-<pid>` folders of
//! akhbar versions before the journal.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ensure_replaceable, io_error};
use crate::diagnostic::Diagnostic;
use crate::persian::bidi::isolate;

/// The work folder of one output folder, locked by this process while it lives.
#[derive(Debug)]
pub struct WorkFolder {
    output: PathBuf,
    root: PathBuf,
    /// Held open: the lock lasts as long as the file is open, and ends with the process.
    _lock: File,
}

impl WorkFolder {
    /// Locks the work folder of `output`, made if missing. Another build of the same output
    /// that holds it makes this an error naming that build's process, and so does an output
    /// folder holding files akhbar did not write (which then gets no work folder beside it).
    pub fn lock(output: &Path) -> Result<WorkFolder, Diagnostic> {
        ensure_replaceable(output)?;
        let root = work_root(output)?;
        fs::create_dir_all(&root).map_err(|e| io_error(&root, "cannot create", &e))?;
        let path = root.join("lock");
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io_error(&path, "cannot create", &e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                return Err(busy(output, holder.trim()));
            }
            Err(fs::TryLockError::Error(error)) => {
                return Err(io_error(&path, "cannot lock", &error));
            }
        }
        file.set_len(0)
            .and_then(|()| write!(file, "{}", std::process::id()))
            .map_err(|e| io_error(&path, "cannot write", &e))?;
        Ok(WorkFolder {
            output: output.to_path_buf(),
            root,
            _lock: file,
        })
    }

    /// The output folder this work folder belongs to.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Where new files are written before the commit: the whole new site, or the files of an
    /// update.
    pub fn staging(&self) -> PathBuf {
        self.root.join("staging")
    }

    /// Where an update moves the files it replaces or removes, until its commit is final.
    pub fn backup(&self) -> PathBuf {
        self.root.join("backup")
    }

    /// Where a replacement moves the old site when the system cannot swap two folders at once.
    pub fn previous(&self) -> PathBuf {
        self.root.join("previous")
    }

    /// Where a folder that is no longer wanted goes before it is removed.
    pub fn discard(&self) -> PathBuf {
        self.root.join("discard")
    }

    /// The journal of a commit in progress.
    pub fn journal(&self) -> PathBuf {
        self.root.join("journal.json")
    }

    /// The journal of a commit that reached its point of no return.
    pub fn done(&self) -> PathBuf {
        self.root.join("journal.done")
    }

    /// The record of what each build changed and what each host was sent
    /// ([`super::ledger::Ledger`]); it outlives builds, as the lock file does.
    pub fn ledger(&self) -> PathBuf {
        self.root.join("ledger.json")
    }

    /// The list of paths `akhbar deploy` hands rsync, while it runs.
    pub fn deploy_list(&self) -> PathBuf {
        self.root.join("deploy-paths")
    }

    /// A fresh, empty staging folder.
    pub fn fresh_staging(&self) -> Result<PathBuf, Diagnostic> {
        let staging = self.staging();
        remove_folder(&staging)?;
        fs::create_dir_all(&staging).map_err(|e| io_error(&staging, "cannot create", &e))?;
        Ok(staging)
    }

    /// Removes every temporary file and folder: this work folder's and those earlier akhbar
    /// versions left beside the output. Call only with no commit pending.
    pub fn clear(&self) -> Result<(), Diagnostic> {
        for folder in [
            self.staging(),
            self.backup(),
            self.previous(),
            self.discard(),
        ] {
            remove_folder(&folder)?;
        }
        for file in [self.done(), self.root.join("journal.json.tmp")] {
            if file.exists() {
                fs::remove_file(&file).map_err(|e| io_error(&file, "cannot clear", &e))?;
            }
        }
        for old in old_leftovers(&self.output) {
            remove_folder(&old)?;
        }
        Ok(())
    }
}

/// Whether a commit into `output` was cut short and waits for the next build to undo it.
pub fn interrupted(output: &Path) -> bool {
    work_root(output).is_ok_and(|root| root.join("journal.json").is_file())
}

/// `.<output name>.akhbar` beside `output`.
fn work_root(output: &Path) -> Result<PathBuf, Diagnostic> {
    let name = output.file_name().ok_or_else(|| {
        Diagnostic::new(output, None, "the output must be a folder with a name")
            .with_persian("پوشهٔ خروجی نامعتبر", "خروجی باید پوشه‌ای با نام باشد")
    })?;
    Ok(parent_of(output).join(format!(".{}.akhbar", name.to_string_lossy())))
}

fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The staging and previous-site folders of akhbar versions that named them by process.
fn old_leftovers(output: &Path) -> Vec<PathBuf> {
    let Some(name) = output.file_name() else {
        return Vec::new();
    };
    let prefixes =
        ["staging-", "previous-"].map(|kind| format!(".{}.{kind}", name.to_string_lossy()));
    let Ok(entries) = fs::read_dir(parent_of(output)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            prefixes.iter().any(|prefix| {
                name.strip_prefix(prefix.as_str())
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        .map(|entry| entry.path())
        .collect()
}

fn remove_folder(folder: &Path) -> Result<(), Diagnostic> {
    match fs::remove_dir_all(folder) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error(folder, "cannot clear", &error))
        }
        _ => Ok(()),
    }
}

/// Another build holds the lock of `output`; `holder` is its process number, as it wrote it.
fn busy(output: &Path, holder: &str) -> Diagnostic {
    let process = if holder.is_empty() { "?" } else { holder };
    let message = format!(
        "another akhbar build (process {process}) is writing this output folder: wait for it to \
         finish, then build again"
    );
    let detail = format!(
        "ساخت دیگری از akhbar (فرایند {}) در حال نوشتن همین پوشهٔ خروجی است: بگذارید تمام شود، سپس دوباره بسازید",
        isolate(process)
    );
    Diagnostic::new(output, None, message).with_persian("ساخت هم‌زمان", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_output_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let first = WorkFolder::lock(&output).unwrap();
        let second = WorkFolder::lock(&output).unwrap_err();
        let holder = std::process::id().to_string();
        assert!(
            second.message.contains(&format!("(process {holder})")),
            "{second}"
        );
        drop(first);
        WorkFolder::lock(&output).expect("free again once the first is gone");
    }

    #[test]
    fn clearing_removes_what_killed_builds_left() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let work = WorkFolder::lock(&output).unwrap();
        for folder in [
            work.staging(),
            work.backup(),
            dir.path().join(".public.staging-4242"),
            dir.path().join(".public.previous-17"),
        ] {
            fs::create_dir_all(folder.join("news")).unwrap();
            fs::write(folder.join("news/index.html"), "x").unwrap();
        }
        fs::create_dir_all(dir.path().join(".public.staging-notes")).unwrap();
        work.clear().unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".public.akhbar", ".public.staging-notes"]);
        let inside: Vec<_> = fs::read_dir(dir.path().join(".public.akhbar"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(inside, ["lock"]);
    }
}
