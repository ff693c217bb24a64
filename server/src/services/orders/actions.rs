//! Moving an order through the workflow: one action, decided by
//! `shared::workflow`, its change built and written (`change.rs`) with its
//! timeline entry, points credit and notifications in one transaction.

use super::access::Reach;
use super::assignees;
use super::change::{apply, change_for, Change, Entry, Terms};

use super::store::visible_order;
use super::view::render_one;
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::order;
use crate::error::{ApiError, ApiResult};
use crate::services::deadlines;
use crate::services::dispatch;
use crate::services::notifications;
use crate::services::points::ledger;
use crate::services::uploads;
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use shared::api::{ActionRequest, NotificationKind, Order};
use shared::workflow::{decide, Denial};
use shared::{
    Action, DispatchMode, ErrorCode, OrderId, OrderKind, OrderStatus, Subject, TimelineAction,
};

/// Applies one workflow action. The order is read, the decision made by
/// `shared::workflow`, the change described by [`change_for`] and written by
/// [`apply`] with `WHERE version = <read>`: if someone else changed the order
/// in between, nothing is written and the caller gets 409.
pub async fn act(
    db: &Db,
    caller: &Caller,
    id: OrderId,
    req: ActionRequest,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let reach = Reach::of(&db.read, caller, now).await?;
    let (o, category) = visible_order(&db.read, &reach, id).await?;
    let (kind, from) = (o.kind, o.status);
    let action = req.action();
    // What the person wrote with it, for those who hear of it (the timeline's
    // note may say more, e.g. "→ 刘医生" for a dispatch).
    let said = said_with(&req);
    let subject = Subject {
        kind,
        mode: o.dispatch_mode,
    };
    let to = decide(subject, from, action, reach.relation(&o))
        .map_err(|d| refusal(d, action, subject, from))?;
    let calendar = deadlines::calendar_for(&db.read, &category, now).await?;
    let fresh = deadlines::limits(&category, now, &calendar);
    let respond_by = fresh.respond_by;
    let terms = Terms {
        points: category.points,
        hours: category.hours,
        fresh,
    };
    let change = change_for(&db.read, caller, &o, req, to, now, terms).await?;

    // Who hears of it, worked out on the read pool before the transaction:
    // the single writer (on SQLite) then only inserts.
    let notice = match notice_for(action, &change) {
        Some(kind) => {
            let after = after_change(&o, &change);
            Some(
                notifications::plan(
                    &db.read,
                    kind,
                    &after,
                    Some(caller.user_id),
                    notifications::Detail {
                        said: said.as_deref(),
                        system: None,
                        rating: change.rating.as_ref().and_then(|r| r.as_ref()).map(|r| r.0),
                    },
                    now,
                )
                .await?,
            )
        }
        None => None,
    };
    // Auto mode: a reject sends the order on to the next candidate not yet
    // tried, or back to the committee when nobody is left.
    let auto = if action == Action::Reject && o.dispatch_mode == DispatchMode::Auto {
        let pick = dispatch::next_pick(&db.read, &o, &category, assignees::of(&o), now).await?;
        let mut after = after_change(&o, &change);
        let kind = match &pick {
            Some(p) => {
                after.status = OrderStatus::Dispatched;
                (after.assignee_unit_id, after.assignee_user_id) = assignees::columns(Some(p.who));
                NotificationKind::Dispatched
            }
            None => NotificationKind::Unassigned,
        };
        let system = match &pick {
            Some(_) => dispatch::auto_note(),
            None => dispatch::nobody_left(&o).1,
        };
        let detail = notifications::Detail {
            said: None,
            system: Some(system),
            rating: None,
        };
        let planned = notifications::plan(&db.read, kind, &after, None, detail, now).await?;
        Some((pick, planned))
    } else {
        None
    };
    let claimer = match (action, change.assignee) {
        (Action::Claim, Some(who)) => who,
        _ => None,
    };
    let rating = change.rating.as_ref().and_then(|r| r.as_ref()).map(|r| r.0);
    let txn = db.write.begin().await?;
    let entry = Entry {
        actor: Some(caller.user_id),
        action: action.into(),
        system: None,
    };
    let (updated, entry) = apply(&txn, &db.events, &o, &change, entry, now)
        .await?
        // Nothing written: someone else changed the order since we read it.
        // Dropping the transaction rolls it back.
        .ok_or_else(|| lost_race(action))?;
    uploads::attach(&txn, caller, &change.photos, o.id, entry).await?;
    ledger::credit_completion(&txn, caller.user_id, o.id, change.credit, change.hours, now).await?;
    if let Some(planned) = notice {
        notifications::write(&txn, planned).await?;
    }
    dispatch::stats::record(&txn, &o, action, claimer, rating, now).await?;
    let mut then = None;
    if let Some((pick, planned)) = auto {
        let (change, entry) = match &pick {
            Some(p) => (
                dispatch::auto_dispatch(&updated, p, respond_by, now),
                Entry {
                    actor: None,
                    action: TimelineAction::Dispatch,
                    system: Some(dispatch::auto_note()),
                },
            ),
            None => {
                let (change, system) = dispatch::nobody_left(&updated);
                let entry = Entry {
                    actor: None,
                    action: TimelineAction::Note,
                    system: Some(system),
                };
                (change, entry)
            }
        };
        let what = entry.action;
        let (next, _) = apply(&txn, &db.events, &updated, &change, entry, now)
            .await?
            .ok_or_else(|| lost_race(action))?;
        notifications::write(&txn, planned).await?;
        then = Some((next, what));
    }
    txn.commit().await?;
    db.events.committed(&updated, action.as_str(), now);
    let shown = match then {
        Some((next, what)) => {
            db.events.committed(&next, what.as_str(), now);
            next
        }
        None => updated,
    };
    render_one(&db.read, &reach, links, (shown, category)).await
}

/// The order as the change will leave it, as far as who hears of it goes
/// (its status and assignee).
fn after_change(o: &order::Model, c: &Change) -> order::Model {
    let mut after = o.clone();
    after.status = c.to;
    if let Some(a) = c.assignee {
        (after.assignee_unit_id, after.assignee_user_id) = assignees::columns(a);
    }
    after
}

/// The words a person sent with an action, as they wrote them.
fn said_with(req: &ActionRequest) -> Option<String> {
    match req {
        ActionRequest::Dispatch { note, .. }
        | ActionRequest::Close { note }
        | ActionRequest::Urge { note } => note.clone(),
        ActionRequest::Reject { reason }
        | ActionRequest::Reopen { reason }
        | ActionRequest::Reassign { reason, .. } => Some(reason.clone()),
        ActionRequest::Cancel { reason } | ActionRequest::Release { reason } => reason.clone(),
        ActionRequest::Evaluate { comment, .. } => comment.clone(),
        ActionRequest::Complete { note, .. } => Some(note.clone()),
        ActionRequest::Claim | ActionRequest::Accept => None,
    }
}

/// Who hears of an action: the inbox's kind for it, if any.
fn notice_for(action: Action, c: &Change) -> Option<NotificationKind> {
    use NotificationKind as K;
    match action {
        Action::Dispatch | Action::Reassign => Some(K::Dispatched),
        Action::Accept | Action::Claim => Some(K::Accepted),
        Action::Complete => Some(K::Completed),
        Action::Reject => Some(K::Rejected),
        Action::Urge => Some(K::Urged),
        Action::Evaluate => (c.revisit == Some(true)).then_some(K::LowRating),
        Action::Cancel | Action::Reopen | Action::Close | Action::Release => None,
    }
}

fn refusal(d: Denial, action: Action, subject: Subject, from: OrderStatus) -> ApiError {
    let kind = subject.kind;
    match d {
        Denial::Forbidden => ApiError::forbidden(format!("you may not {action} this order")),
        Denial::Conflict if action == Action::Claim && kind == OrderKind::MicroWish => {
            ApiError::conflict(
                ErrorCode::AlreadyClaimed,
                "this wish has already been claimed",
            )
        }
        Denial::Conflict if action == Action::Claim && subject.claimable() => ApiError::conflict(
            ErrorCode::AlreadyClaimed,
            "this order has already been taken",
        ),
        Denial::Conflict if action == Action::Claim => ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("only micro-wishes and grab orders can be claimed, not this {kind} order"),
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
