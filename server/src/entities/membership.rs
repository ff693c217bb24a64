use sea_orm::entity::prelude::*;
use shared::api::MembershipStatus;
use shared::Role;
use shared::{CommunityId, DistrictId, GridId, MembershipId, StreetId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: MembershipId,
    pub user_id: UserId,
    pub role: Role,
    pub community_id: Option<CommunityId>,
    pub district_id: Option<DistrictId>,
    /// For street officers.
    pub street_id: Option<StreetId>,
    /// For grid workers.
    pub grid_id: Option<GridId>,
    pub status: MembershipStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub created_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<UserId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
