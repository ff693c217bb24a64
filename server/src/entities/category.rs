use sea_orm::entity::prelude::*;
use shared::OrderKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub community_id: i32,
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
