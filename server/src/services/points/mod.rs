//! Points (积分) and volunteer hours (爱心银行): a person's balance, hours and
//! history, the committee's awards ([`awards`]), the reward shelf of the
//! points supermarket (积分超市, [`shelf`]) and reservations
//! ([`redemptions`]). Every ledger write goes through [`ledger`].

pub mod awards;
pub mod ledger;
pub mod redemptions;
pub mod shelf;

use crate::auth::Caller;
use crate::entities::{membership, points_entry, redemption, reward, user};
use crate::error::{ApiError, ApiResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::api::{LedgerEntry, MembershipStatus, PointsView};
use shared::{LedgerEntryId, RedemptionId, UserId};
use std::collections::{HashMap, HashSet};

const LEDGER_LIMIT: u64 = 200;

/// Whose points the caller may read: their own, or, for the committee,
/// anyone's of its community (the award desk). Others' are 404.
pub async fn readable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    whose: Option<UserId>,
) -> ApiResult<UserId> {
    let Some(id) = whose.filter(|id| *id != caller.user_id) else {
        return Ok(caller.user_id);
    };
    if member_of_my_community(db, caller, id).await? {
        Ok(id)
    } else {
        Err(ApiError::not_found("person"))
    }
}

/// Whether `id` is an active member of the committee caller's community.
pub async fn member_of_my_community(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: UserId,
) -> ApiResult<bool> {
    let Ok(community) = crate::services::people::committee_community(caller) else {
        return Ok(false);
    };
    let found = membership::Entity::find()
        .filter(membership::Column::UserId.eq(id))
        .filter(membership::Column::CommunityId.eq(community))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// `GET /points`: the balance, the hours in all and the newest 200 entries.
pub async fn view(db: &impl ConnectionTrait, whose: UserId) -> ApiResult<PointsView> {
    let balance = user::Entity::find_by_id(whose)
        .one(db)
        .await?
        .map(|u| u.points_balance)
        .ok_or_else(|| ApiError::not_found("person"))?;
    let hours: Option<f64> = points_entry::Entity::find()
        .select_only()
        .column_as(Expr::col(points_entry::Column::Hours).sum(), "hours")
        .filter(points_entry::Column::UserId.eq(whose))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let entries = points_entry::Entity::find()
        .filter(points_entry::Column::UserId.eq(whose))
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
    // Which of the awards shown were taken back.
    let undone: HashSet<LedgerEntryId> = points_entry::Entity::find()
        .select_only()
        .column(points_entry::Column::Undoes)
        .filter(points_entry::Column::UserId.eq(whose))
        .filter(points_entry::Column::Undoes.is_not_null())
        .into_tuple::<Option<LedgerEntryId>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let ledger = entries
        .into_iter()
        .map(|e| LedgerEntry {
            id: e.id,
            at: e.at,
            delta: e.delta,
            reason: e.reason.as_str().to_string(),
            order_id: e.order_id,
            redemption_id: e.redemption_id,
            reward: e.redemption_id.and_then(|r| rewards.get(&r).cloned()),
            hours: e.hours,
            note: e.note,
            withdrawn: undone.contains(&e.id),
        })
        .collect();
    Ok(PointsView {
        balance,
        hours: hours.unwrap_or(0.0),
        ledger,
    })
}
