//! The points supermarket run end to end: the committee's shelf, a
//! reservation's pickup code, handing over, cancelling and expiring — and
//! the books balancing after every race.

use super::{assert_books_balance, give_points, reward_id};
use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn redeem(app: &TestApp, s: &Session, reward: i64) -> Value {
    let (status, body) = app
        .post(s, &format!("/rewards/{reward}/redeem"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("an id")
}

/// A code that is not this one.
fn other_code(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn a_reservation_is_handed_over_by_its_pickup_code_only() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    give_points(&app, &committee, resident.user_id, 30).await;
    let (coupon, stock) = reward_id(&app, &resident, "理发券").await;
    let r = redeem(&app, &resident, coupon).await;
    let code = r["code"].as_str().expect("code").to_string();
    let rid = id(&r);

    // The owner sees the code in their list; the committee sees who, not the code.
    let (status, mine) = app.get(&resident, "/redemptions").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["items"][0]["code"], code.as_str());
    assert_eq!(mine["items"][0]["status"], "reserved");
    let (_, desk) = app.get(&committee, "/redemptions?status=reserved").await;
    let row = desk["items"]
        .as_array()
        .and_then(|rows| rows.iter().find(|x| x["id"] == rid))
        .unwrap_or_else(|| panic!("the committee's list has it: {desk}"));
    assert_eq!(row["user"]["name"], "王秀英");
    assert!(
        row.get("code").is_none(),
        "the committee never reads the code: {row}"
    );
    assert_eq!(row["reward"]["name"], "理发券");
    let (_, others) = app.get(&committee, "/redemptions?status=fulfilled").await;
    assert!(others["items"]
        .as_array()
        .is_some_and(|r| r.iter().all(|x| x["id"] != rid)));
    let (status, body) = app.get(&committee, "/redemptions?status=lost").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Only the committee hands over, only its own community's, only by the code.
    let fulfil = format!("/redemptions/{rid}/fulfil");
    let (status, _) = app.post(&resident, &fulfil, json!({"code": code})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app.post(&hexie, &fulfil, json!({"code": code})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app
        .post(&committee, &fulfil, json!({"code": other_code(&code)}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    for bad in ["12345", "abcdef", ""] {
        let (status, body) = app.post(&committee, &fulfil, json!({"code": bad})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(code_of(&body), "validation_failed");
    }
    let (status, body) = app.post(&committee, &fulfil, json!({"code": code})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "fulfilled");
    assert!(body["closed_at"].is_string(), "{body}");

    // Handed over is final: neither fulfilled again nor cancelled.
    let (status, _) = app.post(&committee, &fulfil, json!({"code": code})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post(&resident, &format!("/redemptions/{rid}/cancel"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(reward_id(&app, &resident, "理发券").await.1, stock - 1);
    assert_books_balance(&app).await;
}

fn code_of(body: &Value) -> &str {
    code(body)
}

#[tokio::test]
async fn cancelling_gives_points_and_stock_back_once() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let neighbour = app.login(RESIDENT2).await;
    give_points(&app, &committee, resident.user_id, 40).await;
    let before = app.points(&resident).await;
    let (oil, stock) = reward_id(&app, &resident, "食用油 5L").await; // 30
    let r = redeem(&app, &resident, oil).await;
    assert_eq!(app.points(&resident).await, before - 30);
    let cancel = format!("/redemptions/{}/cancel", id(&r));

    // A neighbour cannot, another community's committee cannot.
    let (status, _) = app.post(&neighbour, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post(&app.login(HEXIE_COMMITTEE).await, &cancel, json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = app.post(&resident, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "cancelled");
    assert_eq!(app.points(&resident).await, before);
    assert_eq!(reward_id(&app, &resident, "食用油 5L").await.1, stock);
    let (_, points) = app.get(&resident, "/points").await;
    assert_eq!(points["ledger"][0]["reason"], "reward_refunded");
    assert_eq!(points["ledger"][0]["delta"], 30);
    assert_eq!(points["ledger"][0]["reward"], "食用油 5L");
    assert_eq!(
        points["ledger"][1]["reason"], "reward_redeemed",
        "the debit stays"
    );
    let (status, _) = app.post(&resident, &cancel, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "once");
    assert_eq!(app.points(&resident).await, before);

    // The committee may cancel one too.
    let r = redeem(&app, &resident, oil).await;
    let (status, body) = app
        .post(
            &committee,
            &format!("/redemptions/{}/cancel", id(&r)),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.points(&resident).await, before);
    assert_books_balance(&app).await;
}

/// The owner cancels and the committee hands over at the same moment, ten
/// times: each reservation ends one way, and is refunded at most once.
#[tokio::test]
async fn a_cancel_and_a_handover_at_once_end_one_way() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    give_points(&app, &committee, resident.user_id, 100).await;
    let (coupon, stock) = reward_id(&app, &resident, "理发券").await; // 10
    let before = app.points(&resident).await;
    let mut reservations = Vec::new();
    for _ in 0..10 {
        reservations.push(redeem(&app, &resident, coupon).await);
    }
    let races = reservations.iter().map(|r| {
        let (rid, code) = (id(r), r["code"].as_str().unwrap_or_default().to_string());
        let (app, committee, resident) = (&app, &committee, &resident);
        async move {
            let (cancel, fulfil) = (
                format!("/redemptions/{rid}/cancel"),
                format!("/redemptions/{rid}/fulfil"),
            );
            let (a, b) = tokio::join!(
                app.post(resident, &cancel, json!({})),
                app.post(committee, &fulfil, json!({"code": code})),
            );
            (a.0, b.0)
        }
    });
    let outcomes = futures_util::future::join_all(races).await;
    let mut cancelled = 0;
    for (cancel, fulfil) in &outcomes {
        match (*cancel, *fulfil) {
            (StatusCode::OK, StatusCode::CONFLICT) => cancelled += 1,
            (StatusCode::CONFLICT, StatusCode::OK) => {}
            other => panic!("one of them wins, the other is told: {other:?}"),
        }
    }
    assert_eq!(app.points(&resident).await, before - 10 * (10 - cancelled));
    assert_eq!(
        reward_id(&app, &resident, "理发券").await.1,
        stock - 10 + cancelled
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn a_reservation_not_picked_up_in_14_days_expires_once_with_two_servers() {
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    give_points(&app, &committee, resident.user_id, 100).await;
    let (coupon, stock) = reward_id(&app, &resident, "理发券").await;
    let before = app.points(&resident).await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(id(&redeem(&app, &resident, coupon).await));
    }
    // One is handed over in time and does not expire.
    let (_, mine) = app.get(&resident, "/redemptions?mine=true").await;
    let first = mine["items"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["id"] == ids[0]))
        .cloned()
        .expect("listed");
    let (status, _) = app
        .post(
            &committee,
            &format!("/redemptions/{}/fulfil", ids[0]),
            json!({"code": first["code"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    app.clock.advance(Duration::days(14) - Duration::minutes(1));
    assert_eq!(app.run_jobs().await.redemptions_expired, 0, "not yet");
    app.clock.advance(Duration::minutes(2));
    second.clock.set(app.clock.now());
    let (a, b) = tokio::join!(app.run_jobs(), second.run_jobs());
    assert_eq!(
        a.redemptions_expired + b.redemptions_expired,
        5,
        "each once between the two: {a:?} {b:?}"
    );
    assert_eq!(app.run_jobs().await.redemptions_expired, 0, "once");
    let (_, expired) = app.get(&resident, "/redemptions?status=expired").await;
    assert_eq!(expired["total"], 5, "{expired}");
    assert_eq!(
        app.points(&resident).await,
        before - 10,
        "all but the one handed over"
    );
    assert_eq!(reward_id(&app, &resident, "理发券").await.1, stock - 1);
    let (status, _) = app
        .post(
            &resident,
            &format!("/redemptions/{}/cancel", ids[1]),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "expired is final");
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn the_committee_keeps_its_shelf_with_pictures_and_residents_see_what_is_on_it() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let photo = app.upload(&committee, "phone.jpg").await;

    // Only the committee stocks the shelf, and only with sensible values.
    let good = json!({"name": "爱心雨伞", "cost": 20, "stock": 8, "donor": "幸福物业",
                      "description": "服务站领取", "photo_id": photo["id"]});
    let (status, _) = app.post(&resident, "/rewards", good.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (field, value) in [
        ("cost", json!(0)),
        ("cost", json!(100_001)),
        ("stock", json!(-1)),
        ("name", json!("  ")),
        ("name", json!("伞".repeat(41))),
    ] {
        let mut bad = good.clone();
        bad[field] = value.clone();
        bad["photo_id"] = Value::Null;
        let (status, body) = app.post(&committee, "/rewards", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field} = {value}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(field)),
            "{body}"
        );
    }
    let (status, reward) = app.post(&committee, "/rewards", good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{reward}");
    assert_eq!(reward["donor"], "幸福物业");
    assert_eq!(reward["on_shelf"], true);
    let rid = id(&reward);
    let (status, kind, _) = app
        .fetch(
            reward["photo"]["thumbnail_url"]
                .as_str()
                .expect("a picture"),
        )
        .await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
    // The same upload cannot picture a second reward.
    let (status, _) = app.post(&committee, "/rewards", good).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Residents see it; off the shelf, they do not, and cannot redeem it.
    give_points(&app, &committee, resident.user_id, 50).await;
    assert_eq!(reward_id(&app, &resident, "爱心雨伞").await.1, 8);
    let (status, body) = app
        .patch(
            &committee,
            &format!("/rewards/{rid}"),
            json!({"on_shelf": false, "donor": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["donor"].is_null(), "null removes: {body}");
    let (_, shelf) = app.get(&resident, "/rewards").await;
    assert!(shelf["items"]
        .as_array()
        .is_some_and(|r| r.iter().all(|x| x["id"] != rid)));
    let (status, _) = app
        .post(&resident, &format!("/rewards/{rid}/redeem"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, all) = app.get(&committee, "/rewards?shelf=all").await;
    let row = all["items"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["id"] == rid))
        .cloned()
        .expect("the committee sees it");
    assert_eq!(row["on_shelf"], false);
    let (status, _) = app.get(&committee, "/rewards?shelf=some").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Another committee cannot touch it; bad values change nothing.
    let (status, _) = app
        .patch(
            &app.login(HEXIE_COMMITTEE).await,
            &format!("/rewards/{rid}"),
            json!({"stock": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .patch(
            &committee,
            &format!("/rewards/{rid}"),
            json!({"stock": 5, "cost": -3}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, all) = app.get(&committee, "/rewards?shelf=all").await;
    assert!(all["items"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["id"] == rid && x["stock"] == 8)));

    // A picture in use outlives the job that removes unused uploads; the one
    // it replaces does not.
    let newer = app.upload(&committee, "phone.png").await;
    let (status, body) = app
        .patch(
            &committee,
            &format!("/rewards/{rid}"),
            json!({"photo_id": newer["id"], "on_shelf": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.clock.advance(Duration::days(2));
    assert_eq!(
        app.run_jobs().await.photos_removed,
        1,
        "the old picture only"
    );
    let (_, shelf) = app.get(&resident, "/rewards").await;
    let row = shelf["items"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["id"] == rid))
        .cloned()
        .expect("back on the shelf");
    let (status, _, _) = app
        .fetch(row["photo"]["url"].as_str().expect("a picture"))
        .await;
    assert_eq!(status, StatusCode::OK);
}
