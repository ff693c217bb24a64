//! Above the community: who sees an escalated order and who does not, urging
//! (催单 / 督办) once an hour, reassigning (改派), and the revisit list (回头看).

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn escalated_orders_are_seen_whole_by_their_officers_and_by_nobody_else() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let west = app.login(XIGUAN_OFFICER).await;
    let admin = app.login(ADMIN).await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let id = app.appeal(&resident).await;

    let (status, me) = app.get(&officer, "/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["roles"], json!(["street_officer"]));
    assert_eq!(me["street"]["name"], "东关街道", "{me}");

    // Still the community's: the street does not see it.
    let (status, _) = app.get(&officer, &format!("/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.get(&officer, "/orders?scope=escalated").await;
    assert_eq!(list["total"], 0, "{list}");

    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    let seen = app.order(&officer, id).await;
    assert_eq!(
        seen["requester"]["name"], "王秀英",
        "they serve it now: whole"
    );
    assert_eq!(seen["requester"]["phone"], RESIDENT);
    assert!(seen["address"].is_string());
    assert_eq!(seen["allowed_actions"], json!(["urge"]), "{seen}");
    let (_, list) = app.get(&officer, "/orders?scope=escalated").await;
    assert!(ids(&list).contains(&id), "{list}");
    assert!(list["items"].as_array().is_some_and(|a| a
        .iter()
        .all(|o| o["level"] == "street" || o["level"] == "district")));
    let (_, list) = app.get(&admin, "/orders?scope=escalated").await;
    assert!(
        list["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o["id"] == id)),
        "admins see the district's escalated orders"
    );

    // Another street, another community, a resident: 404, or no such list.
    for (who, label) in [(&west, "西关 officer"), (&hexie, "和谐 committee")] {
        let (status, _) = app.get(who, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
    }
    let (_, list) = app.get(&west, "/orders?scope=escalated").await;
    assert_eq!(list["total"], 0);
    let (status, body) = app.get(&resident, "/orders?scope=escalated").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The other officer may not urge it either.
    let (status, _) = app.act(&west, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn urging_is_once_an_hour_per_person_and_order() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;

    // Nobody has it yet: the requester has nobody to urge.
    let (status, body) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    let urged = app
        .ok(
            &resident,
            id,
            json!({"action": "urge", "note": "水管还在漏"}),
        )
        .await;
    assert_eq!(urged["status"], "dispatched", "urging changes no status");
    let u = entries(&urged, "urge");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0]["note"], "水管还在漏");

    let (status, body) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(code(&body), "too_many_requests");

    app.clock.advance(Duration::minutes(59));
    let (status, _) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(2));
    app.ok(&resident, id, json!({"action": "urge"})).await;

    // Once escalated, the street officer urges too (督办), on their own count.
    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    app.ok(
        &officer,
        id,
        json!({"action": "urge", "note": "请今天处理"}),
    )
    .await;
    let (status, _) = app.act(&officer, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let o = app.order(&resident, id).await;
    assert_eq!(entries(&o, "urge").len(), 3);
    // Neither the assignee nor a stranger urges.
    let (status, _) = app.act(&plumber, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_committee_and_the_officer_above_reassign_with_a_reason() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let doctor = app.login(DOCTOR).await;
    let id = app.place(&resident, "door_service", "clinic").await;
    app.dispatch_to_volunteer(&committee, id, &doctor).await;
    app.ok(&doctor, id, json!({"action": "accept"})).await;
    let unit = app.unit_id(&committee, "红色物业").await;

    let to_unit = json!({"action": "reassign", "assignee": {"type": "unit", "id": unit}, "reason": "刘医生出诊在外"});
    let (status, body) = app
        .act(
            &committee,
            id,
            json!({"action": "reassign", "assignee": {"type": "unit", "id": unit}}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason is required: {body}"
    );
    let (status, _) = app
        .act(
            &committee,
            id,
            json!({"action": "reassign", "assignee": {"type": "volunteer", "id": doctor.user_id}, "reason": "r"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not to whoever has it");
    let (status, _) = app.act(&officer, id, to_unit.clone()).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not escalated: not the officer's"
    );

    app.clock.advance(Duration::minutes(10));
    let moved = app.ok(&committee, id, to_unit).await;
    assert_eq!(
        moved["status"], "dispatched",
        "the new assignee must accept"
    );
    assert_eq!(moved["assignee"]["type"], "unit");
    assert_eq!(
        time(&moved["respond_by"]),
        app.clock.now() + Duration::minutes(60),
        "a fresh response limit"
    );
    let entry = entries(&moved, "reassign");
    let note = entry[0]["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("刘医生") && note.contains("红色物业") && note.contains("出诊"),
        "the old assignee is named: {note}"
    );
    // The old assignee no longer has it.
    let (status, _) = app
        .act(&doctor, id, json!({"action": "complete", "note": "done"}))
        .await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND);

    // Escalated to the street, the officer may reassign it too.
    app.clock.advance(Duration::minutes(61));
    app.run_jobs().await;
    let market = app.unit_id(&committee, "市场监督管理局").await;
    let back = app
        .ok(
            &officer,
            id,
            json!({"action": "reassign", "assignee": {"type": "unit", "id": market}, "reason": "物业未报到"}),
        )
        .await;
    assert_eq!(back["assignee"]["name"], "市场监督管理局");
}

#[tokio::test]
async fn a_low_rating_goes_on_the_revisit_list_until_reopened_or_closed() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let mut orders = Vec::new();
    for rating in [2, 4] {
        let id = app.completed_repair(&resident, &committee, &plumber).await;
        let rated = app
            .ok(
                &resident,
                id,
                json!({"action": "evaluate", "rating": rating}),
            )
            .await;
        assert_eq!(rated["revisit"], rating <= 2, "{rated}");
        orders.push(id);
    }
    let (_, list) = app.get(&committee, "/orders?revisit=true").await;
    assert_eq!(ids(&list), [orders[0]]);
    let reopened = app
        .ok(
            &committee,
            orders[0],
            json!({"action": "reopen", "reason": "回访不满意"}),
        )
        .await;
    assert_eq!(reopened["revisit"], false);
    let (_, list) = app.get(&committee, "/orders?revisit=true").await;
    assert_eq!(list["total"], 0);
}

/// What the reassign panel and the category filter read: a street officer
/// lists the units, volunteers and services of the communities on the
/// street, naming one, and of no other.
#[tokio::test]
async fn officers_read_the_people_and_services_of_their_streets_communities() {
    let app = spawn_app().await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let other_officer = app.login(XIGUAN_OFFICER).await;
    let admin = app.login(ADMIN).await;
    let community = |s: Session| {
        let app = &app;
        async move { app.get(&s, "/me").await.1["community"]["id"].clone() }
    };
    let xingfu = community(app.login(COMMITTEE).await).await;
    let pingan = community(app.login(PINGAN_COMMITTEE).await).await;

    for list in ["/units", "/volunteers"] {
        let (status, body) = app
            .get(&officer, &format!("{list}?community_id={xingfu}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{list}: {body}");
        assert!(
            !body["items"].as_array().is_some_and(Vec::is_empty),
            "{list}: {body}"
        );
        let (status, body) = app.get(&officer, list).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{list} names the community: {body}"
        );
        let (status, _) = app
            .get(&officer, &format!("{list}?community_id={pingan}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{list}: another street");
        let (status, _) = app
            .get(&other_officer, &format!("{list}?community_id={xingfu}"))
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{list}: another street's officer"
        );
        let (status, _) = app
            .get(&admin, &format!("{list}?community_id={pingan}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{list}: the district's admin");
        // A resident still may not list them.
        let (status, _) = app.get(&app.login(RESIDENT).await, list).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{list}");
    }
    // The category filter of the escalated desk: every service of the street,
    // each code once.
    let (status, body) = app.get(&officer, "/categories").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let codes: Vec<&str> = body["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(codes.contains(&"appliance_repair"), "{codes:?}");
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "each code once: {codes:?}");
    let (status, _) = app
        .get(&officer, &format!("/categories?community_id={pingan}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
