use sea_orm::entity::prelude::*;
use shared::LedgerReason;
use shared::{LedgerEntryId, OrderId, RedemptionId, UserId};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
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
    /// Volunteer hours (爱心银行) credited with a completion.
    pub hours: f64,
    /// The committee's reason for an award or a withdrawal.
    pub note: Option<String>,
    /// Who awarded or withdrew it.
    pub by_user: Option<UserId>,
    /// The award a withdrawal takes back.
    pub undoes: Option<LedgerEntryId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
