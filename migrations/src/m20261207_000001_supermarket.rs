//! The points supermarket run end to end: rewards the committee describes,
//! pictures and puts on or off the shelf; redemptions reserved with a pickup
//! code, handed over, cancelled or expired. And the ledger learns volunteer
//! hours (爱心银行) and the committee's own awards with their reasons.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Rewards { Table, Description, Donor, PhotoId, OnShelf }

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Redemptions { Table, CommunityId, UserId, Status, Code, ExpiresAt, ClosedAt, ClosedBy, Id }

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Uploads { Table, RewardId }

#[rustfmt::skip]
#[derive(DeriveIden)]
enum PointsLedger { Table, Hours, Note, ByUser, Undoes }

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
        add(m, Rewards::Table, text_null(Rewards::Description)).await?;
        add(m, Rewards::Table, string_null(Rewards::Donor)).await?;
        add(m, Rewards::Table, integer_null(Rewards::PhotoId)).await?;
        add(m, Rewards::Table, boolean(Rewards::OnShelf).default(true)).await?;
        // Redemptions made before reservations were handed over at once.
        add(
            m,
            Redemptions::Table,
            string(Redemptions::Status).default("fulfilled"),
        )
        .await?;
        add(m, Redemptions::Table, string_null(Redemptions::Code)).await?;
        add(
            m,
            Redemptions::Table,
            integer(Redemptions::CommunityId).default(0),
        )
        .await?;
        add(
            m,
            Redemptions::Table,
            timestamp_with_time_zone_null(Redemptions::ExpiresAt),
        )
        .await?;
        add(
            m,
            Redemptions::Table,
            timestamp_with_time_zone_null(Redemptions::ClosedAt),
        )
        .await?;
        add(m, Redemptions::Table, integer_null(Redemptions::ClosedBy)).await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE redemptions SET community_id = \
                 (SELECT r.community_id FROM rewards r WHERE r.id = redemptions.reward_id)",
            )
            .await?;
        // The expiry job finds what is due; the desk lists a community's.
        m.create_index(
            Index::create()
                .name("idx_redemptions_due")
                .table(Redemptions::Table)
                .col(Redemptions::Status)
                .col(Redemptions::ExpiresAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_redemptions_community")
                .table(Redemptions::Table)
                .col(Redemptions::CommunityId)
                .col(Redemptions::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_redemptions_user")
                .table(Redemptions::Table)
                .col(Redemptions::UserId)
                .col(Redemptions::Id)
                .to_owned(),
        )
        .await?;
        // A reward's picture is kept from the job that removes unattached photos.
        add(m, Uploads::Table, integer_null(Uploads::RewardId)).await?;
        add(
            m,
            PointsLedger::Table,
            double(PointsLedger::Hours).default(0.0),
        )
        .await?;
        add(m, PointsLedger::Table, text_null(PointsLedger::Note)).await?;
        add(m, PointsLedger::Table, integer_null(PointsLedger::ByUser)).await?;
        // A withdrawal names the award it undoes; once.
        add(m, PointsLedger::Table, integer_null(PointsLedger::Undoes)).await?;
        m.create_index(
            Index::create()
                .name("idx_points_ledger_undoes")
                .table(PointsLedger::Table)
                .col(PointsLedger::Undoes)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_points_ledger_undoes")
                .table(PointsLedger::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            PointsLedger::Undoes,
            PointsLedger::ByUser,
            PointsLedger::Note,
            PointsLedger::Hours,
        ] {
            drop_col(m, PointsLedger::Table, col).await?;
        }
        drop_col(m, Uploads::Table, Uploads::RewardId).await?;
        for index in [
            "idx_redemptions_user",
            "idx_redemptions_community",
            "idx_redemptions_due",
        ] {
            m.drop_index(
                Index::drop()
                    .name(index)
                    .table(Redemptions::Table)
                    .to_owned(),
            )
            .await?;
        }
        for col in [
            Redemptions::ClosedBy,
            Redemptions::ClosedAt,
            Redemptions::ExpiresAt,
            Redemptions::CommunityId,
            Redemptions::Code,
            Redemptions::Status,
        ] {
            drop_col(m, Redemptions::Table, col).await?;
        }
        for col in [
            Rewards::OnShelf,
            Rewards::PhotoId,
            Rewards::Donor,
            Rewards::Description,
        ] {
            drop_col(m, Rewards::Table, col).await?;
        }
        Ok(())
    }
}
