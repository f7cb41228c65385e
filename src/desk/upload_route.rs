//! Where pictures are posted from the item's form ([`super::upload`]): a multipart form with
//! the token, the item's path, the description and the file. The desk's script asks for JSON
//! and puts the picture in the form; without it, a page says where the picture went.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;

use super::access::Signed;
use super::html::{escaped, page, query_value};
use super::state::{Answer, Desk};
use super::upload::{MAX_UPLOAD_BYTES, Stored, UploadError, store};
use super::{ITEM, PICTURE};

/// The upload's route; a body may be a little larger than the largest picture, for the rest
/// of the form.
pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route(PICTURE, post(upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

/// The form's fields, as posted.
#[derive(Default)]
struct Posted {
    token: String,
    path: PathBuf,
    alt: String,
    file: Vec<u8>,
    too_large: bool,
}

async fn read(mut multipart: Multipart) -> Result<Posted, StatusCode> {
    let mut posted = Posted::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| StatusCode::BAD_REQUEST)?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?
            {
                if posted.file.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    posted.too_large = true;
                    break;
                }
                posted.file.extend_from_slice(&chunk);
            }
            continue;
        }
        let text = field.text().await.map_err(|_| StatusCode::BAD_REQUEST)?;
        match name.as_str() {
            "token" => posted.token = text,
            "path" => posted.path = PathBuf::from(text),
            "alt" => posted.alt = text,
            _ => {}
        }
    }
    Ok(posted)
}

async fn upload(
    State(desk): State<Arc<Desk>>,
    signed: Signed,
    headers: HeaderMap,
    multipart: Multipart,
) -> Answer {
    signed.may_edit()?;
    let posted = match read(multipart).await {
        Ok(posted) => posted,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            return Ok(answer(&headers, Err(UploadError::TooLarge), ""));
        }
        Err(status) => return Ok(status.into_response()),
    };
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let item = posted.path.clone();
    let stored = match posted.too_large {
        true => Err(UploadError::TooLarge),
        false => {
            let (file, alt) = (posted.file, posted.alt.clone());
            tokio::task::spawn_blocking(move || store(&config, &item, &file, &alt))
                .await
                .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?
        }
    };
    Ok(answer(&headers, stored, &posted.path.to_string_lossy()))
}

/// The answer to the script (JSON, when it asks for it) or to a browser without it (a page).
fn answer(headers: &HeaderMap, stored: Result<Stored, UploadError>, item: &str) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    let status = match &stored {
        Ok(_) => StatusCode::CREATED,
        Err(UploadError::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
        Err(UploadError::Write(..)) => StatusCode::INTERNAL_SERVER_ERROR,
        Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    if wants_json {
        let body = match &stored {
            Ok(stored) => serde_json::json!({
                "address": stored.address,
                "path": stored.path,
                "had_position": stored.had_position,
            }),
            Err(error) => serde_json::json!({ "error": error.persian() }),
        };
        return (status, Json(body)).into_response();
    }
    let back = format!("{ITEM}?path={}", query_value(item));
    let text = match &stored {
        Ok(stored) => format!(
            "تصویر با نام {} کنار خبر ذخیره شد. در فرم خبر آن را در «تصویر» بنویسید، یا در متن: ![توضیح]({}).",
            stored.address, stored.address
        ),
        Err(error) => format!("تصویر ذخیره نشد: {}", error.persian()),
    };
    let main = format!(
        "<h1>بارگذاری تصویر</h1><p>{}</p><p><a href=\"{}\">بازگشت به فرم خبر</a></p>",
        escaped(&text),
        escaped(&back)
    );
    let page = page("بارگذاری تصویر", &main);
    (status, Html(page)).into_response()
}
