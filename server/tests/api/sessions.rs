//! Signing in and staying signed in, under attack: what is not a phone,
//! racing refreshes and logouts, tokens of deleted accounts, and strangers
//! trying to lock an owner out.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::auth::jwt::JwtKeys;
use server::auth::Caller;
use std::net::IpAddr;

#[tokio::test]
async fn what_is_not_phone_shaped_is_a_400_and_never_throttled() {
    let app = spawn_app().await;
    let long = "1".repeat(60_000);
    for phone in [long.as_str(), "abc", "1390000001", "139000000011"] {
        for _ in 0..7 {
            let (status, body) = app
                .post_anon("/auth/login", json!({"phone": phone, "password": "x"}))
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(code(&body), "validation_failed");
        }
    }
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": RESIDENT, "password": "x".repeat(129)}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

async fn refresh(app: &TestApp, token: &str) -> (StatusCode, Value) {
    app.post_anon("/auth/refresh", json!({"refresh_token": token}))
        .await
}

#[tokio::test]
async fn racing_refreshes_never_leave_a_working_token_in_a_revoked_family() {
    let app = spawn_app().await;
    for round in 0..8 {
        let s = app.login(RESIDENT).await;
        let (a, b) = tokio::join!(refresh(&app, &s.refresh), refresh(&app, &s.refresh));
        // Exactly one wins; the other presented a used token: refused as a
        // replay, and the whole family (the winner's new token too) is gone.
        let (winner, loser) = match (a.0, b.0) {
            (StatusCode::OK, _) => (&a, &b),
            (_, StatusCode::OK) => (&b, &a),
            _ => panic!("round {round}: nobody won: {a:?} {b:?}"),
        };
        assert_eq!(
            loser.0,
            StatusCode::UNAUTHORIZED,
            "round {round}: {loser:?}"
        );
        assert_eq!(code(&loser.1), "token_reused", "round {round}: {loser:?}");
        let t = winner.1["refresh_token"].as_str().expect("token");
        let (status, body) = refresh(&app, t).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "round {round}: {body}");
    }
}

#[tokio::test]
async fn a_logout_racing_a_refresh_ends_the_session() {
    let app = spawn_app().await;
    for round in 0..8 {
        let s = app.login(RESIDENT).await;
        let logout = app.post_anon("/auth/logout", json!({"refresh_token": s.refresh}));
        let (r, (logout_status, _)) = tokio::join!(refresh(&app, &s.refresh), logout);
        assert_eq!(logout_status, StatusCode::NO_CONTENT);
        // Either the logout came first (the refresh is refused) or the
        // refresh did (and its new token died with the session).
        match r.0 {
            StatusCode::OK => {
                let t = r.1["refresh_token"].as_str().expect("token");
                let (status, body) = refresh(&app, t).await;
                assert_eq!(status, StatusCode::UNAUTHORIZED, "round {round}: {body}");
            }
            StatusCode::UNAUTHORIZED => {
                assert_eq!(code(&r.1), "unauthorized", "round {round}: {r:?}")
            }
            other => panic!("round {round}: the refresh got {other}: {}", r.1),
        }
    }
}

#[tokio::test]
async fn a_valid_token_of_a_user_who_no_longer_exists_is_a_401() {
    let app = spawn_app().await;
    let keys = JwtKeys::new(JWT_SECRET, 900);
    let ghost = Caller {
        user_id: shared::UserId(987_654),
        roles: vec![shared::Role::Resident, shared::Role::Committee],
        community_id: Some(shared::CommunityId(1)),
        street_id: None,
        district_id: None,
        unit_id: None,
        session: None,
        epoch: 0,
        token_expires: None,
    };
    let s = Session {
        token: keys.issue(&ghost).expect("token"),
        refresh: String::new(),
        user_id: 987_654,
    };
    for path in [
        "/me",
        "/orders",
        "/wishes",
        "/points",
        "/stats",
        "/categories",
    ] {
        let (status, body) = app.get(&s, path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
    }
    let (status, body) = app
        .post(
            &s,
            "/orders",
            json!({"kind": "micro_wish", "category": "wish_visit", "title": "t", "description": "d"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

/// A client whose requests come from another loopback address (127.0.0.x).
fn client_from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, last]))
        .build()
        .expect("client")
}

async fn login_from(app: &TestApp, last: u8, body: Value) -> (StatusCode, Value) {
    let resp = client_from(last)
        .post(app.url("/auth/login"))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn strangers_cannot_lock_the_owner_out_of_a_device_that_signed_in_before() {
    let app = spawn_app().await;
    let (status, first) =
        login_from(&app, 1, json!({"phone": RESIDENT, "password": "demo1234"})).await;
    assert_eq!(status, StatusCode::OK);
    let device = first["device_token"]
        .as_str()
        .expect("a device token")
        .to_string();

    // Fifty wrong guesses from ten addresses, five each.
    for addr in 2..12u8 {
        for _ in 0..5 {
            let (status, _) =
                login_from(&app, addr, json!({"phone": RESIDENT, "password": "guess"})).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    // The phone is now locked for devices that never signed in…
    let (status, body) =
        login_from(&app, 50, json!({"phone": RESIDENT, "password": "demo1234"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // …but the owner's own device gets in, from any address.
    let (status, body) = login_from(
        &app,
        60,
        json!({"phone": RESIDENT, "password": "demo1234", "device": device}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Another account's device token opens nothing here.
    let (_, other) = login_from(&app, 1, json!({"phone": RESIDENT2, "password": "demo1234"})).await;
    let (status, _) = login_from(
        &app,
        61,
        json!({"phone": RESIDENT, "password": "demo1234", "device": other["device_token"]}),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_login_lock_ends_after_fifteen_minutes_on_the_apps_clock() {
    let app = spawn_app().await;
    let wrong = json!({"phone": RESIDENT, "password": "wrong-password"});
    for _ in 0..5 {
        let (status, _) = app.post_anon("/auth/login", wrong.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let right = json!({"phone": RESIDENT, "password": "demo1234"});
    let (status, body) = app.post_anon("/auth/login", right.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "locked: {body}");
    app.clock.advance(chrono::Duration::minutes(14));
    let (status, _) = app.post_anon("/auth/login", right.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "still locked");
    app.clock.advance(chrono::Duration::minutes(1));
    let (status, body) = app.post_anon("/auth/login", right).await;
    assert_eq!(status, StatusCode::OK, "the window has passed: {body}");
}

#[tokio::test]
async fn a_refresh_token_past_its_expiry_is_refused_and_issues_nothing() {
    // Refresh tokens expire on the system clock; a lifetime of zero days
    // makes one that is expired as soon as it is presented.
    let app = spawn_app_with(|s| s.refresh_ttl_days = 0).await;
    let s = app.login(RESIDENT).await;
    let (status, body) = refresh(&app, &s.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(code(&body), "token_expired", "{body}");
    assert!(body.get("access_token").is_none(), "{body}");
    // And once refused it stays refused (not a replay, not a new session).
    let (status, body) = refresh(&app, &s.refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}
