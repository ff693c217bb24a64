//! Who ranks first, and why: the demo's known answers, what people did
//! lately, and the cap auto dispatch respects.

use super::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_demo_ranks_the_right_people_first_and_says_why() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;

    let repair = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let body = candidates(&app, &committee, repair).await;
    assert_eq!(names_of(&body, "volunteer")[0], "陈师傅", "{body}");
    let chen = &items(&body)[0];
    assert_eq!(
        chen["name"], "陈师傅",
        "volunteers and units in one list: {body}"
    );
    let words = reasons(chen);
    assert_eq!(words[0], "技能匹配：家电维修", "{words:?}");
    assert!(words.contains(&"在办 0/3 单".to_string()), "{words:?}");
    assert!(chen["eligible"].as_bool().expect("eligible"));
    let scores: Vec<i64> = items(&body)
        .iter()
        .map(|c| c["score"].as_i64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );

    let dispute = app.place(&resident, "appeal", "dispute").await;
    let body = candidates(&app, &committee, dispute).await;
    assert_eq!(names_of(&body, "volunteer")[0], "赵律师", "{body}");

    let facility = app.appeal(&resident).await;
    let body = candidates(&app, &committee, facility).await;
    assert_eq!(names_of(&body, "unit")[0], "红色物业", "{body}");

    // Grid workers dispatch too; others who may see the order may not rank it.
    let grid = app.login(GRID_WORKER).await;
    candidates(&app, &grid, repair).await;
    let (status, _) = app
        .get(&resident, &format!("/orders/{repair}/candidates"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .get(&other, &format!("/orders/{repair}/candidates"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn what_people_did_lately_moves_them_in_the_ranking() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;

    // 陈师傅 takes one, is rated 5, and has one still open.
    let done = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(&resident, done, json!({"action": "evaluate", "rating": 5}))
        .await;
    let open = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, open, &plumber).await;

    let next = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let body = candidates(&app, &committee, next).await;
    let chen = candidate(&body, "陈师傅");
    let words = reasons(chen);
    assert!(words.contains(&"在办 1/3 单".to_string()), "{words:?}");
    // The demo's history gave him a 4 before: (4 + 5) / 2.
    assert!(words.contains(&"均分 4.5".to_string()), "{words:?}");
    assert!(
        codes(chen).contains(&"response_time".to_string()),
        "{words:?}"
    );

    // A reject is remembered.
    app.ok(
        &plumber,
        open,
        json!({"action": "reject", "reason": "这周不在家"}),
    )
    .await;
    let body = candidates(&app, &committee, next).await;
    let chen = candidate(&body, "陈师傅");
    assert!(
        reasons(chen).contains(&"近期拒单 1 次".to_string()),
        "{chen}"
    );

    // Not available: still listed, last among equals, and auto passes him by.
    let (status, profile) = app
        .put(
            &plumber,
            "/me/profile",
            json!({"skills": ["家电维修"], "available": false, "max_open": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    let body = candidates(&app, &committee, next).await;
    let chen = candidate(&body, "陈师傅");
    assert!(codes(chen).contains(&"unavailable".to_string()), "{chen}");
    assert_eq!(chen["eligible"], false);
    assert_ne!(items(&body)[0]["name"], "陈师傅", "{body}");
}

#[tokio::test]
async fn a_volunteer_at_their_cap_is_listed_full_and_passed_by_auto_dispatch() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    // Meals that need a repairman: 陈师傅 would be first.
    let (status, _) = app
        .patch(
            &committee,
            "/categories/meal_delivery",
            json!({"skills": ["家电维修"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .put(
            &plumber,
            "/me/profile",
            json!({"skills": ["家电维修"], "available": true, "max_open": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let busy = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, busy, &plumber).await;

    let meal = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, meal).await;
    assert_eq!(order["status"], "dispatched", "{order}");
    assert_ne!(order["assignee"]["name"], "陈师傅", "{order}");
    let body = candidates(&app, &committee, meal).await;
    let chen = candidate(&body, "陈师傅");
    assert_eq!(chen["eligible"], false, "{chen}");
    assert!(
        reasons(chen).contains(&"在办 1/1 单（已满）".to_string()),
        "{chen}"
    );
    // Once he has room again, he is first for the next one.
    app.ok(
        &plumber,
        busy,
        json!({"action": "reject", "reason": "配件没货"}),
    )
    .await;
    let next = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, next).await;
    assert_eq!(order["assignee"]["name"], "陈师傅", "{order}");
}
