//! Open to the systems around it: partner keys (Open311 clients and the 12345
//! hotline), the orders they place (which key, the hotline's number, where),
//! the results that go back to the hotline through an outbox, and the
//! hotline's spreadsheets between their preview and their commit.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Partners {
    Table, Id, Name, Kind, KeyHash, KeyPrefix, Secret, CommunityId, StreetId, DistrictId,
    CallbackUrl, RatePerMinute, WindowMinute, WindowUsed, CreatedBy, CreatedAt, LastUsedAt,
    RevokedAt,
}

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Orders { Table, PartnerId, HotlineNumber, Latitude, Longitude, CommunityId, CreatedAt }

#[rustfmt::skip]
#[derive(DeriveIden)]
enum HotlineOutbox {
    Table, Id, PartnerId, OrderId, HotlineNumber, Event, At, Note, Rating, State, Tries, NextAt,
    ClaimedUntil, LastError, CreatedAt, SentAt,
}

#[rustfmt::skip]
#[derive(DeriveIden)]
enum HotlineImports { Table, Id, CommunityId, CreatedBy, CreatedAt, Rows, CommittedAt }

/// SQLite adds one column per statement.
async fn add(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: impl IntoColumnDef,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

async fn drop_col(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Partners::Table)
                .col(pk_auto(Partners::Id))
                .col(string(Partners::Name))
                // open311, hotline.
                .col(string(Partners::Kind))
                // SHA-256 of the key (the key itself is shown once).
                .col(string(Partners::KeyHash).unique_key())
                .col(string(Partners::KeyPrefix))
                // The hotline's HMAC secret, both ways.
                .col(string_null(Partners::Secret))
                // Exactly one of the three: the key's scope.
                .col(integer_null(Partners::CommunityId))
                .col(integer_null(Partners::StreetId))
                .col(integer_null(Partners::DistrictId))
                .col(text_null(Partners::CallbackUrl))
                .col(integer(Partners::RatePerMinute).default(60))
                // The rate limit's window (minutes since 1970) and its use.
                .col(big_integer(Partners::WindowMinute).default(0))
                .col(integer(Partners::WindowUsed).default(0))
                .col(integer(Partners::CreatedBy))
                .col(timestamp_with_time_zone(Partners::CreatedAt))
                .col(timestamp_with_time_zone_null(Partners::LastUsedAt))
                .col(timestamp_with_time_zone_null(Partners::RevokedAt))
                .to_owned(),
        )
        .await?;
        add(m, Orders::Table, integer_null(Orders::PartnerId)).await?;
        add(m, Orders::Table, string_null(Orders::HotlineNumber)).await?;
        add(m, Orders::Table, double_null(Orders::Latitude)).await?;
        add(m, Orders::Table, double_null(Orders::Longitude)).await?;
        // The hotline's number is its order's: a replay finds the same order.
        m.create_index(
            Index::create()
                .name("idx_orders_hotline_number")
                .table(Orders::Table)
                .col(Orders::HotlineNumber)
                .unique()
                .to_owned(),
        )
        .await?;
        // A key's orders (its count on the desk), and Open311's reads: the
        // orders of its keys in one community over a time.
        m.create_index(
            Index::create()
                .name("idx_orders_partner")
                .table(Orders::Table)
                .col(Orders::PartnerId)
                .col(Orders::CommunityId)
                .col(Orders::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(HotlineOutbox::Table)
                .col(pk_auto(HotlineOutbox::Id))
                .col(integer(HotlineOutbox::PartnerId))
                .col(integer(HotlineOutbox::OrderId))
                .col(string(HotlineOutbox::HotlineNumber))
                // accepted, completed, evaluated, cancelled.
                .col(string(HotlineOutbox::Event))
                .col(timestamp_with_time_zone(HotlineOutbox::At))
                .col(text_null(HotlineOutbox::Note))
                .col(integer_null(HotlineOutbox::Rating))
                // pending, sent, failed, dropped (the key was revoked).
                .col(string(HotlineOutbox::State).default("pending"))
                .col(integer(HotlineOutbox::Tries).default(0))
                .col(timestamp_with_time_zone(HotlineOutbox::NextAt))
                .col(timestamp_with_time_zone_null(HotlineOutbox::ClaimedUntil))
                .col(text_null(HotlineOutbox::LastError))
                .col(timestamp_with_time_zone(HotlineOutbox::CreatedAt))
                .col(timestamp_with_time_zone_null(HotlineOutbox::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_hotline_outbox_due")
                .table(HotlineOutbox::Table)
                .col(HotlineOutbox::State)
                .col(HotlineOutbox::NextAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(HotlineImports::Table)
                .col(pk_auto(HotlineImports::Id))
                .col(integer(HotlineImports::CommunityId))
                .col(integer(HotlineImports::CreatedBy))
                .col(timestamp_with_time_zone(HotlineImports::CreatedAt))
                // The good rows, as JSON.
                .col(text(HotlineImports::Rows))
                .col(timestamp_with_time_zone_null(HotlineImports::CommittedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(HotlineImports::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(HotlineOutbox::Table).to_owned())
            .await?;
        for index in ["idx_orders_partner", "idx_orders_hotline_number"] {
            m.drop_index(Index::drop().name(index).table(Orders::Table).to_owned())
                .await?;
        }
        for col in [
            Orders::Longitude,
            Orders::Latitude,
            Orders::HotlineNumber,
            Orders::PartnerId,
        ] {
            drop_col(m, Orders::Table, col).await?;
        }
        m.drop_table(Table::drop().table(Partners::Table).to_owned())
            .await
    }
}
