use sea_orm::entity::prelude::*;
use shared::UserId;

/// A one-use ticket to open the live board's stream (SHA-256 of the secret).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_tickets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub hash: String,
    pub user_id: UserId,
    pub expires_at: DateTimeUtc,
    /// The session (refresh-token family) of the token it was asked with.
    pub session: Option<String>,
    /// When that access token expires: the stream ends then.
    pub token_expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
