//! What each day's orders add up to (`order_days`): one row per China day the
//! orders were placed and per community, kind, category, status, unit, grid
//! and level, with the sums the figures are made of (issue 18). Figures over
//! any period read a few hundred rows per day instead of every order; the
//! accountability figures (trends, assessment, the notice board) stand on it
//! too. `grid_id` and `unit_id` are 0 where an order has none (a key column
//! must not be NULL for the upsert to find its row).
//!
//! The database keeps it: triggers on `orders` add a new order's line and
//! move a changed order's (its old line taken away, its new one added), in
//! the statement that writes the order — so in its transaction, whoever
//! writes it, and without one more statement from the server (a statement
//! more per change cost the lifecycle benchmark 13%). The orders there
//! already are added up once, here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table's columns: the key, in the order rows are kept and grouped in,
/// then the sums.
const KEY: &str = "community_id, kind, category_id, status, unit_id, day, grid_id, level";
const SUMS: &[&str] = &[
    "orders",
    "rated",
    "rating_sum",
    "satisfied",
    "accepted",
    "response_ms",
    "completed",
    "completion_ms",
];

/// Milliseconds from an order's placing to another of its moments, in each
/// engine's own date arithmetic (`row`: `NEW`, `OLD` or nothing).
fn ms(sqlite: bool, row: &str, at: &str) -> String {
    if sqlite {
        format!(
            "CAST(ROUND((unixepoch({row}{at}, 'subsec') - unixepoch({row}created_at, 'subsec')) * 1000) AS INTEGER)"
        )
    } else {
        format!("CAST(ROUND(EXTRACT(EPOCH FROM ({row}{at} - {row}created_at)) * 1000) AS BIGINT)")
    }
}

/// The China day an order was placed on.
fn day(sqlite: bool, row: &str) -> String {
    if sqlite {
        format!("date({row}created_at, '+8 hours')")
    } else {
        format!("CAST(({row}created_at AT TIME ZONE 'UTC') + INTERVAL '8 hours' AS DATE)")
    }
}

/// An order's line: its key, and what it adds (`sign` 1) or takes away
/// (`sign` -1), as the values of an insert.
fn line(sqlite: bool, row: &str, sign: i32) -> String {
    let r = row;
    format!(
        "{r}community_id, {r}kind, {r}category_id, {r}status, COALESCE({r}assignee_unit_id, 0), \
         {day}, COALESCE({r}grid_id, 0), {r}level, \
         {sign}, {sign} * (CASE WHEN {r}rating IS NULL THEN 0 ELSE 1 END), \
         {sign} * COALESCE({r}rating, 0), \
         {sign} * (CASE WHEN {r}rating >= 4 THEN 1 ELSE 0 END), \
         {sign} * (CASE WHEN {r}accepted_at IS NULL THEN 0 ELSE 1 END), \
         {sign} * COALESCE({response}, 0), \
         {sign} * (CASE WHEN {r}completed_at IS NULL THEN 0 ELSE 1 END), \
         {sign} * COALESCE({completion}, 0)",
        day = day(sqlite, r),
        response = ms(sqlite, r, "accepted_at"),
        completion = ms(sqlite, r, "completed_at"),
    )
}

/// Adds a line to its row.
fn upsert(sqlite: bool, row: &str, sign: i32) -> String {
    let sums = SUMS.join(", ");
    let add: Vec<String> = SUMS
        .iter()
        .map(|c| format!("{c} = order_days.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO order_days ({KEY}, {sums}) VALUES ({values}) \
         ON CONFLICT ({KEY}) DO UPDATE SET {add};",
        values = line(sqlite, row, sign),
        add = add.join(", ")
    )
}

/// What a change must touch for the order to move to another row or add
/// other sums.
const MOVES: &[&str] = &[
    "community_id",
    "kind",
    "category_id",
    "status",
    "assignee_unit_id",
    "created_at",
    "grid_id",
    "level",
    "rating",
    "accepted_at",
    "completed_at",
];

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
        let (day_type, big, tail) = if sqlite {
            ("TEXT", "INTEGER", " WITHOUT ROWID")
        } else {
            ("DATE", "BIGINT", "")
        };
        let sums: Vec<String> = SUMS.iter().map(|c| format!("{c} {big} NOT NULL")).collect();
        db.execute_unprepared(&format!(
            "CREATE TABLE order_days (\
               community_id INTEGER NOT NULL, \
               kind TEXT NOT NULL, \
               category_id INTEGER NOT NULL, \
               status TEXT NOT NULL, \
               unit_id INTEGER NOT NULL, \
               day {day_type} NOT NULL, \
               grid_id INTEGER NOT NULL, \
               level TEXT NOT NULL, \
               {sums}, \
               PRIMARY KEY ({KEY})\
             ){tail}",
            sums = sums.join(", ")
        ))
        .await?;

        let moved = MOVES
            .iter()
            .map(|c| format!("OLD.{c} IS DISTINCT FROM NEW.{c}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        if sqlite {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER order_days_placed AFTER INSERT ON orders BEGIN {} END",
                upsert(true, "NEW.", 1)
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER order_days_moved AFTER UPDATE ON orders WHEN {moved} BEGIN {} {} END",
                upsert(true, "OLD.", -1),
                upsert(true, "NEW.", 1)
            ))
            .await?;
        } else {
            // The two rows a change touches are written in key order, so
            // that two changes at once lock them in the same order (no
            // deadlock between an order moving one way and another back).
            let old_key = "ROW(OLD.community_id, OLD.kind, OLD.category_id, OLD.status, \
                           COALESCE(OLD.assignee_unit_id, 0), OLD.created_at, COALESCE(OLD.grid_id, 0), OLD.level)";
            let new_key = "ROW(NEW.community_id, NEW.kind, NEW.category_id, NEW.status, \
                           COALESCE(NEW.assignee_unit_id, 0), NEW.created_at, COALESCE(NEW.grid_id, 0), NEW.level)";
            db.execute_unprepared(&format!(
                "CREATE FUNCTION order_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP = 'INSERT' THEN {add_new} RETURN NULL; END IF; \
                   IF NOT ({moved}) THEN RETURN NULL; END IF; \
                   IF {old_key} < {new_key} THEN {take_old} {add_new} \
                   ELSE {add_new} {take_old} END IF; \
                   RETURN NULL; \
                 END $$",
                add_new = upsert(false, "NEW.", 1),
                take_old = upsert(false, "OLD.", -1),
            ))
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER order_days_keep AFTER INSERT OR UPDATE ON orders \
                 FOR EACH ROW EXECUTE FUNCTION order_days_keep()",
            )
            .await?;
        }

        let sums: Vec<String> = vec![
            "COUNT(*)".into(),
            "COUNT(rating)".into(),
            "COALESCE(SUM(rating), 0)".into(),
            "SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END)".into(),
            "COUNT(accepted_at)".into(),
            format!("COALESCE(SUM({}), 0)", ms(sqlite, "", "accepted_at")),
            "COUNT(completed_at)".into(),
            format!("COALESCE(SUM({}), 0)", ms(sqlite, "", "completed_at")),
        ];
        let key = format!(
            "community_id, kind, category_id, status, COALESCE(assignee_unit_id, 0), {}, \
             COALESCE(grid_id, 0), level",
            day(sqlite, "")
        );
        db.execute_unprepared(&format!(
            "INSERT INTO order_days ({KEY}, {}) SELECT {key}, {} FROM orders GROUP BY {key}",
            SUMS.join(", "),
            sums.join(", ")
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DatabaseBackend::Sqlite {
            db.execute_unprepared("DROP TRIGGER order_days_placed; DROP TRIGGER order_days_moved")
                .await?;
        } else {
            db.execute_unprepared(
                "DROP TRIGGER order_days_keep ON orders; DROP FUNCTION order_days_keep()",
            )
            .await?;
        }
        db.execute_unprepared("DROP TABLE order_days").await?;
        Ok(())
    }
}
