//! The items' addresses: the list, an item's form, its save and its preview before saving, and
//! a new item.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::access::Signed;
use super::html::{self, FormAids, Notice, query_value};
use super::item_form::{self, ItemForm, SaveError};
use super::list::{ItemState, Row};
use super::list_page::{self, CommentCounts, ListFilter};
use super::state::{Answer, Desk, failed};
use super::{HOME, ITEM, NEW, PREVIEW};
use crate::config::Config;

/// The items' routes.
pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route(HOME, get(list))
        .route(ITEM, get(item).post(save))
        .route(NEW, post(new_item))
        .route(PREVIEW, post(preview_unsaved))
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
    let filter = ListFilter {
        month: super::date_picker::month_of(&query.month),
        state,
        query: &query.q,
        category: &query.category,
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
    let notice = match (query.saved, opened.problems.is_empty()) {
        (Some(_), _) => Notice::Saved,
        (None, false) => Notice::Mend(&opened.problems),
        (None, true) => Notice::None,
    };
    let path = opened.path.to_string_lossy();
    let rows = desk.rows(config).await?;
    let aids = form_aids(&rows, &opened.path);
    let page = html::item(
        (&path, &opened.version),
        &opened.form,
        notice,
        &aids,
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
/// the preview beside the form, with what `akhbar check` would warn of in it for the desk's
/// script to show beside the fields; nothing is written. Problems that keep it from being
/// rendered are listed instead.
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
        let preview = crate::pipeline::preview_news_item(&options, &mut cache, &path, &text)?;
        let warnings = (preview.warnings.into_iter())
            .map(|warning| item_form::FieldProblem::of(warning, &text))
            .collect::<Vec<_>>();
        Ok(html::with_warnings(preview.page, &warnings))
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
    let not_saved = match item_form::save(&config, &path, &version, &form) {
        Ok(_) => {
            let address = format!("{ITEM}?path={}&saved=1", query_value(&shown));
            return Ok(Redirect::to(&address).into_response());
        }
        Err(not_saved) => not_saved,
    };
    // The form shown again, with its aids: read only when a save is refused.
    let rows = desk.rows(config).await?;
    let aids = form_aids(&rows, &path);
    Ok(match not_saved {
        SaveError::Changed { now } => {
            let differences = form.differences(&now.form);
            let notice = Notice::Changed(&differences);
            let page = html::item((&shown, &now.version), &form, notice, &aids, &signed.token);
            (StatusCode::CONFLICT, Html(page)).into_response()
        }
        SaveError::Invalid(problems) => {
            let notice = Notice::Problems(&problems);
            let page = html::item((&shown, &version), &form, notice, &aids, &signed.token);
            (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response()
        }
        error => refused(error, &path),
    })
}

/// The form's aids for the item at `path`: the terms of `rows`, and its page in the preview.
fn form_aids(rows: &[Row], path: &Path) -> FormAids {
    let id = rows
        .iter()
        .find(|row| row.path == path)
        .and_then(|row| row.id);
    FormAids {
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
