use sea_orm::entity::prelude::*;
use shared::api::NotificationKind;
use shared::{NotificationId, OrderId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: NotificationId,
    pub user_id: UserId,
    pub at: DateTimeUtc,
    pub kind: NotificationKind,
    pub order_id: Option<OrderId>,
    pub title: String,
    pub body: String,
    pub read_at: Option<DateTimeUtc>,
    /// `shared::api::NoticeFacts` as JSON.
    pub facts: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
