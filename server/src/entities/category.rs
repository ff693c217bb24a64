use sea_orm::entity::prelude::*;
use shared::OrderKind;
use shared::{CategoryId, CommunityId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
