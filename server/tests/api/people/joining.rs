//! Joining: residents register, wait and are approved or rejected; party members report (双报到).

use super::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

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
