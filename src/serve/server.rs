//! The preview's HTTP side: files of the current build with their types, the reload script put
//! into every page, and the stream of build states the script listens to.

use std::convert::Infallible;
use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::hosts::{HostNames, only_own_names};
use super::snapshot::{Found, Snapshot};

/// The address of the reload script and of the build events, out of any site's way.
pub const RELOAD_SCRIPT: &str = "/__akhbar/reload.js";
pub const EVENTS: &str = "/__akhbar/events";

const RELOAD_CLIENT: &str = include_str!("reload.js");

/// Where the builds stand: the version of the last good one, and the error of the last one if
/// it failed (shown over the page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BuildState {
    pub version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What the handlers share with the rebuilding thread.
pub struct Preview {
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub state: watch::Sender<BuildState>,
}

/// The preview's routes, with the newsroom desk of the site at `desk` beside them, answered
/// only for the names of `hosts`.
pub fn router(preview: Arc<Preview>, hosts: HostNames, desk: Option<&Path>) -> Router {
    let preview = Router::new()
        .route(RELOAD_SCRIPT, get(reload_script))
        .route(EVENTS, get(events))
        .fallback(get(file))
        .with_state(preview);
    let served = match desk {
        Some(root) => crate::desk::beside(root, preview),
        None => preview,
    };
    served.layer(axum::middleware::from_fn_with_state(hosts, only_own_names))
}

async fn reload_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_CLIENT,
    )
        .into_response()
}

async fn events(
    State(preview): State<Arc<Preview>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(preview.state.subscribe()).map(|state| {
        let data = serde_json::to_string(&state).expect("a build state serializes");
        Ok(Event::default().event("build").data(data))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(preview): State<Arc<Preview>>, uri: Uri) -> Response {
    let path = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8_lossy()
        .into_owned();
    let snapshot = preview
        .snapshot
        .read()
        .expect("no thread panics holding the lock")
        .clone();
    let version = preview.state.borrow().version;
    match snapshot.find(&path) {
        Found::File(file, name) => match tokio::fs::read(&file).await {
            Ok(bytes) => typed(StatusCode::OK, &name.to_string_lossy(), bytes, version),
            Err(_) => not_found(&snapshot, version),
        },
        Found::Folder => Redirect::permanent(&format!("{}/", uri.path())).into_response(),
        Found::Missing => not_found(&snapshot, version),
    }
}

fn not_found(snapshot: &Snapshot, version: u64) -> Response {
    let page = snapshot
        .not_found_page()
        .unwrap_or_else(|| b"<!DOCTYPE html><title>404</title><h1>404</h1>".to_vec());
    typed(StatusCode::NOT_FOUND, "404.html", page, version)
}

/// `bytes` with the content type of `name`; pages get the reload script.
fn typed(status: StatusCode, name: &str, bytes: Vec<u8>, version: u64) -> Response {
    let kind = content_type(name);
    let body = if kind.starts_with("text/html") {
        with_reload_script(bytes, version)
    } else {
        bytes
    };
    (
        status,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The page with the reload script before `</body>`, told which build it is from.
pub fn with_reload_script(page: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{RELOAD_SCRIPT}\" data-version=\"{version}\"></script>");
    let text = String::from_utf8_lossy(&page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The content type a static host would send for `name`.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let page = with_reload_script(b"<html><body><p>\xd8\xb3</p></body></html>".to_vec(), 7);
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>س</p><script src=\"/__akhbar/reload.js\" data-version=\"7\"></script></body></html>"
        );
    }

    #[test]
    fn types_as_a_static_host_sends_them() {
        assert_eq!(
            content_type("news/1/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type("fonts/Vazirmatn-Variable.woff2"), "font/woff2");
        assert_eq!(
            content_type("search/shards/06a9-0627.json"),
            "application/json"
        );
        assert_eq!(content_type("rss.xml"), "application/xml; charset=utf-8");
    }
}
