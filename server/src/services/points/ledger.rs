//! The points ledger (积分明细): every write to it and every change of a
//! balance happen here, each in the caller's transaction, so that the ledger
//! always sums to the balance.

use crate::entities::{points_entry, user};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::LedgerReason;
use shared::{OrderId, RedemptionId, UserId};

/// An entry of `delta` points for `reason`, with nothing else yet: each
/// writer below sets the order, reservation, hours, note or author it has.
fn entry(
    user_id: UserId,
    delta: i32,
    reason: LedgerReason,
    now: DateTime<Utc>,
) -> points_entry::ActiveModel {
    points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(delta),
        reason: Set(reason),
        order_id: Set(None),
        redemption_id: Set(None),
        at: Set(now),
        hours: Set(0.0),
        note: Set(None),
        by_user: Set(None),
        undoes: Set(None),
        ..Default::default()
    }
}

/// Adds `delta` to a balance in one conditional write; a debit only when the
/// balance holds it. `false` when nothing changed.
async fn move_balance(txn: &impl ConnectionTrait, user_id: UserId, delta: i32) -> ApiResult<bool> {
    let mut update = user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).add(i64::from(delta)),
        )
        .filter(user::Column::Id.eq(user_id));
    if delta < 0 {
        update = update.filter(user::Column::PointsBalance.gte(-i64::from(delta)));
    }
    Ok(update.exec(txn).await?.rows_affected > 0)
}

/// Credits a completed order's points and volunteer hours to whoever
/// completed it, once per person per order even if the order is reopened and
/// done again.
pub async fn credit_completion(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    order_id: OrderId,
    points: i32,
    hours: f64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if points <= 0 && hours <= 0.0 {
        return Ok(());
    }
    let credit = points_entry::ActiveModel {
        order_id: Set(Some(order_id)),
        hours: Set(hours.max(0.0)),
        ..entry(user_id, points.max(0), LedgerReason::OrderCompleted, now)
    };
    // The unique (order, user, reason) index turns a second credit into nothing.
    let inserted = points_entry::Entity::insert(credit)
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
    if inserted > 0 && points > 0 {
        move_balance(txn, user_id, points).await?;
    }
    Ok(())
}

/// Takes a reward's cost from the balance and writes the ledger entry; `false`
/// (nothing written) when the balance is too small.
pub async fn debit_redemption(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    redemption_id: RedemptionId,
    cost: i32,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    if !move_balance(txn, user_id, -cost).await? {
        return Ok(false);
    }
    points_entry::ActiveModel {
        redemption_id: Set(Some(redemption_id)),
        ..entry(user_id, -cost, LedgerReason::RewardRedeemed, now)
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
    now: DateTime<Utc>,
) -> ApiResult<()> {
    move_balance(txn, user_id, cost).await?;
    points_entry::ActiveModel {
        redemption_id: Set(Some(redemption_id)),
        ..entry(user_id, cost, LedgerReason::RewardRefunded, now)
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
    now: DateTime<Utc>,
) -> ApiResult<points_entry::Model> {
    move_balance(txn, user_id, points).await?;
    Ok(points_entry::ActiveModel {
        note: Set(Some(note)),
        by_user: Set(Some(by)),
        ..entry(user_id, points, LedgerReason::PointsAwarded, now)
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
    now: DateTime<Utc>,
) -> ApiResult<Option<points_entry::Model>> {
    if !move_balance(txn, award.user_id, -award.delta).await? {
        return Ok(None);
    }
    Ok(Some(
        points_entry::ActiveModel {
            note: Set(Some(note)),
            by_user: Set(Some(by)),
            undoes: Set(Some(award.id)),
            ..entry(
                award.user_id,
                -award.delta,
                LedgerReason::PointsWithdrawn,
                now,
            )
        }
        .insert(txn)
        .await?,
    ))
}
