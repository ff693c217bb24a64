//! The counters ranking reads (`candidate_stats`), kept up in the transaction
//! of the transition that changes them: an accept or claim adds a response
//! time, a reject a reject, an evaluation a rating. One upsert each; nothing
//! here reads past orders.

use super::REJECTS_FORGOTTEN_AFTER_DAYS;
use crate::entities::{candidate_stat as cs, order};
use crate::error::ApiResult;
use crate::services::orders::assignees;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict, SimpleExpr};
use sea_orm::Condition;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use shared::api::AssigneeRef;
use shared::Action;

/// How many of the latest responses the running average is over, roughly.
const RESPONSE_WINDOW: i32 = 5;

/// Records what an action tells of the one who serves the order. `o` is the
/// order before the action; `claimer`, whoever claimed it (a claim).
pub async fn record(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    action: Action,
    claimer: Option<AssigneeRef>,
    rating: Option<i32>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let who = match action {
        Action::Claim => claimer,
        Action::Accept | Action::Reject | Action::Evaluate => assignees::of(o),
        _ => None,
    };
    let Some(who) = who else { return Ok(()) };
    let col = |c: cs::Column| Expr::col((cs::Entity, c));
    let (fresh, updates): (cs::ActiveModel, Vec<(cs::Column, SimpleExpr)>) = match action {
        Action::Accept | Action::Claim => {
            let since = o.dispatched_at.unwrap_or(o.created_at);
            let minutes = (now - since).num_seconds().max(0) as f64 / 60.0;
            (
                cs::ActiveModel {
                    responses: Set(1),
                    response_minutes: Set(minutes),
                    ..blank()
                },
                vec![
                    (
                        cs::Column::ResponseMinutes,
                        // A running mean of the first few, then an average
                        // that weighs the latest most.
                        col(cs::Column::ResponseMinutes).add(
                            Expr::val(minutes)
                                .sub(col(cs::Column::ResponseMinutes))
                                .div(
                                    Expr::case(
                                        col(cs::Column::Responses).lt(RESPONSE_WINDOW),
                                        col(cs::Column::Responses).add(1),
                                    )
                                    .finally(RESPONSE_WINDOW),
                                ),
                        ),
                    ),
                    (cs::Column::Responses, col(cs::Column::Responses).add(1)),
                ],
            )
        }
        Action::Reject => {
            let forget = now - Duration::days(REJECTS_FORGOTTEN_AFTER_DAYS);
            (
                cs::ActiveModel {
                    rejects: Set(1.0),
                    rejects_at: Set(Some(now)),
                    ..blank()
                },
                vec![
                    (
                        cs::Column::Rejects,
                        Expr::case(
                            Condition::any()
                                .add(col(cs::Column::RejectsAt).is_null())
                                .add(col(cs::Column::RejectsAt).lt(forget)),
                            1.0,
                        )
                        .finally(col(cs::Column::Rejects).add(1.0))
                        .into(),
                    ),
                    (cs::Column::RejectsAt, Expr::value(Some(now))),
                ],
            )
        }
        Action::Evaluate => {
            let Some(r) = rating else { return Ok(()) };
            (
                cs::ActiveModel {
                    rated: Set(1),
                    rating_sum: Set(r),
                    ..blank()
                },
                vec![
                    (cs::Column::Rated, col(cs::Column::Rated).add(1)),
                    (cs::Column::RatingSum, col(cs::Column::RatingSum).add(r)),
                ],
            )
        }
        _ => return Ok(()),
    };
    let (row, key) = match who {
        AssigneeRef::Volunteer(v) => (
            cs::ActiveModel {
                user_id: Set(Some(v)),
                unit_id: Set(None),
                ..fresh
            },
            cs::Column::UserId,
        ),
        AssigneeRef::Unit(u) => (
            cs::ActiveModel {
                unit_id: Set(Some(u)),
                user_id: Set(None),
                ..fresh
            },
            cs::Column::UnitId,
        ),
    };
    let row = cs::ActiveModel {
        community_id: Set(o.community_id),
        ..row
    };
    let mut conflict = OnConflict::columns([cs::Column::CommunityId, key]);
    for (c, e) in updates {
        conflict.value(c, e);
    }
    cs::Entity::insert(row)
        .on_conflict(conflict)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

fn blank() -> cs::ActiveModel {
    cs::ActiveModel {
        rated: Set(0),
        rating_sum: Set(0),
        responses: Set(0),
        response_minutes: Set(0.0),
        rejects: Set(0.0),
        rejects_at: Set(None),
        ..Default::default()
    }
}
