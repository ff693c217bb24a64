//! People: users, their roles per community, and volunteer profiles (在职党员双报到).

use super::places::{Communities, Districts, Grids};
use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Users::Table)
            .col(pk_auto(Users::Id))
            .col(string_uniq(Users::Phone))
            .col(string(Users::Name))
            .col(string_null(Users::PasswordHash))
            .col(string_null(Users::WechatOpenid).unique_key())
            .col(integer_null(Users::CommunityId))
            .col(big_integer(Users::PointsBalance).default(0))
            .col(timestamp_with_time_zone(Users::CreatedAt))
            .foreign_key(&mut fk(
                (Users::Table, Users::CommunityId),
                (Communities::Table, Communities::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Memberships::Table)
            .col(pk_auto(Memberships::Id))
            .col(integer(Memberships::UserId))
            .col(string(Memberships::Role))
            .col(integer_null(Memberships::CommunityId))
            .col(integer_null(Memberships::DistrictId))
            .foreign_key(&mut fk(
                (Memberships::Table, Memberships::UserId),
                (Users::Table, Users::Id),
            ))
            .foreign_key(&mut fk(
                (Memberships::Table, Memberships::CommunityId),
                (Communities::Table, Communities::Id),
            ))
            .foreign_key(&mut fk(
                (Memberships::Table, Memberships::DistrictId),
                (Districts::Table, Districts::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "idx_memberships_user",
        Memberships::Table,
        &["user_id"],
    ))
    .await?;
    m.create_table(
        Table::create()
            .table(VolunteerProfiles::Table)
            .col(pk_auto(VolunteerProfiles::Id))
            .col(integer_uniq(VolunteerProfiles::UserId))
            .col(integer(VolunteerProfiles::CommunityId))
            .col(integer_null(VolunteerProfiles::GridId))
            .col(string(VolunteerProfiles::Skills).default(""))
            .col(timestamp_with_time_zone(VolunteerProfiles::RegisteredAt))
            .foreign_key(&mut fk(
                (VolunteerProfiles::Table, VolunteerProfiles::UserId),
                (Users::Table, Users::Id),
            ))
            .foreign_key(&mut fk(
                (VolunteerProfiles::Table, VolunteerProfiles::CommunityId),
                (Communities::Table, Communities::Id),
            ))
            .foreign_key(&mut fk(
                (VolunteerProfiles::Table, VolunteerProfiles::GridId),
                (Grids::Table, Grids::Id),
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "idx_volunteer_profiles_community",
        VolunteerProfiles::Table,
        &["community_id"],
    ))
    .await?;
    Ok(())
}

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Users { Table, Id, Phone, Name, PasswordHash, WechatOpenid, CommunityId, PointsBalance, CreatedAt }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Memberships { Table, Id, UserId, Role, CommunityId, DistrictId }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum VolunteerProfiles { Table, Id, UserId, CommunityId, GridId, Skills, RegisteredAt }
