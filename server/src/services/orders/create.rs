//! Placing an order: checked input, the order and its first timeline entry in
//! one transaction.

use super::access::Reach;
use super::store::{record_event, Event};
use super::view::render_one;
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{category, order};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use crate::services::{deadlines, uploads};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use shared::api::{CreateOrder, Order};
use shared::input::{Address, Description, PhotoIds, PreferredTime, Title};
use shared::{Level, OrderStatus, Role, TimelineAction};

pub async fn create(
    db: &Db,
    caller: &Caller,
    req: CreateOrder,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let title = Title::parse(&req.title)?.into_inner();
    let description = Description::parse(&req.description)?.into_inner();
    let address = Address::parse_opt(req.address.as_deref())?.map(Address::into_inner);
    let preferred_time =
        PreferredTime::parse_opt(req.preferred_time.as_deref())?.map(PreferredTime::into_inner);
    let photos = PhotoIds::parse(&req.photos)?;
    let Some(community_id) = caller.community_id else {
        if let Some(waiting) =
            crate::services::people::join::pending_refusal(&db.read, caller).await?
        {
            return Err(waiting);
        }
        return Err(ApiError::forbidden(
            "you do not belong to a community, so you cannot place orders",
        ));
    };
    let category = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community_id))
        .filter(category::Column::Code.eq(req.category.trim()))
        .filter(category::Column::Active.eq(true))
        .one(&db.read)
        .await?
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown category {:?} in your community",
                req.category
            ))
        })?;
    if category.kind != req.kind {
        return Err(ApiError::invalid(format!(
            "category {:?} is for {} orders, not {}",
            category.code, category.kind, req.kind
        )));
    }

    let calendar = deadlines::calendar_for(&db.read, &category, now).await?;
    let limits = deadlines::limits(&category, now, &calendar);
    // 小事不出网格: what a grid worker places starts with the grid.
    let level = if caller.has(Role::GridWorker) {
        Level::Grid
    } else {
        Level::Community
    };

    // The grid it comes from: the requester's home, if it is in this community.
    let home = crate::entities::user::Entity::find_by_id(caller.user_id)
        .one(&db.read)
        .await?
        .and_then(|u| u.building_id);
    let grid_id = match home {
        Some(b) => crate::services::people::places::home_of(&db.read, b)
            .await?
            .filter(|(_, c)| *c == community_id)
            .map(|(g, _)| g),
        None => None,
    };

    let txn = db.write.begin().await?;
    let created = order::ActiveModel {
        grid_id: Set(grid_id),
        community_id: Set(community_id),
        kind: Set(req.kind),
        category_id: Set(category.id),
        title: Set(title),
        description: Set(description),
        address: Set(address),
        preferred_time: Set(preferred_time),
        status: Set(OrderStatus::Pending),
        requester_id: Set(caller.user_id),
        assignee_unit_id: Set(None),
        assignee_user_id: Set(None),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        due_at: Set(limits.due_at),
        respond_by: Set(Some(limits.respond_by)),
        level: Set(level),
        revisit: Set(false),
        accepted_at: Set(None),
        completed_at: Set(None),
        rating: Set(None),
        comment: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = record_event(
        &txn,
        Event {
            order_id: created.id,
            at: now,
            actor: Some(caller.user_id),
            action: TimelineAction::Create,
            from: None,
            to: OrderStatus::Pending,
            note: None,
            system: None,
        },
    )
    .await?;
    uploads::attach(&txn, caller, &photos, created.id, entry).await?;
    db.events
        .announce_in(&txn, created.id, "create", now)
        .await?;
    txn.commit().await?;
    db.events.committed(&created, "create", now);

    let reach = Reach::of(&db.read, caller, now).await?;
    render_one(&db.read, &reach, links, (created, category)).await
}
