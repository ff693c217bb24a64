//! The desk's tools: triage and the joint meeting, orders placed for a
//! resident, bulk dispatch.

use super::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn appeals_are_triaged_and_big_matters_go_to_the_joint_meeting() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let grid = app.login(GRID_WORKER).await;

    // A private matter: the mediator first.
    let quarrel = app.place(&resident, "appeal", "environment").await;
    let (status, o) = app
        .post(
            &grid,
            &format!("/orders/{quarrel}/triage"),
            json!({"track": "private", "note": "邻里噪音纠纷"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(o["track"], "private");
    let entry = entries(&o, "triage")[0];
    assert_eq!(entry["note"], "私事：邻里噪音纠纷");
    let body = candidates(&app, &committee, quarrel).await;
    assert_eq!(names_of(&body, "volunteer")[0], "赵律师", "{body}");
    let zhao = candidate(&body, "赵律师");
    assert_eq!(codes(zhao)[0], "mediator", "{body}");

    // A small one: the property unit first.
    let lamp = app.place(&resident, "appeal", "dispute").await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{lamp}/triage"),
            json!({"track": "small"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = candidates(&app, &committee, lamp).await;
    assert_eq!(names_of(&body, "unit")[0], "红色物业", "{body}");

    // A big one: on the joint meeting's list, where the decision is noted.
    let big = app.appeal(&resident).await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, list) = app.get(&committee, "/orders?track=big").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&Value> = items(&list).iter().map(|o| &o["id"]).collect();
    assert_eq!(ids, [&json!(big)], "{list}");
    let (status, o) = app
        .post(
            &committee,
            &format!("/orders/{big}/notes"),
            json!({"note": "联席会议决定：由物业牵头，街道城管配合"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(
        entries(&o, "note")[0]["note"],
        "联席会议决定：由物业牵头，街道城管配合"
    );
    assert_eq!(o["status"], "pending");

    // Only pending appeals, only by who dispatches, with a known track.
    let service = app.place(&resident, "door_service", "haircut").await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{service}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post(
            &resident,
            &format!("/orders/{big}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "huge"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.dispatch_to_unit(&committee, big, "红色物业").await;
    let (status, body) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "small"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/notes"),
            json!({"note": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_grid_worker_places_an_order_for_a_resident_who_finds_and_evaluates_it() {
    let app = spawn_app().await;
    let grid = app.login(GRID_WORKER).await;
    let zhang = app.login(RESIDENT2).await;
    let (status, o) = app
        .post(
            &grid,
            "/orders",
            json!({"kind": "door_service", "category": "haircut", "title": "张大爷想理发",
                   "description": "腿脚不便，电话里说想上门理发",
                   "on_behalf_of": {"phone": RESIDENT2}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    let id = o["id"].as_i64().expect("id");
    assert_eq!(o["requester"]["name"], "张建国");
    assert_eq!(o["channel"], "proxy");
    assert_eq!(o["placed_by"]["name"], "吴网格");
    assert_eq!(entries(&o, "create")[0]["actor"]["name"], "吴网格");

    // 张建国 finds it under 我的工单 and evaluates it when it is done.
    let (_, mine) = app.get(&zhang, "/orders?scope=mine").await;
    assert!(items(&mine).iter().any(|m| m["id"] == id), "{mine}");
    let committee = app.login(COMMITTEE).await;
    let property = app.login(PROPERTY).await;
    app.dispatch_to_unit(&committee, id, "红色物业").await;
    app.ok(&property, id, json!({"action": "accept"})).await;
    app.ok(
        &property,
        id,
        json!({"action": "complete", "note": "理好了"}),
    )
    .await;
    let seen = app.order(&zhang, id).await;
    assert!(actions(&seen).contains(&"create".to_string()));
    assert!(seen["allowed_actions"]
        .as_array()
        .expect("actions")
        .contains(&json!("evaluate")));
    // …or the grid worker records what he said by phone, marked as such.
    let rated = app
        .ok(
            &grid,
            id,
            json!({"action": "evaluate", "rating": 5, "comment": "师傅手艺好"}),
        )
        .await;
    assert_eq!(rated["status"], "evaluated");
    assert_eq!(
        entries(&rated, "evaluate")[0]["note"],
        "电话回访：5★ 师傅手艺好"
    );

    // Someone new, registered on the spot by name and phone.
    let (status, o) = app
        .post(
            &grid,
            "/orders",
            json!({"kind": "appeal", "category": "facility_repair", "title": "楼道灯坏了",
                   "description": "老人来电", "on_behalf_of": {"phone": "13712345678", "name": "钱奶奶"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    assert_eq!(o["requester"]["name"], "钱奶奶");
    let (_, found) = app.get(&committee, "/people?q=13712345678").await;
    assert_eq!(found["items"][0]["name"], "钱奶奶", "{found}");
    // The same phone again is the same resident now.
    let (status, again) = app
        .post(
            &committee,
            "/orders",
            json!({"kind": "appeal", "category": "environment", "title": "垃圾没清",
                   "description": "老人来电", "on_behalf_of": {"phone": "13712345678"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["requester"]["id"], o["requester"]["id"]);

    // Unknown without a name, another community's resident, a resident
    // placing for someone else: refused.
    for (who, body, want) in [
        (
            &grid,
            json!({"phone": "13712340000"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            &grid,
            json!({"phone": HEXIE_RESIDENT}),
            StatusCode::BAD_REQUEST,
        ),
        (&grid, json!({"phone": "12345"}), StatusCode::BAD_REQUEST),
        (&zhang, json!({"phone": RESIDENT}), StatusCode::FORBIDDEN),
    ] {
        let (status, resp) = app
            .post(
                who,
                "/orders",
                json!({"kind": "appeal", "category": "environment", "title": "t",
                       "description": "d", "on_behalf_of": body}),
            )
            .await;
        assert_eq!(status, want, "{body} → {resp}");
    }
    // The other residents see none of it.
    let wang = app.login(RESIDENT).await;
    let (status, _) = app.get(&wang, &format!("/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_dispatch_shows_who_first_then_says_which_orders_failed() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let repair = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let dispute = app.place(&resident, "appeal", "dispute").await;
    let taken = app.appeal(&resident).await;

    let (status, plan) = app
        .post(
            &committee,
            "/orders/dispatch-plan",
            json!({"order_ids": [repair, dispute, taken]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    let best: Vec<&Value> = items(&plan).iter().map(|p| &p["best"]["name"]).collect();
    assert_eq!(
        best,
        [&json!("陈师傅"), &json!("赵律师"), &json!("红色物业")],
        "{plan}"
    );

    // Meanwhile someone dispatches one of them.
    app.dispatch_to_unit(&committee, taken, "市场监督管理局")
        .await;
    let assignments: Vec<Value> = items(&plan)
        .iter()
        .map(|p| json!({"order_id": p["order_id"], "assignee": {"type": p["best"]["type"], "id": p["best"]["id"]}}))
        .collect();
    let (status, outcome) = app
        .post(
            &committee,
            "/orders/bulk-dispatch",
            json!({"items": assignments, "note": "批量派单"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let oks: Vec<bool> = items(&outcome)
        .iter()
        .map(|o| o["ok"].as_bool().expect("ok"))
        .collect();
    assert_eq!(oks, [true, true, false], "{outcome}");
    assert_eq!(items(&outcome)[2]["code"], "invalid_transition");
    assert!(items(&outcome)[2]["error"].as_str().is_some());
    // Each got its own entry, and each assignee heard of it.
    let o = app.order(&committee, repair).await;
    assert_eq!(o["assignee"]["name"], "陈师傅");
    assert_eq!(entries(&o, "dispatch").len(), 1);
    let plumber = app.login(PLUMBER).await;
    let (_, inbox) = app.get(&plumber, "/notifications").await;
    assert!(items(&inbox)
        .iter()
        .any(|n| n["order_id"] == repair && n["kind"] == "dispatched"));

    // An order a volunteer placed never goes to them, even where they would
    // rank first (义诊: 刘医生), also beside another order of the community.
    let doctor = app.login(DOCTOR).await;
    let own = app.place(&doctor, "door_service", "clinic").await;
    let other = app.place(&resident, "door_service", "clinic").await;
    let (status, plan) = app
        .post(
            &committee,
            "/orders/dispatch-plan",
            json!({"order_ids": [other, own]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(items(&plan)[0]["best"]["name"], "刘医生", "{plan}");
    assert_ne!(items(&plan)[1]["best"]["name"], "刘医生", "{plan}");

    // All to one assignee.
    let a = app.place(&resident, "door_service", "haircut").await;
    let b = app.place(&resident, "door_service", "haircut").await;
    let unit = app.unit_id(&committee, "红色物业").await;
    let (_, outcome) = app
        .post(
            &committee,
            "/orders/bulk-dispatch",
            json!({"items": [
                {"order_id": a, "assignee": {"type": "unit", "id": unit}},
                {"order_id": b, "assignee": {"type": "unit", "id": unit}},
            ]}),
        )
        .await;
    assert!(items(&outcome).iter().all(|o| o["ok"] == true), "{outcome}");

    // Nothing, too many, or by someone who does not dispatch: refused.
    let (status, _) = app
        .post(&committee, "/orders/bulk-dispatch", json!({"items": []}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post(
            &resident,
            "/orders/dispatch-plan",
            json!({"order_ids": [repair]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, outcome) = app
        .post(
            &resident,
            "/orders/bulk-dispatch",
            json!({"items": [{"order_id": a, "assignee": {"type": "unit", "id": unit}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(items(&outcome)[0]["code"], "forbidden", "{outcome}");
}
