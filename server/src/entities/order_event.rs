use sea_orm::entity::prelude::*;
use shared::{EventId, OrderId, UserId};
use shared::{OrderStatus, TimelineAction};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: EventId,
    pub order_id: OrderId,
    pub at: DateTimeUtc,
    pub actor_id: Option<UserId>,
    pub action: TimelineAction,
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    pub note: Option<String>,
    /// JSON array of photo URLs.
    pub photos: Option<String>,
    /// A note the system wrote, as `shared::api::SystemNote` JSON.
    pub system: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ActorId",
        to = "super::user::Column::Id"
    )]
    Actor,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
