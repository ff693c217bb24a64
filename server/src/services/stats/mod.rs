//! The figures committees are judged by: completion rate, satisfaction rate,
//! response and completion times, per unit and per category.
//!
//! Whole China days are read from what each day's orders add up to
//! (`order_days`, kept by the database's triggers in the statement that
//! writes an order: see its migration): a few hundred rows a day, whatever
//! the number of orders. The hours of a period that do not fill a day are
//! counted from the orders themselves, grouped the same way (`days.rs`);
//! what is overdue now, from the open orders. Memory and time stay flat
//! however many orders a district has.

mod days;

use super::orders::district_communities;
use crate::auth::Caller;
use crate::entities::{category, order, unit};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
pub(super) use days::{day_of, groups_of, start_of};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
};
use shared::api::{Count, GroupStats, Stats};
use shared::{CategoryId, CommunityId, UnitId};
use shared::{OrderKind, OrderStatus, Role};
use std::collections::BTreeMap;

/// One group of the period's orders (same status, kind, category and unit)
/// with its sums.
#[derive(Debug, Clone, FromQueryResult)]
pub(super) struct Group {
    pub(super) community_id: CommunityId,
    pub(super) kind: OrderKind,
    pub(super) status: OrderStatus,
    pub(super) category_id: CategoryId,
    /// 0: none.
    pub(super) unit_id: i32,
    pub(super) orders: i64,
    pub(super) rated: i64,
    pub(super) rating_sum: i64,
    pub(super) satisfied: i64,
    pub(super) accepted: i64,
    pub(super) response_ms: i64,
    pub(super) completed: i64,
    pub(super) completion_ms: i64,
}

/// A sum as a 64-bit integer on both engines (PostgreSQL's `SUM` of a
/// `BIGINT` is a `NUMERIC`).
pub(super) fn sum(inner: &str) -> SimpleExpr {
    Expr::cust(format!("CAST(COALESCE(SUM({inner}), 0) AS BIGINT)"))
}

pub struct Period {
    pub community_id: Option<CommunityId>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Which communities the caller may see figures for, given the one asked about.
pub(super) async fn scope(
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
    if let (true, Some(street)) = (caller.has(Role::StreetOfficer), caller.street_id) {
        let all = super::orders::street_communities(db, street).await?;
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
            ApiError::forbidden(
                "only the committee, grid workers, street officers and admins see the figures",
            )
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

pub(super) fn is_done(s: OrderStatus) -> bool {
    matches!(
        s,
        OrderStatus::Completed | OrderStatus::Evaluated | OrderStatus::Closed
    )
}

#[derive(Default)]
pub(super) struct Tally {
    pub(super) orders: u64,
    pub(super) done: u64,
    cancelled: u64,
    rated: u64,
    rating_sum: u64,
    satisfied: u64,
}

impl Tally {
    pub(super) fn add(&mut self, g: &Group) {
        let n = count(g.orders);
        self.orders += n;
        if is_done(g.status) {
            self.done += n;
        }
        if g.status == OrderStatus::Cancelled {
            self.cancelled += n;
        }
        self.rated += count(g.rated);
        self.rating_sum += count(g.rating_sum);
        self.satisfied += count(g.satisfied);
    }

    pub(super) fn completion_rate(&self) -> Option<f64> {
        ratio(self.done, self.orders - self.cancelled)
    }

    pub(super) fn satisfaction_rate(&self) -> Option<f64> {
        ratio(self.satisfied, self.rated)
    }

    pub(super) fn average_rating(&self) -> Option<f64> {
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

pub(super) fn count(n: i64) -> u64 {
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
    let groups = groups_of(db, &communities, period.from, period.to).await?;
    let overdue = overdue_now(db, &communities, &period, now).await?;
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
    let (mut accepted, mut response_ms) = (0u64, 0i64);
    let (mut completed, mut completion_ms) = (0u64, 0i64);
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
        if g.unit_id != 0 {
            per_unit.entry(UnitId(g.unit_id)).or_default().add(g);
        }
        accepted += count(g.accepted);
        response_ms += g.response_ms;
        completed += count(g.completed);
        completion_ms += g.completion_ms;
    }

    let unit_names = unit_names(db, per_unit.keys().copied()).await?;
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
        average_response_minutes: (accepted > 0)
            .then(|| response_ms as f64 / 60_000.0 / accepted as f64),
        average_completion_minutes: (completed > 0)
            .then(|| completion_ms as f64 / 60_000.0 / completed as f64),
        per_unit,
        per_category,
    })
}

/// The names of these units, by id.
pub(super) async fn unit_names(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = UnitId>,
) -> ApiResult<BTreeMap<UnitId, String>> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Orders of the period still open and past their due time now.
pub(super) async fn overdue_now(
    db: &DatabaseConnection,
    communities: &[CommunityId],
    period: &Period,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let open = OrderStatus::ALL.iter().copied().filter(|s| s.is_open());
    let mut q = order::Entity::find()
        .filter(order::Column::CommunityId.is_in(communities.iter().copied()))
        .filter(order::Column::Status.is_in(open))
        .filter(order::Column::DueAt.lt(now));
    if let Some(from) = period.from {
        q = q.filter(order::Column::CreatedAt.gte(from));
    }
    if let Some(to) = period.to {
        q = q.filter(order::Column::CreatedAt.lt(to));
    }
    Ok(q.count(db).await?)
}
