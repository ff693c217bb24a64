//! `linli seed-bulk`: a realistic district for measuring, consistent with
//! what the API itself would have written.

use crate::helpers::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

fn seed_bulk(url: &str, orders: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["seed-bulk", "--orders", orders, "--database-url", url])
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run linli");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect(sql)
        .expect("a row");
    row.try_get_by_index::<i64>(0).expect("a count")
}

async fn ids_of(app: &TestApp, sql: &str) -> Vec<i64> {
    let db = app.db().await;
    db.query_all(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect(sql)
        .iter()
        .map(|r| i64::from(r.try_get_by_index::<i32>(0).expect("an id")))
        .collect()
}

#[tokio::test]
async fn seed_bulk_adds_orders_the_api_shows_with_consistent_timelines_points_and_figures() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN).await;
    let (_, before) = app.get(&admin, "/stats").await;
    let before = before["total"].as_i64().expect("total");

    let said = seed_bulk(&app.database_url, "3000");
    assert!(said.contains("seeded 3000 orders"), "{said}");
    let (status, after) = app.get(&admin, "/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["total"].as_i64(), Some(before + 3000), "{after}");
    assert!(after["average_rating"].as_f64().is_some(), "{after}");
    // It may run again: 3000 more.
    seed_bulk(&app.database_url, "3000");
    let (_, again) = app.get(&admin, "/stats").await;
    assert_eq!(again["total"].as_i64(), Some(before + 6000));

    // Every order was placed (a create entry), every ledger sums to its
    // balance, every rating sits on an evaluated or closed order.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS \
             (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.action = 'create')"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users u WHERE u.points_balance <> \
             (SELECT COALESCE(SUM(p.delta), 0) FROM points_ledger p WHERE p.user_id = u.id)"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders WHERE rating IS NOT NULL \
             AND status NOT IN ('evaluated', 'closed')"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders WHERE status IN ('dispatched', 'accepted', 'completed', 'evaluated') \
             AND assignee_unit_id IS NULL AND assignee_user_id IS NULL"
        )
        .await,
        0
    );

    // The desk pages through them, and ranking reads the seeded counters.
    let committee = app.login(COMMITTEE).await;
    // Lists count no further than 10,000 and say there are more.
    seed_bulk(&app.database_url, "8000");
    let (_, all) = app.get(&committee, "/orders?per_page=5").await;
    assert_eq!(all["total"], 10_000, "{}", all["total"]);
    assert_eq!(all["total_capped"], true);
    let (_, few) = app
        .get(&committee, "/orders?status=cancelled&per_page=5")
        .await;
    assert!(
        few["total"].as_u64().is_some_and(|n| n > 100 && n < 10_000),
        "{}",
        few["total"]
    );
    assert!(
        few.get("total_capped").is_none(),
        "an exact total is not capped"
    );
    // The search index holds every seeded order's words: a search finds
    // what a scan of every title and address finds.
    // Few hits (read from the hits) and many (the list walked).
    for words in ["楼道灯", "漏水", "灯", "12号楼", "号楼"] {
        let (status, found) = app
            .get(
                &committee,
                &format!("/orders?q={}&per_page=5", urlencode(words)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let scanned = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM orders WHERE community_id = 1 AND \
                 (title LIKE '%{words}%' OR address LIKE '%{words}%')"
            ),
        )
        .await;
        assert!(scanned > 0, "{words}");
        assert_eq!(
            found["total"].as_i64(),
            Some(scanned.min(10_000)),
            "{words}: {}",
            found["total"]
        );
        let newest = ids_of(
            &app,
            &format!(
                "SELECT id FROM orders WHERE community_id = 1 AND \
                 (title LIKE '%{words}%' OR address LIKE '%{words}%') \
                 ORDER BY created_at DESC, id DESC LIMIT 5"
            ),
        )
        .await;
        assert_eq!(ids(&found), newest, "{words}: newest first");
    }
    let (status, page) = app.get(&committee, "/orders?page=50&per_page=20").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(20));
    // A deep page by number (past 1,000 orders its ids are read first) is
    // the same slice of the list, in every sort, with and without a filter.
    for (query, sql) in [
        ("sort=newest", "ORDER BY created_at DESC, id DESC"),
        ("sort=oldest", "ORDER BY created_at, id"),
        ("sort=due", "ORDER BY COALESCE(respond_by, due_at), id"),
        (
            "status=evaluated&sort=oldest",
            "AND status = 'evaluated' ORDER BY created_at, id",
        ),
    ] {
        let (status, deep) = app
            .get(&committee, &format!("/orders?{query}&page=61&per_page=20"))
            .await;
        assert_eq!(status, StatusCode::OK, "{deep}");
        let expected = ids_of(
            &app,
            &format!("SELECT id FROM orders WHERE community_id = 1 {sql} LIMIT 20 OFFSET 1200"),
        )
        .await;
        assert_eq!(expected.len(), 20, "{query}");
        assert_eq!(ids(&deep), expected, "{query}");
    }
    let resident = app.login(RESIDENT).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let (status, ranked) = app
        .get(&committee, &format!("/orders/{id}/candidates"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rated = ranked["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| {
            c["reasons"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["code"] == "rating"))
        })
        .count();
    assert!(rated > 50, "the bulk volunteers have ratings: {rated}");
}
