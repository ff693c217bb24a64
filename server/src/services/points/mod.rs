//! Points (积分): the balance and its history, the reward catalogue (积分超市)
//! and redemption. Every ledger write goes through [`ledger`].

pub mod ledger;

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{points_entry, redemption, reward, user};
use crate::error::{ApiError, ApiResult};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use shared::api::{LedgerEntry, NamedRef, PointsView, Redemption, Reward};
use shared::ErrorCode;
use shared::{RedemptionId, RewardId};
use std::collections::HashMap;

const LEDGER_LIMIT: u64 = 200;

pub async fn view(db: &DatabaseConnection, caller: &Caller) -> ApiResult<PointsView> {
    let balance = user::Entity::find_by_id(caller.user_id)
        .one(db)
        .await?
        .map(|u| u.points_balance)
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    let entries = points_entry::Entity::find()
        .filter(points_entry::Column::UserId.eq(caller.user_id))
        .order_by_desc(points_entry::Column::Id)
        .limit(LEDGER_LIMIT)
        .all(db)
        .await?;
    // Name the reward of each redemption, in one query.
    let redemption_ids: Vec<RedemptionId> =
        entries.iter().filter_map(|e| e.redemption_id).collect();
    let rewards: HashMap<RedemptionId, String> = if redemption_ids.is_empty() {
        HashMap::new()
    } else {
        redemption::Entity::find()
            .find_also_related(reward::Entity)
            .filter(redemption::Column::Id.is_in(redemption_ids))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(r, w)| w.map(|w| (r.id, w.name)))
            .collect()
    };
    let ledger = entries
        .into_iter()
        .map(|e| LedgerEntry {
            id: e.id,
            at: e.at,
            delta: e.delta,
            reason: e.reason.as_str().to_string(),
            order_id: e.order_id,
            reward: e.redemption_id.and_then(|r| rewards.get(&r).cloned()),
        })
        .collect();
    Ok(PointsView { balance, ledger })
}

pub async fn rewards(db: &DatabaseConnection, caller: &Caller) -> ApiResult<Vec<Reward>> {
    let Some(c) = caller.community_id else {
        return Ok(Vec::new());
    };
    Ok(reward::Entity::find()
        .filter(reward::Column::CommunityId.eq(c))
        .order_by_asc(reward::Column::Cost)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Reward {
            id: r.id,
            name: r.name,
            cost: r.cost,
            stock: r.stock,
        })
        .collect())
}

/// Takes one item from stock and the points from the balance, both or neither.
pub async fn redeem(
    db: &Db,
    caller: &Caller,
    reward_id: RewardId,
    now: chrono::DateTime<Utc>,
) -> ApiResult<Redemption> {
    let r = reward::Entity::find_by_id(reward_id)
        .one(&db.read)
        .await?
        .filter(|r| Some(r.community_id) == caller.community_id)
        .ok_or_else(|| ApiError::not_found("reward"))?;
    let txn = db.write.begin().await?;
    let taken = reward::Entity::update_many()
        .col_expr(
            reward::Column::Stock,
            Expr::col(reward::Column::Stock).sub(1),
        )
        .filter(reward::Column::Id.eq(r.id))
        .filter(reward::Column::Stock.gt(0))
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::OutOfStock,
            format!("{} is out of stock", r.name),
        ));
    }
    let red = redemption::ActiveModel {
        reward_id: Set(r.id),
        user_id: Set(caller.user_id),
        cost: Set(r.cost),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if !ledger::debit_redemption(&txn, caller.user_id, red.id, r.cost, now).await? {
        // Dropping the transaction takes back the stock and the redemption.
        return Err(ApiError::conflict(
            ErrorCode::InsufficientPoints,
            format!("{} costs {} points, more than your balance", r.name, r.cost),
        ));
    }
    let balance = user::Entity::find_by_id(caller.user_id)
        .one(&txn)
        .await?
        .map(|u| u.points_balance)
        .unwrap_or_default();
    txn.commit().await?;
    Ok(Redemption {
        id: red.id,
        reward: NamedRef {
            id: r.id,
            name: r.name,
        },
        cost: r.cost,
        balance,
        at: now,
    })
}
