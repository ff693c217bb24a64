//! A live stream ends with the session that opened it: a ticket remembers the
//! session (the refresh-token family) and when its access token expires, so
//! the stream it opens can end at logout or at that moment. And the expired
//! tickets that the jobs remove are found by their expiry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventTickets {
    Table,
    Session,
    TokenExpiresAt,
    ExpiresAt,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(EventTickets::Table)
                .add_column(string_len_null(EventTickets::Session, 64))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EventTickets::Table)
                .add_column(timestamp_with_time_zone_null(EventTickets::TokenExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_event_tickets_expires_at")
                .table(EventTickets::Table)
                .col(EventTickets::ExpiresAt)
                .to_owned(),
        )
        .await?;
        // How many unused tickets a person holds (the rate limit).
        m.create_index(
            Index::create()
                .name("idx_event_tickets_user")
                .table(EventTickets::Table)
                .col(EventTickets::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_event_tickets_user", "idx_event_tickets_expires_at"] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(EventTickets::Table)
                    .to_owned(),
            )
            .await?;
        }
        for col in [EventTickets::TokenExpiresAt, EventTickets::Session] {
            m.alter_table(
                Table::alter()
                    .table(EventTickets::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
