//! A local stand-in for WeChat's API, answering as WeChat does (JSON, errors
//! as `errcode`/`errmsg`): `jscode2session` for sign-in, `stable_token` and
//! `message/subscribe/send` for subscribe messages. It records what it was
//! sent and can be told how to answer.

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

pub const APPID: &str = "wx-test-app";
pub const SECRET: &str = "wx-test-secret";

/// What the fake WeChat saw and how it answers.
#[derive(Default)]
pub struct Fake {
    /// `force_refresh` of every stable_token call.
    pub token_calls: Vec<bool>,
    /// Every subscribe message, as received.
    pub sent: Vec<Value>,
    /// The errcode subscribe/send answers with (0 when unset).
    pub answer: i64,
    /// Tokens WeChat calls expired (40001).
    pub expired: Vec<String>,
}

pub type Shared = Arc<Mutex<Fake>>;

pub fn lock(f: &Shared) -> MutexGuard<'_, Fake> {
    f.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sign-in codes: `code-wang-1`, `code-wang-2` (王秀英's WeChat),
/// `code-zhang`, `code-used` (40163), `code-busy` (-1); anything else 40029.
/// Labelled text/plain, as WeChat does.
async fn jscode2session(q: web::Query<HashMap<String, String>>) -> HttpResponse {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    let body = if get("appid") != APPID
        || get("secret") != SECRET
        || get("grant_type") != "authorization_code"
    {
        json!({"errcode": 40013, "errmsg": "invalid appid"})
    } else {
        match get("js_code") {
            "code-wang-1" | "code-wang-2" => json!({"openid": "openid-wang", "session_key": "sk"}),
            "code-zhang" => json!({"openid": "openid-zhang", "session_key": "sk"}),
            "code-used" => json!({"errcode": 40163, "errmsg": "code been used"}),
            "code-busy" => json!({"errcode": -1, "errmsg": "system error"}),
            _ => json!({"errcode": 40029, "errmsg": "invalid code"}),
        }
    };
    HttpResponse::Ok()
        .content_type("text/plain")
        .body(body.to_string())
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

/// Starts the fake on a free port: its base URL and what it records.
pub async fn fake_wechat() -> (String, Shared) {
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

/// Settings that send to the fake: app id, secret, base URL and templates
/// for `accepted`, `completed` and `dispatched`.
pub fn with_wechat(base: String) -> impl FnOnce(&mut server::configuration::Settings) {
    move |s| {
        s.wechat.appid = Some(APPID.into());
        s.wechat.secret = Some(SECRET.into());
        s.wechat.api_base = base;
        s.wechat.templates = serde_json::from_value(json!({
            "accepted": "tmpl-accepted",
            "completed": "tmpl-completed",
            "dispatched": "tmpl-dispatched",
            "membership_approved": "tmpl-approved"
        }))
        .expect("templates");
    }
}
