//! `POST /comments`: one comment in, checked, stored as pending; an answer for the script
//! (JSON) or for a plain form (a redirect back to the news page, or a page naming the problems).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use super::submission::{CleanSubmission, FieldError, Submission};
use super::{Intake, NewsDirectory, Openness};
use crate::comments::model::{Comment, Status, store};

/// What the reader is told when the comment is stored.
pub const RECEIVED: &str = "دیدگاه شما دریافت شد و پس از بررسی منتشر می‌شود";

/// How the request came, and so how to answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reply {
    Json,
    Form,
}

/// A refusal: status, message and the fields at fault.
struct Refusal(StatusCode, String, Vec<FieldError>);

pub async fn receive(
    State(intake): State<Arc<Intake>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let reply = if content_type(&headers).starts_with("application/json") {
        Reply::Json
    } else {
        Reply::Form
    };
    match accept(&intake, peer, &headers, body, reply).await {
        Ok(comment) => received(&intake, &comment, reply),
        Err(Refusal(status, message, errors)) => match reply {
            Reply::Json => json_error(status, &message, errors),
            Reply::Form => form_error(status, &message, &errors),
        },
    }
}

/// Every check in order, then the write; the stored comment, or why not.
async fn accept(
    intake: &Arc<Intake>,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    reply: Reply,
) -> Result<Comment, Refusal> {
    let ip = intake.client_ip(headers, peer);
    if !intake.within(&intake.requests, ip, "a request") {
        return Err(refusal(StatusCode::TOO_MANY_REQUESTS, TOO_MANY));
    }
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "متن فرستاده‌شده بیش از اندازه بلند است.",
        ),
        _ => refusal(StatusCode::BAD_REQUEST, "درخواست نامعتبر است."),
    })?;
    let submission = parse(&body, reply).ok_or_else(|| {
        refusal(
            StatusCode::BAD_REQUEST,
            "درخواست نامعتبر است؛ متن باید UTF-8 باشد.",
        )
    })?;
    let clean = submission.check().map_err(|errors| {
        Refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "لطفاً خطاهای فرم را برطرف کنید.".into(),
            errors,
        )
    })?;
    check_news(intake, clean.news_id).await?;
    let now = jiff::Timestamp::now();
    // The code is spent only once the comment is stored: a reader asked to send again can.
    let code = intake
        .challenges
        .reserve(&submission.challenge, &submission.solution, now.as_second())
        .map_err(|error| refusal(StatusCode::FORBIDDEN, &error.to_string()))?;
    if !submission.website.trim().is_empty() {
        // A bot filled the hidden field: it is told what a person is told, and nothing is kept.
        code.confirm();
        return Ok(comment(intake, clean, now, ip));
    }
    if !intake.within(&intake.posts, ip, "a comment") {
        return Err(refusal(StatusCode::TOO_MANY_REQUESTS, TOO_MANY));
    }
    let comment = comment(intake, clean, now, ip);
    let (store, to_store) = (intake.store.clone(), comment.clone());
    let stored = tokio::task::spawn_blocking(move || store.add(&to_store)).await;
    match stored {
        Ok(Ok(path)) => {
            code.confirm();
            eprintln!(
                "akhbar: comment {} stored in {}",
                comment.id,
                path.display()
            );
            Ok(comment)
        }
        Ok(Err(error)) => {
            eprintln!(
                "akhbar: comment for news {} NOT stored: {error}",
                comment.news_id
            );
            Err(refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "ذخیره دیدگاه اکنون ممکن نیست؛ لطفاً کمی بعد دوباره بفرستید.",
            ))
        }
        Err(panic) => {
            eprintln!("akhbar: storing a comment failed: {panic}");
            Err(refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "ذخیره دیدگاه ممکن نشد؛ لطفاً کمی بعد دوباره بفرستید.",
            ))
        }
    }
}

const TOO_MANY: &str = "از این نشانی دیدگاه‌های زیادی فرستاده شده است؛ لطفاً بعداً دوباره بفرستید.";

fn refusal(status: StatusCode, message: &str) -> Refusal {
    Refusal(status, message.to_string(), Vec::new())
}

fn comment(
    intake: &Intake,
    clean: CleanSubmission,
    now: jiff::Timestamp,
    ip: std::net::IpAddr,
) -> Comment {
    Comment {
        id: store::new_id(now),
        news_id: clean.news_id,
        name: clean.name,
        email: clean.email,
        body: clean.body,
        received_at: now,
        status: Status::Pending,
        moderated_at: None,
        moderated_by: None,
        reply: None,
        ip_hash: intake.ip_hash(ip),
    }
}

/// Refuses news items that do not exist or take no comments; an unknown number makes the
/// service read the content again (at most every 30 s), for items published since it started.
async fn check_news(intake: &Arc<Intake>, id: u64) -> Result<(), Refusal> {
    let (mut openness, may_reread) = {
        let news = intake
            .news
            .read()
            .expect("no thread panics holding the lock");
        (news.openness(id), news.may_reread(Instant::now()))
    };
    if openness == Openness::Unknown && may_reread {
        let config = intake.config.clone();
        if let Ok(Ok(fresh)) =
            tokio::task::spawn_blocking(move || NewsDirectory::read(&config)).await
        {
            openness = fresh.openness(id);
            *intake
                .news
                .write()
                .expect("no thread panics holding the lock") = fresh;
        }
    }
    let field = |message: &str| {
        Refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            message.to_string(),
            vec![FieldError {
                field: "news_id",
                message: message.to_string(),
            }],
        )
    };
    match openness {
        Openness::Open => Ok(()),
        Openness::Closed => Err(field("ارسال دیدگاه برای این خبر بسته شده است.")),
        Openness::Unknown => Err(field("خبری با این شماره در پایگاه نیست.")),
    }
}

/// The fields of a JSON or form-encoded body; none when it is not valid UTF-8 or not a form.
fn parse(body: &[u8], reply: Reply) -> Option<Submission> {
    match reply {
        Reply::Json => serde_json::from_slice(body).ok(),
        Reply::Form => {
            if !form_is_utf8(body) {
                return None;
            }
            serde_urlencoded::from_bytes(body).ok()
        }
    }
}

/// Whether every percent-decoded name and value of a form body is UTF-8 (the decoder itself
/// would replace bad bytes silently).
fn form_is_utf8(body: &[u8]) -> bool {
    let mut bytes = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'%' => {
                let hex = body
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => bytes.push(byte),
                    None => return false,
                }
                i += 3;
            }
            b'+' => {
                bytes.push(b' ');
                i += 1;
            }
            byte => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    bytes
        .split(|b| *b == b'&' || *b == b'=')
        .all(|part| std::str::from_utf8(part).is_ok())
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn received(intake: &Intake, comment: &Comment, reply: Reply) -> Response {
    match reply {
        Reply::Json => {
            Json(json!({"ok": true, "id": comment.id, "message": RECEIVED})).into_response()
        }
        Reply::Form => {
            let base = intake.config.site.base_url.trim_end_matches('/');
            Redirect::to(&format!(
                "{base}/news/{}/#comment-received",
                comment.news_id
            ))
            .into_response()
        }
    }
}

pub fn too_many() -> Response {
    json_error(StatusCode::TOO_MANY_REQUESTS, TOO_MANY, Vec::new())
}

pub fn json_error(status: StatusCode, message: &str, errors: Vec<FieldError>) -> Response {
    (
        status,
        Json(json!({"ok": false, "message": message, "errors": errors})),
    )
        .into_response()
}

/// A small right-to-left page naming the problems, for a form sent without the script.
fn form_error(status: StatusCode, message: &str, errors: &[FieldError]) -> Response {
    let escape = |text: &str| {
        let mut out = String::new();
        pulldown_cmark_escape::escape_html(pulldown_cmark_escape::FmtWriter(&mut out), text)
            .expect("writing to a String cannot fail");
        out
    };
    let items: String = errors
        .iter()
        .map(|error| format!("<li>{}</li>", escape(&error.message)))
        .collect();
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>دیدگاه فرستاده نشد</title></head><body><h1>دیدگاه فرستاده نشد</h1>\
         <p>{}</p><ul>{items}</ul><p>با دکمه بازگشت مرورگر به صفحه خبر برگردید؛ \
         آنچه نوشته‌اید آنجا مانده است.</p></body></html>\n",
        escape(message)
    );
    (status, Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_must_decode_to_utf8() {
        assert!(form_is_utf8(b"name=%D8%B9%D9%84%DB%8C&body=a+b"));
        assert!(!form_is_utf8(b"name=%D8&body=x"));
        assert!(!form_is_utf8(b"name=%ZZ"));
        assert!(!form_is_utf8(b"name=\xff"));
    }
}
