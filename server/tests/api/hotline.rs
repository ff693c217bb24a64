//! The 12345 hotline: signed pushes in (idempotent on its number), results
//! back through the outbox to a fake hotline (`fake_hotline.rs`) once per
//! event, retried when it fails, dropped when the key is revoked.

use crate::fake_hotline::*;
use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A hotline key of 幸福社区 sending results to `callback`: (key, secret).
pub async fn hotline_key(app: &TestApp, callback: Option<&str>) -> (String, String) {
    let committee = app.login(COMMITTEE).await;
    let (status, body) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "12345热线", "kind": "hotline", "callback_url": callback}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["key"].as_str().expect("key").to_string(),
        body["secret"].as_str().expect("secret").to_string(),
    )
}

/// A work order as the hotline sends it.
pub fn work_order(number: &str, phone: &str) -> Value {
    json!({
        "hotline_number": number,
        "received_at": "2026-12-04 09:30",
        "category": "环境卫生",
        "title": "楼道堆放杂物",
        "content": "3号楼2单元楼道堆放杂物，影响通行",
        "address": "3号楼2单元",
        "caller": {"phone": phone, "name": "赵先生"},
        "deadline": "2026-12-10 18:00"
    })
}

/// `POST /hotline/orders` with the raw body signed by `secret`.
pub async fn push_raw(
    app: &TestApp,
    key: Option<&str>,
    secret: &str,
    body: &[u8],
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url("/hotline/orders"))
        .header("Content-Type", "application/json")
        .header("X-Linli-Signature", signature(secret, body))
        .body(body.to_vec());
    if let Some(k) = key {
        req = req.header("X-Linli-Key", k);
    }
    let resp = req.send().await.expect("push");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

pub async fn push(app: &TestApp, key: &str, secret: &str, order: &Value) -> (StatusCode, Value) {
    push_raw(app, Some(key), secret, order.to_string().as_bytes()).await
}

#[tokio::test]
async fn a_signed_work_order_becomes_an_appeal_once_and_bad_pushes_are_told() {
    let app = spawn_app().await;
    let (key, secret) = hotline_key(&app, None).await;
    let order = work_order("GD20261204001", "13700000001");

    // Who may push: a key, and a signature of this very body.
    let (status, body) = push_raw(&app, None, &secret, order.to_string().as_bytes()).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "unauthorized"),
        "{body}"
    );
    let (status, body) = push(&app, "lk_0000", &secret, &order).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an unknown key: {body}");
    let (status, body) = push(&app, &key, "not-the-secret", &order).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a wrong signature: {body}"
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("signature"));

    // Malformed JSON and bad fields: 400 saying what.
    let (status, body) = push_raw(&app, Some(&key), &secret, b"{not json").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{body}"
    );
    let mut bad = order.clone();
    bad["caller"]["phone"] = json!("12345");
    let (status, body) = push(&app, &key, &secret, &bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("phone"),
        "{body}"
    );
    let mut bad = order.clone();
    bad["deadline"] = json!("2026-12-01");
    let (status, body) = push(&app, &key, &secret, &bad).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a deadline before the call: {body}"
    );
    let mut bad = order.clone();
    bad["received_at"] = json!("yesterday");
    let (status, body) = push(&app, &key, &secret, &bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("received_at"));

    // The order: an appeal of the category its 诉求类型 names, due when the
    // hotline says, for a resident registered by the caller's phone.
    let (status, placed) = push(&app, &key, &secret, &order).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(placed["kind"], "appeal");
    assert_eq!(placed["channel"], "hotline");
    assert_eq!(placed["hotline_number"], "GD20261204001");
    assert_eq!(placed["category"]["code"], "environment");
    assert_eq!(placed["status"], "pending");
    assert_eq!(
        time(&placed["due_at"]).to_rfc3339(),
        "2026-12-10T10:00:00+00:00"
    );
    assert!(
        placed["requester"]["phone"].is_null(),
        "the answer names nobody: {placed}"
    );
    assert_eq!(placed["requester"]["name"], "赵**");
    assert!(placed["address"].is_null());
    let id = placed["id"].as_i64().expect("id");

    // A replay: the same order, 200, nothing new.
    let (status, again) = push(&app, &key, &secret, &order).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["id"], id);

    // The committee sees it with the caller, and dispatches it like any other.
    let committee = app.login(COMMITTEE).await;
    let seen = app.order(&committee, id).await;
    assert_eq!(seen["requester"]["phone"], "13700000001");
    assert_eq!(seen["requester"]["name"], "赵先生");
    assert_eq!(seen["address"], "3号楼2单元");
    assert!(seen["partner_id"].is_number(), "{seen}");
    assert!(seen["allowed_actions"]
        .as_array()
        .is_some_and(|a| a.contains(&json!("dispatch"))));
    assert_eq!(actions(&seen), ["create"]);
    assert_eq!(seen["timeline"][0]["note"], "12345热线工单 GD20261204001");
    assert!(seen["timeline"][0]["actor"].is_null());
    let (status, list) = app.get(&committee, "/partners").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"][0]["orders"], 1, "{list}");
    let pid = list["items"][0]["id"].clone();
    let (_, theirs) = app
        .get(
            &committee,
            &format!("/orders?scope=community&partner_id={pid}"),
        )
        .await;
    assert_eq!(ids(&theirs), [id], "{theirs}");
    let (_, by_channel) = app
        .get(&committee, "/orders?scope=community&channel=hotline")
        .await;
    assert_eq!(ids(&by_channel), [id]);
    let (status, _) = app.get(&committee, "/orders?channel=fax").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(list["items"][0]["last_used_at"].is_string(), "{list}");

    // An unknown 诉求类型 goes to the hotline category.
    let mut other = work_order("GD20261204002", "13700000001");
    other["category"] = json!("不知道");
    other.as_object_mut().expect("object").remove("deadline");
    let (status, placed) = push(&app, &key, &secret, &other).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(placed["category"]["code"], "hotline_12345");

    // Five pushes of one number at once: one order.
    let racing = work_order("GD20261204009", "13700000005");
    let pushes =
        futures_util::future::join_all((0..5).map(|_| push(&app, &key, &secret, &racing))).await;
    let made = pushes
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(made, 1, "{pushes:?}");
    assert!(
        pushes
            .iter()
            .all(|(s, b)| s.is_success() && b["id"] == pushes[0].1["id"]),
        "{pushes:?}"
    );
    // The caller's phone found the same resident again.
    let first = app.order(&committee, id).await;
    let (_, again) = push(
        &app,
        &key,
        &secret,
        &work_order("GD20261204010", "13700000001"),
    )
    .await;
    let again = app
        .order(&committee, again["id"].as_i64().expect("id"))
        .await;
    assert_eq!(again["requester"]["id"], first["requester"]["id"]);

    // An Open311 key cannot push.
    let (status, body) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "城市服务", "kind": "open311"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let open311 = body["key"].as_str().expect("key");
    let (status, _) = push(&app, open311, &secret, &work_order("GD3", "13700000001")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn results_go_back_once_per_event_signed_and_retried() {
    let (url, fake) = fake_hotline().await;
    let app = spawn_app().await;
    let (key, secret) = hotline_key(&app, Some(&url)).await;
    lock(&fake).secret = secret.clone();
    let (_, placed) = push(&app, &key, &secret, &work_order("GD-R-1", RESIDENT)).await;
    let id = placed["id"].as_i64().expect("id");
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    assert_eq!(app.run_jobs().await.hotline_sent, 0, "nothing to tell yet");

    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    app.ok(&plumber, id, json!({"action": "accept"})).await;
    app.ok(
        &plumber,
        id,
        json!({"action": "complete", "note": "已清理"}),
    )
    .await;
    assert_eq!(app.run_jobs().await.hotline_sent, 2);
    // The caller's phone was the demo resident's: she evaluates.
    app.ok(
        &resident,
        id,
        json!({"action": "evaluate", "rating": 5, "comment": "很及时"}),
    )
    .await;
    // The hotline is down once: the result waits its backoff, then goes.
    lock(&fake).fail_next = 1;
    assert_eq!(app.run_jobs().await.hotline_sent, 0);
    assert_eq!(
        app.run_jobs().await.hotline_sent,
        0,
        "not before its backoff"
    );
    app.clock.advance(Duration::seconds(31));
    assert_eq!(app.run_jobs().await.hotline_sent, 1);
    app.clock.advance(Duration::hours(2));
    assert_eq!(app.run_jobs().await.hotline_sent, 0, "and no more");

    let f = lock(&fake);
    assert_eq!(f.bad_signatures, 0);
    assert_eq!(f.received.len(), 3, "each once: {:?}", f.received);
    let kept = f.kept();
    let events: Vec<&str> = kept.iter().filter_map(|b| b["event"].as_str()).collect();
    assert_eq!(events, ["accepted", "completed", "evaluated"]);
    assert!(kept.iter().all(|b| b["hotline_number"] == "GD-R-1"));
    assert_eq!(kept[1]["note"], "已清理");
    assert_eq!(kept[2]["rating"], 5);
    assert_eq!(kept[2]["note"], "很及时");
    assert!(kept.iter().all(|b| b["at"].is_string()));
}

#[tokio::test]
async fn a_cancelled_work_order_is_told_and_a_revoked_key_stops_at_once() {
    let (url, fake) = fake_hotline().await;
    let app = spawn_app().await;
    let (key, secret) = hotline_key(&app, Some(&url)).await;
    lock(&fake).secret = secret.clone();
    let committee = app.login(COMMITTEE).await;
    let (_, a) = push(&app, &key, &secret, &work_order("GD-C-1", "13700000002")).await;
    let (_, b) = push(&app, &key, &secret, &work_order("GD-C-2", "13700000002")).await;
    app.ok(
        &committee,
        a["id"].as_i64().expect("id"),
        json!({"action": "cancel", "reason": "重复工单"}),
    )
    .await;
    assert_eq!(app.run_jobs().await.hotline_sent, 1);
    assert_eq!(lock(&fake).kept()[0]["event"], "cancelled");
    assert_eq!(lock(&fake).kept()[0]["note"], "重复工单");

    // Revoked: the key stops at once, and what it had waiting is dropped.
    app.ok(
        &committee,
        b["id"].as_i64().expect("id"),
        json!({"action": "cancel"}),
    )
    .await;
    let (_, list) = app.get(&committee, "/partners").await;
    let pid = list["items"][0]["id"].as_i64().expect("id");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&committee),
            &format!("/partners/{pid}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = push(&app, &key, &secret, &work_order("GD-C-3", "13700000002")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.run_jobs().await.hotline_sent, 0);
    assert_eq!(lock(&fake).received.len(), 1);
    let (_, list) = app.get(&committee, "/partners").await;
    assert!(list["items"][0]["revoked_at"].is_string(), "{list}");
    assert_eq!(list["items"][0]["orders"], 2, "its orders stay traceable");
}

#[tokio::test]
async fn two_servers_send_each_result_once() {
    let (url, fake) = fake_hotline().await;
    let app = spawn_app().await;
    let other = spawn_second_server(&app).await;
    let (key, secret) = hotline_key(&app, Some(&url)).await;
    lock(&fake).secret = secret.clone();
    let committee = app.login(COMMITTEE).await;
    for n in 0..6 {
        let (_, o) = push(
            &app,
            &key,
            &secret,
            &work_order(&format!("GD-2S-{n}"), "13700000003"),
        )
        .await;
        app.ok(
            &committee,
            o["id"].as_i64().expect("id"),
            json!({"action": "cancel"}),
        )
        .await;
    }
    let (a, b) = tokio::join!(app.run_jobs(), other.run_jobs());
    assert_eq!(a.hotline_sent + b.hotline_sent, 6);
    let (a, b) = tokio::join!(app.run_jobs(), other.run_jobs());
    assert_eq!(a.hotline_sent + b.hotline_sent, 0);
    assert_eq!(lock(&fake).received.len(), 6, "no result twice");
}
