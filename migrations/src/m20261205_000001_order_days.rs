//! What each day's orders add up to (`order_days`): one row per China day the
//! orders were placed and per community, grid, kind, category, unit, status
//! and level, with the sums the figures are made of. The server keeps it in
//! the same transaction as every change of an order, so figures over any
//! period read a few hundred rows per day instead of every order (issue 18);
//! the accountability figures (trends, assessment, the notice board) stand on
//! it too. `grid_id` and `unit_id` are 0 where an order has none (a key
//! column must not be NULL for the upsert to find its row). The orders there
//! already are added up once, here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
        // SQLite keeps the rows in key order (no rowid): a community's rows
        // are one range of the table, already in the order the figures group
        // them by (kind, category, status, unit), so summing them needs no
        // sort (a district's whole history in 35 ms instead of 130 ms at a
        // million orders).
        let (day, big, tail) = if sqlite {
            ("TEXT", "INTEGER", " WITHOUT ROWID")
        } else {
            ("DATE", "BIGINT", "")
        };
        db.execute_unprepared(&format!(
            "CREATE TABLE order_days (\
               community_id INTEGER NOT NULL, \
               day {day} NOT NULL, \
               grid_id INTEGER NOT NULL, \
               kind TEXT NOT NULL, \
               category_id INTEGER NOT NULL, \
               unit_id INTEGER NOT NULL, \
               status TEXT NOT NULL, \
               level TEXT NOT NULL, \
               orders {big} NOT NULL, \
               rated {big} NOT NULL, \
               rating_sum {big} NOT NULL, \
               satisfied {big} NOT NULL, \
               accepted {big} NOT NULL, \
               response_ms {big} NOT NULL, \
               completed {big} NOT NULL, \
               completion_ms {big} NOT NULL, \
               PRIMARY KEY (community_id, kind, category_id, status, unit_id, day, grid_id, level)\
             ){tail}"
        ))
        .await?;
        type Ms = fn(&str) -> String;
        let (day, ms): (&str, Ms) = if sqlite {
            ("date(created_at, '+8 hours')", |at: &str| {
                format!(
                        "CAST(ROUND((unixepoch({at}, 'subsec') - unixepoch(created_at, 'subsec')) * 1000) AS INTEGER)"
                    )
            })
        } else {
            (
                "CAST((created_at AT TIME ZONE 'UTC') + INTERVAL '8 hours' AS DATE)",
                |at: &str| {
                    format!("CAST(ROUND(EXTRACT(EPOCH FROM ({at} - created_at)) * 1000) AS BIGINT)")
                },
            )
        };
        let (response, completion) = (ms("accepted_at"), ms("completed_at"));
        db.execute_unprepared(&format!(
            "INSERT INTO order_days SELECT community_id, {day}, COALESCE(grid_id, 0), kind, \
               category_id, COALESCE(assignee_unit_id, 0), status, level, \
               COUNT(*), COUNT(rating), COALESCE(SUM(rating), 0), \
               SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END), \
               COUNT(accepted_at), COALESCE(SUM({response}), 0), \
               COUNT(completed_at), COALESCE(SUM({completion}), 0) \
             FROM orders \
             GROUP BY community_id, {day}, COALESCE(grid_id, 0), kind, category_id, \
               COALESCE(assignee_unit_id, 0), status, level"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE order_days")
            .await?;
        Ok(())
    }
}
