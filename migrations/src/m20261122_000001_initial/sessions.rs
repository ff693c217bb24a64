//! Sessions: refresh tokens, stored hashed.

use super::people::Users;
use super::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
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

#[rustfmt::skip]
#[derive(DeriveIden)]
pub(super) enum RefreshTokens { Table, Id, UserId, FamilyId, TokenHash, CreatedAt, ExpiresAt, UsedAt, RevokedAt }
