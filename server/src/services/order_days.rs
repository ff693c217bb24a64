//! What each day's orders add up to (`order_days`): for every China day,
//! community, grid, kind, category, unit, status and level, how many orders
//! were placed, rated (and how well), accepted and completed (and how fast).
//!
//! Kept in the transaction of every change of an order: placing adds the
//! order's line ([`placed`]); the one writer of changes takes the line the
//! order had away and adds the one it has now ([`changed`]). One upsert of one
//! or two rows, whatever the size of the database. Figures over any period
//! then read a few hundred rows a day instead of every order
//! (`services::stats`), and the accountability figures will stand on the
//! same rows.

use crate::entities::{order, order_day as od};
use crate::error::ApiResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};
use shared::{CategoryId, CommunityId, Level, OrderKind, OrderStatus};
use std::collections::BTreeMap;

/// The day an order counts under: the China day it was placed on.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shared::deadlines::china()).date_naive()
}

/// When a China day begins.
pub fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(shared::deadlines::china())
        .single()
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// Where an order is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
/// Fields in the table's key order, which is the order rows are written in.
pub struct Key {
    community_id: CommunityId,
    kind: OrderKind,
    category_id: CategoryId,
    status: OrderStatus,
    unit_id: i32,
    day: NaiveDate,
    grid_id: i32,
    level: Level,
}

/// What orders add to their row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    orders: i64,
    rated: i64,
    rating_sum: i64,
    satisfied: i64,
    accepted: i64,
    response_ms: i64,
    completed: i64,
    completion_ms: i64,
}

impl Sums {
    fn add(&mut self, o: Sums, sign: i64) {
        self.orders += sign * o.orders;
        self.rated += sign * o.rated;
        self.rating_sum += sign * o.rating_sum;
        self.satisfied += sign * o.satisfied;
        self.accepted += sign * o.accepted;
        self.response_ms += sign * o.response_ms;
        self.completed += sign * o.completed;
        self.completion_ms += sign * o.completion_ms;
    }
}

/// The row an order counts in, and what it adds there.
pub fn line(o: &order::Model) -> (Key, Sums) {
    let since = |at: Option<DateTime<Utc>>| at.map(|at| (at - o.created_at).num_milliseconds());
    let (response, completion) = (since(o.accepted_at), since(o.completed_at));
    (
        Key {
            community_id: o.community_id,
            day: day_of(o.created_at),
            grid_id: o.grid_id.map_or(0, |g| g.0),
            kind: o.kind,
            category_id: o.category_id,
            unit_id: o.assignee_unit_id.map_or(0, |u| u.0),
            status: o.status,
            level: o.level,
        },
        Sums {
            orders: 1,
            rated: i64::from(o.rating.is_some()),
            rating_sum: o.rating.map_or(0, i64::from),
            satisfied: i64::from(o.rating.is_some_and(|r| r >= 4)),
            accepted: i64::from(response.is_some()),
            response_ms: response.unwrap_or(0),
            completed: i64::from(completion.is_some()),
            completion_ms: completion.unwrap_or(0),
        },
    )
}

/// A new order adds its line.
pub async fn placed(txn: &impl ConnectionTrait, o: &order::Model) -> ApiResult<()> {
    write(txn, [line(o)]).await
}

/// A changed order moves its line: what it added before is taken away, what
/// it adds now is added (one row when it stays in the same row).
pub async fn changed(
    txn: &impl ConnectionTrait,
    before: &order::Model,
    after: &order::Model,
) -> ApiResult<()> {
    let mut t = Tally::default();
    t.take(before);
    t.count(after);
    t.write(txn).await
}

/// Lines added up in memory before they are written: a batch of orders
/// (seeding) or a change, written in one statement.
#[derive(Default)]
pub struct Tally(BTreeMap<Key, Sums>);

impl Tally {
    pub fn count(&mut self, o: &order::Model) {
        let (key, sums) = line(o);
        self.0.entry(key).or_default().add(sums, 1);
    }

    fn take(&mut self, o: &order::Model) {
        let (key, sums) = line(o);
        self.0.entry(key).or_default().add(sums, -1);
    }

    /// Adds the tally to the table. Rows are written in key order, so two
    /// transactions touching the same rows on PostgreSQL lock them in the
    /// same order (no deadlock).
    pub async fn write(self, txn: &impl ConnectionTrait) -> ApiResult<()> {
        write(
            txn,
            self.0.into_iter().filter(|(_, s)| *s != Sums::default()),
        )
        .await
    }
}

/// 16 values a row: 1,000 rows a statement stay within SQLite's 32,766.
const ROWS_PER_STATEMENT: usize = 1_000;

async fn write(
    txn: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = (Key, Sums)>,
) -> ApiResult<()> {
    let rows: Vec<od::ActiveModel> = rows
        .into_iter()
        .map(|(k, s)| od::ActiveModel {
            community_id: Set(k.community_id),
            day: Set(k.day),
            grid_id: Set(k.grid_id),
            kind: Set(k.kind),
            category_id: Set(k.category_id),
            unit_id: Set(k.unit_id),
            status: Set(k.status),
            level: Set(k.level),
            orders: Set(s.orders),
            rated: Set(s.rated),
            rating_sum: Set(s.rating_sum),
            satisfied: Set(s.satisfied),
            accepted: Set(s.accepted),
            response_ms: Set(s.response_ms),
            completed: Set(s.completed),
            completion_ms: Set(s.completion_ms),
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sum = |c: od::Column, name: &str| {
            (
                c,
                Expr::col((od::Entity, c)).add(Expr::cust(format!("excluded.{name}"))),
            )
        };
        od::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    od::Column::CommunityId,
                    od::Column::Day,
                    od::Column::GridId,
                    od::Column::Kind,
                    od::Column::CategoryId,
                    od::Column::UnitId,
                    od::Column::Status,
                    od::Column::Level,
                ])
                .values([
                    sum(od::Column::Orders, "orders"),
                    sum(od::Column::Rated, "rated"),
                    sum(od::Column::RatingSum, "rating_sum"),
                    sum(od::Column::Satisfied, "satisfied"),
                    sum(od::Column::Accepted, "accepted"),
                    sum(od::Column::ResponseMs, "response_ms"),
                    sum(od::Column::Completed, "completed"),
                    sum(od::Column::CompletionMs, "completion_ms"),
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Counts every order again from scratch (the demo, after it has dated its
/// history back; a repair). Reads every order: not for a large database
/// while it serves.
pub async fn recount(txn: &impl ConnectionTrait) -> ApiResult<()> {
    od::Entity::delete_many().exec(txn).await?;
    let mut tally = Tally::default();
    for o in order::Entity::find()
        .order_by_asc(order::Column::Id)
        .all(txn)
        .await?
    {
        tally.count(&o);
    }
    tally.write(txn).await
}
