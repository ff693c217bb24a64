//! Leaving (PIPL): a deleted person is gone from every endpoint and the database.

use super::*;
use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

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
