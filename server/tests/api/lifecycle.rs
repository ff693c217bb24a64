use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_wish_is_claimed_from_the_wall_completed_evaluated_and_earns_points() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(PLUMBER).await;
    let points_before = app.points(&volunteer).await;

    let wish = app.place(&resident, "micro_wish", "wish_goods").await;

    // On the wall, with the requester masked and no address.
    let (status, wall) = app.get(&volunteer, "/wishes").await;
    assert_eq!(status, StatusCode::OK);
    let on_wall = wall["items"]
        .as_array()
        .and_then(|w| w.iter().find(|o| o["id"] == wish))
        .cloned()
        .expect("the new wish is on the wall");
    assert_eq!(on_wall["requester"]["name"], "王**");
    assert!(on_wall["requester"]["phone"].is_null());
    assert!(on_wall["address"].is_null());
    assert_eq!(on_wall["allowed_actions"], json!(["claim"]));

    let claimed = app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    assert_eq!(claimed["status"], "accepted");
    assert_eq!(claimed["assignee"]["type"], "volunteer");
    assert_eq!(claimed["assignee"]["id"], volunteer.user_id);
    // Now serving it: the full name, phone and address.
    assert_eq!(claimed["requester"]["name"], "王秀英");
    assert_eq!(claimed["requester"]["phone"], RESIDENT);
    assert_eq!(claimed["address"], "幸福小区1号楼101");
    assert_eq!(claimed["allowed_actions"], json!(["complete", "release"]));

    // Gone from the wall.
    let (_, wall) = app.get(&volunteer, "/wishes").await;
    assert!(wall["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|o| o["id"] != wish));

    let after = app.upload(&volunteer, "phone.png").await;
    let done = app
        .ok(
            &volunteer,
            wish,
            json!({"action": "complete", "note": "书包送到了", "photos": [after["id"]]}),
        )
        .await;
    assert_eq!(done["status"], "completed");
    assert!(done["overdue"] == false);

    let evaluated = app
        .ok(
            &resident,
            wish,
            json!({"action": "evaluate", "rating": 5, "comment": "谢谢"}),
        )
        .await;
    assert_eq!(evaluated["status"], "evaluated");
    assert_eq!(evaluated["rating"], 5);
    assert_eq!(evaluated["comment"], "谢谢");
    assert_eq!(
        actions(&evaluated),
        ["create", "claim", "complete", "evaluate"]
    );
    let timeline = evaluated["timeline"].as_array().expect("timeline");
    assert_eq!(timeline[2]["from"], "accepted");
    assert_eq!(timeline[2]["to"], "completed");
    assert_eq!(timeline[2]["note"], "书包送到了");
    let photo = &timeline[2]["photos"][0];
    assert!(
        photo["url"]
            .as_str()
            .is_some_and(|u| u.contains("/api/v1/uploads/")),
        "{photo}"
    );
    assert!(photo["thumbnail_url"].as_str().is_some(), "{photo}");
    assert_eq!(timeline[1]["actor"]["id"], volunteer.user_id);

    // wish_goods earns 10 points, once.
    assert_eq!(app.points(&volunteer).await, points_before + 10);
    let (_, points) = app.get(&volunteer, "/points").await;
    assert_eq!(points["ledger"][0]["order_id"], wish);
    assert_eq!(points["ledger"][0]["delta"], 10);
    let (_, me) = app.get(&volunteer, "/me").await;
    assert_eq!(me["points_balance"], points_before + 10);
}

#[tokio::test]
async fn a_door_service_is_dispatched_to_a_unit_which_accepts_completes_and_is_evaluated() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT2).await;
    let committee = app.login(COMMITTEE).await;
    let property = app.login(PROPERTY).await;
    let bureau = app.login(MARKET_BUREAU).await;

    let order = app.place(&resident, "door_service", "haircut").await;
    let (_, pending) = app
        .get(&committee, "/orders?scope=community&status=pending")
        .await;
    assert!(pending["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|o| o["id"] == order));

    let unit = app.unit_id(&committee, "红色物业").await;
    let dispatched = app
        .ok(&committee, order, json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}, "note": "请尽快"}))
        .await;
    assert_eq!(dispatched["status"], "dispatched");
    assert_eq!(dispatched["assignee"]["name"], "红色物业");
    assert_eq!(dispatched["timeline"][1]["note"], "→ 红色物业: 请尽快");

    // The unit's member finds it among their assigned orders; another unit's member cannot see it.
    let (_, mine) = app.get(&property, "/orders?scope=assigned").await;
    assert_eq!(mine["items"][0]["id"], order);
    assert_eq!(
        mine["items"][0]["allowed_actions"],
        json!(["accept", "reject"])
    );
    let (status, _) = app.get(&bureau, &format!("/orders/{order}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    app.ok(&property, order, json!({"action": "accept"})).await;
    app.ok(
        &property,
        order,
        json!({"action": "complete", "note": "已上门理发"}),
    )
    .await;
    let evaluated = app
        .ok(&resident, order, json!({"action": "evaluate", "rating": 4}))
        .await;
    assert_eq!(evaluated["status"], "evaluated");
    assert_eq!(
        actions(&evaluated),
        ["create", "dispatch", "accept", "complete", "evaluate"]
    );
    // haircut earns 5 points for the member who did it.
    assert_eq!(app.points(&property).await, 5);
}

#[tokio::test]
async fn an_appeal_rejected_by_a_volunteer_is_dispatched_again_and_done_by_another() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let lawyer = app.login(LAWYER).await;

    let appeal = app.place(&resident, "appeal", "dispute").await;
    app.dispatch_to_volunteer(&committee, appeal, &plumber)
        .await;
    let rejected = app
        .ok(
            &plumber,
            appeal,
            json!({"action": "reject", "reason": "不擅长调解"}),
        )
        .await;
    assert_eq!(rejected["status"], "pending");
    assert!(rejected["assignee"].is_null());
    // The rejecting volunteer no longer serves the order.
    let (status, _) = app.get(&plumber, &format!("/orders/{appeal}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    app.dispatch_to_volunteer(&committee, appeal, &lawyer).await;
    app.ok(&lawyer, appeal, json!({"action": "accept"})).await;
    app.ok(
        &lawyer,
        appeal,
        json!({"action": "complete", "note": "双方达成一致"}),
    )
    .await;
    let done = app
        .ok(
            &resident,
            appeal,
            json!({"action": "evaluate", "rating": 5}),
        )
        .await;
    assert_eq!(
        actions(&done),
        ["create", "dispatch", "reject", "dispatch", "accept", "complete", "evaluate"]
    );
    assert_eq!(done["timeline"][2]["note"], "不擅长调解");
    assert_eq!(app.points(&lawyer).await, 8);
    assert_eq!(
        app.points(&plumber).await,
        8,
        "the plumber keeps only the demo history's points"
    );
}

#[tokio::test]
async fn the_committee_reopens_a_poorly_rated_order_and_closes_it_after_the_redo() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let doctor = app.login(DOCTOR).await;

    let order = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, order, &plumber).await;
    app.ok(&plumber, order, json!({"action": "accept"})).await;
    app.ok(
        &plumber,
        order,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    app.ok(
        &resident,
        order,
        json!({"action": "evaluate", "rating": 1, "comment": "没修好"}),
    )
    .await;
    let plumber_points = app.points(&plumber).await;

    let reopened = app
        .ok(
            &committee,
            order,
            json!({"action": "reopen", "reason": "回头看：居民不满意"}),
        )
        .await;
    assert_eq!(reopened["status"], "pending");
    assert!(reopened["rating"].is_null());
    assert!(reopened["assignee"].is_null());

    app.dispatch_to_volunteer(&committee, order, &doctor).await;
    app.ok(&doctor, order, json!({"action": "accept"})).await;
    app.ok(
        &doctor,
        order,
        json!({"action": "complete", "note": "重新修好"}),
    )
    .await;
    let closed = app.ok(&committee, order, json!({"action": "close"})).await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["allowed_actions"]
        .as_array()
        .expect("actions")
        .is_empty());
    assert_eq!(
        app.points(&plumber).await,
        plumber_points,
        "no second credit for the first volunteer"
    );
}

#[tokio::test]
async fn a_requester_cancels_before_acceptance_but_not_after() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let doctor = app.login(DOCTOR).await;

    let first = app.place(&resident, "door_service", "clinic").await;
    app.dispatch_to_volunteer(&committee, first, &doctor).await;
    let cancelled = app
        .ok(
            &resident,
            first,
            json!({"action": "cancel", "reason": "不需要了"}),
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");

    let second = app.place(&resident, "door_service", "clinic").await;
    app.dispatch_to_volunteer(&committee, second, &doctor).await;
    app.ok(&doctor, second, json!({"action": "accept"})).await;
    let (status, body) = app
        .act(&resident, second, json!({"action": "cancel"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(code(&body), "invalid_transition");
}

#[tokio::test]
async fn lists_filter_by_scope_status_and_kind_and_paginate() {
    let app = spawn_app().await;
    let resident = app.login(HEXIE_RESIDENT).await;
    let committee = app.login(HEXIE_COMMITTEE).await;
    for _ in 0..3 {
        app.place(&resident, "appeal", "environment").await;
    }
    app.place(&resident, "micro_wish", "wish_visit").await;

    let (status, page1) = app
        .get(
            &resident,
            "/orders?scope=mine&kind=appeal&per_page=2&page=1",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The demo history holds one more (cancelled) appeal of this resident.
    assert_eq!(page1["total"], 4);
    assert_eq!(page1["items"].as_array().expect("items").len(), 2);
    let (_, page2) = app
        .get(
            &resident,
            "/orders?scope=mine&kind=appeal&per_page=2&page=2",
        )
        .await;
    assert_eq!(page2["items"].as_array().expect("items").len(), 2);
    assert_ne!(page1["items"][0]["id"], page2["items"][0]["id"]);

    let (_, pending) = app.get(&committee, "/orders?status=pending").await;
    assert_eq!(pending["total"], 4);
    let (_, wishes) = app.get(&committee, "/orders?kind=micro_wish").await;
    assert_eq!(wishes["total"], 1);
    let (_, beyond) = app.get(&committee, "/orders?page=9").await;
    assert!(beyond["items"].as_array().expect("items").is_empty());
}

#[tokio::test]
async fn the_desk_filters_by_category_code() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let haircut = app.place(&resident, "door_service", "haircut").await;
    app.place(&resident, "door_service", "errand").await;
    let (status, page) = app
        .get(&committee, "/orders?category=haircut&status=pending")
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = page["items"].as_array().expect("items");
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(items[0]["id"], haircut);
    assert!(items.iter().all(|o| o["category"]["code"] == "haircut"));
    let (_, none) = app.get(&committee, "/orders?category=no_such").await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn redoing_a_reopened_order_does_not_credit_the_same_volunteer_twice() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let order = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let before = app.points(&plumber).await;
    for round in 0..2 {
        app.dispatch_to_volunteer(&committee, order, &plumber).await;
        app.ok(&plumber, order, json!({"action": "accept"})).await;
        app.ok(
            &plumber,
            order,
            json!({"action": "complete", "note": "修好了"}),
        )
        .await;
        assert_eq!(app.points(&plumber).await, before + 8, "round {round}");
        if round == 0 {
            app.ok(
                &committee,
                order,
                json!({"action": "reopen", "reason": "又坏了"}),
            )
            .await;
        }
    }
    let (_, points) = app.get(&plumber, "/points").await;
    let credits = points["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .filter(|e| e["order_id"] == order)
        .count();
    assert_eq!(credits, 1);
}
