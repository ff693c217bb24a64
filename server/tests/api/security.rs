//! What an outside security review found, each pinned by a test that failed
//! before the fix.

use crate::helpers::*;
use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use server::auth::jwt::JwtKeys;
use server::auth::Caller;
use std::net::IpAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const WANG: &str = "王秀英";

fn names_in(order: &Value) -> Vec<String> {
    let mut names: Vec<String> = order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["actor"]["name"].as_str().map(String::from))
        .collect();
    names.push(
        order["requester"]["name"]
            .as_str()
            .unwrap_or_default()
            .into(),
    );
    names
}

#[tokio::test]
async fn the_timeline_never_names_the_requester_to_who_does_not_serve() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let other_volunteer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;

    // On the wall and on the order page, to a volunteer who does not serve it.
    let (status, wall) = app.get(&other_volunteer, "/wishes").await;
    assert_eq!(status, StatusCode::OK);
    let on_wall = wall["items"]
        .as_array()
        .and_then(|items| items.iter().find(|o| o["id"] == wish))
        .expect("the wish is on the wall")
        .clone();
    let page = app.order(&other_volunteer, wish).await;
    for seen in [on_wall, page] {
        let names = names_in(&seen);
        assert!(
            names.iter().all(|n| n == "王**"),
            "a stranger sees {names:?}"
        );
    }
    // The requester and those serving still see the name whole.
    let own = app.order(&resident, wish).await;
    assert!(names_in(&own).iter().all(|n| n == WANG));
}

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
    for path in [
        "/orders?page=&per_page=&status=&kind=&scope=&category=",
        "/wishes?page=&per_page=",
        "/categories?kind=",
        "/stats?community_id=&from=&to=",
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    let (status, body) = app.get(&admin, "/stats?community_id=").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.get(&admin, "/stats?community_id=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
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
        let winners: Vec<&Value> = [&a, &b]
            .into_iter()
            .filter(|(st, _)| *st == StatusCode::OK)
            .map(|(_, body)| body)
            .collect();
        assert!(winners.len() <= 1, "round {round}: both refreshes won");
        // Whoever lost presented a used token: the whole family is gone.
        for w in winners {
            let t = w["refresh_token"].as_str().expect("token");
            let (status, body) = refresh(&app, t).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "round {round}: {body}");
        }
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
        if r.0 == StatusCode::OK {
            let t = r.1["refresh_token"].as_str().expect("token");
            let (status, body) = refresh(&app, t).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "round {round}: {body}");
        }
    }
}

#[tokio::test]
async fn a_valid_token_of_a_user_who_no_longer_exists_is_a_401() {
    let app = spawn_app().await;
    let keys = JwtKeys::new(JWT_SECRET, 900);
    let ghost = Caller {
        user_id: 987_654,
        roles: vec![shared::Role::Resident, shared::Role::Committee],
        community_id: Some(1),
        district_id: None,
        unit_id: None,
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

#[tokio::test]
async fn a_requester_never_serves_their_own_order() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    // A member of 红色物业 asks for a repair, which is dispatched to their own unit.
    let member = app.login(PROPERTY).await;
    let id = app.place(&member, "door_service", "appliance_repair").await;
    let unit = app.unit_id(&committee, "红色物业").await;
    app.ok(
        &committee,
        id,
        json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}}),
    )
    .await;
    let seen = app.order(&member, id).await;
    assert_eq!(seen["allowed_actions"], json!(["cancel"]), "{seen}");
    for body in [
        json!({"action": "accept"}),
        json!({"action": "reject", "reason": "r"}),
    ] {
        let (status, resp) = app.act(&member, id, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{resp}");
    }
    // Nor can a volunteer be dispatched their own order.
    let doctor = app.login(DOCTOR).await;
    let own = app.place(&doctor, "door_service", "appliance_repair").await;
    let (status, body) = app
        .act(
            &committee,
            own,
            json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": doctor.user_id}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
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
async fn photo_links_must_be_https() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(DOCTOR).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    for bad in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "http://example.cn/a.jpg",
    ] {
        let (status, body) = app
            .act(
                &volunteer,
                wish,
                json!({"action": "complete", "note": "n", "photos": [bad]}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let done = app
        .ok(
            &volunteer,
            wish,
            json!({"action": "complete", "note": "n", "photos": ["https://img.example.cn/a.jpg"]}),
        )
        .await;
    let last = done["timeline"].as_array().and_then(|t| t.last()).cloned();
    assert_eq!(
        last.map(|e| e["photos"].clone()),
        Some(json!(["https://img.example.cn/a.jpg"]))
    );
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
async fn a_volunteer_can_give_back_a_wish_claimed_by_mistake() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let doctor = app.login(DOCTOR).await;
    let lawyer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    let claimed = app.ok(&doctor, wish, json!({"action": "claim"})).await;
    assert!(claimed["allowed_actions"]
        .as_array()
        .is_some_and(|a| a.contains(&json!("release"))));

    // Nobody else may give it back.
    for who in [&lawyer, &resident] {
        let (status, body) = app.act(who, wish, json!({"action": "release"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let back = app
        .ok(
            &doctor,
            wish,
            json!({"action": "release", "reason": "点错了"}),
        )
        .await;
    assert_eq!(back["status"], "pending");
    assert!(back["assignee"].is_null());
    assert_eq!(actions(&back).last().map(String::as_str), Some("release"));
    let (_, wall) = app.get(&lawyer, "/wishes").await;
    assert!(wall["items"]
        .as_array()
        .is_some_and(|w| w.iter().any(|o| o["id"] == wish)));

    // Someone else takes it and completes it: then it cannot be given back.
    app.ok(&lawyer, wish, json!({"action": "claim"})).await;
    app.ok(&lawyer, wish, json!({"action": "complete", "note": "好了"}))
        .await;
    let (status, body) = app.act(&lawyer, wish, json!({"action": "release"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // A door-to-door service is never released.
    let service = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let committee = app.login(COMMITTEE).await;
    app.dispatch_to_volunteer(&committee, service, &doctor)
        .await;
    app.ok(&doctor, service, json!({"action": "accept"})).await;
    let (status, body) = app
        .act(&doctor, service, json!({"action": "release"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}
