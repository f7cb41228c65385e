//! The moderation queue's addresses: the queue, the decisions on it, and the undo of the last
//! one. Decisions are made one at a time across the desk (a lock), so two moderators never
//! write over each other unseen: each decision names the comments as its page showed them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::{get, post};
use serde::Deserialize;

use super::access::Signed;
use super::list::Row;
use super::moderation::{self, NotDecided, Ruling};
use super::moderation_page::{QueueNotice, queue};
use super::state::{Answer, Desk, failed_all};
use super::{COMMENTS, UNDO};
use crate::comments::model::{Comment, CommentStore, Decision};
use crate::comments::moderation::queue::{ExportInput, NewsRef, entries};
use crate::config::Config;

/// The queue's routes.
pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route(COMMENTS, get(show).post(decide))
        .route(UNDO, post(undo))
}

#[derive(Deserialize)]
struct ShowQuery {
    /// How many comments an undo just put back.
    undone: Option<usize>,
}

async fn show(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    Query(query): Query<ShowQuery>,
) -> Answer {
    signed.may_moderate()?;
    let config = desk.config()?;
    let all = moderation::load(&config).map_err(|problems| failed_all(&problems))?;
    let last = desk.last_decided.lock().await;
    let notice = match (query.undone, last.get(&signed.name)) {
        (Some(count), _) => QueueNotice::Undone(count),
        (None, Some(done)) => QueueNotice::Done(done),
        (None, None) => QueueNotice::None,
    };
    let rows = desk.rows(config.clone()).await?;
    Ok(Html(page(&config, (&all, rows), notice, &signed.token)).into_response())
}

/// The queue's page for the stored comments `all`, the news items' `rows` naming their items.
fn page(
    config: &Config,
    (all, rows): (&[Comment], Vec<Row>),
    notice: QueueNotice,
    token: &str,
) -> String {
    let pending = moderation::pending(all);
    let wanted: HashSet<u64> = pending.iter().map(|comment| comment.news_id).collect();
    let news: HashMap<u64, NewsRef> = rows
        .into_iter()
        .filter_map(|row| Some((row.id.filter(|id| wanted.contains(id))?, row.title)))
        .map(|(id, title)| {
            let url = format!("/news/{id}/");
            (id, NewsRef { title, url })
        })
        .collect();
    let input = ExportInput {
        comments: &pending,
        all,
        news: &news,
        blocked_words: &config.site.comments.blocked_words,
        zone: &config.zone,
        generated_at: jiff::Timestamp::now(),
    };
    queue(&entries(&input), notice, token)
}

/// The queue's form as posted: the token, what was pressed (`one` = `approve <id>` on one
/// comment, or `many` = `approve` on those ticked in `id`), and each shown comment's
/// `version-<id>` and `reply-<id>`.
struct Posted {
    token: String,
    fields: HashMap<String, String>,
    ticked: Vec<String>,
}

impl Posted {
    fn read(body: &[u8]) -> Posted {
        let mut posted = Posted {
            token: String::new(),
            fields: HashMap::new(),
            ticked: Vec::new(),
        };
        for (name, value) in form_urlencoded::parse(body) {
            match &*name {
                "token" => posted.token = value.into_owned(),
                "id" => posted.ticked.push(value.into_owned()),
                _ => {
                    posted.fields.insert(name.into_owned(), value.into_owned());
                }
            }
        }
        posted
    }

    /// The decisions the pressed button asks for, in the queue's order.
    fn rulings(&self) -> Vec<Ruling> {
        let (action, ids) = match (self.fields.get("one"), self.fields.get("many")) {
            (Some(one), _) => match one.split_once(' ') {
                Some((action, id)) => (action, vec![id.to_string()]),
                None => return Vec::new(),
            },
            (None, Some(many)) => (many.as_str(), self.ticked.clone()),
            (None, None) => return Vec::new(),
        };
        let Ok(Some(decision)) = Decision::parse(action) else {
            return Vec::new();
        };
        ids.into_iter()
            .map(|id| {
                let field = |kind: &str| self.fields.get(&format!("{kind}-{id}"));
                let reply = field("reply").map(|reply| reply.replace("\r\n", "\n"));
                let reply = reply.filter(|reply| !reply.trim().is_empty());
                Ruling {
                    version: field("version").cloned().unwrap_or_default(),
                    reply: reply.filter(|_| decision == Decision::Approve),
                    decision: Some(decision),
                    id,
                }
            })
            .collect()
    }
}

async fn decide(State(desk): State<Arc<Desk>>, signed: Signed, body: Bytes) -> Answer {
    signed.may_moderate()?;
    let posted = Posted::read(&body);
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let rulings = posted.rulings();
    let mut last = desk.last_decided.lock().await;
    let all = moderation::load(&config).map_err(|problems| failed_all(&problems))?;
    let store = CommentStore::of_site(&config);
    let now = jiff::Timestamp::now();
    match moderation::rule(&store, &all, &rulings, (&signed.name, now)) {
        Ok(done) => {
            let next = next_after(&all, &rulings);
            if !done.comments.is_empty() {
                last.insert(signed.name.clone(), done);
            }
            let address = match next {
                Some(id) => format!("{COMMENTS}#c-{id}"),
                None => COMMENTS.to_string(),
            };
            Ok(Redirect::to(&address).into_response())
        }
        Err(not_decided) => {
            let status = match not_decided {
                NotDecided::Changed(_) => StatusCode::CONFLICT,
                NotDecided::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
                NotDecided::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let notice = QueueNotice::NotDecided(&not_decided);
            let rows = desk.rows(config.clone()).await?;
            let page = page(&config, (&all, rows), notice, &signed.token);
            Ok((status, Html(page)).into_response())
        }
    }
}

/// The pending comment the moderator comes to after deciding `rulings`: the first one after
/// the last decided in the queue's order that was not decided itself.
fn next_after(all: &[Comment], rulings: &[Ruling]) -> Option<String> {
    let decided: HashSet<&str> = rulings.iter().map(|ruling| ruling.id.as_str()).collect();
    let pending = moderation::pending(all);
    let last = pending
        .iter()
        .rposition(|c| decided.contains(c.id.as_str()))?;
    let later = pending[last..].iter();
    let next = later
        .chain(pending.iter())
        .find(|c| !decided.contains(c.id.as_str()));
    next.map(|comment| comment.id.clone())
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    token: String,
}

async fn undo(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    axum::extract::Form(posted): axum::extract::Form<Token>,
) -> Answer {
    signed.may_moderate()?;
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let mut last = desk.last_decided.lock().await;
    let Some(done) = last.get(&signed.name).cloned() else {
        return Ok(Redirect::to(COMMENTS).into_response());
    };
    let all = moderation::load(&config).map_err(|problems| failed_all(&problems))?;
    let store = CommentStore::of_site(&config);
    let undone = moderation::undo(&store, &all, &done);
    if !matches!(undone, Err(NotDecided::Write(_))) {
        // Undone, or never to be: one of its comments changed since.
        last.remove(&signed.name);
    }
    match undone {
        Ok(count) => {
            let first = done.comments.first().map(|(before, _)| before.id.clone());
            let address = format!("{COMMENTS}?undone={count}#c-{}", first.unwrap_or_default());
            Ok(Redirect::to(&address).into_response())
        }
        Err(not_decided) => {
            let notice = QueueNotice::NotDecided(&not_decided);
            let rows = desk.rows(config.clone()).await?;
            let page = page(&config, (&all, rows), notice, &signed.token);
            Ok((StatusCode::CONFLICT, Html(page)).into_response())
        }
    }
}
