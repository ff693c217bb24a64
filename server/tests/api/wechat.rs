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

    // Bound to nobody: a token to register with, not an error.
    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-wang-1"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["registration_token"].is_string(), "{body}");

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

/// A newcomer signs in with WeChat, gets a registration token, registers with
/// it (no password), and from then on WeChat alone signs them in. The token
/// works once: the openid is bound.
#[tokio::test]
async fn a_newcomer_registers_through_wechat_without_a_password() {
    let app = app_with_wechat(fake_wechat().await.0).await;
    let committee = app.login(COMMITTEE).await;
    let (_, me) = app.get(&committee, "/me").await;
    let xingfu = me["community"]["id"].as_i64().expect("community");

    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-zhang"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["registration_token"]
        .as_str()
        .expect("a registration token")
        .to_string();
    let register = json!({"phone": "13700000009", "registration_token": token, "name": "吴大爷",
                          "community_id": xingfu, "consent": true});
    let (status, body) = app.post_anon("/auth/register", register.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["membership"]["status"], "pending");
    let mut again = register.clone();
    again["phone"] = json!("13700000010");
    let (status, _) = app.post_anon("/auth/register", again).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a registration token works once"
    );
    let mut forged = register.clone();
    forged["phone"] = json!("13700000011");
    forged["registration_token"] = json!("not-a-token");
    let (status, body) = app.post_anon("/auth/register", forged).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );

    let (status, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-zhang"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["user"]["name"], "吴大爷",
        "WeChat alone signs in now: {body}"
    );
    // No password was set: phone and password do not sign in.
    let (status, _) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13700000009", "password": "anything-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
