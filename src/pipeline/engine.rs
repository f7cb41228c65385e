//! The one render path: every page of a site, its feeds, sitemaps and search index, handed to a
//! [`Sink`] as each is made, rendering only what changed since the build the [`Incremental`]
//! state remembers; then every internal link checked against the files of the build.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;
use tera::Context;

use super::cache::{BuildCache, CacheKey};
use super::inputs::Inputs;
use super::missing_pictures::missing_pictures;
use super::sink::Sink;
use super::state::Incremental;
use super::{Progress, common_context, menu};
use crate::calendar::JalaliDateTime;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::extras::{self, ExtrasCache};
use crate::output::link_index::{self, LinkIndex};
use crate::output::links::{self, GoneLinks, IsTarget, PageLinks};
use crate::output::{OutputFile, file_for, search};
use crate::render::Renderer;
use crate::render::pages::{self, PageJob};
use crate::site::Site;

/// What a build is made from: settings, the assembled site, the templates, the static files'
/// paths in the output (link targets), and the moment the build stands at.
pub(super) struct Build<'a> {
    pub config: &'a Config,
    pub site: &'a Site<'a>,
    pub renderer: &'a Renderer,
    pub static_paths: Vec<PathBuf>,
    pub now: jiff::Timestamp,
    pub progress: Option<&'a Progress>,
}

impl Build<'_> {
    /// The Jalali year of the build's moment in the site's time zone.
    pub(super) fn year(&self) -> i32 {
        let now = self.now.to_zoned_datetime(self.config.zone.clone());
        JalaliDateTime::from_zoned(now).map_or(0, |now| now.date().year())
    }
}

/// What the engine did.
pub(super) struct Made {
    pub pages: usize,
    pub rendered: usize,
    /// Feeds, sitemaps, `robots.txt`, scripts and the search index's files.
    pub other_files: usize,
    /// The record of this build for the next, to be kept once the build is in place.
    pub record: BuildCache,
    /// Whether the search index was made (patched) rather than kept whole: its state is then
    /// to be saved for the next build.
    pub search_written: bool,
}

/// What became of one page.
enum PageOutcome {
    /// The previous build's file is kept as it is.
    Kept,
    /// Rendered and written; with its links that lead to no page or static file.
    Written(PathBuf, PageLinks),
}

/// Renders `build` into `sink`, keeping every page whose fingerprint is the one `state`'s
/// record has and whose file the sink had. Every problem is reported: templates, ids given
/// twice, links that lead nowhere.
pub(super) fn run(
    build: &Build,
    key: &CacheKey,
    sink: &dyn Sink,
    state: &mut Incremental,
) -> Result<Made, Diagnostics> {
    let Build { config, site, .. } = *build;
    let year = build.year();
    let common = common_context(config, site, year);
    let archive = build.renderer.set_archive(&site.archive);
    let related = state.related(&site.news);
    let jobs = page_jobs(config, site, build.renderer, &related);
    let pictures = (site.pictures).and_then(|catalog| build.renderer.set_pictures(catalog));
    let inputs = Inputs::of(
        config,
        site,
        build.renderer,
        (&archive, pictures),
        &menu(site),
        year,
    );
    let planned = Planned::of(&jobs, &inputs);
    let kept = kept_pages(&jobs, &planned, state.record.as_ref(), sink);
    let page_urls = pages::sitemap_urls(&jobs);
    let search_print = inputs.search_print(config, site);
    let kept_search = search_print
        .and_then(|print| state.record.as_ref()?.search(print))
        .filter(|files| files.iter().all(|file| sink.had(file)))
        .map(<[PathBuf]>::to_vec);
    let previous_search = state.record.as_ref().and_then(|record| record.search_state);
    if kept_search.is_none() {
        state.load_search();
    }
    let ExtrasCache { search, shown } = state.extras();
    let linked = Mutex::new(Vec::new());
    let besides = || {
        let besides = extras::besides_search(
            config,
            site,
            &page_urls,
            build.now,
            Some(shown),
            Some(inputs.fingerprints()),
            &|path: &Path| kept_by(sink, path),
        );
        besides
            .made
            .par_iter()
            .try_for_each(|file| sink.write(file))?;
        Ok::<_, Diagnostic>(besides.made.len() + besides.kept)
    };
    let search = || match &kept_search {
        Some(files) => Ok(Some(files.clone())),
        None => write_search(config, site, sink, search, &inputs),
    };
    let (outcomes, (besides, search_files)) = rayon::join(
        || write_pages(build, (&jobs, &planned.files), kept, &common, sink, &linked),
        || rayon::join(besides, search),
    );
    let outcomes = outcomes?;
    let problem = |problem| Diagnostics(vec![problem]);
    let (besides, search_files) = (besides.map_err(problem)?, search_files.map_err(problem)?);
    for path in kept_search.iter().flatten() {
        sink.keep(path);
    }
    let kept: Vec<&Path> = (planned.files.iter().zip(&outcomes))
        .filter(|(_, outcome)| matches!(outcome, PageOutcome::Kept))
        .map(|(file, _)| file.as_path())
        .collect();
    sink.keep_all(&mut kept.iter().copied());
    let pages = jobs.len();
    let mut record = BuildCache::new(key.clone(), &jobs, &planned.prints);
    drop(page_urls);
    // Freeing 130,000 page jobs takes a twentieth of a build that changed one item: it is
    // done beside the check of the links, which leaves a core free, with the names of the
    // kept pages for the link index.
    let previous_links = state.record.as_ref().and_then(|r| r.links.as_ref());
    let (broken, kept_pages) = rayon::join(
        || problems(build, sink, (&planned.files, &outcomes), previous_links),
        move || {
            drop(jobs);
            let names = kept.iter().map(|file| link_index::name(file));
            names.collect::<HashSet<u32>>()
        },
    );
    if !broken.is_empty() {
        return Err(Diagnostics(broken));
    }
    let previous_links = state.record.as_mut().and_then(|r| r.links.take());
    let written = linked.into_inner().expect("not poisoned");
    record.links = LinkIndex::next(previous_links, &kept_pages, written);
    record.related = state.related_to_save();
    record.sitemaps = state.extras().shown.sitemaps.clone();
    record.feeds = state.extras().shown.feeds.clone();
    if let (Some(print), Some(files)) = (search_print, search_files.clone()) {
        record.set_search(print, files);
    }
    let search_written = kept_search.is_none() && search_files.is_some();
    record.search_state = previous_search.filter(|_| kept_search.is_some());
    Ok(Made {
        pages,
        rendered: outcomes
            .iter()
            .filter(|outcome| matches!(outcome, PageOutcome::Written(..)))
            .count(),
        other_files: besides + search_files.map_or(0, |files| files.len()),
        record,
        search_written,
    })
}

/// What stops the build once its pages are made: links that lead nowhere (of the pages
/// `files`, made or kept as `outcomes` say; `previous_links` is the previous build's
/// [`LinkIndex`]), and items whose files changed while it read them.
fn problems(
    build: &Build,
    sink: &dyn Sink,
    (files, outcomes): (&[PathBuf], &[PageOutcome]),
    previous_links: Option<&LinkIndex>,
) -> Vec<Diagnostic> {
    // A missing picture is reported at the file that names it, not at each page showing it.
    let statics: HashSet<&Path> = build.static_paths.iter().map(PathBuf::as_path).collect();
    let (missing, mut broken): (Vec<PathBuf>, Vec<Diagnostic>) =
        missing_pictures(build.site, &statics).into_iter().unzip();
    let mut targets = build.static_paths.clone();
    targets.extend(missing);
    broken.extend(broken_links(
        sink,
        &targets,
        files,
        outcomes,
        previous_links,
    ));
    broken.extend(bodies_gone(build.site));
    broken
}

/// The items whose bodies were to be rendered from their files during the build, but whose
/// files changed or went away since the build read them.
fn bodies_gone(site: &Site) -> Vec<Diagnostic> {
    let problems = site.numbered.iter();
    problems
        .filter_map(|item| item.body.problem().cloned())
        .collect()
}

/// For each of `jobs`, whether the file `record`'s build left is kept: the page's fingerprint
/// is the one the record has, and the sink still has the file.
fn kept_pages(
    jobs: &[PageJob],
    planned: &Planned,
    record: Option<&BuildCache>,
    sink: &dyn Sink,
) -> Vec<Option<PageOutcome>> {
    (jobs, &planned.files, &planned.prints)
        .into_par_iter()
        .map(|(job, file, &print)| {
            let keeps = record.is_some_and(|record| record.keeps(&job.url, print));
            (keeps && sink.had(file)).then_some(PageOutcome::Kept)
        })
        .collect()
}

/// Each page's file in the output, and the fingerprint of what it is made from now
/// ([`Inputs::page_print`]), in the order of the pages: worked out once for the whole build.
struct Planned {
    files: Vec<PathBuf>,
    prints: Vec<Option<u64>>,
}

impl Planned {
    fn of(jobs: &[PageJob], inputs: &Inputs) -> Planned {
        let files = || jobs.par_iter().map(|job| file_for(&job.url)).collect();
        let (files, prints) = rayon::join(files, || inputs.page_prints(jobs));
        Planned { files, prints }
    }
}

/// Every page of `site`, with the search page when the theme has one.
fn page_jobs<'s>(
    config: &'s Config,
    site: &'s Site,
    renderer: &Renderer,
    related: &'s [Vec<usize>],
) -> Vec<PageJob<'s>> {
    let mut jobs = pages::all(config, site, related);
    if config.site.search.enabled && renderer.has_template("search.html") {
        jobs.push(pages::search_page());
    }
    jobs
}

/// Renders the pages not `kept` on every core and hands each to `sink` at once, keeping only
/// its links that lead to none of the pages and static files, and adding every file it links
/// to to `linked`; gives each page's outcome in job order, or every rendering problem.
fn write_pages(
    build: &Build,
    (jobs, files): (&[PageJob], &[PathBuf]),
    kept: Vec<Option<PageOutcome>>,
    common: &Context,
    sink: &dyn Sink,
    linked: &Mutex<Vec<(u32, Vec<u32>)>>,
) -> Result<Vec<PageOutcome>, Diagnostics> {
    let known: HashSet<&Path> = (files.iter().chain(&build.static_paths))
        .map(PathBuf::as_path)
        .collect();
    let total = kept.iter().filter(|kept| kept.is_none()).count();
    let rendered = AtomicUsize::new(0);
    let results: Vec<Result<PageOutcome, Diagnostic>> = jobs
        .par_iter()
        .zip(kept)
        .map(|(job, kept)| {
            if let Some(kept) = kept {
                return Ok(kept);
            }
            if let Some(Progress(tell)) = build.progress {
                tell(rendered.fetch_add(1, Ordering::Relaxed) + 1, total);
            }
            let file = render_page(build.renderer, common, job)?;
            crate::output::ids::unique_ids(&file)?;
            let links = links::page_links(&file);
            note_targets(linked, &file.path, &links);
            let pending = links.without(&known);
            sink.write(&file)?;
            Ok(PageOutcome::Written(file.path, pending))
        })
        .collect();
    let mut errors = Vec::new();
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(outcome) => done.push(outcome),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        errors.dedup_by(|a, b| a.path == b.path && a.line == b.line);
        return Err(Diagnostics(errors));
    }
    Ok(done)
}

/// Notes in `linked` that the page at `path` leads to the files `links` lead to, by their
/// names in the [`LinkIndex`].
fn note_targets(linked: &Mutex<Vec<(u32, Vec<u32>)>>, path: &Path, links: &PageLinks) {
    let targets = links
        .targets()
        .map(|target| link_index::name(target))
        .collect();
    let page = (link_index::name(path), targets);
    linked.lock().expect("not poisoned").push(page);
}

/// One page, rendered with the variables every page sees and its own.
pub(super) fn render_page(
    renderer: &Renderer,
    common: &Context,
    job: &PageJob,
) -> Result<OutputFile, Diagnostic> {
    let mut context = common.clone();
    job.fill(&mut context);
    context.insert("current_url", &job.url);
    let html = renderer.render(job.template, &context, &job.url)?;
    Ok(OutputFile {
        path: file_for(&job.url),
        bytes: html.into_bytes().into(),
    })
}

/// Writes the search index when the site has one, and gives its files: `cache`, the previous
/// build's index, is patched, and every file the sink had with the same bytes kept.
fn write_search(
    config: &Config,
    site: &Site,
    sink: &dyn Sink,
    cache: &mut search::SearchCache,
    inputs: &Inputs,
) -> Result<Option<Vec<PathBuf>>, Diagnostic> {
    if !config.site.search.enabled {
        return Ok(None);
    }
    let zone = config
        .zone
        .iana_name()
        .map_or_else(|| format!("{:?}", config.zone), String::from);
    let write = |file: OutputFile| sink.write(&file);
    let keep = |path: &Path| kept_by(sink, path);
    let destination = search::Destination {
        write: &write,
        keep: &keep,
    };
    search::write_index(site, &zone, &inputs.items, cache, &destination).map(Some)
}

/// Whether `sink` had the previous build's file at `path`, which then stays.
fn kept_by(sink: &dyn Sink, path: &Path) -> bool {
    let had = sink.had(path);
    if had {
        sink.keep(path);
    }
    had
}

/// The links of the build's pages that lead nowhere. Written pages were checked against the
/// pages and static files as they were rendered; what they left is checked against every
/// file now. Kept pages passed the previous build's check, against its files: of them, only
/// those that linked to a file now gone are read again (by `index`, the previous build's
/// [`LinkIndex`]; when it is not known, every kept page when any file is gone).
fn broken_links(
    sink: &dyn Sink,
    static_paths: &[PathBuf],
    files: &[PathBuf],
    outcomes: &[PageOutcome],
    index: Option<&LinkIndex>,
) -> Vec<Diagnostic> {
    let statics: HashSet<&Path> = static_paths.iter().map(PathBuf::as_path).collect();
    let mut broken: Vec<Diagnostic> = Vec::new();
    sink.check_present(&mut |present| {
        let is_target = |path: &Path| present(path) || statics.contains(path);
        let gone = sink.gone(&is_target);
        let to_read = LinkIndex::to_read(index, &gone);
        let gone = GoneLinks::new(&gone);
        broken = (files.par_iter().zip(outcomes))
            .flat_map_iter(|(path, outcome)| match outcome {
                PageOutcome::Written(path, pending) => links::broken_in(path, pending, &is_target),
                PageOutcome::Kept => match to_read.includes(path) {
                    true => kept_page_links(sink, path, &gone, &is_target),
                    false => Vec::new(),
                },
            })
            .collect();
    });
    broken.sort_by(|a, b| a.path.cmp(&b.path));
    broken
}

/// The links of the kept page at `path` to files that are `gone`.
fn kept_page_links(
    sink: &dyn Sink,
    path: &Path,
    gone: &GoneLinks,
    is_target: &IsTarget,
) -> Vec<Diagnostic> {
    match sink.read_previous(path) {
        Ok(bytes) => gone.broken_in(path, &bytes, is_target),
        Err(problem) => vec![problem],
    }
}
