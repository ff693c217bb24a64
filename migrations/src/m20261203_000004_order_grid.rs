//! The grid an order comes from (the requester's home in the places tree), so
//! that dispatch can match "same grid" and figures can be cut by grid.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Orders { Table, CommunityId, GridId }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .add_column(integer_null(Orders::GridId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_orders_community_grid")
                .table(Orders::Table)
                .col(Orders::CommunityId)
                .col(Orders::GridId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_orders_community_grid")
                .table(Orders::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .drop_column(Orders::GridId)
                .to_owned(),
        )
        .await
    }
}
