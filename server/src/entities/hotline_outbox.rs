use sea_orm::entity::prelude::*;
use shared::{HotlineEvent, OrderId, PartnerId};

/// A result to send back to the 12345 hotline (see `jobs/hotline.rs`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotline_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: PartnerId,
    pub order_id: OrderId,
    pub hotline_number: String,
    pub event: HotlineEvent,
    pub at: DateTimeUtc,
    pub note: Option<String>,
    pub rating: Option<i32>,
    /// `pending`, `sent`, `failed`, `dropped` (the key was revoked).
    pub state: String,
    pub tries: i32,
    pub next_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
