//! Fault injection at every step of every kind of commit: a failure leaves the previous site,
//! a crash leaves a state the next build turns into the previous site (or, past the point of no
//! return, the new one), and nothing else stays behind.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::*;
use crate::output::OutputFile;
use crate::output::manifest::Manifest;
use crate::output::work_folder::{WorkFolder, interrupted};
use crate::output::writer::SiteWriter;

/// A site's files and their text.
type Site = BTreeMap<String, String>;

const OLD: [(&str, &str); 4] = [
    ("index.html", "خانهٔ پیشین"),
    ("news/1/index.html", "خبر یک"),
    ("tag/x/index.html", "برچسب"),
    ("about/index.html", "درباره"),
];

/// Changes the home page, adds news 2 in a new folder, drops the tag page, keeps the rest.
const NEW: [(&str, &str); 4] = [
    ("index.html", "خانهٔ تازه"),
    ("news/1/index.html", "خبر یک"),
    ("news/2/index.html", "خبر دو"),
    ("about/index.html", "درباره"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The cache trusts the output: only changed files move.
    Update,
    /// No trusted record: the new site replaces the old, swapped in one step.
    Replace,
    /// As `Replace`, on a system that cannot swap two folders at once.
    ReplaceInTwoRenames,
    /// The first build: there is no old site.
    First,
}

const KINDS: [Kind; 4] = [
    Kind::Update,
    Kind::Replace,
    Kind::ReplaceInTwoRenames,
    Kind::First,
];

fn site(files: &[(&str, &str)]) -> Site {
    files
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// What `dir` holds, its marker aside; `None` when there is no such folder.
fn contents(dir: &Path) -> Option<Site> {
    Manifest::of_folder(dir)?;
    let files = Manifest::of_folder(dir).unwrap();
    Some(
        files
            .paths()
            .map(|path| {
                let text = fs::read_to_string(dir.join(&path)).unwrap();
                (path.to_string_lossy().into_owned(), text)
            })
            .collect(),
    )
}

/// Writes `files` into `output`, updating it in place when `previous` is given, with `fault`.
fn write(
    output: &Path,
    files: &Site,
    previous: Option<Manifest>,
    fault: FaultHook,
) -> Result<Manifest, CommitError> {
    let work = WorkFolder::lock(output).unwrap();
    assert_eq!(recover(&work).unwrap(), None, "no commit is left over");
    let writer = SiteWriter::begin(work, previous.map(std::sync::Arc::new)).unwrap();
    for (path, text) in files {
        let file = OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        };
        writer.write(&file).unwrap();
    }
    writer
        .commit_with(fault)
        .map(|committed| committed.manifest)
}

/// A folder with the old site in place as `kind` starts from, and the old site's manifest.
fn old_site(kind: Kind) -> (tempfile::TempDir, Option<Manifest>) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let manifest = match kind {
        Kind::First => None,
        _ => Some(write(&output, &site(&OLD), None, &mut |_| None).unwrap()),
    };
    (dir, manifest)
}

/// The fault hook of `kind` with `fault` at the `at`th step.
fn hook(kind: Kind, at: usize, fault: Fault) -> impl FnMut(Step) -> Option<Fault> {
    let mut seen = 0;
    move |step| {
        if kind == Kind::ReplaceInTwoRenames && step == Step::Exchange {
            return Some(Fault::Fail);
        }
        seen += 1;
        (seen == at + 1).then_some(fault)
    }
}

/// Every step the commit of `kind` takes.
fn steps(kind: Kind) -> Vec<Step> {
    let (dir, manifest) = old_site(kind);
    let mut seen = Vec::new();
    let previous = manifest.filter(|_| kind == Kind::Update);
    let output = dir.path().join("public");
    let mut record = |step| {
        if kind == Kind::ReplaceInTwoRenames && step == Step::Exchange {
            return Some(Fault::Fail);
        }
        seen.push(step);
        None
    };
    write(&output, &site(&NEW), previous, &mut record).unwrap();
    assert_eq!(
        contents(&output),
        Some(site(&NEW)),
        "{kind:?} builds the new site"
    );
    seen
}

/// The new site written over the old site of `kind`, with `fault` at the `at`th step.
struct Attempt {
    dir: tempfile::TempDir,
    output: std::path::PathBuf,
    /// The old site, as it was before.
    before: Option<Site>,
    /// The old site's manifest, when `kind` updates it in place.
    manifest: Option<Manifest>,
    result: Result<Manifest, CommitError>,
}

fn attempt(kind: Kind, at: usize, fault: Fault) -> Attempt {
    let (dir, manifest) = old_site(kind);
    let output = dir.path().join("public");
    let before = contents(&output);
    let manifest = manifest.filter(|_| kind == Kind::Update);
    let result = write(
        &output,
        &site(&NEW),
        manifest.clone(),
        &mut hook(kind, at, fault),
    );
    Attempt {
        dir,
        output,
        before,
        manifest,
        result,
    }
}

/// Asserts that nothing but the output and its work folder's lock and ledger is left.
fn assert_no_leftovers(dir: &Path, kind: Kind) {
    let mut beside: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    beside.retain(|name| name != "public");
    assert_eq!(beside, [".public.akhbar"], "{kind:?}");
    let mut inside: Vec<_> = fs::read_dir(dir.join(".public.akhbar"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    inside.sort();
    assert_eq!(inside, ["ledger.json", "lock"], "{kind:?}");
}

#[test]
fn every_kind_of_commit_has_its_steps() {
    let update = steps(Kind::Update);
    assert_eq!(update.first(), Some(&Step::Journal));
    assert!(update.contains(&Step::Aside(0)) && update.contains(&Step::Install(1)));
    assert!(update.contains(&Step::Remove(0)));
    assert_eq!(
        steps(Kind::Replace),
        [Step::Journal, Step::Exchange, Step::Done, Step::Clear]
    );
    assert_eq!(
        steps(Kind::ReplaceInTwoRenames),
        [
            Step::Journal,
            Step::Swap,
            Step::SwapIn,
            Step::Done,
            Step::Clear
        ]
    );
    assert_eq!(
        steps(Kind::First),
        [Step::Journal, Step::Swap, Step::Done, Step::Clear]
    );
}

#[test]
fn a_failure_at_any_step_leaves_the_previous_site() {
    for kind in KINDS {
        for (at, step) in steps(kind).into_iter().enumerate() {
            let Attempt {
                dir,
                output,
                before,
                manifest,
                result,
            } = attempt(kind, at, Fault::Fail);
            if step == Step::Clear || step == Step::Exchange {
                // Past the point of no return; or, at `Exchange`, a system that cannot swap
                // folders, where the commit takes two renames instead.
                assert!(result.is_ok(), "{kind:?} at {step:?}");
                assert_eq!(contents(&output), Some(site(&NEW)));
            } else {
                assert!(
                    matches!(result, Err(CommitError::Undone(_))),
                    "{kind:?} at {step:?}"
                );
                assert_eq!(contents(&output), before, "{kind:?} at {step:?}");
                if let Some(manifest) = manifest {
                    // Every file is back with its stamp; the folders' times changed as they
                    // were moved out and back, so the next build does not trust the cache.
                    let now = Manifest::of_folder(&output).unwrap();
                    assert!(
                        now.has_the_files_of(&manifest),
                        "the files are as they were"
                    );
                }
            }
            assert!(!interrupted(&output));
            assert_no_leftovers(dir.path(), kind);
        }
    }
}

#[test]
fn after_a_crash_at_any_step_the_next_build_has_a_whole_site() {
    for kind in KINDS {
        for (at, step) in steps(kind).into_iter().enumerate() {
            let Attempt {
                dir,
                output,
                before,
                manifest,
                result,
            } = attempt(kind, at, Fault::Crash);
            assert!(
                matches!(result, Err(CommitError::Crashed)),
                "{kind:?} at {step:?}"
            );
            assert_eq!(
                interrupted(&output),
                !matches!(step, Step::Journal | Step::Clear)
            );

            let work = WorkFolder::lock(&output).unwrap();
            let recovery = recover(&work).unwrap();
            let (expected, site_now) = match step {
                Step::Journal => (None, before),
                Step::Clear => (Some(Recovery::Finished), Some(site(&NEW))),
                _ => (Some(Recovery::Undone), before),
            };
            assert_eq!(recovery, expected, "{kind:?} at {step:?}");
            assert_eq!(contents(&output), site_now, "{kind:?} at {step:?}");
            if let (Some(manifest), Some(Recovery::Undone)) = (&manifest, recovery) {
                let now = Manifest::of_folder(&output).unwrap();
                assert!(now.has_the_files_of(manifest));
            }
            assert_eq!(recover(&work).unwrap(), None, "an undo is not done twice");
            drop(work);
            assert_no_leftovers(dir.path(), kind);
        }
    }
}

#[test]
fn a_build_killed_right_after_its_commit_has_noted_its_changes_for_deploys() {
    use crate::output::ledger::Ledger;
    let clear = steps(Kind::Update).len() - 1;
    let (dir, manifest) = old_site(Kind::Update);
    let output = dir.path().join("public");
    // A host was sent the old site: from then on the ledger lists what each build changes.
    let work = WorkFolder::lock(&output).unwrap();
    let mut ledger = Ledger::load(&work);
    ledger.sent_to("host:site");
    ledger.save(&work).unwrap();
    drop(work);
    let mut crash = hook(Kind::Update, clear, Fault::Crash);
    let result = write(&output, &site(&NEW), manifest, &mut crash);
    assert!(matches!(result, Err(CommitError::Crashed)));
    let work = WorkFolder::lock(&output).unwrap();
    let ledger = Ledger::load(&work);
    for path in ["index.html", "news/2/index.html", "tag/x/index.html"] {
        assert_eq!(ledger.changed.get(path), Some(&ledger.build), "{path}");
    }
    assert_ne!(
        ledger.changed.get("about/index.html"),
        Some(&ledger.build),
        "unchanged by the second build"
    );
}
