//! The desk's HTTP side, served beside the preview: the list of items, an item's form and its
//! save, a new item. Every change is a POST carrying the desk's token (made when the desk
//! starts, and found only in its own pages, which another site's page cannot read) from a page
//! of the desk's own origin.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::access::{Sessions, Signed};
use super::accounts::{ACCOUNTS_FILE, Accounts};
use super::html::{self, Notice, query_value};
use super::item_form::{self, ItemForm, SaveError};
use super::list::{ItemState, Row, RowCache, rows};
use super::list_page::{self, CommentCounts, ListFilter};
use super::{CALENDAR, HOME, ITEM, NEW, PREVIEW, SCRIPT, STYLE};
use crate::config::Config;
use crate::diagnostic::Lang;

/// What the desk's handlers share.
pub(super) struct Desk {
    root: PathBuf,
    /// Without accounts: the token every form carries, 32 random bytes in hexadecimal.
    pub token: String,
    /// Without accounts: the name decisions on comments are recorded under.
    pub moderator: String,
    /// Each person's last decision on comments, to be undone; its lock makes decisions one at
    /// a time.
    pub last_decided: tokio::sync::Mutex<HashMap<String, super::moderation::Done>>,
    pub sessions: Sessions,
    /// The list's rows as last read.
    pub rows: std::sync::Mutex<RowCache>,
    /// The items the previews of unsaved forms read, kept between them.
    pub preview_cache: std::sync::Mutex<crate::content::ContentCache>,
    /// Where the publish button's last press stands.
    pub publishing: Arc<std::sync::Mutex<super::publish_route::PublishRun>>,
}

impl Desk {
    /// Every news item's row now, newest first ([`super::list::rows`]), read off the
    /// server's own threads.
    pub async fn rows(self: &Arc<Self>, config: Config) -> Result<Vec<Row>, Refused> {
        let desk = Arc::clone(self);
        let read = tokio::task::spawn_blocking(move || {
            let mut cache = desk.rows.lock().expect("no thread panics holding the lock");
            rows(&config, jiff::Timestamp::now(), &mut cache)
        });
        read.await
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response().into())
    }
}

/// The desk's routes for the site at `root`.
pub fn router(root: &Path) -> Router {
    beside(root, Router::new())
}

/// The desk's routes for the site at `root`, with `preview` (the site's preview) beside them:
/// once the desk has accounts, the preview too is shown only to those logged in.
pub fn beside(root: &Path, preview: Router) -> Router {
    let moderator = std::env::var("USER").unwrap_or_else(|_| "desk".into());
    let desk = Arc::new(Desk {
        root: root.to_path_buf(),
        token: super::access::random_hex(),
        moderator,
        last_decided: tokio::sync::Mutex::default(),
        sessions: Sessions::default(),
        rows: std::sync::Mutex::default(),
        publishing: Arc::default(),
        preview_cache: std::sync::Mutex::default(),
    });
    let preview = preview.layer(axum::middleware::from_fn_with_state(
        desk.clone(),
        super::access::signed_in_only,
    ));
    Router::new()
        .route(HOME, get(list))
        .route(ITEM, get(item).post(save))
        .route(NEW, axum::routing::post(new_item))
        .route(STYLE, get(style))
        .route(SCRIPT, get(script))
        .route(CALENDAR, get(super::date_picker::month))
        .route(PREVIEW, axum::routing::post(preview_unsaved))
        .merge(super::moderation_routes::routes())
        .merge(super::login::routes())
        .merge(super::publish_route::routes())
        .merge(super::upload_route::routes())
        .with_state(desk)
        .merge(preview)
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    /// Words of the titles looked for.
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    /// A Jalali month: `1404-09`.
    #[serde(default)]
    month: String,
    /// The page of the list, from 1.
    page: Option<usize>,
}

/// What a handler answers: a page, or why not.
pub(super) type Answer = Result<Response, Refused>;

/// A page refusing a request (boxed: a response is large to carry in every `Result`).
pub(super) struct Refused(Box<Response>);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refused {
    fn from(page: Response) -> Refused {
        Refused(Box::new(page))
    }
}

async fn list(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    Query(query): Query<ListQuery>,
) -> Answer {
    signed.may_edit()?;
    let config = desk.config()?;
    let state = ItemState::ALL
        .into_iter()
        .find(|state| query.state.as_deref() == Some(state.key()));
    let month = query
        .month
        .split_once('-')
        .and_then(|(year, month)| Some((year.parse().ok()?, month.parse().ok()?)));
    let filter = ListFilter {
        state,
        query: &query.q,
        category: &query.category,
        month,
        at: query.page.unwrap_or(1).saturating_sub(1),
    };
    let comments = comment_counts(&config);
    let rows = desk.rows(config).await?;
    let page = list_page::list(&rows, &filter, &comments, &signed.token);
    Ok(Html(page).into_response())
}

/// How many comments each news item has, and how many wait; none if they cannot be read
/// (the queue's page says why).
fn comment_counts(config: &Config) -> CommentCounts {
    let all = crate::comments::model::CommentStore::of_site(config).load_all();
    let mut counts = CommentCounts::new();
    for comment in all.unwrap_or_default() {
        let (pending, every) = counts.entry(comment.news_id).or_default();
        *every += 1;
        if comment.status == crate::comments::model::Status::Pending {
            *pending += 1;
        }
    }
    counts
}

#[derive(Deserialize)]
struct ItemQuery {
    path: PathBuf,
    saved: Option<String>,
}

async fn item(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    Query(query): Query<ItemQuery>,
) -> Answer {
    signed.may_edit()?;
    let config = desk.config()?;
    let opened = item_form::open(&config, &query.path).map_err(|e| refused(e, &query.path))?;
    let notice = match query.saved {
        Some(_) => Notice::Saved,
        None => Notice::None,
    };
    let path = opened.path.to_string_lossy();
    let rows = desk.rows(config).await?;
    let aids = form_aids(&rows, &opened.path);
    let page = html::item(
        (&path, &opened.version),
        &opened.form,
        notice,
        &aids.as_aids(),
        &signed.token,
    );
    Ok(Html(page).into_response())
}

/// A saved form as the browser sends it: text fields, checkboxes present when ticked, tags in
/// one field.
#[derive(Deserialize)]
struct Posted {
    #[serde(default)]
    token: String,
    path: PathBuf,
    version: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    image: String,
    #[serde(default)]
    image_alt: String,
    #[serde(default)]
    author: String,
    draft: Option<String>,
    pinned: Option<String>,
    #[serde(default)]
    comments: String,
    #[serde(default)]
    publish_at: String,
    #[serde(default)]
    expire_at: String,
    #[serde(default)]
    body: String,
}

impl Posted {
    fn form(self) -> ItemForm {
        let tags = self.tags.split(['،', ',']).map(str::trim);
        ItemForm {
            title: self.title,
            date: self.date,
            category: self.category,
            tags: tags
                .filter(|tag| !tag.is_empty())
                .map(String::from)
                .collect(),
            source: self.source,
            summary: self.summary.replace("\r\n", "\n"),
            image: self.image,
            image_alt: self.image_alt,
            author: self.author,
            pinned: self.pinned.is_some(),
            comments: match self.comments.as_str() {
                "open" => Some(true),
                "closed" => Some(false),
                _ => None,
            },
            draft: self.draft.is_some(),
            publish_at: self.publish_at,
            expire_at: self.expire_at,
            body: self.body,
        }
    }
}

/// The item's page as it would be with the form saved, rendered by the site's templates for
/// the preview beside the form; nothing is written. Problems that keep it from being rendered
/// are listed instead.
async fn preview_unsaved(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    headers: axum::http::HeaderMap,
    Form(posted): Form<Posted>,
) -> Answer {
    signed.may_edit()?;
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let host = (headers.get(header::HOST))
        .and_then(|host| host.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let path = posted.path.clone();
    let form = posted.form();
    let desk = Arc::clone(&desk);
    let rendered = tokio::task::spawn_blocking(move || {
        let text = item_form::draft_text(&config, &path, &form).map_err(|error| match error {
            SaveError::File(problem) => crate::diagnostic::Diagnostics(vec![problem]),
            SaveError::Invalid(problems) => {
                crate::diagnostic::Diagnostics(problems.into_iter().map(|p| p.problem).collect())
            }
            SaveError::Changed { .. } => crate::diagnostic::Diagnostics(Vec::new()),
        })?;
        let options = crate::pipeline::BuildOptions {
            drafts: true,
            base_url: Some(format!("http://{host}")),
            ..crate::pipeline::BuildOptions::new(&config.root)
        };
        let mut cache = desk
            .preview_cache
            .lock()
            .expect("no thread panics holding the lock");
        crate::pipeline::preview_news_item(&options, &mut cache, &path, &text)
    });
    let rendered = rendered
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
    Ok(match rendered {
        Ok(page) => Html(page).into_response(),
        Err(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(html::problems_page(&problems)),
        )
            .into_response(),
    })
}

async fn save(State(desk): State<Arc<Desk>>, signed: Signed, Form(posted): Form<Posted>) -> Answer {
    signed.may_edit()?;
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let (path, version) = (posted.path.clone(), posted.version.clone());
    let form = posted.form();
    let shown = path.to_string_lossy();
    let rows = desk.rows(config.clone()).await?;
    let aids = form_aids(&rows, &path);
    Ok(match item_form::save(&config, &path, &version, &form) {
        Ok(_) => {
            let address = format!("{ITEM}?path={}&saved=1", query_value(&shown));
            Redirect::to(&address).into_response()
        }
        Err(SaveError::Changed { now }) => {
            let differences = form.differences(&now.form);
            let notice = Notice::Changed(&differences);
            let page = html::item(
                (&shown, &now.version),
                &form,
                notice,
                &aids.as_aids(),
                &signed.token,
            );
            (StatusCode::CONFLICT, Html(page)).into_response()
        }
        Err(SaveError::Invalid(problems)) => {
            let notice = Notice::Problems(&problems);
            let aids = aids.as_aids();
            let page = html::item((&shown, &version), &form, notice, &aids, &signed.token);
            (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response()
        }
        Err(error) => refused(error, &path),
    })
}

/// The form's aids for the item at `path`: the terms of `rows`, and its page in the preview.
struct Aids {
    terms: [Vec<String>; 3],
    preview: Option<String>,
}

impl Aids {
    fn as_aids(&self) -> html::FormAids<'_> {
        html::FormAids {
            terms: &self.terms,
            preview: self.preview.clone(),
        }
    }
}

fn form_aids(rows: &[Row], path: &Path) -> Aids {
    let id = rows
        .iter()
        .find(|row| row.path == path)
        .and_then(|row| row.id);
    Aids {
        terms: super::list::terms(rows),
        preview: id.map(|id| format!("/news/{id}/")),
    }
}

#[derive(Deserialize)]
struct NewItem {
    #[serde(default)]
    token: String,
    title: String,
    #[serde(default)]
    category: String,
}

async fn new_item(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    Form(posted): Form<NewItem>,
) -> Answer {
    signed.may_edit()?;
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let title = posted.title.trim();
    let category = Some(posted.category.trim()).filter(|category| !category.is_empty());
    let path = crate::content::new_item::create(&config, title, category)
        .map_err(|problem| failed(StatusCode::BAD_REQUEST, &problem))?;
    let address = format!("{ITEM}?path={}", query_value(&path.to_string_lossy()));
    Ok(Redirect::to(&address).into_response())
}

async fn style() -> Response {
    let css = [(header::CONTENT_TYPE, "text/css; charset=utf-8")];
    (css, html::STYLE_SHEET).into_response()
}

async fn script() -> Response {
    let js = [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")];
    (js, html::SCRIPT).into_response()
}

impl Desk {
    /// The site's settings, read again for each request (an edit of `site.toml` is seen at
    /// once), or the page saying why they cannot be.
    pub fn config(&self) -> Result<Config, Refused> {
        Config::load(&self.root)
            .map_err(|problem| failed(StatusCode::INTERNAL_SERVER_ERROR, &problem).into())
    }

    /// The site's accounts, read again for each request (an account added or removed counts
    /// at once), or the page saying why they cannot be.
    pub fn accounts(&self) -> Result<Accounts, Refused> {
        Accounts::load(&self.root.join(ACCOUNTS_FILE)).map_err(|problem| {
            let page = html::message_page("حساب‌ها خوانده نشد", &problem.to_string());
            (StatusCode::INTERNAL_SERVER_ERROR, Html(page))
                .into_response()
                .into()
        })
    }
}

/// A page naming why the item at `path` could not be opened or saved.
fn refused(error: SaveError, path: &Path) -> Response {
    match error {
        SaveError::File(problem) => failed(StatusCode::BAD_REQUEST, &problem),
        SaveError::Invalid(problems) => match problems.first() {
            Some(first) => failed(StatusCode::UNPROCESSABLE_ENTITY, &first.problem),
            None => failed(
                StatusCode::UNPROCESSABLE_ENTITY,
                &crate::diagnostic::Diagnostic::new(path, None, "the item cannot be read"),
            ),
        },
        SaveError::Changed { .. } => StatusCode::CONFLICT.into_response(),
    }
}

fn failed(status: StatusCode, problem: &crate::diagnostic::Diagnostic) -> Response {
    let text = html::escaped(&problem.render(Lang::Fa));
    let page = format!(
        "<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\"><pre>{text}</pre></html>"
    );
    (status, Html(page)).into_response()
}

/// A page listing every one of `problems`.
pub(super) fn failed_all(problems: &crate::diagnostic::Diagnostics) -> Refused {
    let text: Vec<String> = (problems.0.iter())
        .map(|problem| html::escaped(&problem.render(Lang::Fa)))
        .collect();
    let page = format!(
        "<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\"><pre>{}</pre></html>",
        text.join("\n")
    );
    (StatusCode::INTERNAL_SERVER_ERROR, Html(page))
        .into_response()
        .into()
}
