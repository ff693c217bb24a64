//! The people desk: roles, deactivation, reset codes, passwords; units and their staff.

use super::*;
use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

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
