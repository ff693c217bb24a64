//! What one candidate (a volunteer or a unit) has done lately in one
//! community, kept up by the transitions that change it, so that ranking
//! reads one row instead of every past order.

use sea_orm::entity::prelude::*;
use shared::{CommunityId, UnitId, UserId};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_stats")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub community_id: CommunityId,
    pub unit_id: Option<UnitId>,
    pub user_id: Option<UserId>,
    /// Ratings received: how many, and their sum.
    pub rated: i32,
    pub rating_sum: i32,
    /// Accepts counted, and the running average of minutes from dispatch to
    /// accept (the last few weigh most).
    pub responses: i32,
    pub response_minutes: f64,
    /// Rejects since the last quiet month, and when the last one was.
    pub rejects: f64,
    pub rejects_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
