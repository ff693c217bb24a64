//! Words in the reader's language: a notification keeps the facts it is
//! made of (the order's number and title, what was said, what the system
//! did) and a timeline entry the system wrote keeps its note as facts, so
//! that each client words them itself. JSON text; empty on older rows.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Facts,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    System,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .add_column(text_null(Notifications::Facts))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OrderEvents::Table)
                .add_column(text_null(OrderEvents::System))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(OrderEvents::Table)
                .drop_column(OrderEvents::System)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .drop_column(Notifications::Facts)
                .to_owned(),
        )
        .await
    }
}
