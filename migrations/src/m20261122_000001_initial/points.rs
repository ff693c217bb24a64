//! Points (积分): rewards, redemptions and the ledger.

use super::orders::Orders;
use super::people::Users;
use super::places::Communities;
use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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
    Ok(())
}

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Rewards { Table, Id, CommunityId, Name, Cost, Stock }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Redemptions { Table, Id, RewardId, UserId, Cost, At }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum PointsLedger { Table, Id, UserId, Delta, Reason, OrderId, RedemptionId, At }
