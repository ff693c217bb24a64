use sea_orm::entity::prelude::*;
use shared::LedgerReason;
use shared::{LedgerEntryId, OrderId, RedemptionId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "points_ledger")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: LedgerEntryId,
    pub user_id: UserId,
    pub delta: i32,
    pub reason: LedgerReason,
    pub order_id: Option<OrderId>,
    pub redemption_id: Option<RedemptionId>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
