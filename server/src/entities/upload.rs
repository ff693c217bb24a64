use sea_orm::entity::prelude::*;
use shared::{EventId, OrderId, RewardId, UploadId, UserId};

/// A photo: the re-encoded image at `key` and its thumbnail at `key-thumb` in
/// the object store; attached to one order (and timeline entry) at most.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "uploads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UploadId,
    pub owner_id: UserId,
    pub created_at: DateTimeUtc,
    pub key: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i32,
    pub order_id: Option<OrderId>,
    pub event_id: Option<EventId>,
    /// The reward whose picture it is.
    pub reward_id: Option<RewardId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
