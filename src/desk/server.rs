//! The desk's HTTP side, served beside the preview: its routes put together (items, the
//! moderation queue, pictures, publishing, login) with its style sheet, script and date
//! picker, and the preview behind the same door. Every change is a POST carrying its page's
//! token from a page of the desk's own origin ([`super::access`]).

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::access::signed_in_only;
use super::html;
use super::sessions::{Sessions, random_hex};
use super::state::Desk;
use super::{CALENDAR, SCRIPT, STYLE};

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
        token: random_hex(),
        moderator,
        last_decided: tokio::sync::Mutex::default(),
        sessions: Sessions::default(),
        rows: std::sync::Mutex::default(),
        publishing: Arc::default(),
        preview_cache: std::sync::Mutex::default(),
    });
    let preview = preview.layer(axum::middleware::from_fn_with_state(
        desk.clone(),
        signed_in_only,
    ));
    Router::new()
        .route(STYLE, get(style))
        .route(SCRIPT, get(script))
        .route(CALENDAR, get(super::date_picker::month))
        .merge(super::item_routes::routes())
        .merge(super::moderation_routes::routes())
        .merge(super::login::routes())
        .merge(super::publish_route::routes())
        .merge(super::upload_route::routes())
        .with_state(desk)
        .merge(preview)
}

async fn style() -> Response {
    let css = [(header::CONTENT_TYPE, "text/css; charset=utf-8")];
    (css, html::STYLE_SHEET).into_response()
}

async fn script() -> Response {
    let js = [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")];
    (js, html::SCRIPT).into_response()
}
