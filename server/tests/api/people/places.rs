//! The places tree: who sets up and renames what, and who sees which part; and a new community run from nothing.

use super::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

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
