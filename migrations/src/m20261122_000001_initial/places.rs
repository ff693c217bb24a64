//! Places: district → street → community → grid (一网统管).

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Districts::Table)
            .col(pk_auto(Districts::Id))
            .col(string(Districts::Name))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Streets::Table)
            .col(pk_auto(Streets::Id))
            .col(integer(Streets::DistrictId))
            .col(string(Streets::Name))
            .foreign_key(&mut fk(
                (Streets::Table, Streets::DistrictId),
                (Districts::Table, Districts::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Communities::Table)
            .col(pk_auto(Communities::Id))
            .col(integer(Communities::StreetId))
            .col(string(Communities::Name))
            .foreign_key(&mut fk(
                (Communities::Table, Communities::StreetId),
                (Streets::Table, Streets::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Grids::Table)
            .col(pk_auto(Grids::Id))
            .col(integer(Grids::CommunityId))
            .col(string(Grids::Name))
            .foreign_key(&mut fk(
                (Grids::Table, Grids::CommunityId),
                (Communities::Table, Communities::Id),
            ))
            .to_owned(),
    )
    .await?;
    Ok(())
}

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Districts { Table, Id, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Streets { Table, Id, DistrictId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Communities { Table, Id, StreetId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Grids { Table, Id, CommunityId, Name }
