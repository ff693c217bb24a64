use sea_orm::entity::prelude::*;
use shared::api::MembershipStatus;
use shared::{CommunityId, UserId};

/// 双报到: an in-service party member's report to the community where they live.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: UserId,
    pub community_id: CommunityId,
    pub work_unit: String,
    pub party_member: bool,
    /// Comma-separated, as in volunteer profiles.
    pub skills: String,
    pub background: Option<String>,
    pub status: MembershipStatus,
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<UserId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
