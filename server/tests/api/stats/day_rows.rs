//! The figures' day rows (`order_days`) against the orders counted the slow
//! way, one by one: every row, every figure of any period, and the
//! migration's sums over orders already there.

use super::count;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What an order adds to its day's row, counted here from the order itself:
/// (orders, rated, rating sum, satisfied, accepted, response ms, completed,
/// completion ms).
type Sums = [i64; 8];
type DayKey = (
    i32,
    chrono::NaiveDate,
    i32,
    String,
    i32,
    i32,
    String,
    String,
);

fn sums_of(o: &server::entities::order::Model) -> Sums {
    let ms = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| (at - o.created_at).num_milliseconds())
    };
    let (response, completion) = (ms(o.accepted_at), ms(o.completed_at));
    [
        1,
        i64::from(o.rating.is_some()),
        o.rating.map_or(0, i64::from),
        i64::from(o.rating.is_some_and(|r| r >= 4)),
        i64::from(response.is_some()),
        response.unwrap_or(0),
        i64::from(completion.is_some()),
        completion.unwrap_or(0),
    ]
}

fn china_day(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(8)).date_naive()
}

/// `/stats` of a period, counted the slow way from every order of the
/// community placed in it, compared figure by figure.
fn assert_figures_match(
    s: &Value,
    orders: &[server::entities::order::Model],
    now: chrono::DateTime<chrono::Utc>,
    what: &str,
) {
    let mut by_status: BTreeMap<&str, u64> = BTreeMap::new();
    let mut per_unit: BTreeMap<i32, u64> = BTreeMap::new();
    let mut total = [0i64; 8];
    let (mut done, mut cancelled, mut overdue) = (0i64, 0i64, 0u64);
    for o in orders {
        *by_status.entry(o.status.as_str()).or_default() += 1;
        if let Some(u) = o.assignee_unit_id {
            *per_unit.entry(u.0).or_default() += 1;
        }
        for (t, v) in total.iter_mut().zip(sums_of(o)) {
            *t += v;
        }
        match o.status.as_str() {
            "completed" | "evaluated" | "closed" => done += 1,
            "cancelled" => cancelled += 1,
            _ => {}
        }
        if o.status.is_open() && o.due_at < now {
            overdue += 1;
        }
    }
    assert_eq!(s["total"].as_i64(), Some(total[0]), "{what}: {s}");
    for (status, n) in &by_status {
        assert_eq!(
            count(&s["by_status"], status),
            *n,
            "{what}: {status} in {s}"
        );
    }
    assert_eq!(s["overdue"].as_u64(), Some(overdue), "{what}: {s}");
    let rate = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
    let same = |v: &Value, expected: Option<f64>, name: &str| match expected {
        None => assert!(v.is_null(), "{what}: {name} in {s}"),
        Some(x) => assert!(
            // Times are summed in whole milliseconds.
            v.as_f64().is_some_and(|v| (v - x).abs() < 1e-4),
            "{what}: {name} {v} ≠ {x} in {s}"
        ),
    };
    same(
        &s["completion_rate"],
        rate(done, total[0] - cancelled),
        "completion",
    );
    same(
        &s["satisfaction_rate"],
        rate(total[3], total[1]),
        "satisfaction",
    );
    same(&s["average_rating"], rate(total[2], total[1]), "rating");
    same(
        &s["average_response_minutes"],
        rate(total[5], total[4]).map(|ms| ms / 60_000.0),
        "response",
    );
    same(
        &s["average_completion_minutes"],
        rate(total[7], total[6]).map(|ms| ms / 60_000.0),
        "completion time",
    );
    let units: BTreeMap<i32, u64> = s["per_unit"]
        .as_array()
        .expect("per_unit")
        .iter()
        .map(|u| {
            (
                u["key"].as_str().and_then(|k| k.parse().ok()).unwrap_or(0),
                u["orders"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(units, per_unit, "{what}: per unit in {s}");
}

#[tokio::test]
async fn the_day_rows_add_up_to_the_orders_counted_one_by_one() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use server::entities::order;
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    let lawyer = app.login(LAWYER).await;
    let property = app.login(PROPERTY).await;
    let admin = app.login(ADMIN).await;

    // Three days of the loop in every turn it takes: dispatched to a unit and
    // done, rejected and done by another, a wish claimed, done, poorly rated
    // and reopened, cancelled, auto-dispatched, left waiting — and orders
    // escalated by the clock.
    for day in 0..3 {
        let done = app
            .place(&resident, "door_service", "appliance_repair")
            .await;
        app.dispatch_to_unit(&committee, done, "红色物业").await;
        app.ok(&property, done, json!({"action": "accept"})).await;
        app.clock.advance(chrono::Duration::minutes(40 + day));
        app.ok(
            &property,
            done,
            json!({"action": "complete", "note": "修好了"}),
        )
        .await;
        app.ok(&resident, done, json!({"action": "evaluate", "rating": 5}))
            .await;

        let rejected = app.appeal(&resident).await;
        app.dispatch_to_volunteer(&committee, rejected, &lawyer)
            .await;
        app.ok(
            &lawyer,
            rejected,
            json!({"action": "reject", "reason": "不在家"}),
        )
        .await;
        app.dispatch_to_volunteer(&committee, rejected, &plumber)
            .await;
        app.clock.advance(chrono::Duration::minutes(7));
        app.ok(&plumber, rejected, json!({"action": "accept"}))
            .await;

        let wish = app.place(&resident, "micro_wish", "wish_visit").await;
        app.ok(&lawyer, wish, json!({"action": "claim"})).await;
        app.ok(
            &lawyer,
            wish,
            json!({"action": "complete", "note": "陪聊了"}),
        )
        .await;
        app.ok(&resident, wish, json!({"action": "evaluate", "rating": 2}))
            .await;
        app.ok(
            &committee,
            wish,
            json!({"action": "reopen", "reason": "回访不满意"}),
        )
        .await;

        let cancelled = app.place(&resident, "door_service", "haircut").await;
        app.ok(&resident, cancelled, json!({"action": "cancel"}))
            .await;
        app.place(&resident, "door_service", "meal_delivery").await;
        app.appeal(&resident).await;
        // Late: the waiting appeals go up a level.
        app.clock.advance(chrono::Duration::hours(3));
        app.run_jobs().await;
        app.clock.advance(chrono::Duration::hours(20));
    }

    let db = app.db().await;
    let orders = order::Entity::find().all(&db).await.expect("orders");
    // Every row holds exactly what its orders add up to; a row left by
    // orders that moved on holds nothing.
    let expected = counted(&orders);
    let rows = day_rows(&db).await;
    assert_rows_match(&rows, &expected, "kept by the triggers");
    assert!(
        expected.keys().any(|k| k.7 != "community"),
        "some orders were escalated"
    );
    // A database from before the day rows gets them added up by its migration.
    let schema = migrations::SchemaManager::new(&db);
    migrations::MigrationTrait::down(&migrations::OrderDays, &schema)
        .await
        .expect("undo the day rows");
    migrations::MigrationTrait::up(&migrations::OrderDays, &schema)
        .await
        .expect("redo the day rows");
    let migrated = day_rows(&db).await;
    assert_rows_match(&migrated, &expected, "added up by the migration");

    // The figures of any period: whole days, hours on either side of them,
    // less than a day, everything — for the committee and the district.
    let now = app.clock.now();
    let mine: Vec<order::Model> = order::Entity::find()
        .filter(order::Column::CommunityId.eq(1))
        .all(&db)
        .await
        .expect("orders");
    let at =
        |days: i64, hours: i64| now - chrono::Duration::days(days) + chrono::Duration::hours(hours);
    let day = |d: chrono::DateTime<chrono::Utc>| china_day(d).format("%Y-%m-%d").to_string();
    let periods = [
        (None, None),
        (Some(day(at(2, 0))), None),
        (Some(day(at(2, 0))), Some(day(at(1, 0)))),
        (Some(at(3, 5).to_rfc3339()), Some(at(1, 2).to_rfc3339())),
        (Some(at(2, 1).to_rfc3339()), Some(at(2, 5).to_rfc3339())),
        (None, Some(at(1, -7).to_rfc3339())),
    ];
    let parse = |v: &str| -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(v)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(|_| {
                let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").expect("a date");
                d.and_hms_opt(0, 0, 0).expect("midnight").and_utc() - chrono::Duration::hours(8)
            })
    };
    for (from, to) in periods {
        let mut query = Vec::new();
        if let Some(f) = &from {
            query.push(format!("from={}", urlencode(f)));
        }
        if let Some(t) = &to {
            query.push(format!("to={}", urlencode(t)));
        }
        let path = format!("/stats?{}", query.join("&"));
        let within = |o: &&order::Model| {
            from.as_deref().is_none_or(|f| o.created_at >= parse(f))
                && to.as_deref().is_none_or(|t| o.created_at < parse(t))
        };
        let (status, s) = app.get(&committee, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {s}");
        let theirs: Vec<order::Model> = mine.iter().filter(within).cloned().collect();
        assert_figures_match(&s, &theirs, now, &path);
        let (_, s) = app.get(&admin, &path).await;
        let all: Vec<order::Model> = orders.iter().filter(within).cloned().collect();
        assert_figures_match(&s, &all, now, &format!("district {path}"));
    }
}

/// The day rows the orders make, counted here one by one.
fn counted(orders: &[server::entities::order::Model]) -> BTreeMap<DayKey, Sums> {
    let mut rows: BTreeMap<DayKey, Sums> = BTreeMap::new();
    for o in orders {
        let key = (
            o.community_id.0,
            china_day(o.created_at),
            o.grid_id.map_or(0, |g| g.0),
            o.kind.as_str().to_string(),
            o.category_id.0,
            o.assignee_unit_id.map_or(0, |u| u.0),
            o.status.as_str().to_string(),
            o.level.as_str().to_string(),
        );
        let row = rows.entry(key).or_default();
        for (t, v) in row.iter_mut().zip(sums_of(o)) {
            *t += v;
        }
    }
    rows
}

/// The same rows with the same counts; times (in whole milliseconds, as
/// each engine rounds them) within a millisecond an order.
fn assert_rows_match(rows: &BTreeMap<DayKey, Sums>, expected: &BTreeMap<DayKey, Sums>, what: &str) {
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (key, want) in expected {
        let got = rows[key];
        for i in 0..8 {
            let slack = if i == 5 || i == 7 { want[0] } else { 0 };
            assert!(
                (got[i] - want[i]).abs() <= slack,
                "{what}: {key:?} {got:?} ≠ {want:?}"
            );
        }
    }
}

/// The day rows that hold orders; a row left by orders that moved on must
/// hold nothing.
async fn day_rows(db: &sea_orm::DatabaseConnection) -> BTreeMap<DayKey, Sums> {
    use sea_orm::EntityTrait;
    let mut rows = BTreeMap::new();
    for r in server::entities::order_day::Entity::find()
        .all(db)
        .await
        .expect("day rows")
    {
        let sums = [
            r.orders,
            r.rated,
            r.rating_sum,
            r.satisfied,
            r.accepted,
            r.response_ms,
            r.completed,
            r.completion_ms,
        ];
        if r.orders == 0 {
            assert_eq!(sums, [0; 8], "an empty row holds nothing");
            continue;
        }
        let key = (
            r.community_id.0,
            r.day,
            r.grid_id,
            r.kind.as_str().to_string(),
            r.category_id.0,
            r.unit_id,
            r.status.as_str().to_string(),
            r.level.as_str().to_string(),
        );
        rows.insert(key, sums);
    }
    rows
}
