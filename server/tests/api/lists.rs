//! The committee's desk at forty orders: search, sort, the overdue list, and
//! lists in the order orders were placed.

use crate::helpers::*;
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn list(app: &TestApp, s: &Session, query: &str) -> Value {
    let (status, body) = app.get(s, &format!("/orders?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

#[tokio::test]
async fn lists_follow_when_orders_were_placed_and_the_demo_agrees() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let page = list(&app, &committee, "per_page=100").await;
    let placed: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["created_at"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(placed.len() > 5);
    let mut newest_first = placed.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(placed, newest_first, "newest placed first");

    let oldest = list(&app, &committee, "per_page=100&sort=oldest").await;
    let mut reversed = ids(&page);
    reversed.reverse();
    assert_eq!(ids(&oldest), reversed);
    let (status, body) = app.get(&committee, "/orders?sort=sideways").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn a_list_continues_after_its_next_as_its_next_page_would() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    // Orders placed at the same moment: the id breaks the tie.
    for _ in 0..3 {
        app.appeal(&resident).await;
    }
    for sort in ["newest", "oldest", "due"] {
        let mut seen = Vec::new();
        let mut after = String::new();
        for page in 1..=4 {
            let by_number = list(
                &app,
                &committee,
                &format!("sort={sort}&per_page=3&page={page}"),
            )
            .await;
            let by_next = list(&app, &committee, &format!("sort={sort}&per_page=3{after}")).await;
            assert_eq!(ids(&by_next), ids(&by_number), "{sort}, page {page}");
            assert_eq!(by_next["total"], by_number["total"]);
            seen.extend(ids(&by_next));
            match by_next["next"].as_str() {
                Some(next) => after = format!("&after={}", urlencode(next)),
                None => {
                    assert!(ids(&by_next).len() < 3, "{sort}: a full page has a next");
                    break;
                }
            }
        }
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{sort}: no order twice");
        assert!(seen.len() >= 9, "{sort}: {seen:?}");
    }
    for bad in ["x", "12", "abc.1", "1.x"] {
        let (status, body) = app.get(&committee, &format!("/orders?after={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

#[tokio::test]
async fn the_desk_finds_orders_by_number_phone_title_and_address() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT2).await;
    let (status, placed) = app
        .post(
            &resident,
            "/orders",
            json!({"kind": "appeal", "category": "facility_repair", "title": "东门100%漏水",
                   "description": "d", "address": "幸福小区7号楼"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let id = placed["id"].as_i64().expect("id");
    let number = placed["number"].as_str().expect("number").to_string();

    for q in [
        number.as_str(),
        "100%",
        "7号楼",
        "东门",
        "漏",
        "门1",
        "0%漏",
    ] {
        let found = list(&app, &committee, &format!("q={}", urlencode(q))).await;
        assert!(ids(&found).contains(&id), "{q}: {found}");
    }
    // Words it does not have, even when it has each character.
    for q in ["水东", "门100%漏水!"] {
        let found = list(&app, &committee, &format!("q={}", urlencode(q))).await;
        assert!(!ids(&found).contains(&id), "{q}: {found}");
    }
    // Letters in any case.
    let (_, latin) = app
        .post(
            &resident,
            "/orders",
            json!({"kind": "appeal", "category": "facility_repair", "title": "Room 12B 灯坏了",
                   "description": "d", "address": "Block C"}),
        )
        .await;
    for q in ["room", "ROOM 12b", "block c", "12"] {
        let found = list(&app, &committee, &format!("q={}", urlencode(q))).await;
        assert!(
            ids(&found).contains(&latin["id"].as_i64().expect("id")),
            "{q}: {found}"
        );
    }
    // The phone finds every order of that resident, and only theirs.
    let by_phone = list(&app, &committee, &format!("q={RESIDENT2}&per_page=100")).await;
    assert!(ids(&by_phone).contains(&id));
    assert!(by_phone["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|o| o["requester"]["phone"] == RESIDENT2));
    // `%` is a character, not a wildcard.
    let none = list(&app, &committee, "q=%25%25%25").await;
    assert_eq!(none["total"], 0, "{none}");
    // A resident's search stays within their own orders.
    let other = app.login(RESIDENT).await;
    let theirs = list(
        &app,
        &other,
        &format!("scope=mine&q={}", urlencode(&number)),
    )
    .await;
    assert_eq!(theirs["total"], 0);
    // …by words too (read from the index's hits), and the requester's own
    // search finds it.
    let theirs = list(&app, &other, &format!("scope=mine&q={}", urlencode("东门"))).await;
    assert_eq!(theirs["total"], 0, "{theirs}");
    let own = list(
        &app,
        &resident,
        &format!("scope=mine&q={}", urlencode("东门")),
    )
    .await;
    assert_eq!(ids(&own), vec![id], "{own}");
}

#[tokio::test]
async fn the_overdue_list_matches_the_overdue_figure() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (_, stats) = app.get(&committee, "/stats").await;
    let overdue = list(&app, &committee, "overdue=true&per_page=100").await;
    assert!(
        overdue["total"].as_u64().unwrap_or_default() >= 1,
        "the demo has an overdue order: {overdue}"
    );
    assert_eq!(overdue["total"], stats["overdue"], "{stats}");
    assert!(overdue["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|o| o["overdue"] == true));
    // The figures' period narrows the list alike.
    let recent = list(&app, &committee, "overdue=true&from=2000-01-01").await;
    assert_eq!(recent["total"], overdue["total"]);
    let future = list(&app, &committee, "overdue=true&from=2999-01-01").await;
    assert_eq!(future["total"], 0);
    let (status, _) = app.get(&committee, "/orders?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // By the deadline that counts now: the response limit while an order
    // waits for an accept or a claim, then the completion deadline.
    let due_first = list(&app, &committee, "sort=due&per_page=100").await;
    let dues: Vec<DateTime<Utc>> = due_first["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| match o["respond_by"].as_str() {
            Some(_) => time(&o["respond_by"]),
            None => time(&o["due_at"]),
        })
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    assert!(
        due_first["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o["respond_by"].is_string())),
        "some order waits for an accept: the test compares both deadlines"
    );
}

#[tokio::test]
async fn the_dispatch_desk_leaves_out_wishes_waiting_on_the_wall() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let wish = app.place(&resident, "micro_wish", "wish_goods").await;
    let appeal = app.appeal(&resident).await;
    let pending = list(&app, &committee, "status=pending&per_page=100").await;
    assert!(ids(&pending).contains(&wish) && ids(&pending).contains(&appeal));
    let desk = list(&app, &committee, "status=pending&wishes=false&per_page=100").await;
    assert!(ids(&desk).contains(&appeal), "{desk}");
    assert!(
        !ids(&desk).contains(&wish),
        "a wish waits for a claimer: {desk}"
    );
    assert!(desk["items"]
        .as_array()
        .is_some_and(|a| a.iter().all(|o| o["kind"] != "micro_wish")));
    let wishes = pending["items"].as_array().map_or(0, |a| {
        a.iter().filter(|o| o["kind"] == "micro_wish").count() as u64
    });
    assert_eq!(
        desk["total"].as_u64(),
        pending["total"].as_u64().map(|t| t - wishes)
    );
}

#[tokio::test]
async fn the_client_learns_whether_this_is_the_demo_and_the_wechat_templates() {
    let app = spawn_app().await;
    let info: Value = app
        .client
        .get(app.url("/info"))
        .send()
        .await
        .expect("info")
        .json()
        .await
        .expect("json");
    assert_eq!(info, json!({"demo": true, "wechat_templates": {}}));
    let real = spawn_app_with(|s| {
        s.demo = false;
        s.wechat.templates =
            serde_json::from_value(json!({"accepted": "t-acc", "urged": "t-urg"})).expect("kinds");
    })
    .await;
    let info: Value = real
        .client
        .get(real.url("/info"))
        .send()
        .await
        .expect("info")
        .json()
        .await
        .expect("json");
    assert_eq!(
        info,
        json!({"demo": false, "wechat_templates": {"accepted": "t-acc", "urged": "t-urg"}}),
        "what the client asks people to subscribe to inside WeChat"
    );
}

#[tokio::test]
async fn an_order_is_overdue_once_the_clock_passes_its_deadline() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await; // 24 h to complete
    assert_eq!(app.order(&committee, id).await["overdue"], false);
    let overdue = |page: &Value| ids(page).contains(&id);
    assert!(!overdue(
        &list(&app, &committee, "overdue=true&per_page=100").await
    ));

    app.clock.advance(chrono::Duration::hours(25));
    assert_eq!(app.order(&committee, id).await["overdue"], true);
    assert!(overdue(
        &list(&app, &committee, "overdue=true&per_page=100").await
    ));
    let (_, stats) = app.get(&committee, "/stats").await;
    let listed = list(&app, &committee, "overdue=true&per_page=100").await;
    assert_eq!(stats["overdue"], listed["total"]);
}
