//! News items: `content/news/**/*.md`, each with its news number, title and Jalali date.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::beside::{folder_address, picture_address};
use super::body::Body;
use super::fields::FrontMatter;
use super::front_matter::Split;
use super::markdown::{self, BodyPicture};
use crate::calendar::EditorDate;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, persian_number};
use crate::persian::normalize::standardize_letters;

/// The front matter fields of a news item, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewsFields {
    id: Option<i64>,
    title: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    category: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    source: Option<String>,
    summary: Option<String>,
    image: Option<String>,
    image_alt: Option<String>,
    author: Option<String>,
    #[serde(default)]
    draft: bool,
    comments: Option<bool>,
    #[serde(default)]
    pinned: bool,
    publish_at: Option<String>,
    expire_at: Option<String>,
}

/// The fields whose values are text, where a ` #` comment would cut what is published.
const TEXT_FIELDS: &[&str] = &[
    "title",
    "category",
    "tags",
    "source",
    "summary",
    "image_alt",
    "author",
];

/// The most tags one item may have: each tag has a page listing the item with all its tags,
/// so an item's tags cost the square of their number to build.
pub const MAX_TAGS: usize = 100;

/// A news item, checked and rendered. The parsed-content cache keeps it, all but its body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewsItem {
    /// The news number, shown as «شماره خبر» and used in the address `/news/<id>/`.
    pub id: u64,
    pub title: String,
    pub date: EditorDate,
    pub updated: Option<EditorDate>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    /// The front matter's summary, standardized; [`NewsItem::summary`] is what is shown.
    pub written_summary: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// The pictures the body shows, each at its line in the file.
    pub pictures: Vec<BodyPicture>,
    pub author: Option<String>,
    pub draft: bool,
    pub comments_open: bool,
    pub pinned: bool,
    /// Not published before this moment (an embargo).
    pub publish_at: Option<EditorDate>,
    /// Not published after this moment (an expired notice).
    pub expire_at: Option<EditorDate>,
    /// The body as HTML; not kept by the parsed-content cache, which renders it again from
    /// the file when it is asked for.
    #[serde(skip)]
    pub body: Body,
    /// The file, relative to the site's root.
    pub path: PathBuf,
    /// A hash of the file's text, to tell between two builds of one process whether it changed.
    pub source_hash: u64,
    /// The line of the file that sets `id`, for reporting a number used twice.
    pub id_line: usize,
    /// The line of the file that sets `date`, for warning about an unlikely year.
    pub date_line: usize,
    /// The lines of the fields `akhbar check` comments on, and of the body's start.
    pub title_line: usize,
    pub image_line: usize,
    pub publish_at_line: usize,
    pub body_line: usize,
    /// The file's lines where `**` or `__` stayed literal in the published text.
    pub literal_emphasis_lines: Vec<usize>,
}

impl NewsItem {
    /// Reads the item in `split` from `path`, reporting every problem with its fields.
    pub fn from_split(
        split: &Split,
        path: &Path,
        config: &Config,
    ) -> Result<NewsItem, Vec<Diagnostic>> {
        let front = FrontMatter { path, split };
        let fields: NewsFields = front.deserialize().map_err(|e| vec![e])?;
        let mut errors = super::yaml_comments::cut_values(&front, TEXT_FIELDS);
        let id = match fields.id {
            Some(id) if id > 0 => Some(id as u64),
            Some(id) => {
                let message =
                    format!("`id` is {id}: the news number must be a positive whole number");
                let detail = format!(
                    "`id` برابر {} است، اما شمارهٔ خبر باید عددی صحیح و مثبت باشد",
                    persian_number(id)
                );
                errors.push(
                    front
                        .error("id", message)
                        .with_persian("شمارهٔ خبر نامعتبر", detail),
                );
                None
            }
            None => {
                let message = "missing `id`: give the news number, like `id: 242513`";
                errors.push(front.error("id", message).with_persian(
                    "فیلد جاافتاده `id`",
                    "شمارهٔ خبر را بنویسید، مانند `id: 242513`",
                ));
                None
            }
        };
        let title = required_text(&front, "title", fields.title, &mut errors);
        if fields.tags.len() > MAX_TAGS {
            let message = format!(
                "`tags` has {} tags: an item may have at most {MAX_TAGS}; keep the ones readers look for",
                fields.tags.len()
            );
            let detail = format!(
                "`tags` {} برچسب دارد، اما هر خبر دست‌بالا {} برچسب می‌تواند داشته باشد: آن‌هایی را نگه دارید که خوانندگان می‌جویند",
                persian_number(fields.tags.len()),
                persian_number(MAX_TAGS)
            );
            errors.push(
                front
                    .error("tags", message)
                    .with_persian("برچسب‌های بیش از اندازه", detail),
            );
        }
        let zone = &config.zone;
        let date_field = |key: &str, value: Option<String>, errors: &mut Vec<Diagnostic>| {
            value.and_then(|text| front.date(key, &text, zone, errors))
        };
        let date = match fields.date {
            Some(text) => front.date("date", &text, zone, &mut errors),
            None => {
                let message = "missing `date`: write it like `date: 1399/07/05 10:30`";
                errors.push(front.error("date", message).with_persian(
                    "فیلد جاافتاده `date`",
                    "تاریخ خبر را بنویسید، مانند `date: 1399/07/05 10:30`",
                ));
                None
            }
        };
        let updated = date_field("updated", fields.updated, &mut errors);
        let publish_at = date_field("publish_at", fields.publish_at, &mut errors);
        let expire_at = date_field("expire_at", fields.expire_at, &mut errors);
        let (Some(id), Some(title), Some(date), true) = (id, title, date, errors.is_empty()) else {
            return Err(errors);
        };
        let folder = folder_address(path);
        let mut body = markdown::render(split.body, &config.site.base_url, &folder);
        Ok(NewsItem {
            id,
            title,
            date,
            updated,
            category: fields.category.map(|c| standardize(&c)),
            tags: fields.tags.iter().map(|t| standardize(t)).collect(),
            source: fields.source.map(|s| standardize(&s)),
            written_summary: fields.summary.map(|s| standardize(&s)),
            image: (fields.image).map(|image| picture_address(&folder, &image).into_owned()),
            image_alt: fields.image_alt.map(|a| standardize(&a)),
            pictures: body.pictures_in_file(split.body_line),
            author: fields.author.map(|a| standardize(&a)),
            draft: fields.draft,
            comments_open: fields.comments.unwrap_or(true),
            pinned: fields.pinned,
            publish_at,
            expire_at,
            body: Body::rendered(body.html, body.first_paragraph),
            path: path.to_path_buf(),
            source_hash: 0,
            id_line: front.key_line("id"),
            date_line: front.key_line("date"),
            title_line: front.key_line("title"),
            image_line: front.key_line("image"),
            publish_at_line: front.key_line("publish_at"),
            body_line: split.body_line,
            literal_emphasis_lines: body
                .literal_emphasis
                .iter()
                .map(|line| split.body_line + line)
                .collect(),
        })
    }

    /// The summary lists, feeds and search show: the front matter's, or else the first
    /// paragraph of the body.
    pub fn summary(&self) -> &str {
        match &self.written_summary {
            Some(summary) => summary,
            None => self.body.first_paragraph(),
        }
    }

    /// A warning when the date's Jalali year is far from today's news, likely a typo
    /// (1299 for 1399); such dates are allowed.
    pub fn unlikely_date(&self) -> Option<Diagnostic> {
        let year = self.date.moment.date().year();
        let message = format!(
            "the date is in the year {year}, far from the news of our time (1300 to 1500): is the year right?"
        );
        let detail = format!(
            "تاریخ در سال {} است که از خبرهای روزگار ما (۱۳۰۰ تا ۱۵۰۰) دور است: آیا سال درست نوشته شده؟",
            persian_number(year)
        );
        (!(1300..=1500).contains(&year)).then(|| {
            Diagnostic::new(&self.path, Some(self.date_line), message)
                .with_persian("سال نامحتمل", detail)
        })
    }

    /// Whether the item belongs on the site at `now`: not a draft, not embargoed, not expired.
    pub fn is_published(&self, now: jiff::Timestamp) -> bool {
        let instant = |date: &EditorDate| date.moment.zoned().timestamp();
        !self.draft
            && self.publish_at.as_ref().is_none_or(|at| instant(at) <= now)
            && self.expire_at.as_ref().is_none_or(|at| instant(at) > now)
    }
}

/// `value` trimmed, with Persian letters; missing or blank is an error naming `key`.
pub(super) fn required_text(
    front: &FrontMatter,
    key: &str,
    value: Option<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match value.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(standardize(text)),
        Some(_) => {
            let problem = front.error(key, format!("`{key}` is empty"));
            let detail = format!("{} را بنویسید", field_name(key));
            errors.push(problem.with_persian(format!("فیلد خالی `{key}`"), detail));
            None
        }
        None => {
            let problem = front.error(key, format!("missing `{key}`"));
            let detail = format!("{} را بنویسید، مانند `{key}: …`", field_name(key));
            errors.push(problem.with_persian(format!("فیلد جاافتاده `{key}`"), detail));
            None
        }
    }
}

/// What the field `key` holds, in Persian.
fn field_name(key: &str) -> &str {
    match key {
        "title" => "عنوان",
        other => other,
    }
}

fn standardize(text: &str) -> String {
    standardize_letters(text.trim()).into_owned()
}
