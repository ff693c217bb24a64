//! Photos: uploads re-encoded without metadata, attached to orders and
//! completions, shown through signed links only to who serves the order,
//! limited per day, removed when nobody attached them; in a directory and on
//! S3-compatible storage shared by two servers.

use crate::helpers::*;
use crate::s3_server::S3Server;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

const MB: usize = 1024 * 1024;

fn no_metadata(name: &str, bytes: &[u8]) {
    for marker in [&b"Exif"[..], b"LinliPhone", b"GPS Test"] {
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker),
            "{name}: {} survived",
            String::from_utf8_lossy(marker)
        );
    }
}

fn size_of(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("a decodable image");
    (img.width(), img.height())
}

fn photos(v: &Value) -> Vec<Value> {
    v["photos"].as_array().cloned().unwrap_or_default()
}

async fn place_with_photos(app: &TestApp, s: &Session, photos: Value) -> (StatusCode, Value) {
    app.post(
        s,
        "/orders",
        json!({
            "kind": "micro_wish",
            "category": "wish_goods",
            "title": "想要一个新书包",
            "description": "旧书包坏了，照片里是它",
            "address": "幸福小区1号楼101",
            "photos": photos,
        }),
    )
    .await
}

#[tokio::test]
async fn phone_photos_are_reencoded_without_metadata() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    for (name, size) in [
        ("phone.jpg", (1365, 2048)),
        ("phone.png", (400, 600)),
        ("phone.webp", (400, 600)),
    ] {
        let up = app.upload(&resident, name).await;
        assert!(up["id"].as_i64().is_some(), "{up}");
        assert_eq!(
            (up["width"].clone(), up["height"].clone()),
            (json!(size.0), json!(size.1))
        );
        let (status, kind, photo) = app.fetch(up["url"].as_str().expect("url")).await;
        assert_eq!(
            (status, kind.as_str()),
            (StatusCode::OK, "image/jpeg"),
            "{name}"
        );
        assert_eq!(size_of(&photo), size, "{name}: upright, at most 2048 px");
        no_metadata(name, &photo);
        let (status, _, thumb) = app
            .fetch(up["thumbnail_url"].as_str().expect("thumb"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (w, h) = size_of(&thumb);
        assert!(w.max(h) <= 320, "{name}: thumbnail {w}×{h}");
        no_metadata(name, &thumb);
    }
}

#[tokio::test]
async fn what_is_not_a_photo_is_refused() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let text = fixture("not-an-image.jpg");
    let (status, body) = app.upload_as(Some(&resident), "file", "a.jpg", &text).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("JPEG, PNG or WebP"),
        "{body}"
    );
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let (status, _) = app.upload_as(Some(&resident), "file", "a.gif", gif).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Over 10 MB: refused while it arrives.
    let mut big = fixture("phone.jpg");
    big.resize(10 * MB + 1, 0);
    let (status, body) = app
        .upload_as(Some(&resident), "file", "big.jpg", &big)
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (status, _) = app
        .upload_as(Some(&resident), "note", "a.txt", &vec![b'a'; 10 * MB + 1])
        .await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "other fields count too"
    );
    let (status, _) = app
        .upload_as(Some(&resident), "picture", "a.jpg", &fixture("phone.png"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no field named file");
    let (status, _) = app.post(&resident, "/uploads", json!({"file": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not multipart");
    let (status, _) = app
        .upload_as(None, "file", "a.png", &fixture("phone.png"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn photos_reach_only_those_serving_the_order() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let doctor = app.login(DOCTOR).await;
    let neighbour = app.login(RESIDENT2).await;
    let committee = app.login(COMMITTEE).await;
    let elsewhere = app.login(HEXIE_RESIDENT).await;

    let before = app.upload(&resident, "phone.jpg").await;
    let (status, order) = place_with_photos(&app, &resident, json!([before["id"]])).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_i64().expect("id");
    assert_eq!(photos(&order).len(), 1, "{order}");
    assert_eq!(
        photos(&order["timeline"][0]).len(),
        1,
        "the create entry has it"
    );

    // The committee serves the order; a neighbour and a volunteer who has not
    // claimed the wish see it on the wall, without its photos.
    assert_eq!(photos(&app.order(&committee, id).await).len(), 1);
    for s in [&neighbour, &doctor] {
        let seen = app.order(s, id).await;
        assert!(photos(&seen).is_empty(), "{seen}");
        assert!(seen["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .all(|e| photos(e).is_empty()));
    }
    let (status, _) = app.get(&elsewhere, &format!("/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The volunteer claims it, sees the photo, and completes with their own.
    app.ok(&doctor, id, json!({"action": "claim"})).await;
    let seen = app.order(&doctor, id).await;
    let link = photos(&seen)[0]["url"].as_str().expect("url").to_string();
    assert_eq!(app.fetch(&link).await.0, StatusCode::OK);
    let after = app.upload(&doctor, "phone.webp").await;
    let done = app
        .ok(
            &doctor,
            id,
            json!({"action": "complete", "note": "送到了", "photos": [after["id"]]}),
        )
        .await;
    let last = done["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .cloned()
        .expect("entry");
    assert_eq!(last["action"], "complete");
    assert_eq!(photos(&last).len(), 1);
    assert_eq!(photos(&done).len(), 1, "the order keeps the resident's");
    let mine = app.order(&resident, id).await;
    let shown: usize = mine["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| photos(e).len())
        .sum();
    assert_eq!(shown, 2, "the resident sees before and after");
}

#[tokio::test]
async fn only_your_own_free_uploads_attach_and_a_refusal_writes_nothing() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let neighbour = app.login(RESIDENT2).await;
    let mine = app.upload(&resident, "phone.png").await["id"].clone();
    let theirs = app.upload(&neighbour, "phone.png").await["id"].clone();
    let (_, listed) = app.get(&resident, "/orders?scope=mine").await;
    let placed = listed["total"].as_i64().expect("total");

    for (why, ids) in [
        ("someone else's", json!([mine, theirs])),
        ("unknown", json!([mine, 999_999])),
        ("twice", json!([mine, mine])),
        ("ten", json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
        ("not ids", json!(["https://img.example.cn/a.jpg"])),
    ] {
        let (status, body) = place_with_photos(&app, &resident, ids).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {body}");
    }
    let (_, listed) = app.get(&resident, "/orders?scope=mine").await;
    assert_eq!(
        listed["total"].as_i64(),
        Some(placed),
        "no order was half-written"
    );

    // Still free: it attaches now, once.
    let (status, body) = place_with_photos(&app, &resident, json!([mine])).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = place_with_photos(&app, &resident, json!([mine])).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "already on an order: {body}"
    );
    let (_, listed) = app.get(&resident, "/orders?scope=mine").await;
    assert_eq!(listed["total"].as_i64(), Some(placed + 1));
}

#[tokio::test]
async fn signed_links_refuse_alteration_and_expire() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let a = app.upload(&resident, "phone.png").await;
    let b = app.upload(&resident, "phone.png").await;
    let url = a["url"].as_str().expect("url").to_string();
    assert_eq!(app.fetch(&url).await.0, StatusCode::OK);

    let other_id = url.replace(
        &format!("/uploads/{}/", a["id"]),
        &format!("/uploads/{}/", b["id"]),
    );
    let other_size = url.replace("/photo?", "/thumbnail?");
    let (base, query) = url.split_once('?').expect("a query");
    let later = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some(("expires", v)) => format!("expires={}", v.parse::<i64>().expect("n") + 3600),
            _ => kv.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&");
    let mut flipped = url.clone();
    let last = flipped.pop().expect("a char");
    flipped.push(if last == '0' { '1' } else { '0' });
    for (why, bad) in [
        ("another upload", other_id),
        ("another size", other_size),
        ("a later expiry", format!("{base}?{later}")),
        ("an altered signature", flipped),
        ("no signature", base.to_string()),
    ] {
        let (status, _, _) = app.fetch(&bad).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{why}");
    }
    app.clock.advance(Duration::minutes(71));
    assert_eq!(app.fetch(&url).await.0, StatusCode::FORBIDDEN, "expired");
}

#[tokio::test]
async fn each_person_has_a_daily_quota() {
    let app = spawn_app_with(|s| s.uploads.daily_limit = 2).await;
    let resident = app.login(RESIDENT).await;
    app.upload(&resident, "phone.png").await;
    app.upload(&resident, "phone.png").await;
    let (status, body) = app
        .upload_as(Some(&resident), "file", "a.png", &fixture("phone.png"))
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let neighbour = app.login(RESIDENT2).await;
    app.upload(&neighbour, "phone.png").await;
    app.clock.advance(Duration::hours(24));
    app.upload(&resident, "phone.png").await;
}

#[tokio::test]
async fn uploads_nobody_attached_are_removed_after_a_day() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let kept = app.upload(&resident, "phone.png").await;
    let dropped = app.upload(&resident, "phone.png").await;
    let (status, _) = place_with_photos(&app, &resident, json!([kept["id"]])).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(files_in(&app.uploads.dir), 4, "two photos, two thumbnails");

    app.clock.advance(Duration::hours(23));
    assert_eq!(app.run_jobs().await.photos_removed, 0, "not a day yet");
    app.clock.advance(Duration::hours(2));
    assert_eq!(app.run_jobs().await.photos_removed, 1);
    assert_eq!(app.run_jobs().await.photos_removed, 0, "once");
    assert_eq!(files_in(&app.uploads.dir), 2);
    // Its id attaches to nothing now.
    let (status, _) = place_with_photos(&app, &resident, json!([dropped["id"]])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn two_servers_share_photos_on_s3_compatible_storage() {
    let s3 = S3Server::start("linli-photos").await;
    let settings = s3.settings("linli-photos");
    let app = spawn_app_with(|s| s.uploads.s3 = Some(settings.clone())).await;
    let second = spawn_second_server(&app).await;
    let resident = app.login(RESIDENT).await;

    let up = app.upload(&resident, "phone.jpg").await;
    let dropped = app.upload(&resident, "phone.png").await;
    assert_eq!(s3.keys("linli-photos").await.len(), 4);
    let (status, order) = place_with_photos(&app, &resident, json!([up["id"]])).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");

    // The other server shows the order's photo from the shared bucket.
    let seen = second
        .order(&resident, order["id"].as_i64().expect("id"))
        .await;
    let url = photos(&seen)[0]["url"].as_str().expect("url").to_string();
    assert!(url.starts_with(&second.base), "{url}");
    let (status, _, photo) = second.fetch(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(size_of(&photo), (1365, 2048));
    no_metadata("phone.jpg", &photo);

    app.clock.advance(Duration::hours(25));
    assert_eq!(app.run_jobs().await.photos_removed, 1);
    let left = s3.keys("linli-photos").await;
    assert_eq!(left.len(), 2, "{left:?}");
    let (status, _) = place_with_photos(&app, &resident, json!([dropped["id"]])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Uploads phone.png with extra headers; returns the photo link.
async fn link_with_headers(app: &TestApp, s: &Session, headers: &[(&str, &str)]) -> String {
    let (kind, body) = multipart_body(0, &fixture("phone.png"));
    let mut req = app
        .client
        .post(app.url("/uploads"))
        .bearer_auth(&s.token)
        .header("Content-Type", kind.as_str())
        .body(body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let resp = req.send().await.expect("sent");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let up: Value = resp.json().await.expect("json");
    up["url"].as_str().expect("a link").to_string()
}

#[tokio::test]
async fn photo_links_believe_forwarded_headers_only_from_a_trusted_proxy() {
    let forged = [
        ("X-Forwarded-Proto", "javascript"),
        ("X-Forwarded-Host", "evil.example"),
        ("Forwarded", "proto=javascript;host=evil.example"),
    ];
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let link = link_with_headers(&app, &resident, &forged).await;
    assert!(link.starts_with(&format!("{}/", app.base)), "{link}");
    // A host header that is not a host name falls back to the socket's.
    let link = link_with_headers(&app, &resident, &[("Host", "x/<script>")]).await;
    assert!(link.starts_with("http://"), "{link}");
    assert!(!link.contains("<script>"), "{link}");

    // Behind a trusted proxy (here, the test itself on 127.0.0.1).
    let app = spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")]).await;
    let resident = app.login(RESIDENT).await;
    let link = link_with_headers(
        &app,
        &resident,
        &[
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "linli.example.cn"),
        ],
    )
    .await;
    assert!(
        link.starts_with("https://linli.example.cn/api/v1/uploads/"),
        "{link}"
    );
    // Even a trusted proxy gets http(s) only.
    let link = link_with_headers(&app, &resident, &forged[..2]).await;
    assert!(link.starts_with("http://evil.example/"), "{link}");
}
