//! A build into a folder (`akhbar build`, and the preview's own folder): the output locked,
//! an interrupted earlier build seen to, the static files copied, the site rendered by the
//! [`engine`](super::engine) into a [`SiteWriter`], and the new files put in place in one
//! journaled commit only when all went well. Pages are written as they are rendered, so memory
//! grows with the content, not with the output.

use std::path::Path;
use std::sync::Arc;

use super::cache::{BuildCache, CacheKey, OutputCheck, Unchanged};
use super::engine;
use super::sources::{Sources, next_due};
use super::state::Incremental;
use super::{BuildOptions, BuildSummary, Loaded, NewsCount};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::MARKER;
use crate::output::commit::{self, CommitError, Recovery};
use crate::output::manifest::Manifest;
use crate::output::work_folder::WorkFolder;
use crate::output::writer::{Committed, SiteWriter};
use crate::site::Site;

/// How a folder build treats the static files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Statics {
    /// Copied into the output beside the pages (a site to publish).
    Copied,
    /// Left where they are, served from their sources (the preview).
    Referenced,
}

/// An output folder locked for one build, with an interrupted earlier build seen to.
pub(super) struct Opened {
    work: WorkFolder,
    key: CacheKey,
    /// What seeing to an earlier build did, to be told.
    warnings: Vec<Diagnostic>,
    /// The check of the output folder against the record on disk, while it runs.
    check: Option<OutputCheck>,
    /// Whether the output folder was found as the record on disk says, once checked.
    held: Option<bool>,
}

impl Opened {
    /// Locks the output folder of `options` (a second build at once is refused) and puts
    /// back or finishes a build that was killed while putting its site in place.
    pub fn lock(options: &BuildOptions) -> Result<Opened, Diagnostics> {
        let output = options.output_dir();
        let work = WorkFolder::lock(&output).map_err(one)?;
        let recovery = commit::recover(&work).map_err(one)?;
        Ok(Opened {
            work,
            key: CacheKey::new(&output, options.drafts),
            warnings: recovery
                .map(|done| recovered(&output, done))
                .into_iter()
                .collect(),
            check: None,
            held: None,
        })
    }

    /// The build cache on disk, when it was written for this build's key. The output folder
    /// is checked against it beside the build that trusts it, and nothing is put in place
    /// before the check agrees ([`Opened::output_holds`]).
    pub fn record_on_disk(&mut self, options: &BuildOptions) -> Option<BuildCache> {
        let record = BuildCache::load(&options.root, &self.key)?;
        self.check = Some(record.check_output());
        Some(record)
    }

    /// Whether the output folder is as the record on disk says (true without a record to
    /// check); waits for the check.
    pub fn output_holds(&mut self) -> bool {
        if let Some(check) = self.check.take() {
            self.held = Some(check.holds());
        }
        self.output_may_hold()
    }

    /// Whether the output folder may be as the record on disk says: not found otherwise yet.
    pub fn output_may_hold(&self) -> bool {
        self.held != Some(false)
    }

    /// The summary of a build that found nothing to do, as `unchanged` recorded it.
    pub fn nothing_to_do(self, options: &BuildOptions, unchanged: &Unchanged) -> BuildSummary {
        let mut warnings = self.warnings;
        warnings.extend(unchanged.warnings.iter().cloned());
        BuildSummary {
            pages: unchanged.pages,
            rendered: 0,
            other_files: unchanged.other_files,
            static_files: unchanged.static_files,
            output: options.output_dir(),
            news: unchanged.news,
            changes: Default::default(),
            warnings,
            up_to_date: true,
        }
    }
}

/// Starts writing into the output of `work`: the files of the previous build (`state`'s record,
/// or without one the folder as it is now: the build then compares each file with it, so
/// unchanged files keep their bytes and times, and the change list is exact), and the static
/// files copied when they are to be. Gives the writer, the count of static files and their
/// manifest.
fn begin(
    output: &Path,
    work: WorkFolder,
    loaded: &Loaded,
    state: &Incremental,
    statics: Statics,
) -> Result<(SiteWriter, usize, Manifest), Diagnostics> {
    let output_now = match &state.record {
        Some(record) => Some(Arc::clone(&record.output)),
        None => Manifest::of_folder(output)
            .filter(|_| output.join(MARKER).is_file())
            .map(Arc::new),
    };
    let writer = SiteWriter::begin(work, output_now).map_err(one)?;
    let (static_files, copied) = match statics {
        Statics::Copied => {
            let previous = state.record.as_ref().map(|record| &record.statics);
            let sources = previous.cloned().unwrap_or_default();
            writer.copy_static(&loaded.statics, &sources).map_err(one)?
        }
        Statics::Referenced => (loaded.statics.len(), Manifest::default()),
    };
    Ok((writer, static_files, copied))
}

/// Whether a folder build saves its record for the next build (`akhbar build` with its cache),
/// with what it read, stamped before it read it; the preview keeps its record in memory only,
/// and `--no-cache` keeps none.
pub(super) enum Record {
    Saved(Option<Sources>),
    NotSaved,
}

/// Renders `site` into the output folder `opened`. What `state` remembers of the folder is
/// trusted: it lives in this process, or `opened` checks it against the folder beside the
/// build, which is made again without it when the check disagrees. Nothing in the output
/// folder changes unless all went well.
pub(super) fn write_site(
    options: &BuildOptions,
    opened: Opened,
    loaded: &Loaded,
    site: &Site,
    state: &mut Incremental,
    statics: Statics,
    keep: Record,
) -> Result<BuildSummary, Diagnostics> {
    let output = options.output_dir();
    let Opened {
        mut work,
        key,
        mut warnings,
        mut check,
        ..
    } = opened;
    let (writer, static_files, copied, made) = loop {
        let (writer, static_files, copied) = begin(&output, work, loaded, state, statics)?;
        let build = loaded.build(site, options);
        let made = engine::run(&build, &key, &writer, state);
        // A build that trusted a record of an output folder changed since is made again
        // without it, comparing each file with the folder as it is.
        if check.take().is_some_and(|check| !check.holds()) {
            *state = state.without_record();
            work = writer.abandon();
            continue;
        }
        // A failed build leaves the folder as the record says: the record stays.
        break (writer, static_files, copied, made?);
    };
    // The writer updates the output's manifest in place when the record lets go of it (the
    // check that shared it has ended): 280,000 paths at 100,000 items are not copied.
    if let Some(record) = state.record.as_mut() {
        record.output = Arc::default();
    }
    // The parsed items and the search index's state are written while the site is put in
    // place, and put in their own places only if it was.
    let generations =
        matches!(keep, Record::Saved(_)).then(|| state.generations(made.search_written));
    let root = &options.root;
    let (committed, staged) = rayon::join(
        || writer.commit_with(&mut commit::fault_from_environment()),
        || generations.map(|generations| state.stage(root, generations)),
    );
    // `_work` keeps the output locked until the record that describes it is kept.
    let Committed {
        manifest,
        changes,
        ledger_error,
        work: _work,
    } = committed.map_err(|error| {
        state.record = None;
        commit_failed(error)
    })?;
    warnings.extend(ledger_error.map(|error| ledger_not_saved(&output, &error)));
    let mut record = made.record;
    record.statics = copied;
    record.output = Arc::new(manifest);
    if let Record::Saved(sources) = keep {
        record.unchanged = sources.map(|sources| Unchanged {
            sources,
            due: next_due(&loaded.content, loaded.now),
            pages: made.pages,
            other_files: made.other_files,
            static_files,
            news: loaded.news_count(site),
            warnings: (loaded.content.warnings.iter())
                .chain(&loaded.pictures.problems)
                .cloned()
                .collect(),
        });
        let generations = generations.expect("drawn for a record to save");
        record.content_state = generations.content;
        if made.search_written {
            record.search_state = generations.search;
        }
        // Each state is trusted only as the record names it: one not put in place is of
        // another generation, and not taken.
        for file in staged.into_iter().flatten() {
            let _ = file.install();
        }
        warnings.extend(save(&record, root));
    }
    state.record = Some(record);
    state.rendered = made.rendered;
    Ok(BuildSummary {
        pages: made.pages,
        rendered: made.rendered,
        other_files: made.other_files,
        static_files,
        output,
        news: NewsCount::default(),
        changes,
        warnings,
        up_to_date: false,
    })
}

/// Saves `record` for the site at `root`; when it cannot be, removes the previous one, and
/// says so.
fn save(record: &BuildCache, root: &Path) -> Option<Diagnostic> {
    let error = record.save(root).err()?;
    let _ = BuildCache::remove(root);
    Some(cache_not_saved(root, &error))
}

fn one(diagnostic: Diagnostic) -> Diagnostics {
    Diagnostics(vec![diagnostic])
}

/// The build went well but its changes could not be noted for `akhbar deploy`.
fn ledger_not_saved(output: &Path, error: &std::io::Error) -> Diagnostic {
    let message = format!(
        "the record of changes cannot be written ({error}): the next `akhbar deploy` sends the whole site"
    );
    let detail = format!(
        "{}؛ `akhbar deploy` بعدی همهٔ پایگاه را می‌فرستد",
        crate::diagnostic::io_persian(error)
    );
    Diagnostic::new(output, None, message).with_persian("فهرست تغییرها نوشته نشد", detail)
}

/// The problem that stopped a commit. Whether the output is the previous site or waits for the
/// next build to be put back, [`crate::output::work_folder::interrupted`] tells.
fn commit_failed(error: CommitError) -> Diagnostics {
    match error {
        CommitError::Undone(problem) | CommitError::Pending(problem) => one(problem),
        CommitError::Crashed => one(Diagnostic::new(
            "(akhbar)",
            None,
            "the build stopped while putting its site in place",
        )),
    }
}

/// The warning that this build first saw to the commit of a build that was killed.
fn recovered(output: &Path, recovery: Recovery) -> Diagnostic {
    let (message, detail) = match recovery {
        Recovery::Undone => (
            "an earlier build was stopped while putting its site in place: the site before it was put back",
            "ساخت پیشین در میانهٔ جایگزینی پایگاه متوقف شده بود: پایگاه پیش از آن بازگردانده شد",
        ),
        Recovery::Finished => (
            "an earlier build was stopped after putting its site in place: its leftovers were removed",
            "ساخت پیشین پس از جایگزینی پایگاه متوقف شده بود: باقی‌مانده‌هایش پاک شد",
        ),
    };
    Diagnostic::new(output, None, message).with_persian("ساخت نیمه‌کاره", detail)
}

/// The build went well but its cache could not be written: the next build starts afresh.
fn cache_not_saved(root: &Path, error: &std::io::Error) -> Diagnostic {
    let path = root.join(super::cache::CACHE_FILE);
    Diagnostic::new(
        &path,
        None,
        format!("the build cache cannot be written ({error}): the next build renders every page"),
    )
    .with_persian(
        "حافظهٔ نهان ساخت نوشته نشد",
        format!(
            "{}؛ ساخت بعدی همهٔ صفحه‌ها را از نو می‌سازد",
            crate::diagnostic::io_persian(error)
        ),
    )
}
