//! The pipeline that conducts a build: settings, content and comments → the site's pages →
//! templates → the output. One render path (`engine`) hands every file to a [`sink::Sink`]:
//! a folder (`build`, and `build_again` for the preview), memory (`render_only`,
//! `render_again`) or nowhere (`check`). What one build hands the next is in one place,
//! [`Incremental`], owned here: parsed items, related lists, feeds and search entries while a
//! process lives, and the record ([`cache::BuildCache`]) of page fingerprints, linked files,
//! the output's files and the stamped sources ([`sources`]) on disk between processes.

use std::path::PathBuf;
use std::sync::Arc;

use tera::Context;

pub mod cache;
mod engine;
mod folder;
pub mod inputs;
mod missing_pictures;
pub mod pictures;
mod preview_item;
pub mod sink;
pub mod sources;
pub mod state;
#[cfg(test)]
mod tests;

use folder::{Record, Statics};
pub use inputs::Inputs;
pub use preview_item::{Preview, preview_news_item};
use sink::MemorySink;
use sources::Look;
pub use state::Incremental;

use crate::comments::model::{Comment, load_site_comments, orphan_warnings};
use crate::config::{Config, is_web_address};
use crate::content::{Content, LookedFiles, lint};
use crate::diagnostic::{Diagnostic, Diagnostics, quoted};
use crate::output::OutputFile;
use crate::output::changes::ChangeList;
use crate::output::statics::StaticFiles;
use crate::paths::Root;
use crate::render::Renderer;
use crate::render::views::{MenuItem, SiteView, page_url};
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
    /// No file of the site changed and no scheduled moment came since the previous build:
    /// nothing was read, rendered or written, and the counts are that build's.
    pub up_to_date: bool,
}

/// How many news items were read, and how many of them were published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Renders the whole site into memory; every problem is reported.
pub fn render_only(options: &BuildOptions) -> Result<Rendered, Diagnostics> {
    render_again(options, &mut Incremental::default())
}

/// Renders the site into memory again, keeping from the build `state` remembers every page
/// whose inputs are unchanged: the output is the same as [`render_only`]'s, byte for byte.
pub fn render_again(
    options: &BuildOptions,
    state: &mut Incremental,
) -> Result<Rendered, Diagnostics> {
    let loaded = load(options, Some(&mut state.content), None)?;
    let site = loaded.assemble(options)?;
    let build = loaded.build(&site, options);
    let key = cache::CacheKey::new(&options.output_dir(), options.drafts);
    let sink = MemorySink::after(std::mem::take(&mut state.memory));
    let made = match engine::run(&build, &key, &sink, state) {
        Ok(made) => made,
        Err(problems) => {
            state.memory = sink.into_previous();
            return Err(problems);
        }
    };
    state.memory = sink.into_files();
    state.record = Some(made.record);
    state.rendered = made.rendered;
    let mut files: Vec<OutputFile> = state
        .memory
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let warnings = loaded
        .content
        .warnings
        .iter()
        .chain(&loaded.pictures.problems);
    Ok(Rendered {
        files,
        news: loaded.news_count(&site),
        warnings: warnings.cloned().collect(),
        statics: loaded.statics,
    })
}

/// Everything a build checks, writing nothing, and the editorial warnings of
/// [`crate::content::lint`] besides. Pages are rendered and checked one at a time, as a build
/// writes them, so a check holds no more in memory than a build.
pub fn check(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let loaded = load(options, None, None)?;
    let site = loaded.assemble(options)?;
    let build = loaded.build(&site, options);
    let key = cache::CacheKey::new(&options.output_dir(), options.drafts);
    let nowhere = crate::output::writer::SiteWriter::nowhere();
    let made = engine::run(
        &build,
        &key,
        &nowhere,
        &mut Incremental::from_record(None, &options.root),
    )?;
    let mut warnings = lint::editorial_warnings(&loaded.content, loaded.now);
    warnings.extend(loaded.content.warnings.iter().cloned());
    warnings.extend(loaded.pictures.for_check.iter().cloned());
    warnings.extend(loaded.pictures.problems.iter().cloned());
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Ok(BuildSummary {
        pages: made.pages,
        rendered: made.rendered,
        other_files: made.other_files,
        static_files: loaded.statics.len(),
        output: options.output_dir(),
        news: loaded.news_count(&site),
        changes: ChangeList::default(),
        warnings,
        up_to_date: false,
    })
}

/// Builds the site into its output folder, replacing the previous build only on success.
/// Pages are written as they are rendered; with the build cache, only what changed since the
/// previous build is rendered and written, and nothing is even read when no file the site is
/// made of changed and no scheduled moment came ([`sources`]).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    check_output(options)?;
    let mut opened = folder::Opened::lock(options)?;
    // The previous build's record and parsed items are read while the sources are looked at.
    let (mut state, look) = match options.cache {
        true => rayon::join(
            || Incremental::from_record(opened.record_on_disk(options), &options.root),
            || Look::at(&options.root, options.base_url.as_deref()),
        ),
        false => (
            Incremental::from_record(None, &options.root),
            Look::default(),
        ),
    };
    let Look { sources, content } = look;
    let unchanged = (state.record.as_ref()).and_then(|record| record.unchanged.as_ref());
    let now = jiff::Timestamp::now();
    if let (Some(unchanged), Some(sources)) = (unchanged, sources)
        && unchanged.holds(sources, now)
        && opened.output_holds()
    {
        let summary = opened.nothing_to_do(options, unchanged);
        std::thread::spawn(move || drop(state));
        return Ok(summary);
    }
    // The output folder is checked against the record beside the build that trusts it.
    if !opened.output_may_hold() {
        state = state.without_record();
    }
    state.start_loading_search();
    let keep = match options.cache {
        true => Record::Saved(sources),
        false => Record::NotSaved,
    };
    let built = into_folder(options, opened, &mut state, Statics::Copied, keep, content);
    // Freeing a portal's parsed items, postings and page prints one by one takes a tenth of
    // a build that changed one item: a thread of its own does it, and a process that ends
    // meanwhile need not wait for it.
    std::thread::spawn(move || drop(state));
    built.map(|(summary, _)| summary)
}

/// [`build`] for a process that builds the same site again and again into its own folder
/// (the preview): `state` lives from one build to the next, parsed items and all (their bodies
/// let go of after each build, to be rendered again from their files when a page needs them),
/// and the static files are not copied but served from where they are: they are given with
/// the summary.
pub fn build_again(
    options: &BuildOptions,
    state: &mut Incremental,
) -> Result<(BuildSummary, StaticFiles), Diagnostics> {
    let opened = folder::Opened::lock(options)?;
    let built = into_folder(
        options,
        opened,
        state,
        Statics::Referenced,
        Record::NotSaved,
        None,
    );
    state.content.release_bodies();
    built
}

/// Loads the site (its content's files as `looked`, when a look found them) and builds it
/// into the output folder `opened`; gives the summary and the site's static files.
fn into_folder(
    options: &BuildOptions,
    opened: folder::Opened,
    state: &mut Incremental,
    statics: Statics,
    keep: Record,
    looked: Option<LookedFiles>,
) -> Result<(BuildSummary, StaticFiles), Diagnostics> {
    let loaded = load(options, Some(&mut state.content), looked)?;
    let left_out = &loaded.pictures.problems;
    let with_left_out = |mut problems: Diagnostics| {
        problems.0.extend(left_out.iter().cloned());
        problems
    };
    let site = loaded.assemble(options).map_err(with_left_out)?;
    let written = folder::write_site(options, opened, &loaded, &site, state, statics, keep);
    let mut summary = written.map_err(with_left_out)?;
    summary.news = loaded.news_count(&site);
    let warnings = loaded.content.warnings.iter().chain(left_out);
    summary.warnings.splice(0..0, warnings.cloned());
    Ok((summary, loaded.statics))
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

/// What a build is made from, loaded: the settings (with `--base-url`), the content, the
/// readers' comments, the compiled templates, the static files, and the moment the build
/// stands at.
struct Loaded {
    config: Config,
    content: Content,
    /// The readers' comments, read beside the content, in every state.
    comments: Vec<Comment>,
    renderer: Renderer,
    statics: StaticFiles,
    /// What was found while the static folders' pictures were made ready to publish.
    pictures: pictures::Pictures,
    now: jiff::Timestamp,
}

impl Loaded {
    /// The site to publish now: the content with its terms, archive and lists.
    fn assemble(&self, options: &BuildOptions) -> Result<Site<'_>, Diagnostics> {
        let selection = Selection {
            drafts: options.drafts,
            now: self.now,
        };
        let site = Site::assemble(&self.content, &self.comments, selection)?;
        Ok(site.with_pictures(&self.pictures.catalog))
    }

    /// What the engine renders `site` from, as `options` ask.
    fn build<'a>(&'a self, site: &'a Site<'a>, options: &'a BuildOptions) -> engine::Build<'a> {
        engine::Build {
            config: &self.config,
            site,
            renderer: &self.renderer,
            static_paths: self.statics.paths(),
            now: self.now,
            progress: options.progress.as_ref(),
        }
    }

    fn news_count(&self, site: &Site) -> NewsCount {
        NewsCount {
            read: self.content.news.len(),
            published: site.news.len(),
        }
    }
}

/// Loads the settings, the content (reusing what `cache` kept, from the files `looked` found
/// when given), the readers' comments, the templates and the static files; the problems of all but the settings are reported together,
/// and the comments kept for news the site does not have are added to the content's warnings.
fn load(
    options: &BuildOptions,
    cache: Option<&mut crate::content::ContentCache>,
    mut looked: Option<LookedFiles>,
) -> Result<Loaded, Diagnostics> {
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
    let beside = looked.as_mut().map(LookedFiles::take_pictures);
    let ((content, comments), (renderer, statics)) = rayon::join(
        || {
            rayon::join(
                || Content::load_with(&config, cache, looked),
                || load_site_comments(&config),
            )
        },
        || {
            let statics = StaticFiles::of_site(&config, beside).map(|mut statics| {
                let pictures = pictures::prepare(&config, &mut statics);
                (statics, pictures)
            });
            (Renderer::new(&config), statics)
        },
    );
    match (content, comments, renderer, statics) {
        (Ok(mut content), Ok(comments), Ok(renderer), Ok((statics, pictures))) => {
            let news = content.news.iter().map(|item| item.id);
            let orphans = orphan_warnings(&config, &comments, news);
            content.warnings.extend(orphans);
            Ok(Loaded {
                config,
                content,
                comments,
                renderer,
                statics,
                pictures,
                now: jiff::Timestamp::now(),
            })
        }
        (content, comments, renderer, statics) => {
            let mut errors = content.err().map(|d| d.0).unwrap_or_default();
            errors.extend(comments.err().map(|d| d.0).unwrap_or_default());
            errors.extend(renderer.err().map(|d| d.0).unwrap_or_default());
            errors.extend(statics.err().map(|d| d.0).unwrap_or_default());
            Err(Diagnostics(errors))
        }
    }
}

/// What every page's template sees: the site's settings, its feeds and its menu.
pub fn common_context(config: &Config, site: &Site, year: i32) -> Context {
    let mut common = Context::new();
    common.insert("site", &SiteView::new(&config.site, year));
    common.insert("feeds", &FEEDS);
    common.insert("menu", &menu(site));
    common
}

/// The site's static pages, as the menu lists them.
pub(crate) fn menu<'s>(site: &'s Site) -> Vec<MenuItem<'s>> {
    site.pages
        .iter()
        .map(|page| MenuItem {
            title: &page.title,
            url: page_url(page),
        })
        .collect()
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
