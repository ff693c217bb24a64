//! WeChat subscribe messages from the outbox, against a local fake of WeChat's
//! API (`stable_token`, `message/subscribe/send`, and `jscode2session` to bind
//! an account): sent once, 43101 recorded and not retried, an expired token
//! renewed, other failures retried with backoff and finally failed, a claim
//! left by a dead server taken over, two servers sending each message once.

use crate::helpers::*;
use actix_web::{web, App, HttpResponse, HttpServer};
use chrono::Duration;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const APPID: &str = "wx-test-app";
const SECRET: &str = "wx-test-secret";

/// What the fake WeChat saw and how it answers.
#[derive(Default)]
struct Fake {
    /// `force_refresh` of every stable_token call.
    token_calls: Vec<bool>,
    /// Every subscribe message, as received.
    sent: Vec<Value>,
    /// The errcode subscribe/send answers with (0 when unset).
    answer: i64,
    /// Tokens WeChat calls expired (40001).
    expired: Vec<String>,
}

type Shared = Arc<Mutex<Fake>>;

fn lock(f: &Shared) -> std::sync::MutexGuard<'_, Fake> {
    f.lock().unwrap_or_else(|p| p.into_inner())
}

async fn stable_token(fake: web::Data<Shared>, body: web::Json<Value>) -> HttpResponse {
    let mut f = lock(&fake);
    if body["appid"] != APPID || body["secret"] != SECRET {
        return HttpResponse::Ok().json(json!({"errcode": 40013, "errmsg": "invalid appid"}));
    }
    f.token_calls.push(body["force_refresh"] == true);
    let token = format!("token-{}", f.token_calls.len());
    HttpResponse::Ok().json(json!({"access_token": token, "expires_in": 7200}))
}

async fn subscribe_send(
    fake: web::Data<Shared>,
    q: web::Query<HashMap<String, String>>,
    body: web::Json<Value>,
) -> HttpResponse {
    let mut f = lock(&fake);
    let token = q.get("access_token").cloned().unwrap_or_default();
    if f.expired.contains(&token) {
        return HttpResponse::Ok().json(json!({"errcode": 40001, "errmsg": "invalid credential"}));
    }
    if f.answer != 0 {
        return HttpResponse::Ok().json(json!({"errcode": f.answer, "errmsg": "refused"}));
    }
    f.sent.push(body.into_inner());
    HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok"}))
}

async fn jscode2session(q: web::Query<HashMap<String, String>>) -> HttpResponse {
    let openid = match q.get("js_code").map(String::as_str) {
        Some("code-wang") => "openid-wang",
        _ => return HttpResponse::Ok().json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    };
    HttpResponse::Ok().json(json!({"openid": openid, "session_key": "sk"}))
}

async fn fake_wechat() -> (String, Shared) {
    let fake: Shared = Arc::default();
    let data = web::Data::new(fake.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/cgi-bin/stable_token", web::post().to(stable_token))
            .route(
                "/cgi-bin/message/subscribe/send",
                web::post().to(subscribe_send),
            )
            .route("/sns/jscode2session", web::get().to(jscode2session))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind the fake WeChat");
    let base = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    (base, fake)
}

fn with_wechat(base: String) -> impl FnOnce(&mut server::configuration::Settings) {
    move |s| {
        s.wechat.appid = Some(APPID.into());
        s.wechat.secret = Some(SECRET.into());
        s.wechat.api_base = base;
        s.wechat.templates = serde_json::from_value(json!({
            "accepted": "tmpl-accepted",
            "completed": "tmpl-completed",
            "dispatched": "tmpl-dispatched"
        }))
        .expect("templates");
    }
}

/// 王秀英 binds her WeChat; an order of hers is accepted, which she hears of.
async fn accepted_order(app: &TestApp) -> i64 {
    let (status, body) = app
        .post_anon(
            "/auth/wechat",
            json!({"code": "code-wang", "phone": RESIDENT, "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    app.ok(&plumber, id, json!({"action": "accept"})).await;
    id
}

async fn states(app: &TestApp) -> Vec<(String, i32)> {
    let db = app.db().await;
    <server::entities::wechat_outbox::Entity as sea_orm::EntityTrait>::find()
        .all(&db)
        .await
        .expect("outbox")
        .into_iter()
        .map(|r| (r.state, r.tries))
        .collect()
}

#[tokio::test]
async fn a_notification_goes_to_wechat_once_with_a_cached_token() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    let id = accepted_order(&app).await;
    assert_eq!(app.run_jobs().await.wechat_sent, 1);
    {
        let f = lock(&fake);
        assert_eq!(f.sent.len(), 1);
        let m = &f.sent[0];
        assert_eq!(m["touser"], "openid-wang");
        assert_eq!(m["template_id"], "tmpl-accepted");
        assert_eq!(m["page"], format!("/orders/{id}"));
        assert!(m["data"]["character_string1"]["value"]
            .as_str()
            .is_some_and(|n| n.ends_with(&format!("{id:05}"))));
        assert_eq!(m["data"]["phrase3"]["value"], "accepted");
    }
    // Again: nothing more. Completing sends the second, with the same token.
    assert_eq!(app.run_jobs().await.wechat_sent, 0);
    let plumber = app.login(PLUMBER).await;
    app.ok(
        &plumber,
        id,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    assert_eq!(app.run_jobs().await.wechat_sent, 1);
    {
        let f = lock(&fake);
        assert_eq!(f.sent.len(), 2);
        assert_eq!(f.sent[1]["template_id"], "tmpl-completed");
        assert_eq!(f.token_calls, [false], "one token, cached");
    }
    assert!(states(&app).await.iter().all(|(s, _)| s == "sent"));
}

#[tokio::test]
async fn not_subscribed_is_recorded_and_never_retried() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    lock(&fake).answer = 43101;
    accepted_order(&app).await;
    app.run_jobs().await;
    assert_eq!(states(&app).await, [("unsubscribed".to_string(), 1)]);
    lock(&fake).answer = 0;
    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    assert!(lock(&fake).sent.is_empty());
}

#[tokio::test]
async fn an_expired_token_is_renewed_and_the_message_sent_at_once() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    lock(&fake).expired.push("token-1".into());
    accepted_order(&app).await;
    assert_eq!(app.run_jobs().await.wechat_sent, 1);
    let f = lock(&fake);
    assert_eq!(f.token_calls, [false, true], "renewed with force_refresh");
    assert_eq!(f.sent.len(), 1);
}

#[tokio::test]
async fn other_failures_back_off_for_about_an_hour_then_fail() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    lock(&fake).answer = -1;
    accepted_order(&app).await;
    app.run_jobs().await;
    assert_eq!(states(&app).await, [("pending".to_string(), 1)]);
    // Not before its backoff.
    app.clock.advance(Duration::seconds(20));
    app.run_jobs().await;
    assert_eq!(states(&app).await, [("pending".to_string(), 1)]);
    let mut waited = Duration::seconds(20);
    for tries in 2..=8 {
        let wait = server::jobs::wechat::backoff(tries - 1);
        app.clock.advance(wait);
        waited += wait;
        app.run_jobs().await;
        let expected = if tries == 8 { "failed" } else { "pending" };
        assert_eq!(
            states(&app).await,
            [(expected.to_string(), tries)],
            "try {tries}"
        );
    }
    assert!(waited > Duration::minutes(60) && waited < Duration::minutes(70));
    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    assert_eq!(states(&app).await, [("failed".to_string(), 8)]);
    assert!(lock(&fake).sent.is_empty());
}

#[tokio::test]
async fn a_claim_left_by_a_dead_server_expires_and_the_message_goes_once() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    accepted_order(&app).await;
    // A server claimed it and died before sending.
    let db = app.db().await;
    sea_orm::ConnectionTrait::execute_unprepared(&db, "UPDATE wechat_outbox SET tries = 1")
        .await
        .expect("claim");
    let until = app.clock.now() + Duration::minutes(2);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    server::entities::wechat_outbox::Entity::update_many()
        .col_expr(
            server::entities::wechat_outbox::Column::ClaimedUntil,
            sea_orm::sea_query::Expr::value(Some(until)),
        )
        .filter(server::entities::wechat_outbox::Column::Tries.eq(1))
        .exec(&db)
        .await
        .expect("claim");
    app.run_jobs().await;
    assert!(lock(&fake).sent.is_empty(), "the claim still holds");
    app.clock.advance(Duration::minutes(3));
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(lock(&fake).sent.len(), 1);
    assert_eq!(states(&app).await, [("sent".to_string(), 2)]);
}

#[tokio::test]
async fn two_servers_send_each_message_once() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base.clone())).await;
    accepted_order(&app).await;
    // More messages for her: five more of her orders accepted.
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    for _ in 0..5 {
        let id = app
            .place(&resident, "door_service", "appliance_repair")
            .await;
        app.dispatch_to_volunteer(&committee, id, &plumber).await;
        app.ok(&plumber, id, json!({"action": "accept"})).await;
    }
    let second = spawn_second_server_with(&app, with_wechat(base)).await;
    let (a, b) = tokio::join!(app.run_jobs(), second.run_jobs());
    assert_eq!(a.wechat_sent + b.wechat_sent, 6, "{a:?} {b:?}");
    assert_eq!(lock(&fake).sent.len(), 6);
}

/// The real binary, killed with SIGKILL between the enqueue and the send.
struct Linli(std::process::Child);

impl Drop for Linli {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_linli(db: &str, port: u16, wechat: &str, interval: &str) -> Linli {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "serve",
            "--demo",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            db,
            "--static-dir",
            "/nonexistent",
        ])
        .env("LINLI_JWT_SECRET", "kill-test-secret")
        .env("LINLI_WECHAT_APPID", APPID)
        .env("LINLI_WECHAT_SECRET", SECRET)
        .env("LINLI_WECHAT_API_BASE", wechat)
        .env(
            "LINLI_WECHAT_TEMPLATES",
            r#"{"accepted": "tmpl-accepted", "completed": "tmpl-completed"}"#,
        )
        .env("LINLI_JOB_INTERVAL_SECONDS", interval)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start linli");
    let linli = Linli(child);
    let health = format!("http://127.0.0.1:{port}/healthz");
    for _ in 0..100 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return linli;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("linli did not start");
}

async fn api(port: u16, token: Option<&str>, path: &str, body: Value) -> Value {
    let mut req = reqwest::Client::new().post(format!("http://127.0.0.1:{port}/api/v1{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.json(&body).send().await.expect("request");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.unwrap_or(Value::Null)
}

async fn token(port: u16, phone: &str) -> String {
    api(
        port,
        None,
        "/auth/login",
        json!({"phone": phone, "password": "demo1234"}),
    )
    .await["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

#[tokio::test]
async fn a_server_killed_between_enqueue_and_send_sends_each_message_once_after_restart() {
    if std::env::var("LINLI_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        eprintln!("the binary's crash test runs on SQLite");
        return;
    }
    let (base, fake) = fake_wechat().await;
    let dir = std::env::temp_dir().join(format!("linli-kill-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = format!("sqlite://{}/kill.db?mode=rwc", dir.display());
    let port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port")
    };

    // The jobs run at start and then hourly: the message waits in the outbox.
    let p = port();
    let server = start_linli(&db, p, &base, "3600").await;
    api(
        p,
        None,
        "/auth/wechat",
        json!({"code": "code-wang", "phone": RESIDENT, "password": "demo1234"}),
    )
    .await;
    let resident = token(p, RESIDENT).await;
    let committee = token(p, COMMITTEE).await;
    let plumber = token(p, PLUMBER).await;
    let order = api(
        p,
        Some(&resident),
        "/orders",
        json!({"kind": "door_service", "category": "appliance_repair", "title": "冰箱不制冷", "description": "d"}),
    )
    .await["id"]
        .as_i64()
        .expect("order");
    let me = api(
        p,
        Some(&plumber),
        "/auth/login",
        json!({"phone": PLUMBER, "password": "demo1234"}),
    )
    .await;
    let plumber_id = me["user"]["id"].clone();
    api(
        p,
        Some(&committee),
        &format!("/orders/{order}/actions"),
        json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": plumber_id}}),
    )
    .await;
    api(
        p,
        Some(&plumber),
        &format!("/orders/{order}/actions"),
        json!({"action": "accept"}),
    )
    .await;
    drop(server); // SIGKILL
    assert!(
        lock(&fake).sent.is_empty(),
        "nothing was sent before the crash"
    );

    // Restarted: the first run sends what waited, once.
    let p = port();
    let server = start_linli(&db, p, &base, "1").await;
    for _ in 0..100 {
        if !lock(&fake).sent.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(lock(&fake).sent.len(), 1);
    // Killed and restarted again, then a second event: only that one is new.
    drop(server);
    let p = port();
    let _server = start_linli(&db, p, &base, "1").await;
    let plumber = token(p, PLUMBER).await;
    api(
        p,
        Some(&plumber),
        &format!("/orders/{order}/actions"),
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    for _ in 0..100 {
        if lock(&fake).sent.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let templates: Vec<Value> = lock(&fake)
        .sent
        .iter()
        .map(|m| m["template_id"].clone())
        .collect();
    assert_eq!(templates, [json!("tmpl-accepted"), json!("tmpl-completed")]);
    let _ = std::fs::remove_dir_all(&dir);
}
