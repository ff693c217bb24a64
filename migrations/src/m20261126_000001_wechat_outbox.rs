//! WeChat subscribe messages waiting to be sent: written in the transaction
//! of the event, sent by a job that claims each row before sending it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WechatOutbox {
    Table,
    Id,
    UserId,
    Openid,
    Kind,
    OrderId,
    OrderNumber,
    Title,
    Status,
    Word,
    State,
    Tries,
    NextAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(WechatOutbox::Table)
                .col(pk_auto(WechatOutbox::Id))
                .col(integer(WechatOutbox::UserId))
                .col(string(WechatOutbox::Openid))
                .col(string(WechatOutbox::Kind))
                .col(integer(WechatOutbox::OrderId))
                .col(string(WechatOutbox::OrderNumber))
                .col(string(WechatOutbox::Title))
                // The order's status and the words of what happened, at the event.
                .col(string(WechatOutbox::Status))
                .col(string(WechatOutbox::Word))
                // pending, sent, unsubscribed (43101), skipped (no template), failed.
                .col(string(WechatOutbox::State).default("pending"))
                .col(integer(WechatOutbox::Tries).default(0))
                .col(timestamp_with_time_zone(WechatOutbox::NextAt))
                .col(timestamp_with_time_zone_null(WechatOutbox::ClaimedUntil))
                .col(text_null(WechatOutbox::LastError))
                .col(timestamp_with_time_zone(WechatOutbox::CreatedAt))
                .col(timestamp_with_time_zone_null(WechatOutbox::SentAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(WechatOutbox::Table, WechatOutbox::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_wechat_outbox_due")
                .table(WechatOutbox::Table)
                .col(WechatOutbox::State)
                .col(WechatOutbox::NextAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WechatOutbox::Table).to_owned())
            .await
    }
}
