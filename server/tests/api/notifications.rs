//! The inbox: a notification per event, to the people it concerns and nobody
//! else; unread counts; marking read.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn inbox(app: &TestApp, s: &Session) -> Value {
    let (status, body) = app.get(s, "/notifications?per_page=100").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The kinds of the caller's notifications about one order, oldest first.
async fn kinds(app: &TestApp, s: &Session, order: i64) -> Vec<String> {
    let mut k: Vec<String> = inbox(app, s).await["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|n| n["order_id"] == order)
                .filter_map(|n| n["kind"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    k.reverse();
    k
}

#[tokio::test]
async fn every_kind_reaches_the_people_it_concerns_and_nobody_else() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let property = app.login(PROPERTY).await;
    let market = app.login(MARKET_BUREAU).await;
    let plumber = app.login(PLUMBER).await;
    let doctor = app.login(DOCTOR).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let west = app.login(XIGUAN_OFFICER).await;
    let admin = app.login(ADMIN).await;
    let hexie = app.login(HEXIE_COMMITTEE).await;

    let id = app.place(&resident, "appeal", "facility_repair").await;
    app.dispatch_to_unit(&committee, id, "红色物业").await;
    assert_eq!(
        kinds(&app, &property, id).await,
        ["dispatched"],
        "every member of the unit"
    );
    assert!(kinds(&app, &market, id).await.is_empty(), "another unit");
    assert!(
        kinds(&app, &committee, id).await.is_empty(),
        "not of one's own act"
    );

    app.ok(
        &property,
        id,
        json!({"action": "reject", "reason": "不归物业管"}),
    )
    .await;
    assert_eq!(kinds(&app, &committee, id).await, ["rejected"]);
    let note = &inbox(&app, &committee).await["items"][0];
    assert!(
        note["body"]
            .as_str()
            .unwrap_or_default()
            .contains("不归物业管"),
        "{note}"
    );

    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    assert_eq!(kinds(&app, &plumber, id).await, ["dispatched"]);
    app.ok(&plumber, id, json!({"action": "accept"})).await;
    app.ok(&resident, id, json!({"action": "urge", "note": "快点"}))
        .await;
    assert_eq!(kinds(&app, &plumber, id).await, ["dispatched", "urged"]);

    // Late: up to the street — the committee and 东关's officer hear of it.
    app.clock.advance(Duration::hours(25));
    app.run_jobs().await;
    assert_eq!(kinds(&app, &officer, id).await, ["escalated"]);
    assert_eq!(kinds(&app, &committee, id).await, ["rejected", "escalated"]);
    assert!(kinds(&app, &west, id).await.is_empty(), "another street");
    assert!(
        kinds(&app, &admin, id).await.is_empty(),
        "not yet the district"
    );
    app.clock.advance(Duration::hours(25));
    app.run_jobs().await;
    assert_eq!(
        kinds(&app, &admin, id).await,
        ["escalated"],
        "the district's admins"
    );

    app.ok(
        &plumber,
        id,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    app.ok(&resident, id, json!({"action": "evaluate", "rating": 1}))
        .await;
    assert_eq!(kinds(&app, &resident, id).await, ["accepted", "completed"]);
    assert_eq!(
        kinds(&app, &committee, id).await,
        ["rejected", "escalated", "escalated", "low_rating"]
    );
    // A good rating tells nobody; strangers heard nothing at all.
    for (s, who) in [
        (&doctor, "another volunteer"),
        (&hexie, "another community"),
    ] {
        assert!(kinds(&app, s, id).await.is_empty(), "{who}");
    }
}

#[tokio::test]
async fn the_inbox_counts_unread_and_marks_only_ones_own_read() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    // What the demo's history sent them is read already.
    app.post(&plumber, "/notifications/read", json!({"all": true}))
        .await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = app
            .place(&resident, "door_service", "appliance_repair")
            .await;
        app.dispatch_to_volunteer(&committee, id, &plumber).await;
        ids.push(id);
    }
    let mine = inbox(&app, &plumber).await;
    assert_eq!(mine["unread"], 3, "{mine}");
    assert_eq!(mine["items"][0]["order_id"], ids[2], "newest first");
    assert_eq!(mine["items"][0]["read"], false);
    assert_eq!(mine["items"][0]["title"], "新派单，请及时接单");
    let first = mine["items"][0]["id"].clone();

    // Someone else cannot mark them read.
    let (status, _) = app
        .post(&resident, "/notifications/read", json!({"ids": [first]}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(inbox(&app, &plumber).await["unread"], 3);

    let (status, _) = app
        .post(&plumber, "/notifications/read", json!({"ids": [first]}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let after = inbox(&app, &plumber).await;
    assert_eq!(after["unread"], 2);
    assert_eq!(after["items"][0]["read"], true);
    let (_, unread) = app.get(&plumber, "/notifications?unread=true").await;
    assert_eq!(unread["total"], 2);
    assert!(unread["items"]
        .as_array()
        .is_some_and(|a| a.iter().all(|n| n["read"] == false)));

    let (status, body) = app.post(&plumber, "/notifications/read", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = app
        .post(&plumber, "/notifications/read", json!({"all": true}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(inbox(&app, &plumber).await["unread"], 0);
    let (status, _) = app.get(&plumber, "/notifications?per_page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Each notification carries its facts, so that a client words it in its
/// reader's language; a volunteer's own dispatch does not name them to
/// themself; the timeline's system notes are facts too.
#[tokio::test]
async fn notifications_and_system_notes_carry_facts_to_word_in_any_language() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.ok(
        &committee,
        id,
        json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": plumber.user_id}, "note": "带上工具"}),
    )
    .await;
    let (_, inbox) = app.get(&plumber, "/notifications").await;
    let n = &inbox["items"][0];
    assert_eq!(n["kind"], "dispatched", "{inbox}");
    let number = app.order(&resident, id).await["number"].clone();
    assert_eq!(n["facts"]["number"], number, "{n}");
    assert_eq!(n["facts"]["said"], "带上工具", "{n}");
    assert!(n["facts"]["title"].is_string(), "{n}");
    let body = n["body"].as_str().unwrap_or_default();
    assert!(
        !body.contains("→"),
        "the volunteer is not told of themself: {body}"
    );
    assert!(body.contains("带上工具"), "{body}");

    // Nobody accepts in time: the escalation's note and notification are facts.
    let o = app.order(&committee, id).await;
    app.clock
        .set(time(&o["respond_by"]) + chrono::Duration::minutes(1));
    app.run_jobs().await;
    let o = app.order(&committee, id).await;
    let up = entries(&o, "escalate");
    let system = &up.first().unwrap_or_else(|| panic!("escalated: {o}"))["system"];
    assert_eq!(system["code"], "escalated", "{o}");
    assert_eq!(system["missed"], "accept", "{o}");
    assert_eq!(system["level"], o["level"], "{o}");
    let (_, inbox) = app.get(&committee, "/notifications").await;
    let escalated = inbox["items"]
        .as_array()
        .and_then(|a| a.iter().find(|n| n["kind"] == "escalated"))
        .cloned()
        .unwrap_or_else(|| panic!("an escalation notice: {inbox}"));
    assert_eq!(
        escalated["facts"]["system"]["missed"], "accept",
        "{escalated}"
    );
    // A person's own entries carry no system note.
    assert!(entries(&o, "dispatch")[0].get("system").is_none(), "{o}");
}
