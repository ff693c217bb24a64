use crate::helpers::*;
use actix_web::{web, App, HttpResponse, HttpServer};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashMap;

const APPID: &str = "wx-test-app";
const SECRET: &str = "wx-test-secret";

/// A stand-in for api.weixin.qq.com's `jscode2session`, answering as WeChat
/// does (JSON labelled text/plain, errors as `errcode`/`errmsg`).
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

async fn fake_wechat() -> String {
    let server =
        HttpServer::new(|| App::new().route("/sns/jscode2session", web::get().to(jscode2session)))
            .workers(1)
            .bind("127.0.0.1:0")
            .expect("bind the fake WeChat");
    let base = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    base
}

async fn app_with_wechat(base: String) -> TestApp {
    spawn_app_with(|s| {
        s.wechat.appid = Some(APPID.into());
        s.wechat.secret = Some(SECRET.into());
        s.wechat.api_base = base;
    })
    .await
}

#[tokio::test]
async fn a_wechat_account_is_bound_once_with_phone_and_password_then_signs_in_alone() {
    let app = app_with_wechat(fake_wechat().await).await;

    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-wang-1"}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), "wechat_not_bound");

    let (status, body) = app
        .post_anon(
            "/auth/wechat",
            json!({"code": "code-wang-1", "phone": RESIDENT, "password": "wrong"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), "invalid_credentials");

    let (status, body) = app
        .post_anon(
            "/auth/wechat",
            json!({"code": "code-wang-1", "phone": RESIDENT, "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["phone"], RESIDENT);

    // From now on the code alone signs in, and the tokens work.
    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-wang-2"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["name"], "王秀英");
    let s = Session {
        token: body["access_token"].as_str().expect("token").into(),
        refresh: body["refresh_token"].as_str().expect("refresh").into(),
        user_id: body["user"]["id"].as_i64().expect("id"),
    };
    assert_eq!(app.get(&s, "/me").await.0, StatusCode::OK);

    // Another WeChat cannot take over an account that is already bound.
    let (status, body) = app
        .post_anon(
            "/auth/wechat",
            json!({"code": "code-zhang", "phone": RESIDENT, "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn bad_codes_and_wechat_failures_get_clear_errors() {
    let app = app_with_wechat(fake_wechat().await).await;
    for (c, expected, error) in [
        ("nonsense", StatusCode::UNAUTHORIZED, "invalid_credentials"),
        ("code-used", StatusCode::UNAUTHORIZED, "invalid_credentials"),
        ("code-busy", StatusCode::BAD_GATEWAY, "upstream_unavailable"),
        ("", StatusCode::BAD_REQUEST, "validation_failed"),
    ] {
        let (status, body) = app.post_anon("/auth/wechat", json!({"code": c})).await;
        assert_eq!(status, expected, "{c}: {body}");
        assert_eq!(code(&body), error, "{c}");
    }
    let (status, body) = app.post_anon("/auth/wechat", json!({"js_code": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // WeChat unreachable: a closed port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr");
    let app = app_with_wechat(format!("http://{closed}")).await;
    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-wang-1"}))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(code(&body), "upstream_unavailable");

    // Not configured at all.
    let app = spawn_app().await;
    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-wang-1"}))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(code(&body), "not_configured");
}
