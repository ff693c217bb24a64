//! One-use tickets for the live board's stream: `EventSource` cannot send an
//! `Authorization` header, so the client trades its token for a ticket that
//! goes in the URL, valid once and for a minute (any server may redeem it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventTickets {
    Table,
    Hash,
    UserId,
    ExpiresAt,
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
                .table(EventTickets::Table)
                .col(string_len(EventTickets::Hash, 64).primary_key())
                .col(integer(EventTickets::UserId))
                .col(timestamp_with_time_zone(EventTickets::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EventTickets::Table, EventTickets::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EventTickets::Table).to_owned())
            .await
    }
}
