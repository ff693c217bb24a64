//! How orders reach someone: auto dispatch through every reject back to the
//! desk, and a grab won by exactly one (on one server and across two).

use super::*;
use crate::helpers::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_auto_order_dispatches_itself_and_after_each_reject_the_next_until_nobody_is_left() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    // Who would rank first, seen on an order of the same service placed
    // while the committee dispatched it by hand.
    let set_mode = |mode: &'static str| {
        app.patch(
            &committee,
            "/categories/meal_delivery",
            json!({"dispatch_mode": mode}),
        )
    };
    assert_eq!(set_mode("manual").await.0, StatusCode::OK);
    let by_hand = app.place(&resident, "door_service", "meal_delivery").await;
    let ranked = candidates(&app, &committee, by_hand).await;
    assert_eq!(set_mode("auto").await.0, StatusCode::OK);

    let id = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, id).await;
    assert_eq!(order["status"], "dispatched", "{order}");
    assert_eq!(order["dispatch_mode"], "auto");
    let dispatch = entries(&order, "dispatch");
    assert_eq!(dispatch.len(), 1);
    assert!(
        dispatch[0]["actor"].is_null(),
        "the system dispatched: {order}"
    );
    assert_eq!(dispatch[0]["system"]["code"], "auto_dispatched");
    // The first is the best of the candidates.
    assert_eq!(order["assignee"]["name"], items(&ranked)[0]["name"]);
    let order_by_hand = app.order(&committee, by_hand).await;
    assert_eq!(order_by_hand["status"], "pending", "{order_by_hand}");

    // Everyone rejects in turn: each time the next one not yet tried.
    let everyone = items(&ranked).len();
    let mut seen = Vec::new();
    let mut order = order;
    while order["status"] == "dispatched" {
        let name = order["assignee"]["name"]
            .as_str()
            .expect("name")
            .to_string();
        assert!(!seen.contains(&name), "{name} twice: {seen:?}");
        seen.push(name);
        let who = assignee_session(&app, &order).await;
        app.ok(
            &who,
            id,
            json!({"action": "reject", "reason": "今天排不开"}),
        )
        .await;
        order = app.order(&committee, id).await;
    }
    assert_eq!(seen.len(), everyone, "{seen:?}");
    assert_eq!(order["status"], "pending", "back on the desk: {order}");
    let notes = entries(&order, "note");
    assert_eq!(
        notes.last().expect("a note")["system"]["code"],
        "nobody_left"
    );
    let (_, inbox) = app.get(&committee, "/notifications").await;
    assert!(
        items(&inbox)
            .iter()
            .any(|n| n["kind"] == "unassigned" && n["order_id"] == id),
        "{inbox}"
    );
    // The committee dispatches it by hand now.
    let plumber = app.login(PLUMBER).await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
}

#[tokio::test]
async fn an_auto_order_nobody_can_take_waits_for_the_committee() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    // 和谐社区 has no volunteers and no units yet: nobody to give it to.
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let hexie_resident = app.login(HEXIE_RESIDENT).await;
    let id = app
        .place(&hexie_resident, "door_service", "meal_delivery")
        .await;
    let order = app.order(&hexie, id).await;
    assert_eq!(order["status"], "pending", "{order}");
    assert_eq!(entries(&order, "note")[0]["system"]["code"], "nobody_left");
    assert!(order["assignee"].is_null());
    let (_, inbox) = app.get(&hexie, "/notifications").await;
    assert!(
        items(&inbox).iter().any(|n| n["kind"] == "unassigned"),
        "{inbox}"
    );
    // Not 幸福社区's business.
    let (_, theirs) = app.get(&committee, "/notifications").await;
    assert!(!items(&theirs).iter().any(|n| n["order_id"] == id));
}

#[tokio::test]
async fn twenty_volunteers_grab_one_order_and_exactly_one_wins() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteers = new_volunteers(&app, &committee, 20).await;
    let id = app.place(&resident, "door_service", "errand").await;

    // It waits in every volunteer's and unit member's task hall.
    let (status, hall) = app.get(&volunteers[0], "/orders?scope=claimable").await;
    assert_eq!(status, StatusCode::OK, "{hall}");
    assert!(items(&hall).iter().any(|o| o["id"] == id), "{hall}");
    let grabbed = &items(&hall).iter().find(|o| o["id"] == id).expect("it")["requester"];
    assert_eq!(grabbed["name"], "王**", "masked until taken: {grabbed}");
    let (status, hall) = app
        .get(&app.login(PROPERTY).await, "/orders?scope=claimable")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(items(&hall).iter().any(|o| o["id"] == id));
    // Not a resident's, and not the requester's own.
    let (status, _) = app.get(&resident, "/orders?scope=claimable").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let results = join_all(
        volunteers
            .iter()
            .map(|v| app.act(v, id, json!({"action": "claim"}))),
    )
    .await;
    let winners: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert_eq!(code(body), "already_claimed");
    }
    let order = app.order(&resident, id).await;
    assert_eq!(order["status"], "accepted");
    assert_eq!(actions(&order), ["create", "claim"]);
    assert_eq!(order["assignee"], winners[0].1["assignee"]);
    // Gone from the hall.
    let (_, hall) = app.get(&volunteers[1], "/orders?scope=claimable").await;
    assert!(!items(&hall).iter().any(|o| o["id"] == id));

    // A manual order is not for grabbing.
    let manual = app.place(&resident, "door_service", "haircut").await;
    let (status, body) = app
        .act(&volunteers[0], manual, json!({"action": "claim"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not even visible: {body}");
}

#[tokio::test]
#[ignore = "PostgreSQL only: set LINLI_TEST_DATABASE_URL and run ignored tests"]
async fn a_grab_race_across_two_servers_has_one_winner_and_auto_dispatch_counts_once() {
    assert!(
        std::env::var("LINLI_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()),
        "two servers share one database on PostgreSQL only: set LINLI_TEST_DATABASE_URL"
    );
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteers = new_volunteers(&app, &committee, 10).await;
    let id = app.place(&resident, "door_service", "errand").await;
    let results = join_all(volunteers.iter().enumerate().map(|(i, v)| {
        let server = if i % 2 == 0 { &app } else { &second };
        server.act(v, id, json!({"action": "claim"}))
    }))
    .await;
    let winners = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(winners, 1, "{results:?}");
    let order = app.order(&resident, id).await;
    assert_eq!(actions(&order), ["create", "claim"]);

    // An auto order rejected through both servers at once: one reject wins,
    // and the order moves on exactly once.
    let meal = app.place(&resident, "door_service", "meal_delivery").await;
    let first = app.order(&committee, meal).await;
    let who = assignee_session(&app, &first).await;
    let both = join_all(
        [&app, &second]
            .map(|server| server.act(&who, meal, json!({"action": "reject", "reason": "不在家"}))),
    )
    .await;
    let ok = both.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{both:?}");
    let after = app.order(&committee, meal).await;
    assert_eq!(entries(&after, "reject").len(), 1, "{after}");
    assert_eq!(entries(&after, "dispatch").len(), 2, "{after}");
    assert_eq!(after["status"], "dispatched");
    assert_ne!(after["assignee"], first["assignee"]);
}
