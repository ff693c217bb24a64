//! Trends (`GET /stats/trend`): the figures of each China day, week or month
//! of a period, read from the day rows (whole days: a period given in the
//! middle of a day counts that whole day) and, for what is overdue now,
//! from the open orders.

use super::stats::{count, day_of, is_done, scope, start_of, sum};
use crate::auth::Caller;
use crate::entities::{order, order_day};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use shared::api::{Interval, Trend, TrendBy, TrendPoint, TrendSeries};
use shared::{CommunityId, OrderStatus};
use std::collections::BTreeMap;

/// At most this many days, weeks or months in one trend.
pub const MAX_POINTS: i64 = 400;

pub struct TrendQuery {
    pub community_id: Option<CommunityId>,
    /// Default: 30 days (day), 12 weeks (week) or 12 months (month) before `to`.
    pub from: Option<DateTime<Utc>>,
    /// Default: now.
    pub to: Option<DateTime<Utc>>,
    pub interval: Interval,
    pub by: Option<TrendBy>,
}

#[derive(Debug, FromQueryResult)]
struct DayRow {
    day: NaiveDate,
    status: OrderStatus,
    /// The group's key with `by` ("" without).
    key: String,
    orders: i64,
    rated: i64,
    rating_sum: i64,
    satisfied: i64,
}

/// The first day of the day, week or month `day` is in.
fn bucket(day: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => day,
        Interval::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Interval::Month => day.with_day(1).unwrap_or(day),
    }
}

fn next(first: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => first + Duration::days(1),
        Interval::Week => first + Duration::days(7),
        Interval::Month => {
            let (y, m) = match first.month() {
                12 => (first.year() + 1, 1),
                m => (first.year(), m + 1),
            };
            NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first + Duration::days(31))
        }
    }
}

fn label(first: NaiveDate, interval: Interval) -> String {
    match interval {
        Interval::Month => first.format("%Y-%m").to_string(),
        Interval::Day | Interval::Week => first.format("%Y-%m-%d").to_string(),
    }
}

/// The key columns of a grouping: in the day rows, and in the orders.
fn key_columns(by: Option<TrendBy>) -> (&'static str, &'static str) {
    match by {
        None => ("''", "''"),
        Some(TrendBy::Kind) => ("kind", "kind"),
        Some(TrendBy::Category) => ("CAST(category_id AS TEXT)", "CAST(category_id AS TEXT)"),
        Some(TrendBy::Grid) => (
            "CAST(grid_id AS TEXT)",
            "CAST(COALESCE(grid_id, 0) AS TEXT)",
        ),
        Some(TrendBy::Unit) => (
            "CAST(unit_id AS TEXT)",
            "CAST(COALESCE(assignee_unit_id, 0) AS TEXT)",
        ),
    }
}

/// The names of a grouping's keys (categories, grids, units).
async fn key_names(
    db: &DatabaseConnection,
    by: TrendBy,
    keys: impl Iterator<Item = i32>,
) -> ApiResult<BTreeMap<String, String>> {
    use crate::entities::{category, grid};
    let keys: Vec<i32> = keys.filter(|k| *k != 0).collect();
    let named: Vec<(i32, String)> = match by {
        TrendBy::Kind => Vec::new(),
        TrendBy::Category => category::Entity::find()
            .filter(category::Column::Id.is_in(keys))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id.0, c.name))
            .collect(),
        TrendBy::Grid => grid::Entity::find()
            .filter(grid::Column::Id.is_in(keys))
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.id.0, g.name))
            .collect(),
        TrendBy::Unit => super::stats::unit_names(db, keys.into_iter().map(shared::UnitId))
            .await?
            .into_iter()
            .map(|(id, name)| (id.0, name))
            .collect(),
    };
    Ok(named.into_iter().map(|(k, n)| (k.to_string(), n)).collect())
}

#[derive(Default, Clone)]
struct Sums {
    placed: u64,
    done: u64,
    overdue: u64,
    rated: u64,
    rating_sum: u64,
    satisfied: u64,
}

pub async fn trend(
    db: &DatabaseConnection,
    caller: &Caller,
    q: TrendQuery,
    now: DateTime<Utc>,
) -> ApiResult<Trend> {
    let communities = scope(db, caller, q.community_id).await?;
    let to = q.to.unwrap_or(now);
    // The days it covers: from the day `from` falls on to the day `to`
    // falls on, that one included unless `to` is its midnight.
    let last = match day_of(to) {
        d if start_of(d) == to => d - Duration::days(1),
        d => d,
    };
    let first = match q.from {
        Some(f) => day_of(f),
        None => match q.interval {
            Interval::Day => last - Duration::days(29),
            Interval::Week => bucket(last, Interval::Week) - Duration::weeks(11),
            Interval::Month => {
                let mut m = bucket(last, Interval::Month);
                for _ in 0..11 {
                    m = bucket(m - Duration::days(1), Interval::Month);
                }
                m
            }
        },
    };
    if first > last {
        return Err(ApiError::invalid("from must be before to"));
    }
    let mut empty: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
    let mut b = bucket(first, q.interval);
    while b <= last {
        empty.insert(b, Sums::default());
        if empty.len() as i64 > MAX_POINTS {
            return Err(ApiError::invalid(format!(
                "a trend has at most {MAX_POINTS} points: choose a shorter period or a longer interval"
            )));
        }
        b = next(b, q.interval);
    }

    let end = last + Duration::days(1);
    let (day_key, order_key) = key_columns(q.by);
    let mut rows = order_day::Entity::find()
        .select_only()
        .columns([order_day::Column::Day, order_day::Column::Status])
        .column_as(sea_orm::sea_query::Expr::cust(day_key), "key")
        .column_as(sum("orders"), "orders")
        .column_as(sum("rated"), "rated")
        .column_as(sum("rating_sum"), "rating_sum")
        .column_as(sum("satisfied"), "satisfied")
        .filter(order_day::Column::CommunityId.is_in(communities.iter().copied()))
        .filter(order_day::Column::Day.gte(first))
        .filter(order_day::Column::Day.lt(end))
        .group_by(order_day::Column::Day)
        .group_by(order_day::Column::Status);
    if q.by.is_some() {
        rows = rows.group_by(sea_orm::sea_query::Expr::cust(day_key));
    }
    let rows = rows.into_model::<DayRow>().all(db).await?;
    // Per key ("" alone without `by`), every period present.
    let mut groups: BTreeMap<String, BTreeMap<NaiveDate, Sums>> = BTreeMap::new();
    for r in rows {
        let Some(p) = groups
            .entry(r.key)
            .or_insert_with(|| empty.clone())
            .get_mut(&bucket(r.day, q.interval))
        else {
            continue;
        };
        p.placed += count(r.orders);
        if is_done(r.status) {
            p.done += count(r.orders);
        }
        p.rated += count(r.rated);
        p.rating_sum += count(r.rating_sum);
        p.satisfied += count(r.satisfied);
    }
    // What is overdue now: the open orders past their deadline (few, and
    // found by the status and deadline index), by the day they were placed.
    let open = OrderStatus::ALL.iter().copied().filter(|s| s.is_open());
    let late: Vec<(DateTime<Utc>, String)> = order::Entity::find()
        .select_only()
        .column(order::Column::CreatedAt)
        .column_as(sea_orm::sea_query::Expr::cust(order_key), "key")
        .filter(order::Column::CommunityId.is_in(communities.iter().copied()))
        .filter(order::Column::Status.is_in(open))
        .filter(order::Column::DueAt.lt(now))
        .filter(order::Column::CreatedAt.gte(start_of(first)))
        .filter(order::Column::CreatedAt.lt(start_of(end)))
        .into_tuple()
        .all(db)
        .await?;
    for (at, key) in late {
        if let Some(p) = groups
            .entry(key)
            .or_insert_with(|| empty.clone())
            .get_mut(&bucket(day_of(at), q.interval))
        {
            p.overdue += 1;
        }
    }
    // The whole: every group added up.
    let mut total = empty.clone();
    for points in groups.values() {
        for (b, s) in points {
            if let Some(t) = total.get_mut(b) {
                t.add(s);
            }
        }
    }
    let series = match q.by {
        None => Vec::new(),
        Some(by) => {
            let names =
                key_names(db, by, groups.keys().filter_map(|k| k.parse::<i32>().ok())).await?;
            groups
                .into_iter()
                .map(|(key, points)| TrendSeries {
                    name: names.get(&key).cloned().unwrap_or_default(),
                    key,
                    items: items(points, q.interval),
                })
                .collect()
        }
    };
    Ok(Trend {
        interval: q.interval,
        items: items(total, q.interval),
        series,
    })
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.placed += o.placed;
        self.done += o.done;
        self.overdue += o.overdue;
        self.rated += o.rated;
        self.rating_sum += o.rating_sum;
        self.satisfied += o.satisfied;
    }
}

fn items(points: BTreeMap<NaiveDate, Sums>, interval: Interval) -> Vec<TrendPoint> {
    let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    points
        .into_iter()
        .map(|(first, s)| TrendPoint {
            period: label(first, interval),
            placed: s.placed,
            done: s.done,
            overdue: s.overdue,
            average_rating: ratio(s.rating_sum, s.rated),
            satisfaction_rate: ratio(s.satisfied, s.rated),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn days_fall_into_their_week_from_monday_and_their_month() {
        // 2026-12-03 is a Thursday.
        assert_eq!(bucket(d("2026-12-03"), Interval::Week), d("2026-11-30"));
        assert_eq!(bucket(d("2026-11-30"), Interval::Week), d("2026-11-30"));
        assert_eq!(bucket(d("2026-12-06"), Interval::Week), d("2026-11-30"));
        assert_eq!(bucket(d("2026-12-31"), Interval::Month), d("2026-12-01"));
        assert_eq!(next(d("2026-12-01"), Interval::Month), d("2027-01-01"));
        assert_eq!(next(d("2026-11-30"), Interval::Week), d("2026-12-07"));
        assert_eq!(label(d("2026-12-01"), Interval::Month), "2026-12");
        assert_eq!(label(d("2026-11-30"), Interval::Week), "2026-11-30");
    }
}
