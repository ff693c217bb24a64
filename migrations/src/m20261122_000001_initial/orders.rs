//! The service catalogue, orders and their timeline.

use super::people::Users;
use super::places::Communities;
use super::units::Units;
use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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
    Ok(())
}

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Categories { Table, Id, CommunityId, Code, Kind, Name, ResponseMinutes, CompletionMinutes, Points, Active }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum Orders { Table, Id, CommunityId, Kind, CategoryId, Title, Description, Address, PreferredTime, Status, RequesterId, AssigneeUnitId, AssigneeUserId, Version, CreatedAt, UpdatedAt, DueAt, AcceptedAt, CompletedAt, Rating, Comment }
#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum OrderEvents { Table, Id, OrderId, At, ActorId, Action, FromStatus, ToStatus, Note, Photos }
