//! Pictures uploaded at the desk through HTTP: stored beside their item and named for the
//! form; what is not a picture, has no description or does not come from the desk refused,
//! with nothing stored.

mod support;

use std::fs;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::desk_http::{SEED_ITEM, answer, call, seed_form, seed_site};

const ITEM: &str = SEED_ITEM;

fn site() -> tempfile::TempDir {
    seed_site("---\nid: 242513\ntitle: کارت هوشمند\ndate: 1399/07/05\n---\n\nمتن.\n")
}

/// A small PNG photograph.
fn png() -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 120]));
    let mut bytes = Vec::new();
    pixels
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// The picture form posted as a browser posts it (multipart), asking for JSON or not.
fn upload(fields: &[(&str, &str)], file: (&str, &[u8]), json: bool) -> Request<Body> {
    let boundary = "----akhbar-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0)
            .bytes(),
    );
    body.extend(file.1);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let mut request = Request::post("/_desk/picture")
        .header(header::HOST, "127.0.0.1:1112")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    if json {
        request = request.header(header::ACCEPT, "application/json");
    }
    request.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn a_picture_is_stored_beside_its_item_and_named_for_the_form() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    let (form, token) = seed_form(&app).await;
    assert!(form.contains("enctype=\"multipart/form-data\""), "{form}");
    let fields = [
        ("token", token.as_str()),
        ("path", ITEM),
        ("alt", "دفتر ثبت احوال کرج"),
    ];
    let (status, _, body) = answer(&app, upload(&fields, ("IMG_2031.PNG", &png()), true)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let stored: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stored["address"], "242513-1.png");
    let kept = fs::read(dir.path().join("content/news/1399/07/242513-1.png")).unwrap();
    assert!(kept.starts_with(b"\x89PNG"));

    // Without the script: a page that says where it went and leads back to the form.
    let (status, _, page) = call(&app, upload(&fields, ("b.png", &png()), false)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(
        page.contains("242513-2.png") && page.contains("بازگشت به فرم خبر"),
        "{page}"
    );
}

#[tokio::test]
async fn what_is_not_a_described_picture_from_the_desk_is_refused_with_nothing_stored() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    let (_, token) = seed_form(&app).await;
    let described = [("token", token.as_str()), ("path", ITEM), ("alt", "توضیح")];
    let (status, _, body) = answer(
        &app,
        upload(&described, ("x.jpg", b"<html>not a picture"), true),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("تصویر JPEG، PNG یا WebP نیست"), "{body}");
    let undescribed = [("token", token.as_str()), ("path", ITEM), ("alt", " ")];
    let (status, _, body) = answer(&app, upload(&undescribed, ("a.png", &png()), true)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("توضیح تصویر نوشته نشده"), "{body}");
    let forged = [("token", "0000"), ("path", ITEM), ("alt", "توضیح")];
    let (status, _, _) = answer(&app, upload(&forged, ("a.png", &png()), true)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let outside = [
        ("token", token.as_str()),
        ("path", "site.toml"),
        ("alt", "توضیح"),
    ];
    let (status, _, _) = answer(&app, upload(&outside, ("a.png", &png()), true)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let folder: Vec<_> = fs::read_dir(dir.path().join("content/news/1399/07"))
        .unwrap()
        .collect();
    assert_eq!(folder.len(), 1, "only the item");
}
