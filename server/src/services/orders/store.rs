//! Writing and reading single orders: timeline entries, and the order a
//! caller may see.

use super::access::Reach;
use super::view::{with_categories, OrderRow};
use crate::entities::{category, order, order_event};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set};
use shared::{EventId, OrderId, UserId};
use shared::{OrderStatus, TimelineAction};

/// A timeline entry. `actor` is `None` for what nobody did by hand (jobs).
pub struct Event {
    pub order_id: OrderId,
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    pub action: TimelineAction,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub note: Option<String>,
    /// What the system did, as facts (jobs only).
    pub system: Option<shared::api::SystemNote>,
}

/// Writes a timeline entry; its id is what photos attach to.
pub async fn record_event(db: &impl ConnectionTrait, e: Event) -> ApiResult<EventId> {
    let event = order_event::ActiveModel {
        order_id: Set(e.order_id),
        at: Set(e.at),
        actor_id: Set(e.actor),
        action: Set(e.action),
        from_status: Set(e.from),
        to_status: Set(e.to),
        note: Set(e.note),
        system: Set(e.system.and_then(|n| serde_json::to_string(&n).ok())),
        // Only completions made before uploads existed have links here.
        photos: Set(None),
        ..Default::default()
    };
    Ok(order_event::Entity::insert(event)
        .exec(db)
        .await?
        .last_insert_id)
}

pub async fn visible_order(
    db: &DatabaseConnection,
    reach: &Reach<'_>,
    id: OrderId,
) -> ApiResult<OrderRow> {
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
