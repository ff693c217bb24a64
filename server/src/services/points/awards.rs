//! The committee's points for community work (an award with its reason),
//! taken back only by a compensating entry; and a volunteer's year, as the
//! love bank's certificate (爱心银行) shows it.

use super::{ledger, member_of_my_community};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{community, order, points_entry, user};
use crate::error::{ApiError, ApiResult};
use crate::services::people::committee_community;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use shared::api::{LedgerEntry, NewAward, VolunteerYear, Withdrawal};
use shared::deadlines::china;
use shared::input::{award_points, AwardReason};
use shared::{ErrorCode, LedgerEntryId, LedgerReason, UserId};

fn entry(e: points_entry::Model) -> LedgerEntry {
    LedgerEntry {
        id: e.id,
        at: e.at,
        delta: e.delta,
        reason: e.reason.as_str().to_string(),
        order_id: e.order_id,
        redemption_id: e.redemption_id,
        reward: None,
        hours: e.hours,
        note: e.note,
        withdrawn: false,
    }
}

/// `POST /points/awards`: the committee gives someone of its community
/// 1–100 points, saying why.
pub async fn award(
    db: &Db,
    caller: &Caller,
    input: NewAward,
    now: DateTime<Utc>,
) -> ApiResult<LedgerEntry> {
    committee_community(caller)?;
    let points = award_points(input.points)?;
    let reason = AwardReason::parse(&input.reason)?;
    if !member_of_my_community(&db.read, caller, input.user_id).await? {
        return Err(ApiError::not_found("person"));
    }
    let txn = db.write.begin().await?;
    let e = ledger::award(
        &txn,
        input.user_id,
        points,
        reason.into_inner(),
        caller.user_id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(entry(e))
}

/// `POST /points/awards/{id}/withdraw`: the committee takes an award of its
/// community back by a compensating entry; once (409 after), and only while
/// the balance still holds it (409 `insufficient_points`).
pub async fn withdraw(
    db: &Db,
    caller: &Caller,
    id: LedgerEntryId,
    input: Withdrawal,
    now: DateTime<Utc>,
) -> ApiResult<LedgerEntry> {
    committee_community(caller)?;
    let reason = AwardReason::parse(&input.reason)?;
    let award = points_entry::Entity::find_by_id(id)
        .filter(points_entry::Column::Reason.eq(LedgerReason::PointsAwarded))
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::not_found("award"))?;
    if !member_of_my_community(&db.read, caller, award.user_id).await? {
        return Err(ApiError::not_found("award"));
    }
    let undone = points_entry::Entity::find()
        .filter(points_entry::Column::Undoes.eq(id))
        .one(&db.read)
        .await?;
    if undone.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this award was withdrawn already",
        ));
    }
    let txn = db.write.begin().await?;
    let Some(e) = ledger::withdraw(&txn, &award, reason.into_inner(), caller.user_id, now).await?
    else {
        return Err(ApiError::conflict(
            ErrorCode::InsufficientPoints,
            "the points of this award were spent already",
        ));
    };
    txn.commit().await?;
    Ok(entry(e))
}

/// The first moment of a China year, in UTC.
fn year_start(year: i32) -> ApiResult<DateTime<Utc>> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| china().from_local_datetime(&t).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ApiError::invalid("year is not valid"))
}

/// `GET /points/years/{year}`: a volunteer's year for their certificate —
/// hours, orders completed, the residents' average rating of them, points
/// earned (completions and awards, less withdrawals).
pub async fn year(
    db: &impl ConnectionTrait,
    caller: &Caller,
    whose: UserId,
    year: i32,
) -> ApiResult<VolunteerYear> {
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::invalid("year must be from 2000 to 2100"));
    }
    let (from, to) = (year_start(year)?, year_start(year + 1)?);
    let person = user::Entity::find_by_id(whose)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))?;
    let in_year = || {
        points_entry::Entity::find()
            .filter(points_entry::Column::UserId.eq(whose))
            .filter(points_entry::Column::At.gte(from))
            .filter(points_entry::Column::At.lt(to))
    };
    let (hours, earned): (Option<f64>, Option<i64>) = in_year()
        .select_only()
        .column_as(Expr::col(points_entry::Column::Hours).sum(), "hours")
        .column_as(
            Expr::cust("SUM(CASE WHEN reason = 'reward_redeemed' OR reason = 'reward_refunded' THEN 0 ELSE delta END)"),
            "earned",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((None, None));
    let completed: Vec<shared::OrderId> = in_year()
        .select_only()
        .column(points_entry::Column::OrderId)
        .filter(points_entry::Column::Reason.eq(LedgerReason::OrderCompleted))
        .into_tuple::<Option<shared::OrderId>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut ratings = Vec::new();
    for chunk in completed.chunks(500) {
        let got: Vec<Option<i32>> = order::Entity::find()
            .select_only()
            .column(order::Column::Rating)
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        ratings.extend(got.into_iter().flatten());
    }
    let average_rating = (!ratings.is_empty())
        .then(|| ratings.iter().map(|r| f64::from(*r)).sum::<f64>() / ratings.len() as f64);
    let community = match caller.community_id {
        Some(c) => community::Entity::find_by_id(c)
            .one(db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(VolunteerYear {
        year,
        name: person.name,
        community,
        hours: hours.unwrap_or(0.0),
        orders: completed.len() as u64,
        average_rating,
        points_earned: earned.unwrap_or(0),
    })
}
