use sea_orm::entity::prelude::*;
use shared::{CategoryId, CommunityId};
use shared::{ClockKind, DispatchMode, OrderKind};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CategoryId,
    pub community_id: CommunityId,
    pub code: String,
    pub kind: OrderKind,
    pub name: String,
    pub response_minutes: i32,
    pub completion_minutes: i32,
    pub points: i32,
    pub active: bool,
    pub clock: ClockKind,
    /// Volunteer hours credited on completion.
    pub hours: f64,
    pub dispatch_mode: DispatchMode,
    /// The skills it needs, comma-separated.
    pub skills: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
