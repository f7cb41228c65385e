//! Tera 2 templates of the theme, overridden file by file by the site's own `templates/`.

pub mod filters;
pub mod pages;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::sync::{Arc, OnceLock};

use tera::{Context, ErrorKind, Tera, Value};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::Catalog;
use crate::paths::PathError;
use crate::persian::bidi::isolate;
use crate::text_file;

/// The templates every theme provides.
pub const REQUIRED_TEMPLATES: [&str; 8] = [
    "base.html",
    "index.html",
    "news.html",
    "page.html",
    "list.html",
    "archive.html",
    "taxonomy.html",
    "404.html",
];

/// The template of a page left at a former address, pointing to the new one (`redirect.to`,
/// `redirect.name`). A theme may have its own; akhbar has one for themes that do not.
pub const REDIRECT_TEMPLATE: &str = "redirect.html";

const BUILT_IN_REDIRECT: &str = include_str!("redirect.html");

/// Compiled templates, with the file each came from for error messages.
pub struct Renderer {
    tera: Tera,
    sources: HashMap<String, PathBuf>,
    /// What `get_archive()` returns, set once the site is assembled.
    archive: Arc<OnceLock<Value>>,
    /// The pictures `get_picture(path=…)` finds, set once they are made.
    pictures: Arc<OnceLock<Catalog>>,
    /// Whether a template calls `get_picture`.
    shows_pictures: bool,
    /// A hash of every template's name and text, to tell a build whether templates changed.
    fingerprint: u64,
}

impl Renderer {
    /// Compiles the theme's templates and the site's overrides, reporting every problem.
    pub fn new(config: &Config) -> Result<Renderer, Diagnostics> {
        let theme_templates = config.theme_dir().join("templates");
        if !theme_templates.is_dir() {
            let message = format!(
                "unknown theme '{}': there is no folder {}",
                config.site.theme,
                config.relative(&theme_templates).display()
            );
            let folder = config.relative(&theme_templates).display().to_string();
            let detail = format!(
                "پوشهٔ {} نیست: در `theme` نام یکی از پوشه‌های themes/ را بنویسید",
                isolate(&folder)
            );
            return Err(Diagnostics(vec![
                Diagnostic::new(CONFIG_FILE, None, message).with_persian("پوستهٔ ناشناخته", detail),
            ]));
        }
        let mut errors = Vec::new();
        let mut templates: HashMap<String, (PathBuf, String)> = HashMap::new();
        let root = config.published_root();
        for dir in [theme_templates, config.root.join("templates")] {
            let walked = root.files(&dir, usize::MAX, |_| true);
            errors.extend(walked.problems.iter().map(PathError::diagnostic));
            for (name, path) in template_names(&dir, walked.files) {
                match text_file::read(&path) {
                    Ok(text) => {
                        templates.insert(name, (config.relative(&path), text));
                    }
                    Err(error) => {
                        errors.push(error.diagnostic(config.relative(&path), "خطای خواندن قالب"))
                    }
                }
            }
        }
        templates
            .entry(REDIRECT_TEMPLATE.into())
            .or_insert_with(|| ("(akhbar)/redirect.html".into(), BUILT_IN_REDIRECT.into()));
        // A template left out by the path rule is not missing: it is reported already.
        let walked_whole = errors.is_empty();
        for required in REQUIRED_TEMPLATES {
            if walked_whole && !templates.contains_key(required) {
                let message = format!("the theme has no template {required}");
                let detail = format!("پوسته قالب {} را ندارد", isolate(required));
                errors.push(
                    Diagnostic::new(config.relative(&config.theme_dir()), None, message)
                        .with_persian("قالب جاافتاده", detail),
                );
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let sources: HashMap<String, PathBuf> = templates
            .iter()
            .map(|(name, (path, _))| (name.clone(), path.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        filters::register(&mut tera, config.zone.clone(), &config.site.base_url);
        let archive: Arc<OnceLock<Value>> = Arc::default();
        let shared = Arc::clone(&archive);
        tera.register_function("get_archive", move |_: tera::Kwargs, _: &tera::State| {
            shared.get().cloned().unwrap_or(Value::none())
        });
        let pictures: Arc<OnceLock<Catalog>> = Arc::default();
        let shared = Arc::clone(&pictures);
        tera.register_function(
            "get_picture",
            move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<Value> {
                let path: String = kwargs.must_get("path")?;
                let picture = shared.get().and_then(|catalog| catalog.get(&path));
                Ok(picture.map_or(Value::none(), |picture| {
                    Value::from_serializable(&views::PictureView::of(picture))
                }))
            },
        );
        let shows_pictures = templates
            .values()
            .any(|(_, text)| text.contains("get_picture"));
        let mut sorted: Vec<(&String, &String)> = templates
            .iter()
            .map(|(name, (_, text))| (name, text))
            .collect();
        sorted.sort();
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&sorted, &mut hasher);
        let raw = templates
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str()));
        let mut renderer = Renderer {
            tera,
            sources,
            archive,
            pictures,
            shows_pictures,
            fingerprint: std::hash::Hasher::finish(&hasher),
        };
        if let Err(error) = renderer.tera.add_raw_templates(raw) {
            return Err(Diagnostics(vec![renderer.diagnostic(&error, None)]));
        }
        Ok(renderer)
    }

    /// A hash of the templates' names and texts.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether the theme or the site has a template called `name`.
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Gives `get_archive()` its value: the years of `archive`, newest first, each with the
    /// months that have news, without counts ([`pages::YearView::navigation`]). Returns that
    /// value, which every page may show and so is part of every page's fingerprint.
    pub fn set_archive(&self, archive: &crate::site::Archive) -> Vec<pages::YearView> {
        let years: Vec<pages::YearView> = archive
            .years
            .iter()
            .map(pages::YearView::navigation)
            .collect();
        let _ = self.archive.set(Value::from_serializable(&years));
        years
    }

    /// Gives `get_picture(path=…)` the site's pictures: a picture's `width`, `height`,
    /// `srcset` and `webp_srcset` by its address, for a theme's own pictures (a logo in its
    /// `static/`). Returns what every page's fingerprint must then hold of them: a print of
    /// every picture when a template calls `get_picture` (any page may show any), else none.
    pub fn set_pictures(&self, catalog: &Catalog) -> Option<u64> {
        if !self.shows_pictures {
            return None;
        }
        let _ = self.pictures.set(catalog.clone());
        Some(catalog.print_all())
    }

    /// Renders `template` for the page at `url`.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        url: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|error| self.diagnostic(&error, Some(url)))
    }

    /// A Tera error as a diagnostic at the template file and line it points to.
    fn diagnostic(&self, error: &tera::Error, url: Option<&str>) -> Diagnostic {
        let while_rendering = url
            .map(|url| format!("while rendering {url}: "))
            .unwrap_or_default();
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let path = self
                    .sources
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(report.filename()));
                let message = format!("{while_rendering}{}", report.message());
                Diagnostic::new(path, Some(report.span().start_line), message)
                    .with_persian("خطای قالب", persian_detail(url, report.message()))
            }
            kind => Diagnostic::new("templates", None, format!("{while_rendering}{kind}"))
                .with_persian("خطای قالب", persian_detail(url, &kind.to_string())),
        }
    }
}

/// Tera's own text, isolated, after the page being rendered.
fn persian_detail(url: Option<&str>, tera_text: &str) -> String {
    match url {
        Some(url) => format!("هنگام ساختن {}: {}", isolate(url), isolate(tera_text)),
        None => isolate(tera_text).into_owned(),
    }
}

/// The template `files` found under `dir`, each with its name relative to `dir`
/// (`/`-separated).
fn template_names(dir: &Path, files: Vec<PathBuf>) -> Vec<(String, PathBuf)> {
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(dir).ok()?;
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((name, path))
        })
        .collect()
}
