//! What one China day's orders add up to (`order_days`), per community,
//! kind, category, status, unit, grid and level (the table's key, in its
//! order): the ground figures are read from. Kept by the triggers on
//! `orders` (see the migration `m20261205_000001_order_days`), in the
//! statement that writes an order.

use sea_orm::entity::prelude::*;
use shared::{CategoryId, CommunityId, Level, OrderKind, OrderStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub community_id: CommunityId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: OrderKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: CategoryId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: OrderStatus,
    /// The unit it is assigned to; 0: none (nobody, or a volunteer).
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    /// The day the orders were placed, in China's time.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// 0: no grid.
    #[sea_orm(primary_key, auto_increment = false)]
    pub grid_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: Level,
    pub orders: i64,
    /// Rated orders, the sum of their ratings, and those rated 4 or 5.
    pub rated: i64,
    pub rating_sum: i64,
    pub satisfied: i64,
    /// Accepted orders and the milliseconds from placing to acceptance.
    pub accepted: i64,
    pub response_ms: i64,
    /// Completed orders and the milliseconds from placing to completion.
    pub completed: i64,
    pub completion_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
