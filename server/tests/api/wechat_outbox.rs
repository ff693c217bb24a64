//! WeChat subscribe messages from the outbox, against the fake WeChat
//! (`fake_wechat.rs`): sent once, 43101 recorded and not retried, an expired
//! token renewed, other failures retried with backoff and finally failed, a
//! claim left by a dead server taken over, two servers sending each message
//! once. The real binary killed mid-way is in `wechat_crash.rs`.

use crate::fake_wechat::*;
use crate::helpers::*;
use chrono::Duration;
use serde_json::json;

/// 王秀英 binds her WeChat; an order of hers is accepted, which she hears of.
async fn accepted_order(app: &TestApp) -> i64 {
    let (status, body) = app
        .post_anon(
            "/auth/wechat",
            json!({"code": "code-wang-1", "phone": RESIDENT, "password": "demo1234"}),
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

#[tokio::test]
async fn a_failing_photo_store_does_not_hold_back_the_messages() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    accepted_order(&app).await;
    let resident = app.login(RESIDENT).await;
    app.upload(&resident, "phone.png").await;
    // The store cannot delete the day-old upload: where its files were is
    // now a plain file.
    let photos = app.uploads.dir.join("photos");
    std::fs::remove_dir_all(&photos).expect("the photo directory");
    std::fs::write(&photos, b"not a directory").expect("a file in its place");
    app.clock.advance(Duration::hours(25));
    assert!(app.try_run_jobs().await.is_err(), "the failure is reported");
    assert_eq!(
        lock(&fake).sent.len(),
        1,
        "and the message went out all the same"
    );
}

/// A newcomer who registered through WeChat hears of the committee's approval
/// there too: a message about them, not an order, that opens the app's home.
#[tokio::test]
async fn an_approved_application_is_told_on_wechat() {
    let (base, fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(base)).await;
    let committee = app.login(COMMITTEE).await;
    let (_, me) = app.get(&committee, "/me").await;
    let (_, body) = app
        .post_anon("/auth/wechat", json!({"code": "code-zhang"}))
        .await;
    let (status, body) = app
        .post_anon(
            "/auth/register",
            json!({"phone": "13700000019", "registration_token": body["registration_token"],
                   "name": "吴大爷", "community_id": me["community"]["id"], "consent": true}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    let id = body["membership"]["id"].as_i64().expect("membership");
    app.post(&committee, &format!("/memberships/{id}/approve"), json!({}))
        .await;
    assert_eq!(app.run_jobs().await.wechat_sent, 1);
    let f = lock(&fake);
    let m = &f.sent[0];
    assert_eq!(m["touser"], "openid-zhang");
    assert_eq!(m["template_id"], "tmpl-approved");
    assert_eq!(m["page"], "/");
    assert_eq!(m["data"]["character_string1"]["value"], format!("R{id}"));
    assert_eq!(m["data"]["thing2"]["value"], "幸福社区");
    assert_eq!(m["data"]["phrase3"]["value"], "已通过");
}
