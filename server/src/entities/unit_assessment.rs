//! The committee's own score (0–100) and comment for a member unit and a
//! period (以下评上), one per unit and period.

use sea_orm::entity::prelude::*;
use shared::{CommunityId, UnitId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub community_id: CommunityId,
    pub unit_id: UnitId,
    /// `2026`, `2026-Q3` or `2026-11`.
    pub period: String,
    pub score: i32,
    pub comment: Option<String>,
    pub by_user: UserId,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
