use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn count(list: &Value, key: &str) -> u64 {
    list.as_array()
        .and_then(|l| l.iter().find(|c| c["key"] == key))
        .and_then(|c| c["count"].as_u64())
        .unwrap_or(0)
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[tokio::test]
async fn the_committee_sees_its_communitys_figures() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (status, s) = app.get(&committee, "/stats").await;
    assert_eq!(status, StatusCode::OK, "{s}");
    // The demo history of 幸福社区: 8 orders, 2 evaluated (5★ and 4★), 1 cancelled.
    assert_eq!(s["total"], 8);
    assert_eq!(count(&s["by_status"], "pending"), 3);
    assert_eq!(count(&s["by_status"], "evaluated"), 2);
    assert_eq!(count(&s["by_status"], "cancelled"), 1);
    assert_eq!(count(&s["by_kind"], "micro_wish"), 3);
    assert!(close(&s["completion_rate"], 2.0 / 7.0), "{s}");
    assert!(close(&s["satisfaction_rate"], 1.0));
    assert!(close(&s["average_rating"], 4.5));
    // The demo history is spread over the past days: claimed after 2 h, accepted
    // after 25 and 20 min; completed after 2 days and 5 h; one order is past due.
    assert!(close(&s["average_response_minutes"], 55.0), "{s}");
    assert!(close(&s["average_completion_minutes"], 1590.0), "{s}");
    assert_eq!(s["overdue"], 1);
    let unit = &s["per_unit"][0];
    assert_eq!(unit["name"], "红色物业");
    assert_eq!(unit["orders"], 1);
    let goods = s["per_category"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["key"] == "wish_goods"))
        .expect("wish_goods");
    assert_eq!(goods["orders"], 2);
    assert_eq!(goods["done"], 1);

    // A poorly rated order moves the satisfaction rate.
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    app.ok(
        &volunteer,
        wish,
        json!({"action": "complete", "note": "陪聊了一下午"}),
    )
    .await;
    app.ok(&resident, wish, json!({"action": "evaluate", "rating": 2}))
        .await;
    let (_, s) = app.get(&committee, "/stats").await;
    assert_eq!(s["total"], 9);
    assert!(close(&s["satisfaction_rate"], 2.0 / 3.0), "{s}");
    assert!(close(&s["completion_rate"], 3.0 / 8.0), "{s}");
}

#[tokio::test]
async fn figures_follow_the_period_and_the_callers_reach() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (_, s) = app
        .get(&committee, "/stats?from=2000-01-01&to=2000-02-01")
        .await;
    assert_eq!(s["total"], 0);
    assert!(s["completion_rate"].is_null() && s["satisfaction_rate"].is_null());
    let (_, s) = app
        .get(&committee, "/stats?from=2000-01-01T00:00:00Z")
        .await;
    assert_eq!(s["total"], 8);

    for (path, expected) in [
        ("/stats?from=yesterday", StatusCode::BAD_REQUEST),
        (
            "/stats?from=2026-02-01&to=2026-01-01",
            StatusCode::BAD_REQUEST,
        ),
        ("/stats?community_id=abc", StatusCode::BAD_REQUEST),
        ("/stats?community_id=2", StatusCode::NOT_FOUND),
    ] {
        let (status, body) = app.get(&committee, path).await;
        assert_eq!(status, expected, "{path}: {body}");
        code(&body);
    }
    for phone in [RESIDENT, DOCTOR, PROPERTY] {
        let s = app.login(phone).await;
        assert_eq!(
            app.get(&s, "/stats").await.0,
            StatusCode::FORBIDDEN,
            "{phone}"
        );
    }
    let grid = app.login(GRID_WORKER).await;
    assert_eq!(app.get(&grid, "/stats").await.0, StatusCode::OK);

    // The district admin: both communities, or one of them.
    let admin = app.login(ADMIN).await;
    let (_, all) = app.get(&admin, "/stats").await;
    assert_eq!(all["total"], 9);
    assert!(all["community_id"].is_null());
    let (_, hexie) = app.get(&admin, "/stats?community_id=2").await;
    assert_eq!(hexie["total"], 1);
    assert_eq!(
        app.get(&admin, "/stats?community_id=999").await.0,
        StatusCode::NOT_FOUND
    );
}

mod assessment;
mod board;
mod day_rows;
mod trend;

#[tokio::test]
async fn officers_and_admins_see_their_communities_side_by_side_as_stats_counts_each() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    let id = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(&resident, id, json!({"action": "evaluate", "rating": 2}))
        .await;
    let admin = app.login(ADMIN).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    for (who, session, expected, query) in [
        ("admin", &admin, vec![1, 2, 3], ""),
        (
            "admin, a period",
            &admin,
            vec![1, 2, 3],
            "?from=2026-01-01&to=2030-01-01",
        ),
        ("street officer", &officer, vec![1, 2], ""),
    ] {
        let (status, all) = app
            .get(session, &format!("/stats/communities{query}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{who}: {all}");
        let items = all["items"].as_array().expect("items");
        let ids: Vec<i64> = items
            .iter()
            .filter_map(|i| i["community"]["id"].as_i64())
            .collect();
        assert_eq!(ids, expected, "{who}");
        for item in items {
            let c = &item["community"]["id"];
            let sep = if query.is_empty() { "?" } else { "&" };
            let (status, one) = app
                .get(&admin, &format!("/stats{query}{sep}community_id={c}"))
                .await;
            assert_eq!(status, StatusCode::OK, "{one}");
            assert!(item["community"]["name"]
                .as_str()
                .is_some_and(|n| !n.is_empty()));
            assert_eq!(item["total"], one["total"], "{who} {c}");
            assert_eq!(item["overdue"], one["overdue"], "{who} {c}");
            for key in ["completion_rate", "satisfaction_rate", "average_rating"] {
                let (a, b) = (&item[key], &one[key]);
                assert!(
                    a == b
                        || a.as_f64()
                            .zip(b.as_f64())
                            .is_some_and(|(x, y)| (x - y).abs() < 1e-9),
                    "{who} {c} {key}: {a} against {b}"
                );
            }
        }
    }
    // The committee and residents have /stats for their own community.
    for s in [&committee, &resident] {
        let (status, _) = app.get(s, "/stats/communities").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = app
        .get(&admin, "/stats/communities?from=2026-12-01&to=2026-11-01")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
