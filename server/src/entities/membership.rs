use sea_orm::entity::prelude::*;
use shared::Role;
use shared::{CommunityId, DistrictId, StreetId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: UserId,
    pub role: Role,
    pub community_id: Option<CommunityId>,
    pub district_id: Option<DistrictId>,
    /// For street officers.
    pub street_id: Option<StreetId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
