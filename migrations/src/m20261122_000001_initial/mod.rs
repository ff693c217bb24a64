//! Places, people, units, the service catalogue, orders and their timeline,
//! points, rewards and refresh tokens.

mod orders;
mod people;
mod places;
mod points;
mod sessions;
mod units;

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(super) fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub(super) fn index(
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
        places::up(m).await?;
        people::up(m).await?;
        units::up(m).await?;
        orders::up(m).await?;
        points::up(m).await?;
        sessions::up(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            sessions::RefreshTokens::Table.into_iden(),
            points::PointsLedger::Table.into_iden(),
            points::Redemptions::Table.into_iden(),
            points::Rewards::Table.into_iden(),
            orders::OrderEvents::Table.into_iden(),
            orders::Orders::Table.into_iden(),
            orders::Categories::Table.into_iden(),
            people::VolunteerProfiles::Table.into_iden(),
            units::UnitMembers::Table.into_iden(),
            units::UnitRegistrations::Table.into_iden(),
            units::Units::Table.into_iden(),
            people::Memberships::Table.into_iden(),
            people::Users::Table.into_iden(),
            places::Grids::Table.into_iden(),
            places::Communities::Table.into_iden(),
            places::Streets::Table.into_iden(),
            places::Districts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
