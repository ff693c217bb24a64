use sea_orm::entity::prelude::*;
use shared::{BuildingId, CommunityId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UserId,
    pub phone: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub wechat_openid: Option<String>,
    pub community_id: Option<CommunityId>,
    pub points_balance: i64,
    pub created_at: DateTimeUtc,
    /// False once the committee deactivated the account: its tokens stop.
    pub active: bool,
    /// Raised whenever the account's roles or standing change: access tokens
    /// carry the epoch they were issued at, and an older one is refused
    /// (`token_expired`: the client refreshes and gets the new roles).
    pub session_epoch: i32,
    /// Where a resident lives (a building of the places tree) and the room.
    pub building_id: Option<BuildingId>,
    pub room: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
