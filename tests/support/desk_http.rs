//! Requests to the desk's router, answered in the test's own runtime: no port, no server.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

/// The answer of `app` to `request`: its status, its `Location` and its body.
pub async fn call(app: &axum::Router, request: Request<Body>) -> (StatusCode, String, String) {
    let (status, headers, body) = answer(app, request).await;
    let location = (headers.get(header::LOCATION))
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, body)
}

/// The answer of `app` to `request`: its status, its headers and its body.
pub async fn answer(app: &axum::Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

/// `request` sent with the cookie `pair` (`name=value`).
pub fn with_cookie(mut request: Request<Body>, pair: &str) -> Request<Body> {
    let value = header::HeaderValue::from_str(pair).unwrap();
    request.headers_mut().append(header::COOKIE, value);
    request
}

/// The `name=value` part of the `Set-Cookie` of `name` in `headers`.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let all = headers.get_all(header::SET_COOKIE).into_iter();
    let values = all.map(|value| value.to_str().unwrap().to_string());
    values
        .filter(|value| value.starts_with(&format!("{name}=")))
        .map(|value| value.split(';').next().unwrap().to_string())
        .next()
}

/// A GET of `uri` from the desk's own host.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:1112")
        .body(Body::empty())
        .unwrap()
}

/// A form of `fields` posted to `uri`, from `origin` if given.
pub fn post(uri: &str, origin: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut request = Request::post(uri)
        .header(header::HOST, "127.0.0.1:1112")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    request.body(Body::from(body)).unwrap()
}

/// `fields` borrowed as [`post`] takes them.
pub fn pairs<'f>(fields: &'f [(&'static str, String)]) -> Vec<(&'static str, &'f str)> {
    fields
        .iter()
        .map(|(key, value)| (*key, value.as_str()))
        .collect()
}

/// The value of the hidden field `name` in `page`.
pub fn hidden(page: &str, name: &str) -> String {
    let start = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&start)
        .unwrap_or_else(|| panic!("{name} in {page}"))
        + start.len();
    page[at..].split('"').next().unwrap().to_string()
}

/// Where the seed item is kept in the desk's test sites.
pub const SEED_ITEM: &str = "content/news/1399/07/242513.md";

/// A site of the seed's office whose only file under `content/` is the seed item, holding
/// `item` (the whole file).
pub fn seed_site(item: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"ثبت احوال البرز\"\nbase_url = \"https://alborz.example.org\"\nlanguage = \"fa\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/news/1399/07")).unwrap();
    std::fs::write(root.join(SEED_ITEM), item).unwrap();
    dir
}

/// The desk's form of the seed item in `app`: its page, and the token it carries.
pub async fn seed_form(app: &axum::Router) -> (String, String) {
    let address = "/_desk/item?path=content%2Fnews%2F1399%2F07%2F242513.md";
    let (_, _, form) = call(app, get(address)).await;
    let token = hidden(&form, "token");
    (form, token)
}
