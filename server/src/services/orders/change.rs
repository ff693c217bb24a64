//! What one action does to an order: checked input turned into a plain
//! [`Change`] value ([`change_for`]), and the one writer of every change of an
//! order, a person's or a job's ([`apply`]: the update under the order's
//! version, its timeline entry, its announcement to the live board; the
//! database's triggers move its day row for the figures in the same
//! statement).

use super::assignees;
use super::store::{record_event, Event};
use crate::auth::Caller;
use crate::entities::{order, order_event};
use crate::error::{ApiError, ApiResult};
use crate::events::Hub;
use crate::services::deadlines::Limits;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
};
use shared::api::{ActionRequest, AssigneeRef, SystemNote};
use shared::input::{Comment, CompletionNote, Note, PhotoIds, Rating, Reason};
use shared::{EventId, Level, OrderId, OrderStatus, Role, TimelineAction, Track, UserId};

/// What one action does to an order, as a plain value: built per action by
/// [`change_for`] (checking the action's input), written by [`write`].
#[derive(Debug)]
pub struct Change {
    pub to: OrderStatus,
    /// `Some(None)` clears the assignee; `Some(Some(..))` sets it.
    pub assignee: Option<Option<AssigneeRef>>,
    pub accepted_at: Option<Option<DateTime<Utc>>>,
    pub completed_at: Option<Option<DateTime<Utc>>>,
    /// The rating and comment (`Some(None)` clears both).
    pub rating: Option<Option<(i32, Option<String>)>>,
    pub due_at: Option<DateTime<Utc>>,
    /// `Some(None)` clears it (someone has the order now).
    pub respond_by: Option<Option<DateTime<Utc>>>,
    pub revisit: Option<bool>,
    /// Who answers for it now (the escalation job moves it up).
    pub level: Option<Level>,
    /// For the timeline entry.
    pub note: Option<String>,
    /// Uploads to attach to the timeline entry (completion).
    pub photos: PhotoIds,
    /// Points credited to whoever acted (completion).
    pub credit: i32,
    /// Volunteer hours credited with them.
    pub hours: f64,
    /// When it was dispatched (a dispatch or a reassignment): response times
    /// count from it.
    pub dispatched_at: Option<DateTime<Utc>>,
    /// Who auto dispatch has tried, after this change.
    pub tried: Option<String>,
    /// Its triage track (三事分流).
    pub track: Option<Track>,
}

impl Change {
    pub fn to(status: OrderStatus) -> Change {
        Change {
            to: status,
            assignee: None,
            accepted_at: None,
            completed_at: None,
            rating: None,
            due_at: None,
            respond_by: None,
            revisit: None,
            level: None,
            note: None,
            photos: PhotoIds::default(),
            credit: 0,
            hours: 0.0,
            dispatched_at: None,
            tried: None,
            track: None,
        }
    }
}

/// What the order's category sets for this action: the points and hours
/// completing earns, and the deadlines counted from now.
pub struct Terms {
    pub points: i32,
    pub hours: f64,
    pub fresh: Limits,
}

/// The change an action makes, its input checked.
pub async fn change_for(
    db: &DatabaseConnection,
    caller: &Caller,
    o: &order::Model,
    req: ActionRequest,
    to: OrderStatus,
    now: DateTime<Utc>,
    Terms {
        points,
        hours,
        fresh,
    }: Terms,
) -> ApiResult<Change> {
    let mut c = Change::to(to);
    // Whoever has to answer next gets a fresh response limit; once someone
    // has the order, or it is over, nobody has to.
    c.respond_by = Some(match to {
        OrderStatus::Pending | OrderStatus::Dispatched => Some(fresh.respond_by),
        _ => None,
    });
    match req {
        ActionRequest::Dispatch { assignee, note } => {
            let name = assignees::check(db, o, assignee).await?;
            c.accepted_at = Some(None);
            c.assignee = Some(Some(assignee));
            c.dispatched_at = Some(now);
            c.note = Some(match Note::parse_opt(note.as_deref())? {
                Some(n) => format!("→ {name}: {}", n.as_str()),
                None => format!("→ {name}"),
            });
        }
        ActionRequest::Claim => {
            // A volunteer claims for themself; a unit member on behalf of the unit.
            c.assignee = Some(if caller.has(Role::Volunteer) {
                Some(AssigneeRef::Volunteer(caller.user_id))
            } else {
                caller.unit_id.map(AssigneeRef::Unit)
            });
            c.accepted_at = Some(Some(now));
        }
        ActionRequest::Accept => c.accepted_at = Some(Some(now)),
        ActionRequest::Reject { reason } => {
            c.note = Some(Reason::parse(&reason)?.into_inner());
            c.assignee = Some(None);
        }
        ActionRequest::Complete {
            note,
            photos,
            hours: spent,
        } => {
            c.note = Some(CompletionNote::parse(&note)?.into_inner());
            c.photos = PhotoIds::parse(&photos.unwrap_or_default())?;
            c.completed_at = Some(Some(now));
            c.credit = points;
            c.hours = match spent {
                Some(h) => shared::input::volunteer_hours(h)?,
                None => hours,
            };
        }
        ActionRequest::Evaluate { rating, comment } => {
            let rating = Rating::parse(rating)?.get();
            let comment = Comment::parse_opt(comment.as_deref())?.map(Comment::into_inner);
            c.note = Some(match &comment {
                Some(text) => format!("{rating}★ {text}"),
                None => format!("{rating}★"),
            });
            // Recorded by whoever placed it for the requester, as told by phone.
            if o.requester_id != caller.user_id {
                c.note = c.note.map(|n| format!("{BY_PHONE}{n}"));
            }
            c.rating = Some(Some((i32::from(rating), comment)));
            // 回头看: the committee goes back to a resident this unhappy.
            c.revisit = Some(rating <= 2);
        }
        ActionRequest::Cancel { reason } => {
            c.note = Reason::parse_opt(reason.as_deref())?.map(Reason::into_inner);
        }
        ActionRequest::Reopen { reason } => {
            c.note = Some(Reason::parse(&reason)?.into_inner());
            // Back to the dispatch desk with a fresh deadline; the old rating
            // stays in the timeline.
            c.assignee = Some(None);
            c.accepted_at = Some(None);
            c.completed_at = Some(None);
            c.rating = Some(None);
            c.due_at = Some(fresh.due_at);
            c.revisit = Some(false);
        }
        ActionRequest::Close { note } => {
            c.note = Note::parse_opt(note.as_deref())?.map(Note::into_inner);
            c.revisit = Some(false);
        }
        ActionRequest::Release { reason } => {
            // Back on the wall for someone else; nothing was credited yet.
            c.note = Reason::parse_opt(reason.as_deref())?.map(Reason::into_inner);
            c.assignee = Some(None);
            c.accepted_at = Some(None);
        }
        ActionRequest::Reassign { assignee, reason } => {
            let reason = Reason::parse(&reason)?.into_inner();
            let current = assignees::of(o);
            if current == Some(assignee) {
                return Err(ApiError::invalid(
                    "the order is already theirs: choose someone else to reassign it to",
                ));
            }
            let old = match current {
                Some(a) => assignees::name(db, a).await?,
                None => String::new(),
            };
            let name = assignees::check(db, o, assignee).await?;
            c.assignee = Some(Some(assignee));
            c.accepted_at = Some(None);
            c.dispatched_at = Some(now);
            c.note = Some(format!("{old} → {name}: {reason}"));
        }
        ActionRequest::Urge { note } => {
            urged_lately(db, o.id, caller, now).await?;
            c.note = Note::parse_opt(note.as_deref())?.map(Note::into_inner);
            // The status stays, and so does whoever must answer by when.
            c.respond_by = None;
        }
    }
    Ok(c)
}

/// How a change goes into the timeline: who made it (`None`: the system),
/// as which action, and what the system noted.
pub struct Entry {
    pub actor: Option<UserId>,
    pub action: TimelineAction,
    pub system: Option<SystemNote>,
}

/// The one writer of an order's change, in the caller's transaction: the
/// update guarded by the version that was read, its timeline entry, and its
/// announcement to the live board (PostgreSQL delivers it at commit; after
/// the commit, `Hub::committed` tells this server's streams on SQLite).
/// `None`: someone changed the order first, and nothing was written — drop
/// the transaction.
pub async fn apply(
    txn: &DatabaseTransaction,
    hub: &Hub,
    o: &order::Model,
    c: &Change,
    entry: Entry,
    now: DateTime<Utc>,
) -> ApiResult<Option<(order::Model, EventId)>> {
    let Some(updated) = write(txn, o, c, now).await? else {
        return Ok(None);
    };
    let event = record_event(
        txn,
        Event {
            order_id: o.id,
            at: now,
            actor: entry.actor,
            action: entry.action,
            from: Some(o.status),
            to: c.to,
            note: c.note.clone(),
            system: entry.system,
        },
    )
    .await?;
    hub.announce_in(txn, o.id, entry.action.as_str(), now)
        .await?;
    crate::services::partners::hotline::enqueue(txn, o, &updated, c.note.as_deref(), now).await?;
    Ok(Some((updated, event)))
}

/// Writes a change, guarded by the version that was read: `None` when someone
/// else changed the order first.
async fn write(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    c: &Change,
    now: DateTime<Utc>,
) -> ApiResult<Option<order::Model>> {
    let mut update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(c.to))
        .col_expr(
            order::Column::Version,
            Expr::col(order::Column::Version).add(1),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now));
    if let Some(a) = c.assignee {
        let (unit, volunteer) = assignees::columns(a);
        update = update
            .col_expr(order::Column::AssigneeUnitId, Expr::value(unit))
            .col_expr(order::Column::AssigneeUserId, Expr::value(volunteer));
    }
    if let Some(at) = c.accepted_at {
        update = update.col_expr(order::Column::AcceptedAt, Expr::value(at));
    }
    if let Some(at) = c.completed_at {
        update = update.col_expr(order::Column::CompletedAt, Expr::value(at));
    }
    if let Some(r) = &c.rating {
        let (rating, comment) = match r {
            Some((rating, comment)) => (Some(*rating), comment.clone()),
            None => (None, None),
        };
        update = update
            .col_expr(order::Column::Rating, Expr::value(rating))
            .col_expr(order::Column::Comment, Expr::value(comment));
    }
    if let Some(due) = c.due_at {
        update = update.col_expr(order::Column::DueAt, Expr::value(due));
    }
    if let Some(by) = c.respond_by {
        update = update.col_expr(order::Column::RespondBy, Expr::value(by));
    }
    if let Some(r) = c.revisit {
        update = update.col_expr(order::Column::Revisit, Expr::value(r));
    }
    if let Some(l) = c.level {
        update = update.col_expr(order::Column::Level, Expr::value(l));
    }
    if let Some(at) = c.dispatched_at {
        update = update.col_expr(order::Column::DispatchedAt, Expr::value(Some(at)));
    }
    if let Some(t) = &c.tried {
        update = update.col_expr(order::Column::Tried, Expr::value(t.clone()));
    }
    if let Some(t) = c.track {
        update = update.col_expr(order::Column::Track, Expr::value(Some(t)));
    }
    Ok(update
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Version.eq(o.version))
        .exec_with_returning(txn)
        .await?
        .pop())
}

/// How an evaluation recorded for the requester (代点单, by phone) begins in
/// the timeline.
pub const BY_PHONE: &str = "电话回访：";

/// How often one person may urge one order.
pub const URGE_EVERY_MINUTES: i64 = 60;

/// 429 when this person urged this order within the last hour.
async fn urged_lately(
    db: &DatabaseConnection,
    order_id: OrderId,
    caller: &Caller,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let since = now - Duration::minutes(URGE_EVERY_MINUTES);
    let last = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(order_id))
        .filter(order_event::Column::ActorId.eq(caller.user_id))
        .filter(order_event::Column::Action.eq(TimelineAction::Urge))
        .filter(order_event::Column::At.gt(since))
        .order_by_desc(order_event::Column::At)
        .one(db)
        .await?;
    match last {
        Some(e) => {
            let wait = (e.at + Duration::minutes(URGE_EVERY_MINUTES) - now)
                .num_minutes()
                .max(1);
            Err(ApiError::too_many(format!(
                "you urged this order at {}; urge it again in {wait} minutes",
                e.at.with_timezone(&shared::deadlines::china())
                    .format("%H:%M")
            )))
        }
        None => Ok(()),
    }
}
