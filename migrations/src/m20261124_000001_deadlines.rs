//! Deadlines and the four-level whistle: street officers (a membership bound to
//! a street), category settings (clock, hours, dispatch mode), an order's
//! `respond_by`, `level` and `revisit`, the working-day calendar, and the missed
//! reports (吹哨未报到) of units.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    StreetId,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Clock,
    Hours,
    DispatchMode,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    RespondBy,
    Level,
    Revisit,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Year,
    Workday,
}

#[derive(DeriveIden)]
enum MissedReports {
    Table,
    Id,
    UnitId,
    OrderId,
    RespondBy,
    At,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

/// SQLite alters one column per statement.
fn add(table: impl IntoIden + 'static, col: &mut ColumnDef) -> TableAlterStatement {
    Table::alter().table(table).add_column(col).to_owned()
}

fn drop_col(table: impl IntoIden + 'static, col: impl IntoIden + 'static) -> TableAlterStatement {
    Table::alter().table(table).drop_column(col).to_owned()
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
        m.alter_table(add(
            Memberships::Table,
            &mut integer_null(Memberships::StreetId),
        ))
        .await?;
        m.alter_table(add(
            Categories::Table,
            string(Categories::Clock).default("natural"),
        ))
        .await?;
        m.alter_table(add(
            Categories::Table,
            double(Categories::Hours).default(1.0),
        ))
        .await?;
        m.alter_table(add(
            Categories::Table,
            string(Categories::DispatchMode).default("manual"),
        ))
        .await?;
        m.alter_table(add(
            Orders::Table,
            &mut timestamp_with_time_zone_null(Orders::RespondBy),
        ))
        .await?;
        m.alter_table(add(
            Orders::Table,
            string(Orders::Level).default("community"),
        ))
        .await?;
        m.alter_table(add(Orders::Table, boolean(Orders::Revisit).default(false)))
            .await?;
        // The escalation job's two questions: who has not answered in time,
        // and what is not done in time.
        m.create_index(index(
            "idx_orders_respond_by",
            Orders::Table,
            &["respond_by"],
        ))
        .await?;
        m.create_index(index(
            "idx_orders_status_due",
            Orders::Table,
            &["status", "due_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(CalendarDays::Table)
                .col(string_len(CalendarDays::Day, 10).primary_key())
                .col(integer(CalendarDays::Year))
                .col(boolean(CalendarDays::Workday))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_calendar_days_year",
            CalendarDays::Table,
            &["year"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(MissedReports::Table)
                .col(pk_auto(MissedReports::Id))
                .col(integer(MissedReports::UnitId))
                .col(integer(MissedReports::OrderId))
                .col(timestamp_with_time_zone(MissedReports::RespondBy))
                .col(timestamp_with_time_zone(MissedReports::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(MissedReports::Table, MissedReports::UnitId)
                        .to(Units::Table, Units::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MissedReports::Table, MissedReports::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Once per dispatch: a dispatch is one deadline to answer by.
        m.create_index(
            index(
                "idx_missed_reports_once",
                MissedReports::Table,
                &["order_id", "unit_id", "respond_by"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_missed_reports_unit",
            MissedReports::Table,
            &["unit_id", "at"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MissedReports::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CalendarDays::Table).to_owned())
            .await?;
        for name in ["idx_orders_respond_by", "idx_orders_status_due"] {
            m.drop_index(Index::drop().name(name).table(Orders::Table).to_owned())
                .await?;
        }
        m.alter_table(drop_col(Orders::Table, Orders::Revisit))
            .await?;
        m.alter_table(drop_col(Orders::Table, Orders::Level))
            .await?;
        m.alter_table(drop_col(Orders::Table, Orders::RespondBy))
            .await?;
        m.alter_table(drop_col(Categories::Table, Categories::DispatchMode))
            .await?;
        m.alter_table(drop_col(Categories::Table, Categories::Hours))
            .await?;
        m.alter_table(drop_col(Categories::Table, Categories::Clock))
            .await?;
        m.alter_table(drop_col(Memberships::Table, Memberships::StreetId))
            .await
    }
}
