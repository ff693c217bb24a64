//! Reservations in the points supermarket: redeeming takes an item from the
//! shelf and the points from the balance and gives a six-digit pickup code;
//! the committee hands the item over when the owner shows the code, or
//! cancels; the owner may cancel while it waits; after 14 days a job lets it
//! expire. Cancelling and expiring give points and stock back.
//!
//! Every step out of `reserved` is one conditional write (`… WHERE status =
//! 'reserved'`), so two servers, or the owner and the committee at the same
//! moment, close a reservation once and refund it once.

use super::ledger;
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{redemption, reward, user};
use crate::error::{ApiError, ApiResult};
use crate::services::people::committee_community;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{NamedRef, Page, Redemption};
use shared::input::PickupCode;
use shared::{ErrorCode, RedemptionId, RedemptionStatus, RewardId, Role, UserId};
use std::collections::HashMap;

/// How long a reservation waits to be picked up.
pub const KEEP_DAYS: i64 = 14;

/// Takes one item from stock and the points from the balance, both or
/// neither, and reserves it under a new pickup code.
pub async fn redeem(
    db: &Db,
    caller: &Caller,
    reward_id: RewardId,
    now: DateTime<Utc>,
) -> ApiResult<Redemption> {
    let r = reward::Entity::find_by_id(reward_id)
        .one(&db.read)
        .await?
        .filter(|r| Some(r.community_id) == caller.community_id && r.on_shelf)
        .ok_or_else(|| ApiError::not_found("reward"))?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    let txn = db.write.begin().await?;
    let taken = reward::Entity::update_many()
        .col_expr(
            reward::Column::Stock,
            Expr::col(reward::Column::Stock).sub(1),
        )
        .filter(reward::Column::Id.eq(r.id))
        .filter(reward::Column::Stock.gt(0))
        .filter(reward::Column::OnShelf.eq(true))
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::OutOfStock,
            format!("{} is out of stock", r.name),
        ));
    }
    let row = redemption::ActiveModel {
        reward_id: Set(r.id),
        user_id: Set(caller.user_id),
        cost: Set(r.cost),
        at: Set(now),
        status: Set(RedemptionStatus::Reserved),
        code: Set(Some(code)),
        community_id: Set(r.community_id),
        expires_at: Set(Some(now + Duration::days(KEEP_DAYS))),
        closed_at: Set(None),
        closed_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if !ledger::debit_redemption(&txn, caller.user_id, row.id, r.cost, now).await? {
        // Dropping the transaction takes back the stock and the redemption.
        return Err(ApiError::conflict(
            ErrorCode::InsufficientPoints,
            format!("{} costs {} points, more than your balance", r.name, r.cost),
        ));
    }
    let balance = balance_of(&txn, caller.user_id).await?;
    txn.commit().await?;
    let mut out = view(row, r.name, caller, None);
    out.balance = Some(balance);
    Ok(out)
}

async fn balance_of(db: &impl ConnectionTrait, user_id: UserId) -> ApiResult<i64> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|u| u.points_balance)
        .unwrap_or_default())
}

/// What a reader sees of a reservation: its code only if it is theirs.
fn view(
    r: redemption::Model,
    reward: String,
    reader: &Caller,
    user: Option<NamedRef<UserId>>,
) -> Redemption {
    Redemption {
        id: r.id,
        reward: NamedRef {
            id: r.reward_id,
            name: reward,
        },
        cost: r.cost,
        status: r.status,
        code: r.code.filter(|_| r.user_id == reader.user_id),
        user,
        balance: None,
        at: r.at,
        expires_at: r.expires_at.unwrap_or(r.at),
        closed_at: r.closed_at,
    }
}

/// `GET /redemptions`: the caller's own; the committee's (without `mine`)
/// its community's, with who redeemed each. Newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    status: Option<RedemptionStatus>,
    mine: bool,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<Redemption>> {
    let committee = !mine && caller.has(Role::Committee);
    let mut q = redemption::Entity::find();
    q = match (committee, caller.community_id) {
        (true, Some(c)) => q.filter(redemption::Column::CommunityId.eq(c)),
        _ => q.filter(redemption::Column::UserId.eq(caller.user_id)),
    };
    if let Some(s) = status {
        q = q.filter(redemption::Column::Status.eq(s));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(redemption::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let rewards: HashMap<RewardId, String> = reward::Entity::find()
        .select_only()
        .column(reward::Column::Id)
        .column(reward::Column::Name)
        .filter(reward::Column::Id.is_in(rows.iter().map(|r| r.reward_id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let names: HashMap<UserId, String> = if committee {
        user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    let items = rows
        .into_iter()
        .map(|r| {
            let reward = rewards.get(&r.reward_id).cloned().unwrap_or_default();
            let who = names.get(&r.user_id).map(|n| NamedRef {
                id: r.user_id,
                name: n.clone(),
            });
            view(r, reward, caller, who)
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
        total_capped: false,
        next: None,
    })
}

/// The reservation as the caller may act on it: the owner's own, or any of
/// the committee's community; 404 for anyone else.
async fn find(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: RedemptionId,
) -> ApiResult<(redemption::Model, bool)> {
    let r = redemption::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("redemption"))?;
    let committee = caller.has(Role::Committee) && caller.community_id == Some(r.community_id);
    if !committee && r.user_id != caller.user_id {
        return Err(ApiError::not_found("redemption"));
    }
    Ok((r, committee))
}

async fn named(
    db: &impl ConnectionTrait,
    r: redemption::Model,
    caller: &Caller,
) -> ApiResult<Redemption> {
    let reward = reward::Entity::find_by_id(r.reward_id)
        .one(db)
        .await?
        .map(|w| w.name)
        .unwrap_or_default();
    let who = user::Entity::find_by_id(r.user_id)
        .one(db)
        .await?
        .map(|u| NamedRef {
            id: u.id,
            name: u.name,
        });
    Ok(view(r, reward, caller, who))
}

fn not_reserved(r: &redemption::Model) -> ApiError {
    ApiError::conflict(
        ErrorCode::InvalidTransition,
        format!("this reservation is {} already", r.status),
    )
}

/// `POST /redemptions/{id}/fulfil`: the committee hands the item over to
/// whoever shows the code.
pub async fn fulfil(
    db: &Db,
    caller: &Caller,
    id: RedemptionId,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<Redemption> {
    committee_community(caller)?;
    let (r, committee) = find(&db.read, caller, id).await?;
    if !committee {
        return Err(ApiError::not_found("redemption"));
    }
    let code = PickupCode::parse(code)?;
    if r.status != RedemptionStatus::Reserved {
        return Err(not_reserved(&r));
    }
    if r.code.as_deref() != Some(code.as_str()) {
        return Err(ApiError::invalid(
            "code: not this reservation's pickup code",
        ));
    }
    let done = redemption::Entity::update_many()
        .col_expr(
            redemption::Column::Status,
            Expr::value(RedemptionStatus::Fulfilled),
        )
        .col_expr(redemption::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(
            redemption::Column::ClosedBy,
            Expr::value(Some(caller.user_id)),
        )
        .filter(redemption::Column::Id.eq(id))
        .filter(redemption::Column::Status.eq(RedemptionStatus::Reserved))
        .exec(&db.write)
        .await?;
    let r = redemption::Entity::find_by_id(id)
        .one(&db.write)
        .await?
        .ok_or_else(|| ApiError::not_found("redemption"))?;
    if done.rows_affected == 0 {
        return Err(not_reserved(&r));
    }
    named(&db.read, r, caller).await
}

/// `POST /redemptions/{id}/cancel`: the owner while it waits, or the
/// committee; points and stock come back.
pub async fn cancel(
    db: &Db,
    caller: &Caller,
    id: RedemptionId,
    now: DateTime<Utc>,
) -> ApiResult<Redemption> {
    let (r, _) = find(&db.read, caller, id).await?;
    if r.status != RedemptionStatus::Reserved {
        return Err(not_reserved(&r));
    }
    let txn = db.write.begin().await?;
    if !close(
        &txn,
        &r,
        RedemptionStatus::Cancelled,
        Some(caller.user_id),
        now,
    )
    .await?
    {
        drop(txn);
        let r = redemption::Entity::find_by_id(id)
            .one(&db.write)
            .await?
            .ok_or_else(|| ApiError::not_found("redemption"))?;
        return Err(not_reserved(&r));
    }
    txn.commit().await?;
    let r = redemption::Entity::find_by_id(id)
        .one(&db.write)
        .await?
        .ok_or_else(|| ApiError::not_found("redemption"))?;
    named(&db.read, r, caller).await
}

/// Closes a reservation that still waits as `cancelled` or `expired`, and
/// gives its item and points back, in the caller's transaction; `false`
/// (nothing written) when someone closed it first.
async fn close(
    txn: &impl ConnectionTrait,
    r: &redemption::Model,
    to: RedemptionStatus,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let closed = redemption::Entity::update_many()
        .col_expr(redemption::Column::Status, Expr::value(to))
        .col_expr(redemption::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(redemption::Column::ClosedBy, Expr::value(by))
        .filter(redemption::Column::Id.eq(r.id))
        .filter(redemption::Column::Status.eq(RedemptionStatus::Reserved))
        .exec(txn)
        .await?;
    if closed.rows_affected == 0 {
        return Ok(false);
    }
    reward::Entity::update_many()
        .col_expr(
            reward::Column::Stock,
            Expr::col(reward::Column::Stock).add(1),
        )
        .filter(reward::Column::Id.eq(r.reward_id))
        .exec(txn)
        .await?;
    ledger::refund_redemption(txn, r.user_id, r.id, r.cost, now).await?;
    Ok(true)
}

/// The expiry job: every reservation not picked up by its time expires, each
/// in its own transaction, each once however many servers run this.
pub async fn expire_due(db: &Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let due = redemption::Entity::find()
        .filter(redemption::Column::Status.eq(RedemptionStatus::Reserved))
        .filter(redemption::Column::ExpiresAt.lte(now))
        .order_by_asc(redemption::Column::Id)
        .all(&db.read)
        .await?;
    let mut expired = 0;
    for r in due {
        let txn = db.write.begin().await?;
        if close(&txn, &r, RedemptionStatus::Expired, None, now).await? {
            txn.commit().await?;
            expired += 1;
        }
    }
    Ok(expired)
}
