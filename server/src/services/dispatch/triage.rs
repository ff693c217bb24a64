//! 三事分流 and the joint meeting: the committee or a grid worker puts a
//! pending appeal on a track, and records notes (the meeting's decision on a
//! big matter) on an order's timeline. Both go through the one writer of an
//! order's changes; the status stays.

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::order;
use crate::error::{ApiError, ApiResult};
use crate::services::orders::change::{apply, Change, Entry};
use crate::services::orders::store::visible_order;
use crate::services::orders::view::render_one;
use crate::services::orders::Reach;
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use shared::api::{Order, OrderNote, TriageRequest};
use shared::input::Note;
use shared::{ErrorCode, OrderId, OrderKind, OrderStatus, TimelineAction, Track};

/// The track's name in the timeline.
pub fn track_words(t: Track) -> &'static str {
    match t {
        Track::Private => "私事",
        Track::Small => "小事",
        Track::Big => "大事",
    }
}

/// The order, if the caller sees it and dispatches in its community, and
/// what they reach (to render the answer with).
async fn overseen<'a>(
    db: &Db,
    caller: &'a Caller,
    id: OrderId,
    now: DateTime<Utc>,
) -> ApiResult<(Reach<'a>, order::Model, crate::entities::category::Model)> {
    let reach = Reach::of(&db.read, caller, now).await?;
    let (o, category) = visible_order(&db.read, &reach, id).await?;
    if !caller.oversees(o.community_id) {
        return Err(ApiError::forbidden(
            "only the committee and grid workers of the order's community do this",
        ));
    }
    Ok((reach, o, category))
}

async fn write(
    db: &Db,
    caller: &Caller,
    o: &order::Model,
    change: Change,
    action: TimelineAction,
    now: DateTime<Utc>,
) -> ApiResult<order::Model> {
    let txn = db.write.begin().await?;
    let entry = Entry {
        actor: Some(caller.user_id),
        action,
        system: None,
    };
    let (updated, _) = apply(&txn, &db.events, o, &change, entry, now)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                ErrorCode::Conflict,
                "someone else changed this order at the same moment; reload it and try again",
            )
        })?;
    txn.commit().await?;
    db.events.committed(&updated, action.as_str(), now);
    Ok(updated)
}

/// `POST /orders/{id}/triage`: only a pending appeal.
pub async fn triage(
    db: &Db,
    caller: &Caller,
    id: OrderId,
    req: TriageRequest,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let (reach, o, category) = overseen(db, caller, id, now).await?;
    if o.kind != OrderKind::Appeal {
        return Err(ApiError::invalid(format!(
            "only appeals are triaged, not {} orders",
            o.kind
        )));
    }
    if o.status != OrderStatus::Pending {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("only a pending appeal is triaged; this one is {}", o.status),
        ));
    }
    let note = Note::parse_opt(req.note.as_deref())?;
    let mut change = Change::to(o.status);
    change.track = Some(req.track);
    change.note = Some(match note {
        Some(n) => format!("{}：{}", track_words(req.track), n.as_str()),
        None => track_words(req.track).to_string(),
    });
    let updated = write(db, caller, &o, change, TimelineAction::Triage, now).await?;
    render_one(&db.read, &reach, links, (updated, category)).await
}

/// `POST /orders/{id}/notes`: a note on the timeline (the joint meeting's
/// decision), by the committee or a grid worker; not on a closed order.
pub async fn note(
    db: &Db,
    caller: &Caller,
    id: OrderId,
    req: OrderNote,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let (reach, o, category) = overseen(db, caller, id, now).await?;
    if matches!(o.status, OrderStatus::Closed | OrderStatus::Cancelled) {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!(
                "the order is {}: nothing more goes on its timeline",
                o.status
            ),
        ));
    }
    let mut change = Change::to(o.status);
    change.note = Some(Note::parse(&req.note)?.into_inner());
    let updated = write(db, caller, &o, change, TimelineAction::Note, now).await?;
    render_one(&db.read, &reach, links, (updated, category)).await
}
