//! A community's public notice board (公示栏) is off until its committee
//! switches it on.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Communities { Table, BoardEnabled }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Communities::Table)
                .add_column(boolean(Communities::BoardEnabled).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Communities::Table)
                .drop_column(Communities::BoardEnabled)
                .to_owned(),
        )
        .await
    }
}
