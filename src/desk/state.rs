//! What the desk's handlers share: the site's root, the open sessions, the rows of the list
//! as last read, the last decision on comments, publishing, and how a handler answers or
//! refuses.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::accounts::{ACCOUNTS_FILE, Accounts};
use super::html;
use super::list::{Row, RowCache, rows};
use super::sessions::Sessions;
use crate::config::Config;
use crate::diagnostic::Lang;

/// What the desk's handlers share.
pub(super) struct Desk {
    pub root: PathBuf,
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
    pub publishing: Arc<std::sync::Mutex<super::publish::PublishRun>>,
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

pub(super) fn failed(status: StatusCode, problem: &crate::diagnostic::Diagnostic) -> Response {
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
