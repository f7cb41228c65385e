//! A whole build: settings → content → the site's pages → templates → the output folder.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{OutputFile, publish};
use crate::render::Renderer;
use crate::render::views::{MenuItem, NewsView, PageView, SiteView, news_url, page_url};
use crate::site::{Selection, Site, paginate};

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
}

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: usize,
    pub static_files: usize,
    pub output: PathBuf,
    pub news: NewsCount,
}

/// How many news items were read, and how many of them were published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsCount {
    pub read: usize,
    pub published: usize,
}

/// The rendered pages of a site, before they are written.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub news: NewsCount,
    config: Config,
}

/// Checks and renders the whole site without writing anything; every problem is reported.
pub fn check(options: &BuildOptions) -> Result<Rendered, Diagnostics> {
    render(options)
}

/// Builds the site into its output folder, replacing the previous build only on success.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let rendered = render(options)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let theme_static = rendered.config.theme_dir().join("static");
    let static_dirs = [theme_static, options.root.join("static")];
    let static_files =
        publish(&output, &rendered.files, &static_dirs).map_err(|e| Diagnostics(vec![e]))?;
    Ok(BuildSummary {
        pages: rendered.files.len(),
        static_files,
        output,
        news: rendered.news,
    })
}

/// Loads the settings, the content and the templates, and renders every page.
fn render(options: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let mut config = Config::load(&options.root).map_err(|e| Diagnostics(vec![e]))?;
    if let Some(base_url) = &options.base_url {
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            let message =
                format!("is '{base_url}': write the full address, like http://localhost:8000");
            return Err(Diagnostics(vec![Diagnostic::new(
                "--base-url",
                None,
                message,
            )]));
        }
        config.site.base_url = base_url.clone();
    }
    let (content, renderer) = match (Content::load(&config), Renderer::new(&config)) {
        (Ok(content), Ok(renderer)) => (content, renderer),
        (content, renderer) => {
            let mut errors = content.err().map(|d| d.0).unwrap_or_default();
            errors.extend(renderer.err().map(|d| d.0).unwrap_or_default());
            return Err(Diagnostics(errors));
        }
    };
    let selection = Selection {
        drafts: options.drafts,
        now: jiff::Timestamp::now(),
    };
    let site = Site::assemble(&content, selection);
    let files = render_site(&config, &site, &renderer)?;
    let news = NewsCount {
        read: content.news.len(),
        published: site.news.len(),
    };
    Ok(Rendered {
        files,
        news,
        config,
    })
}

/// One page to render: its template, its address and what its template sees besides the
/// common variables.
struct PageJob {
    template: &'static str,
    url: String,
    context: Context,
}

fn render_site(
    config: &Config,
    site: &Site,
    renderer: &Renderer,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut common = Context::new();
    common.insert("site", &SiteView::new(&config.site));
    let menu: Vec<MenuItem> = site
        .pages
        .iter()
        .map(|page| MenuItem {
            title: &page.title,
            url: page_url(page),
        })
        .collect();
    common.insert("menu", &menu);

    let jobs = page_jobs(config, site);
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            let mut context = common.clone();
            context.extend(job.context);
            context.insert("current_url", &job.url);
            let html = renderer.render(job.template, &context, &job.url)?;
            Ok(OutputFile {
                path: output_path(&job.url),
                bytes: html.into_bytes(),
            })
        })
        .collect();
    let (files, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let mut errors: Vec<Diagnostic> = errors.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(files.into_iter().filter_map(Result::ok).collect())
    } else {
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        errors.dedup_by(|a, b| a.path == b.path && a.line == b.line);
        Err(Diagnostics(errors))
    }
}

fn page_jobs(config: &Config, site: &Site) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    for (pagination, news) in paginate(&site.news, config.site.items_per_page, "/") {
        let mut context = Context::new();
        let pinned: Vec<NewsView> = match pagination.current {
            1 => site
                .pinned
                .iter()
                .map(|item| NewsView::summary(item))
                .collect(),
            _ => Vec::new(),
        };
        context.insert("pinned", &pinned);
        let news: Vec<NewsView> = news.iter().map(|item| NewsView::summary(item)).collect();
        context.insert("news", &news);
        let url = pagination.pages[pagination.current - 1].url.clone();
        context.insert("pagination", &pagination);
        jobs.push(PageJob {
            template: "index.html",
            url,
            context,
        });
    }
    for item in &site.news {
        let mut context = Context::new();
        context.insert("news", &NewsView::full(item));
        jobs.push(PageJob {
            template: "news.html",
            url: news_url(item.id),
            context,
        });
    }
    for page in &site.pages {
        let mut context = Context::new();
        context.insert("page", &PageView::new(page));
        jobs.push(PageJob {
            template: "page.html",
            url: page_url(page),
            context,
        });
    }
    jobs.push(PageJob {
        template: "404.html",
        url: "/404.html".into(),
        context: Context::new(),
    });
    jobs
}

/// The file for the page at `url`: `/news/1/` is `news/1/index.html`, `/404.html` itself.
fn output_path(url: &str) -> PathBuf {
    let relative = url.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        Path::new(relative).join("index.html")
    } else {
        PathBuf::from(relative)
    }
}
