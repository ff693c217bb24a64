use crate::helpers::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn raw_post(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url(path))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("request failed");
    let status = resp.status();
    let body: Value = resp.json().await.expect("every error is JSON");
    (status, body)
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400_with_the_error_json() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let wish = app.place(&resident, "micro_wish", "wish_goods").await;
    let t = Some(resident.token.as_str());
    let act = format!("/orders/{wish}/actions");
    let cases: Vec<(&str, String)> = vec![
        ("/orders", "{not json".into()),
        ("/orders", "".into()),
        (
            "/orders",
            r#"{"kind":"micro_wish","category":"wish_goods","title":5,"description":"d"}"#.into(),
        ),
        (
            "/orders",
            r#"{"kind":"rocket","category":"wish_goods","title":"t","description":"d"}"#.into(),
        ),
        (
            "/orders",
            r#"{"kind":"micro_wish","category":"wish_goods"}"#.into(),
        ),
        ("/orders", r#"[1,2,3]"#.into()),
        (act.as_str(), r#"{"action":"fly"}"#.into()),
        (act.as_str(), r#"{"verb":"claim"}"#.into()),
        (act.as_str(), r#"{"action":"reject"}"#.into()),
        (
            act.as_str(),
            r#"{"action":"evaluate","rating":"five"}"#.into(),
        ),
        (act.as_str(), r#"{"action":"evaluate","rating":3.5}"#.into()),
        (
            act.as_str(),
            r#"{"action":"dispatch","assignee":{"type":"robot","id":1}}"#.into(),
        ),
    ];
    for (path, body) in cases {
        let (status, resp) = raw_post(&app, t, path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {resp}");
        assert_eq!(code(&resp), "bad_request", "{body}");
    }
}

#[tokio::test]
async fn ratings_outside_one_to_five_are_rejected_and_change_nothing() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(DOCTOR).await;
    let wish = app.place(&resident, "micro_wish", "wish_goods").await;
    app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    app.ok(
        &volunteer,
        wish,
        json!({"action": "complete", "note": "ok"}),
    )
    .await;
    for rating in [0, 6, -1, 1000, 99999999999i64] {
        let (status, body) = app
            .act(
                &resident,
                wish,
                json!({"action": "evaluate", "rating": rating}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "rating {rating}: {body}");
        assert_eq!(code(&body), "validation_failed");
    }
    assert_eq!(app.order(&resident, wish).await["status"], "completed");
    let (status, _) = app
        .act(&resident, wish, json!({"action": "evaluate", "rating": 5}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .act(&resident, wish, json!({"action": "evaluate", "rating": 5}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already evaluated: {body}");
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let huge = format!(
        r#"{{"kind":"appeal","category":"environment","title":"t","description":"{}"}}"#,
        "x".repeat(200 * 1024)
    );
    let (status, body) = raw_post(&app, Some(&resident.token), "/orders", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&body), "payload_too_large");
    // Long but under the limit: a validation error naming the field.
    let long = json!({"kind":"appeal","category":"environment","title":"t","description":"长".repeat(3000)});
    let (status, body) = app.post(&resident, "/orders", long).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("description")));
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    iss: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    roles: Vec<&'a str>,
    cid: i32,
}

fn token(secret: &str, alg: Algorithm, iss: &str, aud: &str, exp_offset: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: "1",
        iss,
        aud,
        iat: now,
        exp: now + exp_offset,
        roles: vec!["committee"],
        cid: 1,
    };
    encode(
        &Header::new(alg),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("encode")
}

fn b64(v: &Value) -> String {
    use std::fmt::Write;
    // base64url without padding, by hand: the tests need no extra crate for this.
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = v.to_string().into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            let _ = write!(out, "{}", ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn forged_expired_and_unsigned_tokens_are_401() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp();
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(
            &json!({"sub": "1", "iss": "linli", "aud": "linli-api", "iat": now, "exp": now + 600, "roles": ["committee"], "cid": 1})
        )
    );
    let good = token(JWT_SECRET, Algorithm::HS256, "linli", "linli-api", 600);
    let cases = [
        ("garbage", "not.a.jwt".to_string(), "unauthorized"),
        (
            "other secret",
            token(
                "someone-elses-secret",
                Algorithm::HS256,
                "linli",
                "linli-api",
                600,
            ),
            "unauthorized",
        ),
        (
            "expired",
            token(JWT_SECRET, Algorithm::HS256, "linli", "linli-api", -3600),
            "token_expired",
        ),
        ("alg none", unsigned, "unauthorized"),
        (
            "HS512",
            token(JWT_SECRET, Algorithm::HS512, "linli", "linli-api", 600),
            "unauthorized",
        ),
        (
            "wrong issuer",
            token(JWT_SECRET, Algorithm::HS256, "evil", "linli-api", 600),
            "unauthorized",
        ),
        (
            "wrong audience",
            token(JWT_SECRET, Algorithm::HS256, "linli", "other-api", 600),
            "unauthorized",
        ),
        ("tampered", format!("{}x", good), "unauthorized"),
    ];
    for (name, t, expected) in cases {
        let resp = app
            .client
            .get(app.url("/orders"))
            .bearer_auth(&t)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{name}");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(code(&body), expected, "{name}");
    }
    // The well-formed token with our secret works: the checks above are not vacuous.
    let resp = app
        .client
        .get(app.url("/orders"))
        .bearer_auth(&good)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), StatusCode::OK);

    let resp = app
        .client
        .get(app.url("/orders"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = app
        .client
        .get(app.url("/me"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_ids_paths_and_query_parameters_get_clear_4xx() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    for (path, expected) in [
        ("/orders/abc", StatusCode::NOT_FOUND),
        ("/orders/999999", StatusCode::NOT_FOUND),
        ("/orders/99999999999999", StatusCode::NOT_FOUND),
        ("/nope", StatusCode::NOT_FOUND),
        ("/orders?status=flying", StatusCode::BAD_REQUEST),
        ("/orders?kind=rocket", StatusCode::BAD_REQUEST),
        ("/orders?scope=everything", StatusCode::BAD_REQUEST),
        ("/orders?per_page=1000", StatusCode::BAD_REQUEST),
        ("/orders?page=0", StatusCode::BAD_REQUEST),
        ("/orders?page=-1", StatusCode::BAD_REQUEST),
        ("/categories?kind=rocket", StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, expected, "{path}: {body}");
        code(&body);
    }
    let resp = app
        .client
        .get(format!("{}/api/elsewhere", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), StatusCode::OK);
}
