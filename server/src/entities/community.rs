use sea_orm::entity::prelude::*;
use shared::{CommunityId, StreetId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "communities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CommunityId,
    pub street_id: StreetId,
    pub name: String,
    /// The public notice board (公示栏) is served.
    pub board_enabled: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
