//! One news item's page as a build would render it if its file held another text: the desk's
//! preview of an item before it is saved. The whole site is loaded as a build loads it (the
//! other items through a [`ContentCache`], so only changed files are read again), the item is
//! put in its place, and only its page is rendered, through the site's own templates.

use std::path::Path;
use std::sync::Arc;

use super::{BuildOptions, common_context, engine, load};
use crate::content::front_matter::split;
use crate::content::news::NewsItem;
use crate::content::{ContentCache, lint};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::pages;
use crate::render::views::news_url;
use crate::site::related::RelatedIndex;

/// An item's preview: its page, and what `akhbar check` would warn of in it.
#[derive(Debug)]
pub struct Preview {
    /// The page's HTML, as a build renders it.
    pub page: String,
    /// The editorial warnings of this item ([`lint::editorial_warnings`], with the other items
    /// of the site for the ones that compare items), each with its line in `text`.
    pub warnings: Vec<Diagnostic>,
}

/// The page (and the warnings) of the news item at `path` (from the site's root) if its file held
/// `text`, as a build of `options` renders it (with `options.drafts`, a draft has a page); the
/// problems of the text, or of the site, when it cannot be rendered.
pub fn preview_news_item(
    options: &BuildOptions,
    cache: &mut ContentCache,
    path: &Path,
    text: &str,
) -> Result<Preview, Diagnostics> {
    let mut loaded = load(options, Some(cache), None)?;
    let parts = split(text).map_err(|error| Diagnostics(vec![error.diagnostic(path)]))?;
    let item = NewsItem::from_split(&parts, path, &loaded.config).map_err(Diagnostics)?;
    let url = news_url(item.id);
    let news = &mut loaded.content.news;
    match news.iter_mut().find(|other| other.path == path) {
        Some(slot) => *slot = Arc::new(item),
        None => news.push(Arc::new(item)),
    }
    let warnings = lint::editorial_warnings(&loaded.content, loaded.now);
    let warnings = warnings.into_iter().filter(|w| w.path == path).collect();
    let site = loaded.assemble(options)?;
    let build = loaded.build(&site, options);
    let common = common_context(&loaded.config, &site, build.year());
    build.renderer.set_archive(&site.archive);
    if let Some(catalog) = site.pictures {
        build.renderer.set_pictures(catalog);
    }
    let (_, related) = RelatedIndex::new(&site.news).pick(None);
    let jobs = pages::all(&loaded.config, &site, &related);
    let Some(job) = jobs.iter().find(|job| job.url == url) else {
        let message =
            "has no page: it is not published (a draft, scheduled or expired) in this preview";
        let problem = Diagnostic::new(path, None, message).with_persian(
            "صفحه‌ای ندارد",
            "این خبر در این پیش‌نمایش منتشر نمی‌شود (پیش‌نویس، زمان‌بندی‌شده یا منقضی)",
        );
        return Err(Diagnostics(vec![problem]));
    };
    let page =
        engine::render_page(build.renderer, &common, job).map_err(|e| Diagnostics(vec![e]))?;
    let page = String::from_utf8_lossy(&page.bytes).into_owned();
    Ok(Preview { page, warnings })
}
