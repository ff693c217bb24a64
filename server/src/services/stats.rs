//! The figures committees are judged by: completion rate, satisfaction rate,
//! response and completion times, per unit and per category.
//!
//! The database counts: one grouped query over the period's orders (by status,
//! kind, category and unit) returns a few hundred rows of sums, whatever the
//! number of orders, and the figures are folded from them here. Memory stays
//! flat however many orders a district has.

use super::orders::district_communities;
use crate::auth::Caller;
use crate::entities::{category, order, unit};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QuerySelect,
};
use shared::api::{Count, GroupStats, Stats};
use shared::{CategoryId, CommunityId, UnitId};
use shared::{OrderKind, OrderStatus, Role};
use std::collections::BTreeMap;

/// One group of the period's orders (same status, kind, category and unit)
/// with its sums.
#[derive(Debug, FromQueryResult)]
struct Group {
    kind: OrderKind,
    status: OrderStatus,
    category_id: CategoryId,
    assignee_unit_id: Option<UnitId>,
    orders: i64,
    rated: i64,
    rating_sum: Option<i64>,
    satisfied: Option<i64>,
    accepted: i64,
    response_minutes: Option<f64>,
    completed: i64,
    completion_minutes: Option<f64>,
    overdue: Option<i64>,
}

/// Minutes from `created_at` to another moment of the row, in the engine's
/// own date arithmetic.
fn minutes_since_placed(backend: DatabaseBackend, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("CAST(EXTRACT(EPOCH FROM ({column} - created_at)) AS DOUBLE PRECISION) / 60.0")
        }
        // Milliseconds, exactly (julianday's days as a float lose the last digits).
        _ => format!("(unixepoch({column}, 'subsec') - unixepoch(created_at, 'subsec')) / 60.0"),
    }
}

pub struct Period {
    pub community_id: Option<CommunityId>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Which communities the caller may see figures for, given the one asked about.
async fn scope(
    db: &DatabaseConnection,
    caller: &Caller,
    asked: Option<CommunityId>,
) -> ApiResult<Vec<CommunityId>> {
    if let (true, Some(district)) = (caller.has(Role::Admin), caller.district_id) {
        let all = district_communities(db, district).await?;
        return match asked {
            None => Ok(all),
            Some(c) if all.contains(&c) => Ok(vec![c]),
            Some(_) => Err(ApiError::not_found("community")),
        };
    }
    let own = caller
        .community_id
        .filter(|c| caller.oversees(*c))
        .ok_or_else(|| {
            ApiError::forbidden("only the committee, grid workers and admins see the figures")
        })?;
    match asked {
        None => Ok(vec![own]),
        Some(c) if c == own => Ok(vec![own]),
        Some(_) => Err(ApiError::not_found("community")),
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn is_done(s: OrderStatus) -> bool {
    matches!(
        s,
        OrderStatus::Completed | OrderStatus::Evaluated | OrderStatus::Closed
    )
}

#[derive(Default)]
struct Tally {
    orders: u64,
    done: u64,
    cancelled: u64,
    rated: u64,
    rating_sum: u64,
    satisfied: u64,
}

impl Tally {
    fn add(&mut self, g: &Group) {
        let n = count(g.orders);
        self.orders += n;
        if is_done(g.status) {
            self.done += n;
        }
        if g.status == OrderStatus::Cancelled {
            self.cancelled += n;
        }
        self.rated += count(g.rated);
        self.rating_sum += count(g.rating_sum.unwrap_or(0));
        self.satisfied += count(g.satisfied.unwrap_or(0));
    }

    fn completion_rate(&self) -> Option<f64> {
        ratio(self.done, self.orders - self.cancelled)
    }

    fn satisfaction_rate(&self) -> Option<f64> {
        ratio(self.satisfied, self.rated)
    }

    fn average_rating(&self) -> Option<f64> {
        ratio(self.rating_sum, self.rated)
    }

    fn group(&self, key: String, name: String) -> GroupStats {
        GroupStats {
            key,
            name,
            orders: self.orders,
            done: self.done,
            completion_rate: self.completion_rate(),
            satisfaction_rate: self.satisfaction_rate(),
            average_rating: self.average_rating(),
        }
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub async fn stats(
    db: &DatabaseConnection,
    caller: &Caller,
    period: Period,
    now: chrono::DateTime<Utc>,
) -> ApiResult<Stats> {
    if let (Some(from), Some(to)) = (period.from, period.to) {
        if from >= to {
            return Err(ApiError::invalid("from must be before to"));
        }
    }
    let communities = scope(db, caller, period.community_id).await?;
    let backend = db.get_database_backend();
    let open: Vec<OrderStatus> = OrderStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect();
    let overdue_now: SimpleExpr = Expr::case(
        Condition::all()
            .add(order::Column::Status.is_in(open))
            .add(order::Column::DueAt.lt(now)),
        1,
    )
    .finally(0)
    .into();
    let satisfied: SimpleExpr = Expr::case(order::Column::Rating.gte(4), 1)
        .finally(0)
        .into();
    let sum = |e: SimpleExpr| SimpleExpr::from(Func::sum(e));
    let mut q = order::Entity::find()
        .select_only()
        .columns([
            order::Column::Kind,
            order::Column::Status,
            order::Column::CategoryId,
            order::Column::AssigneeUnitId,
        ])
        .column_as(order::Column::Id.count(), "orders")
        .column_as(order::Column::Rating.count(), "rated")
        .column_as(order::Column::Rating.sum(), "rating_sum")
        .column_as(sum(satisfied), "satisfied")
        .column_as(order::Column::AcceptedAt.count(), "accepted")
        .column_as(
            sum(Expr::cust(minutes_since_placed(backend, "accepted_at"))),
            "response_minutes",
        )
        .column_as(order::Column::CompletedAt.count(), "completed")
        .column_as(
            sum(Expr::cust(minutes_since_placed(backend, "completed_at"))),
            "completion_minutes",
        )
        .column_as(sum(overdue_now), "overdue")
        .filter(order::Column::CommunityId.is_in(communities.clone()))
        .group_by(order::Column::Status)
        .group_by(order::Column::Kind)
        .group_by(order::Column::CategoryId)
        .group_by(order::Column::AssigneeUnitId);
    if let Some(from) = period.from {
        q = q.filter(order::Column::CreatedAt.gte(from));
    }
    if let Some(to) = period.to {
        q = q.filter(order::Column::CreatedAt.lt(to));
    }
    let groups: Vec<Group> = q.into_model::<Group>().all(db).await?;
    // Categories by id; a district's communities share codes, so tally by code.
    let categories: BTreeMap<CategoryId, category::Model> = category::Entity::find()
        .filter(category::Column::CommunityId.is_in(communities.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();

    let mut all = Tally::default();
    let mut by_status: BTreeMap<OrderStatus, u64> = BTreeMap::new();
    let mut by_kind: BTreeMap<OrderKind, u64> = BTreeMap::new();
    let mut per_unit: BTreeMap<UnitId, Tally> = BTreeMap::new();
    let mut per_category: BTreeMap<&str, (&str, Tally)> = BTreeMap::new();
    let (mut accepted, mut response) = (0u64, 0f64);
    let (mut completed, mut completion) = (0u64, 0f64);
    let mut overdue = 0u64;
    for g in &groups {
        all.add(g);
        *by_status.entry(g.status).or_default() += count(g.orders);
        *by_kind.entry(g.kind).or_default() += count(g.orders);
        if let Some(c) = categories.get(&g.category_id) {
            per_category
                .entry(c.code.as_str())
                .or_insert_with(|| (c.name.as_str(), Tally::default()))
                .1
                .add(g);
        }
        if let Some(u) = g.assignee_unit_id {
            per_unit.entry(u).or_default().add(g);
        }
        accepted += count(g.accepted);
        response += g.response_minutes.unwrap_or(0.0);
        completed += count(g.completed);
        completion += g.completion_minutes.unwrap_or(0.0);
        overdue += count(g.overdue.unwrap_or(0));
    }

    let unit_names: BTreeMap<UnitId, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(per_unit.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut per_category: Vec<GroupStats> = per_category
        .iter()
        .map(|(code, (name, t))| t.group(code.to_string(), name.to_string()))
        .collect();
    per_category.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.key.cmp(&b.key)));
    let mut per_unit: Vec<GroupStats> = per_unit
        .iter()
        .map(|(id, t)| {
            t.group(
                id.to_string(),
                unit_names.get(id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    per_unit.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.key.cmp(&b.key)));

    Ok(Stats {
        community_id: (communities.len() == 1).then(|| communities[0]),
        from: period.from,
        to: period.to,
        total: all.orders,
        by_status: by_status
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        by_kind: by_kind
            .into_iter()
            .map(|(key, count)| Count { key, count })
            .collect(),
        overdue,
        completion_rate: all.completion_rate(),
        satisfaction_rate: all.satisfaction_rate(),
        average_rating: all.average_rating(),
        average_response_minutes: (accepted > 0).then(|| response / accepted as f64),
        average_completion_minutes: (completed > 0).then(|| completion / completed as f64),
        per_unit,
        per_category,
    })
}
