//! 双报到: in-service party members report to the community where they live.
//! An application waits for the committee like a resident's membership does;
//! approval makes a volunteer with a filled profile. Unit names are unique
//! per community through the registrations' lookup, not here.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum VolunteerApplications {
    Table, Id, UserId, CommunityId, WorkUnit, PartyMember, Skills, Background, Status, Reason,
    CreatedAt, DecidedAt, DecidedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(VolunteerApplications::Table)
                .col(pk_auto(VolunteerApplications::Id))
                .col(integer(VolunteerApplications::UserId))
                .col(integer(VolunteerApplications::CommunityId))
                .col(string(VolunteerApplications::WorkUnit))
                .col(boolean(VolunteerApplications::PartyMember))
                .col(text(VolunteerApplications::Skills))
                .col(text_null(VolunteerApplications::Background))
                .col(string(VolunteerApplications::Status))
                .col(text_null(VolunteerApplications::Reason))
                .col(timestamp_with_time_zone(VolunteerApplications::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    VolunteerApplications::DecidedAt,
                ))
                .col(integer_null(VolunteerApplications::DecidedBy))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_volunteer_applications_community_status")
                .table(VolunteerApplications::Table)
                .col(VolunteerApplications::CommunityId)
                .col(VolunteerApplications::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_volunteer_applications_user")
                .table(VolunteerApplications::Table)
                .col(VolunteerApplications::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(VolunteerApplications::Table).to_owned())
            .await
    }
}
