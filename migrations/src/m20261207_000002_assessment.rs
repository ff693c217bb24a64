//! Assessment from below (以下评上): what each member unit did each China day
//! (`unit_days`: orders dispatched to it, accepted, accepted in time,
//! rejected, urged while it had them), and the committee's own score of a
//! unit for a period (`unit_assessments`).
//!
//! Like `order_days`, the database keeps `unit_days` in the statement that
//! writes an order (or an urge's timeline entry), whoever writes it: a
//! dispatch or reassignment to a unit, an accept (in time when no later than
//! the order's `respond_by` before it, and not recorded as a missed report
//! on that order), a reject (a dispatched order back to
//! pending without its unit), an urge of an order a unit has. The day is the
//! China day of the moment it happened (`updated_at`, `accepted_at`, the
//! entry's `at`: the server's clock, which tests move).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const KEY: &str = "community_id, unit_id, day";
const SUMS: [&str; 5] = [
    "dispatched",
    "accepted",
    "accepted_on_time",
    "rejected",
    "urged",
];

fn day(sqlite: bool, at: &str) -> String {
    if sqlite {
        format!("date({at}, '+8 hours')")
    } else {
        format!("CAST(({at} AT TIME ZONE 'UTC') + INTERVAL '8 hours' AS DATE)")
    }
}

/// Adds `counts` (one per column of `SUMS`) to a unit's day: `source` is
/// `VALUES (…)` or a `SELECT` giving community, unit, day and the counts.
fn upsert(source: &str) -> String {
    let sums = SUMS.join(", ");
    let add: Vec<String> = SUMS
        .iter()
        .map(|c| format!("{c} = unit_days.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO unit_days ({KEY}, {sums}) {source} ON CONFLICT ({KEY}) DO UPDATE SET {};",
        add.join(", ")
    )
}

fn values(sqlite: bool, row: &str, at: &str, counts: &str) -> String {
    format!(
        "VALUES ({row}community_id, {row}assignee_unit_id, {}, {counts})",
        day(sqlite, at)
    )
}

/// Whether an accept came in time: no later than the order's response
/// limit, and without the whistle having recorded this unit as not
/// reporting on this order (the escalation gives the order a fresh limit).
fn in_time(sqlite: bool) -> String {
    let before = if sqlite {
        "unixepoch(NEW.accepted_at, 'subsec') <= unixepoch(OLD.respond_by, 'subsec')"
    } else {
        "NEW.accepted_at <= OLD.respond_by"
    };
    format!(
        "CASE WHEN (OLD.respond_by IS NULL OR {before}) AND NOT EXISTS (SELECT 1 FROM missed_reports m \
         WHERE m.order_id = NEW.id AND m.unit_id = NEW.assignee_unit_id) THEN 1 ELSE 0 END"
    )
}

const DISPATCHED: &str = "NEW.assignee_unit_id IS NOT NULL AND NEW.assignee_unit_id IS DISTINCT FROM OLD.assignee_unit_id AND NEW.status = 'dispatched'";
const REJECTED: &str = "OLD.assignee_unit_id IS NOT NULL AND NEW.assignee_unit_id IS NULL AND OLD.status = 'dispatched' AND NEW.status = 'pending'";
const ACCEPTED: &str =
    "OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL AND NEW.assignee_unit_id IS NOT NULL";

#[rustfmt::skip]
#[derive(DeriveIden)]
enum UnitAssessments { Table, Id, CommunityId, UnitId, Period, Score, Comment, ByUser, At }

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
        let (day_type, big, tail) = if sqlite {
            ("TEXT", "INTEGER", " WITHOUT ROWID")
        } else {
            ("DATE", "BIGINT", "")
        };
        let sums: Vec<String> = SUMS.iter().map(|c| format!("{c} {big} NOT NULL")).collect();
        db.execute_unprepared(&format!(
            "CREATE TABLE unit_days (community_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, \
             day {day_type} NOT NULL, {}, PRIMARY KEY ({KEY})){tail}",
            sums.join(", ")
        ))
        .await?;

        let dispatched_new = upsert(&values(sqlite, "NEW.", "NEW.updated_at", "1, 0, 0, 0, 0"));
        let rejected_old = upsert(&values(sqlite, "OLD.", "NEW.updated_at", "0, 0, 0, 1, 0"));
        let accepted_new = upsert(&values(
            sqlite,
            "NEW.",
            "NEW.accepted_at",
            &format!("0, 1, {}, 0, 0", in_time(sqlite)),
        ));
        // An order written with its unit at once (`linli seed-bulk`).
        let placed = [
            upsert(&values(
                sqlite,
                "NEW.",
                "COALESCE(NEW.dispatched_at, NEW.created_at)",
                "1, 0, 0, 0, 0",
            )),
            format!(
                "IF NEW.accepted_at IS NOT NULL THEN {} END IF;",
                upsert(&values(sqlite, "NEW.", "NEW.accepted_at", "0, 1, 1, 0, 0"))
            ),
        ];
        let urged = upsert(&format!(
            "SELECT o.community_id, o.assignee_unit_id, {}, 0, 0, 0, 0, 1 FROM orders o \
             WHERE o.id = NEW.order_id AND o.assignee_unit_id IS NOT NULL",
            day(sqlite, "NEW.at")
        ));
        if sqlite {
            for (name, when, body) in [
                ("unit_days_dispatched", DISPATCHED, &dispatched_new),
                ("unit_days_rejected", REJECTED, &rejected_old),
                ("unit_days_accepted", ACCEPTED, &accepted_new),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} AFTER UPDATE ON orders WHEN {} BEGIN {body} END",
                    when.replace("IS DISTINCT FROM", "IS NOT")
                ))
                .await?;
            }
            db.execute_unprepared(&format!(
                "CREATE TRIGGER unit_days_placed AFTER INSERT ON orders \
                 WHEN NEW.assignee_unit_id IS NOT NULL BEGIN {} END",
                placed[0]
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER unit_days_placed_accepted AFTER INSERT ON orders \
                 WHEN NEW.assignee_unit_id IS NOT NULL AND NEW.accepted_at IS NOT NULL BEGIN {} END",
                upsert(&values(sqlite, "NEW.", "NEW.accepted_at", "0, 1, 1, 0, 0"))
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER unit_days_urged AFTER INSERT ON order_events \
                 WHEN NEW.action = 'urge' BEGIN {urged} END"
            ))
            .await?;
        } else {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION unit_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP = 'INSERT' THEN \
                     IF NEW.assignee_unit_id IS NOT NULL THEN {} {} END IF; \
                     RETURN NULL; \
                   END IF; \
                   IF {REJECTED} THEN {rejected_old} END IF; \
                   IF {DISPATCHED} THEN {dispatched_new} END IF; \
                   IF {ACCEPTED} THEN {accepted_new} END IF; \
                   RETURN NULL; \
                 END $$",
                placed[0], placed[1]
            ))
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER unit_days_keep AFTER INSERT OR UPDATE ON orders \
                 FOR EACH ROW EXECUTE FUNCTION unit_days_keep()",
            )
            .await?;
            db.execute_unprepared(&format!(
                "CREATE FUNCTION unit_days_urged() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN {urged} RETURN NULL; END $$"
            ))
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER unit_days_urged AFTER INSERT ON order_events \
                 FOR EACH ROW WHEN (NEW.action = 'urge') EXECUTE FUNCTION unit_days_urged()",
            )
            .await?;
        }

        // What the orders there already are add up to, as far as they tell:
        // their unit's dispatch and accept, and the urges in their timelines.
        let sums = SUMS.join(", ");
        let add: Vec<String> = SUMS
            .iter()
            .map(|c| format!("{c} = unit_days.{c} + excluded.{c}"))
            .collect();
        for select in [
            format!(
                "SELECT community_id AS c, assignee_unit_id AS u, {} AS d, 1 AS n1, 0 AS n2, 0 AS n3, 0 AS n4, 0 AS n5 \
                 FROM orders WHERE assignee_unit_id IS NOT NULL",
                day(sqlite, "COALESCE(dispatched_at, created_at)")
            ),
            format!(
                "SELECT community_id AS c, assignee_unit_id AS u, {} AS d, 0 AS n1, 1 AS n2, 1 AS n3, 0 AS n4, 0 AS n5 \
                 FROM orders WHERE assignee_unit_id IS NOT NULL AND accepted_at IS NOT NULL",
                day(sqlite, "accepted_at")
            ),
            format!(
                "SELECT o.community_id AS c, o.assignee_unit_id AS u, {} AS d, 0 AS n1, 0 AS n2, 0 AS n3, 0 AS n4, 1 AS n5 \
                 FROM order_events e JOIN orders o ON o.id = e.order_id \
                 WHERE e.action = 'urge' AND o.assignee_unit_id IS NOT NULL",
                day(sqlite, "e.at")
            ),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO unit_days ({KEY}, {sums}) \
                 SELECT c, u, d, SUM(n1), SUM(n2), SUM(n3), SUM(n4), SUM(n5) FROM ({select}) AS s \
                 GROUP BY c, u, d \
                 ON CONFLICT ({KEY}) DO UPDATE SET {}",
                add.join(", ")
            ))
            .await?;
        }

        m.create_table(
            Table::create()
                .table(UnitAssessments::Table)
                .col(
                    ColumnDef::new(UnitAssessments::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UnitAssessments::CommunityId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(UnitAssessments::UnitId).integer().not_null())
                .col(ColumnDef::new(UnitAssessments::Period).string().not_null())
                .col(ColumnDef::new(UnitAssessments::Score).integer().not_null())
                .col(ColumnDef::new(UnitAssessments::Comment).text().null())
                .col(ColumnDef::new(UnitAssessments::ByUser).integer().not_null())
                .col(
                    ColumnDef::new(UnitAssessments::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unit_assessments_unit_period")
                .table(UnitAssessments::Table)
                .col(UnitAssessments::CommunityId)
                .col(UnitAssessments::UnitId)
                .col(UnitAssessments::Period)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        m.drop_table(Table::drop().table(UnitAssessments::Table).to_owned())
            .await?;
        if db.get_database_backend() == DatabaseBackend::Sqlite {
            for t in [
                "unit_days_dispatched",
                "unit_days_rejected",
                "unit_days_accepted",
                "unit_days_placed",
                "unit_days_placed_accepted",
                "unit_days_urged",
            ] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                    .await?;
            }
        } else {
            db.execute_unprepared("DROP TRIGGER IF EXISTS unit_days_keep ON orders")
                .await?;
            db.execute_unprepared("DROP TRIGGER IF EXISTS unit_days_urged ON order_events")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS unit_days_keep()")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS unit_days_urged()")
                .await?;
        }
        db.execute_unprepared("DROP TABLE unit_days").await?;
        Ok(())
    }
}
