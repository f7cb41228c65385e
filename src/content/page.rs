//! Static pages: `content/pages/*.md`, such as «درباره ما», each at `/<slug>/`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::beside::folder_address;
use super::fields::FrontMatter;
use super::front_matter::Split;
use super::markdown::{self, BodyPicture};
use super::news::required_text;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, quoted};
use crate::persian::slug::slugify;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFields {
    title: Option<String>,
    slug: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
}

/// A static page, checked and rendered.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub title: String,
    /// The page's one path segment: `/<slug>/`.
    pub slug: String,
    pub summary: String,
    pub draft: bool,
    pub body_html: String,
    /// The file, relative to the site's root.
    pub path: PathBuf,
    /// A hash of the file's text, to tell between two builds of one process whether it changed.
    pub source_hash: u64,
    /// 1-based lines of the file where `**` or `__` stays literal in the published text.
    pub literal_emphasis_lines: Vec<usize>,
    /// The pictures the body shows, each at its line in the file.
    pub pictures: Vec<BodyPicture>,
}

impl Page {
    /// Reads the page in `split` from `path`; its slug is `slug` or else the file's name.
    pub fn from_split(
        split: &Split,
        path: &Path,
        config: &Config,
    ) -> Result<Page, Vec<Diagnostic>> {
        let front = FrontMatter { path, split };
        let fields: PageFields = front.deserialize().map_err(|e| vec![e])?;
        let mut errors = super::yaml_comments::cut_values(&front, &["title", "summary"]);
        let title = required_text(&front, "title", fields.title, &mut errors);
        let wanted = match &fields.slug {
            Some(slug) => slug.clone(),
            None => path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        };
        // A slug must already be one safe path segment; rewriting it silently would move the page.
        let slug = slugify(&wanted).filter(|safe| *safe == wanted);
        if slug.is_none() {
            let suggested = slugify(&wanted).unwrap_or_else(|| "about".into());
            let message = format!(
                "the page address '{wanted}' is not one path segment of letters, digits and '-'; try '{suggested}'"
            );
            let detail = format!(
                "نشانی {} باید تنها از حرف، رقم و «-» باشد، بی «/»؛ {} را بیازمایید",
                quoted(&wanted),
                quoted(&suggested)
            );
            let problem = front.error("slug", message);
            errors.push(problem.with_persian("نشانی صفحه نامعتبر", detail));
        }
        let (Some(title), Some(slug), true) = (title, slug, errors.is_empty()) else {
            return Err(errors);
        };
        let mut body = markdown::render(split.body, &config.site.base_url, &folder_address(path));
        let pictures = body.pictures_in_file(split.body_line);
        Ok(Page {
            pictures,
            title,
            slug,
            summary: fields.summary.unwrap_or(body.first_paragraph),
            draft: fields.draft,
            body_html: body.html,
            path: path.to_path_buf(),
            source_hash: 0,
            literal_emphasis_lines: body
                .literal_emphasis
                .iter()
                .map(|line| split.body_line + line)
                .collect(),
        })
    }
}
