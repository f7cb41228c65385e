//! The pipeline that conducts a build: settings → content → the site's pages → templates → the
//! output folder, with the build cache between one build and the next.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::Context;

pub mod cache;
mod streamed;

use streamed::Target;

use crate::config::{Config, is_web_address};
use crate::content::{Content, lint};
use crate::diagnostic::{Diagnostic, Diagnostics, quoted};
use crate::fingerprint::{hash_of, json_hash};
use crate::output::changes::ChangeList;
use crate::output::statics::StaticFiles;
use crate::output::{OutputFile, extras, file_for, links};
use crate::paths::Root;
use crate::render::Renderer;
use crate::render::memo::{Inputs, PageMemo};
use crate::render::pages::{self, YearView};
use crate::render::views::{MenuItem, SiteView, item_fingerprint, page_url};
use crate::site::related::RelatedIndex;
use crate::site::{Selection, Site};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `public/` under the root when not given.
    pub output: Option<PathBuf>,
    /// Include drafts, embargoed and expired items.
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml`, for a preview served elsewhere.
    pub base_url: Option<String>,
    /// Told how many pages are rendered of how many, as rendering goes.
    pub progress: Option<Progress>,
    /// Whether `build` reuses and records the build cache ([`cache::CACHE_FILE`]).
    pub cache: bool,
}

impl BuildOptions {
    /// The published site of `root` into `public/`, with its own `base_url`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            base_url: None,
            progress: None,
            cache: true,
        }
    }

    /// The folder the site is written to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A listener for `(pages rendered, pages in all)`, called from the rendering threads.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: usize,
    /// The pages rendered by this build; the others were kept from the previous one.
    pub rendered: usize,
    /// Feeds, sitemaps and `robots.txt`.
    pub other_files: usize,
    pub static_files: usize,
    pub output: PathBuf,
    pub news: NewsCount,
    /// What the build added to, changed in and removed from the output folder; empty for a
    /// check.
    pub changes: ChangeList,
    pub warnings: Vec<Diagnostic>,
}

/// How many news items were read, and how many of them were published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NewsCount {
    pub read: usize,
    pub published: usize,
}

/// The rendered pages of a site, before they are written.
pub struct Rendered {
    /// The pages, feeds, sitemaps and `robots.txt`.
    pub files: Vec<OutputFile>,
    pub news: NewsCount,
    /// Things that are allowed but look like mistakes.
    pub warnings: Vec<Diagnostic>,
    /// The files served as they are beside the rendered ones.
    pub statics: StaticFiles,
}

impl Rendered {
    /// How many of the files are HTML pages.
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|file| file.path.extension().is_some_and(|ext| ext == "html"))
            .count()
    }
}

/// Renders the whole site without writing anything; every problem is reported.
pub fn render_only(options: &BuildOptions) -> Result<Rendered, Diagnostics> {
    render(options, None).map(|(rendered, _)| rendered)
}

/// Renders the site again, keeping from the previous render with `memo` every page whose
/// inputs are unchanged: the output is the same as [`render_only`]'s, byte for byte.
pub fn render_again(options: &BuildOptions, memo: &mut PageMemo) -> Result<Rendered, Diagnostics> {
    render(options, Some(memo)).map(|(rendered, _)| rendered)
}

/// Everything a build checks, writing nothing, and the editorial warnings of
/// [`crate::content::lint`] besides. Pages are rendered and checked one at a time, as a build
/// writes them, so a check holds no more in memory than a build.
pub fn check(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let (mut summary, content) = streamed_build(options, Target::Nowhere)?;
    let mut warnings = lint::editorial_warnings(&content, jiff::Timestamp::now());
    warnings.append(&mut summary.warnings);
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    summary.warnings = warnings;
    Ok(summary)
}

/// Builds the site into its output folder, replacing the previous build only on success.
/// Pages are written as they are rendered; with the build cache, only what changed since the
/// previous build is rendered and written.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    check_output(options)?;
    streamed_build(options, Target::Output).map(|(summary, _)| summary)
}

/// Refuses a default output folder (`public/`) that leads out of the site; an `--output` named
/// on the command line is its own root.
fn check_output(options: &BuildOptions) -> Result<(), Diagnostics> {
    if options.output.is_some() {
        return Ok(());
    }
    let Err(error) = Root::new(&options.root).resolve(&options.output_dir()) else {
        return Ok(());
    };
    let mut problem = error.diagnostic();
    problem
        .message
        .push_str("; to build into a folder elsewhere, name it with --output");
    if let Some(persian) = &mut problem.persian {
        persian
            .detail
            .push_str("؛ برای ساختن در پوشه‌ای دیگر، آن را با `--output` نام ببرید");
    }
    Err(Diagnostics(vec![problem]))
}

/// Loads and renders the site page by page to `target`.
fn streamed_build(
    options: &BuildOptions,
    target: Target,
) -> Result<(BuildSummary, Content), Diagnostics> {
    let (config, content, renderer, statics) = load(options, None)?;
    let selection = Selection {
        drafts: options.drafts,
        now: jiff::Timestamp::now(),
    };
    let site = Site::assemble(&content, selection)?;
    let mut summary = streamed::write_site(
        options,
        &config,
        &site,
        &renderer,
        &statics,
        selection.now,
        target,
    )?;
    summary.news = NewsCount {
        read: content.news.len(),
        published: site.news.len(),
    };
    summary
        .warnings
        .splice(0..0, content.warnings.iter().cloned());
    Ok((summary, content))
}

/// The settings (with `--base-url`), the content, the compiled templates and the static files
/// of a build; the problems of all but the settings are reported together.
fn load(
    options: &BuildOptions,
    cache: Option<&mut crate::content::ContentCache>,
) -> Result<(Config, Content, Renderer, StaticFiles), Diagnostics> {
    let mut config = Config::load(&options.root).map_err(|e| Diagnostics(vec![e]))?;
    if let Some(base_url) = &options.base_url {
        if !is_web_address(base_url) {
            let message =
                format!("is '{base_url}': write the full address, like http://localhost:8000");
            let detail = format!(
                "{} نشانی کامل نیست: آن را کامل بنویسید، مانند http://localhost:8000",
                quoted(base_url)
            );
            return Err(Diagnostics(vec![
                Diagnostic::new("--base-url", None, message).with_persian("نشانی نامعتبر", detail),
            ]));
        }
        config.site.base_url = base_url.clone();
    }
    let (content, (renderer, statics)) = rayon::join(
        || Content::load_with(&config, cache),
        || (Renderer::new(&config), StaticFiles::of_site(&config)),
    );
    match (content, renderer, statics) {
        (Ok(content), Ok(renderer), Ok(statics)) => Ok((config, content, renderer, statics)),
        (content, renderer, statics) => {
            let mut errors = content.err().map(|d| d.0).unwrap_or_default();
            errors.extend(renderer.err().map(|d| d.0).unwrap_or_default());
            errors.extend(statics.err().map(|d| d.0).unwrap_or_default());
            Err(Diagnostics(errors))
        }
    }
}

/// Loads the settings, the content and the templates, and renders every page in memory.
fn render(
    options: &BuildOptions,
    memo: Option<&mut PageMemo>,
) -> Result<(Rendered, Content), Diagnostics> {
    let mut memo = memo;
    let cache = memo.as_deref_mut().map(|memo| &mut memo.content);
    let (config, content, renderer, statics) = load(options, cache)?;
    let selection = Selection {
        drafts: options.drafts,
        now: jiff::Timestamp::now(),
    };
    let site = Site::assemble(&content, selection)?;
    let files = render_site(
        &config,
        &site,
        &renderer,
        selection.now,
        options.progress.as_ref(),
        memo.as_deref_mut(),
    )?;
    let static_files = statics.paths();
    let broken = match memo {
        Some(memo) => memo.broken_links(&files, &static_files),
        None => links::broken_links_in(&files, &links::targets(&files, &static_files), |_| true),
    };
    if !broken.is_empty() {
        return Err(Diagnostics(broken));
    }
    let news = NewsCount {
        read: content.news.len(),
        published: site.news.len(),
    };
    let warnings = content.warnings.clone();
    Ok((
        Rendered {
            files,
            news,
            warnings,
            statics,
        },
        content,
    ))
}

fn render_site(
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    now: jiff::Timestamp,
    progress: Option<&Progress>,
    memo: Option<&mut PageMemo>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let common = common_context(config, site);
    let archive = renderer.set_archive(&site.archive);
    let mut memo = memo;
    let related = match memo.as_deref_mut() {
        Some(memo) => memo.related(&site.news),
        None => RelatedIndex::new(&site.news).all().into(),
    };
    let jobs = page_jobs(config, site, renderer, &related);
    let inputs = memo
        .as_ref()
        .map(|_| inputs(config, site, renderer, &archive));
    let kept: Vec<Option<OutputFile>> = jobs
        .par_iter()
        .map(|job| {
            memo.as_ref()
                .zip(inputs.as_ref())
                .and_then(|(memo, inputs)| memo.kept(job, inputs))
        })
        .collect();
    let fresh: Vec<bool> = kept.iter().map(Option::is_none).collect();
    let page_urls = pages::sitemap_urls(&jobs);
    let extras_cache = memo
        .as_deref_mut()
        .zip(inputs.as_ref())
        .map(|(memo, inputs)| (memo.extras(inputs.global), inputs.fingerprints()));
    // The feeds, sitemaps and search index do not depend on the pages: both are made at once.
    let (pages, extra_files) = rayon::join(
        || {
            render_pages(&jobs, kept, &common, renderer, progress, |file| {
                crate::output::ids::unique_ids(&file)?;
                Ok(file)
            })
        },
        || extras::files(config, site, &page_urls, now, extras_cache),
    );
    let mut files = pages?;
    if let (Some(memo), Some(inputs)) = (memo, inputs) {
        let pages = jobs.iter().zip(&files).zip(fresh);
        memo.remember(
            inputs,
            pages
                .map(|((job, file), fresh)| (job, file, fresh))
                .collect(),
        );
    }
    files.extend(extra_files);
    Ok(files)
}

/// What every page's template sees: the site's settings, its feeds and its menu.
pub fn common_context(config: &Config, site: &Site) -> Context {
    let mut common = Context::new();
    common.insert("site", &SiteView::new(&config.site));
    common.insert("feeds", &FEEDS);
    common.insert("menu", &menu(site));
    common
}

/// The site's static pages, as the menu lists them.
fn menu<'s>(site: &'s Site) -> Vec<MenuItem<'s>> {
    site.pages
        .iter()
        .map(|page| MenuItem {
            title: &page.title,
            url: page_url(page),
        })
        .collect()
}

/// Renders the pages of `jobs` that have nothing `kept` from the previous build, handing
/// each page to `emit` as it is rendered; gives what `emit` gave, or was kept, in job order.
fn render_pages<T: Send>(
    jobs: &[pages::PageJob],
    kept: Vec<Option<T>>,
    common: &Context,
    renderer: &Renderer,
    progress: Option<&Progress>,
    emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Diagnostics> {
    let total = kept.iter().filter(|kept| kept.is_none()).count();
    let rendered = AtomicUsize::new(0);
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .zip(kept)
        .map(|(job, kept)| {
            if let Some(kept) = kept {
                return Ok(kept);
            }
            if let Some(Progress(tell)) = progress {
                tell(rendered.fetch_add(1, Ordering::Relaxed) + 1, total);
            }
            let mut context = common.clone();
            job.fill(&mut context);
            context.insert("current_url", &job.url);
            let html = renderer.render(job.template, &context, &job.url)?;
            emit(OutputFile {
                path: file_for(&job.url),
                bytes: html.into_bytes().into(),
            })
        })
        .collect();
    let mut errors = Vec::new();
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => done.push(value),
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

/// Every page of `site`, with the search page when the theme has one.
fn page_jobs<'s>(
    config: &'s Config,
    site: &'s Site,
    renderer: &Renderer,
    related: &'s [Vec<usize>],
) -> Vec<pages::PageJob<'s>> {
    let mut jobs = pages::all(config, site, related);
    if config.site.search.enabled && renderer.has_template("search.html") {
        jobs.push(pages::search_page());
    }
    jobs
}

/// The fingerprints of what the pages are made from: what every page may show (with
/// `archive`, as [`Renderer::set_archive`] gave it), the site-wide data, and each item.
fn inputs(config: &Config, site: &Site, renderer: &Renderer, archive: &[YearView]) -> Inputs {
    let settings = format!("{:?}{}", config.site, config.zone.iana_name().unwrap_or(""));
    let every_page = hash_of(&(
        renderer.fingerprint(),
        json_hash(&SiteView::new(&config.site)),
        json_hash(&menu(site)),
        json_hash(&archive),
        settings,
    ));
    let terms: Vec<Vec<(&str, usize)>> = site
        .taxonomies
        .iter()
        .map(|taxonomy| {
            taxonomy
                .terms
                .iter()
                .map(|term| (term.name.as_str(), term.items.len()))
                .collect()
        })
        .collect();
    let pages: Vec<u64> = site.pages.iter().map(|page| page.source_hash).collect();
    let global = hash_of(&(every_page, terms, pages));
    let items = site
        .news
        .par_iter()
        .map(|item| (item.id, item_fingerprint(item, site)))
        .collect();
    Inputs {
        every_page,
        global,
        items,
    }
}

/// The site's feeds, for `<link rel="alternate">` in every page's head.
const FEEDS: [FeedLink; 2] = [
    FeedLink {
        url: "/rss.xml",
        kind: "application/rss+xml",
    },
    FeedLink {
        url: "/atom.xml",
        kind: "application/atom+xml",
    },
];

#[derive(serde::Serialize)]
struct FeedLink {
    url: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}
