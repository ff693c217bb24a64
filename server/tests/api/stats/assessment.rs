//! Assessment from below (以下评上): each unit's dispatches, accepts (in
//! time or not), rejects, missed reports, urges and overdue orders as the
//! test itself did them, its times and ratings against the orders counted
//! the slow way, the committee's score and the ranking, and who may see it.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

fn unit<'a>(a: &'a Value, name: &str) -> &'a Value {
    a["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["unit"]["name"] == name))
        .unwrap_or_else(|| panic!("no {name} in {a}"))
}

fn n(v: &Value, field: &str) -> i64 {
    v[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

const COUNTERS: [&str; 7] = [
    "dispatched",
    "accepted",
    "accepted_on_time",
    "missed_reports",
    "rejected",
    "overdue",
    "urged",
];

#[tokio::test]
async fn each_figure_of_a_unit_is_what_happened_to_its_orders() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let property = app.login(PROPERTY).await; // 红色物业
    let bureau = app.login(MARKET_BUREAU).await; // 市场监督管理局
    let year = app.clock.now().format("%Y").to_string();
    let (status, before) = app.get(&committee, "/assessment").await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["period"], year.as_str(), "this year by default");

    // 红色物业: accepts one in time, rejects one, has one urged and left to go overdue.
    let quick = app.appeal(&resident).await;
    app.dispatch_to_unit(&committee, quick, "红色物业").await;
    app.ok(&property, quick, json!({"action": "accept"})).await;
    app.ok(
        &property,
        quick,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    app.ok(&resident, quick, json!({"action": "evaluate", "rating": 5}))
        .await;
    let passed_on = app.appeal(&resident).await;
    app.dispatch_to_unit(&committee, passed_on, "红色物业")
        .await;
    app.ok(
        &property,
        passed_on,
        json!({"action": "reject", "reason": "不归我们管"}),
    )
    .await;
    let urged = app.appeal(&resident).await;
    app.dispatch_to_unit(&committee, urged, "红色物业").await;
    app.ok(&property, urged, json!({"action": "accept"})).await;
    app.ok(&resident, urged, json!({"action": "urge", "note": "快点"}))
        .await;

    // 市场监督管理局: gets the rejected one, misses its response limit (the
    // whistle records it), then accepts late.
    app.dispatch_to_unit(&committee, passed_on, "市场监督管理局")
        .await;
    app.clock.advance(Duration::minutes(31));
    assert!(app.run_jobs().await.missed_reports >= 1);
    app.ok(&bureau, passed_on, json!({"action": "accept"}))
        .await;
    // A day and more later, the urged order is past due.
    app.clock.advance(Duration::days(2));

    let (_, after) = app
        .get(&committee, &format!("/assessment?period={year}"))
        .await;
    let delta = |name: &str| -> Vec<i64> {
        COUNTERS
            .iter()
            .map(|f| n(unit(&after, name), f) - n(unit(&before, name), f))
            .collect()
    };
    // What the test did (overdue: counted below, the demo's own orders age too).
    //                 dispatched accepted on_time missed rejected overdue urged
    let mut property = delta("红色物业");
    let mut bureau = delta("市场监督管理局");
    property[5] = 0;
    bureau[5] = 0;
    assert_eq!(property, [3, 2, 2, 0, 1, 0, 1], "{after}");
    assert_eq!(bureau, [1, 1, 0, 1, 0, 0, 0], "{after}");

    // Overdue, times and ratings: the orders of each unit placed this year,
    // the slow way.
    let db = app.db().await;
    let now = app.clock.now();
    for name in ["红色物业", "市场监督管理局"] {
        let open: Vec<i64> = db
            .query_all(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "SELECT o.id FROM orders o JOIN units u ON u.id = o.assignee_unit_id \
                     WHERE u.name = '{name}' AND o.community_id = 1 \
                     AND o.status IN ('pending', 'dispatched', 'accepted')"
                ),
            ))
            .await
            .expect("open orders")
            .iter()
            .map(|r| r.try_get::<i32>("", "id").map(i64::from).expect("id"))
            .collect();
        let mut overdue = 0;
        for id in open {
            let o = app.order(&committee, id).await;
            let placed = time(&o["created_at"])
                .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("China"))
                .format("%Y")
                .to_string();
            if time(&o["due_at"]) < now && placed == year {
                overdue += 1;
            }
        }
        assert_eq!(n(unit(&after, name), "overdue"), overdue, "{name}");
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "SELECT COUNT(rating) AS rated, COALESCE(SUM(rating), 0) AS total, \
                     SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied \
                     FROM orders o JOIN units u ON u.id = o.assignee_unit_id \
                     WHERE u.name = '{name}' AND o.community_id = 1"
                ),
            ))
            .await
            .expect("counted")
            .expect("a row");
        let rated: i64 = row.try_get("", "rated").expect("rated");
        let total: i64 = row.try_get("", "total").expect("total");
        let item = unit(&after, name);
        if rated == 0 {
            assert!(item["average_rating"].is_null(), "{item}");
            continue;
        }
        let satisfied: i64 = row.try_get("", "satisfied").expect("satisfied");
        let close = |a: &Value, b: f64| (a.as_f64().unwrap_or(f64::NAN) - b).abs() < 1e-9;
        assert!(
            close(&item["average_rating"], total as f64 / rated as f64),
            "{item}"
        );
        assert!(
            close(&item["satisfaction_rate"], satisfied as f64 / rated as f64),
            "{item}"
        );
    }
    assert!(unit(&after, "红色物业")["average_response_minutes"].is_number());

    // A month and a quarter count the same here (everything happened in this month).
    let month = app.clock.now().format("%Y-%m").to_string();
    let (_, by_month) = app
        .get(&committee, &format!("/assessment?period={month}"))
        .await;
    assert_eq!(by_month["period"], month.as_str());
    assert!(n(unit(&by_month, "红色物业"), "dispatched") >= 3);
}

#[tokio::test]
async fn the_committee_scores_its_units_and_the_ranking_follows() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let year = app.clock.now().format("%Y").to_string();
    let property = app.unit_id(&committee, "红色物业").await;
    let bureau = app.unit_id(&committee, "市场监督管理局").await;
    let put = |unit: i64, body: Value| {
        let committee = committee.clone();
        let app = &app;
        async move {
            app.put(&committee, &format!("/assessment/{unit}"), body)
                .await
        }
    };
    for bad in [
        json!({"period": year, "score": 101}),
        json!({"period": year, "score": -1}),
        json!({"period": "2026-Q5", "score": 80}),
        json!({"period": year, "score": 80, "comment": "好".repeat(501)}),
    ] {
        let (status, body) = put(property, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (status, body) = put(
        property,
        json!({"period": year, "score": 92, "comment": "响应快"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["score"], 92);
    let (status, _) = put(bureau, json!({"period": year, "score": 75})).await;
    assert_eq!(status, StatusCode::OK);
    // Again: the new score replaces the old.
    let (_, body) = put(bureau, json!({"period": year, "score": 95})).await;
    assert_eq!(body["score"], 95);
    assert!(body.get("comment").is_none(), "{body}");

    let (_, a) = app.get(&committee, "/assessment").await;
    assert_eq!(unit(&a, "市场监督管理局")["rank"], 1);
    assert_eq!(unit(&a, "红色物业")["rank"], 2);
    assert_eq!(unit(&a, "红色物业")["comment"], "响应快");
    // Another period has no score yet.
    let (_, other) = app
        .get(&committee, &format!("/assessment?period={year}-Q1"))
        .await;
    assert!(unit(&other, "红色物业")["score"].is_null());

    // Who may: only this committee scores its units.
    let (status, _) = app
        .put(
            &app.login(RESIDENT).await,
            &format!("/assessment/{property}"),
            json!({"period": year, "score": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .put(
            &app.login(HEXIE_COMMITTEE).await,
            &format!("/assessment/{property}"),
            json!({"period": year, "score": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_street_and_the_district_see_their_communities_units_and_residents_nothing() {
    let app = spawn_app().await;
    let (status, _) = app.get(&app.login(RESIDENT).await, "/assessment").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send(reqwest::Method::GET, None, "/assessment", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let committee = app.login(COMMITTEE).await;
    let (status, body) = app.get(&committee, "/assessment?period=2026-13").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = app.get(&committee, "/assessment?community_id=2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, own) = app.get(&committee, "/assessment").await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let (status, street) = app.get(&officer, "/assessment").await;
    assert_eq!(status, StatusCode::OK, "{street}");
    assert_eq!(
        street["items"].as_array().map(Vec::len),
        own["items"].as_array().map(Vec::len)
    );
    assert!(street["items"][0]["community"]["name"].is_string());
    let (status, _) = app
        .get(
            &app.login(XIGUAN_OFFICER).await,
            "/assessment?community_id=1",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another street's community");
    let (status, district) = app.get(&app.login(ADMIN).await, "/assessment").await;
    assert_eq!(status, StatusCode::OK);
    assert!(district["items"].as_array().is_some_and(|i| i.len() >= 2));
}
