//! Moving an order through the workflow: one action, decided by
//! `shared::workflow`, written with its timeline entry and points credit in one
//! transaction, guarded by the order's version.

use super::access::Reach;
use super::store::{record_event, visible_order, Event};
use super::view::render_one;
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{order, order_event, unit, unit_registration, user, volunteer_profile};
use crate::error::{ApiError, ApiResult};
use crate::services::deadlines::{self, Limits};
use crate::services::notifications;
use crate::services::points::ledger;
use shared::{CommunityId, OrderId, UnitId, UserId};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use shared::api::{ActionRequest, AssigneeRef, NotificationKind, Order};
use shared::input::{Comment, CompletionNote, Note, PhotoList, Rating, Reason};
use shared::workflow::{decide, Denial};
use shared::{Action, ErrorCode, OrderKind, OrderStatus, Role, TimelineAction};

/// What one action does to an order, as a plain value: built per action by
/// [`change_for`] (checking the action's input), written by [`write`].
#[derive(Debug)]
pub struct Change {
    pub to: OrderStatus,
    /// `Some(None)` clears the assignee; `Some(Some(..))` sets it.
    pub assignee: Option<Option<Assignment>>,
    pub accepted_at: Option<Option<DateTime<Utc>>>,
    pub completed_at: Option<Option<DateTime<Utc>>>,
    /// The rating and comment (`Some(None)` clears both).
    pub rating: Option<Option<(i32, Option<String>)>>,
    pub due_at: Option<DateTime<Utc>>,
    /// `Some(None)` clears it (someone has the order now).
    pub respond_by: Option<Option<DateTime<Utc>>>,
    pub revisit: Option<bool>,
    /// For the timeline entry.
    pub note: Option<String>,
    pub photos: Option<String>,
    /// Points credited to whoever acted (completion).
    pub credit: i32,
}

/// Who an order is assigned to: a unit, or a volunteer.
#[derive(Debug, Clone, Copy)]
pub struct Assignment {
    pub unit: Option<UnitId>,
    pub volunteer: Option<UserId>,
}

impl Change {
    fn to(status: OrderStatus) -> Change {
        Change {
            to: status,
            assignee: None,
            accepted_at: None,
            completed_at: None,
            rating: None,
            due_at: None,
            respond_by: None,
            revisit: None,
            note: None,
            photos: None,
            credit: 0,
        }
    }
}

/// Applies one workflow action. The order is read, the decision made by
/// `shared::workflow`, the change described by [`change_for`] and written by
/// [`write`] with `WHERE version = <read>`: if someone else changed the order
/// in between, nothing is written and the caller gets 409.
pub async fn act(
    db: &Db,
    caller: &Caller,
    id: OrderId,
    req: ActionRequest,
    now: DateTime<Utc>,
) -> ApiResult<Order> {
    let reach = Reach::of(&db.read, caller, now).await?;
    let (o, category) = visible_order(&db.read, &reach, id).await?;
    let (kind, from) = (o.kind, o.status);
    let action = req.action();
    let to = decide(kind, from, action, reach.relation(&o))
        .map_err(|d| refusal(d, action, kind, from))?;
    let calendar = deadlines::calendar_for(&db.read, &category, now).await?;
    let fresh = deadlines::limits(&category, now, &calendar);
    let terms = Terms {
        points: category.points,
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
                    change.note.as_deref(),
                    now,
                )
                .await?,
            )
        }
        None => None,
    };
    let txn = db.write.begin().await?;
    let updated = write(&txn, &o, &change, now)
        .await?
        // Nothing written: someone else changed the order since we read it.
        // Dropping the transaction rolls it back.
        .ok_or_else(|| lost_race(action))?;
    record_event(
        &txn,
        Event {
            order_id: o.id,
            at: now,
            actor: Some(caller.user_id),
            action: action.into(),
            from: Some(from),
            to,
            note: change.note.clone(),
            photos: change.photos,
        },
    )
    .await?;
    ledger::credit_completion(&txn, caller.user_id, o.id, change.credit, now).await?;
    if let Some(planned) = notice {
        notifications::write(&txn, planned).await?;
    }
    db.events
        .announce_in(&txn, o.id, action.as_str(), now)
        .await?;
    txn.commit().await?;
    db.events.committed(&updated, action.as_str(), now);
    render_one(&db.read, &reach, (updated, category)).await
}

/// The order as the change will leave it, as far as who hears of it goes
/// (its status and assignee).
fn after_change(o: &order::Model, c: &Change) -> order::Model {
    let mut after = o.clone();
    after.status = c.to;
    if let Some(a) = c.assignee {
        after.assignee_unit_id = a.and_then(|a| a.unit);
        after.assignee_user_id = a.and_then(|a| a.volunteer);
    }
    after
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

/// What the order's category sets for this action: the points completing
/// earns, and the deadlines counted from now.
struct Terms {
    points: i32,
    fresh: Limits,
}

/// The change an action makes, its input checked.
async fn change_for(
    db: &DatabaseConnection,
    caller: &Caller,
    o: &order::Model,
    req: ActionRequest,
    to: OrderStatus,
    now: DateTime<Utc>,
    Terms { points, fresh }: Terms,
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
            if assignee == AssigneeRef::Volunteer(o.requester_id) {
                return Err(ApiError::invalid(
                    "the requester cannot serve their own order: choose someone else",
                ));
            }
            let name = check_assignee(db, o.community_id, assignee).await?;
            c.accepted_at = Some(None);
            c.assignee = Some(Some(match assignee {
                AssigneeRef::Unit(id) => Assignment {
                    unit: Some(id),
                    volunteer: None,
                },
                AssigneeRef::Volunteer(id) => Assignment {
                    unit: None,
                    volunteer: Some(id),
                },
            }));
            c.note = Some(match Note::parse_opt(note.as_deref())? {
                Some(n) => format!("→ {name}: {}", n.as_str()),
                None => format!("→ {name}"),
            });
        }
        ActionRequest::Claim => {
            // A volunteer claims for themself; a unit member on behalf of the unit.
            c.assignee = Some(Some(if caller.has(Role::Volunteer) {
                Assignment {
                    unit: None,
                    volunteer: Some(caller.user_id),
                }
            } else {
                Assignment {
                    unit: caller.unit_id,
                    volunteer: None,
                }
            }));
            c.accepted_at = Some(Some(now));
        }
        ActionRequest::Accept => c.accepted_at = Some(Some(now)),
        ActionRequest::Reject { reason } => {
            c.note = Some(Reason::parse(&reason)?.into_inner());
            c.assignee = Some(None);
        }
        ActionRequest::Complete { note, photos } => {
            c.note = Some(CompletionNote::parse(&note)?.into_inner());
            let photos = PhotoList::parse(&photos.unwrap_or_default())?;
            if !photos.is_empty() {
                c.photos =
                    Some(serde_json::to_string(photos.links()).map_err(anyhow::Error::from)?);
            }
            c.completed_at = Some(Some(now));
            c.credit = points;
        }
        ActionRequest::Evaluate { rating, comment } => {
            let rating = Rating::parse(rating)?.get();
            let comment = Comment::parse_opt(comment.as_deref())?.map(Comment::into_inner);
            c.note = Some(match &comment {
                Some(text) => format!("{rating}★ {text}"),
                None => format!("{rating}★"),
            });
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
            if assignee == AssigneeRef::Volunteer(o.requester_id) {
                return Err(ApiError::invalid(
                    "the requester cannot serve their own order: choose someone else",
                ));
            }
            let current = match (o.assignee_unit_id, o.assignee_user_id) {
                (Some(u), _) => Some(AssigneeRef::Unit(u)),
                (None, Some(v)) => Some(AssigneeRef::Volunteer(v)),
                (None, None) => None,
            };
            if current == Some(assignee) {
                return Err(ApiError::invalid(
                    "the order is already theirs: choose someone else to reassign it to",
                ));
            }
            let old = match current {
                Some(a) => assignee_name(db, a).await?,
                None => String::new(),
            };
            let name = check_assignee(db, o.community_id, assignee).await?;
            c.assignee = Some(Some(match assignee {
                AssigneeRef::Unit(id) => Assignment {
                    unit: Some(id),
                    volunteer: None,
                },
                AssigneeRef::Volunteer(id) => Assignment {
                    unit: None,
                    volunteer: Some(id),
                },
            }));
            c.accepted_at = Some(None);
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

/// Writes a change, guarded by the version that was read: `None` when someone
/// else changed the order first.
pub async fn write(
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
        let a = a.unwrap_or(Assignment {
            unit: None,
            volunteer: None,
        });
        update = update
            .col_expr(order::Column::AssigneeUnitId, Expr::value(a.unit))
            .col_expr(order::Column::AssigneeUserId, Expr::value(a.volunteer));
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
    Ok(update
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Version.eq(o.version))
        .exec_with_returning(txn)
        .await?
        .pop())
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
    community_id: CommunityId,
    a: AssigneeRef,
) -> ApiResult<String> {
    match a {
        AssigneeRef::Unit(id) => unit_registration::Entity::find()
            .find_also_related(unit::Entity)
            .filter(unit_registration::Column::CommunityId.eq(community_id))
            .filter(unit_registration::Column::UnitId.eq(id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!("unit {id} is not registered with this community"))
            }),
        AssigneeRef::Volunteer(id) => volunteer_profile::Entity::find()
            .find_also_related(user::Entity)
            .filter(volunteer_profile::Column::CommunityId.eq(community_id))
            .filter(volunteer_profile::Column::UserId.eq(id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!("user {id} is not a volunteer of this community"))
            }),
    }
}

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

/// The name of whoever has an order now (for the reassignment's entry).
async fn assignee_name(db: &DatabaseConnection, a: AssigneeRef) -> ApiResult<String> {
    Ok(match a {
        AssigneeRef::Unit(id) => unit::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
        AssigneeRef::Volunteer(id) => user::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
    }
    .unwrap_or_default())
}
