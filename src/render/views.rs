//! What templates see: plain serializable views of the site's data, documented in docs/templates.md.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use jiff::tz::TimeZone;

use crate::fingerprint::json_hash;

use crate::calendar::{EditorDate, JalaliDateTime};
use crate::comments::model::Comment;
use crate::comments::model::markup::plain_text_html;
use crate::config::SiteConfig;
use crate::content::{NewsItem, Page};
use crate::images::{Picture, responsive};
use crate::site::address::{self, Addresses};
use crate::site::{Site, TaxonomyKind};

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    /// Whether the site has its search (`[search] enabled`), for the search box.
    pub search: bool,
    /// The comment intake's address (`[comments] endpoint`, without a trailing `/`); the form
    /// is shown only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments_endpoint: Option<&'a str>,
    /// The Jalali year the build stands in, in the site's time zone (for a footer's ©).
    pub year: i32,
    /// The theme's settings, `[extra]` in `site.toml`.
    pub extra: &'a toml::Table,
}

impl<'a> SiteView<'a> {
    /// What templates see of `site`, built in the Jalali `year`.
    pub fn new(site: &'a SiteConfig, year: i32) -> Self {
        SiteView {
            year,
            extra: &site.extra,
            title: &site.title,
            description: &site.description,
            base_url: site.base_url.trim_end_matches('/'),
            language: &site.language,
            search: site.search.enabled,
            comments_endpoint: site
                .comments
                .endpoint
                .as_deref()
                .map(|endpoint| endpoint.trim_end_matches('/')),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MenuItem<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A date with its Jalali parts, and the instant for `<time datetime>`.
#[derive(Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub has_time: bool,
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub month_name: &'static str,
    pub weekday: &'static str,
    pub hour: i8,
    pub minute: i8,
}

impl DateView {
    pub fn new(date: &EditorDate) -> Self {
        Self::of(&date.moment, date.has_time)
    }

    /// The view of an instant, such as a comment's arrival, in `zone`.
    pub fn at(instant: jiff::Timestamp, zone: &TimeZone) -> Self {
        let moment = JalaliDateTime::from_zoned(instant.to_zoned_datetime(zone.clone()))
            .expect("a time of our era has a Jalali date");
        Self::of(&moment, true)
    }

    fn of(moment: &JalaliDateTime, has_time: bool) -> Self {
        let zoned = moment.zoned();
        let jalali = moment.date();
        DateView {
            iso: zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            has_time,
            year: jalali.year(),
            month: jalali.month(),
            day: jalali.day(),
            month_name: jalali.month_name(),
            weekday: jalali.weekday().persian_name(),
            hour: zoned.hour(),
            minute: zoned.minute(),
        }
    }
}

/// A news item; `body` only where the whole item is shown.
#[derive(Debug, Serialize)]
pub struct NewsView<'a> {
    pub id: u64,
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub date: DateView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<&'a str>,
    /// The `image`'s size and smaller copies, when the site has it as a picture
    /// ([`crate::images`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<PictureView>,
    pub tags: Vec<TermLink<'a>>,
    pub pinned: bool,
    pub comments_open: bool,
    /// How many approved comments the item has.
    pub comment_count: usize,
    /// The approved comments, oldest first (only in `news.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<Vec<CommentView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Cow<'a, str>>,
    /// Schema.org `NewsArticle` as JSON, safe inside `<script type="application/ld+json">`
    /// (only in `news.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_ld: Option<String>,
}

impl<'a> NewsView<'a> {
    /// The item as a list shows it, without its body.
    pub fn summary(item: &'a NewsItem, site: &'a Site) -> Self {
        let ItemTerms {
            category,
            source,
            tags,
        } = ItemTerms::of(item, site);
        NewsView {
            id: item.id,
            url: news_url(item.id),
            title: &item.title,
            summary: item.summary(),
            date: DateView::new(&item.date),
            updated: item.updated.as_ref().map(DateView::new),
            category: category.as_ref().map(|term| term.name),
            category_url: category.map(|term| term.url),
            source: source.as_ref().map(|term| term.name),
            source_url: source.map(|term| term.url),
            author: item.author.as_deref(),
            image: item.image.as_deref(),
            image_alt: item.image_alt.as_deref(),
            picture: (item.image.as_deref())
                .and_then(|image| site.pictures?.get(image))
                .map(PictureView::of),
            tags,
            pinned: item.pinned,
            comments_open: item.comments_open,
            comment_count: site.comments_of(item.id).len(),
            comments: None,
            body: None,
            json_ld: None,
        }
    }

    /// The whole item, for its own page.
    pub fn full(
        item: &'a NewsItem,
        site: &'a Site<'a>,
        config: &SiteConfig,
        zone: &TimeZone,
    ) -> Self {
        let body = item.body.html();
        let body = match site.pictures {
            Some(pictures) => {
                let first_seen = item.image.is_none();
                responsive(body, pictures, &config.images.sizes, first_seen)
            }
            None => Cow::Borrowed(body),
        };
        NewsView {
            body: Some(body),
            json_ld: Some(news_article(item, config)),
            comments: Some(
                site.comments_of(item.id)
                    .iter()
                    .map(|comment| CommentView::new(comment, zone))
                    .collect(),
            ),
            ..Self::summary(item, site)
        }
    }
}

/// An item's terms as the site names them (one spelling for every item), with their
/// addresses: what an item's view takes from the rest of the site besides its comments.
struct ItemTerms<'a> {
    category: Option<TermLink<'a>>,
    source: Option<TermLink<'a>>,
    tags: Vec<TermLink<'a>>,
}

impl<'a> ItemTerms<'a> {
    fn of(item: &NewsItem, site: &'a Site) -> Self {
        let term_in = |kind, name: &str| {
            let term = site.taxonomy(kind).term_of(name)?;
            Some(TermLink {
                name: term.name.as_str(),
                url: term.url(kind),
            })
        };
        ItemTerms {
            category: (item.category.as_deref()).and_then(|c| term_in(TaxonomyKind::Category, c)),
            source: (item.source.as_deref()).and_then(|s| term_in(TaxonomyKind::Source, s)),
            tags: (item.tags.iter())
                .filter_map(|tag| term_in(TaxonomyKind::Tag, tag))
                .collect(),
        }
    }
}

/// The fingerprint of everything `item`'s views (summary and full) are made from: its source
/// text, its approved comments, and its terms as the site names them. Pages that show the
/// item depend on it through this.
pub fn item_fingerprint(item: &NewsItem, site: &Site) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    item.source_hash.hash(&mut hasher);
    // A term's address is made of its kind and slug ([`crate::site::address::term`]): they are
    // hashed instead of the address, which is not made for 100,000 items each build.
    let terms = (item
        .category
        .iter()
        .map(|name| (TaxonomyKind::Category, name)))
    .chain(item.source.iter().map(|name| (TaxonomyKind::Source, name)))
    .chain(item.tags.iter().map(|name| (TaxonomyKind::Tag, name)));
    for (kind, name) in terms {
        let term = site.taxonomy(kind).term_of(name);
        (kind, term.map(|term| (&term.name, &term.slug))).hash(&mut hasher);
    }
    if let Some(pictures) = site.pictures {
        let body = item.pictures.iter().map(|picture| picture.address.as_str());
        let shown = item.image.as_deref().into_iter().chain(body);
        pictures.print(shown).hash(&mut hasher);
    }
    json_hash(&site.comments_of(item.id)).hash(&mut hasher);
    hasher.finish()
}

/// A picture as a template writes it: its size, and its copies as `srcset` values (empty
/// when it has none) of its own format and of WebP.
#[derive(Debug, Serialize)]
pub struct PictureView {
    pub width: u32,
    pub height: u32,
    pub srcset: String,
    pub webp_srcset: String,
    pub avif_srcset: String,
}

impl PictureView {
    /// The view of `picture`.
    pub fn of(picture: &Picture) -> PictureView {
        PictureView {
            width: picture.width,
            height: picture.height,
            srcset: picture.srcset(),
            webp_srcset: picture.webp_srcset(),
            avif_srcset: picture.avif_srcset(),
        }
    }
}

/// An approved comment as readers see it: no email, no address hash.
#[derive(Debug, Serialize)]
pub struct CommentView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// When it was received, in the site's zone.
    pub date: DateView,
    /// The text as escaped HTML paragraphs.
    pub body: String,
    /// The newsroom's reply as escaped HTML paragraphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

impl<'a> CommentView<'a> {
    pub fn new(comment: &'a Comment, zone: &TimeZone) -> Self {
        CommentView {
            id: &comment.id,
            name: &comment.name,
            date: DateView::at(comment.received_at, zone),
            body: plain_text_html(&comment.body),
            reply: comment.reply.as_deref().map(plain_text_html),
        }
    }
}

/// A term with its address: a tag, a category or a source.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub body: Cow<'a, str>,
}

impl<'a> PageView<'a> {
    /// The page as its template shows it; its body's pictures as `site` has them, shown at
    /// `config`'s sizes, the first loaded at once (a static page has no picture above its body).
    pub fn new(page: &'a Page, site: &Site, config: &SiteConfig) -> Self {
        let body = match site.pictures {
            Some(pictures) => responsive(&page.body_html, pictures, &config.images.sizes, true),
            None => Cow::Borrowed(page.body_html.as_str()),
        };
        PageView {
            title: &page.title,
            url: page_url(page),
            summary: &page.summary,
            body,
        }
    }
}

pub fn news_url(id: u64) -> String {
    address::news(id)
}

pub fn page_url(page: &Page) -> String {
    address::page(&page.slug)
}

/// The schema.org `NewsArticle` of `item`, with `<`, `>` and `&` written as JSON escapes so
/// no text of the item can end or confuse its script element.
fn news_article(item: &NewsItem, config: &SiteConfig) -> String {
    let addresses = Addresses::new(&config.base_url);
    let page = news_url(item.id);
    let absolute = |link: &str| addresses.uri_from(link, &page);
    let iso = |date: &EditorDate| DateView::new(date).iso;
    let publisher =
        serde_json::json!({"@type": "Organization", "name": config.title, "url": absolute("/")});
    let mut article = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "description": item.summary(),
        "inLanguage": config.language,
        "url": absolute(&page),
        "mainEntityOfPage": absolute(&page),
        "datePublished": iso(&item.date),
        "dateModified": iso(item.updated.as_ref().unwrap_or(&item.date)),
        "publisher": publisher,
        "author": match &item.author {
            Some(name) => serde_json::json!({"@type": "Person", "name": name}),
            None => publisher.clone(),
        },
    });
    if let Some(image) = &item.image {
        article["image"] = serde_json::json!([absolute(image)]);
    }
    if let Some(category) = &item.category {
        article["articleSection"] = category.as_str().into();
    }
    if !item.tags.is_empty() {
        article["keywords"] = item.tags.join(", ").into();
    }
    serde_json::to_string(&article)
        .expect("JSON of strings serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
