//! The committee's awards for community work, withdrawn only by a
//! compensating entry; volunteer hours credited on completion; a volunteer's
//! year.

use super::assert_books_balance;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_committee_awards_points_with_a_reason_and_takes_them_back_by_a_second_entry() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let before = app.points(&resident).await;
    let award = |points: serde_json::Value, reason: &str, user: i64| json!({"user_id": user, "points": points, "reason": reason});

    let (status, _) = app
        .post(
            &resident,
            "/points/awards",
            award(json!(5), "自荐", resident.user_id),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (points, reason) in [
        (json!(0), "清扫楼道"),
        (json!(101), "清扫楼道"),
        (json!(5), " "),
    ] {
        let (status, body) = app
            .post(
                &committee,
                "/points/awards",
                award(points.clone(), reason, resident.user_id),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{points} {reason:?}: {body}"
        );
    }
    let hexie = app.login(HEXIE_RESIDENT).await;
    let (status, _) = app
        .post(
            &committee,
            "/points/awards",
            award(json!(5), "清扫楼道", hexie.user_id),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not of our community");

    let (status, entry) = app
        .post(
            &committee,
            "/points/awards",
            award(json!(8), "清扫楼道", resident.user_id),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    assert_eq!(app.points(&resident).await, before + 8);
    let (_, mine) = app.get(&resident, "/points").await;
    assert_eq!(mine["ledger"][0]["reason"], "points_awarded");
    assert_eq!(mine["ledger"][0]["note"], "清扫楼道");

    // The committee reads its people's points; a neighbour cannot.
    let (status, theirs) = app
        .get(&committee, &format!("/points?user_id={}", resident.user_id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(theirs["balance"], before + 8);
    let (status, _) = app
        .get(
            &app.login(RESIDENT2).await,
            &format!("/points?user_id={}", resident.user_id),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Withdrawn: a second entry; the first stays, marked.
    let withdraw = format!("/points/awards/{}/withdraw", entry["id"]);
    let (status, _) = app.post(&committee, &withdraw, json!({"reason": ""})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, back) = app
        .post(&committee, &withdraw, json!({"reason": "记错了人"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{back}");
    assert_eq!(back["delta"], -8);
    assert_eq!(app.points(&resident).await, before);
    let (_, mine) = app.get(&resident, "/points").await;
    assert_eq!(mine["ledger"][0]["reason"], "points_withdrawn");
    assert_eq!(mine["ledger"][1]["reason"], "points_awarded");
    assert_eq!(mine["ledger"][1]["withdrawn"], true);
    let (status, _) = app
        .post(&committee, &withdraw, json!({"reason": "再来一次"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "once");

    // An award already spent cannot be taken back below zero.
    let (_, spent) = app
        .post(
            &committee,
            "/points/awards",
            award(json!(10), "义务巡逻", resident.user_id),
        )
        .await;
    let balance = app.points(&resident).await;
    let (coupon, _) = super::reward_id(&app, &resident, "理发券").await;
    for _ in 0..balance / 10 {
        let (status, _) = app
            .post(&resident, &format!("/rewards/{coupon}/redeem"), json!({}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = app
        .post(
            &committee,
            &format!("/points/awards/{}/withdraw", spent["id"]),
            json!({"reason": "记错了"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(code(&body), "insufficient_points");
    // Only awards are withdrawn this way.
    let (_, mine) = app.get(&resident, "/points").await;
    let redeemed = mine["ledger"][0]["id"].clone();
    let (status, _) = app
        .post(
            &committee,
            &format!("/points/awards/{redeemed}/withdraw"),
            json!({"reason": "不行"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn completing_credits_hours_and_the_year_adds_them_up() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    let (_, start) = app.get(&plumber, "/points").await;
    let hours_before = start["hours"].as_f64().expect("hours");
    let year = app.clock.now().format("%Y").to_string();
    let (_, year_before) = app.get(&plumber, &format!("/points/years/{year}")).await;

    // Hours as given, checked; the category's when not given.
    let given = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, given, &plumber).await;
    app.ok(&plumber, given, json!({"action": "accept"})).await;
    for bad in [0.3, 25.0, 1.25] {
        let (status, body) = app
            .act(
                &plumber,
                given,
                json!({"action": "complete", "note": "修好了", "hours": bad}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    app.ok(
        &plumber,
        given,
        json!({"action": "complete", "note": "修好了", "hours": 2.5}),
    )
    .await;
    app.ok(&resident, given, json!({"action": "evaluate", "rating": 4}))
        .await;
    let by_default = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(
        &resident,
        by_default,
        json!({"action": "evaluate", "rating": 5}),
    )
    .await;

    let (_, points) = app.get(&plumber, "/points").await;
    assert_eq!(
        points["hours"].as_f64(),
        Some(hours_before + 2.5 + 1.0),
        "{points}"
    );
    assert_eq!(points["ledger"][0]["hours"].as_f64(), Some(1.0));
    assert_eq!(points["ledger"][1]["hours"].as_f64(), Some(2.5));

    let (status, y) = app.get(&plumber, &format!("/points/years/{year}")).await;
    assert_eq!(status, StatusCode::OK, "{y}");
    assert_eq!(y["name"], "陈师傅");
    assert_eq!(y["community"], "幸福社区");
    assert_eq!(
        y["hours"].as_f64(),
        Some(year_before["hours"].as_f64().unwrap_or(0.0) + 3.5)
    );
    assert_eq!(
        y["orders"].as_u64(),
        Some(year_before["orders"].as_u64().unwrap_or(0) + 2)
    );
    assert!(y["average_rating"].as_f64().is_some(), "{y}");
    let (_, last_year) = app
        .get(
            &plumber,
            &format!("/points/years/{}", year.parse::<i32>().unwrap_or(2026) - 1),
        )
        .await;
    assert_eq!(last_year["orders"], 0);
    let (status, _) = app.get(&plumber, "/points/years/1900").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .get(
            &app.login(RESIDENT2).await,
            &format!("/points/years/{year}?user_id={}", plumber.user_id),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_books_balance(&app).await;
}
