//! Photos: each upload is a re-encoded image (and its thumbnail) in the object
//! store, owned by who uploaded it, attached to at most one order and the
//! timeline entry it came with. Unattached uploads are removed after a day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Uploads {
    Table,
    Id,
    OwnerId,
    CreatedAt,
    Key,
    Width,
    Height,
    Bytes,
    OrderId,
    EventId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Uploads::Table)
                .col(pk_auto(Uploads::Id))
                .col(integer(Uploads::OwnerId))
                .col(timestamp_with_time_zone(Uploads::CreatedAt))
                // Where the object store keeps it: `photos/<random>`; the
                // thumbnail is `<key>-thumb`.
                .col(string_len(Uploads::Key, 80).unique_key())
                .col(integer(Uploads::Width))
                .col(integer(Uploads::Height))
                .col(integer(Uploads::Bytes))
                .col(integer_null(Uploads::OrderId))
                .col(integer_null(Uploads::EventId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Uploads::Table, Uploads::OwnerId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Uploads::Table, Uploads::OrderId)
                        .to(Orders::Table, Orders::Id),
                )
                .to_owned(),
        )
        .await?;
        // The daily quota counts a user's uploads since a time.
        m.create_index(
            Index::create()
                .name("uploads_owner_created")
                .table(Uploads::Table)
                .col(Uploads::OwnerId)
                .col(Uploads::CreatedAt)
                .to_owned(),
        )
        .await?;
        // An order's photos, read with the order.
        m.create_index(
            Index::create()
                .name("uploads_order")
                .table(Uploads::Table)
                .col(Uploads::OrderId)
                .to_owned(),
        )
        .await?;
        // The cleanup job finds old unattached uploads.
        m.create_index(
            Index::create()
                .name("uploads_created")
                .table(Uploads::Table)
                .col(Uploads::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Uploads::Table).to_owned())
            .await
    }
}
