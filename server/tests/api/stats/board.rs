//! The public notice board (公示栏): off until the committee switches it on,
//! then anyone's without signing in — the community's figures, counted here
//! the slow way from the orders, and nothing of any resident.

use crate::helpers::*;
use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use serde_json::{json, Value};
use server::entities::order;
use shared::{CommunityId, OrderKind, OrderStatus};

const BOARD: &str = "/public/communities/1/board";

/// When this China month (or, with `month` 1, year) began.
fn china_start(now: DateTime<Utc>, month: Option<u32>) -> DateTime<Utc> {
    let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let today = now.with_timezone(&china);
    china
        .with_ymd_and_hms(today.year(), month.unwrap_or(today.month()), 1, 0, 0, 0)
        .single()
        .expect("a day's start")
        .with_timezone(&Utc)
}

async fn read_board(app: &TestApp) -> (StatusCode, String, Value) {
    let resp = app
        .client
        .get(app.url(BOARD))
        .send()
        .await
        .expect("request");
    let status = resp.status();
    let cache = resp
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = resp.text().await.expect("body");
    (
        status,
        cache,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

fn close(v: &Value, expected: &Value) -> bool {
    match (v.as_f64(), expected.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => v.is_null() && expected.is_null(),
    }
}

#[tokio::test]
async fn the_notice_board_is_off_until_the_committee_or_the_admin_switches_it() {
    let app = spawn_app().await;
    let (status, _, _) = read_board(&app).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "off by default");

    let on = json!({"enabled": true});
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            None,
            "/communities/1/board",
            Some(on.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Not its residents, volunteers, units or grid workers, not another
    // community's committee, not a street officer.
    for phone in [
        RESIDENT,
        PLUMBER,
        PROPERTY,
        GRID_WORKER,
        HEXIE_COMMITTEE,
        DONGGUAN_OFFICER,
    ] {
        let who = app.login(phone).await;
        let (status, body) = app.put(&who, "/communities/1/board", on.clone()).await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{phone}: {status} {body}"
        );
    }
    let (status, _, _) = read_board(&app).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "still off");

    let committee = app.login(COMMITTEE).await;
    let (status, body) = app.get(&committee, "/communities/1/board").await;
    assert_eq!(
        (status, &body),
        (StatusCode::OK, &json!({"enabled": false}))
    );
    let resident = app.login(RESIDENT).await;
    let (status, _) = app.get(&resident, "/communities/1/board").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only those who switch it");
    let (status, body) = app
        .put(
            &committee,
            "/communities/1/board",
            json!({"enabled": "yes"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app.put(&committee, "/communities/1/board", on).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["enabled"], true);
    let (_, body) = app.get(&committee, "/communities/1/board").await;
    assert_eq!(body["enabled"], true);
    let (status, cache, board) = read_board(&app).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert_eq!(cache, "public, max-age=60");
    assert_eq!(board["community"], json!({"id": 1, "name": "幸福社区"}));
    // Another community's board stays off.
    let (status, _) = app
        .send(
            reqwest::Method::GET,
            None,
            "/public/communities/2/board",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send(
            reqwest::Method::GET,
            None,
            "/public/communities/999/board",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The district's admin switches it off.
    let admin = app.login(ADMIN).await;
    let (status, body) = app
        .put(&admin, "/communities/1/board", json!({"enabled": false}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = read_board(&app).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_notice_board_adds_up_the_orders_and_names_no_resident() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    // Today's work on top of the demo's history: one repair done and rated
    // 3★ (not satisfied), one appeal dispatched to a unit.
    let id = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(&resident, id, json!({"action": "evaluate", "rating": 3}))
        .await;
    let appeal = app.appeal(&resident).await;
    app.dispatch_to_unit(&committee, appeal, "红色物业").await;
    let (status, _) = app
        .put(&committee, "/communities/1/board", json!({"enabled": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, board) = read_board(&app).await;

    let now = app.clock.now();
    let db = app.db().await;
    let done = [
        OrderStatus::Completed,
        OrderStatus::Evaluated,
        OrderStatus::Closed,
    ];
    for (period, from) in [
        ("month", china_start(now, None)),
        ("year", china_start(now, Some(1))),
    ] {
        let mine = || {
            order::Entity::find()
                .filter(order::Column::CommunityId.eq(CommunityId(1)))
                .filter(order::Column::CreatedAt.gte(from))
        };
        let placed = mine().count(&db).await.expect("count");
        let completed = mine()
            .filter(order::Column::Status.is_in(done))
            .count(&db)
            .await
            .expect("count");
        let figures = &board[period];
        assert_eq!(figures["placed"], placed, "{period}: {figures}");
        assert_eq!(figures["completed"], completed, "{period}: {figures}");
        // The rates as the committee's own figures give them for the period.
        let from = from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let (status, stats) = app
            .get(&committee, &format!("/stats?from={}", urlencode(&from)))
            .await;
        assert_eq!(status, StatusCode::OK, "{stats}");
        assert_eq!(stats["total"], placed);
        for key in ["completion_rate", "satisfaction_rate", "average_rating"] {
            assert!(
                close(&figures[key], &stats[key]),
                "{period} {key}: {} against {}",
                figures[key],
                stats[key]
            );
        }
        if period == "year" {
            let wishes = mine()
                .filter(order::Column::Kind.eq(OrderKind::MicroWish))
                .filter(order::Column::Status.is_in(done))
                .count(&db)
                .await
                .expect("count");
            assert_eq!(board["wishes_fulfilled"], wishes);
            // The units that served this year, ranked, with what the
            // committee's figures say of them.
            let units = board["units"].as_array().expect("units");
            assert!(!units.is_empty(), "{board}");
            assert_eq!(units[0]["rank"], 1);
            for u in units {
                let theirs = stats["per_unit"]
                    .as_array()
                    .and_then(|all| all.iter().find(|s| s["name"] == u["name"]))
                    .unwrap_or_else(|| panic!("{u} in /stats"));
                assert_eq!(u["completed"], theirs["done"], "{u}");
                assert!(close(&u["satisfaction_rate"], &theirs["satisfaction_rate"]));
            }
        }
    }
    assert!(board["year"]["placed"].as_u64() >= board["month"]["placed"].as_u64());

    // The figures are counted once a minute: an order placed now shows
    // after the minute is up, as browsers and proxies keep the board.
    let placed = board["month"]["placed"].as_u64().expect("placed");
    app.appeal(&resident).await;
    app.clock.advance(chrono::Duration::seconds(59));
    let (_, _, again) = read_board(&app).await;
    assert_eq!(again["month"]["placed"], placed, "still the minute's board");
    app.clock.advance(chrono::Duration::seconds(1));
    let (_, _, later) = read_board(&app).await;
    assert_eq!(later["month"]["placed"], placed + 1, "counted again");

    // Nothing of any resident: no one's name or phone, no order's address.
    let text = board.to_string();
    let people = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT name, phone FROM users",
        ))
        .await
        .expect("users");
    assert!(people.len() > 10);
    for p in &people {
        let name: String = p.try_get_by_index(0).expect("name");
        let phone: Option<String> = p.try_get_by_index(1).expect("phone");
        assert!(
            name.chars().count() < 2 || !text.contains(&name),
            "{name} in {text}"
        );
        if let Some(phone) = phone {
            assert!(!text.contains(&phone), "{phone} in {text}");
        }
    }
    let addresses = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT DISTINCT address FROM orders WHERE address IS NOT NULL",
        ))
        .await
        .expect("addresses");
    assert!(!addresses.is_empty());
    for a in &addresses {
        let address: String = a.try_get_by_index(0).expect("address");
        assert!(!text.contains(&address), "{address} in {text}");
    }
}
