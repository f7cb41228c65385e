//! Writes a build as it is rendered, so no build holds the whole site in memory, and touches
//! the output folder only once everything is written and checked.
//!
//! Files go into the staging folder of the output's [`WorkFolder`]. With no trusted record of
//! the output folder, the staging folder becomes the whole new site and replaces the old one.
//! With one (the previous build's [`Manifest`], matching the folder exactly), only the files
//! whose bytes changed are staged; they are moved into place at the end, and files the build no
//! longer makes are removed, so an unchanged site costs no writes. Either way the change is one
//! journaled [`commit`]: the output is the old site or the new one.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rustc_hash::FxHashSet as HashSet;

use super::changes::ChangeList;
use super::commit::{self, CommitError, FaultHook, Plan};
use super::ledger::Ledger;
use super::manifest::{Manifest, Stamp};
use super::statics::StaticFiles;
use super::work_folder::WorkFolder;
use super::{MARKER, MARKER_TEXT, OutputFile, io_error};
use crate::diagnostic::Diagnostic;

/// A build being written.
pub struct SiteWriter {
    output: PathBuf,
    /// The locked work folder; none when nothing is written.
    work: Option<WorkFolder>,
    /// Where files are written before they are put in place; none when nothing is written.
    staging: Option<PathBuf>,
    /// The output folder as the previous build left it, when it is updated in place.
    previous: Option<Arc<Manifest>>,
    /// Every file of the new site.
    present: Mutex<HashSet<PathBuf>>,
    /// The files written into the staging folder.
    staged: Mutex<Vec<PathBuf>>,
    committed: bool,
}

impl SiteWriter {
    /// Starts writing the site into the output of `work`, which [`commit::recover`] has seen
    /// to; with `previous`, the output folder is updated in place (the caller has checked that
    /// it matches). The manifest is shared with the record it came from; it is copied at the
    /// commit only if the record still holds it then.
    pub fn begin(
        work: WorkFolder,
        previous: Option<Arc<Manifest>>,
    ) -> Result<SiteWriter, Diagnostic> {
        let output = work.output().to_path_buf();
        let staging = work.fresh_staging()?;
        Ok(SiteWriter {
            output,
            work: Some(work),
            staging: Some(staging),
            previous,
            present: Mutex::default(),
            staged: Mutex::default(),
            committed: false,
        })
    }

    /// Gives up this build's writing: what it staged is removed, and the output's work
    /// folder, still locked, is given back for another start.
    pub fn abandon(mut self) -> WorkFolder {
        let work = self.work.take().expect("a writer into a folder");
        let _ = work.clear();
        work
    }

    /// A writer that writes nothing, for a build that is only checked: it knows the files the
    /// build would have.
    pub fn nowhere() -> SiteWriter {
        SiteWriter {
            output: PathBuf::new(),
            work: None,
            staging: None,
            previous: None,
            present: Mutex::default(),
            staged: Mutex::default(),
            committed: false,
        }
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Whether the output folder is updated in place rather than replaced.
    pub fn updates_in_place(&self) -> bool {
        self.previous.is_some()
    }

    /// The output folder as the previous build left it, when it is updated in place.
    pub fn previous(&self) -> Option<&Manifest> {
        self.previous.as_deref()
    }

    /// Copies the static files `files` into the site. When updating in place, a file whose
    /// source has the stamp `sources` recorded is kept as it is. Returns how many static files
    /// there are, and the stamps to record for the next build.
    pub fn copy_static(
        &self,
        files: &StaticFiles,
        sources: &Manifest,
    ) -> Result<(usize, Manifest), Diagnostic> {
        let now = SystemTime::now();
        let mut recorded = Manifest::default();
        for (relative, source) in files.iter() {
            let stamp = fs::metadata(source).ok().as_ref().and_then(Stamp::of);
            let unchanged = self.previous.as_ref().is_some_and(|previous| {
                previous.contains(relative)
                    && ((stamp.is_some() && sources.get(relative) == stamp)
                        || same_bytes(source, &self.output.join(relative)))
            });
            self.present
                .lock()
                .expect("not poisoned")
                .insert(relative.to_path_buf());
            if let (false, Some(staging)) = (unchanged, &self.staging) {
                let target = staging.join(relative);
                create_parent(&target)?;
                fs::copy(source, &target).map_err(|e| io_error(source, "cannot copy", &e))?;
                self.staged
                    .lock()
                    .expect("not poisoned")
                    .push(relative.to_path_buf());
            }
            if let Some(stamp) = stamp.filter(|stamp| stamp.settled_by(now)) {
                recorded.insert(relative, stamp);
            }
        }
        Ok((files.len(), recorded))
    }

    /// Adds `file` to the site; when updating in place, a file with the same bytes as the
    /// output's is left where it is.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let inside = file
            .path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || file.path.as_os_str().is_empty() {
            let message = "refusing to write outside the output folder";
            return Err(Diagnostic::new(&file.path, None, message).with_persian(
                "نوشتن بیرون از پوشهٔ خروجی",
                "akhbar چیزی را بیرون از پوشهٔ خروجی نمی‌نویسد",
            ));
        }
        self.present
            .lock()
            .expect("not poisoned")
            .insert(file.path.clone());
        let Some(staging) = self.staging.as_ref().filter(|_| !self.is_unchanged(file)) else {
            return Ok(());
        };
        let target = staging.join(&file.path);
        create_parent(&target)?;
        fs::write(&target, &file.bytes).map_err(|e| io_error(&target, "cannot write", &e))?;
        self.staged
            .lock()
            .expect("not poisoned")
            .push(file.path.clone());
        Ok(())
    }

    /// Keeps the previous build's file at `path` in the site as it is.
    pub fn keep(&self, path: &Path) {
        self.present
            .lock()
            .expect("not poisoned")
            .insert(path.to_path_buf());
    }

    /// [`SiteWriter::keep`] for each of `paths`, under one lock.
    pub fn keep_all(&self, paths: &mut dyn ExactSizeIterator<Item = &Path>) {
        let mut present = self.present.lock().expect("not poisoned");
        present.reserve(paths.len());
        present.extend(paths.map(Path::to_path_buf));
    }

    /// Whether the output folder already has `file`, byte for byte.
    fn is_unchanged(&self, file: &OutputFile) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        previous
            .get(&file.path)
            .is_some_and(|stamp| stamp.file_len() == file.bytes.len() as u64)
            && fs::read(self.output.join(&file.path)).is_ok_and(|old| *old == *file.bytes)
    }

    /// Calls `check` with a test of whether a path is a file of the new site so far.
    pub fn check_present(&self, check: &mut dyn FnMut(&crate::output::links::IsTarget)) {
        let present = self.present.lock().expect("not poisoned");
        check(&|path| present.contains(path));
    }

    /// Every file of the new site.
    pub fn present(&self) -> HashSet<PathBuf> {
        self.present.lock().expect("not poisoned").clone()
    }

    /// Puts the new site in place of the old, in one journaled [`commit`], and returns what
    /// the output folder now holds, with the work folder, still locked. With nothing written
    /// ([`SiteWriter::nowhere`]), the manifest is empty.
    pub fn commit(self) -> Result<Committed, CommitError> {
        self.commit_with(&mut |_| None)
    }

    /// [`SiteWriter::commit`], with `fault` deciding before each step whether a fault is
    /// injected there (for tests).
    pub fn commit_with(mut self, fault: FaultHook) -> Result<Committed, CommitError> {
        self.committed = true;
        let Some(work) = self.work.take() else {
            return Ok(Committed {
                manifest: Manifest::default(),
                changes: ChangeList::default(),
                ledger_error: None,
                work: None,
            });
        };
        let manifest = match self.previous.take() {
            None => self.replace(&work, fault),
            Some(previous) => self.update(&work, Arc::unwrap_or_clone(previous), fault),
        };
        if let Err(CommitError::Undone(_)) = manifest {
            let _ = work.clear();
        }
        let (manifest, changes, ledger_error) = manifest?;
        Ok(Committed {
            manifest,
            changes,
            ledger_error,
            work: Some(work),
        })
    }

    /// Replaces the output folder with the staging folder: every file is new to it.
    fn replace(
        &self,
        work: &WorkFolder,
        fault: FaultHook,
    ) -> Result<(Manifest, ChangeList, Option<std::io::Error>), CommitError> {
        let build = build_id();
        let marker = work.staging().join(MARKER);
        fs::write(&marker, format!("{MARKER_TEXT}build: {build}\n"))
            .map_err(|e| CommitError::Undone(io_error(&marker, "cannot write", &e)))?;
        let changes = ChangeList {
            added: self.present().into_iter().collect(),
            whole: self.output.exists(),
            ..ChangeList::default()
        }
        .sorted();
        let ledger_error = note_in_ledger(work, &changes);
        commit::run(work, &Plan::Replace { build }, fault)?;
        let manifest = Manifest::of_folder(&self.output).unwrap_or_default();
        Ok((manifest, changes, ledger_error))
    }

    /// Moves the staged files into the output folder and removes those the site no longer has.
    fn update(
        &self,
        work: &WorkFolder,
        mut manifest: Manifest,
        fault: FaultHook,
    ) -> Result<(Manifest, ChangeList, Option<std::io::Error>), CommitError> {
        let staged = std::mem::take(&mut *self.staged.lock().expect("not poisoned"));
        let present = self.present.lock().expect("not poisoned");
        let removals: Vec<PathBuf> = manifest
            .paths()
            .filter(|path| !present.contains(path))
            .collect();
        let installs: Vec<(PathBuf, bool)> = staged
            .into_iter()
            .map(|path| {
                let replaces = manifest.contains(&path);
                (path, replaces)
            })
            .collect();
        let marker = self.output.join(MARKER);
        if !marker.is_file() {
            fs::write(&marker, MARKER_TEXT)
                .map_err(|e| CommitError::Undone(io_error(&marker, "cannot write", &e)))?;
        }
        let mut changes = ChangeList::default();
        for (path, replaces) in &installs {
            match replaces {
                true => changes.changed.push(path.clone()),
                false => changes.added.push(path.clone()),
            }
        }
        changes.removed.clone_from(&removals);
        let changes = changes.sorted();
        let ledger_error = note_in_ledger(work, &changes);
        commit::run(work, &Plan::Update { installs, removals }, fault)?;
        for path in changes.added.iter().chain(&changes.changed) {
            // A file whose stamp cannot be had is left out, and the next build sees a change.
            if manifest.record(&self.output, path).is_err() {
                manifest.remove(path);
            }
        }
        for path in &changes.removed {
            manifest.remove(path);
        }
        let touched = changes.added.iter().chain(&changes.changed);
        manifest.restamp_folders(&self.output, touched.chain(&changes.removed));
        Ok((manifest, changes, ledger_error))
    }
}

/// A committed build: what its output folder holds, and its work folder, locked until dropped.
pub struct Committed {
    pub manifest: Manifest,
    /// What the commit added to, changed in and removed from the output folder.
    pub changes: ChangeList,
    /// Why the changes could not be noted in the [`Ledger`] for `akhbar deploy`, which then
    /// sends every host the whole site next time.
    pub ledger_error: Option<std::io::Error>,
    pub work: Option<WorkFolder>,
}

/// Notes `changes` in the output's [`Ledger`] before they are made, so a build killed right after
/// its commit cannot leave a host without them (a change noted but then undone costs a deploy
/// only one file sent again). When the ledger cannot be saved it is removed, so every host is
/// sent the whole site next time.
fn note_in_ledger(work: &WorkFolder, changes: &ChangeList) -> Option<std::io::Error> {
    let mut ledger = Ledger::load(work);
    ledger.record(changes);
    let error = ledger.save(work).err()?;
    let _ = fs::remove_file(work.ledger());
    Some(error)
}

/// Whether the files at `a` and `b` hold the same bytes (false when either cannot be read).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let len = |path: &Path| fs::metadata(path).map(|meta| meta.len()).ok();
    len(a).is_some() && len(a) == len(b) && fs::read(a).ok() == fs::read(b).ok()
}

/// A name for one build, unique on this machine: the time in nanoseconds and the process.
fn build_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    format!("{nanos}-{}", std::process::id())
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if let (false, Some(work)) = (self.committed, &self.work) {
            let _ = work.clear();
        }
    }
}

fn create_parent(target: &Path) -> Result<(), Diagnostic> {
    match target.parent() {
        Some(parent) => {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create", &e))
        }
        None => Ok(()),
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

    fn read(path: PathBuf) -> String {
        fs::read_to_string(path).unwrap()
    }

    #[test]
    fn updates_in_place_only_what_changed_and_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let writer = SiteWriter::begin(WorkFolder::lock(&output).unwrap(), None).unwrap();
        for (path, text) in [
            ("index.html", "یک"),
            ("news/1/index.html", "خبر"),
            ("tag/x/index.html", "برچسب"),
        ] {
            writer.write(&file(path, text)).unwrap();
        }
        let first = writer.commit().unwrap().manifest;
        assert_eq!(Manifest::of_folder(&output).as_ref(), Some(&first));

        let writer = SiteWriter::begin(
            WorkFolder::lock(&output).unwrap(),
            Some(Arc::new(first.clone())),
        )
        .unwrap();
        assert!(writer.updates_in_place());
        writer.write(&file("index.html", "یک")).unwrap();
        writer.write(&file("news/2/index.html", "خبر دو")).unwrap();
        writer.keep(Path::new("news/1/index.html"));
        assert!(
            !output.join("news/2").exists(),
            "nothing is in place before the commit"
        );
        let second = writer.commit().unwrap().manifest;
        assert_eq!(Manifest::of_folder(&output).as_ref(), Some(&second));
        assert_eq!(read(output.join("news/2/index.html")), "خبر دو");
        assert_eq!(read(output.join("news/1/index.html")), "خبر");
        let same = Path::new("index.html");
        assert_eq!(
            second.get(same),
            first.get(same),
            "the same bytes are not written again"
        );
        assert!(
            !output.join("tag").exists(),
            "a file the site no longer has goes, with the folders it leaves empty"
        );
        assert!(output.join(MARKER).is_file());

        let abandoned = SiteWriter::begin(
            WorkFolder::lock(&output).unwrap(),
            Some(Arc::new(second.clone())),
        )
        .unwrap();
        abandoned.write(&file("index.html", "دو")).unwrap();
        drop(abandoned);
        assert_eq!(Manifest::of_folder(&output), Some(second));
        assert_eq!(read(output.join("index.html")), "یک");
        let mut leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.akhbar", "public"]);
        let mut work: Vec<_> = fs::read_dir(dir.path().join(".public.akhbar"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        work.sort();
        assert_eq!(
            work,
            ["ledger.json", "lock"],
            "no staging folder is left behind"
        );
    }

    #[test]
    fn a_check_writes_nothing_but_knows_every_file() {
        let writer = SiteWriter::nowhere();
        writer.write(&file("index.html", "یک")).unwrap();
        writer.keep(Path::new("news/1/index.html"));
        assert_eq!(writer.present().len(), 2);
        assert_eq!(writer.commit().ok().unwrap().manifest, Manifest::default());
    }
}
