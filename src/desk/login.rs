//! Logging in and out of the desk. The login form carries a token that must match a cookie
//! set with it (a site elsewhere can neither read nor set it); attempts are counted per name
//! and per address, and a password is checked off the server's own threads (Argon2 takes
//! tens of milliseconds on purpose).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::access::{Signed, client_address, cookie, is_same_origin, same_secret, set_cookie};
use super::html::{escaped, message_page};
use super::sessions::{SESSION_COOKIE, random_hex};
use super::state::{Answer, Desk};
use super::{HOME, LOGIN, LOGOUT};

/// The cookie that the login form's token must match.
const LOGIN_COOKIE: &str = "akhbar_desk_login";

/// The login's routes.
pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route(LOGIN, get(form).post(log_in))
        .route(LOGOUT, get(confirm_logout).post(log_out))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn form(headers: HeaderMap, Query(query): Query<Next>) -> Response {
    login_page(&headers, query.next.as_deref(), None, StatusCode::OK)
}

/// The login form, with a new token and its cookie; `problem` said above it.
fn login_page(
    headers: &HeaderMap,
    next: Option<&str>,
    problem: Option<&str>,
    status: StatusCode,
) -> Response {
    let token = random_hex();
    let problem = problem.map_or(String::new(), |text| {
        format!(
            "<p class=\"notice is-problem\" role=\"alert\">{}</p>",
            escaped(text)
        )
    });
    let main = format!(
        "<h1>ورود به میز تحریریه</h1>{problem}<form class=\"login\" method=\"post\" action=\"{LOGIN}\">\
<input type=\"hidden\" name=\"token\" value=\"{token}\"><input type=\"hidden\" name=\"next\" value=\"{}\">\
<label>نام کاربری <input name=\"name\" required autocomplete=\"username\" dir=\"ltr\" autocapitalize=\"none\"></label>\
<label>گذرواژه <input type=\"password\" name=\"password\" required autocomplete=\"current-password\" dir=\"ltr\"></label>\
<button>ورود</button></form>",
        escaped(next.unwrap_or(HOME))
    );
    let cookie = set_cookie(headers, LOGIN_COOKIE, &token, Some(3600));
    let page = super::html::page("ورود", &main);
    (status, [(header::SET_COOKIE, cookie)], Html(page)).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn log_in(State(desk): State<Arc<Desk>>, request: Request) -> Answer {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let body = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let Ok(posted) = serde_urlencoded::from_bytes::<LoginForm>(&body) else {
        return Ok(StatusCode::BAD_REQUEST.into_response());
    };
    let next = Some(posted.next.as_str());
    let expected = cookie(headers, LOGIN_COOKIE).unwrap_or_default();
    if !is_same_origin(headers) || expected.is_empty() || !same_secret(&posted.token, &expected) {
        let why = "فرم ورود کهنه است یا از جای دیگری آمده است؛ دوباره بکوشید.";
        return Ok(login_page(headers, next, Some(why), StatusCode::FORBIDDEN));
    }
    let address = client_address(&parts.extensions, headers);
    if !desk.sessions.may_try(&posted.name, address) {
        let why = "تلاش‌های ورود بسیار شده است؛ پانزده دقیقهٔ دیگر دوباره بکوشید.";
        return Ok(login_page(
            headers,
            next,
            Some(why),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let accounts = desk.accounts()?;
    let (name, password) = (posted.name.clone(), posted.password);
    let checked =
        tokio::task::spawn_blocking(move || accounts.verify(&name, &password).cloned()).await;
    let Ok(Some(account)) = checked else {
        let why = "نام کاربری یا گذرواژه درست نیست.";
        return Ok(login_page(
            headers,
            next,
            Some(why),
            StatusCode::UNAUTHORIZED,
        ));
    };
    let session = desk.sessions.open(&account);
    let cookies = AppendHeaders([
        (
            header::SET_COOKIE,
            set_cookie(headers, SESSION_COOKIE, &session, None),
        ),
        (
            header::SET_COOKIE,
            set_cookie(headers, LOGIN_COOKIE, "", Some(0)),
        ),
    ]);
    Ok((cookies, Redirect::to(local(&posted.next)).into_response()).into_response())
}

/// `next` if it is an address on this host (a path), else the desk's list: a login never
/// sends the browser to another site.
fn local(next: &str) -> &str {
    match next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        true => next,
        false => HOME,
    }
}

async fn confirm_logout(signed: Signed) -> Response {
    let main = format!(
        "<h1>خروج</h1><p>{} ({})</p><form method=\"post\" action=\"{LOGOUT}\">\
<input type=\"hidden\" name=\"token\" value=\"{}\"><button>خروج از میز</button></form>",
        escaped(&signed.name),
        signed.role.persian(),
        escaped(&signed.token)
    );
    Html(super::html::page("خروج", &main)).into_response()
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    token: String,
}

async fn log_out(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    headers: HeaderMap,
    Form(posted): Form<Token>,
) -> Answer {
    signed.allows(&posted.token)?;
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        desk.sessions.close(&id);
    }
    let cleared = set_cookie(&headers, SESSION_COOKIE, "", Some(0));
    let page = message_page("خروج", "از میز تحریریه بیرون آمدید.");
    Ok(([(header::SET_COOKIE, cleared)], Html(page)).into_response())
}
