use sea_orm::entity::prelude::*;
use shared::{CommunityId, UserId};

/// A hotline spreadsheet between its preview and its commit: the good rows as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotline_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub community_id: CommunityId,
    pub created_by: UserId,
    pub created_at: DateTimeUtc,
    pub rows: String,
    pub committed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
