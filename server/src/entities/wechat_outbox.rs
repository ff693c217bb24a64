use sea_orm::entity::prelude::*;
use shared::api::NotificationKind;
use shared::{OrderId, UserId};

/// A WeChat subscribe message to send (see `jobs/wechat.rs`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "wechat_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: UserId,
    pub openid: String,
    pub kind: NotificationKind,
    pub order_id: OrderId,
    pub order_number: String,
    pub title: String,
    pub status: String,
    pub word: String,
    /// `pending`, `sent`, `unsubscribed`, `skipped`, `failed`.
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
