//! Who is at the desk. Without accounts the desk is this machine's alone (it listens on
//! loopback) and whoever opens it is the administrator, under the system user's name. Once an
//! account exists, every page of the desk and of the preview beside it asks for a login: a
//! session cookie (HttpOnly, SameSite=Strict, Secure when the request came over https through a
//! proxy), a token of its own in every form against requests forged by other sites, and the
//! account's role deciding what it may do.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::accounts::Role;
use super::sessions::SESSION_COOKIE;
use super::state::{Desk, Refused};

/// The person a request comes from, as the handlers see them.
pub struct Signed {
    /// The account's name, recorded as the moderator of the comments they decide.
    pub name: String,
    pub role: Role,
    /// The token the pages made for them carry in every form.
    pub token: String,
    /// Whether the request named no other site as its origin.
    same_origin: bool,
}

impl Signed {
    /// Refuses a change unless it carries this person's `token` from a page of the desk.
    pub fn allows(&self, token: &str) -> Result<(), Refused> {
        match self.same_origin && same_secret(token, &self.token) {
            true => Ok(()),
            false => Err(forbidden(
                "درخواست از صفحه‌ای جز میز تحریریه آمده است؛ صفحه را دوباره باز کنید و باز بفرستید.",
            )),
        }
    }

    /// Refuses unless the role writes and publishes news items.
    pub fn may_edit(&self) -> Result<(), Refused> {
        match self.role.edits() {
            true => Ok(()),
            false => Err(forbidden(
                "نوشتن و انتشار خبر با نقش شما نیست؛ از مدیر میز بخواهید نقش دبیر خبر به شما بدهد.",
            )),
        }
    }

    /// Refuses unless the role decides on comments.
    pub fn may_moderate(&self) -> Result<(), Refused> {
        match self.role.moderates() {
            true => Ok(()),
            false => Err(forbidden(
                "بررسی دیدگاه‌ها با نقش شما نیست؛ از مدیر میز بخواهید نقش ناظر دیدگاه‌ها به شما بدهد.",
            )),
        }
    }
}

impl FromRequestParts<Arc<Desk>> for Signed {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, desk: &Arc<Desk>) -> Result<Signed, Refused> {
        let same_origin = is_same_origin(&parts.headers);
        let accounts = desk.accounts()?;
        if !accounts.any() {
            let (name, token) = (desk.moderator.clone(), desk.token.clone());
            let role = Role::Admin;
            return Ok(Signed {
                name,
                role,
                token,
                same_origin,
            });
        }
        let cookie = cookie(&parts.headers, SESSION_COOKIE);
        match cookie.and_then(|id| desk.sessions.find(&id, &accounts)) {
            Some((name, role, token)) => Ok(Signed {
                name,
                role,
                token,
                same_origin,
            }),
            None if parts.method == Method::GET => {
                let here = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                let next = super::html::query_value(here);
                Err(Redirect::to(&format!("{}?next={next}", super::LOGIN))
                    .into_response()
                    .into())
            }
            None => Err(forbidden(
                "نشست شما پایان یافته است؛ دوباره وارد شوید و باز بفرستید.",
            )),
        }
    }
}

/// Lets through to the preview only those the desk would let in.
pub async fn signed_in_only(
    State(desk): State<Arc<Desk>>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    match Signed::from_request_parts(&mut parts, &desk).await {
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
        Err(refused) => refused.into_response(),
    }
}

/// The value of the cookie `name` in `headers`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let all = headers.get_all(header::COOKIE).into_iter();
    let pairs = all
        .filter_map(|value| value.to_str().ok())
        .flat_map(|v| v.split(';'));
    pairs
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// A `Set-Cookie` value for `name`: HttpOnly, SameSite=Strict, for the whole host, Secure when
/// the request reached the proxy over https, ending with the browser unless `max_age` (seconds).
pub fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: Option<u64>) -> String {
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if https { "; Secure" } else { "" };
    let age = max_age.map_or(String::new(), |seconds| format!("; Max-Age={seconds}"));
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
}

/// The address a request came from: the peer, or, from a proxy on this machine, the address
/// the proxy names in `X-Real-IP`.
pub fn client_address(parts_extensions: &axum::http::Extensions, headers: &HeaderMap) -> IpAddr {
    let peer = parts_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(peer)| peer.ip());
    let forwarded = headers
        .get("x-real-ip")
        .and_then(|v| v.to_str().ok()?.trim().parse().ok());
    match (peer.is_loopback(), forwarded) {
        (true, Some(client)) => client,
        _ => peer,
    }
}

/// Whether the request names no other site as its origin.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    match (origin, host) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, o)| o == host),
        (Some(_), None) => false,
    }
}

/// Whether `given` is `secret`, compared in time that does not depend on where they differ.
pub fn same_secret(given: &str, secret: &str) -> bool {
    given.len() == secret.len()
        && (given.bytes().zip(secret.bytes())).fold(0, |diff, (a, b)| diff | (a ^ b)) == 0
}

fn forbidden(why: &str) -> Refused {
    let page = super::html::message_page("دسترسی نیست", why);
    (StatusCode::FORBIDDEN, Html(page)).into_response().into()
}
