//! Dispatch that knows people: volunteers' profiles (background, available or
//! not, how many open orders they take), what each candidate has done lately
//! as counters kept in the transitions' transactions (ratings, response time,
//! rejects — so ranking never reads every past order), the skills a category
//! needs, and on the order its dispatch mode, triage track, channel, who placed
//! it on a resident's behalf, when it was last dispatched and who has already
//! been tried by auto dispatch.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[rustfmt::skip]
#[derive(DeriveIden)]
enum VolunteerProfiles { Table, Background, Available, MaxOpen }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Categories { Table, Skills }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Orders { Table, CommunityId, DispatchMode, Track, Channel, PlacedBy, DispatchedAt, Tried }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum CandidateStats { Table, Id, CommunityId, UnitId, UserId, Rated, RatingSum, Responses, ResponseMinutes, Rejects, RejectsAt }

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
        use VolunteerProfiles as V;
        add(m, V::Table, text_null(V::Background).to_owned()).await?;
        add(m, V::Table, boolean(V::Available).default(true).to_owned()).await?;
        add(m, V::Table, integer(V::MaxOpen).default(3).to_owned()).await?;
        add(
            m,
            Categories::Table,
            text(Categories::Skills).default("").to_owned(),
        )
        .await?;
        add(
            m,
            Orders::Table,
            string(Orders::DispatchMode).default("manual").to_owned(),
        )
        .await?;
        add(m, Orders::Table, string_null(Orders::Track).to_owned()).await?;
        add(
            m,
            Orders::Table,
            string(Orders::Channel).default("app").to_owned(),
        )
        .await?;
        add(m, Orders::Table, integer_null(Orders::PlacedBy).to_owned()).await?;
        add(
            m,
            Orders::Table,
            timestamp_with_time_zone_null(Orders::DispatchedAt).to_owned(),
        )
        .await?;
        add(m, Orders::Table, text(Orders::Tried).default("").to_owned()).await?;
        m.create_index(
            Index::create()
                .name("idx_orders_community_track")
                .table(Orders::Table)
                .col(Orders::CommunityId)
                .col(Orders::Track)
                .to_owned(),
        )
        .await?;

        // One row per candidate (a volunteer or a unit) and community.
        use CandidateStats as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(pk_auto(S::Id))
                .col(integer(S::CommunityId))
                .col(integer_null(S::UnitId))
                .col(integer_null(S::UserId))
                .col(integer(S::Rated).default(0))
                .col(integer(S::RatingSum).default(0))
                .col(integer(S::Responses).default(0))
                .col(double(S::ResponseMinutes).default(0.0))
                .col(double(S::Rejects).default(0.0))
                .col(timestamp_with_time_zone_null(S::RejectsAt))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("uq_candidate_stats_unit", S::UnitId),
            ("uq_candidate_stats_user", S::UserId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(S::Table)
                    .col(S::CommunityId)
                    .col(col)
                    .unique()
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CandidateStats::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_orders_community_track")
                .table(Orders::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Orders::DispatchMode,
            Orders::Track,
            Orders::Channel,
            Orders::PlacedBy,
            Orders::DispatchedAt,
            Orders::Tried,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Categories::Table)
                .drop_column(Categories::Skills)
                .to_owned(),
        )
        .await?;
        for col in [
            VolunteerProfiles::Background,
            VolunteerProfiles::Available,
            VolunteerProfiles::MaxOpen,
        ] {
            m.alter_table(
                Table::alter()
                    .table(VolunteerProfiles::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
