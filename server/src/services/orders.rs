//! Orders: placing them, finding them, and moving them through the workflow.
//! A transition, its timeline entry and its points credit commit together or not at all.

use super::access::Reach;
use super::order_view::{parse_kind, parse_status, render, render_one, with_categories, OrderRow};
use super::validate::{optional_text, required_text};
use crate::auth::Caller;
use crate::entities::{
    category, order, order_event, points_entry, unit_registration, user, volunteer_profile,
};
use crate::error::{ApiError, ApiResult};
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{ActionRequest, AssigneeRef, AssigneeType, CreateOrder, Order, Page};
use shared::workflow::{decide, Denial};
use shared::{Action, ErrorCode, OrderKind, OrderStatus, Role};

pub const MAX_PER_PAGE: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Orders I placed.
    Mine,
    /// Orders assigned to me or my unit.
    Assigned,
    /// Every order of my community (committee, grid worker) or district (admin).
    Community,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub scope: Scope,
    pub status: Option<OrderStatus>,
    pub kind: Option<OrderKind>,
    /// A category code; orders of every community in reach that use it.
    pub category: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    req: CreateOrder,
) -> ApiResult<Order> {
    let title = required_text("title", &req.title, 100)?;
    let description = required_text("description", &req.description, 2000)?;
    let address = optional_text("address", req.address.as_deref(), 200)?;
    let preferred_time = optional_text("preferred_time", req.preferred_time.as_deref(), 100)?;
    let community_id = caller.community_id.ok_or_else(|| {
        ApiError::forbidden("you do not belong to a community, so you cannot place orders")
    })?;
    let category = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community_id))
        .filter(category::Column::Code.eq(req.category.trim()))
        .filter(category::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown category {:?} in your community",
                req.category
            ))
        })?;
    if category.kind != req.kind.as_str() {
        return Err(ApiError::invalid(format!(
            "category {:?} is for {} orders, not {}",
            category.code, category.kind, req.kind
        )));
    }

    let now = Utc::now();
    let txn = db.begin().await?;
    let created = order::ActiveModel {
        community_id: Set(community_id),
        kind: Set(req.kind.as_str().to_string()),
        category_id: Set(category.id),
        title: Set(title),
        description: Set(description),
        address: Set(address),
        preferred_time: Set(preferred_time),
        status: Set(OrderStatus::Pending.as_str().to_string()),
        requester_id: Set(caller.user_id),
        assignee_unit_id: Set(None),
        assignee_user_id: Set(None),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        due_at: Set(now + Duration::minutes(category.completion_minutes.into())),
        accepted_at: Set(None),
        completed_at: Set(None),
        rating: Set(None),
        comment: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record_event(
        &txn,
        created.id,
        caller.user_id,
        "create",
        None,
        OrderStatus::Pending,
        None,
        None,
    )
    .await?;
    txn.commit().await?;

    let reach = Reach::of(db, caller).await?;
    render_one(db, &reach, (created, category)).await
}

pub async fn get(db: &DatabaseConnection, caller: &Caller, id: i32) -> ApiResult<Order> {
    let reach = Reach::of(db, caller).await?;
    let row = visible_order(db, &reach, id).await?;
    render_one(db, &reach, row).await
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    q: ListQuery,
) -> ApiResult<Page<Order>> {
    let reach = Reach::of(db, caller).await?;
    let mut select = order::Entity::find();
    select = match q.scope {
        Scope::Mine => select.filter(order::Column::RequesterId.eq(caller.user_id)),
        Scope::Assigned => {
            let mut cond = Condition::any().add(order::Column::AssigneeUserId.eq(caller.user_id));
            if let (true, Some(unit)) = (caller.has(Role::UnitMember), caller.unit_id) {
                cond = cond.add(order::Column::AssigneeUnitId.eq(unit));
            }
            select.filter(cond)
        }
        Scope::Community => match caller.community_id {
            Some(c) if caller.oversees(c) => select.filter(order::Column::CommunityId.eq(c)),
            _ if !reach.admin_communities.is_empty() => {
                select.filter(order::Column::CommunityId.is_in(reach.admin_communities.clone()))
            }
            _ => {
                return Err(ApiError::forbidden(
                    "only the committee and grid workers see all orders of a community",
                ))
            }
        },
    };
    if let Some(s) = q.status {
        select = select.filter(order::Column::Status.eq(s.as_str()));
    }
    if let Some(k) = q.kind {
        select = select.filter(order::Column::Kind.eq(k.as_str()));
    }
    if let Some(code) = &q.category {
        select = select.filter(
            order::Column::CategoryId.in_subquery(
                Query::select()
                    .column(category::Column::Id)
                    .from(category::Entity)
                    .and_where(category::Column::Code.eq(code.trim()))
                    .to_owned(),
            ),
        );
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .find_also_related(category::Entity)
        .order_by_desc(order::Column::Id)
        .offset((q.page - 1) * q.per_page)
        .limit(q.per_page)
        .all(db)
        .await?;
    let rows = with_categories(rows)?;
    Ok(Page {
        items: render(db, &reach, rows).await?,
        total,
        page: q.page,
        per_page: q.per_page,
    })
}

/// The wish wall: open micro-wishes of the caller's community, newest first.
pub async fn wishes(
    db: &DatabaseConnection,
    caller: &Caller,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<Order>> {
    let community_id = caller
        .community_id
        .ok_or_else(|| ApiError::forbidden("you do not belong to a community"))?;
    let reach = Reach::of(db, caller).await?;
    let select = order::Entity::find()
        .filter(order::Column::CommunityId.eq(community_id))
        .filter(order::Column::Kind.eq(OrderKind::MicroWish.as_str()))
        .filter(order::Column::Status.eq(OrderStatus::Pending.as_str()));
    let total = select.clone().count(db).await?;
    let rows = select
        .find_also_related(category::Entity)
        .order_by_desc(order::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let rows = with_categories(rows)?;
    Ok(Page {
        items: render(db, &reach, rows).await?,
        total,
        page,
        per_page,
    })
}

/// Applies one workflow action. The order is read, the decision made by
/// `shared::workflow`, and the change written with `WHERE version = <read>`:
/// if someone else changed the order in between, nothing is written and the
/// caller gets 409.
pub async fn act(
    db: &DatabaseConnection,
    caller: &Caller,
    id: i32,
    req: ActionRequest,
) -> ApiResult<Order> {
    let reach = Reach::of(db, caller).await?;
    let (o, category) = visible_order(db, &reach, id).await?;
    let kind = parse_kind(&o.kind)?;
    let from = parse_status(&o.status)?;
    let action = req.action();
    let to = decide(kind, from, action, reach.relation(&o))
        .map_err(|d| refusal(d, action, kind, from))?;

    let now = Utc::now();
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
            let name = check_assignee(db, o.community_id, assignee).await?;
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
            if p.len() > 9 || p.iter().any(|u| u.trim().is_empty() || u.len() > 500) {
                return Err(ApiError::invalid(
                    "photos: at most 9 links, each 1–500 characters",
                ));
            }
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
    }

    let txn = db.begin().await?;
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
        o.id,
        caller.user_id,
        action.as_str(),
        Some(from),
        to,
        note,
        photos,
    )
    .await?;
    credit_points(&txn, caller.user_id, o.id, credit, now).await?;
    txn.commit().await?;
    render_one(db, &reach, (updated, category)).await
}

async fn visible_order(db: &DatabaseConnection, reach: &Reach<'_>, id: i32) -> ApiResult<OrderRow> {
    let row = order::Entity::find_by_id(id)
        .find_also_related(category::Entity)
        .one(db)
        .await?
        .filter(|(o, _)| reach.sees(o))
        .ok_or_else(|| ApiError::not_found("order"))?;
    with_categories(vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("order"))
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
        AssigneeType::Unit => {
            let registered = unit_registration::Entity::find()
                .filter(unit_registration::Column::CommunityId.eq(community_id))
                .filter(unit_registration::Column::UnitId.eq(a.id))
                .one(db)
                .await?
                .is_some();
            let unit = crate::entities::unit::Entity::find_by_id(a.id)
                .one(db)
                .await?;
            match unit {
                Some(u) if registered => Ok(u.name),
                _ => Err(ApiError::invalid(format!(
                    "unit {} is not registered with this community",
                    a.id
                ))),
            }
        }
        AssigneeType::Volunteer => {
            let profile = volunteer_profile::Entity::find()
                .filter(volunteer_profile::Column::CommunityId.eq(community_id))
                .filter(volunteer_profile::Column::UserId.eq(a.id))
                .one(db)
                .await?;
            let person = user::Entity::find_by_id(a.id).one(db).await?;
            match (profile, person) {
                (Some(_), Some(u)) => Ok(u.name),
                _ => Err(ApiError::invalid(format!(
                    "user {} is not a volunteer of this community",
                    a.id
                ))),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn record_event(
    db: &impl ConnectionTrait,
    order_id: i32,
    actor_id: i32,
    action: &str,
    from: Option<OrderStatus>,
    to: OrderStatus,
    note: Option<String>,
    photos: Option<String>,
) -> ApiResult<()> {
    let event = order_event::ActiveModel {
        order_id: Set(order_id),
        at: Set(Utc::now()),
        actor_id: Set(Some(actor_id)),
        action: Set(action.to_string()),
        from_status: Set(from.map(|s| s.as_str().to_string())),
        to_status: Set(to.as_str().to_string()),
        note: Set(note),
        photos: Set(photos),
        ..Default::default()
    };
    order_event::Entity::insert(event)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub const REASON_ORDER_COMPLETED: &str = "order_completed";

/// Credits a completed order's points to whoever completed it, once per person
/// per order even if the order is reopened and done again.
async fn credit_points(
    txn: &impl ConnectionTrait,
    user_id: i32,
    order_id: i32,
    points: i32,
    now: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    if points <= 0 {
        return Ok(());
    }
    let already = points_entry::Entity::find()
        .filter(points_entry::Column::OrderId.eq(order_id))
        .filter(points_entry::Column::UserId.eq(user_id))
        .filter(points_entry::Column::Reason.eq(REASON_ORDER_COMPLETED))
        .select_only()
        .column(points_entry::Column::Id)
        .into_tuple::<i32>()
        .one(txn)
        .await?;
    if already.is_some() {
        return Ok(());
    }
    let entry = points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(points),
        reason: Set(REASON_ORDER_COMPLETED.to_string()),
        order_id: Set(Some(order_id)),
        redemption_id: Set(None),
        at: Set(now),
        ..Default::default()
    };
    points_entry::Entity::insert(entry)
        .exec_without_returning(txn)
        .await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::PointsBalance,
            Expr::col(user::Column::PointsBalance).add(i64::from(points)),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}
