//! Trends: each day's, week's or month's figures, against the orders
//! counted one by one here.

use crate::helpers::*;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use server::entities::order;
use shared::{CommunityId, OrderStatus};
use std::collections::BTreeMap;

fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .date_naive()
}

#[derive(Default, Debug, PartialEq)]
struct Counted {
    placed: u64,
    done: u64,
    overdue: u64,
    rated: u64,
    rating_sum: u64,
    satisfied: u64,
}

/// Every order of these communities, counted by the first day of its
/// period (`cut` maps a day to it).
async fn counted(
    app: &TestApp,
    communities: &[i32],
    cut: impl Fn(NaiveDate) -> NaiveDate,
) -> BTreeMap<NaiveDate, Counted> {
    let now = app.clock.now();
    let orders = order::Entity::find()
        .filter(order::Column::CommunityId.is_in(communities.iter().map(|c| CommunityId(*c))))
        .all(&app.db().await)
        .await
        .expect("orders");
    let mut by = BTreeMap::<NaiveDate, Counted>::new();
    for o in orders {
        let c = by.entry(cut(china_day(o.created_at))).or_default();
        c.placed += 1;
        if matches!(
            o.status,
            OrderStatus::Completed | OrderStatus::Evaluated | OrderStatus::Closed
        ) {
            c.done += 1;
        }
        if o.status.is_open() && o.due_at < now {
            c.overdue += 1;
        }
        if let Some(r) = o.rating {
            c.rated += 1;
            c.rating_sum += r as u64;
            c.satisfied += u64::from(r >= 4);
        }
    }
    by
}

fn rate(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        json!(part as f64 / whole as f64)
    }
}

/// Each point of a trend against the orders counted by hand.
fn check(trend: &Value, by: &BTreeMap<NaiveDate, Counted>, label: impl Fn(NaiveDate) -> String) {
    let items = trend["items"].as_array().expect("items");
    let mut placed = 0;
    for item in items {
        let first = by.keys().find(|d| label(**d) == item["period"]).copied();
        let none = Counted::default();
        let c = first.and_then(|d| by.get(&d)).unwrap_or(&none);
        let period = &item["period"];
        assert_eq!(item["placed"], c.placed, "{period}: {item}");
        assert_eq!(item["done"], c.done, "{period}: {item}");
        assert_eq!(item["overdue"], c.overdue, "{period}: {item}");
        assert_eq!(
            item["average_rating"],
            rate(c.rating_sum, c.rated),
            "{period}"
        );
        assert_eq!(
            item["satisfaction_rate"],
            rate(c.satisfied, c.rated),
            "{period}"
        );
        placed += c.placed;
    }
    assert!(placed > 0, "the demo's orders are in the trend: {trend}");
}

#[tokio::test]
async fn a_trend_gives_each_days_weeks_and_months_orders_as_counted_one_by_one() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    // Some of today's work on top of the demo's history of the past days.
    let id = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(&resident, id, json!({"action": "evaluate", "rating": 3}))
        .await;
    app.appeal(&resident).await;

    // By day: the last 30 days, today included.
    let (status, days) = app.get(&committee, "/stats/trend").await;
    assert_eq!(status, StatusCode::OK, "{days}");
    assert_eq!(days["interval"], "day");
    let items = days["items"].as_array().expect("items");
    assert_eq!(items.len(), 30);
    let today = china_day(app.clock.now());
    assert_eq!(items[29]["period"], today.format("%Y-%m-%d").to_string());
    let by_day = counted(&app, &[1], |d| d).await;
    check(&days, &by_day, |d| d.format("%Y-%m-%d").to_string());

    // By week (from Monday) and by month, over the same orders.
    let monday = |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let (status, weeks) = app.get(&committee, "/stats/trend?interval=week").await;
    assert_eq!(status, StatusCode::OK, "{weeks}");
    assert_eq!(weeks["items"].as_array().map(Vec::len), Some(12));
    check(&weeks, &counted(&app, &[1], monday).await, |d| {
        d.format("%Y-%m-%d").to_string()
    });
    let (status, months) = app.get(&committee, "/stats/trend?interval=month").await;
    assert_eq!(status, StatusCode::OK, "{months}");
    assert_eq!(months["items"].as_array().map(Vec::len), Some(12));
    let first_of_month = |d: NaiveDate| d.with_day(1).expect("the 1st");
    check(&months, &counted(&app, &[1], first_of_month).await, |d| {
        d.format("%Y-%m").to_string()
    });

    // A period of its own: from a week ago to the day before yesterday,
    // whole days.
    let from = (today - Duration::days(7)).format("%Y-%m-%d");
    let to = (today - Duration::days(1)).format("%Y-%m-%d");
    let (status, some) = app
        .get(&committee, &format!("/stats/trend?from={from}&to={to}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{some}");
    let periods: Vec<&str> = some["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["period"].as_str())
        .collect();
    assert_eq!(periods.len(), 6, "{periods:?}");
    assert_eq!(periods[0], from.to_string());

    // The district's admin: every community of the district, or one.
    let admin = app.login(ADMIN).await;
    let (status, district) = app.get(&admin, "/stats/trend").await;
    assert_eq!(status, StatusCode::OK, "{district}");
    check(&district, &counted(&app, &[1, 2, 3], |d| d).await, |d| {
        d.format("%Y-%m-%d").to_string()
    });
    let (status, one) = app.get(&admin, "/stats/trend?community_id=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["items"], days["items"]);
    // A street officer: the street's communities (东关街道: 幸福社区 and 和谐社区).
    let officer = app.login(DONGGUAN_OFFICER).await;
    let (status, street) = app.get(&officer, "/stats/trend").await;
    assert_eq!(status, StatusCode::OK, "{street}");
    check(&street, &counted(&app, &[1, 2], |d| d).await, |d| {
        d.format("%Y-%m-%d").to_string()
    });
    let (status, _) = app.get(&officer, "/stats/trend?community_id=3").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not the officer's street");
}

#[tokio::test]
async fn a_trend_refuses_what_it_cannot_draw_and_who_may_not_see_it() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    for (query, why) in [
        (
            "interval=hour",
            "an interval that is not day, week or month",
        ),
        ("from=2026-12-01&to=2026-11-01", "from after to"),
        ("from=2020-01-01&interval=day", "more than 400 days"),
        ("from=yesterday", "a from that is not a time"),
    ] {
        let (status, body) = app.get(&committee, &format!("/stats/trend?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {body}");
        let code = body["error"]["code"].as_str().unwrap_or_default();
        assert!(
            code == "validation_failed" || code == "bad_request",
            "{why}: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{why}: a message says what is wrong"
        );
    }
    let (status, _) = app.get(&committee, "/stats/trend?community_id=2").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another community");
    let resident = app.login(RESIDENT).await;
    let (status, _) = app.get(&resident, "/stats/trend").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send(reqwest::Method::GET, None, "/stats/trend", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Series per kind, category, grid and unit: each adds up with the others to
/// the whole, and each is its own orders counted by hand.
#[tokio::test]
async fn series_by_kind_category_grid_and_unit_are_their_orders_and_add_up() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let now = app.clock.now();
    let orders = order::Entity::find()
        .filter(order::Column::CommunityId.eq(CommunityId(1)))
        .all(&app.db().await)
        .await
        .expect("orders");
    let month = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    for by in ["kind", "category", "grid", "unit"] {
        let (status, t) = app
            .get(&committee, &format!("/stats/trend?interval=month&by={by}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{by}: {t}");
        let series = t["series"].as_array().expect("series");
        assert!(!series.is_empty(), "{by}");
        for (i, item) in t["items"].as_array().expect("items").iter().enumerate() {
            for field in ["placed", "done", "overdue"] {
                let sum: u64 = series
                    .iter()
                    .map(|s| s["items"][i][field].as_u64().unwrap_or(0))
                    .sum();
                assert_eq!(item[field].as_u64(), Some(sum), "{by} {field}: {item}");
            }
        }
        for s in series {
            let key = s["key"].as_str().expect("key");
            let mine = |o: &order::Model| match by {
                "kind" => o.kind.as_str() == key,
                "category" => o.category_id.0.to_string() == key,
                "grid" => o.grid_id.map_or(0, |g| g.0).to_string() == key,
                _ => o.assignee_unit_id.map_or(0, |u| u.0).to_string() == key,
            };
            let mut placed = BTreeMap::<String, (u64, u64)>::new();
            for o in orders.iter().filter(|o| mine(o)) {
                let e = placed
                    .entry(month(china_day(o.created_at)).format("%Y-%m").to_string())
                    .or_default();
                e.0 += 1;
                e.1 += u64::from(o.status.is_open() && o.due_at < now);
            }
            for item in s["items"].as_array().expect("items") {
                let period = item["period"].as_str().unwrap_or_default();
                let (p, late) = placed.get(period).copied().unwrap_or_default();
                assert_eq!(item["placed"].as_u64(), Some(p), "{by} {key} {period}");
                assert_eq!(item["overdue"].as_u64(), Some(late), "{by} {key} {period}");
            }
            if by == "category" || (by == "unit" && key != "0") {
                assert!(!s["name"].as_str().unwrap_or_default().is_empty(), "{s}");
            }
        }
    }
    let (status, body) = app.get(&committee, "/stats/trend?by=street").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
