use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Cast {
    resident: Session,
    other_resident: Session,
    committee: Session,
    assignee: Session,
    other_volunteer: Session,
    unit_member: Session,
    grid_worker: Session,
    admin: Session,
    hexie_committee: Session,
    hexie_resident: Session,
}

async fn cast(app: &TestApp) -> Cast {
    Cast {
        resident: app.login(RESIDENT).await,
        other_resident: app.login(RESIDENT2).await,
        committee: app.login(COMMITTEE).await,
        assignee: app.login(PLUMBER).await,
        other_volunteer: app.login(LAWYER).await,
        unit_member: app.login(PROPERTY).await,
        grid_worker: app.login(GRID_WORKER).await,
        admin: app.login(ADMIN).await,
        hexie_committee: app.login(HEXIE_COMMITTEE).await,
        hexie_resident: app.login(HEXIE_RESIDENT).await,
    }
}

/// Who may do what to a door service dispatched to a volunteer: every refusal
/// is 403 when the caller can see the order, 404 when they cannot, and never
/// changes it.
#[tokio::test]
async fn role_action_ownership_matrix_on_a_dispatched_order() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let order = app
        .place(&c.resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&c.committee, order, &c.assignee)
        .await;
    let before = app.order(&c.committee, order).await;

    let dispatch = json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": c.other_volunteer.user_id}});
    let accept = json!({"action": "accept"});
    let reject = json!({"action": "reject", "reason": "r"});
    let complete = json!({"action": "complete", "note": "n"});
    let evaluate = json!({"action": "evaluate", "rating": 5});
    let cancel = json!({"action": "cancel"});
    let reopen = json!({"action": "reopen", "reason": "r"});
    let close = json!({"action": "close"});
    let claim = json!({"action": "claim"});

    use StatusCode as S;
    const F: S = S::FORBIDDEN;
    const N: S = S::NOT_FOUND;
    const C: S = S::CONFLICT;
    let cases: Vec<(&str, &Session, &Value, S)> = vec![
        // requester: sees it, may only cancel (tested last, below) and evaluate later
        ("requester dispatch", &c.resident, &dispatch, F),
        ("requester accept", &c.resident, &accept, F),
        ("requester complete", &c.resident, &complete, F),
        ("requester evaluate too early", &c.resident, &evaluate, C),
        ("requester reopen", &c.resident, &reopen, F),
        ("requester claim", &c.resident, &claim, F),
        // another resident of the same community: cannot even see it
        ("neighbour get-free cancel", &c.other_resident, &cancel, N),
        ("neighbour evaluate", &c.other_resident, &evaluate, N),
        // the assignee: accept/reject/complete only
        ("assignee dispatch", &c.assignee, &dispatch, F),
        ("assignee evaluate", &c.assignee, &evaluate, F),
        ("assignee cancel", &c.assignee, &cancel, F),
        (
            "assignee complete before accepting",
            &c.assignee,
            &complete,
            C,
        ),
        // a volunteer not assigned, a unit member not assigned
        ("other volunteer accept", &c.other_volunteer, &accept, N),
        ("other volunteer complete", &c.other_volunteer, &complete, N),
        ("unit member accept", &c.unit_member, &accept, N),
        // grid worker sees the community's orders but does not dispatch or cancel
        ("grid worker dispatch", &c.grid_worker, &dispatch, F),
        ("grid worker cancel", &c.grid_worker, &cancel, F),
        ("grid worker accept", &c.grid_worker, &accept, F),
        // committee: state-bound
        ("committee accept", &c.committee, &accept, F),
        ("committee evaluate", &c.committee, &evaluate, F),
        ("committee dispatch again", &c.committee, &dispatch, C),
        ("committee reopen", &c.committee, &reopen, C),
        ("committee close", &c.committee, &close, C),
        // district admin: watches, does not act
        ("admin dispatch", &c.admin, &dispatch, F),
        ("admin cancel", &c.admin, &cancel, F),
        // the other community: nothing exists
        ("hexie committee dispatch", &c.hexie_committee, &dispatch, N),
        ("hexie committee cancel", &c.hexie_committee, &cancel, N),
        ("hexie resident evaluate", &c.hexie_resident, &evaluate, N),
        ("hexie committee reject", &c.hexie_committee, &reject, N),
    ];
    for (name, who, body, expected) in cases {
        let (status, resp) = app.act(who, order, body.clone()).await;
        assert_eq!(status, expected, "{name}: {resp}");
        code(&resp);
    }
    let after = app.order(&c.committee, order).await;
    assert_eq!(after["status"], "dispatched");
    assert_eq!(after["timeline"], before["timeline"]);

    // And the ones that may, do.
    app.ok(&c.resident, order, json!({"action": "cancel"}))
        .await;
}

#[tokio::test]
async fn another_communitys_committee_sees_none_of_our_orders() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let order = app.place(&c.resident, "appeal", "facility_repair").await;
    let wish = app.place(&c.resident, "micro_wish", "wish_goods").await;

    for id in [order, wish] {
        let (status, body) = app.get(&c.hexie_committee, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(code(&body), "not_found");
        let (status, _) = app.get(&c.hexie_resident, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, list) = app
        .get(&c.hexie_committee, "/orders?scope=community&per_page=100")
        .await;
    let items = list["items"].as_array().expect("items");
    assert!(!items.is_empty(), "Hexie has its own demo history");
    assert!(items
        .iter()
        .all(|o| o["community_id"] == items[0]["community_id"]));
    assert!(items.iter().all(|o| o["id"] != order && o["id"] != wish));
    let (_, wall) = app.get(&c.hexie_resident, "/wishes").await;
    assert!(wall["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|o| o["id"] != wish));

    // Nor can it dispatch to our units, nor we to a volunteer who is not ours.
    let unit = app.unit_id(&c.committee, "红色物业").await;
    let hexie_order = app.place(&c.hexie_resident, "appeal", "environment").await;
    let (status, body) = app
        .act(
            &c.hexie_committee,
            hexie_order,
            json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), "validation_failed");
    let (status, _) = app
        .act(&c.committee, order, json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": c.hexie_resident.user_id}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get(&c.hexie_committee, "/units").await;
    assert_eq!(status, StatusCode::OK);

    // The district admin sees both communities.
    let (status, all) = app
        .get(&c.admin, "/orders?scope=community&per_page=100")
        .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&Value> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| &o["id"])
        .collect();
    assert!(ids.contains(&&json!(order)) && ids.contains(&&json!(hexie_order)));
}

#[tokio::test]
async fn residents_see_only_their_own_orders_and_names_are_masked_for_others() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let order = app.place(&c.resident, "door_service", "errand").await;

    let (status, _) = app
        .get(&c.other_resident, &format!("/orders/{order}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app.get(&c.other_resident, "/orders?scope=community").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&body), "forbidden");
    let (_, mine) = app
        .get(&c.other_resident, "/orders?scope=mine&per_page=100")
        .await;
    assert!(mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|o| o["requester"]["id"] == c.other_resident.user_id));

    // The committee serves every order of its community: full details.
    let seen = app.order(&c.committee, order).await;
    assert_eq!(seen["requester"]["name"], "王秀英");
    assert_eq!(seen["address"], "幸福小区1号楼101");
    // A wish is public to the community, but masked.
    let wish = app.place(&c.resident, "micro_wish", "wish_goods").await;
    let seen = app.order(&c.other_resident, wish).await;
    assert_eq!(seen["requester"]["name"], "王**");
    assert!(seen["requester"]["phone"].is_null() && seen["address"].is_null());
    assert!(seen["allowed_actions"]
        .as_array()
        .expect("actions")
        .is_empty());
}

#[tokio::test]
async fn only_dispatchers_list_units_and_volunteers() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    for who in [&c.resident, &c.assignee, &c.unit_member] {
        for path in ["/units", "/volunteers"] {
            let (status, _) = app.get(who, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    let (_, vols) = app.get(&c.committee, "/volunteers").await;
    let vols = vols["items"].as_array().expect("items");
    assert_eq!(vols.len(), 3);
    assert!(vols.iter().any(|v| v["skills"]
        .as_array()
        .is_some_and(|s| s.contains(&json!("法律咨询")))));
    let (_, cats) = app.get(&c.resident, "/categories?kind=appeal").await;
    let cats = cats["items"].as_array().expect("items");
    assert!(!cats.is_empty() && cats.iter().all(|c| c["kind"] == "appeal"));
}

#[tokio::test]
async fn an_order_needs_a_category_of_its_kind_in_the_callers_community() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    for (kind, category) in [
        ("appeal", "haircut"),
        ("door_service", "no_such"),
        ("micro_wish", ""),
    ] {
        let (status, body) = app
            .post(
                &c.resident,
                "/orders",
                json!({"kind": kind, "category": category, "title": "t", "description": "d"}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}/{category}: {body}");
        assert_eq!(code(&body), "validation_failed");
    }
    let (status, body) = app
        .post(
            &c.resident,
            "/orders",
            json!({"kind": "appeal", "category": "environment", "title": "  ", "description": "d"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("title")));
}

const WANG: &str = "王秀英";

fn names_in(order: &Value) -> Vec<String> {
    let mut names: Vec<String> = order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["actor"]["name"].as_str().map(String::from))
        .collect();
    names.push(
        order["requester"]["name"]
            .as_str()
            .unwrap_or_default()
            .into(),
    );
    names
}

#[tokio::test]
async fn the_timeline_never_names_the_requester_to_who_does_not_serve() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let other_volunteer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;

    // On the wall and on the order page, to a volunteer who does not serve it.
    let (status, wall) = app.get(&other_volunteer, "/wishes").await;
    assert_eq!(status, StatusCode::OK);
    let on_wall = wall["items"]
        .as_array()
        .and_then(|items| items.iter().find(|o| o["id"] == wish))
        .expect("the wish is on the wall")
        .clone();
    let page = app.order(&other_volunteer, wish).await;
    for seen in [on_wall, page] {
        let names = names_in(&seen);
        assert!(
            names.iter().all(|n| n == "王**"),
            "a stranger sees {names:?}"
        );
    }
    // The requester and those serving still see the name whole.
    let own = app.order(&resident, wish).await;
    assert!(names_in(&own).iter().all(|n| n == WANG));
}

#[tokio::test]
async fn a_requester_never_serves_their_own_order() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    // A member of 红色物业 asks for a repair, which is dispatched to their own unit.
    let member = app.login(PROPERTY).await;
    let id = app.place(&member, "door_service", "appliance_repair").await;
    app.dispatch_to_unit(&committee, id, "红色物业").await;
    let seen = app.order(&member, id).await;
    // What is theirs as the requester: cancel, and urge the unit on.
    assert_eq!(seen["allowed_actions"], json!(["cancel", "urge"]), "{seen}");
    for body in [
        json!({"action": "accept"}),
        json!({"action": "reject", "reason": "r"}),
    ] {
        let (status, resp) = app.act(&member, id, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{resp}");
    }
    // Nor can a volunteer be dispatched their own order.
    let doctor = app.login(DOCTOR).await;
    let own = app.place(&doctor, "door_service", "appliance_repair").await;
    let (status, body) = app
        .act(
            &committee,
            own,
            json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": doctor.user_id}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
