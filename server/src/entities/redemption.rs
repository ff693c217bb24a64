use sea_orm::entity::prelude::*;
use shared::{CommunityId, RedemptionId, RedemptionStatus, RewardId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "redemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RedemptionId,
    pub reward_id: RewardId,
    pub user_id: UserId,
    pub cost: i32,
    pub at: DateTimeUtc,
    pub status: RedemptionStatus,
    /// The pickup code (six digits) the owner shows.
    pub code: Option<String>,
    pub community_id: CommunityId,
    pub expires_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<UserId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::reward::Entity",
        from = "Column::RewardId",
        to = "super::reward::Column::Id"
    )]
    Reward,
}

impl Related<super::reward::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reward.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
