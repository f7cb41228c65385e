//! `akhbar build`'s rendering: each page is written as soon as it is rendered and only its
//! unresolved links are kept, so memory grows with the content, not with the output. With the
//! build cache, pages whose inputs are unchanged are neither rendered nor written.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashSet as HashSet, FxHasher};

use super::cache::{BuildCache, CacheKey};
use super::{
    BuildOptions, BuildSummary, NewsCount, common_context, inputs, page_jobs, render_pages,
};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::commit::{self, CommitError, Recovery};
use crate::output::links::{self, PageLinks};
use crate::output::manifest::Manifest;
use crate::output::statics::StaticFiles;
use crate::output::work_folder::WorkFolder;
use crate::output::writer::{Committed, SiteWriter};
use crate::output::{MARKER, OutputFile, extras, file_for, search};
use crate::render::Renderer;
use crate::render::memo::Inputs;
use crate::render::pages::{self, PageJob};
use crate::site::Site;
use crate::site::related::RelatedIndex;

/// Where a build goes.
pub(super) enum Target {
    /// The output folder, through the build cache when the options say so.
    Output,
    /// Nowhere: the build is only checked.
    Nowhere,
}

/// What became of one page.
enum PageOutcome {
    /// The output folder's file is kept as it is.
    Kept,
    /// Rendered and written; with its links that lead to no page or static file.
    Written(PathBuf, PageLinks),
}

/// Renders `site` to `target`: into the output folder of `options`, through the build cache
/// when `options.cache` is set. Nothing in the output folder changes unless all went well.
pub(super) fn write_site(
    options: &BuildOptions,
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    statics: &StaticFiles,
    now: jiff::Timestamp,
    target: Target,
) -> Result<BuildSummary, Diagnostics> {
    let output = options.output_dir();
    let mut warnings = Vec::new();
    let work = match target {
        Target::Output => {
            let work = WorkFolder::lock(&output).map_err(one)?;
            let recovery = commit::recover(&work).map_err(one)?;
            warnings.extend(recovery.map(|done| recovered(&output, done)));
            Some(work)
        }
        Target::Nowhere => None,
    };
    let key = CacheKey::new(&output, options.drafts);
    let use_cache = options.cache && work.is_some();
    let previous = use_cache
        .then(|| BuildCache::load(&options.root, &key))
        .flatten();
    let writer = match work {
        Some(work) => {
            // Without a cache to trust, the folder as it is now: the build compares each file
            // with it, so unchanged files keep their bytes and times, and the change list is
            // exact.
            let output_now = match &previous {
                Some(cache) => Some(cache.output.clone()),
                None => Manifest::of_folder(&output).filter(|_| output.join(MARKER).is_file()),
            };
            SiteWriter::begin(work, output_now).map_err(one)?
        }
        None => SiteWriter::nowhere(),
    };
    let no_sources = Manifest::default();
    let previous_sources = previous.as_ref().map_or(&no_sources, |c| &c.statics);
    let (static_files, statics) = writer.copy_static(statics, previous_sources).map_err(one)?;

    let common = common_context(config, site);
    let archive = renderer.set_archive(&site.archive);
    let related = RelatedIndex::new(&site.news).all();
    let jobs = page_jobs(config, site, renderer, &related);
    let inputs = inputs(config, site, renderer, &archive);
    let search_print = search_fingerprint(config, site, &inputs);
    let kept_search = search_print
        .and_then(|print| previous.as_ref()?.search(print))
        .map(<[PathBuf]>::to_vec);
    let kept = kept_pages(&jobs, &inputs, previous.as_ref());
    let page_urls = pages::sitemap_urls(&jobs);
    let (outcomes, extras) = rayon::join(
        || write_pages(&jobs, kept, &common, renderer, &writer, options),
        || {
            let search = kept_search.is_none();
            write_extras(config, site, &page_urls, now, &writer, search)
        },
    );
    let outcomes = outcomes?;
    let (other_files, made_search) = extras.map_err(one)?;
    let search_files = kept_search.or(made_search);
    for path in search_files.iter().flatten() {
        writer.keep(path);
    }
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if let PageOutcome::Kept = outcome {
            writer.keep(&file_for(&job.url));
        }
    }
    let broken = broken_links(&writer, &output, &jobs, &outcomes);
    if !broken.is_empty() {
        return Err(Diagnostics(broken));
    }
    // `_work` keeps the output locked until the cache that describes it is saved.
    let Committed {
        manifest,
        changes,
        ledger_error,
        work: _work,
    } = writer
        .commit_with(&mut commit::fault_from_environment())
        .map_err(commit_failed)?;
    warnings.extend(ledger_error.map(|error| ledger_not_saved(&output, &error)));

    if use_cache {
        let mut cache = BuildCache::new(key, &inputs, &jobs);
        cache.statics = statics;
        cache.output = manifest;
        if let (Some(print), Some(files)) = (search_print, search_files.clone()) {
            cache.set_search(print, files);
        }
        warnings.extend(save(&cache, &options.root));
    }
    Ok(BuildSummary {
        pages: jobs.len(),
        rendered: outcomes
            .iter()
            .filter(|outcome| matches!(outcome, PageOutcome::Written(..)))
            .count(),
        other_files: other_files + search_files.map_or(0, |files| files.len()),
        static_files,
        output,
        news: NewsCount::default(),
        changes,
        warnings,
    })
}

/// For each of `jobs`, whether the `previous` build's file is kept.
fn kept_pages(
    jobs: &[PageJob],
    inputs: &Inputs,
    previous: Option<&BuildCache>,
) -> Vec<Option<PageOutcome>> {
    jobs.par_iter()
        .map(|job| {
            let keeps = previous.is_some_and(|cache| cache.keeps(job, inputs));
            keeps.then_some(PageOutcome::Kept)
        })
        .collect()
}

/// Renders the pages not `kept` and writes each at once, keeping only its links that lead to
/// none of the pages and static files.
fn write_pages(
    jobs: &[PageJob],
    kept: Vec<Option<PageOutcome>>,
    common: &tera::Context,
    renderer: &Renderer,
    writer: &SiteWriter,
    options: &BuildOptions,
) -> Result<Vec<PageOutcome>, Diagnostics> {
    let mut known = writer.present();
    known.extend(jobs.iter().map(|job| file_for(&job.url)));
    let progress = options.progress.as_ref();
    render_pages(jobs, kept, common, renderer, progress, |file| {
        crate::output::ids::unique_ids(&file)?;
        let pending = links::unresolved(&file, &known);
        writer.write(&file)?;
        Ok(PageOutcome::Written(file.path, pending))
    })
}

/// Saves `cache` for the site at `root`; when it cannot be, removes the previous one, and
/// says so.
fn save(cache: &BuildCache, root: &Path) -> Option<Diagnostic> {
    let error = cache.save(root).err()?;
    let _ = BuildCache::remove(root);
    Some(cache_not_saved(root, &error))
}

/// Writes the feeds, sitemaps and the rest beside the pages, and the search index when
/// `search` is set; gives how many files the former are, and the search index's files.
fn write_extras(
    config: &Config,
    site: &Site,
    page_urls: &[String],
    now: jiff::Timestamp,
    writer: &SiteWriter,
    search: bool,
) -> Result<(usize, Option<Vec<PathBuf>>), Diagnostic> {
    let files = extras::besides_search(config, site, page_urls, now, None, None);
    files.par_iter().try_for_each(|file| writer.write(file))?;
    if !(search && config.site.search.enabled) {
        return Ok((files.len(), None));
    }
    let paths = search::write_files(&site.news, &site.category_names(), |file| {
        writer.write(&file)
    })?;
    Ok((files.len(), Some(paths)))
}

/// A fingerprint of what the search index is made from, when the site has one.
fn search_fingerprint(config: &Config, site: &Site, inputs: &Inputs) -> Option<u64> {
    config.site.search.enabled.then(|| {
        let mut hasher = FxHasher::default();
        (inputs.global, site.category_names()).hash(&mut hasher);
        for item in &site.news {
            (item.id, inputs.items.get(&item.id)).hash(&mut hasher);
        }
        hasher.finish()
    })
}

/// The links of the build's pages that lead nowhere. Written pages were checked against the
/// pages and static files as they were rendered; what they left is checked against every
/// file now. Kept pages passed the previous build's check, against its files: they are read
/// again from the output folder only when one of those files is gone.
fn broken_links(
    writer: &SiteWriter,
    output: &Path,
    jobs: &[PageJob],
    outcomes: &[PageOutcome],
) -> Vec<Diagnostic> {
    let targets = writer.present();
    let all_remain = writer
        .previous()
        .is_none_or(|previous| previous.paths().all(|path| targets.contains(&path)));
    let mut broken: Vec<Diagnostic> = jobs
        .par_iter()
        .zip(outcomes)
        .flat_map_iter(|(job, outcome)| match outcome {
            PageOutcome::Written(path, pending) => links::broken_in(path, pending, &targets),
            PageOutcome::Kept if all_remain => Vec::new(),
            PageOutcome::Kept => kept_page_links(output, &file_for(&job.url), &targets),
        })
        .collect();
    broken.sort_by(|a, b| a.path.cmp(&b.path));
    broken
}

/// The broken links of the kept page at `path` in the output folder.
fn kept_page_links(output: &Path, path: &Path, targets: &HashSet<PathBuf>) -> Vec<Diagnostic> {
    match std::fs::read(output.join(path)) {
        Ok(bytes) => {
            let page = OutputFile {
                path: path.to_path_buf(),
                bytes: bytes.into(),
            };
            links::broken_in(path, &links::page_links(&page), targets)
        }
        Err(error) => vec![crate::output::io_error(
            &output.join(path),
            "cannot read",
            &error,
        )],
    }
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
