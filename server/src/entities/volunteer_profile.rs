use sea_orm::entity::prelude::*;
use shared::{CommunityId, GridId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: UserId,
    pub community_id: CommunityId,
    pub grid_id: Option<GridId>,
    pub skills: String,
    pub registered_at: DateTimeUtc,
    pub background: Option<String>,
    /// Taking orders now; auto dispatch passes over who is not.
    pub available: bool,
    /// How many open orders they take at once.
    pub max_open: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
