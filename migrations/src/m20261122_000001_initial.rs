//! Places, people, units, the service catalogue, orders and their timeline,
//! points, rewards and refresh tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in cols {
        stmt.col(Alias::new(*c));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // ---- places: district → street → community → grid ----
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

        // ---- people ----
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

        // ---- member units and their registration with communities (双报到) ----
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

        // ---- volunteers (in-service party members) ----
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

        // ---- the service catalogue ----
        m.create_table(
            Table::create()
                .table(Categories::Table)
                .col(pk_auto(Categories::Id))
                .col(integer(Categories::CommunityId))
                .col(string(Categories::Code))
                .col(string(Categories::Kind))
                .col(string(Categories::Name))
                .col(integer(Categories::ResponseMinutes))
                .col(integer(Categories::CompletionMinutes))
                .col(integer(Categories::Points))
                .col(boolean(Categories::Active).default(true))
                .foreign_key(&mut fk(
                    (Categories::Table, Categories::CommunityId),
                    (Communities::Table, Communities::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_categories_community_code",
                Categories::Table,
                &["community_id", "code"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        // ---- orders and their timeline ----
        m.create_table(
            Table::create()
                .table(Orders::Table)
                .col(pk_auto(Orders::Id))
                .col(integer(Orders::CommunityId))
                .col(string(Orders::Kind))
                .col(integer(Orders::CategoryId))
                .col(string(Orders::Title))
                .col(text(Orders::Description))
                .col(string_null(Orders::Address))
                .col(string_null(Orders::PreferredTime))
                .col(string(Orders::Status))
                .col(integer(Orders::RequesterId))
                .col(integer_null(Orders::AssigneeUnitId))
                .col(integer_null(Orders::AssigneeUserId))
                .col(integer(Orders::Version).default(0))
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .col(timestamp_with_time_zone(Orders::DueAt))
                .col(timestamp_with_time_zone_null(Orders::AcceptedAt))
                .col(timestamp_with_time_zone_null(Orders::CompletedAt))
                .col(integer_null(Orders::Rating))
                .col(text_null(Orders::Comment))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::CommunityId),
                    (Communities::Table, Communities::Id),
                ))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::CategoryId),
                    (Categories::Table, Categories::Id),
                ))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::RequesterId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::AssigneeUnitId),
                    (Units::Table, Units::Id),
                ))
                .foreign_key(&mut fk(
                    (Orders::Table, Orders::AssigneeUserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_orders_community_status",
            Orders::Table,
            &["community_id", "status", "id"],
        ))
        .await?;
        m.create_index(index(
            "idx_orders_requester",
            Orders::Table,
            &["requester_id", "id"],
        ))
        .await?;
        m.create_index(index(
            "idx_orders_assignee_user",
            Orders::Table,
            &["assignee_user_id", "id"],
        ))
        .await?;
        m.create_index(index(
            "idx_orders_assignee_unit",
            Orders::Table,
            &["assignee_unit_id", "id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(OrderEvents::Table)
                .col(pk_auto(OrderEvents::Id))
                .col(integer(OrderEvents::OrderId))
                .col(timestamp_with_time_zone(OrderEvents::At))
                .col(integer_null(OrderEvents::ActorId))
                .col(string(OrderEvents::Action))
                .col(string_null(OrderEvents::FromStatus))
                .col(string(OrderEvents::ToStatus))
                .col(text_null(OrderEvents::Note))
                .col(text_null(OrderEvents::Photos))
                .foreign_key(&mut fk(
                    (OrderEvents::Table, OrderEvents::OrderId),
                    (Orders::Table, Orders::Id),
                ))
                .foreign_key(&mut fk(
                    (OrderEvents::Table, OrderEvents::ActorId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_order_events_order",
            OrderEvents::Table,
            &["order_id", "id"],
        ))
        .await?;

        // ---- points, rewards ----
        m.create_table(
            Table::create()
                .table(Rewards::Table)
                .col(pk_auto(Rewards::Id))
                .col(integer(Rewards::CommunityId))
                .col(string(Rewards::Name))
                .col(integer(Rewards::Cost))
                .col(integer(Rewards::Stock))
                .foreign_key(&mut fk(
                    (Rewards::Table, Rewards::CommunityId),
                    (Communities::Table, Communities::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_rewards_community",
            Rewards::Table,
            &["community_id"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Redemptions::Table)
                .col(pk_auto(Redemptions::Id))
                .col(integer(Redemptions::RewardId))
                .col(integer(Redemptions::UserId))
                .col(integer(Redemptions::Cost))
                .col(timestamp_with_time_zone(Redemptions::At))
                .foreign_key(&mut fk(
                    (Redemptions::Table, Redemptions::RewardId),
                    (Rewards::Table, Rewards::Id),
                ))
                .foreign_key(&mut fk(
                    (Redemptions::Table, Redemptions::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PointsLedger::Table)
                .col(pk_auto(PointsLedger::Id))
                .col(integer(PointsLedger::UserId))
                .col(integer(PointsLedger::Delta))
                .col(string(PointsLedger::Reason))
                .col(integer_null(PointsLedger::OrderId))
                .col(integer_null(PointsLedger::RedemptionId))
                .col(timestamp_with_time_zone(PointsLedger::At))
                .foreign_key(&mut fk(
                    (PointsLedger::Table, PointsLedger::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    (PointsLedger::Table, PointsLedger::OrderId),
                    (Orders::Table, Orders::Id),
                ))
                .foreign_key(&mut fk(
                    (PointsLedger::Table, PointsLedger::RedemptionId),
                    (Redemptions::Table, Redemptions::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_points_ledger_user",
            PointsLedger::Table,
            &["user_id", "id"],
        ))
        .await?;
        // One credit per person per completed order, even if it is reopened and redone.
        m.create_index(
            index(
                "idx_points_ledger_order_credit",
                PointsLedger::Table,
                &["order_id", "user_id", "reason"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        // ---- sessions ----
        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_auto(RefreshTokens::Id))
                .col(integer(RefreshTokens::UserId))
                .col(string(RefreshTokens::FamilyId))
                .col(string_uniq(RefreshTokens::TokenHash))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .foreign_key(&mut fk(
                    (RefreshTokens::Table, RefreshTokens::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_refresh_tokens_family",
            RefreshTokens::Table,
            &["family_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            RefreshTokens::Table.into_iden(),
            PointsLedger::Table.into_iden(),
            Redemptions::Table.into_iden(),
            Rewards::Table.into_iden(),
            OrderEvents::Table.into_iden(),
            Orders::Table.into_iden(),
            Categories::Table.into_iden(),
            VolunteerProfiles::Table.into_iden(),
            UnitMembers::Table.into_iden(),
            UnitRegistrations::Table.into_iden(),
            Units::Table.into_iden(),
            Memberships::Table.into_iden(),
            Users::Table.into_iden(),
            Grids::Table.into_iden(),
            Communities::Table.into_iden(),
            Streets::Table.into_iden(),
            Districts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[rustfmt::skip]
#[derive(DeriveIden)]
enum Districts { Table, Id, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Streets { Table, Id, DistrictId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Communities { Table, Id, StreetId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Grids { Table, Id, CommunityId, Name }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Users { Table, Id, Phone, Name, PasswordHash, WechatOpenid, CommunityId, PointsBalance, CreatedAt }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Memberships { Table, Id, UserId, Role, CommunityId, DistrictId }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Units { Table, Id, Name, Kind, Skills }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum UnitRegistrations { Table, Id, UnitId, CommunityId, RegisteredAt }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum UnitMembers { Table, Id, UnitId, UserId }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum VolunteerProfiles { Table, Id, UserId, CommunityId, GridId, Skills, RegisteredAt }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Categories { Table, Id, CommunityId, Code, Kind, Name, ResponseMinutes, CompletionMinutes, Points, Active }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Orders { Table, Id, CommunityId, Kind, CategoryId, Title, Description, Address, PreferredTime, Status, RequesterId, AssigneeUnitId, AssigneeUserId, Version, CreatedAt, UpdatedAt, DueAt, AcceptedAt, CompletedAt, Rating, Comment }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum OrderEvents { Table, Id, OrderId, At, ActorId, Action, FromStatus, ToStatus, Note, Photos }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Rewards { Table, Id, CommunityId, Name, Cost, Stock }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum Redemptions { Table, Id, RewardId, UserId, Cost, At }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum PointsLedger { Table, Id, UserId, Delta, Reason, OrderId, RedemptionId, At }
#[rustfmt::skip]
#[derive(DeriveIden)]
enum RefreshTokens { Table, Id, UserId, FamilyId, TokenHash, CreatedAt, ExpiresAt, UsedAt, RevokedAt }
