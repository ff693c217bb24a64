use sea_orm::entity::prelude::*;
use shared::{CommunityId, UserId};

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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
