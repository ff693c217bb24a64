//! What every answer does, whatever the endpoint: paging arithmetic, empty
//! query values, no caching, a deadline on request bodies, a request id.

use crate::helpers::*;
use reqwest::{header, StatusCode};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_huge_page_is_a_400_and_a_far_page_is_empty() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    for path in [
        "/orders?page=18446744073709551615",
        "/orders?page=18446744073709551615&per_page=100",
        "/wishes?page=18446744073709551615",
        "/orders?page=99999999999",
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
    }
    let (status, body) = app
        .get(&committee, "/orders?page=1000000000&per_page=100")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn empty_query_values_mean_absent_everywhere() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let admin = app.login(ADMIN).await;
    // Each answers exactly as the same request without the empty values.
    for (path, plain) in [
        (
            "/orders?page=&per_page=&status=&kind=&scope=&category=&q=&sort=&overdue=&from=&to=",
            "/orders",
        ),
        ("/wishes?page=&per_page=", "/wishes"),
        ("/categories?kind=", "/categories"),
        ("/stats?community_id=&from=&to=", "/stats"),
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let (status, without) = app.get(&committee, plain).await;
        assert_eq!(status, StatusCode::OK, "{plain}: {without}");
        assert_eq!(body, without, "{path} differs from {plain}");
        assert!(
            body.get("items")
                .is_none_or(|i| i.as_array().is_some_and(|a| !a.is_empty())),
            "{plain}: compare something, not two empty lists"
        );
    }
    let (status, body) = app.get(&admin, "/stats?community_id=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, district) = app.get(&admin, "/stats").await;
    assert_eq!(body, district, "an empty community is the whole district");
    let (status, _) = app.get(&admin, "/stats?community_id=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn answers_with_tokens_or_personal_data_are_not_stored_by_caches() {
    let app = spawn_app().await;
    let login = app
        .client
        .post(app.url("/auth/login"))
        .json(&json!({"phone": RESIDENT, "password": "demo1234"}))
        .send()
        .await
        .expect("login");
    assert_eq!(
        login
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    let s = app.login(RESIDENT).await;
    for path in ["/me", "/orders", "/points"] {
        let resp = app
            .client
            .get(app.url(path))
            .bearer_auth(&s.token)
            .send()
            .await
            .expect("get");
        assert_eq!(
            resp.headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_a_408() {
    let app = spawn_app_with(|s| s.body_timeout.idle = Duration::from_millis(300)).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut conn = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    conn.write_all(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"phone\":",
    )
    .await
    .expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            let n = conn.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept waiting for the body");
    let head = String::from_utf8_lossy(&answer);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
}

#[tokio::test]
async fn every_answer_carries_a_request_id_for_the_log() {
    let app = spawn_app().await;
    let mut seen = std::collections::HashSet::new();
    for path in ["/healthz", "/api/v1/nothing-here", "/healthz"] {
        let resp = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        let id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert_eq!(id.len(), 16, "{path}: {id:?}");
        assert!(seen.insert(id), "request ids repeat");
    }
}
