//! A period's orders grouped, read the cheap way: the whole China days it
//! covers from what each day's orders add up to (`order_days`), and the hours
//! before and after them from the orders themselves, grouped alike.

use super::{sum, Group};
use crate::entities::{order, order_day};
use crate::error::ApiResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use shared::CommunityId;

/// Milliseconds from `created_at` to another moment of the row, in the
/// engine's own date arithmetic.
fn ms_since_placed(backend: DatabaseBackend, column: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            format!("ROUND(EXTRACT(EPOCH FROM ({column} - created_at)) * 1000)")
        }
        // unixepoch's 'subsec': milliseconds, exactly (julianday's days as
        // a float lose the last digits).
        _ => format!(
            "ROUND((unixepoch({column}, 'subsec') - unixepoch(created_at, 'subsec')) * 1000)"
        ),
    }
}

/// The orders of these communities placed in `[from, to)` (either end may be
/// open), grouped: whole China days from the day rows, the hours around
/// them from the orders.
pub(in crate::services) async fn groups_of(
    db: &DatabaseConnection,
    communities: &[CommunityId],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> ApiResult<Vec<Group>> {
    let (days, edges) = split(from, to);
    let mut groups = match days {
        Some((first, end)) => day_groups(db, communities, first, end).await?,
        None => Vec::new(),
    };
    for (from, to) in edges {
        groups.extend(order_groups(db, communities, from, to).await?);
    }
    Ok(groups)
}

/// The China day an order placed then counts under.
pub(in crate::services) fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shared::deadlines::china()).date_naive()
}

/// When a China day begins.
pub(in crate::services) fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    midnight
        .and_local_timezone(shared::deadlines::china())
        .single()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// A period cut into the whole China days it covers (`first..end`, read
/// from `order_days`; `None` at an open end) and the hours before and after
/// them (read from the orders).
type Days = Option<(Option<NaiveDate>, Option<NaiveDate>)>;
type Edges = Vec<(DateTime<Utc>, DateTime<Utc>)>;

fn split(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> (Days, Edges) {
    // The first whole day begins at or after `from`; the last ends at or
    // before `to`.
    let first = from.map(|f| {
        let d = day_of(f);
        if start_of(d) == f {
            d
        } else {
            d.succ_opt().unwrap_or(d)
        }
    });
    let end = to.map(day_of);
    match (from, first, to, end) {
        // Not one whole day between them: the orders of the period.
        (Some(f), Some(first), Some(t), Some(end)) if first >= end => (None, vec![(f, t)]),
        _ => {
            let mut edges = Vec::new();
            if let (Some(f), Some(first)) = (from, first) {
                if f < start_of(first) {
                    edges.push((f, start_of(first)));
                }
            }
            if let (Some(t), Some(end)) = (to, end) {
                if start_of(end) < t {
                    edges.push((start_of(end), t));
                }
            }
            (Some((first, end)), edges)
        }
    }
}

/// The sums of whole days, from `order_days`.
async fn day_groups(
    db: &DatabaseConnection,
    communities: &[CommunityId],
    first: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> ApiResult<Vec<Group>> {
    let mut q = order_day::Entity::find()
        .select_only()
        .columns([
            order_day::Column::CommunityId,
            order_day::Column::Kind,
            order_day::Column::Status,
            order_day::Column::CategoryId,
            order_day::Column::UnitId,
        ])
        .column_as(sum("orders"), "orders")
        .column_as(sum("rated"), "rated")
        .column_as(sum("rating_sum"), "rating_sum")
        .column_as(sum("satisfied"), "satisfied")
        .column_as(sum("accepted"), "accepted")
        .column_as(sum("response_ms"), "response_ms")
        .column_as(sum("completed"), "completed")
        .column_as(sum("completion_ms"), "completion_ms")
        .filter(order_day::Column::CommunityId.is_in(communities.iter().copied()))
        // The table's key order: the rows arrive grouped, nothing is sorted.
        .group_by(order_day::Column::CommunityId)
        .group_by(order_day::Column::Kind)
        .group_by(order_day::Column::CategoryId)
        .group_by(order_day::Column::Status)
        .group_by(order_day::Column::UnitId);
    if let Some(first) = first {
        q = q.filter(order_day::Column::Day.gte(first));
    }
    if let Some(end) = end {
        q = q.filter(order_day::Column::Day.lt(end));
    }
    Ok(q.into_model::<Group>().all(db).await?)
}

/// The same sums, counted from the orders placed in `[from, to)` (the hours
/// of a period that do not fill a day; the slow way, over at most a day).
async fn order_groups(
    db: &DatabaseConnection,
    communities: &[CommunityId],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ApiResult<Vec<Group>> {
    let backend = db.get_database_backend();
    Ok(order::Entity::find()
        .select_only()
        .columns([
            order::Column::CommunityId,
            order::Column::Kind,
            order::Column::Status,
            order::Column::CategoryId,
        ])
        .column_as(Expr::cust("COALESCE(assignee_unit_id, 0)"), "unit_id")
        .column_as(Expr::cust("COUNT(*)"), "orders")
        .column_as(Expr::cust("COUNT(rating)"), "rated")
        .column_as(sum("rating"), "rating_sum")
        .column_as(sum("CASE WHEN rating >= 4 THEN 1 ELSE 0 END"), "satisfied")
        .column_as(Expr::cust("COUNT(accepted_at)"), "accepted")
        .column_as(sum(&ms_since_placed(backend, "accepted_at")), "response_ms")
        .column_as(Expr::cust("COUNT(completed_at)"), "completed")
        .column_as(
            sum(&ms_since_placed(backend, "completed_at")),
            "completion_ms",
        )
        .filter(order::Column::CommunityId.is_in(communities.iter().copied()))
        .filter(order::Column::CreatedAt.gte(from))
        .filter(order::Column::CreatedAt.lt(to))
        .group_by(order::Column::CommunityId)
        .group_by(order::Column::Kind)
        .group_by(order::Column::Status)
        .group_by(order::Column::CategoryId)
        .group_by(Expr::cust("COALESCE(assignee_unit_id, 0)"))
        .into_model::<Group>()
        .all(db)
        .await?)
}
