//! The figures committees are judged by: completion rate, satisfaction rate,
//! response and completion times, per unit and per category.
//!
//! Orders of the period are read once (only the columns needed) and counted
//! here: a community has thousands of orders a year, not millions, and this
//! keeps the arithmetic identical on SQLite and PostgreSQL.

use super::orders::district_communities;
use crate::auth::Caller;
use crate::entities::{category, order, unit};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use shared::api::{Count, GroupStats, Stats};
use shared::{CategoryId, CommunityId, UnitId};
use shared::{OrderKind, OrderStatus, Role};
use std::collections::BTreeMap;

#[derive(Debug, FromQueryResult)]
struct Row {
    kind: OrderKind,
    status: OrderStatus,
    category_id: CategoryId,
    assignee_unit_id: Option<UnitId>,
    created_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    rating: Option<i32>,
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

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
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
    ratings: Vec<f64>,
}

impl Tally {
    fn add(&mut self, status: OrderStatus, rating: Option<i32>) {
        self.orders += 1;
        if is_done(status) {
            self.done += 1;
        }
        if status == OrderStatus::Cancelled {
            self.cancelled += 1;
        }
        if let Some(r) = rating {
            self.ratings.push(f64::from(r));
        }
    }

    fn completion_rate(&self) -> Option<f64> {
        ratio(self.done, self.orders - self.cancelled)
    }

    fn satisfaction_rate(&self) -> Option<f64> {
        ratio(
            self.ratings.iter().filter(|r| **r >= 4.0).count() as u64,
            self.ratings.len() as u64,
        )
    }

    fn group(&self, key: String, name: String) -> GroupStats {
        GroupStats {
            key,
            name,
            orders: self.orders,
            done: self.done,
            completion_rate: self.completion_rate(),
            satisfaction_rate: self.satisfaction_rate(),
            average_rating: mean(&self.ratings),
        }
    }
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
    let mut q = order::Entity::find()
        .select_only()
        .columns([
            order::Column::Kind,
            order::Column::Status,
            order::Column::CategoryId,
            order::Column::AssigneeUnitId,
            order::Column::CreatedAt,
            order::Column::DueAt,
            order::Column::AcceptedAt,
            order::Column::CompletedAt,
            order::Column::Rating,
        ])
        .filter(order::Column::CommunityId.is_in(communities.clone()));
    if let Some(from) = period.from {
        q = q.filter(order::Column::CreatedAt.gte(from));
    }
    if let Some(to) = period.to {
        q = q.filter(order::Column::CreatedAt.lt(to));
    }
    let rows: Vec<Row> = q.into_model::<Row>().all(db).await?;
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
    let (mut response, mut completion, mut overdue) = (Vec::new(), Vec::new(), 0u64);
    for r in &rows {
        let (status, kind) = (r.status, r.kind);
        all.add(status, r.rating);
        *by_status.entry(status).or_default() += 1;
        *by_kind.entry(kind).or_default() += 1;
        if let Some(c) = categories.get(&r.category_id) {
            per_category
                .entry(c.code.as_str())
                .or_insert_with(|| (c.name.as_str(), Tally::default()))
                .1
                .add(status, r.rating);
        }
        if let Some(u) = r.assignee_unit_id {
            per_unit.entry(u).or_default().add(status, r.rating);
        }
        if let Some(at) = r.accepted_at {
            response.push((at - r.created_at).num_seconds() as f64 / 60.0);
        }
        if let Some(at) = r.completed_at {
            completion.push((at - r.created_at).num_seconds() as f64 / 60.0);
        }
        if status.is_open() && r.due_at < now {
            overdue += 1;
        }
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
        average_rating: mean(&all.ratings),
        average_response_minutes: mean(&response),
        average_completion_minutes: mean(&completion),
        per_unit,
        per_category,
    })
}
