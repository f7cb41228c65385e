//! Puts a staged build in place of the output folder so that at every instant the folder is
//! the old site or the new one, or a journal lets the next build make it the old one again.
//!
//! A commit is either a *replacement* (the staging folder is the whole new site) or an
//! *update* (the staging folder holds the files that changed). Before the output is touched,
//! the commit writes its journal into the [`WorkFolder`]: what it will install, and what it
//! will remove. Then:
//! - a replacement swaps the staging folder and the output in one step (Linux's
//!   `renameat2(RENAME_EXCHANGE)`), or, where the file system cannot, renames the old site aside
//!   and the new one in;
//! - an update moves every file it replaces or removes into the backup folder, then renames
//!   each new file in.
//!
//! Renaming the journal to `journal.done` is the point of no return. A failure before it is
//! undone at once; a process killed before it leaves the journal, and the next build undoes
//! the commit from it ([`recover`]), so the output is the previous site again and the build
//! cache, written only after a commit, still describes it. After the point of no return only
//! leftovers remain, which the next build removes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::work_folder::WorkFolder;
use super::{MARKER, io_error};
use crate::diagnostic::Diagnostic;

/// One step of a commit, before which a fault can be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Writing the journal.
    Journal,
    /// Swapping the new site and the old in one step (a replacement); a fault here stands for
    /// a system that cannot, so the old site is moved aside instead.
    Exchange,
    /// Moving the old site aside, or, when there is none, renaming the new site in.
    Swap,
    /// Renaming the new site in after the old was moved aside.
    SwapIn,
    /// Moving the `n`th replaced file aside (an update).
    Aside(usize),
    /// Renaming the `n`th new file in (an update).
    Install(usize),
    /// Moving the `n`th removed file aside (an update).
    Remove(usize),
    /// Renaming the journal to mark the commit done.
    Done,
    /// Removing the leftovers of a commit that is done.
    Clear,
}

/// What an injected fault does at its step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The step fails, as a full disk or a missing permission would make it.
    Fail,
    /// The process stops there, leaving everything as it is, as a kill would.
    Crash,
}

/// Decides, before each step, whether a fault happens there.
pub type FaultHook<'a> = &'a mut dyn FnMut(Step) -> Option<Fault>;

/// What a commit writes before it touches the output, to be undone from after a crash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    /// The staging folder replaces the output whole. `build` is the id the new site's marker
    /// file carries, which tells after a crash which folder is the new site.
    Replace { build: String },
    /// Files move in and out of the output.
    Update {
        /// Each staged file's path and whether it replaces a file of the output.
        installs: Vec<(PathBuf, bool)>,
        /// Files of the output that the new site no longer has.
        removals: Vec<PathBuf>,
    },
}

/// How a commit failed.
#[derive(Debug)]
pub enum CommitError {
    /// It failed and was undone: the output folder is the previous site.
    Undone(Diagnostic),
    /// It failed and could not be undone; its journal stays, and the next build undoes it.
    Pending(Diagnostic),
    /// A [`Fault::Crash`] stopped it where it was.
    Crashed,
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// A commit was cut short: the previous site was put back.
    Undone,
    /// A commit had passed its point of no return: its leftovers were removed.
    Finished,
}

/// Carries out `plan` from `work`'s staging folder into its output.
pub fn run(work: &WorkFolder, plan: &Plan, fault: FaultHook) -> Result<(), CommitError> {
    write_journal(work, plan, fault)?;
    let applied = match plan {
        Plan::Replace { .. } => swap_in(work, fault),
        Plan::Update { installs, removals } => update(work, installs, removals, fault),
    };
    let done = applied.and_then(|()| {
        step(fault, Step::Done)?;
        fs::rename(work.journal(), work.done())
            .map_err(|e| Stop::Failed(io_error(&work.done(), "cannot write", &e)))
    });
    match done {
        Ok(()) => {
            if let Some(Fault::Crash) = fault(Step::Clear) {
                return Err(CommitError::Crashed);
            }
            let _ = work.clear();
            Ok(())
        }
        Err(Stop::Crashed) => Err(CommitError::Crashed),
        Err(Stop::Failed(problem)) => match undo(work, plan) {
            Ok(()) => {
                let _ = work.clear();
                Err(CommitError::Undone(problem))
            }
            Err(_) => Err(CommitError::Pending(problem)),
        },
    }
}

/// The fault `AKHBAR_FAULT` asks for, in debug builds only (the builds tests run): `fail:<step>`
/// or `crash:<step>`, `<step>` written as [`Step`]'s debug form (`Install(2)`, `Done`). A crash
/// aborts the process on the spot, as `kill -9` would.
pub fn fault_from_environment() -> impl FnMut(Step) -> Option<Fault> {
    let wanted = cfg!(debug_assertions)
        .then(|| std::env::var("AKHBAR_FAULT").ok())
        .flatten();
    move |at| {
        let (kind, step) = wanted.as_deref()?.split_once(':')?;
        if step != format!("{at:?}") {
            return None;
        }
        match kind {
            "crash" => std::process::abort(),
            "fail" => Some(Fault::Fail),
            _ => None,
        }
    }
}

/// Finishes or undoes the commit a killed build left in `work`, then removes every leftover.
/// `None` when there was no commit to see to.
pub fn recover(work: &WorkFolder) -> Result<Option<Recovery>, Diagnostic> {
    let recovery = if work.done().is_file() {
        Some(Recovery::Finished)
    } else if work.journal().is_file() {
        let journal = work.journal();
        let plan: Plan = fs::read(&journal)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| {
                let error = io::Error::other("the journal of an interrupted build is unreadable");
                io_error(&journal, "cannot read", &error)
            })?;
        undo(work, &plan).map_err(|error| io_error(work.output(), "cannot restore", &error))?;
        Some(Recovery::Undone)
    } else {
        None
    };
    work.clear()?;
    Ok(recovery)
}

/// Why the steps stopped.
enum Stop {
    Failed(Diagnostic),
    Crashed,
}

impl From<Diagnostic> for Stop {
    fn from(problem: Diagnostic) -> Stop {
        Stop::Failed(problem)
    }
}

impl From<Stop> for CommitError {
    fn from(stop: Stop) -> CommitError {
        match stop {
            Stop::Failed(problem) => CommitError::Undone(problem),
            Stop::Crashed => CommitError::Crashed,
        }
    }
}

/// Runs the fault hook for `at`.
fn step(fault: FaultHook, at: Step) -> Result<(), Stop> {
    match fault(at) {
        None => Ok(()),
        Some(Fault::Crash) => Err(Stop::Crashed),
        Some(Fault::Fail) => {
            let error = io::Error::other(format!("injected fault at {at:?}"));
            Err(Stop::Failed(io_error(
                Path::new("(test)"),
                "cannot write",
                &error,
            )))
        }
    }
}

/// Writes the journal whole (a temporary file renamed into place) and flushes it to the disk.
fn write_journal(work: &WorkFolder, plan: &Plan, fault: FaultHook) -> Result<(), Stop> {
    step(fault, Step::Journal)?;
    let journal = work.journal();
    let temporary = journal.with_extension("json.tmp");
    let bytes = serde_json::to_vec(plan).expect("a plan serialises");
    let written = fs::File::create(&temporary).and_then(|mut file| {
        io::Write::write_all(&mut file, &bytes)?;
        file.sync_all()
    });
    written
        .and_then(|()| fs::rename(&temporary, &journal))
        .map_err(|e| Stop::Failed(io_error(&journal, "cannot write", &e)))
}

/// Puts the staging folder in place of the output.
fn swap_in(work: &WorkFolder, fault: FaultHook) -> Result<(), Stop> {
    let (staging, output) = (work.staging(), work.output());
    let failed = |e: io::Error| Stop::Failed(io_error(output, "cannot replace", &e));
    if output.exists() {
        match fault(Step::Exchange) {
            Some(Fault::Crash) => return Err(Stop::Crashed),
            None if exchange(&staging, output).is_ok() => return Ok(()),
            _ => {}
        }
    }
    step(fault, Step::Swap)?;
    if !output.exists() {
        return fs::rename(&staging, output).map_err(failed);
    }
    fs::rename(output, work.previous()).map_err(failed)?;
    step(fault, Step::SwapIn)?;
    fs::rename(&staging, output).map_err(failed)
}

/// Moves replaced and removed files aside and renames the staged ones in.
fn update(
    work: &WorkFolder,
    installs: &[(PathBuf, bool)],
    removals: &[PathBuf],
    fault: FaultHook,
) -> Result<(), Stop> {
    let (staging, backup, output) = (work.staging(), work.backup(), work.output());
    for (n, (path, replaces)) in installs.iter().enumerate() {
        if *replaces {
            step(fault, Step::Aside(n))?;
            move_file(&output.join(path), &backup.join(path))?;
        }
        step(fault, Step::Install(n))?;
        move_file(&staging.join(path), &output.join(path))?;
    }
    for (n, path) in removals.iter().enumerate() {
        step(fault, Step::Remove(n))?;
        move_file(&output.join(path), &backup.join(path))?;
        remove_empty_parents(output, path);
    }
    Ok(())
}

/// Puts the output back as it was before `plan` began, from what is on the disk: every step
/// of an undo can be repeated, so an undo cut short is finished by the next.
fn undo(work: &WorkFolder, plan: &Plan) -> io::Result<()> {
    match plan {
        Plan::Replace { build } => undo_replace(work, build),
        Plan::Update { installs, removals } => undo_update(work, installs, removals),
    }?;
    match fs::remove_file(work.journal()) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

fn undo_replace(work: &WorkFolder, build: &str) -> io::Result<()> {
    let (output, previous) = (work.output(), work.previous());
    if work.discard().exists() {
        fs::remove_dir_all(work.discard())?;
    }
    let new_in_place = fs::read_to_string(output.join(MARKER))
        .is_ok_and(|marker| marker.lines().any(|line| line == format!("build: {build}")));
    if new_in_place {
        if previous.exists() || !work.staging().exists() {
            fs::rename(output, work.discard())?;
        } else if exchange(&work.staging(), output).is_ok() {
            return Ok(());
        } else {
            fs::rename(output, work.discard())?;
            return fs::rename(work.staging(), output);
        }
    }
    if previous.exists() && !output.exists() {
        fs::rename(&previous, output)?;
    }
    Ok(())
}

fn undo_update(
    work: &WorkFolder,
    installs: &[(PathBuf, bool)],
    removals: &[PathBuf],
) -> io::Result<()> {
    let (staging, backup, output) = (work.staging(), work.backup(), work.output());
    for path in removals.iter().rev() {
        if backup.join(path).exists() {
            rename_into(&backup.join(path), &output.join(path))?;
        }
    }
    for (path, replaces) in installs.iter().rev() {
        if backup.join(path).exists() {
            rename_into(&backup.join(path), &output.join(path))?;
        } else if !replaces && !staging.join(path).exists() && output.join(path).exists() {
            fs::remove_file(output.join(path))?;
            remove_empty_parents(output, path);
        }
    }
    Ok(())
}

/// Renames `from` to `to`, making `to`'s folder.
fn move_file(from: &Path, to: &Path) -> Result<(), Stop> {
    rename_into(from, to).map_err(|e| Stop::Failed(io_error(to, "cannot replace", &e)))
}

fn rename_into(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::rename(from, to)
}

/// Swaps two folders in one step, where the system can.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// Removes the folders above `path` (inside `root`) that its removal left empty.
pub(super) fn remove_empty_parents(root: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(relative) = folder.filter(|f| !f.as_os_str().is_empty()) {
        if fs::remove_dir(root.join(relative)).is_err() {
            break;
        }
        folder = relative.parent();
    }
}

#[cfg(test)]
mod tests;
