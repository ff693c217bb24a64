use sea_orm::entity::prelude::*;
use shared::{CommunityId, RewardId, UploadId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rewards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RewardId,
    pub community_id: CommunityId,
    pub name: String,
    pub cost: i32,
    pub stock: i32,
    pub description: Option<String>,
    pub donor: Option<String>,
    pub photo_id: Option<UploadId>,
    pub on_shelf: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
