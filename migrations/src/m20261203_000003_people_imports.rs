//! A committee's roster import: the checked rows wait here between the
//! preview and the commit, which happens once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum PeopleImports { Table, Id, CommunityId, CreatedBy, CreatedAt, Rows, CommittedAt }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PeopleImports::Table)
                .col(pk_auto(PeopleImports::Id))
                .col(integer(PeopleImports::CommunityId))
                .col(integer(PeopleImports::CreatedBy))
                .col(timestamp_with_time_zone(PeopleImports::CreatedAt))
                .col(text(PeopleImports::Rows))
                .col(timestamp_with_time_zone_null(PeopleImports::CommittedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PeopleImports::Table).to_owned())
            .await
    }
}
