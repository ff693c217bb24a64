//! Member units and their registration with communities (单位双报到).

use super::people::Users;
use super::places::Communities;
use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Units::Table)
            .col(pk_auto(Units::Id))
            .col(string(Units::Name))
            .col(string(Units::Kind))
            .col(string(Units::Skills).default(""))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(UnitRegistrations::Table)
            .col(pk_auto(UnitRegistrations::Id))
            .col(integer(UnitRegistrations::UnitId))
            .col(integer(UnitRegistrations::CommunityId))
            .col(timestamp_with_time_zone(UnitRegistrations::RegisteredAt))
            .foreign_key(&mut fk(
                (UnitRegistrations::Table, UnitRegistrations::UnitId),
                (Units::Table, Units::Id),
            ))
            .foreign_key(&mut fk(
                (UnitRegistrations::Table, UnitRegistrations::CommunityId),
                (Communities::Table, Communities::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index(
            "idx_unit_registrations_community_unit",
            UnitRegistrations::Table,
            &["community_id", "unit_id"],
        )
        .unique()
        .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(UnitMembers::Table)
            .col(pk_auto(UnitMembers::Id))
            .col(integer(UnitMembers::UnitId))
            .col(integer(UnitMembers::UserId))
            .foreign_key(&mut fk(
                (UnitMembers::Table, UnitMembers::UnitId),
                (Units::Table, Units::Id),
            ))
            .foreign_key(&mut fk(
                (UnitMembers::Table, UnitMembers::UserId),
                (Users::Table, Users::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("idx_unit_members_user", UnitMembers::Table, &["user_id"])
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Units { Table, Id, Name, Kind, Skills }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum UnitRegistrations { Table, Id, UnitId, CommunityId, RegisteredAt }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum UnitMembers { Table, Id, UnitId, UserId }
