//! What an attack on the uploads found (issue 14): files that declare huge
//! images, a JPEG of headers alone, a burst past the daily quota, and bodies
//! whose size hid in the framing or in the announcement.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

const MB: usize = 1024 * 1024;

/// The head of a `POST /uploads` written by hand, with its length header.
fn upload_head(addr: &str, s: &Session, kind: &str, length: &str) -> String {
    format!(
        "POST /api/v1/uploads HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: {kind}\r\n{length}\r\n\r\n",
        s.token
    )
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn files_declaring_huge_images_are_refused_before_decoding() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let webp = webp_bomb(11_585);
    assert_eq!(webp.len(), 84);
    let png = png_bomb(11_585);
    for (name, bytes) in [("bomb.webp", webp), ("bomb.png", png)] {
        let (status, body) = app.upload_as(Some(&resident), "file", name, &bytes).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
        assert_eq!(code(&body), "validation_failed", "{name}");
        assert!(message(&body).contains("50 megapixels"), "{name}: {body}");
    }
    // Nothing was kept, and the quota was not spent on them.
    assert_eq!(files_in(&app.uploads.dir), 0);
    let db = app.db().await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let rows = server::entities::upload::Entity::find().count(&db).await;
    assert_eq!(rows.expect("counted"), 0);
}

#[tokio::test]
async fn a_jpeg_of_headers_without_image_data_is_refused_as_damaged() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    // The review's file: 374 bytes declaring 12000×12000 (too large anyway),
    // and the same headers at sizes that pass the size check.
    for (w, h) in [(12_000, 12_000), (4_000, 3_000), (640, 480)] {
        let jpeg = jpeg_headers_only(w, h);
        assert!(jpeg.len() < 700, "{}", jpeg.len());
        let (status, body) = app
            .upload_as(Some(&resident), "file", "broken.jpg", &jpeg)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{w}×{h}: {body}");
        if w < 12_000 {
            assert!(message(&body).contains("damaged"), "{w}×{h}: {body}");
        }
    }
    assert_eq!(files_in(&app.uploads.dir), 0, "no grey photo kept");
}

#[tokio::test]
async fn a_burst_of_uploads_at_once_gets_no_more_than_the_daily_quota() {
    let app = spawn_app_with(|s| s.uploads.daily_limit = 60).await;
    let resident = app.login(RESIDENT).await;
    let png = fixture("phone.png");
    let answers = futures_util::future::join_all(
        (0..80).map(|_| app.upload_as(Some(&resident), "file", "a.png", &png)),
    )
    .await;
    let made = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let refused = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (made, refused),
        (60, 20),
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    // A refused photo gives its slot back: one more is still refused now,
    // but the 60 kept are whole photos.
    let (status, _) = app.upload_as(Some(&resident), "file", "a.png", &png).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(files_in(&app.uploads.dir), 120, "60 photos, 60 thumbnails");
}

#[tokio::test]
async fn a_refused_photo_gives_its_quota_slot_back() {
    let app = spawn_app_with(|s| s.uploads.daily_limit = 1).await;
    let resident = app.login(RESIDENT).await;
    let (status, _) = app
        .upload_as(
            Some(&resident),
            "file",
            "bad.jpg",
            &jpeg_headers_only(640, 480),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.upload(&resident, "phone.png").await;
}

#[tokio::test]
async fn the_whole_body_counts_and_a_body_announced_too_large_is_refused_at_once() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let png = fixture("phone.png");
    // 200,000 empty fields (about 12 MB of framing) and a tiny photo.
    let (kind, body) = multipart_body(200_000, &png);
    assert!(body.len() > 11 * MB, "{}", body.len());
    let resp = app
        .client
        .post(app.url("/uploads"))
        .bearer_auth(&resident.token)
        .header("Content-Type", kind.as_str())
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // The same framing without a length (chunked): counted as it arrives.
    let addr = app.base.trim_start_matches("http://").to_string();
    let (_, body) = multipart_body(200_000, &png);
    let head = upload_head(&addr, &resident, &kind, "Transfer-Encoding: chunked");
    let answer = raw_request(&addr, head, body).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A few fields and a photo are still fine.
    let (kind, body) = multipart_body(3, &png);
    let resp = app
        .client
        .post(app.url("/uploads"))
        .bearer_auth(&resident.token)
        .header("Content-Type", kind.as_str())
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), StatusCode::CREATED);

    // Announcing a gigabyte and sending nothing: 413 at once, not a 408
    // after waiting for the body.
    let head = upload_head(&addr, &resident, &kind, "Content-Length: 1073741824");
    // (The socket waits 10 s, less than the 15 s a body may pause.)
    let answer = raw_request(&addr, head, Vec::new()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}
