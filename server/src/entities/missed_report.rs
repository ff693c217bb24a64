use sea_orm::entity::prelude::*;
use shared::{OrderId, UnitId};

/// 吹哨未报到: a unit was dispatched an order and did not accept it by
/// `respond_by`. Once per dispatch (unique order, unit, respond_by).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "missed_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: UnitId,
    pub order_id: OrderId,
    pub respond_by: DateTimeUtc,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
