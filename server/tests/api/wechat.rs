use crate::fake_wechat::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

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
    let app = app_with_wechat(fake_wechat().await.0).await;

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
    let app = app_with_wechat(fake_wechat().await.0).await;
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
