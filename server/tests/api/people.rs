//! People join, and are managed: places, registration and approval, the
//! people desk, reset codes, passwords and the record of who did what.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn community_of(app: &TestApp, s: &Session) -> i64 {
    let (_, me) = app.get(s, "/me").await;
    me["community"]["id"].as_i64().expect("a community")
}

/// The first building of the committee's community.
async fn a_building(app: &TestApp, committee: &Session) -> i64 {
    let (status, tree) = app.get(committee, "/places").await;
    assert_eq!(status, StatusCode::OK, "{tree}");
    tree["districts"][0]["streets"][0]["communities"][0]["grids"][0]["buildings"][0]["id"]
        .as_i64()
        .expect("a building")
}

fn session_of(body: &Value) -> Session {
    Session {
        token: body["access_token"].as_str().expect("token").into(),
        refresh: body["refresh_token"].as_str().expect("refresh").into(),
        user_id: body["user"]["id"].as_i64().expect("id"),
    }
}

async fn refresh(app: &TestApp, s: &Session) -> (StatusCode, Value) {
    app.post_anon("/auth/refresh", json!({"refresh_token": s.refresh}))
        .await
}

async fn register(app: &TestApp, phone: &str, community: i64, building: Option<i64>) -> Session {
    let (status, body) = app
        .post_anon(
            "/auth/register",
            json!({"phone": phone, "password": "garden-2026", "name": "钱奶奶",
                   "community_id": community, "building_id": building, "room": "501",
                   "consent": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["membership"]["status"], "pending");
    session_of(&body)
}

#[tokio::test]
async fn the_admin_sets_up_streets_and_communities_and_the_committee_its_grids_and_buildings() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN).await;
    let committee = app.login(COMMITTEE).await;
    let xingfu = community_of(&app, &committee).await;

    let (status, street) = app
        .post(&admin, "/streets", json!({"name": "南关街道"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{street}");
    let street = street["id"].as_i64().expect("id");
    let (status, body) = app
        .post(&admin, "/streets", json!({"name": "南关街道"}))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "conflict"));
    let (status, body) = app.post(&admin, "/streets", json!({"name": "  "})).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let (status, body) = app
        .post(&committee, "/streets", json!({"name": "北关街道"}))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));

    let (status, c) = app
        .post(
            &admin,
            "/communities",
            json!({"name": "新民社区", "street_id": street}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let new_community = c["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &admin,
            "/communities",
            json!({"name": "新民社区", "street_id": street}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The committee sets up its own grids and buildings, not another's.
    let (status, g) = app
        .post(
            &committee,
            &format!("/communities/{xingfu}/grids"),
            json!({"name": "第三网格"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{g}");
    let grid = g["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &committee,
            &format!("/communities/{new_community}/grids"),
            json!({"name": "第一网格"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The same name under another parent is fine.
    let (status, _) = app
        .post(
            &admin,
            &format!("/communities/{new_community}/grids"),
            json!({"name": "第三网格"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, b) = app
        .post(
            &committee,
            &format!("/grids/{grid}/buildings"),
            json!({"name": "9号楼"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let building = b["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &committee,
            &format!("/grids/{grid}/buildings"),
            json!({"name": "9号楼"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, r) = app
        .patch(
            &committee,
            &format!("/buildings/{building}"),
            json!({"name": "9号楼东"}),
        )
        .await;
    assert_eq!(
        (status, r["name"].as_str()),
        (StatusCode::OK, Some("9号楼东"))
    );
    let (status, _) = app
        .patch(
            &committee,
            &format!("/communities/{xingfu}"),
            json!({"name": "幸福里"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a committee does not rename its community"
    );
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .patch(
            &hexie,
            &format!("/grids/{grid}"),
            json!({"name": "别人的网格"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Each sees its part of the tree.
    let (_, mine) = app.get(&committee, "/places").await;
    let streets = mine["districts"][0]["streets"].as_array().expect("streets");
    assert_eq!(streets.len(), 1, "{mine}");
    let communities = streets[0]["communities"].as_array().expect("communities");
    assert_eq!(communities.len(), 1, "{mine}");
    assert_eq!(communities[0]["id"].as_i64(), Some(xingfu));
    assert!(mine.to_string().contains("9号楼东"));
    let (_, all) = app.get(&admin, "/places").await;
    assert!(all.to_string().contains("新民社区") && all.to_string().contains("和谐社区"));
    let officer = app.login(XIGUAN_OFFICER).await;
    let (_, west) = app.get(&officer, "/places").await;
    assert!(west.to_string().contains("平安社区") && !west.to_string().contains("幸福社区"));
    // Before signing up, every community (to choose one's home).
    let (status, public) = app.send(reqwest::Method::GET, None, "/places", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(public.to_string().contains("新民社区") && public.to_string().contains("平安社区"));
}

#[tokio::test]
async fn a_resident_registers_waits_and_is_approved_by_the_committee_then_orders() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let xingfu = community_of(&app, &committee).await;
    let building = a_building(&app, &committee).await;

    let base = json!({"phone": "13700000001", "password": "garden-2026", "name": "钱奶奶",
                      "community_id": xingfu});
    let (status, body) = app.post_anon("/auth/register", base.clone()).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "validation_failed"),
        "no consent"
    );
    let mut short = base.clone();
    short["consent"] = json!(true);
    short["password"] = json!("123");
    let (status, _) = app.post_anon("/auth/register", short).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a password of 3 characters"
    );
    let mut elsewhere = base.clone();
    elsewhere["consent"] = json!(true);
    elsewhere["community_id"] = json!(community_of(&app, &app.login(HEXIE_COMMITTEE).await).await);
    elsewhere["building_id"] = json!(building);
    let (status, _) = app.post_anon("/auth/register", elsewhere).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a building of another community"
    );

    let applicant = register(&app, "13700000001", xingfu, Some(building)).await;
    let (status, body) = app
        .post_anon(
            "/auth/register",
            json!({"phone": "13700000001", "password": "another-pass", "name": "钱",
                   "community_id": xingfu, "consent": true}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "conflict"));

    // Waiting: signed in, nothing of the community.
    let (_, me) = app.get(&applicant, "/me").await;
    assert_eq!(me["roles"], json!([]), "{me}");
    assert_eq!(me["memberships"][0]["status"], "pending", "{me}");
    let (status, body) = app
        .post(
            &applicant,
            "/orders",
            json!({"kind": "appeal", "category": "facility_repair",
              "title": "楼上漏水", "description": "请帮忙"}),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, "membership_pending"),
        "{body}"
    );
    let (status, body) = app.get(&applicant, "/wishes").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, "membership_pending")
    );
    let (status, _) = app.get(&applicant, "/memberships").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another community's committee neither sees nor decides.
    let (_, list) = app.get(&committee, "/memberships?status=pending").await;
    let item = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["person"]["phone"] == "13700000001")
        .cloned()
        .expect("the application is on the committee's list");
    assert_eq!(item["room"], "501");
    assert!(item["building"]["name"].is_string(), "{item}");
    let id = item["id"].as_i64().expect("id");
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (_, theirs) = app.get(&hexie, "/memberships").await;
    assert!(!theirs.to_string().contains("13700000001"));
    let (status, _) = app
        .post(&hexie, &format!("/memberships/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = app
        .post(&committee, &format!("/memberships/{id}/approve"), json!({}))
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("active")),
        "{body}"
    );
    let (status, body) = app
        .post(&committee, &format!("/memberships/{id}/approve"), json!({}))
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, "invalid_transition")
    );

    // The old token stops (its roles changed); a refresh brings the role.
    let (status, body) = app.get(&applicant, "/me").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
    let (status, body) = refresh(&app, &applicant).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let resident = session_of(&body);
    assert_eq!(body["user"]["roles"], json!(["resident"]), "{body}");
    let (_, inbox) = app.get(&resident, "/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "membership_approved", "{inbox}");
    let order = app.place(&resident, "appeal", "facility_repair").await;
    // The order comes from her grid: the grid of the building she lives in.
    let (_, tree) = app.get(&committee, "/places").await;
    let grid = tree["districts"][0]["streets"][0]["communities"][0]["grids"][0]["id"].clone();
    assert_eq!(app.order(&committee, order).await["grid_id"], grid);

    // The record says who approved.
    let (_, audit) = app
        .get(&committee, &format!("/people/{}/audit", resident.user_id))
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["approved", "registered"], "{audit}");
    assert_eq!(audit["items"][0]["actor"]["name"], "李书记");
}

#[tokio::test]
async fn a_rejected_applicant_hears_why_and_may_apply_again() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let xingfu = community_of(&app, &committee).await;
    let applicant = register(&app, "13700000002", xingfu, None).await;
    let (_, list) = app.get(&committee, "/memberships").await;
    let id = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["person"]["phone"] == "13700000002")
        .and_then(|m| m["id"].as_i64())
        .expect("the application");
    let (status, _) = app
        .post(
            &committee,
            &format!("/memberships/{id}/reject"),
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a rejection needs a reason"
    );
    let (status, body) = app
        .post(
            &committee,
            &format!("/memberships/{id}/reject"),
            json!({"reason": "查无此房号，请核对后重新申请"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("rejected"))
    );
    let (_, me) = app.get(&applicant, "/me").await;
    assert_eq!(me["memberships"][0]["status"], "rejected");
    assert_eq!(
        me["memberships"][0]["reason"],
        "查无此房号，请核对后重新申请"
    );
    let (_, inbox) = app.get(&applicant, "/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "membership_rejected");
    assert!(inbox["items"][0]["body"]
        .as_str()
        .unwrap_or_default()
        .contains("查无此房号"));

    let (status, body) = app
        .post(
            &applicant,
            "/me/memberships",
            json!({"community_id": xingfu, "room": "502"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::CREATED, Some("pending")),
        "{body}"
    );
    let (status, _) = app
        .post(
            &applicant,
            "/me/memberships",
            json!({"community_id": xingfu}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "one application waits at a time"
    );
    let (_, list) = app.get(&committee, "/memberships?status=pending").await;
    assert!(list.to_string().contains("13700000002"));
    let (_, rejected) = app.get(&committee, "/memberships?status=rejected").await;
    assert!(rejected.to_string().contains("查无此房号"));
}

#[tokio::test]
async fn the_committee_grants_roles_but_only_an_admin_makes_a_committee_member() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let admin = app.login(ADMIN).await;
    let resident = app.login(RESIDENT).await;
    let (status, found) = app.get(&committee, "/people?q=13900000011").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["roles"], json!(["resident"]));
    let (_, pending) = app.get(&committee, "/people?status=pending").await;
    assert!(
        pending.to_string().contains("孙阿姨"),
        "the demo's waiting resident: {pending}"
    );
    let (status, _) = app.get(&committee, "/people?status=sleeping").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get(&resident, "/people").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let id = resident.user_id;
    let (status, body) = app
        .patch(
            &committee,
            &format!("/people/{id}"),
            json!({"roles": ["resident", "volunteer"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["roles"], json!(["resident", "volunteer"]));
    let (status, body) = app
        .patch(
            &committee,
            &format!("/people/{id}"),
            json!({"roles": ["resident", "committee"]}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let (status, _) = app
        .patch(
            &committee,
            &format!("/people/{id}"),
            json!({"roles": ["resident", "grid_worker"]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a grid worker needs a grid"
    );
    let (status, body) = app
        .patch(
            &admin,
            &format!("/people/{id}"),
            json!({"roles": ["resident", "committee"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["roles"], json!(["resident", "committee"]));
    // Another community's committee cannot touch them.
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .patch(&hexie, &format!("/people/{id}"), json!({"active": false}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&hexie, &format!("/people/{id}/audit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The old token stops: the roles changed.
    let (status, body) = app.get(&resident, "/me").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
    let (_, audit) = app.get(&committee, &format!("/people/{id}/audit")).await;
    assert_eq!(audit["items"][0]["action"], "roles_changed");
    assert_eq!(audit["items"][0]["detail"], "resident, committee");
}

#[tokio::test]
async fn a_deactivated_account_stops_at_once_and_can_be_reactivated() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT2).await;
    let id = resident.user_id;
    let (status, body) = app
        .patch(
            &committee,
            &format!("/people/{id}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(
        (status, body["active"].as_bool()),
        (StatusCode::OK, Some(false)),
        "{body}"
    );
    let (status, body) = app.get(&resident, "/orders?scope=mine").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "account_inactive")
    );
    let (status, _) = refresh(&app, &resident).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": RESIDENT2, "password": "demo1234"}),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "account_inactive")
    );
    let (status, _) = app
        .patch(
            &committee,
            &format!("/people/{id}"),
            json!({"active": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    app.login(RESIDENT2).await;
    let (_, audit) = app.get(&committee, &format!("/people/{id}/audit")).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["reactivated", "deactivated"]);
    let (status, _) = app
        .patch(
            &committee,
            &format!("/people/{}", committee.user_id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "nobody deactivates themselves"
    );
    // A fellow committee member answers to the admin.
    let colleague = app.login("13900000002").await;
    let (status, body) = app
        .patch(
            &committee,
            &format!("/people/{}", colleague.user_id),
            json!({"active": false}),
        )
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let admin = app.login(ADMIN).await;
    let (status, _) = app
        .patch(
            &admin,
            &format!("/people/{}", colleague.user_id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the admin may");
}

#[tokio::test]
async fn reset_codes_work_once_and_expire() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let id = resident.user_id;
    let (status, body) = app
        .post(&committee, &format!("/people/{id}/reset-code"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let code_1 = body["code"].as_str().expect("code").to_string();
    assert_eq!(code_1.len(), 8);
    let (status, _) = app
        .post(&resident, &format!("/people/{id}/reset-code"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a resident issues no codes");

    let reset =
        |code: &str, password: &str| json!({"phone": RESIDENT, "code": code, "password": password});
    let (status, body) = app
        .post_anon("/auth/reset", reset("00000000", "new-pass-1"))
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let (status, _) = app.post_anon("/auth/reset", reset(&code_1, "short")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = app
        .post_anon("/auth/reset", reset(&code_1, "new-pass-1"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app
        .post_anon("/auth/reset", reset(&code_1, "new-pass-2"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a code works once");
    // The old sessions ended; the new password signs in.
    let (status, _) = refresh(&app, &resident).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post_anon(
            "/auth/login",
            json!({"phone": RESIDENT, "password": "new-pass-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, body) = app
        .post(&committee, &format!("/people/{id}/reset-code"), json!({}))
        .await;
    let code_2 = body["code"].as_str().expect("code").to_string();
    app.clock.advance(Duration::hours(25));
    let (status, _) = app
        .post_anon("/auth/reset", reset(&code_2, "new-pass-3"))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a code expires after 24 hours"
    );
    let (_, audit) = app.get(&committee, &format!("/people/{id}/audit")).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        ["reset_code_issued", "password_reset", "reset_code_issued"]
    );
}

#[tokio::test]
async fn changing_ones_password_ends_the_other_sessions() {
    let app = spawn_app().await;
    let here = app.login(DOCTOR).await;
    let elsewhere = app.login(DOCTOR).await;
    let (status, body) = app
        .post(
            &here,
            "/me/password",
            json!({"old": "wrong-one", "new": "clinic-2026"}),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let (status, _) = app
        .post(
            &here,
            "/me/password",
            json!({"old": "demo1234", "new": "clinic-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = refresh(&app, &elsewhere).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the other session ended");
    let (status, body) = refresh(&app, &here).await;
    assert_eq!(status, StatusCode::OK, "this one goes on: {body}");
    let (status, _) = app
        .post_anon(
            "/auth/login",
            json!({"phone": DOCTOR, "password": "clinic-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_party_member_reports_and_becomes_a_volunteer_with_a_profile() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let xingfu = community_of(&app, &committee).await;
    // The demo's 周工程师 waits already.
    let (_, waiting) = app.get(&committee, "/volunteer-applications").await;
    assert_eq!(
        waiting["items"][0]["person"]["name"], "周工程师",
        "{waiting}"
    );
    assert_eq!(waiting["items"][0]["skills"], json!(["电工", "线路检修"]));

    let resident = app.login(RESIDENT2).await;
    let report = json!({"community_id": xingfu, "work_unit": "区供电公司", "party_member": true,
                        "skills": ["电工", " ", "电工", "维修"], "background": "党员先锋岗"});
    let (status, body) = app
        .post(&resident, "/volunteer-applications", report.clone())
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::CREATED, Some("pending")),
        "{body}"
    );
    let id = body["id"].as_i64().expect("id");
    let (status, _) = app
        .post(&resident, "/volunteer-applications", report.clone())
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "one report waits at a time");
    let mut bad = report.clone();
    bad["work_unit"] = json!("");
    let (status, _) = app.post(&resident, "/volunteer-applications", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get(&resident, "/volunteer-applications").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .post(
            &hexie,
            &format!("/volunteer-applications/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, summary) = app.get(&committee, "/volunteer-applications/summary").await;
    assert_eq!(summary["items"][0]["work_unit"], "区供电公司");
    assert_eq!(summary["items"][0]["pending"], 2, "{summary}");
    assert_eq!(summary["items"][0]["reported"], 0);

    let (status, body) = app
        .post(
            &committee,
            &format!("/volunteer-applications/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("active")),
        "{body}"
    );
    let (status, _) = app
        .post(
            &committee,
            &format!("/volunteer-applications/{id}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A volunteer now, with the skills as a profile that dispatch lists.
    let (_, volunteers) = app.get(&committee, "/volunteers").await;
    let me = volunteers["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|v| v["id"].as_i64() == Some(resident.user_id))
        .cloned()
        .expect("on the dispatch list");
    assert_eq!(me["skills"], json!(["电工", "维修"]));
    let (_, body) = refresh(&app, &resident).await;
    let roles = body["user"]["roles"].to_string();
    assert!(
        roles.contains("volunteer") && roles.contains("resident"),
        "{body}"
    );
    let (_, summary) = app.get(&committee, "/volunteer-applications/summary").await;
    assert_eq!(summary["items"][0]["reported"], 1, "{summary}");
    assert_eq!(summary["items"][0]["pending"], 1);

    // The demo's engineer is rejected, with a reason he reads.
    let engineer_app = waiting["items"][0]["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &committee,
            &format!("/volunteer-applications/{engineer_app}/reject"),
            json!({"reason": "请先完成社区登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let engineer = app.login("13900000024").await;
    let (_, inbox) = app.get(&engineer, "/notifications").await;
    assert_eq!(inbox["items"][0]["kind"], "membership_rejected");
    let (_, rejected) = app
        .get(&committee, "/volunteer-applications?status=rejected")
        .await;
    assert_eq!(rejected["items"][0]["reason"], "请先完成社区登记");
}

#[tokio::test]
async fn the_committee_registers_a_unit_and_its_staff_who_set_a_password_with_a_code() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (status, body) = app
        .post(
            &committee,
            "/units",
            json!({"name": "社区卫生服务站", "kind": "social_org",
              "skills": ["义诊", "慢病随访"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let unit = body["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &committee,
            "/units",
            json!({"name": "社区卫生服务站", "kind": "social_org"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post(
            &committee,
            "/units",
            json!({"name": "某单位", "kind": "bank"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let resident = app.login(RESIDENT).await;
    let (status, _) = app
        .post(&resident, "/units", json!({"name": "x", "kind": "company"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .patch(
            &committee,
            &format!("/units/{unit}"),
            json!({"skills": ["义诊", "上门护理"]}),
        )
        .await;
    assert_eq!(
        (status, body["skills"].clone()),
        (StatusCode::OK, json!(["义诊", "上门护理"]))
    );
    let (_, units) = app.get(&committee, "/units").await;
    assert!(
        units.to_string().contains("社区卫生服务站"),
        "dispatch offers it: {units}"
    );
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .post(
            &hexie,
            &format!("/units/{unit}/members"),
            json!({"phone": "13500000001", "name": "吴护士"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A new phone becomes an account without a password.
    let (status, member) = app
        .post(
            &committee,
            &format!("/units/{unit}/members"),
            json!({"phone": "13500000001", "name": "吴护士"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    assert_eq!(member["can_sign_in"], false);
    let nurse = member["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &committee,
            &format!("/units/{unit}/members"),
            json!({"phone": "13500000001", "name": "吴护士"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13500000001", "password": "anything-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no password yet");
    let (_, code_body) = app
        .post(
            &committee,
            &format!("/people/{nurse}/reset-code"),
            json!({}),
        )
        .await;
    let the_code = code_body["code"].as_str().expect("code");
    let (status, _) = app
        .post_anon(
            "/auth/reset",
            json!({"phone": "13500000001", "code": the_code, "password": "nurse-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13500000001", "password": "nurse-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["roles"], json!(["unit_member"]));
    assert_eq!(body["user"]["unit"]["name"], "社区卫生服务站");
    let staff = session_of(&body);

    let (_, members) = app.get(&committee, &format!("/units/{unit}/members")).await;
    assert_eq!(members["items"][0]["can_sign_in"], true, "{members}");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&committee),
            &format!("/units/{unit}/members/{nurse}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&staff, "/me").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old token stops: the role went"
    );
    let (_, body) = refresh(&app, &staff).await;
    assert_eq!(body["user"]["roles"], json!([]), "{body}");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&committee),
            &format!("/units/{unit}/members/{nurse}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Every text column of every table that holds `needle` (SQLite or
/// PostgreSQL): where a deleted person's data could still be.
async fn tables_holding(app: &TestApp, needle: &str) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    let backend = db.get_database_backend();
    let columns: Vec<(String, String)> = if backend == sea_orm::DbBackend::Postgres {
        db.query_all(Statement::from_string(
            backend,
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')",
        ))
        .await
        .expect("columns")
        .iter()
        .map(|r| {
            (
                r.try_get_by_index(0).expect("t"),
                r.try_get_by_index(1).expect("c"),
            )
        })
        .collect()
    } else {
        let tables: Vec<String> = db
            .query_all(Statement::from_string(
                backend,
                "SELECT name FROM sqlite_master WHERE type = 'table'",
            ))
            .await
            .expect("tables")
            .iter()
            .map(|r| r.try_get_by_index(0).expect("name"))
            .collect();
        let mut out = Vec::new();
        for t in tables {
            for r in db
                .query_all(Statement::from_string(
                    backend,
                    format!("PRAGMA table_info(\"{t}\")"),
                ))
                .await
                .expect("table info")
            {
                let name: String = r.try_get("", "name").expect("name");
                let ty: String = r.try_get("", "type").expect("type");
                let ty = ty.to_lowercase();
                if ty.contains("text") || ty.contains("char") || ty.is_empty() {
                    out.push((t.clone(), name));
                }
            }
        }
        out
    };
    let mut found = Vec::new();
    for (t, c) in columns {
        let sql =
            format!("SELECT COUNT(*) FROM \"{t}\" WHERE CAST(\"{c}\" AS TEXT) LIKE '%{needle}%'");
        let row = db
            .query_one(Statement::from_string(backend, sql))
            .await
            .expect("count")
            .expect("a row");
        let n: i64 = row.try_get_by_index(0).expect("n");
        if n > 0 {
            found.push(format!("{t}.{c}"));
        }
    }
    found
}

#[tokio::test]
async fn a_person_who_leaves_is_gone_from_every_endpoint_and_the_database() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let xingfu = community_of(&app, &committee).await;
    let building = a_building(&app, &committee).await;
    let leaver = register(&app, "13700000077", xingfu, Some(building)).await;
    let (_, list) = app.get(&committee, "/memberships").await;
    let id = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["person"]["phone"] == "13700000077")
        .and_then(|m| m["id"].as_i64())
        .expect("application");
    app.post(&committee, &format!("/memberships/{id}/approve"), json!({}))
        .await;
    let (_, body) = refresh(&app, &leaver).await;
    let leaver = session_of(&body);
    // An open order with an address and a photo, and one that is finished.
    let photo = app.upload(&leaver, "phone.jpg").await;
    let (status, open) = app
        .post(
            &leaver,
            "/orders",
            json!({"kind": "door_service", "category": "haircut",
              "title": "上门理发", "description": "行动不便", "address": "幸福里1号楼501",
              "photos": [photo["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{open}");
    let open = open["id"].as_i64().expect("id");
    let done = app.place(&leaver, "appeal", "facility_repair").await;
    app.dispatch_to_unit(&committee, done, "红色物业").await;
    let property = app.login(PROPERTY).await;
    app.ok(&property, done, json!({"action": "accept"})).await;
    app.ok(
        &property,
        done,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    app.ok(&leaver, done, json!({"action": "evaluate", "rating": 5}))
        .await;

    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&leaver),
            "/me",
            Some(json!({"password": "wrong-one"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the password confirms it");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&leaver),
            "/me",
            Some(json!({"password": "garden-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Signed out everywhere; cannot sign in again.
    let (status, _) = app.get(&leaver, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = refresh(&app, &leaver).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The open order is cancelled by the system, its address gone; the
    // finished one stays, rated, for the figures.
    let o = app.order(&committee, open).await;
    assert_eq!(o["status"], "cancelled", "{o}");
    assert!(o["address"].is_null(), "{o}");
    assert_eq!(
        o["timeline"]
            .as_array()
            .expect("timeline")
            .last()
            .expect("entry")["system"]["code"],
        "requester_left",
        "{o}"
    );
    let d = app.order(&committee, done).await;
    assert_eq!(
        (d["status"].as_str(), d["rating"].as_i64()),
        (Some("evaluated"), Some(5))
    );
    assert_eq!(d["requester"]["name"], "已注销用户", "{d}");
    app.clock.advance(Duration::hours(1));
    app.run_jobs().await;

    for path in [
        "/people?q=13700000077",
        "/people?q=钱奶奶",
        "/memberships?status=active",
        "/orders?scope=community&per_page=100",
        &format!("/orders/{open}"),
        &format!("/orders/{done}"),
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let text = body.to_string();
        assert!(
            !text.contains("13700000077")
                && !text.contains("钱奶奶")
                && !text.contains("幸福里1号楼501"),
            "{path} still shows the person: {text}"
        );
    }
    for needle in ["13700000077", "钱奶奶", "幸福里1号楼501"] {
        assert_eq!(
            tables_holding(&app, needle).await,
            Vec::<String>::new(),
            "{needle} is still stored"
        );
    }
    let (status, _) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13700000077", "password": "garden-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The phone may register again, as someone new.
    register(&app, "13700000077", xingfu, None).await;
}

fn roster_xlsx(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).expect("row"),
                u16::try_from(c).expect("col"),
            );
            // Phones as numbers, as Excel keeps them.
            match cell.parse::<f64>() {
                Ok(n) if c == 1 && r > 0 => sheet.write_number(r, c, n),
                _ => sheet.write_string(r, c, *cell),
            }
            .expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn a_roster_is_previewed_row_by_row_then_committed_once_and_again_adds_no_one() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let csv = "\u{feff}姓名,手机号,网格,楼栋,房号\n\
               周大爷,13800000001,第一网格,1号楼,101\n\
               ,13800000002,第一网格,1号楼,102\n\
               吴奶奶,1380000,第一网格,,\n\
               郑阿姨,13800000004,第九网格,1号楼,103\n\
               王秀英,13900000011,第一网格,2号楼,201\n\
               周大爷二,13800000001,第一网格,,\n\
               \n\
               冯叔,13800000007,,,\n";
    let (status, preview) = app
        .multipart(
            "/people/imports",
            Some(&committee),
            "file",
            "roster.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let rows = preview["rows"].as_array().expect("rows");
    let verdict: Vec<(i64, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["row"].as_i64().expect("row"),
                r["ok"].as_bool().expect("ok"),
            )
        })
        .collect();
    assert_eq!(
        verdict,
        [
            (2, true),
            (3, false),
            (4, false),
            (5, false),
            (6, true),
            (7, false),
            (9, true)
        ],
        "{preview}"
    );
    assert!(
        rows[3]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("第九网格"),
        "{preview}"
    );
    assert!(rows[5]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("twice"));
    // Nothing written yet.
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["total"], 0);

    let id = preview["id"].as_i64().expect("id");
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .post(&hexie, &format!("/people/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, result) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result, json!({"created": 2, "existing": 1}));
    let (status, _) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a preview commits once");
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["items"][0]["roles"], json!(["resident"]), "{found}");
    assert_eq!(found["items"][0]["room"], "101");
    assert_eq!(found["items"][0]["can_sign_in"], false);

    // The same roster again, as Excel: no one new.
    let xlsx = roster_xlsx(&[
        ["姓名", "手机号", "网格", "楼栋", "房号"],
        ["周大爷", "13800000001", "第一网格", "1号楼", "101"],
        ["冯叔", "13800000007", "", "", ""],
        ["褚先生", "13800000008", "第二网格", "", "5"],
    ]);
    let (status, preview) = app
        .multipart(
            "/people/imports",
            Some(&committee),
            "file",
            "roster.xlsx",
            &xlsx,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert!(
        preview["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["ok"] == true),
        "{preview}"
    );
    let id = preview["id"].as_i64().expect("id");
    let (_, result) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(result, json!({"created": 1, "existing": 2}));
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["total"], 1, "no duplicate");

    // What is not a roster is said so.
    for (name, bytes) in [
        ("empty.csv", Vec::new()),
        ("headless.csv", "a,b\n1,2\n".as_bytes().to_vec()),
        ("gbk.csv", vec![0xd0, 0xd5, 0xc3, 0xfb, b',', b'\n']),
        ("broken.xlsx", b"PK\x03\x04not really a zip".to_vec()),
    ] {
        let (status, body) = app
            .multipart("/people/imports", Some(&committee), "file", name, &bytes)
            .await;
        assert!(status == StatusCode::BAD_REQUEST, "{name}: {status} {body}");
    }
    let resident = app.login(RESIDENT).await;
    let (status, _) = app
        .multipart(
            "/people/imports",
            Some(&resident),
            "file",
            "roster.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// "Done when": a new community from nothing — the admin sets up its place and
/// appoints its committee, who sets up a grid and a building, imports the
/// roster, and approves a resident who registers; a unit's staff signs in.
#[tokio::test]
async fn a_new_community_starts_from_its_admin_and_runs_the_loop() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN).await;
    let (_, street) = app
        .post(&admin, "/streets", json!({"name": "南关街道"}))
        .await;
    let (_, c) = app
        .post(
            &admin,
            "/communities",
            json!({"name": "新民社区", "street_id": street["id"]}),
        )
        .await;
    let community = c["id"].as_i64().expect("community");
    let committee = app.login(COMMITTEE).await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/communities/{community}/committee"),
            json!({"phone": "13600000011", "name": "林书记"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the admin appoints");
    let (status, added) = app
        .post(
            &admin,
            &format!("/communities/{community}/committee"),
            json!({"phone": "13600000011", "name": "林书记"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let code = added["reset_code"]["code"]
        .as_str()
        .expect("a reset code for the new account");
    let (status, _) = app
        .post_anon(
            "/auth/reset",
            json!({"phone": "13600000011", "code": code, "password": "xinmin-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13600000011", "password": "xinmin-2026"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["community"]["name"], "新民社区");
    let secretary = session_of(&body);

    let (_, g) = app
        .post(
            &secretary,
            &format!("/communities/{community}/grids"),
            json!({"name": "第一网格"}),
        )
        .await;
    let grid = g["id"].as_i64().expect("grid");
    app.post(
        &secretary,
        &format!("/grids/{grid}/buildings"),
        json!({"name": "1号楼"}),
    )
    .await;
    let roster = "姓名,手机号,网格,楼栋,房号\n陶奶奶,13600000021,第一网格,1号楼,101\n";
    let (_, preview) = app
        .multipart(
            "/people/imports",
            Some(&secretary),
            "file",
            "roster.csv",
            roster.as_bytes(),
        )
        .await;
    let id = preview["id"].as_i64().expect("import");
    let (_, result) = app
        .post(
            &secretary,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(result["created"], 1, "{result}");

    let newcomer = register(&app, "13600000031", community, None).await;
    let (_, waiting) = app.get(&secretary, "/memberships").await;
    let m = waiting["items"][0]["id"].as_i64().expect("application");
    app.post(&secretary, &format!("/memberships/{m}/approve"), json!({}))
        .await;
    let (_, body) = refresh(&app, &newcomer).await;
    let resident = session_of(&body);
    // The loop runs in the new community: a unit registered, its staff dispatched to.
    let (_, cat) = app
        .post(
            &secretary,
            "/categories",
            json!({"code": "repair", "kind": "door_service", "name": "上门维修",
              "response_minutes": 60, "completion_minutes": 1440, "points": 5}),
        )
        .await;
    assert!(cat["code"].is_string(), "{cat}");
    let (_, unit) = app
        .post(
            &secretary,
            "/units",
            json!({"name": "新民物业", "kind": "property", "skills": ["维修"]}),
        )
        .await;
    let unit = unit["id"].as_i64().expect("unit");
    let (_, staff) = app
        .post(
            &secretary,
            &format!("/units/{unit}/members"),
            json!({"phone": "13600000041", "name": "修师傅"}),
        )
        .await;
    let (_, code) = app
        .post(
            &secretary,
            &format!("/people/{}/reset-code", staff["id"]),
            json!({}),
        )
        .await;
    app.post_anon(
        "/auth/reset",
        json!({"phone": "13600000041", "code": code["code"], "password": "repair-2026"}),
    )
    .await;
    let (_, body) = app
        .post_anon(
            "/auth/login",
            json!({"phone": "13600000041", "password": "repair-2026"}),
        )
        .await;
    let repairer = session_of(&body);
    let order = app.place(&resident, "door_service", "repair").await;
    app.ok(
        &secretary,
        order,
        json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}}),
    )
    .await;
    app.ok(&repairer, order, json!({"action": "accept"})).await;
    let o = app
        .ok(
            &repairer,
            order,
            json!({"action": "complete", "note": "修好了"}),
        )
        .await;
    assert_eq!(o["status"], "completed", "{o}");
}
