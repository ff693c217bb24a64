//! `linli seed-bulk --orders N`: a realistic district of any size for
//! measuring — the demo's communities (seeded first when the database is
//! empty), a few thousand residents and a few hundred volunteers, and N orders
//! over the past year in every status, kind and level, with their timelines,
//! ratings, notifications, points and the dispatch counters. Written in large
//! multi-row inserts, one transaction per batch; it may run again on a seeded
//! database (it adds N more).

use crate::db::Db;
use crate::entities::{candidate_stat, order};
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, TransactionTrait};
use shared::api::AssigneeRef;
use shared::{CategoryId, CommunityId, OrderKind, UnitId, UserId};
use std::collections::HashMap;
use std::time::Instant;

mod orders;
mod people;

use orders::batch;
use people::people;

/// Residents and volunteers the bulk district has (made on the first run).
const RESIDENTS: usize = 3_000;
const VOLUNTEERS: usize = 300;
/// Orders per transaction.
const BATCH: usize = 5_000;

pub struct Report {
    pub orders: u64,
    pub events: u64,
    pub seconds: f64,
}

/// One community's people and services, as the seeding draws from them.
struct Place {
    id: CommunityId,
    categories: Vec<(CategoryId, OrderKind, i32)>,
    residents: Vec<UserId>,
    volunteers: Vec<UserId>,
    units: Vec<UnitId>,
}

pub async fn seed_bulk(db: &Db, n: u64, now: DateTime<Utc>) -> anyhow::Result<Report> {
    super::seed_if_empty(db, now).await?;
    let started = Instant::now();
    // A seeding tool, not the server: on SQLite the writer need not wait for
    // the disk after each batch (a crash mid-way loses the last batches, and
    // the run is simply repeated).
    if db.write.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // …and keeps the indexes' pages in memory while it writes (256 MB).
        db.write
            .execute_unprepared("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
            .await?;
    }
    let places = people(db, now).await?;
    let already = order::Entity::find().count(&db.read).await?;
    let mut rng = StdRng::seed_from_u64(already);
    let mut counters: HashMap<(CommunityId, AssigneeRef), Counter> = HashMap::new();
    let (mut done, mut events) = (0u64, 0u64);
    while done < n {
        let size = BATCH.min((n - done) as usize);
        let span = orders::Span {
            first: done,
            size,
            total: n,
        };
        events += batch(db, &places, span, now, &mut rng, &mut counters).await?;
        done += size as u64;
    }
    write_counters(db, counters).await?;
    // The ledger sums to the balance.
    db.write
        .execute_unprepared(
            "UPDATE users SET points_balance = \
             (SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE points_ledger.user_id = users.id)",
        )
        .await?;
    crate::db::refresh_statistics(db).await?;
    Ok(Report {
        orders: done,
        events,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[derive(Default)]
struct Counter {
    rated: i32,
    rating_sum: i32,
    responses: i32,
    response_minutes: f64,
}

/// Adds what the seeded history tells to the dispatch counters (ranking reads
/// them, never the history).
async fn write_counters(
    db: &Db,
    counters: HashMap<(CommunityId, AssigneeRef), Counter>,
) -> anyhow::Result<()> {
    use candidate_stat as cs;
    let txn = db.write.begin().await?;
    for ((community, who), c) in counters {
        let (unit, user, key) = match who {
            AssigneeRef::Unit(u) => (Some(u), None, cs::Column::UnitId),
            AssigneeRef::Volunteer(v) => (None, Some(v), cs::Column::UserId),
        };
        let average = if c.responses > 0 {
            c.response_minutes / f64::from(c.responses)
        } else {
            0.0
        };
        let col = |c: cs::Column| Expr::col((cs::Entity, c));
        let mut conflict = OnConflict::columns([cs::Column::CommunityId, key]);
        conflict
            .value(cs::Column::Rated, col(cs::Column::Rated).add(c.rated))
            .value(
                cs::Column::RatingSum,
                col(cs::Column::RatingSum).add(c.rating_sum),
            )
            .value(
                cs::Column::ResponseMinutes,
                col(cs::Column::ResponseMinutes)
                    .mul(col(cs::Column::Responses))
                    .add(c.response_minutes)
                    .div(col(cs::Column::Responses).add(c.responses.max(1))),
            )
            .value(
                cs::Column::Responses,
                col(cs::Column::Responses).add(c.responses),
            );
        cs::Entity::insert(cs::ActiveModel {
            community_id: Set(community),
            unit_id: Set(unit),
            user_id: Set(user),
            rated: Set(c.rated),
            rating_sum: Set(c.rating_sum),
            responses: Set(c.responses),
            response_minutes: Set(average),
            rejects: Set(0.0),
            rejects_at: Set(None),
            ..Default::default()
        })
        .on_conflict(conflict)
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
