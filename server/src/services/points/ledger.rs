//! The points ledger (积分明细): every write to it and every change of a
//! balance happen here, each in the caller's transaction, so that the ledger
//! always sums to the balance.

use crate::entities::{points_entry, user};
use crate::error::ApiResult;
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::LedgerReason;
use shared::{OrderId, RedemptionId, UserId};

/// Credits a completed order's points and volunteer hours to whoever
/// completed it, once per person per order even if the order is reopened and
/// done again.
pub async fn credit_completion(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    order_id: OrderId,
    points: i32,
    hours: f64,
    now: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    if points <= 0 && hours <= 0.0 {
        return Ok(());
    }
    let entry = points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(points.max(0)),
        reason: Set(LedgerReason::OrderCompleted),
        order_id: Set(Some(order_id)),
        redemption_id: Set(None),
        at: Set(now),
        hours: Set(hours.max(0.0)),
        note: Set(None),
        by_user: Set(None),
        undoes: Set(None),
        ..Default::default()
    };
    // The unique (order, user, reason) index turns a second credit into nothing.
    let inserted = points_entry::Entity::insert(entry)
        .on_conflict(
            OnConflict::columns([
                points_entry::Column::OrderId,
                points_entry::Column::UserId,
                points_entry::Column::Reason,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    if inserted == 0 || points <= 0 {
        return Ok(());
    }
    user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).add(i64::from(points)),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Takes a reward's cost from the balance and writes the ledger entry; `false`
/// (nothing written) when the balance is too small.
pub async fn debit_redemption(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    redemption_id: RedemptionId,
    cost: i32,
    now: chrono::DateTime<Utc>,
) -> ApiResult<bool> {
    let paid = user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).sub(i64::from(cost)),
        )
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::PointsBalance.gte(i64::from(cost)))
        .exec(txn)
        .await?;
    if paid.rows_affected == 0 {
        return Ok(false);
    }
    points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(-cost),
        reason: Set(LedgerReason::RewardRedeemed),
        order_id: Set(None),
        redemption_id: Set(Some(redemption_id)),
        at: Set(now),
        hours: Set(0.0),
        note: Set(None),
        by_user: Set(None),
        undoes: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(true)
}

/// Gives a cancelled or expired reservation's points back, as an entry of
/// its own (the ledger is only ever added to).
pub async fn refund_redemption(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    redemption_id: RedemptionId,
    cost: i32,
    now: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).add(i64::from(cost)),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(cost),
        reason: Set(LedgerReason::RewardRefunded),
        order_id: Set(None),
        redemption_id: Set(Some(redemption_id)),
        at: Set(now),
        hours: Set(0.0),
        note: Set(None),
        by_user: Set(None),
        undoes: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The committee's award for community work: an entry and the balance.
pub async fn award(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    points: i32,
    note: String,
    by: UserId,
    now: chrono::DateTime<Utc>,
) -> ApiResult<points_entry::Model> {
    user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).add(i64::from(points)),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(points),
        reason: Set(LedgerReason::PointsAwarded),
        order_id: Set(None),
        redemption_id: Set(None),
        at: Set(now),
        hours: Set(0.0),
        note: Set(Some(note)),
        by_user: Set(Some(by)),
        undoes: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// Takes an award back by a compensating entry (the award itself stays, as
/// every entry does); `None` (nothing written) when the balance no longer
/// holds it. A second withdrawal of the same award is a unique-index
/// conflict (409).
pub async fn withdraw(
    txn: &impl ConnectionTrait,
    award: &points_entry::Model,
    note: String,
    by: UserId,
    now: chrono::DateTime<Utc>,
) -> ApiResult<Option<points_entry::Model>> {
    let paid = user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).sub(i64::from(award.delta)),
        )
        .filter(user::Column::Id.eq(award.user_id))
        .filter(user::Column::PointsBalance.gte(i64::from(award.delta)))
        .exec(txn)
        .await?;
    if paid.rows_affected == 0 {
        return Ok(None);
    }
    Ok(Some(
        points_entry::ActiveModel {
            user_id: Set(award.user_id),
            delta: Set(-award.delta),
            reason: Set(LedgerReason::PointsWithdrawn),
            order_id: Set(None),
            redemption_id: Set(None),
            at: Set(now),
            hours: Set(0.0),
            note: Set(Some(note)),
            by_user: Set(Some(by)),
            undoes: Set(Some(award.id)),
            ..Default::default()
        }
        .insert(txn)
        .await?,
    ))
}
