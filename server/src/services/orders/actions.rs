//! Moving an order through the workflow: one action, decided by
//! `shared::workflow`, written with its timeline entry and points credit in one
//! transaction, guarded by the order's version.

use super::access::Reach;
use super::store::{record_event, visible_order, Event};
use super::view::{parse_kind, parse_status, render_one};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{order, unit, unit_registration, user, volunteer_profile};
use crate::error::{ApiError, ApiResult};
use crate::services::points::ledger;
use crate::services::validate::{optional_text, required_text};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use shared::api::{ActionRequest, AssigneeRef, AssigneeType, Order};
use shared::input::is_photo_link;
use shared::workflow::{decide, Denial};
use shared::{Action, ErrorCode, OrderKind, OrderStatus, Role};

/// Applies one workflow action. The order is read, the decision made by
/// `shared::workflow`, and the change written with `WHERE version = <read>`:
/// if someone else changed the order in between, nothing is written and the
/// caller gets 409.
pub async fn act(
    db: &Db,
    caller: &Caller,
    id: i32,
    req: ActionRequest,
    now: DateTime<Utc>,
) -> ApiResult<Order> {
    let reach = Reach::of(&db.read, caller, now).await?;
    let (o, category) = visible_order(&db.read, &reach, id).await?;
    let kind = parse_kind(&o.kind)?;
    let from = parse_status(&o.status)?;
    let action = req.action();
    let to = decide(kind, from, action, reach.relation(&o))
        .map_err(|d| refusal(d, action, kind, from))?;

    let mut update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            order::Column::Version,
            Expr::col(order::Column::Version).add(1),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now));
    let mut note = None;
    let mut photos = None;
    let mut credit = 0;
    let null_i32 = || Expr::value(Option::<i32>::None);

    match req {
        ActionRequest::Dispatch { assignee, note: n } => {
            if assignee.kind == AssigneeType::Volunteer && assignee.id == o.requester_id {
                return Err(ApiError::invalid(
                    "the requester cannot serve their own order: choose someone else",
                ));
            }
            let name = check_assignee(&db.read, o.community_id, assignee).await?;
            let (unit, volunteer) = match assignee.kind {
                AssigneeType::Unit => (Some(assignee.id), None),
                AssigneeType::Volunteer => (None, Some(assignee.id)),
            };
            update = update
                .col_expr(order::Column::AssigneeUnitId, Expr::value(unit))
                .col_expr(order::Column::AssigneeUserId, Expr::value(volunteer));
            note = Some(match optional_text("note", n.as_deref(), 500)? {
                Some(n) => format!("→ {name}: {n}"),
                None => format!("→ {name}"),
            });
        }
        ActionRequest::Claim => {
            // A volunteer claims for themself; a unit member on behalf of the unit.
            let (unit, volunteer) = if caller.has(Role::Volunteer) {
                (None, Some(caller.user_id))
            } else {
                (caller.unit_id, None)
            };
            update = update
                .col_expr(order::Column::AssigneeUnitId, Expr::value(unit))
                .col_expr(order::Column::AssigneeUserId, Expr::value(volunteer))
                .col_expr(order::Column::AcceptedAt, Expr::value(now));
        }
        ActionRequest::Accept => {
            update = update.col_expr(order::Column::AcceptedAt, Expr::value(now));
        }
        ActionRequest::Reject { reason } => {
            note = Some(required_text("reason", &reason, 500)?);
            update = update
                .col_expr(order::Column::AssigneeUnitId, null_i32())
                .col_expr(order::Column::AssigneeUserId, null_i32());
        }
        ActionRequest::Complete { note: n, photos: p } => {
            note = Some(required_text("note", &n, 1000)?);
            let p = p.unwrap_or_default();
            if p.len() > 9 || p.iter().any(|u| !is_photo_link(u.trim())) {
                return Err(ApiError::invalid(
                    "photos: at most 9 https links, each up to 500 characters",
                ));
            }
            let p: Vec<&str> = p.iter().map(|u| u.trim()).collect();
            if !p.is_empty() {
                photos = Some(serde_json::to_string(&p).map_err(anyhow::Error::from)?);
            }
            update = update.col_expr(order::Column::CompletedAt, Expr::value(now));
            credit = category.points;
        }
        ActionRequest::Evaluate { rating, comment } => {
            if !(1..=5).contains(&rating) {
                return Err(ApiError::invalid(
                    "rating must be a whole number from 1 to 5",
                ));
            }
            let comment = optional_text("comment", comment.as_deref(), 500)?;
            note = Some(match &comment {
                Some(c) => format!("{}★ {c}", rating),
                None => format!("{}★", rating),
            });
            update = update
                .col_expr(order::Column::Rating, Expr::value(Some(rating as i32)))
                .col_expr(order::Column::Comment, Expr::value(comment));
        }
        ActionRequest::Cancel { reason } => {
            note = optional_text("reason", reason.as_deref(), 500)?;
        }
        ActionRequest::Reopen { reason } => {
            note = Some(required_text("reason", &reason, 500)?);
            // Back to the dispatch desk with a fresh deadline; the old rating
            // stays in the timeline.
            update = update
                .col_expr(order::Column::AssigneeUnitId, null_i32())
                .col_expr(order::Column::AssigneeUserId, null_i32())
                .col_expr(
                    order::Column::AcceptedAt,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .col_expr(
                    order::Column::CompletedAt,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .col_expr(order::Column::Rating, null_i32())
                .col_expr(order::Column::Comment, Expr::value(Option::<String>::None))
                .col_expr(
                    order::Column::DueAt,
                    Expr::value(now + Duration::minutes(category.completion_minutes.into())),
                );
        }
        ActionRequest::Close { note: n } => {
            note = optional_text("note", n.as_deref(), 500)?;
        }
        ActionRequest::Release { reason } => {
            // Back on the wall for someone else; nothing was credited yet.
            note = optional_text("reason", reason.as_deref(), 500)?;
            update = update
                .col_expr(order::Column::AssigneeUnitId, null_i32())
                .col_expr(order::Column::AssigneeUserId, null_i32())
                .col_expr(
                    order::Column::AcceptedAt,
                    Expr::value(Option::<chrono::DateTime<Utc>>::None),
                );
        }
    }

    let txn = db.write.begin().await?;
    let updated = update
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Version.eq(o.version))
        .exec_with_returning(&txn)
        .await?
        .pop()
        // Nothing written: someone else changed the order since we read it.
        // Dropping the transaction rolls it back.
        .ok_or_else(|| lost_race(action))?;
    record_event(
        &txn,
        Event {
            order_id: o.id,
            at: now,
            actor: Some(caller.user_id),
            action: action.as_str(),
            from: Some(from),
            to,
            note,
            photos,
        },
    )
    .await?;
    ledger::credit_completion(&txn, caller.user_id, o.id, credit, now).await?;
    txn.commit().await?;
    render_one(&db.read, &reach, (updated, category)).await
}

fn refusal(d: Denial, action: Action, kind: OrderKind, from: OrderStatus) -> ApiError {
    match d {
        Denial::Forbidden => ApiError::forbidden(format!("you may not {action} this order")),
        Denial::Conflict if action == Action::Claim && kind == OrderKind::MicroWish => {
            ApiError::conflict(
                ErrorCode::AlreadyClaimed,
                "this wish has already been claimed",
            )
        }
        Denial::Conflict if action == Action::Claim => ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("only micro-wishes can be claimed, not {kind} orders"),
        ),
        Denial::Conflict => ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("cannot {action} an order that is {from}"),
        ),
    }
}

fn lost_race(action: Action) -> ApiError {
    if action == Action::Claim {
        ApiError::conflict(
            ErrorCode::AlreadyClaimed,
            "this wish has already been claimed",
        )
    } else {
        ApiError::conflict(
            ErrorCode::Conflict,
            "someone else changed this order at the same moment; reload it and try again",
        )
    }
}

/// The assignee of a dispatch must serve the order's community: a unit
/// registered with it, or a volunteer registered in it. Returns their name.
async fn check_assignee(
    db: &DatabaseConnection,
    community_id: i32,
    a: AssigneeRef,
) -> ApiResult<String> {
    match a.kind {
        AssigneeType::Unit => unit_registration::Entity::find()
            .find_also_related(unit::Entity)
            .filter(unit_registration::Column::CommunityId.eq(community_id))
            .filter(unit_registration::Column::UnitId.eq(a.id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "unit {} is not registered with this community",
                    a.id
                ))
            }),
        AssigneeType::Volunteer => volunteer_profile::Entity::find()
            .find_also_related(user::Entity)
            .filter(volunteer_profile::Column::CommunityId.eq(community_id))
            .filter(volunteer_profile::Column::UserId.eq(a.id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "user {} is not a volunteer of this community",
                    a.id
                ))
            }),
    }
}
