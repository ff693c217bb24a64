use sea_orm::entity::prelude::*;
use shared::api::AuditAction;
use shared::UserId;

/// What was done to a person's account, by whom (`GET /people/{id}/audit`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_audit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: UserId,
    pub actor_id: Option<UserId>,
    pub action: AuditAction,
    pub detail: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
