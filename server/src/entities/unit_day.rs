//! What one member unit did on one China day (`unit_days`): orders
//! dispatched to it, accepted, accepted in time, rejected, urged while it had
//! them. Kept by triggers on `orders` and `order_events` (see the migration
//! `m20261207_000002_assessment`).

use sea_orm::entity::prelude::*;
use shared::CommunityId;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub community_id: CommunityId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub dispatched: i64,
    pub accepted: i64,
    pub accepted_on_time: i64,
    pub rejected: i64,
    pub urged: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
