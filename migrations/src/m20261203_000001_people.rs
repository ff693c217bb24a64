//! People join, and are managed: buildings under grids (the end of the places
//! tree), names unique among siblings, residents' homes, accounts that can be
//! deactivated and whose tokens can be made to stop (`session_epoch`),
//! memberships that wait for the committee (`status`), one-time reset codes,
//! and the record of who approved, rejected, changed or reset whom.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Streets { Table, DistrictId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Communities { Table, StreetId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Grids { Table, Id, CommunityId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Buildings { Table, Id, GridId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Users { Table, Id, Active, SessionEpoch, BuildingId, Room }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Memberships { Table, CommunityId, GridId, Status, Reason, CreatedAt, DecidedAt, DecidedBy }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum PersonAudit { Table, Id, UserId, ActorId, Action, Detail, At }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum ResetCodes { Table, Id, UserId, CodeHash, CreatedAt, ExpiresAt, UsedAt, CreatedBy }

fn unique(
    name: &str,
    table: impl IntoIden + 'static,
    cols: [impl IntoIden + 'static; 2],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table).unique();
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(col).to_owned()
}

/// SQLite adds one column per statement.
async fn add(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: ColumnDef,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Buildings::Table)
                .col(pk_auto(Buildings::Id))
                .col(integer(Buildings::GridId))
                .col(string(Buildings::Name))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from(Buildings::Table, Buildings::GridId)
                        .to(Grids::Table, Grids::Id)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_streets_name",
            Streets::Table,
            [Streets::DistrictId, Streets::Name],
        ))
        .await?;
        m.create_index(unique(
            "uq_communities_name",
            Communities::Table,
            [Communities::StreetId, Communities::Name],
        ))
        .await?;
        m.create_index(unique(
            "uq_grids_name",
            Grids::Table,
            [Grids::CommunityId, Grids::Name],
        ))
        .await?;
        m.create_index(unique(
            "uq_buildings_name",
            Buildings::Table,
            [Buildings::GridId, Buildings::Name],
        ))
        .await?;

        add(
            m,
            Users::Table,
            boolean(Users::Active).default(true).to_owned(),
        )
        .await?;
        add(
            m,
            Users::Table,
            integer(Users::SessionEpoch).default(0).to_owned(),
        )
        .await?;
        add(m, Users::Table, integer_null(Users::BuildingId).to_owned()).await?;
        add(m, Users::Table, string_null(Users::Room).to_owned()).await?;

        add(
            m,
            Memberships::Table,
            string(Memberships::Status).default("active").to_owned(),
        )
        .await?;
        add(
            m,
            Memberships::Table,
            text_null(Memberships::Reason).to_owned(),
        )
        .await?;
        // A grid worker's grid.
        add(
            m,
            Memberships::Table,
            integer_null(Memberships::GridId).to_owned(),
        )
        .await?;
        add(
            m,
            Memberships::Table,
            timestamp_with_time_zone_null(Memberships::CreatedAt).to_owned(),
        )
        .await?;
        add(
            m,
            Memberships::Table,
            timestamp_with_time_zone_null(Memberships::DecidedAt).to_owned(),
        )
        .await?;
        add(
            m,
            Memberships::Table,
            integer_null(Memberships::DecidedBy).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_memberships_community_status")
                .table(Memberships::Table)
                .col(Memberships::CommunityId)
                .col(Memberships::Status)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PersonAudit::Table)
                .col(pk_auto(PersonAudit::Id))
                .col(integer(PersonAudit::UserId))
                .col(integer_null(PersonAudit::ActorId))
                .col(string(PersonAudit::Action))
                .col(text_null(PersonAudit::Detail))
                .col(timestamp_with_time_zone(PersonAudit::At))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_person_audit_user",
            PersonAudit::Table,
            PersonAudit::UserId,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(ResetCodes::Table)
                .col(pk_auto(ResetCodes::Id))
                .col(integer(ResetCodes::UserId))
                .col(string(ResetCodes::CodeHash))
                .col(timestamp_with_time_zone(ResetCodes::CreatedAt))
                .col(timestamp_with_time_zone(ResetCodes::ExpiresAt))
                .col(timestamp_with_time_zone_null(ResetCodes::UsedAt))
                .col(integer_null(ResetCodes::CreatedBy))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from(ResetCodes::Table, ResetCodes::UserId)
                        .to(Users::Table, Users::Id)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_reset_codes_user",
            ResetCodes::Table,
            ResetCodes::UserId,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ResetCodes::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(PersonAudit::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Buildings::Table).to_owned())
            .await
    }
}
