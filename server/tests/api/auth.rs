use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn login_gives_tokens_and_me_describes_the_user() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": PROPERTY, "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["user"]["unit"]["name"], "红色物业");
    let s = app.login(DOCTOR).await;
    let (status, me) = app.get(&s, "/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["phone"], DOCTOR);
    assert_eq!(me["community"]["name"], "幸福社区");
    assert_eq!(me["roles"], json!(["resident", "volunteer"]));
}

#[tokio::test]
async fn wrong_passwords_are_401_and_repeated_failures_429() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let (status, body) = app
            .post_anon(
                "/auth/login",
                json!({"phone": RESIDENT, "password": "wrong"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(code(&body), "invalid_credentials");
    }
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": RESIDENT, "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(code(&body), "too_many_requests");
    // Another account is unaffected; an unknown phone is the same 401 as a wrong password.
    app.login(RESIDENT2).await;
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13000000000", "password": "demo1234"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), "invalid_credentials");
    let (status, _) = app
        .post_anon("/auth/login", json!({"phone": "", "password": ""}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_whole_session() {
    let app = spawn_app().await;
    let s = app.login(RESIDENT).await;
    let (status, first) = app
        .post_anon("/auth/refresh", json!({"refresh_token": s.refresh}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rotated = first["refresh_token"]
        .as_str()
        .expect("new refresh token")
        .to_string();
    assert_ne!(rotated, s.refresh);
    let fresh = Session {
        token: first["access_token"].as_str().expect("access").into(),
        ..s.clone()
    };
    assert_eq!(app.get(&fresh, "/me").await.0, StatusCode::OK);

    // Replaying the old one: refused, and the rotated one dies with it.
    let (status, body) = app
        .post_anon("/auth/refresh", json!({"refresh_token": s.refresh}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), "token_reused");
    let (status, _) = app
        .post_anon("/auth/refresh", json!({"refresh_token": rotated}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _) = app
        .post_anon("/auth/refresh", json!({"refresh_token": "made-up"}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = spawn_app().await;
    let s = app.login(RESIDENT).await;
    let (status, _) = app
        .post(&s, "/auth/logout", json!({"refresh_token": s.refresh}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .post_anon("/auth/refresh", json!({"refresh_token": s.refresh}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Logging out twice is fine.
    let (status, _) = app
        .post(&s, "/auth/logout", json!({"refresh_token": s.refresh}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}
